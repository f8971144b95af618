"""The preset list: a name too long for its row is cut with …, its marker kept."""

from __future__ import annotations

import pytest
from support import TWO_STEPS, write_preset
from textual.geometry import Region
from textual.widgets import OptionList

NAME = "Quick [bold]x[/bold] [/x]"


def drawn_rows(widget) -> list[str]:
    width, height = widget.region.size
    lines = widget.render_lines(Region(0, 0, width, height))
    return [strip.text.strip("▊▎ ") for strip in lines]  # inside its frame


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_a_long_name_is_cut_on_its_line_and_keeps_its_marker(app_factory, locations, size):
    # Wrapped with its marker, `Quick [bold]x[/bold] [/x]  yours` lost its
    # last line, marker and all, at the foot of the list at 60x20.
    write_preset(locations.presets_dir, "quick.toml", TWO_STEPS.replace("Two steps", NAME))
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rows = drawn_rows(app.screen.query_one("#preset-list", OptionList))
        [row] = [row for row in rows if row.startswith("Quick")]
        assert row.endswith("yours"), rows
        name = row.removesuffix("yours").rstrip()
        assert name == NAME or (name.endswith("…") and NAME.startswith(name[:-1])), row
        assert not any("x]" in other for other in rows if other != row), "never wrapped"
