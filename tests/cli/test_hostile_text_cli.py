"""User text with square brackets, through every command that prints it:
shown exactly as written, never read as markup (which changed it or crashed),
nor as an emoji code, nor cut short; escaped as HTML in the report."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from support import KIND_NAMES, Terminal

from backwalk_tui import cli, demo, printing, words
from backwalk_tui.history import History
from backwalk_tui.paths import locate
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


# ------------------------------------------------- every command, one by one

#: Every kind of hostile text: closing tags with no opening one (Rich raises
#: MarkupError), a tag-like word (Rich drops it), real tags (Rich applies them)
#: and emoji codes (Rich turns them into pictures, even with markup off).
HOSTILE = ("Walk [/x] here", "[left knee] check", "[red]Red[/red] walk", "Go [/b] now :smile:")
WALK = "[red]Red[/red] walk :ok:"
NOTE = "Walk [/x] here; [left knee] check; Go [/b] now :smile:"

WALK_PRESET = f"""\
name = "{WALK}"
description = "{HOSTILE[0]}"
cues = ["{HOSTILE[1]}"]
checklist = ["{HOSTILE[1]}"]

[[segment]]
kind = "backward"
duration = 90
label = "{HOSTILE[1]}"
cue = "{HOSTILE[3]}"
"""

#: A file with a bracketed name whose bad values are hostile too.
BROKEN = f"""\
name = "{HOSTILE[0]}"
stage = "{HOSTILE[2]}"

[[segment]]
kind = "{HOSTILE[3]}"
duration = 5
"""


class Output:
    """What one command printed: Rich's console and print() together, and stderr."""

    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def walk(home: Path) -> dict[str, Path]:
    """A good hostile preset, a broken one named `[x].toml`, and a session of each text."""
    folder = home / "config" / "presets"
    folder.mkdir(parents=True)
    (folder / "walk.toml").write_text(WALK_PRESET, encoding="utf-8")
    (folder / "[x].toml").write_text(BROKEN, encoding="utf-8")
    preset = load_preset(folder / "walk.toml")
    started = datetime.now(UTC) - timedelta(days=1)
    with History(locate().database) as history:
        demo.record_session(history, preset, started, notes=NOTE, pain_before=3, pain_after=2)
    return {"walk": folder / "walk.toml", "broken": folder / "[x].toml", "folder": folder}


@pytest.fixture
def command(screen, capsys):
    def run(*argv: str) -> Output:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        both = screen.getvalue() + out
        screen.seek(0)
        screen.truncate()
        return Output(code, both, err)

    return run


def broken_lines(path: Path) -> list[str]:
    return [
        f'{path}:2: stage: expected a whole number, got a string ("{HOSTILE[2]}")',
        f"{path}:5: segment[1].kind: must be one of {KIND_NAMES}, got '{HOSTILE[3]}'",
    ]


def test_presets_list(walk, command):
    shown = command("presets", "list")
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert any(f"│ {WALK} " in line and str(walk["walk"]) in line for line in lines)
    assert any("│ ✗ [x].toml (cannot load) " in line for line in lines)
    assert shown.err.splitlines() == broken_lines(walk["broken"])
    rows = json.loads(command("presets", "list", "--json").out)
    assert WALK in [row["name"] for row in rows]


def test_presets_show(walk, command):
    shown = command("presets", "show", str(walk["walk"]))
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert lines[:2] == [WALK, HOSTILE[0]]
    assert any(HOSTILE[1] in line and HOSTILE[3] in line for line in lines)
    broken = command("presets", "show", "[x]")
    assert (broken.code, broken.err.splitlines()) == (1, broken_lines(walk["broken"]))


def test_presets_validate(walk, command, tmp_path):
    shown = command("presets", "validate")
    assert (shown.code, shown.err.splitlines()) == (1, broken_lines(walk["broken"]))
    missing = tmp_path / "[/b] gone.toml"
    shown = command("presets", "validate", str(missing))
    assert shown.code == 1
    assert shown.err == f"{missing}: cannot read: No such file or directory\n"


def test_presets_new_and_edit(walk, command, editor, monkeypatch):
    name = HOSTILE[0] + " too"
    made = command("presets", "new", name, "--from", str(walk["walk"]))
    assert made.code == 0
    path = Path(made.out.strip())
    assert load_preset(path).name == name
    again = command("presets", "new", name)
    assert (again.code, again.err) == (1, f"backwalk: a preset named '{name}' already exists\n")
    monkeypatch.setenv("EDITOR", editor('duration = "1m30s"', 'duration = "1m35s"'))
    edited = command("presets", "edit", name)
    assert (edited.code, edited.out) == (0, f"{path} OK\n")
    assert load_preset(path).segments[0].duration == 95  # the edit was made, and kept


def test_presets_fmt(walk, command):
    shown = command("presets", "fmt", str(walk["walk"]))
    assert shown.code == 0 and str(walk["walk"]) in shown.out
    assert load_preset(walk["walk"]).name == WALK
    broken = command("presets", "fmt", str(walk["broken"]))
    assert broken.code == 1
    assert broken.err.splitlines() == [
        *broken_lines(walk["broken"]),
        f"backwalk: {walk['broken']} left as it is; fix it first",
    ]


def test_history_in_every_form(walk, command):
    table = command("history")
    assert table.code == 0 and f"│ {WALK} " in table.out
    [session] = json.loads(command("history", "--json").out)
    assert (session["preset"], session["notes"]) == (WALK, NOTE)
    [row] = list(csv.DictReader(io.StringIO(command("history", "--csv").out.lstrip("\ufeff"))))
    assert (row["preset"], row["notes"]) == (WALK, NOTE)


def test_stats(walk, command):
    shown = command("stats")
    assert shown.code == 0 and "Sessions" in shown.out


def test_report_escapes_user_text_as_html(walk, command):
    shown = command("report", "-o", "-")
    assert shown.code == 0
    for text in (WALK, NOTE):
        assert html.escape(text, quote=True) in shown.out
    assert "[/x]" not in shown.out.replace(html.escape(NOTE, quote=True), "")


def test_run_error_paths(walk, command, tmp_path):
    missing = tmp_path / "[/x] gone.toml"
    shown = command("run", str(missing))
    assert (shown.code, shown.err) == (1, f"backwalk: {missing}: no such file\n")
    shown = command("run", str(walk["broken"]))
    assert (shown.code, shown.err.splitlines()) == (1, broken_lines(walk["broken"]))
    shown = command("run", "[red]Nothing[/red] here")
    assert shown.code == 1
    assert shown.err == (
        "backwalk: no preset named '[red]Nothing[/red] here' (see `backwalk presets list`)\n"
    )


def test_a_narrow_history_table_keeps_the_whole_name(walk, capsys, monkeypatch):
    # Rich cut a word too long for its column short with "…"; it is folded instead.
    out = io.StringIO()
    monkeypatch.setattr(printing, "console", Console(file=out, width=60, color_system=None))
    assert cli.main(["history"]) == 0
    column = "".join(
        line.split("│")[2].strip() for line in out.getvalue().splitlines() if line.startswith("│")
    )
    assert column == WALK.replace(" ", "")


# ------------------------------------------------------- control characters

#: Stored text that would drive the terminal if printed as it is: a colour, a
#: cleared screen, a window title ending in a bell, and text turned around.
ESCAPED = "Bad\x1b[31m name"
NOTE_ESCAPED = "knee\x1b[2J ok\x9b1m"

#: A preset file holds no control character (a problem in the file) but may hold
#: format characters, which turn text around, and a description its line breaks.
CONTROL_PRESET = """\
name = "Control walk"
description = "line one\\nline two"
[[segment]]
kind = "backward"
duration = "1m"
label = "back\\u202eward"
cue = "Go \\u2066now\\u2069 here"
"""


@pytest.fixture
def controls(home: Path) -> Path:
    folder = home / "config" / "presets"
    folder.mkdir(parents=True)
    (folder / "control.toml").write_text(CONTROL_PRESET, encoding="utf-8")
    (folder / "esc\x1b[2J.toml").write_text(
        'name = "Esc file"\n\n[[segment]]\nkind = "rest"\nduration = 30\n'
    )
    preset = dataclasses.replace(load_preset(folder / "control.toml"), name=ESCAPED)
    with History(locate().database) as history:
        demo.record_session(history, preset, datetime.now(UTC) - timedelta(days=1))
        checkin = history.add_checkin(tug_seconds=9.5, pain_week=3)
    # The store drops control characters from what it writes; an older
    # backwalk, or another program, may have left one there all the same.
    with sqlite3.connect(locate().database) as db:
        db.execute("UPDATE checkins SET notes = ? WHERE id = ?", (NOTE_ESCAPED, checkin))
    db.close()
    return folder


def _raw_controls(text: str) -> set[str]:
    """Control characters in `text` but the line ends and Rich's own spacing."""
    return {c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"}


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (("history",), [r"Bad\u001b[31m"]),
        (("checkins",), [r"knee\u001b[2J", r"ok\u009b1m"]),
        (("presets", "show", "control walk"), [
            r"Go \u2066now\u2069 here", r"back\u202eward", "line one\nline two",
        ]),
        (("presets", "list"), [r"esc\u001b[2J.toml"]),
        (("stats",), []),
    ],
)  # fmt: skip
def test_text_output_shows_control_characters_as_codes(controls, command, argv, shown):
    out = command(*argv).out
    assert _raw_controls(out) == set()
    flat = "".join(out.split())  # tables fold long cells onto more lines
    for text in shown:
        assert "".join(text.split()) in flat


def test_the_report_shows_control_characters_as_codes(controls, command):
    """`report -o -` goes to a terminal as often as to a file: no raw escape."""
    out = command("report", "-o", "-").out
    assert _raw_controls(out) == set()
    for text in (r"Bad\u001b[31m", r"knee\u001b[2J", r"ok\u009b1m"):
        assert text in out


def test_json_escapes_and_csv_keeps_control_characters_as_data(controls, command):
    [checkin] = json.loads(command("checkins", "--json").out)
    assert checkin["notes"] == NOTE_ESCAPED
    assert "\x1b" not in command("checkins", "--json").out  # json writes \u001b
    [row] = list(csv.DictReader(io.StringIO(command("history", "--csv").out.lstrip("\ufeff"))))
    assert row["preset"] == ESCAPED  # CSV is data for a spreadsheet: as written


def test_a_description_keeps_its_line_breaks():
    assert words.visible("one\ntwo\x1b", keep="\n") == "one\ntwo\\u001b"
    assert words.visible("a\tb\r\n") == r"a\tb\r\n"
    # Emoji sequences and scripts that need them keep their joiners.
    assert words.visible("👩\u200d💻 nā\u200cm") == "👩\u200d💻 nā\u200cm"


def test_lines_naming_a_file_or_quoting_the_walker_show_control_characters_as_codes(
    controls, command, editor, monkeypatch
):
    path = controls / "esc\x1b[2J.toml"
    shown = command("presets", "fmt", str(path))
    assert shown.code == 0 and "\x1b" not in shown.out
    assert str(controls / r"esc\u001b[2J.toml") in shown.out
    monkeypatch.setenv("VISUAL", editor("rest", "rest"))
    shown = command("presets", "edit", str(path))
    assert (shown.code, shown.out) == (0, f"{controls}/esc\\u001b[2J.toml OK\n")
    shown = command("presets", "show", "Walk\x1b[31m")
    assert shown.code == 1
    assert shown.err == (
        "backwalk: no preset named 'Walk\\u001b[31m' (see `backwalk presets list`)\n"
    )
