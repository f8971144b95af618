"""User text with square brackets, through the commands that print it with Rich:
shown exactly as written, never read as markup (which changed it or crashed)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from test_printing import Terminal

from backwalk_tui import cli, demo, printing
from backwalk_tui.history import History
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import load_preset

NAME = "Walk [/x] here [bold]"
DESCRIPTION = "[red]Red[/red] walk"
CUE = "Go [/b] now"
LABEL = "[left knee] cross"

HOSTILE_PRESET = f"""\
name = "{NAME}"
description = "{DESCRIPTION}"
checklist = ["[left knee] check"]

[[segment]]
kind = "backward"
duration = "2m"
label = "{LABEL}"
cue = "{CUE}"
"""


@pytest.fixture
def hostile(home: Path) -> Path:
    presets = home / "config" / "presets"
    presets.mkdir(parents=True)
    path = presets / "hostile.toml"
    path.write_text(HOSTILE_PRESET)
    return path


@pytest.fixture
def screen(monkeypatch) -> io.StringIO:
    """What Rich prints, wide and without colour."""
    out = io.StringIO()
    monkeypatch.setattr(printing, "console", Console(file=out, width=200, color_system=None))
    return out


def test_presets_show_prints_every_user_text_as_written(hostile, screen):
    assert cli.main(["presets", "show", "hostile"]) == 0
    shown = screen.getvalue()
    for text in (NAME, DESCRIPTION, CUE, LABEL):
        assert text in shown


def test_history_lists_a_preset_name_as_written(home, hostile, screen):
    with History(home / "data" / "history.db") as history:
        demo.record_session(history, load_preset(hostile), datetime(2026, 11, 24, 9, tzinfo=UTC))
    assert cli.main(["history"]) == 0
    assert NAME in screen.getvalue()


def test_a_narrow_terminal_s_preset_list_keeps_the_name(hostile, screen, monkeypatch):
    # The list is handed to Rich only when the terminal is too narrow for it.
    monkeypatch.setattr(printing, "_terminal_width", lambda: 70)
    printing.preset_table([build_plan(load_preset(hostile))], Terminal())
    flat = " ".join(screen.getvalue().split())
    assert "Walk [/x] here" in flat and "[bold]" in flat
