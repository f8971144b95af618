"""Text a walker wrote, with square brackets in it, walked through every screen.

Rich and Textual read `[...]` in a plain string as markup: a name like
`Walk [/x] here` crashed the safety check, a cue `Go [/b] now` the session,
and `[left knee] check` lost its first words. Every screen must show such text
exactly as written, and never turn it into a style or a clickable action.
What is checked is what the screen draws, toasts included.
"""

from __future__ import annotations

import pytest
from support import make_app, write_preset
from textual.widgets import Checkbox, Input

from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.editor import EditorScreen
from backwalk_tui.ui.screens.help import HelpScreen
from backwalk_tui.ui.screens.name import NameScreen
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.safety import SafetyScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.stats import StatsScreen
from backwalk_tui.ui.screens.summary import SummaryScreen

NAME = "Walk [/x] here"
DESCRIPTION = "[red]Red[/red] walk and [bold]more"
CHECK = "[left knee] check"
CLICK = "[@click=app.quit]x[/]"
CUE = "Go [/b] now"
STANDING = "Hand [on] the counter"
LABEL = "[i]Slow[/i] back"
NOTE = "=1+1 [/x]"
BROKEN = "[b]Back[/b]"

HOSTILE = f"""\
name = "{NAME}"
description = "{DESCRIPTION}"
checklist = ["{CHECK}", "{CLICK}"]
cues = ["{STANDING}"]

[[segment]]
kind = "forward"
duration = 2
cue = "{CUE}"

[[segment]]
kind = "backward"
duration = 3
label = "{LABEL}"
"""

#: Broken on purpose: the problem quotes the unknown kind, brackets and all.
BROKEN_FILE = f"""\
name = "Broken"

[[segment]]
kind = "{BROKEN}"
duration = 10
"""

#: Wide enough that no hostile string is wrapped across lines.
SIZE = (200, 60)


def shown(app) -> str:
    """Every character the top screen draws, line by line, toasts included."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_shown(app, *texts: str) -> None:
    drawn = shown(app)
    for text in texts:
        assert text in drawn, f"{text!r} not drawn on {type(app.screen).__name__}:\n{drawn}"


@pytest.fixture
def app(locations, clock):
    write_preset(locations.presets_dir, "hostile.toml", HOSTILE)
    write_preset(locations.presets_dir, "[left knee] broken.toml", BROKEN_FILE)
    app = make_app(locations, clock=clock)
    yield app
    app.history.close()


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def pick(pilot, app, name: str) -> None:
    """Highlight the picker's entry whose label starts with `name`."""
    options = app.screen.query_one("#preset-list")
    for index in range(options.option_count):
        if str(options.get_option_at_index(index).prompt).startswith(name):
            options.highlighted = index
            await settle(pilot)
            return
    raise AssertionError(f"{name!r} is not listed")


async def test_picker_shows_names_descriptions_cues_labels_and_problems(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pick(pilot, app, NAME)
        assert_shown(app, NAME, DESCRIPTION, STANDING, LABEL)
        await pick(pilot, app, "✗ [left knee] broken.toml")
        assert_shown(app, "[left knee] broken.toml", f"'{BROKEN}'")


async def test_safety_session_summary_stats_and_detail_show_text_as_written(app, clock):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pick(pilot, app, NAME)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        assert_shown(app, NAME, CHECK, CLICK)
        await pilot.press("question_mark")  # the help over it, and back
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # not every box ticked: a warning, no action run
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        for box in app.screen.query(Checkbox):
            box.value = True
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        assert isinstance(app.screen, SessionScreen)
        assert_shown(app, NAME, CUE, STANDING, f"Next: {LABEL.upper()}")
        clock.advance(2.5)
        app.screen.tick()
        await settle(pilot)
        assert_shown(app, NAME, STANDING)
        clock.advance(3)
        app.screen.tick()
        await settle(pilot)

        assert isinstance(app.screen, SummaryScreen)
        assert_shown(app, NAME)
        app.screen.query_one("#note", Input).focus()
        await pilot.press(*NOTE, "enter")  # saves the note and leaves the summary
        await settle(pilot)
        app.action_presets()
        await settle(pilot)

        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert_shown(app, NAME, NOTE)
        app.screen.query_one("#sessions").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        assert_shown(app, NAME, NOTE)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown(app, NAME)


async def test_dialogs_and_notices_quote_names_as_written(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pick(pilot, app, NAME)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NameScreen)
        assert_shown(app, f"'{NAME}'")
        app.screen.query_one("#name", Input).value = NAME
        await pilot.press("enter")  # taken: the problem quotes the name
        await settle(pilot)
        assert_shown(app, f"a preset named '{NAME}' already exists")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("d")  # the toast names the copy
        await settle(pilot)
        assert_shown(app, f"'{NAME} (copy)'")

        await pick(pilot, app, NAME)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown(app, f"Remove '{NAME}'?")
        await pilot.press("escape")
        await settle(pilot)

        await pick(pilot, app, "✗ [left knee] broken.toml")
        await pilot.press("enter")  # the toast names the file
        await settle(pilot)
        assert_shown(app, "Fix [left knee] broken.toml first")


async def test_the_editor_shows_the_plan_and_problems_as_written(locations):
    hostile = write_preset(locations.presets_dir, "[my] hostile.toml", HOSTILE)
    broken = write_preset(locations.presets_dir, "[left knee] broken.toml", BROKEN_FILE)
    for path, texts in ((hostile, (NAME, LABEL)), (broken, (f"'{BROKEN}'",))):
        app = make_app(locations, edit_only=path)
        try:
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await settle(pilot)
                assert isinstance(app.screen, EditorScreen)
                assert_shown(app, *texts, f"Editing {path.name}")
                await pilot.press("ctrl+s")  # saved: the toast names the file
                await settle(pilot)
                if path == hostile:
                    assert_shown(app, f"Saved {path.name}")
        finally:
            app.history.close()
