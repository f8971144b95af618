"""The engine's two time keepers: a laptop put to sleep, and when to look again.

A suspended computer stops CLOCK_MONOTONIC but not CLOCK_BOOTTIME (or the
wall clock). These tests move two fake clocks by hand: `mono` is what the
engine times with, `boot` keeps counting through a sleep.
"""

from __future__ import annotations

import math

import pytest

from backwalk_tui.engine import (
    PAUSED,
    RUNNING,
    SLEEP_MIN_SECONDS,
    STOPPED_MIN_SECONDS,
    Countdown,
    Engine,
    Halfway,
    SessionFinished,
    Slept,
    StepFinished,
    StepStarted,
)
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Preset, Segment


class Clocks:
    """A monotonic clock and a clock that counts sleep, starting far apart."""

    def __init__(self) -> None:
        self.mono = 100.0
        self.boot = 50_000.0

    def awake(self, seconds: float) -> None:
        self.mono += seconds
        self.boot += seconds

    def asleep(self, seconds: float) -> None:
        self.boot += seconds


def engine_for(*segments: Segment, rounds: int = 1) -> tuple[Engine, Clocks]:
    clocks = Clocks()
    plan = build_plan(Preset("p", tuple(segments), rounds=rounds))
    return Engine(plan, lambda: clocks.mono, sleep_clock=lambda: clocks.boot), clocks


FORWARD_30 = Segment("forward", duration=30)
BACKWARD_10 = Segment("backward", duration=10)
COUNTED = Segment("backward", steps=12)


def kinds(events):
    return [type(e).__name__ for e in events]


# ---------------------------------------------------------------- asleep


def test_a_sleep_pauses_the_session_where_it_began_and_counts_none_of_it():
    engine, clocks = engine_for(FORWARD_30)
    engine.start()
    clocks.awake(10)
    assert engine.poll() == []
    clocks.awake(0.3)  # awake a moment after the last look, then the lid closes
    clocks.asleep(12 * 60)
    assert engine.poll() == [Slept(720)]
    snap = engine.snapshot()
    assert snap.state == PAUSED and snap.slept == 720
    assert snap.step_elapsed == 10  # paused at the last look: nothing after it is walking
    assert engine.asleep_seconds == 720
    clocks.awake(5)
    assert engine.poll() == []  # it stays paused, however long
    assert engine.snapshot().step_remaining == 20
    engine.resume()
    assert engine.snapshot().slept is None
    clocks.awake(20)
    events = engine.poll()
    assert kinds(events) == ["StepFinished", "SessionFinished"]
    assert events[0].active_seconds == pytest.approx(30)
    assert events[-1] == SessionFinished("completed", 30)


def test_a_sleep_over_a_step_boundary_ends_no_step_and_rings_no_cue():
    engine, clocks = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clocks.awake(27.5)
    assert kinds(engine.poll()) == ["Halfway", "Countdown"]  # 3 s left
    clocks.awake(0.2)
    clocks.asleep(3600)
    assert engine.poll() == [Slept(3600)]
    assert engine.snapshot().step.index == 0
    engine.resume()
    clocks.awake(2.6)  # the 2.5 s the step had left, and a little
    events = engine.poll()
    assert [type(e) for e in events] == [StepFinished, StepStarted]
    assert events[0].active_seconds == pytest.approx(30)
    assert engine.session_active() == pytest.approx(30.1)  # and 0.1 s into the next step


def test_small_corrections_and_a_clock_set_back_are_not_sleep():
    engine, clocks = engine_for(FORWARD_30)
    engine.start()
    for _ in range(40):  # 40 looks, each with the clocks 0.5 s further apart: 20 s in all
        clocks.awake(0.25)
        clocks.boot += 0.5
        assert engine.poll() == []
    clocks.awake(0.25)
    clocks.boot -= 3600  # the wall clock set back an hour
    assert engine.poll() == []
    clocks.awake(0.25)
    clocks.boot += SLEEP_MIN_SECONDS - 0.01
    assert engine.poll() == []
    assert engine.state == RUNNING and engine.asleep_seconds == 0
    assert engine.snapshot().step_elapsed == pytest.approx(10.5)


def test_a_sleep_while_paused_is_recorded_and_shown_and_the_session_stays_paused():
    engine, clocks = engine_for(FORWARD_30)
    engine.start()
    clocks.awake(4)
    engine.pause()
    clocks.awake(60)
    clocks.asleep(300)
    assert engine.poll() == [Slept(300)]
    clocks.awake(1)
    clocks.asleep(60)
    assert engine.poll() == [Slept(60)]
    snap = engine.snapshot()
    assert snap.paused and snap.slept == 360 and snap.step_elapsed == 4
    assert engine.asleep_seconds == 360
    engine.resume()
    assert engine.snapshot().slept is None and engine.snapshot().step_elapsed == 4


def test_a_key_pressed_on_waking_finds_the_sleep_before_it_acts():
    engine, clocks = engine_for(FORWARD_30, BACKWARD_10)
    engine.start()
    clocks.awake(8)
    engine.poll()
    clocks.asleep(900)
    events = engine.skip()  # "n" pressed on waking, before the screen looked
    assert kinds(events) == ["Slept", "StepFinished", "StepStarted"]
    assert events[1].active_seconds == 8
    snap = engine.snapshot()
    assert snap.paused and snap.slept == 900 and snap.step.index == 1  # the next step, paused


def test_ending_after_a_sleep_saves_only_what_was_walked():
    engine, clocks = engine_for(FORWARD_30)
    engine.start()
    clocks.awake(12)
    engine.poll()
    clocks.awake(0.5)
    clocks.asleep(7200)
    events = engine.end("ended_early")
    assert kinds(events) == ["Slept", "StepFinished", "SessionFinished"]
    assert events[1].active_seconds == 12 and events[1].status == "skipped"
    assert events[-1] == SessionFinished("ended_early", 12)


def test_a_sleep_during_a_step_count_pauses_it_too():
    engine, clocks = engine_for(COUNTED)
    engine.start()
    clocks.awake(9)
    engine.poll()
    clocks.asleep(40)
    assert engine.poll() == [Slept(40)]
    assert engine.snapshot().step_elapsed == 9
    engine.resume()
    clocks.awake(3)
    events = engine.done()
    assert events[0].active_seconds == 12


def test_without_a_sleep_clock_a_suspend_goes_unnoticed():
    clocks = Clocks()
    engine = Engine(build_plan(Preset("p", (FORWARD_30,))), lambda: clocks.mono)
    engine.start()
    clocks.awake(5)
    clocks.asleep(600)
    assert engine.poll() == []
    assert engine.state == RUNNING


# ----------------------------------------------------------- next change


def test_next_change_names_the_next_second_the_halfway_cue_and_the_end():
    engine, clocks = engine_for(Segment("forward", duration=25), COUNTED)
    assert engine.next_change() is None  # not started
    engine.start()
    assert engine.next_change() == 1.0  # 25 -> 24
    clocks.awake(12.2)
    engine.poll()
    assert engine.next_change() == pytest.approx(0.3)  # halfway, at 12.5 s
    clocks.awake(0.3)
    assert kinds(engine.poll()) == ["Halfway"]
    assert engine.next_change() == pytest.approx(0.5)  # 12.5 left -> 12
    engine.pause()
    assert engine.next_change() is None
    engine.resume(pressed=False)  # at once: not a key pressed twice
    clocks.awake(12.5)
    engine.poll()
    clocks.awake(3.25)  # into the step count: its clock counts up
    assert engine.next_change() == pytest.approx(0.75)


def test_a_step_of_a_fraction_of_a_second_first_changes_at_the_fraction():
    # 12 steps at 50 a minute: 14.4 s.
    engine, _ = engine_for(Segment("forward", steps=12, pace=50))
    engine.start()
    assert engine.next_change() == pytest.approx(0.4)
    assert engine.snapshot(whole_seconds=True).step_remaining == 15


PLAN = (
    Segment("forward", steps=12, pace=50),  # 14.4 s
    Segment("backward", duration=25),
    COUNTED,
    Segment("sideways", duration=7),
)


def shown(snap):
    """What a screen shows from a whole-second snapshot."""
    remaining = None if snap.step_remaining is None else math.ceil(snap.step_remaining)
    return (
        snap.step.index if snap.step else None, remaining, round(snap.step_elapsed),
        round(snap.session_active), round(snap.session_remaining), round(snap.progress * 200),
    )  # fmt: skip


@pytest.mark.parametrize("step", [0.01, 0.07, 0.3])
def test_looking_only_at_next_change_misses_no_cue_and_no_change_on_screen(step):
    """Between the moments next_change names, nothing on screen and no event changes."""
    engine, clocks = engine_for(*PLAN, rounds=2)
    engine.start()
    due = clocks.mono + engine.next_change()
    last = shown(engine.snapshot(whole_seconds=True))
    looks = 0
    while engine.state != "finished":
        clocks.awake(step)
        if engine.state == RUNNING and engine.step.manual and engine.snapshot().step_elapsed > 10:
            events = engine.done()
        else:
            events = engine.poll()
        snap = engine.snapshot(whole_seconds=True)
        now = shown(snap) if not snap.finished else None
        if clocks.mono < due - 1e-9:
            manual_done = any(isinstance(e, StepFinished) and e.step.manual for e in events)
            assert manual_done or (events == [] and now == last), (clocks.mono, due)
        else:
            looks += 1
        if not snap.finished:
            last = now
            due = clocks.mono + engine.next_change()
    # The cues still came, each at its moment.
    assert looks > 50


def test_whole_second_figures_change_together():
    engine, clocks = engine_for(Segment("forward", duration=20), Segment("backward", duration=20))
    engine.start()
    clocks.awake(21.6)
    engine.poll()
    snap = engine.snapshot(whole_seconds=True)
    # 1.6 s into the second step: its clock shows 19 left, so 1 s taken.
    assert snap.step_remaining == 19 and snap.step_elapsed == 1
    assert snap.session_active == 21 and snap.session_remaining == 19
    assert snap.progress == pytest.approx(21 / 40)
    exact = engine.snapshot()
    assert exact.session_active == pytest.approx(21.6)


def test_countdown_and_halfway_events_are_unchanged_by_the_sleep_clock():
    engine, clocks = engine_for(FORWARD_30)
    engine.start()
    seen = []
    while engine.state != "finished":
        clocks.awake(engine.next_change() or 1)
        seen += [e for e in engine.poll() if isinstance(e, Countdown | Halfway)]
    assert [(type(e).__name__, getattr(e, "seconds_left", None)) for e in seen] == [
        ("Halfway", None), ("Countdown", 3), ("Countdown", 2), ("Countdown", 1),
    ]  # fmt: skip


# ---------------------------------------------------------------- stopped


def stoppable(*segments: Segment) -> tuple[Engine, Clocks]:
    """An engine whose driver looks once a second, as the session screen does."""
    clocks = Clocks()
    plan = build_plan(Preset("p", tuple(segments)))
    engine = Engine(
        plan, lambda: clocks.mono, sleep_clock=lambda: clocks.boot,
        stopped_after=STOPPED_MIN_SECONDS,
    )  # fmt: skip
    return engine, clocks


def test_a_stopped_process_comes_back_paused_at_its_last_look():
    # Ctrl+Z or SIGSTOP for 15 s: both clocks ran on, the screen did not.
    engine, clocks = stoppable(BACKWARD_10, FORWARD_30, BACKWARD_10)
    engine.start()
    for _ in range(4):
        clocks.awake(1)
        assert engine.poll() == []
    clocks.awake(15)
    assert engine.poll() == [Slept(15, "stopped")]
    snap = engine.snapshot()
    assert snap.state == PAUSED and snap.slept == 15 and snap.slept_cause == "stopped"
    # Still on the first segment, with 4 s walked: no segments finished at once.
    assert engine.index == 0 and snap.step_elapsed == 4
    assert engine.finished == [] and engine.asleep_seconds == 0  # stopped is not asleep
    engine.resume()
    assert engine.snapshot().slept_cause is None
    events = []
    for _ in range(6):
        clocks.awake(1)
        events += engine.poll()
    assert [e for e in kinds(events) if e != "Countdown"] == ["StepFinished", "StepStarted"]
    assert engine.finished[0].active_seconds == 10


def test_a_look_late_by_less_than_the_limit_catches_up_as_before():
    engine, clocks = stoppable(BACKWARD_10, FORWARD_30)
    engine.start()
    clocks.awake(STOPPED_MIN_SECONDS - 0.5 + 8)  # first look 12.5 s in: over the limit
    assert engine.poll() == [Slept(12.5, "stopped")]
    engine, clocks = stoppable(BACKWARD_10, FORWARD_30)
    engine.start()
    for _ in range(9):
        clocks.awake(1)
        engine.poll()
    clocks.awake(STOPPED_MIN_SECONDS - 0.5)  # a slow frame: the step still ends on time
    events = engine.poll()
    assert kinds(events) == ["StepFinished", "StepStarted"]
    assert engine.finished[0].active_seconds == 10
    assert engine.snapshot().step_elapsed == pytest.approx(STOPPED_MIN_SECONDS - 1.5)


def test_a_late_look_while_paused_is_not_a_stop():
    engine, clocks = stoppable(FORWARD_30)
    engine.start()
    clocks.awake(3)
    engine.pause()
    clocks.awake(600)  # the walker paused and went for a glass of water
    assert engine.poll() == []
    assert engine.snapshot().slept is None
    engine.resume()
    clocks.awake(1)
    assert engine.poll() == []
    assert engine.snapshot().step_elapsed == 4


def test_without_stopped_after_a_late_look_finishes_what_ran_out():
    engine, clocks = engine_for(BACKWARD_10, FORWARD_30)
    engine.start()
    clocks.awake(15)
    assert kinds(engine.poll()) == ["StepFinished", "StepStarted"]
    assert engine.state == RUNNING


def test_paused_for_counts_from_the_pause_and_is_none_otherwise():
    engine, clocks = engine_for(FORWARD_30)
    assert engine.paused_for() is None
    engine.start()
    clocks.awake(3)
    assert engine.paused_for() is None
    engine.pause()
    clocks.awake(240)
    assert engine.paused_for() == 240
    engine.resume()
    assert engine.paused_for() is None
