"""Control characters from a file or the history never reach the screen as they are.

An escape written in a preset (`"\\u001b[2J"`) cleared the terminal from the
picker's detail pane. A preset file holding one is listed as a file with a
problem, located, and none of its text is shown; a note or a name stored with
one (by an older backwalk, or another program) is shown with it as a code
(`\\u001b`). What is checked is what the screen draws.
"""

from __future__ import annotations

from support import make_app, write_preset
from textual.widgets import OptionList

from backwalk_tui.ui.screens.picker import PickerScreen

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
