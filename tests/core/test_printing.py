"""The preset table drawn without Rich: Rich's box style, wide characters, narrow terminals."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, date, datetime

from rich.console import Console
from support import Terminal, walk_by_hand

from backwalk_tui import printing
from backwalk_tui.history import History
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import Preset, Segment, load_catalog
from backwalk_tui.stats import compute
from backwalk_tui.words import clip


def cells(line: str) -> int:
    return printing._cells(line)


def plans(*names: str, source: str = "/home/ann/.config/backwalk/presets/mine.toml"):
    return [
        build_plan(Preset(name, (Segment("backward", duration=30),), rounds=2, source=source))
        for name in names
    ]


def as_rich_draws_it(rows: list[tuple[str, ...]]) -> list[str]:
    from rich.table import Table

    out = io.StringIO()
    table = Table(title="Presets", title_justify="left")
    for column in printing.PRESET_COLUMNS:
        table.add_column(column, justify="right" if column in printing.RIGHT else "left")
    for row in rows:
        table.add_row(*row)
    Console(file=out, width=300, color_system=None).print(table)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_the_table_is_the_one_rich_would_draw():
    out = io.StringIO()
    counted = Preset("Hall", (Segment("backward", steps=12),), stage=2, builtin=True)
    printing.preset_table([*plans("Kitchen loop"), build_plan(counted)], out)
    assert out.getvalue().splitlines() == as_rich_draws_it(
        [
            ("Kitchen loop", "", "2", "1m", "/home/ann/.config/backwalk/presets/mine.toml"),
            ("Hall", "2", "1", "≈ 24s", "built in"),
        ]
    )


def test_wide_characters_and_accents_keep_the_columns_straight():
    out = io.StringIO()
    printing.preset_table(plans("膝の散歩", "Café walk", "Rückwärts 🚶"), out)
    lines = out.getvalue().splitlines()[1:]

    def borders(line: str) -> list[int]:
        return [cells(line[:i]) for i, char in enumerate(line) if char in "│┃┏┳┓┡╇┩└┴┘"]

    assert len({tuple(borders(line)) for line in lines}) == 1, "\n".join(lines)
    assert len(borders(lines[0])) == 6


def test_a_terminal_too_narrow_gets_rich_s_wrapped_table(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(printing, "_terminal_width", lambda: 50)
    monkeypatch.setattr(printing, "console", Console(file=screen, width=50, color_system=None))
    printing.preset_table(plans("Kitchen loop"), Terminal())
    lines = screen.getvalue().splitlines()
    assert lines and all(cells(line) <= 50 for line in lines)
    assert any("Kitchen" in line for line in lines)
    assert any("Presets" in line for line in lines)


def test_a_pipe_gets_whole_lines_however_long():
    long = "/very/long/" + "folder/" * 30 + "mine.toml"
    out = io.StringIO()  # not a terminal
    printing.preset_table(plans("Kitchen loop", source=long), out)
    assert any(long in line and "Kitchen loop" in line for line in out.getvalue().splitlines())


def test_presets_list_imports_neither_rich_nor_sqlite(home):
    code = (
        "import sys; from backwalk_tui import cli; cli.main(['presets', 'list']); "
        "print(sorted(m for m in ('rich', 'sqlite3', 'backwalk_tui.history', 'dataclasses') "
        "if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # dataclasses: the preset model itself uses it.
    assert done.stderr.strip().splitlines()[-1] == "['dataclasses']"
    assert "Stage 1 · Get comfortable" in done.stdout


def test_clip_cuts_by_terminal_cells_and_says_so():
    assert clip("Stage 3 · Longer backward", 14) == "Stage 3 · Lon…"
    assert clip("Stage 1 · Get comfortable", 14) == "Stage 1 · Get…"
    assert clip("Kitchen loop", 14) == "Kitchen loop"
    assert clip("台所で後ろ歩き", 8) == "台所で…"  # two cells a character
    assert cells(clip("台所で後ろ歩き", 8)) <= 8
    assert clip("fine, thanks\nsecond line", 24) == "fine, thanks second line"


def stats_printed(monkeypatch, sessions, today) -> list[str]:
    out = io.StringIO()
    monkeypatch.setattr(printing, "console", Console(file=out, width=100, color_system=None))
    printing.stats_text(compute(sessions, weekly_goal=3, today=today, tz=UTC))
    return [" ".join(line.split()) for line in out.getvalue().splitlines()]


def test_stats_of_a_session_under_a_minute_show_its_time(tmp_path, monkeypatch):
    # Not "No sessions yet": its 13 s and its pain count, though it is no session.
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    with History(tmp_path / "history.db") as history:
        walk_by_hand(history, stage1, datetime(2026, 11, 24, 9, tzinfo=UTC), end_after=13)
        sessions = history.sessions()
    lines = stats_printed(monkeypatch, sessions, date(2026, 11, 25))
    assert lines[:2] == ["Sessions 0", "Walked 13 s"]
