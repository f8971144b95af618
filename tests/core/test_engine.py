"""The session engine's actions and events, step by step, on a fake clock."""

from __future__ import annotations

import pytest

from backwalk_tui.engine import (
    DOUBLE_PRESS_SECONDS,
    Countdown,
    Engine,
    EngineError,
    Halfway,
    SessionFinished,
    StepFinished,
    StepStarted,
)
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Preset, Segment


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def engine_for(*segments: Segment, rounds: int = 1) -> tuple[Engine, Clock]:
    clock = Clock()
    return Engine(build_plan(Preset("p", tuple(segments), rounds=rounds)), clock), clock


FORWARD_30 = Segment("forward", duration=30)
BACKWARD_10 = Segment("backward", duration=10)
COUNTED = Segment("backward", steps=12)


def kinds(events):
    return [type(e).__name__ for e in events]


def test_start_emits_the_first_step():
    engine, _ = engine_for(FORWARD_30, BACKWARD_10)
    [started] = engine.start()
    assert isinstance(started, StepStarted) and started.step.index == 0 and started.seq == 0
    with pytest.raises(EngineError):
        engine.start()


def test_a_late_poll_finishes_every_step_in_between_exactly():
    engine, clock = engine_for(FORWARD_30, BACKWARD_10, rounds=3)
    engine.start()
    clock.now += 95  # 30+10+30+10 = 80 s of steps done, 15 s into round 3's forward step
    events = engine.poll()
    finished = [e for e in events if isinstance(e, StepFinished)]
    assert [(e.step.index, e.active_seconds, e.status) for e in finished] == [
        (0, 30, "completed"), (1, 10, "completed"), (2, 30, "completed"), (3, 10, "completed"),
    ]  # fmt: skip
    snap = engine.snapshot()
    assert snap.step.index == 4
    assert snap.step_elapsed == pytest.approx(15)  # the step began at its boundary, not now
    assert snap.step_remaining == pytest.approx(15)
    assert snap.next_step.index == 5
    assert snap.progress == pytest.approx(95 / 120)


def test_pause_does_not_count():
    engine, clock = engine_for(FORWARD_30)
    engine.start()
    clock.now += 10
    engine.pause()
    clock.now += 500
    assert engine.snapshot().paused
    assert engine.snapshot().step_remaining == pytest.approx(20)
    engine.resume()
    clock.now += 20
    events = engine.poll()
    assert kinds(events) == ["StepFinished", "SessionFinished"]
    assert events[-1] == SessionFinished("completed", 30)


def test_skip_records_the_partial_time():
    engine, clock = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clock.now += 12
    events = engine.skip()
    assert (events[0].active_seconds, events[0].status) == (12, "skipped")
    assert events[1].step.index == 1


def test_back_goes_to_the_previous_step_early_and_restarts_later():
    engine, clock = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clock.now += 30  # into the backward step
    engine.poll()
    clock.now += 2.5
    events = engine.back()  # within 3 s: the previous step
    assert events[0].status == "skipped" and events[1].step.index == 0
    clock.now += 4
    events = engine.back()  # 4 s in: restart this one
    assert events[0].active_seconds == 4 and events[1].step.index == 0
    assert engine.snapshot().step_elapsed == 0


def test_done_finishes_a_step_count_only():
    engine, clock = engine_for(COUNTED, FORWARD_30)
    engine.start()
    clock.now += 1000
    assert engine.poll() == []  # a step count never times out
    snap = engine.snapshot()
    assert snap.step_remaining is None and snap.step_elapsed == 1000
    events = engine.done()
    assert (events[0].status, events[0].active_seconds) == ("completed", 1000)
    with pytest.raises(EngineError):
        engine.done()  # the forward step is timed


@pytest.mark.parametrize(("status", "step_status"), [("ended_early", "skipped"),
                                                      ("interrupted", "interrupted")])  # fmt: skip
def test_ending_early(status, step_status):
    engine, clock = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clock.now += 7
    events = engine.end(status)
    assert events == [StepFinished(engine.plan.steps[0], 0, 7, step_status),
                      SessionFinished(status, 7)]  # fmt: skip
    assert engine.snapshot().finished and engine.status == status
    assert engine.end(status) == []  # already over
    with pytest.raises(ValueError):
        Engine(engine.plan).end("completed")


def test_countdown_in_the_last_seconds_and_only_the_latest_after_a_jump():
    engine, clock = engine_for(FORWARD_30)
    engine.start()

    def countdowns():
        return [e for e in engine.poll() if isinstance(e, Countdown)]

    clock.now += 26.5  # 3.5 s left: not yet
    assert countdowns() == []
    clock.now += 0.6  # 2.9 s left
    assert countdowns() == [Countdown(engine.step, 3)]
    clock.now += 0.1
    assert countdowns() == []  # still the third second
    clock.now += 2.3  # 0.5 s left: the "2" was missed, only "1" is cued
    assert countdowns() == [Countdown(engine.step, 1)]


def test_halfway_once_for_long_steps_only():
    engine, clock = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clock.now += 15
    assert engine.poll() == [Halfway(engine.plan.steps[0])]
    clock.now += 1
    assert engine.poll() == []
    clock.now += 14 + 5  # into the 10 s step, halfway through it: too short for a cue
    assert not [e for e in engine.poll() if isinstance(e, Halfway)]


def test_actions_before_the_start_are_refused():
    engine, _ = engine_for(FORWARD_30)
    for action in (engine.pause, engine.skip, engine.back):
        with pytest.raises(EngineError):
            action()


def test_space_pressed_twice_on_a_step_count_finishes_only_that_one():
    engine, clock = engine_for(Segment("forward", steps=12), COUNTED)
    engine.start()
    clock.now += 5
    assert kinds(engine.done()) == ["StepFinished", "StepStarted"]
    clock.now += 0.25  # the same press again: the backward segment has only just begun
    assert engine.done() == []
    assert engine.index == 1 and len(engine.finished) == 1
    clock.now += DOUBLE_PRESS_SECONDS
    assert kinds(engine.done()) == ["StepFinished", "SessionFinished"]


def test_a_second_press_does_not_pause_a_session_or_a_segment_just_started():
    engine, clock = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clock.now += 0.2  # Space twice in the lead-in: it starts, and stays running
    assert engine.pause() == [] and engine.state == "running"
    clock.now += 29.9  # the forward segment runs out; the backward one has just begun
    engine.poll()
    assert engine.pause() == [] and engine.state == "running"
    clock.now += DOUBLE_PRESS_SECONDS
    engine.pause()
    assert engine.state == "paused"
    clock.now += 0.2  # the pause's press again: it stays paused
    assert engine.resume() == [] and engine.state == "paused"
    clock.now += DOUBLE_PRESS_SECONDS
    engine.resume()
    assert engine.state == "running"
    clock.now += 0.2  # something else on the screen (help, a question) pauses at once
    engine.pause(pressed=False)
    assert engine.state == "paused"
    engine.resume(pressed=False)
    assert engine.state == "running"


def test_n_just_after_the_timer_moved_on_is_ignored_and_n_twice_still_moves_twice():
    engine, clock = engine_for(Segment("forward", duration=5), BACKWARD_10, FORWARD_30)
    engine.start()
    clock.now += 5.3  # n meant for the 5 s segment, pressed just after it ran out
    assert kinds(engine.skip()) == ["StepFinished", "StepStarted"]  # the timer's change only
    assert engine.index == 1 and [f.status for f in engine.finished] == ["completed"]
    clock.now += DOUBLE_PRESS_SECONDS  # a second on: n is meant for this segment
    assert kinds(engine.skip()) == ["StepFinished", "StepStarted"] and engine.index == 2
    clock.now += 0.25  # n, n on purpose: a key made that change, so it moves again
    assert kinds(engine.skip()) == ["StepFinished", "SessionFinished"]


def test_n_just_after_the_last_but_one_segment_ran_out_does_not_end_the_session():
    engine, clock = engine_for(Segment("forward", duration=5), BACKWARD_10)
    engine.start()
    clock.now += 5.3
    engine.poll()  # the screen saw the change first
    assert engine.skip() == [] and engine.state == "running" and engine.index == 1


def test_n_just_after_a_pause_of_a_segment_the_timer_began_still_moves_on():
    engine, clock = engine_for(Segment("forward", duration=5), BACKWARD_10, FORWARD_30)
    engine.start()
    clock.now += 8
    engine.pause()
    clock.now += 0.3  # the pause was this press's own; n is a new key
    assert kinds(engine.skip()) == ["StepFinished", "StepStarted"] and engine.index == 2
