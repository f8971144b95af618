"""Snapshots of the screens walkers look at, at 100x30 and 80x24.

Regenerate after an intended change with `pytest --snapshot-update` and look
at the report before committing.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

import pytest
from support import TWO_STEPS, FakeClock, make_app, write_preset

from backwalk_tui import demo
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog
from backwalk_tui.settings import Settings
from backwalk_tui.sound.player import ENVIRONMENT
from backwalk_tui.ui.screens.session import SessionScreen

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
#: The session is read from across the room: a laptop's full screen too.
SESSION_SIZES = [*SIZES, pytest.param((200, 60), id="200x60")]
#: Stage 3 · Longer backward, after its checklist: the seconds to each moment.
STAGE_3 = ["space", "tab"] * 4 + ["enter"]
COUNTED = """\
name = "Counted steps"
checklist = []
cues = ["Hand on the counter", "Clear path behind you"]

[[segment]]
kind = "backward"
steps = 12
cue = "Toes first, then heel. Small steps."

[[segment]]
kind = "forward"
duration = 30
"""


@pytest.fixture
def app_at(app_factory, locations):
    write_preset(locations.presets_dir, "two.toml", TWO_STEPS)
    write_preset(locations.presets_dir, "counted.toml", COUNTED)

    def build(preset=None):
        clock = FakeClock()
        return app_factory(preset=preset, clock=clock), clock

    return build


def ticking(clock, *moves):
    """A run_before that advances the fake clock step by step, ticking each time."""

    async def run_before(pilot):
        await pilot.pause()
        for move in moves:
            if isinstance(move, str):
                await pilot.press(move)
            else:
                clock.advance(move)
                if isinstance(pilot.app.screen, SessionScreen):
                    pilot.app.screen.tick()
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, app_at, size):
    app, _ = app_at()
    assert snap_compare(app, press=["down"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_safety_check(snap_compare, app_at, size):
    app, _ = app_at("Stage 2 · Forward and back")
    assert snap_compare(app, press=["space", "tab", "space", "tab"], terminal_size=size)


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_forward(snap_compare, app_at, size):
    app, clock = app_at("Stage 3 · Longer backward")
    moves = [*STAGE_3, 130.4]  # 10 s into round 1's forward walk
    assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_backward(snap_compare, app_at, size):
    app, clock = app_at("Stage 3 · Longer backward")
    moves = [*STAGE_3, 150, 25.2]  # 25 s into round 1's backward walk
    assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_rest(snap_compare, app_at, size):
    app, clock = app_at("Stage 3 · Longer backward")
    moves = [*STAGE_3, 210, 10.2]  # 10 s into the rest after round 1
    assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_last_seconds(snap_compare, app_at, size):
    app, clock = app_at("Stage 3 · Longer backward")
    moves = [*STAGE_3, 150, 58.2]  # 2 s before the rest: the digit takes the body
    assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)


def test_session_without_the_wash(snap_compare, locations):
    """`display = "dark"`: the theme's background, the direction in its colour."""
    write_preset(locations.config_dir, "config.toml", 'display = "dark"\n')
    clock = FakeClock()
    app = make_app(locations, preset="Stage 3 · Longer backward", clock=clock, settings=None)
    try:
        moves = [*STAGE_3, 5, 150, 25.2]  # settings read from the file: a 5 s lead-in
        assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=(100, 30))
    finally:
        app.history.close()


@pytest.mark.skipif(sys.platform != "linux", reason="the reasons given are Linux's")
@pytest.mark.parametrize("size", SIZES)
def test_session_lead_in_without_sound_or_a_desktop(
    snap_compare, locations, no_desktop, monkeypatch, size
):
    """What will not work today, said above the time before the walk."""
    monkeypatch.setenv(ENVIRONMENT, "coreaudio")  # an output this computer cannot have
    clock = FakeClock()
    app = make_app(
        locations, preset="Stage 3 · Longer backward", clock=clock, settings=Settings(lead_in=5)
    )
    try:
        moves = [*STAGE_3, 2.2]
        assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)
    finally:
        app.history.close()


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_step_count(snap_compare, app_at, size):
    app, clock = app_at("Counted steps")
    assert snap_compare(app, run_before=ticking(clock, "enter", 14.2), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_session_paused(snap_compare, app_at, size):
    app, clock = app_at("Stage 3 · Longer backward")
    moves = [*STAGE_3, 150, 25.2, "space", 60]
    assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, app_at, size):
    app, clock = app_at("Two steps")
    assert snap_compare(app, run_before=ticking(clock, "enter", 1, 1, 1, 1, 1), terminal_size=size)


RUG = """\
# Tuesday walk with the rug in the way
name = "Mind the rug"
checklist = ["Rug taped down", "Counter within reach"]

[[segment]]
kind = "forward"
duraton = "1m"

[[segment]]
kind = "backward"
steps = 12
pace = 400
cue = "Mind the rug"
"""


@pytest.fixture
def editor_at(app_factory, locations):
    def build(name: str, text: str):
        return app_factory(edit_only=write_preset(locations.presets_dir, name, text))

    return build


@pytest.mark.parametrize("size", SIZES)
def test_editor(snap_compare, editor_at, size):
    app = editor_at("two.toml", TWO_STEPS)
    # Headless, the editor's cursor does not blink: nothing here moves with time.
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_editor_with_problems(snap_compare, editor_at, size):
    app = editor_at("rug.toml", RUG)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_first_run_disclaimer(snap_compare, app_factory, size):
    assert snap_compare(app_factory(accepted=False), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app_at, size):
    app, _ = app_at()
    assert snap_compare(app, press=["question_mark"], terminal_size=size)


#: "Today" for the snapshots of notices: a Thursday evening, local time.
THURSDAY = datetime(2026, 12, 3, 18, 0).astimezone()
STAGED_STEPS = TWO_STEPS.replace('name = "Two steps"', 'name = "Staged steps"\nstage = 2')


@pytest.fixture
def noticing_app(app_factory, locations):
    """The app on a fixed Thursday, with a stumble at stage 2 the day before."""
    write_preset(locations.presets_dir, "staged.toml", STAGED_STEPS)
    stage2 = load_catalog(None).get("Stage 2 · Forward and back")
    with History(locations.database) as history:
        demo.record_session(
            history, stage2, THURSDAY - timedelta(days=1), pain_before=4, pain_after=5, stumbles=1
        )

    def build(preset=None):
        clock = FakeClock()
        return app_factory(preset=preset, clock=clock, wall_clock=lambda: THURSDAY), clock

    return build


@pytest.mark.parametrize("size", SIZES)
def test_safety_check_with_a_stumble_reminder_and_high_pain(snap_compare, noticing_app, size):
    app, _ = noticing_app("Stage 2 · Forward and back")
    assert snap_compare(app, press=["space", "tab"] * 4 + ["8"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_summary_with_a_pain_alert_and_a_stumble(snap_compare, noticing_app, size):
    app, clock = noticing_app("Staged steps")
    moves = ["enter", 5, "8", "tab", "space"]
    assert snap_compare(app, run_before=ticking(clock, *moves), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_picker_says_when_the_next_session_is_due(snap_compare, noticing_app, size):
    app, _ = noticing_app()
    assert snap_compare(app, terminal_size=size)
