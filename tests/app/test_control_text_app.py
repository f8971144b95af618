"""Control characters from a file or the history never reach the screen as they are.

An escape written in a preset (`"\\u001b[2J"`) cleared the terminal from the
picker's detail pane. A preset file holding one is listed as a file with a
problem, located, and none of its text is shown; a note or a name stored with
one (by an older backwalk, or another program) is shown with it as a code
(`\\u001b`). What is checked is what the screen draws.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from support import make_app, said, write_preset
from textual.widgets import DataTable, Input, OptionList

from backwalk_tui import demo
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog
from backwalk_tui.ui.screens.checkin_detail import CheckinDetailScreen
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.stats import StatsScreen

SIZE = (120, 40)

CLEARS = """\
name = "Clears the screen"
description = "Walk slowly \\u001b[2J"

[[segment]]
kind = "backward"
duration = 30
cue = "Back \\u001b[2J"
"""

LINES = '''\
name = "Two lines"
description = """
First line of the description.
Second line of it.
"""

[[segment]]
kind = "backward"
duration = 30
'''


#: As an older backwalk, or another program, may have stored them.
OLD_NOTE = "knee \x1b[2J fine"
OLD_NAME = "Old \x1b[31m walk"
NOTE_SHOWN = "knee \\u001b[2J fine"
NAME_SHOWN = "Old \\u001b[31m walk"


def drawn(app) -> str:
    """Every character the top screen draws, line by line, toasts included."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_no_control_drawn(app) -> None:
    shown = drawn(app)
    assert "\x1b" not in shown, shown


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def highlight(pilot, app, starting: str) -> None:
    options = app.screen.query_one("#preset-list", OptionList)
    for index in range(options.option_count):
        if str(options.get_option_at_index(index).prompt).startswith(starting):
            options.highlighted = index
            await settle(pilot)
            return
    raise AssertionError(f"{starting!r} is not listed")


async def test_a_preset_with_an_escape_is_listed_with_its_located_problems(locations, clock):
    path = write_preset(locations.presets_dir, "clears.toml", CLEARS)
    app = make_app(locations, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert app.catalog.get("Clears the screen") is None
        [problem] = app.catalog.problems
        assert problem.path == path
        assert [(e.line, e.key_path) for e in problem.errors] == [
            (2, "description"),
            (7, "segment[1].cue"),
        ]
        await highlight(pilot, app, "✗ clears.toml")
        shown = drawn(app)
        assert "clears.toml:2: description: must not hold" in shown
        assert "clears.toml:7: segment[1].cue: must not hold" in shown
        assert "(found \\u001b)" in shown
        assert_no_control_drawn(app)
    app.history.close()


async def test_a_description_of_several_lines_is_shown_line_by_line(locations, clock):
    write_preset(locations.presets_dir, "lines.toml", LINES)
    app = make_app(locations, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(pilot, app, "Two lines")
        lines = drawn(app).splitlines()
        first = next(n for n, line in enumerate(lines) if "First line of the" in line)
        assert "Second line of it." in lines[first + 1]
    app.history.close()


def old_rows(locations) -> None:
    """A session and a check-in whose name and notes hold escapes, written as by
    another program: straight into the database, past today's checks."""
    preset = load_catalog(None).presets[0]
    with History(locations.database) as history:
        when = datetime.now().astimezone() - timedelta(days=1)
        session = demo.record_session(history, preset, when, pain_before=2, pain_after=1)
        checkin = history.add_checkin(tug_seconds=9.5, pain_week=3)
    with sqlite3.connect(locations.database) as conn:
        conn.execute(
            "UPDATE sessions SET preset = ?, notes = ? WHERE id = ?", (OLD_NAME, OLD_NOTE, session)
        )
        conn.execute("UPDATE checkins SET notes = ? WHERE id = ?", (OLD_NOTE, checkin))
    conn.close()


async def open_stats(pilot, app) -> None:
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, StatsScreen)


async def test_old_notes_and_names_with_escapes_show_as_codes_in_the_stats_lists(locations, clock):
    old_rows(locations)
    app = make_app(locations, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_stats(pilot, app)
        sessions = app.screen.query_one("#sessions", DataTable)
        row = [str(cell) for cell in sessions.get_row_at(0)]
        assert row[1].startswith("Old \\u001b[31")  # the Preset cell, clipped
        assert row[-1].endswith(NOTE_SHOWN)
        checkins = app.screen.query_one("#checkins", DataTable)
        assert str(checkins.get_row_at(0)[-1]) == NOTE_SHOWN
        assert_no_control_drawn(app)
    app.history.close()


async def test_an_old_note_with_an_escape_shows_as_codes_in_the_details(locations, clock):
    old_rows(locations)
    app = make_app(locations, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_stats(pilot, app)
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.query_one("#note", Input).value == NOTE_SHOWN
        shown = drawn(app)
        assert NAME_SHOWN in shown and NOTE_SHOWN in shown
        assert_no_control_drawn(app)
        await pilot.press("ctrl+d")  # the question names the session
        await settle(pilot)
        assert NAME_SHOWN in drawn(app)
        assert_no_control_drawn(app)
        await pilot.press("n")
        await pilot.press("escape")
        await settle(pilot)

        assert isinstance(app.screen, StatsScreen)
        app.screen.query_one("#checkins", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckinDetailScreen)
        assert app.screen.query_one("#note", Input).value == NOTE_SHOWN
        assert NOTE_SHOWN in drawn(app)
        assert_no_control_drawn(app)
        await pilot.press("escape")
        await settle(pilot)
    app.history.close()
    # Looked at, not changed: neither note was rewritten as its codes.
    with History(locations.database) as history:
        [session] = history.sessions(steps=False)
        [checkin] = history.checkins()
        assert NOTE_SHOWN not in (session.notes, checkin.notes)


async def test_a_file_name_with_an_escape_shows_as_codes_in_the_list_and_toasts(locations, clock):
    write_preset(locations.presets_dir, "esc\x1b[2J.toml", 'name = "x"\n')  # broken: no segment
    app = make_app(locations, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(pilot, app, "✗ esc\\u001b[2J.toml")
        await pilot.press("enter")  # "Fix it first", in a toast naming the file
        await settle(pilot)
        shown = drawn(app)
        assert "Fix esc\\u001b[2J.toml first" in shown
        assert "esc\\u001b[2J.toml:" in shown  # its problems, located
        assert_no_control_drawn(app)
    app.history.close()


async def test_the_editor_shows_a_raw_control_character_as_a_code(locations):
    from backwalk_tui.ui.screens.editor import EditorScreen

    raw = 'name = "Raw"\n# a note \x1b[2J here\n[[segment]]\nkind = "rest"\nduration = 5\n'
    path = write_preset(locations.presets_dir, "raw\x07.toml", raw)
    app = make_app(locations, edit_only=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert "# a note \\u001b[2J here" in app.screen.text
        assert [n.title for n in said(app)] == ["Control characters"]
        await settle(pilot)  # the toast, posted as the editor mounted, is drawn
        shown = drawn(app)
        assert "Editing raw\\u0007.toml" in shown
        assert "This file holds control characters" in shown
        assert "# a note \\u001b[2J here" in shown
        assert_no_control_drawn(app)
        assert "\x07" not in shown
        await pilot.press("ctrl+s")  # saved as shown: the file holds the code now
        await settle(pilot)
    app.history.close()
    assert path.read_text(encoding="utf-8") == raw.replace("\x1b", "\\u001b")


async def test_a_stored_status_with_an_escape_shows_as_codes_in_the_picker(locations, clock):
    preset = load_catalog(None).presets[0]
    with History(locations.database) as history:
        when = datetime.now().astimezone() - timedelta(days=1)
        session = demo.record_session(history, preset, when)
    with sqlite3.connect(locations.database) as conn:
        conn.execute("UPDATE sessions SET status = ? WHERE id = ?", ("odd\x1b[2J", session))
    conn.close()
    app = make_app(locations, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(pilot, app, preset.name)
        assert "(odd\\u001b[2J)" in drawn(app)
        assert_no_control_drawn(app)
    app.history.close()
