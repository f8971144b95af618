"""What a session writes to a real history file as its engine moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwalk_tui.engine import DOUBLE_PRESS_SECONDS, STOPPED_MIN_SECONDS, Engine
from backwalk_tui.history import History
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Preset, Segment
from backwalk_tui.recording import SessionRecorder

PLAN = build_plan(
    Preset("Kitchen", (Segment("backward", duration=20), Segment("forward", duration=20)))
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def history(tmp_path: Path):
    with History(tmp_path / "data" / "history.db") as history:
        yield history


def recorded(history: History, engine: Engine) -> SessionRecorder:
    """A recorder for `engine`'s plan, its session started."""
    recorder = SessionRecorder(history, engine.plan)
    recorder.apply(engine.start())
    return recorder


def test_fifty_presses_of_back_store_no_empty_segments(history):
    clock = Clock()
    engine = Engine(PLAN, clock)
    recorder = recorded(history, engine)
    for _ in range(50):  # `b` held down on the first segment
        clock.now += 0.03
        recorder.apply(engine.back())
    clock.now += 5
    recorder.apply(engine.skip())
    recorder.apply(engine.end())
    [session] = history.sessions()
    # Only the two runs someone walked in: 5 s of the first, and the second's 0 s
    # ended by the walker is "left at once" too.
    assert [(s.index, s.status) for s in session.segments] == [(0, "skipped")]
    assert session.segments[0].active_seconds == pytest.approx(5)
    assert session.active_seconds == pytest.approx(5)
    assert all(s.active_seconds >= DOUBLE_PRESS_SECONDS for s in session.segments)


def test_a_completed_step_is_stored_however_short(history):
    counted = build_plan(Preset("Counted", (Segment("backward", steps=12),)))
    clock = Clock()
    engine = Engine(counted, clock)
    recorder = recorded(history, engine)
    clock.now += 0.2
    recorder.apply(engine.done())  # the press that started it, again: ignored
    clock.now += DOUBLE_PRESS_SECONDS
    recorder.apply(engine.done())  # Space: whatever the time, the walker says it is done
    [session] = history.sessions()
    assert [(s.index, s.status) for s in session.segments] == [(0, "completed")]


def test_a_stop_is_not_stored_as_sleep(history):
    clock = Clock()
    engine = Engine(PLAN, clock, sleep_clock=clock, stopped_after=STOPPED_MIN_SECONDS)
    recorder = recorded(history, engine)
    clock.now += 1
    recorder.apply(engine.poll())
    clock.now += 15  # SIGSTOP for 15 s: both clocks ran on
    recorder.apply(engine.poll())
    assert engine.snapshot().slept_cause == "stopped"
    [session] = history.sessions()
    assert session.asleep_seconds == 0


@pytest.mark.parametrize(
    "walk",
    [
        "all",  # both segments run out: praised
        "none",  # both skipped at once
        "one_short",  # the first done with Space after 3 s, the second skipped at 4 s
        "half",  # the first walked whole, the second skipped after 1 s
    ],
)
def test_the_summary_and_the_history_agree_on_a_session_skipped_through(history, walk):
    """One rule (`records.is_skipped_through`): the summary's title and the
    stored session's "skipped through" say the same of the same session."""
    from backwalk_tui.words import ENDING_TITLES, SKIPPED_THROUGH_TITLE, ending_title

    counted = build_plan(
        Preset("Mixed", (Segment("backward", steps=12), Segment("forward", duration=20)))
    )
    clock = Clock()
    engine = Engine(counted, clock)
    recorder = recorded(history, engine)
    if walk == "all":
        clock.now += 20
        recorder.apply(engine.done())
        clock.now += 20
        recorder.apply(engine.poll())
    elif walk == "none":
        recorder.apply(engine.skip())
        recorder.apply(engine.skip())
    elif walk == "one_short":
        clock.now += 3
        recorder.apply(engine.done())  # a segment completed, but 3 s of about 30
        clock.now += 4
        recorder.apply(engine.skip())
    else:
        clock.now += 30
        recorder.apply(engine.done())
        clock.now += 1
        recorder.apply(engine.skip())
    assert engine.status == "completed"
    [session] = history.sessions()
    assert engine.skipped_through == session.skipped_through
    expected = SKIPPED_THROUGH_TITLE if session.skipped_through else ENDING_TITLES["completed"]
    assert ending_title(engine) == expected
    assert session.skipped_through == (walk in ("none", "one_short"))
