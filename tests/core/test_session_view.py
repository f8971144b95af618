"""What the session screen shows at a moment, read from real engine snapshots without the app."""

from __future__ import annotations

import pytest
from support import FakeClock

from backwalk_tui.engine import Engine
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Preset, Segment
from backwalk_tui.ui.session_view import (
    COUNTDOWN_LINES,
    LINES,
    View,
    time_left_text,
    view_at,
)

LOOK = Preset(
    "Look",
    (
        Segment("backward", duration=30, cue="Small steps, upright"),
        Segment("sideways", steps=12, label="Step left"),
    ),
    rounds=2,
    cues=("Hand on the counter", "Clear path behind you"),
    warmup=Segment("forward", duration=120, cue="Easy walking to warm up"),
    rest=Segment("rest", duration=20),
    cooldown=Segment("forward", duration=10),
)
PLAN = build_plan(LOOK)
STANDING = "Hand on the counter · Clear path behind you"
SCREEN_PROBLEM = "backwalk could not keep the screen on here: it may dim or lock."


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def engine(clock) -> Engine:
    return Engine(PLAN, clock, countdown=3)


def walk(engine: Engine, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    engine.poll()


def now(engine: Engine, **settings) -> View:
    """The view the screen draws at this moment of `engine` (as its tick takes it)."""
    return view_at(engine.snapshot(whole_seconds=True), PLAN, **settings)


def on(view: View) -> set[str]:
    """The moment's classes that are set."""
    return {name for name, set_ in view.classes.items() if set_}


def test_the_lead_in_says_what_comes_first_and_what_will_not_work_today(engine):
    view = view_at(engine.snapshot(), PLAN, lead_in_left=4.2, screen_problem=SCREEN_PROBLEM)
    assert (view.where, view.direction, view.arrow, view.time) == (
        "Get ready", "FORWARD ↑", "↑", "5"  # the lead-in's seconds, rounded up
    )  # fmt: skip
    assert view.lines == {
        "step-cue": "Get ready: Easy walking to warm up",
        "standing-cues": STANDING,
        "next-step": "First: FORWARD ↑  2m",
        "step-detail": "Space starts now · Esc goes back to the presets",
    }
    assert (view.sound_notice, view.screen_notice) == (None, SCREEN_PROBLEM)
    assert view.totals == "about 4:18 in all"  # a step count as 24 s, at 30 steps a minute
    # Not yet walking: greyed, never washed, whatever the display.
    assert on(view) == {"-forward", "-lead-in"}


def test_a_lead_in_without_a_cue_says_the_session_starts_soon(clock):
    plan = build_plan(Preset("Plain", (Segment("backward", duration=30),)))
    view = view_at(Engine(plan, clock).snapshot(), plan, lead_in_left=1)
    assert view.lines["step-cue"] == "Get ready: the session starts in a moment"
    assert view.lines["standing-cues"] == ""  # no standing cues: the line asks for no row
    assert view.time == "1"


def test_a_running_backward_segment_is_washed_and_counts_down(engine, clock):
    engine.start()
    walk(engine, clock, 120 + 12.4)  # the warm-up, then 12.4 s into round 1's backward
    view = now(engine)
    assert (view.where, view.direction, view.arrow, view.time) == (
        "Round 1 of 2", "BACKWARD ↓", "↓", "18"
    )  # fmt: skip
    assert view.lines == {
        "step-cue": "Small steps, upright",
        "standing-cues": STANDING,
        "next-step": "Next: STEP LEFT ↔  12 steps (Space when done)",
        "step-detail": "of 0:30",
    }
    assert view.totals == "2:12 walked · about 2:06 left"  # whole seconds, as shown
    assert view.progress == pytest.approx(132 / 258, abs=1 / 200)
    assert on(view) == {"-backward", "-wash"}
    assert view.wanted_lines == LINES
    assert "-wash" not in on(now(engine, wash=False))  # display = "dark"


def test_over_a_minute_the_time_keeps_its_minutes_and_under_one_drops_them(engine, clock):
    engine.start()
    walk(engine, clock, 10.5)
    assert (now(engine).where, now(engine).time) == ("Warm-up", "1:50")
    walk(engine, clock, 49.5)
    assert now(engine).time == "1:00"
    walk(engine, clock, 1)
    assert now(engine).time == "59"  # fewer digits, drawn larger


def test_a_pause_says_so_greyed_and_unwashed_and_how_to_go_on(engine, clock):
    engine.start()
    walk(engine, clock, 125)
    engine.pause()
    view = now(engine)
    assert (view.direction, view.arrow, view.time) == ("PAUSED", "", "25")
    assert view.lines["step-cue"] == "Paused during backward ↓ · Space to go on"
    assert on(view) == {"-backward", "-paused"}


def test_a_pause_the_computer_made_says_why(clock):
    awake = FakeClock(50_000.0)  # counts on while the computer sleeps
    engine = Engine(PLAN, clock, sleep_clock=awake)
    engine.start()
    clock.advance(5)
    awake.advance(5)
    engine.poll()
    awake.advance(12 * 60)  # asleep: the monotonic clock stood still
    engine.poll()
    view = now(engine)
    assert view.direction == "PAUSED"
    assert view.lines["step-cue"] == (
        "Paused — the computer was asleep for 12 min · Space to go on"
    )


def test_the_last_seconds_show_the_digit_alone_with_what_comes_next(engine, clock):
    engine.start()
    walk(engine, clock, 120 + 26.5)  # 3.5 s left: not yet counted
    view = now(engine)
    assert (view.time, view.countdown) == ("4", False)
    walk(engine, clock, 1)  # 2.5 s left: the count's "3"
    view = now(engine)
    assert (view.time, view.countdown) == ("3", True)
    assert "-countdown" in on(view)
    assert view.wanted_lines == COUNTDOWN_LINES == ("next-step", "standing-cues")
    engine.pause()
    assert not now(engine).countdown  # paused, no count sounds: the usual body
    assert not view_at(Engine(PLAN, clock, countdown=0).snapshot(), PLAN).countdown


def test_a_step_count_shows_the_steps_and_the_time_taken(engine, clock):
    engine.start()
    walk(engine, clock, 150)  # warm-up and backward done: the step count starts
    walk(engine, clock, 7.8)
    view = now(engine)
    assert (view.where, view.direction, view.time) == ("Round 1 of 2", "STEP LEFT ↔", "12 STEPS")
    assert view.lines["step-detail"] == "0:07 so far · Space when done"
    assert view.lines["next-step"] == "Next: REST ·  20s"
    assert not view.countdown
    engine.pause()
    # While paused, Space resumes: it no longer says it marks the steps done.
    assert now(engine).lines["step-detail"] == "0:07 so far"


def test_the_rest_between_rounds_says_which_round_is_done(engine, clock):
    engine.start()
    walk(engine, clock, 150 + 5)
    engine.done()
    view = now(engine)
    assert (view.where, view.direction, view.time) == ("Rest · round 1 of 2 done", "REST ·", "20")
    assert on(view) == {"-rest", "-wash"}


def test_the_last_segment_says_then_you_are_done_and_the_end_shows_no_session(engine, clock):
    engine.start()
    walk(engine, clock, 150 + 5)
    engine.done()  # round 1's step count
    walk(engine, clock, 20 + 30 + 5)  # the rest, round 2's backward, into its step count
    engine.done()  # the cool-down
    view = now(engine)
    assert (view.where, view.direction) == ("Cool-down", "FORWARD ↑")
    assert view.lines["next-step"] == "Last one: then you're done"
    walk(engine, clock, 9.5)
    view = now(engine)
    assert (view.time, view.totals) == ("1", "3:39 walked · about 0:01 left")
    assert view.progress == 0.995  # 257 s of the plan's 258, in steps of 1/200
    walk(engine, clock, 1)
    assert engine.snapshot().finished
    with pytest.raises(ValueError, match="summary"):
        now(engine)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(600, "10:00"), (60, "1:00"), (59.01, "1:00"), (59, "59"), (0.2, "1")]
)
def test_time_left_under_a_minute_drops_its_minutes(seconds, shown):
    assert time_left_text(seconds) == shown
