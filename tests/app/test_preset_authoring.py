"""Looking after presets in the app: e, n, d, Delete, the built-in editor, files changed on disk.

Driven through Textual's Pilot. The editor checks at once (`check_delay=0`
in `make_app`) and the folder and file watchers are called directly, so no
test waits for a timer; `test_terminal.py` sees the real watcher pick a file
up in a real terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import TWO_STEPS, fill_the_disk, make_app, said, write_preset
from textual.geometry import Region
from textual.widgets import Input, OptionList, Static, TextArea

from backwalk_tui.presets import builtin_dir, parse_preset
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.editor import EditorScreen
from backwalk_tui.ui.screens.name import NameScreen
from backwalk_tui.ui.screens.picker import PickerScreen


@pytest.fixture
def two(locations) -> Path:
    return write_preset(locations.presets_dir, "two.toml", TWO_STEPS)


def listed(app) -> list[str]:
    options = app.screen.query_one("#preset-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def highlighted(app) -> str:
    options = app.screen.query_one("#preset-list", OptionList)
    return str(options.get_option_at_index(options.highlighted).prompt)


def detail(app) -> str:
    return str(app.screen.query_one("#detail", Static).content)


async def select(pilot, starts_with: str) -> None:
    names = listed(pilot.app)
    index = next(i for i, name in enumerate(names) if name.startswith(starts_with))
    pilot.app.screen.query_one("#preset-list", OptionList).highlighted = index
    await pilot.pause()


async def open_editor(pilot) -> EditorScreen:
    """From the picker, `e` on the user preset "Two steps" (no $EDITOR: the built-in one)."""
    await pilot.pause()
    await select(pilot, "Two steps")
    await pilot.press("e")
    await pilot.pause()
    return pilot.app.screen


# ------------------------------------------------------------ e: $EDITOR


async def test_e_runs_the_editor_and_keeps_the_last_good_version_until_fixed(
    app_factory, two, editor, monkeypatch
):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Two steps")

        # A good edit: the picker shows the new plan at once.
        monkeypatch.setenv("VISUAL", editor("duration = 3", "duration = 45"))
        await pilot.press("e")
        await pilot.pause()
        assert editor.log.read_text(encoding="utf-8") == f"{two}\n"
        assert highlighted(app).startswith("Two steps")
        assert "backward  45s" in detail(app)

        # A broken edit: the problem is shown with its line, the last good
        # version stays listed and can still be started.
        monkeypatch.setenv("VISUAL", editor("duration = 45", 'duration = "soon"'))
        await pilot.press("e")
        await pilot.pause()
        assert not said(app), "the picker says it, for as long as it is so"
        assert highlighted(app).startswith("✗ two.toml")
        assert '\ntwo.toml:10: segment[2].duration: cannot read "soon"' in detail(app)
        await select(pilot, "Two steps")
        assert "⚠ file has problems" in highlighted(app)
        assert "the last version that worked is used" in detail(app)
        assert "backward  45s" in detail(app)
        assert app.screen.check_action("start", ()) is True

        # Fixed: the warning goes and the fixed plan shows.
        await select(pilot, "✗ two.toml")
        monkeypatch.setenv("VISUAL", editor('duration = "soon"', 'duration = "1m"'))
        await pilot.press("e")
        await pilot.pause()
        assert not any(name.startswith("✗") for name in listed(app))
        assert highlighted(app).startswith("Two steps")
        assert "backward  1m" in detail(app)


async def test_e_says_an_editor_that_failed(app_factory, two, monkeypatch):
    """`VISUAL=false`: the picker's `e` goes through the same check as `presets edit`."""
    monkeypatch.setenv("VISUAL", "false")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Two steps")
        await pilot.press("e")
        await pilot.pause()
        failures = [n for n in said(app) if n.severity == "error"]
        assert [n.message for n in failures] == [
            "The editor 'false' exited with status 1; the file was not changed."
        ]
        assert isinstance(app.screen, PickerScreen)


async def test_e_passes_over_an_unreadable_visual_and_says_so(
    app_factory, two, editor, monkeypatch
):
    """VISUAL='"unclosed': as if unset, $EDITOR then the built-in editor, with a warning."""
    monkeypatch.setenv("VISUAL", '"unclosed')
    monkeypatch.setenv("EDITOR", editor("duration = 3", "duration = 45"))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Two steps")
        await pilot.press("e")
        await pilot.pause()
        assert editor.log.read_text(encoding="utf-8") == f"{two}\n"
        assert "backward  45s" in detail(app)
        messages = [n.message for n in said(app)]
        assert (
            "$VISUAL cannot be read as a command (no closing quotation): $EDITOR is used instead"
            in messages
        )

        monkeypatch.delenv("EDITOR")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert any(m.endswith(": the built-in editor is used instead") for m in
                   [n.message for n in said(app)])  # fmt: skip


async def test_e_on_a_built_in_copies_it_first_and_never_changes_it(
    app_factory, locations, editor, monkeypatch
):
    builtin = builtin_dir() / "stage1-get-comfortable.toml"
    before = builtin.read_bytes()
    monkeypatch.setenv("VISUAL", editor("rounds = 4", "rounds = 2"))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Stage 1")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "never changed" in str(app.screen.detail)
        await pilot.press("y")
        await pilot.pause()
        copy = locations.presets_dir / "stage-1-get-comfortable.toml"
        assert editor.log.read_text(encoding="utf-8") == f"{copy}\n"
        assert "rounds = 2" in copy.read_text(encoding="utf-8")
        assert highlighted(app).startswith("Stage 1 · Get comfortable  yours")
        assert "2 rounds" in detail(app)
    assert builtin.read_bytes() == before


async def test_e_without_an_editor_opens_the_built_in_editor(app_factory, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.text == TWO_STEPS


# ------------------------------------------------------- n, d and Delete


async def test_n_asks_a_name_and_writes_a_new_preset_from_the_selected(app_factory, locations, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Two steps")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        name_box = app.screen.query_one("#name", Input)
        assert name_box.value == "My Two steps"
        name_box.value = "two STEPS"  # taken, whatever the case
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        assert "already exists" in str(app.screen.query_one("#name-problem").content)
        name_box.value = "Kitchen walk"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert highlighted(app).startswith("Kitchen walk  yours")
    new = locations.presets_dir / "kitchen-walk.toml"
    text = new.read_text(encoding="utf-8")
    assert text.startswith("# A backwalk preset (format version 1)")
    assert parse_preset(text).name == "Kitchen walk"
    assert parse_preset(text).segments == parse_preset(TWO_STEPS).segments


async def test_d_duplicates_and_delete_moves_to_the_trash_after_asking(app_factory, locations, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Two steps")
        await pilot.press("d")
        await pilot.pause()
        assert highlighted(app).startswith("Two steps (copy)  yours")
        copy = locations.presets_dir / "two-steps-copy.toml"
        assert copy.is_file()

        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert copy.is_file()

        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not copy.exists()
        trashed = locations.presets_dir / "trash" / "two-steps-copy.toml"
        assert trashed.read_text(encoding="utf-8").count("Two steps (copy)") == 1
        assert not any(name.startswith("Two steps (copy)") for name in listed(app))

        # Built-ins are never removed: the key does nothing there.
        await select(pilot, "Stage 1")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert any("never removed" in str(n.message) for n in said(app))


# ---------------------------------------------------- the built-in editor


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)
    await pilot.pause()


def problems(app) -> list[str]:
    box = app.screen.query_one("#editor-problems", OptionList)
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


def plan_text(editor) -> str:
    """The editor's plan as drawn: its entries are laid out in columns."""
    plan = editor.query_one("#editor-plan", Static)
    width, height = plan.region.size
    return "\n".join(strip.text for strip in plan.render_lines(Region(0, 0, width, height)))


async def test_built_in_editor_lists_a_typed_error_jumps_to_it_and_saves(
    app_factory, locations, two
):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert "2 segments" in plan_text(editor)

        # Type a mistake at the end of line 6 (`duration = 2` -> `duration = 2x`).
        area = editor.query_one("#source", TextArea)
        area.cursor_location = (5, len("duration = 2"))
        await type_text(pilot, "x")
        assert problems(app) == [
            "line 6: TOML syntax: Expected newline or end of document after a statement"
        ]
        assert "-problems" in editor.classes

        # Selecting the problem puts the cursor on its line.
        area.cursor_location = (0, 0)
        box = editor.query_one("#editor-problems", OptionList)
        box.focus()
        box.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert area.cursor_location == (5, 12)  # line 6, column 13
        assert area.has_focus

        # Fix it: the problem goes and the plan comes back.
        await pilot.press("end", "backspace", "backspace")
        await type_text(pilot, "20")
        assert problems(app) == []
        await pilot.pause()
        assert re.search(r"forward +20s", plan_text(editor))

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "duration = 20\n" in two.read_text(encoding="utf-8")
        assert (locations.presets_dir / "two.toml.bak").read_text(encoding="utf-8") == TWO_STEPS

        await pilot.press("escape")  # saved: leaves without asking
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert highlighted(app).startswith("Two steps")
        assert "forward   20s" in detail(app)


async def test_leaving_the_editor_with_unsaved_text_asks_first(app_factory, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        await type_text(pilot, "#")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert two.read_text(encoding="utf-8") == TWO_STEPS


async def test_ctrl_q_in_the_editor_with_unsaved_text_asks_first(app_factory, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        await type_text(pilot, "# mine")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")  # keep editing: the text is still there
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and app.screen.unsaved
        app.action_help()  # the help over it: still asks
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("y")  # quit, discarding it
        await pilot.pause()
        assert not app.is_running
    assert two.read_text(encoding="utf-8") == TWO_STEPS


async def test_a_failed_save_keeps_the_text_and_the_file(app_factory, two, monkeypatch):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        await type_text(pilot, "# mine")
        fill_the_disk(monkeypatch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("cannot save: the disk is full" in str(n.message) for n in said(app))
        assert app.screen.text.startswith("# mine")
        assert app.screen.unsaved
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.screen.unsaved
    assert two.read_text(encoding="utf-8").startswith("# mine")


# ------------------------------------------------------ changes on disk


async def test_the_picker_picks_up_files_changed_on_disk(app_factory, locations, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Two steps")
        two.write_text(TWO_STEPS.replace("duration = 3", "duration = 33"), encoding="utf-8")
        write_preset(locations.presets_dir, "new.toml", TWO_STEPS.replace("Two", "Three"))
        app.screen.check_folder()  # what the once-a-second watcher does
        await pilot.pause()
        assert any(name.startswith("Three steps") for name in listed(app))
        assert highlighted(app).startswith("Two steps")
        assert "backward  33s" in detail(app)
        two.unlink()
        app.screen.check_folder()
        await pilot.pause()
        assert not any(name.startswith("Two steps") for name in listed(app))


async def test_the_editor_reloads_a_file_changed_elsewhere_or_asks_first(app_factory, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        editor = app.screen

        # No unsaved text here: the new version is simply loaded.
        other = TWO_STEPS.replace("duration = 3", "duration = 4")
        two.write_text(other, encoding="utf-8")
        editor.check_disk()
        await pilot.pause()
        assert editor.text == other and not editor.unsaved

        # Unsaved text here: ask, and keep it when told to.
        await type_text(pilot, "#")
        mine = editor.text
        two.write_text(TWO_STEPS.replace("duration = 3", "duration = 5"), encoding="utf-8")
        editor.check_disk()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert editor.text == mine

        # And load the new version when told to.
        newest = TWO_STEPS.replace("duration = 3", "duration = 6")
        two.write_text(newest, encoding="utf-8")
        editor.check_disk()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert editor.text == newest


async def test_a_file_deleted_while_open_is_written_back_on_save(app_factory, two):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot)
        editor = app.screen
        two.unlink()
        editor.check_disk()
        await pilot.pause()
        assert any("was deleted or moved" in str(n.message) for n in said(app))
        assert editor.text == TWO_STEPS and editor.unsaved
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert two.read_text(encoding="utf-8") == TWO_STEPS


async def test_presets_edit_without_an_editor_is_the_editor_alone(locations, two):
    app = make_app(locations, edit_only=two)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is False
    app.history.close()


# ------------------------------------------------------ a broken file, shown

KITCHEN_WALK = """\
name = "My kitchen walk"
description = "Forward and back along the kitchen counter."
stage = 2
rounds = 4
cues = [
    "Hand on the counter",
    "Clear path behind you",
]

[[segment]]
kind = "forward"
steps = 12
pace = 50
cue = "Walk forward 10-15 steps"

[[segment]]
kind = "backward"
cue = "Back 10-15 steps. Small steps."
duration = 30
"""

#: The newcomer's typo, on line 19: segment 2 has no duration it knows.
KITCHEN_WALK_BROKEN = KITCHEN_WALK.replace("duration = 30", "duraton = 30")


def detail_lines(app) -> list[str]:
    """The detail pane as drawn: one string a screen line."""
    shown = app.screen.query_one("#detail", Static)
    return [strip.text.rstrip() for strip in shown.render_lines(Region(0, 0, *shown.size))]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_a_problems_line_number_is_never_split_across_lines(locations, app_factory, size):
    write_preset(locations.presets_dir, "my-kitchen-walk.toml", KITCHEN_WALK_BROKEN)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await select(pilot, "✗ my-kitchen-walk.toml")
        lines = detail_lines(app)
        # However long the folder's path, the file and its line 19 are read
        # together, at the start of a screen line, never as line 1 and a stray 9.
        problem = next((line for line in lines if "toml:19:" in line), "")
        assert problem.startswith("my-kitchen-walk.toml:19:"), lines
        message = "segment[2].duraton: unknown key 'duraton'; did you mean 'duration'?"
        assert message in " ".join(lines)
        assert str(locations.presets_dir / "my-kitchen-walk.toml") in detail(app)

        # A name too long for the pane is shortened in the middle; the heading has it whole.
        long = "a-very-long-preset-name-for-the-morning-walk-by-the-counter.toml"
        write_preset(locations.presets_dir, long, KITCHEN_WALK_BROKEN.replace("My", "Long"))
        app.screen.check_folder()
        await pilot.pause()
        await select(pilot, f"✗ {long}")
        lines = detail_lines(app)
        problem = next((line for line in lines if "toml:19:" in line), "")
        assert problem.startswith("a-very-long-pre…e-counter.toml:19:"), lines
        assert str(locations.presets_dir / long) in detail(app)


async def test_the_highlight_follows_a_file_fixed_in_another_window(locations, app_factory):
    kitchen = write_preset(locations.presets_dir, "my-kitchen-walk.toml", KITCHEN_WALK_BROKEN)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "✗ my-kitchen-walk.toml")
        assert listed(app)[-1].startswith("✗ my-kitchen-walk.toml")

        # Fixed elsewhere: the preset the file now gives is highlighted, wherever
        # it is listed, so Enter starts the walk just fixed and not its neighbour.
        kitchen.write_text(KITCHEN_WALK, encoding="utf-8")
        app.screen.check_folder()  # what the once-a-second watcher does
        await pilot.pause()
        assert not any(name.startswith("✗") for name in listed(app))
        assert highlighted(app).startswith("My kitchen walk")
        assert detail(app).startswith("My kitchen walk")
        assert listed(app).index(highlighted(app)) < len(listed(app)) - 1

        # Broken again: the last good version stays listed and stays highlighted.
        kitchen.write_text(KITCHEN_WALK_BROKEN, encoding="utf-8")
        app.screen.check_folder()
        await pilot.pause()
        assert highlighted(app).startswith("My kitchen walk  ⚠ file has problems")

        # Renamed elsewhere (and fixed): the file is gone, the same walk is under another name.
        kitchen.rename(kitchen.with_name("kitchen.toml"))
        kitchen.with_name("kitchen.toml").write_text(KITCHEN_WALK, encoding="utf-8")
        app.screen.check_folder()
        await pilot.pause()
        assert highlighted(app).startswith("My kitchen walk  yours")


async def test_a_removed_copy_hands_the_highlight_to_the_built_in_it_hid(locations, app_factory):
    stage2 = next(p for p in builtin_dir().glob("*.toml") if "Stage 2" in p.read_text("utf-8"))
    copy = write_preset(locations.presets_dir, "stage-2.toml", stage2.read_text("utf-8"))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, "Stage 2")
        assert "yours" in highlighted(app)
        copy.unlink()
        app.screen.check_folder()
        await pilot.pause()
        assert highlighted(app) == "Stage 2 · Forward and back"
        assert "built in" in detail(app)


# ------------------------------------------------ control characters kept out


async def test_a_paste_into_the_editor_loses_its_control_characters(app_factory, two):
    """An escape or a bell pasted would be hidden on screen and saved raw."""
    from textual import events

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot)
        area = editor.query_one("#source", TextArea)
        area.cursor_location = (0, 0)
        area.post_message(events.Paste("rounds = 2\x1b[2J\x07\n\tx\n"))
        await pilot.pause()
        assert editor.text.startswith("rounds = 2[2J\n\tx\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = two.read_text(encoding="utf-8")
    assert saved.startswith("rounds = 2[2J\n\tx\n")
    assert "\x1b" not in saved and "\x07" not in saved


async def test_a_file_with_control_characters_opens_unchanged_until_edited(locations, two):
    """Shown as codes, the text differs from the file's; that is not an edit."""
    two.write_text("# \x1b[2J\x07\n" + TWO_STEPS, encoding="utf-8")
    app = make_app(locations, edit_only=two)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert editor.text.startswith("# \\u001b[2J\\u0007\n")
        assert not editor.unsaved and "●" not in editor.title
        editor.check_disk()  # the file unchanged: still nothing to save
        await pilot.pause()
        assert not editor.unsaved
        await pilot.press("escape")  # leaves without asking
        await pilot.pause()
    assert app.return_value is False
    app.history.close()
