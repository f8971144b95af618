"""The `backwalk` command: every subcommand except opening the app."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import pytest
from rich.console import Console
from support import KIND_NAMES, Terminal

from backwalk_tui import cli, printing
from backwalk_tui.history import History
from backwalk_tui.paths import Locations
from backwalk_tui.plan import Step
from backwalk_tui.presets import builtin_dir, load_preset
from backwalk_tui.records import clean_note

TZ = timezone(timedelta(hours=2))
TIMEOUT = 60
ROOT = Path(__file__).resolve().parents[2]

STAGES = {
    1: "Stage 1 · Get comfortable",
    2: "Stage 2 · Forward and back",
    3: "Stage 3 · Longer backward",
    4: "Stage 4 · Backward uphill",
    5: "Stage 5 · Backward running",
}

KITCHEN = """\
name = "Kitchen loop"
stage = 2
rounds = 3

[[segment]]
kind = "forward"
duration = "45s"

[[segment]]
kind = "backward"
duration = 30

[rest]
duration = 15
"""
# 3 rounds of 45 s + 30 s, with 2 rests of 15 s between them: 225 + 30 = 255 s.
KITCHEN_SECONDS = 255


# ------------------------------------------------------------------ helpers


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich output without wrapping or colour, so lines can be compared."""
    monkeypatch.setattr(printing, "console", Console(width=400, color_system=None))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return Result(code, out, err)


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(list(argv))
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


def backwalk(home: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`backwalk ...` as a real process."""
    environ = {**os.environ, "BACKWALK_HOME": str(home), "COLUMNS": "300", "NO_COLOR": "1"}
    environ.pop("FORCE_COLOR", None)
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "backwalk_tui", *argv], capture_output=True, text=True,
        encoding=environ.get("PYTHONIOENCODING"), env=environ, timeout=TIMEOUT, cwd=ROOT,
    )  # fmt: skip


def add_user_preset(locations: Locations, file: str, text: str) -> Path:
    locations.presets_dir.mkdir(parents=True, exist_ok=True)
    path = locations.presets_dir / file
    path.write_text(text, encoding="utf-8")
    return path


def record(
    database: Path,
    preset: str,
    steps: list[tuple[str, float]],
    *,
    status: str = "completed",
    started_at: datetime | None = None,
    planned_seconds: float | None = None,
    pain_before: int | None = None,
    **answers: object,
) -> int:
    """A session stored through History, the way the app stores one."""
    with History(database) as history:
        sid = history.start_session(
            preset=preset, preset_toml="", started_at=started_at,
            planned_seconds=planned_seconds, pain_before=pain_before,
        )  # fmt: skip
        for seq, (kind, seconds) in enumerate(steps):
            history.record_step(
                sid, seq=seq, active_seconds=seconds, status="completed",
                step=Step(index=seq, phase="round", round=1, kind=kind, planned_seconds=seconds),
            )  # fmt: skip
        history.finish_session(
            sid, status, ended_at=started_at + timedelta(minutes=10) if started_at else None
        )
        if answers:
            history.update_answers(sid, **answers)
    return sid


def squash(text: str) -> list[str]:
    """Output lines with runs of spaces squeezed, for comparing table rows."""
    return [" ".join(line.split()) for line in text.splitlines()]


def table_rows(text: str) -> list[list[str]]:
    """The body rows of a Rich table, as lists of stripped cells."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


# ------------------------------------------------------------ presets list


def test_presets_list_json_has_the_builtin_stages(home: Path, capsys):
    result = run(capsys, "presets", "list", "--json")
    assert result.code == 0
    assert result.err == ""
    rows = json.loads(result.out)
    by_name = {row["name"]: row for row in rows}
    for stage, name in STAGES.items():
        row = by_name[name]
        assert row["stage"] == stage
        assert row["builtin"] is True
        assert Path(row["source"]).is_file()
        assert set(row) == {"name", "stage", "rounds", "planned_seconds", "source", "builtin"}
    # Stage 1: 1 min warm-up, 4 rounds of 5 + 5 steps at 20/min (15 s + 15 s),
    # 3 rests of 20 s, 1 min cool-down: 60 + 120 + 60 + 60.
    assert (by_name[STAGES[1]]["rounds"], by_name[STAGES[1]]["planned_seconds"]) == (4, 300)
    # Stage 2: 2 min warm-up, 4 rounds of 12 steps at 50/min (14.4 s) + 12 at
    # 40/min (18 s), 3 rests of 20 s, 90 s cool-down: 120 + 129.6 + 60 + 90 = 399.6.
    assert (by_name[STAGES[2]]["rounds"], by_name[STAGES[2]]["planned_seconds"]) == (4, 400)
    # Ordered by stage.
    staged = [row["stage"] for row in rows if row["stage"] is not None]
    assert staged == sorted(staged)


def test_presets_list_json_has_a_user_preset_with_its_file(locations: Locations, capsys):
    path = add_user_preset(locations, "kitchen.toml", KITCHEN)
    rows = json.loads(run(capsys, "presets", "list", "--json").out)
    assert {
        "name": "Kitchen loop", "stage": 2, "rounds": 3, "planned_seconds": KITCHEN_SECONDS,
        "source": str(path), "builtin": False,
    } in rows  # fmt: skip
    names = [row["name"] for row in rows]
    # Stage 2's own presets come together: the built-in, then the user's.
    assert names.index("Kitchen loop") == names.index(STAGES[2]) + 1


def test_presets_list_human(locations: Locations, capsys):
    path = add_user_preset(locations, "kitchen.toml", KITCHEN)
    result = run(capsys, "presets", "list")
    assert result.code == 0
    rows = {row[0]: row for row in table_rows(result.out)}
    assert rows["Kitchen loop"] == ["Kitchen loop", "2", "3", "4m15s", str(path)]
    assert rows[STAGES[1]] == [STAGES[1], "1", "4", "5m", "built in"]
    for name in STAGES.values():
        assert rows[name][-1] == "built in"


def test_presets_list_human_as_a_real_process(home: Path):
    path = home / "config" / "presets" / "kitchen.toml"
    path.parent.mkdir(parents=True)
    path.write_text(KITCHEN, encoding="utf-8")
    done = backwalk(home, "presets", "list")
    assert done.returncode == 0, done.stderr
    assert "Kitchen loop" in done.stdout
    assert str(path) in done.stdout
    assert all(name in done.stdout for name in STAGES.values())


BROKEN_NAME = """\
name = 3

[[segment]]
kind = "forward"
duration = 10
"""


def test_a_broken_user_preset_is_reported_and_the_others_still_list(locations: Locations, capsys):
    add_user_preset(locations, "kitchen.toml", KITCHEN)
    bad = add_user_preset(locations, "bad.toml", BROKEN_NAME)
    result = run(capsys, "presets", "list")
    assert result.code == 0  # a list lists; `presets validate` is the check that fails
    rows = table_rows(result.out)
    names = [row[0] for row in rows]
    assert "Kitchen loop" in names
    assert all(name in names for name in STAGES.values())
    # Listed as the picker lists it, by its file and marked; why is on stderr.
    assert rows[-1] == ["✗ bad.toml (cannot load)", "", "", "", str(bad)]
    assert result.err == f"{bad}:1: name: expected a string, got a whole number (3)\n"

    rows = json.loads(run(capsys, "presets", "list", "--json").out)
    assert "Kitchen loop" in [row["name"] for row in rows]
    assert str(bad) not in [row["source"] for row in rows]


def test_presets_list_marks_every_broken_file_in_a_narrow_terminal_too(
    locations: Locations, monkeypatch
):

    from backwalk_tui.plan import build_plan
    from backwalk_tui.presets import load_catalog

    add_user_preset(locations, "[x] walk.toml", BROKEN_NAME)
    out = io.StringIO()
    monkeypatch.setattr(printing, "console", Console(file=out, width=60, color_system=None))
    monkeypatch.setattr(printing, "_terminal_width", lambda: 60)
    catalog = load_catalog(locations.presets_dir)
    printing.preset_table([build_plan(p) for p in catalog], Terminal(), broken=catalog.problems)
    # Rich wraps the cells over several lines; every character is kept.
    lines = table_rows(out.getvalue())
    name, path = ("".join(row[n] for row in lines) for n in (0, 4))
    assert "Stage1·Getcomfortable" in name.replace(" ", "")
    assert "✗[x]walk.toml(cannotload)" in name.replace(" ", "")
    assert str(locations.presets_dir / "[x] walk.toml").replace(" ", "") in path.replace(" ", "")


def test_presets_list_shows_error_text_with_brackets_verbatim(locations: Locations, capsys):
    bad = add_user_preset(locations, "empty.toml", 'name = "No segments"\n')
    result = run(capsys, "presets", "list")
    expected = f"{bad}: missing '[[segment]]': a preset needs at least one segment"
    assert expected in result.out + result.err


def test_presets_list_json_reports_a_broken_user_preset_on_stderr(locations: Locations, capsys):
    bad = add_user_preset(locations, "bad.toml", BROKEN_NAME)
    result = run(capsys, "presets", "list", "--json")
    json.loads(result.out)  # stdout stays clean JSON
    assert f"{bad}:1: name: expected a string, got a whole number (3)" in result.err.splitlines()


# ------------------------------------------------------------ presets show


def test_presets_show_expands_the_plan(home: Path, capsys):
    result = run(capsys, "presets", "show", "stage 1")
    assert result.code == 0
    assert result.out.splitlines()[0] == STAGES[1]
    rows = table_rows(result.out)
    numbered = [row for row in rows if row[0]]  # a long cue wraps onto a second line
    assert [row[0] for row in numbered] == [str(n) for n in range(1, 14)]
    assert [row[1] for row in numbered] == [
        "warm-up",
        "round 1", "round 1", "rest",
        "round 2", "round 2", "rest",
        "round 3", "round 3", "rest",
        "round 4", "round 4",
        "cool-down",
    ]  # fmt: skip
    assert numbered[0][2:4] == ["↑ forward", "1m"]
    assert numbered[1][2:4] == ["↑ forward", "5 steps in 15s"]
    assert numbered[2][2:4] == ["↓ backward", "5 steps in 15s"]
    assert numbered[3][2:4] == ["· rest", "20s"]
    assert squash(result.out)[-1] == "13 segments, 5m in all"


def test_presets_show_a_user_preset_by_path_with_manual_steps(tmp_path: Path, home, capsys):
    path = tmp_path / "manual.toml"
    path.write_text(
        'name = "Manual"\n\n[[segment]]\nkind = "forward"\nsteps = 12\n\n'
        '[[segment]]\nkind = "backward"\nsteps = 15\nlabel = "BACK"\ncue = "Small steps"\n',
        encoding="utf-8",
    )
    result = run(capsys, "presets", "show", str(path))
    assert result.code == 0
    rows = table_rows(result.out)
    assert rows == [
        ["1", "round 1", "↑ forward", "12 steps (Space when done)", ""],
        ["2", "round 1", "↓ BACK", "15 steps (Space when done)", "Small steps"],
    ]
    # Estimated at 30 steps a minute: 24 s + 30 s.
    assert squash(result.out)[-1] == "2 segments, about 54s in all"


def test_presets_show_unknown_name_is_exit_1(home: Path, capsys):
    result = run(capsys, "presets", "show", "no such walk")
    assert result.code == 1
    assert result.out == ""
    assert result.err == "backwalk: no preset named 'no such walk' (see `backwalk presets list`)\n"


def test_presets_show_a_broken_user_preset_gives_its_errors(locations: Locations, capsys):
    bad = add_user_preset(locations, "bad.toml", BROKEN_NAME)
    result = run(capsys, "presets", "show", "bad")
    assert result.code == 1
    assert result.err == f"{bad}:1: name: expected a string, got a whole number (3)\n"


@pytest.mark.parametrize("command", [("presets", "show"), ("run",)])
def test_a_broken_preset_is_found_by_the_name_written_in_it(
    locations: Locations, capsys, command: tuple[str, ...]
):
    # The walker knows the preset as "My kitchen walk", not as its file name.
    text = KITCHEN.replace("Kitchen loop", "My kitchen walk").replace("rounds = 3", 'rounds = "3"')
    bad = add_user_preset(locations, "kitchen-2.toml", text)
    result = run(capsys, *command, "my kitchen walk")
    assert result.code == 1
    assert result.err == f'{bad}:3: rounds: expected a whole number, got a string ("3")\n'


# -------------------------------------------------------- presets validate

BAD_FILE = """\
name = "Bad"
rounds = "three"

[[segment]]
kind = "backwards"
duraton = 30
"""


def test_validate_with_no_user_presets_is_ok(home: Path, capsys):
    result = run(capsys, "presets", "validate")
    assert result == Result(0, "0 preset files OK\n", "")


def test_validate_good_user_presets(locations: Locations, capsys):
    add_user_preset(locations, "kitchen.toml", KITCHEN)
    add_user_preset(locations, "other.toml", KITCHEN.replace("Kitchen loop", "Hallway"))
    assert run(capsys, "presets", "validate") == Result(0, "2 preset files OK\n", "")


def test_validate_good_files_given_as_arguments(tmp_path: Path, home, capsys):
    good = tmp_path / "good.toml"
    good.write_text(KITCHEN, encoding="utf-8")
    assert run(capsys, "presets", "validate", str(good)) == Result(0, "1 preset file OK\n", "")


def test_validate_bad_files_given_as_arguments(tmp_path: Path, home, capsys):
    good = tmp_path / "good.toml"
    good.write_text(KITCHEN, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_FILE, encoding="utf-8")
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('name = "X"\n[[segment]\nkind = 1\n', encoding="utf-8")
    missing = tmp_path / "missing.toml"

    result = run(capsys, "presets", "validate", str(good), str(bad), str(syntax), str(missing))
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        f'{bad}:2: rounds: expected a whole number, got a string ("three")',
        f"{bad}:4: segment[1]: missing 'duration' or 'steps'",
        f"{bad}:5: segment[1].kind: must be one of {KIND_NAMES}, "
        "got 'backwards'; did you mean 'backward'?",
        f"{bad}:6: segment[1].duraton: unknown key 'duraton'; did you mean 'duration'?",
        f"{syntax}:2:10: TOML syntax: Expected ']]' at the end of an array declaration",
        f"{missing}: cannot read: No such file or directory",
    ]


def test_validate_a_bad_user_preset(locations: Locations, capsys):
    add_user_preset(locations, "kitchen.toml", KITCHEN)
    bad = add_user_preset(locations, "bad.toml", BAD_FILE)
    result = run(capsys, "presets", "validate")
    assert result.code == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert lines[0] == f'{bad}:2: rounds: expected a whole number, got a string ("three")'


def test_validate_reports_a_duplicate_name(locations: Locations, capsys):
    add_user_preset(locations, "a.toml", KITCHEN)
    second = add_user_preset(locations, "b.toml", KITCHEN)
    result = run(capsys, "presets", "validate")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith(f"{second}:1: name: duplicate name 'Kitchen loop'")


def test_validate_as_a_real_process(tmp_path: Path, home: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_FILE, encoding="utf-8")
    done = backwalk(home, "presets", "validate", str(bad))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[0] == (
        f'{bad}:2: rounds: expected a whole number, got a string ("three")'
    )
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------- presets new


def test_presets_new_writes_a_valid_copy_of_the_template(locations: Locations, capsys):
    result = run(capsys, "presets", "new", "My walk")
    assert result.code == 0
    assert result.err == ""
    path = Path(result.out.strip())
    assert path == locations.presets_dir / "my-walk.toml"
    written = load_preset(path)
    template = load_preset(builtin_dir() / "stage2-forward-and-back.toml")
    assert written == dataclasses.replace(template, name="My walk")
    # It is now a user preset like any other.
    rows = json.loads(run(capsys, "presets", "list", "--json").out)
    assert {"name": "My walk", "source": str(path), "builtin": False}.items() <= next(
        row for row in rows if row["name"] == "My walk"
    ).items()


def test_presets_new_from_another_preset(locations: Locations, capsys):
    result = run(capsys, "presets", "new", "Gentle start", "--from", "stage 1")
    assert result.code == 0
    path = Path(result.out.strip())
    assert path == locations.presets_dir / "gentle-start.toml"
    source = load_preset(builtin_dir() / "stage1-get-comfortable.toml")
    assert load_preset(path) == dataclasses.replace(source, name="Gentle start")


@pytest.mark.parametrize("name", ["My walk", STAGES[3]])
def test_presets_new_refuses_an_existing_name(locations: Locations, capsys, name: str):
    assert run(capsys, "presets", "new", "My walk").code == 0
    before = sorted(locations.presets_dir.iterdir())
    result = run(capsys, "presets", "new", name)
    assert result.code == 1
    assert result.out == ""
    assert result.err == f"backwalk: a preset named '{name}' already exists\n"
    assert sorted(locations.presets_dir.iterdir()) == before


def test_presets_new_with_a_name_differing_only_in_case_keeps_names_usable(
    locations: Locations, capsys
):
    created = run(capsys, "presets", "new", STAGES[1].lower())
    if created.code == 0:  # if allowed at all, both must still be found by their names
        assert run(capsys, "presets", "show", STAGES[1]).code == 0
        assert run(capsys, "presets", "show", STAGES[1].lower()).code == 0
    else:
        assert created.code == 1
        assert "already exists" in created.err


@pytest.mark.parametrize(
    "existing",
    [
        KITCHEN.replace("Kitchen loop", "Something else"),  # a valid preset of another name
        "this is [[[ not toml",  # a broken file
    ],
)
def test_presets_new_never_overwrites_a_file(locations: Locations, capsys, existing: str):
    taken = add_user_preset(locations, "my-walk.toml", existing)
    result = run(capsys, "presets", "new", "My walk")
    if "not toml" in existing:  # `presets show "My walk"` finds the broken file: taken
        assert (result.code, result.err) == (
            1, "backwalk: 'My walk' already finds the preset 'my-walk.toml': choose another name\n"
        )  # fmt: skip
        assert taken.read_text(encoding="utf-8") == existing
        return
    assert result.code == 0
    path = Path(result.out.strip())
    assert path == locations.presets_dir / "my-walk-2.toml"
    assert taken.read_text(encoding="utf-8") == existing
    assert load_preset(path).name == "My walk"


@pytest.mark.parametrize("argv", [["  "], ["x" * 61], ["Mine", "--from", "no such walk"]])
def test_presets_new_bad_input_is_exit_1_and_writes_nothing(locations: Locations, capsys, argv):
    result = run(capsys, "presets", "new", *argv)
    assert result.code == 1
    assert result.err.startswith("backwalk: ")
    assert not locations.presets_dir.exists() or not any(locations.presets_dir.iterdir())


# ------------------------------------------------------------ presets edit


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def test_presets_edit_valid_result(locations: Locations, capsys, editor, monkeypatch):
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    assert "rounds = 4\n" in path.read_text(encoding="utf-8")
    monkeypatch.setenv("VISUAL", editor("rounds = 4", "rounds = 2"))
    result = run(capsys, "presets", "edit", "My walk")
    assert result == Result(0, f"{path} OK\n", "")
    assert editor.log.read_text(encoding="utf-8") == f"{path}\n"
    assert load_preset(path).rounds == 2


def test_presets_edit_uses_editor_when_visual_is_unset(locations: Locations, capsys, editor,
                                                       monkeypatch):  # fmt: skip
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    monkeypatch.setenv("EDITOR", editor("rounds = 4", "rounds = 3"))
    assert run(capsys, "presets", "edit", "my walk").code == 0
    assert load_preset(path).rounds == 3


def test_an_unknown_theme_is_a_settings_problem_with_its_line(locations: Locations, capsys):
    locations.config_dir.mkdir(parents=True)
    locations.settings_file.write_text('weekly_goal = 2\ntheme = "no-such-theme"\n')
    result = run(capsys, "stats")
    assert result.code == 0
    assert result.err == (
        f"{locations.settings_file}:2: theme: unknown theme 'no-such-theme' "
        "(Ctrl+P in the app lists them)\n"
    )


def test_presets_edit_says_an_editor_that_failed(locations: Locations, capsys, monkeypatch):
    """`VISUAL=false`: the editor exits 1 and changes nothing; that is no "OK"."""
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    before = path.read_bytes()
    monkeypatch.setenv("VISUAL", "false")
    result = run(capsys, "presets", "edit", "My walk")
    assert result == Result(
        1, "", "backwalk: the editor 'false' exited with status 1; the file was not changed\n"
    )
    assert path.read_bytes() == before


def test_presets_edit_checks_a_file_a_failed_editor_changed(locations: Locations, capsys,
                                                            monkeypatch):  # fmt: skip
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    monkeypatch.setenv("VISUAL", """sh -c 'echo "rounds = 2" >> "$1"; exit 3' sh""")
    result = run(capsys, "presets", "edit", "My walk")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "backwalk: the editor 'sh' exited with status 3; the file changed, and is checked"
    )
    assert "rounds" in result.err.splitlines()[1]  # a key twice: the check speaks too
    assert path.read_text(encoding="utf-8").endswith("rounds = 2\n")  # kept, to be fixed


def test_presets_edit_invalid_result(locations: Locations, capsys, editor, monkeypatch):
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    monkeypatch.setenv("VISUAL", editor("rounds = 4", 'rounds = "many"'))
    result = run(capsys, "presets", "edit", "My walk")
    assert result.code == 1
    assert result.out == ""
    line = _line_of(path, "rounds =")
    assert result.err == f'{path}:{line}: rounds: expected a whole number, got a string ("many")\n'
    # The walker's edit is kept, to be fixed, not thrown away.
    assert 'rounds = "many"' in path.read_text(encoding="utf-8")


def test_presets_edit_can_fix_a_broken_user_preset(locations: Locations, capsys, editor,
                                                    monkeypatch):  # fmt: skip
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    monkeypatch.setenv("VISUAL", editor("rounds = 4", 'rounds = "many"'))
    assert run(capsys, "presets", "edit", "My walk").code == 1
    monkeypatch.setenv("VISUAL", editor('rounds = "many"', "rounds = 3"))
    result = run(capsys, "presets", "edit", "my-walk")
    assert result.code == 0, result.err
    assert load_preset(path).rounds == 3


def test_presets_edit_refuses_a_builtin_with_a_hint(home: Path, capsys, editor, monkeypatch):
    builtin = builtin_dir() / "stage1-get-comfortable.toml"
    before = builtin.read_bytes()
    monkeypatch.setenv("VISUAL", editor("rounds = 4", "rounds = 2"))
    result = run(capsys, "presets", "edit", "stage 1")
    assert result.code == 1
    assert result.out == ""
    assert "built in" in result.err
    assert f"backwalk presets new 'My {STAGES[1]}' --from '{STAGES[1]}'" in result.err
    assert not editor.log.exists()
    assert builtin.read_bytes() == before


def test_presets_edit_without_an_editor_opens_the_built_in_editor(locations: Locations, capsys,
                                                                    monkeypatch):  # fmt: skip
    from backwalk_tui.ui import app

    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    opened = []
    monkeypatch.setattr(app, "run_app", lambda where, **kw: opened.append(kw["edit_only"]))
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: True)
    result = run(capsys, "presets", "edit", "My walk")
    assert opened == [path]
    assert result == Result(0, f"{path} OK\n", "")


def test_presets_edit_with_no_editor_and_no_terminal_says_how_to_set_one(
    locations: Locations, capsys, monkeypatch
):
    # From a script or a pipe the built-in editor would wait for keys forever.
    from backwalk_tui.ui import app

    path = Path(run(capsys, "presets", "new", "My walk [1]").out.strip())
    opened = []
    monkeypatch.setattr(app, "run_app", lambda where, **kw: opened.append(kw["edit_only"]))
    result = run(capsys, "presets", "edit", "My walk [1]")
    assert opened == []
    assert result.code == 1 and result.out == ""
    assert result.err == (
        f"backwalk: cannot open {path}: $VISUAL and $EDITOR are not set, and the built-in "
        "editor needs a terminal\n"
        "backwalk: set one, for example: EDITOR=nano backwalk presets edit 'My walk [1]'\n"
    )


def test_presets_edit_passes_over_an_unreadable_visual_and_says_so(
    locations: Locations, capsys, editor, monkeypatch
):
    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    monkeypatch.setenv("VISUAL", '"unclosed')
    monkeypatch.setenv("EDITOR", editor("rounds = 4", "rounds = 3"))
    result = run(capsys, "presets", "edit", "My walk")
    assert result == Result(
        0,
        f"{path} OK\n",
        "backwalk: $VISUAL cannot be read as a command (no closing quotation): $EDITOR is "
        "used instead\n",
    )
    assert load_preset(path).rounds == 3


def test_presets_edit_with_only_an_unreadable_editor_falls_back_to_the_built_in_one(
    locations: Locations, capsys, monkeypatch
):
    from backwalk_tui.ui import app

    path = Path(run(capsys, "presets", "new", "My walk").out.strip())
    monkeypatch.setenv("VISUAL", '"unclosed')
    opened = []
    monkeypatch.setattr(app, "run_app", lambda where, **kw: opened.append(kw["edit_only"]))
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: True)
    result = run(capsys, "presets", "edit", "My walk")
    assert opened == [path]
    assert result.code == 0
    assert result.err.startswith("backwalk: $VISUAL cannot be read as a command")
    assert result.err.endswith(": the built-in editor is used instead\n")

    # From a pipe: said, and then what to do, as when none is set.
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: False)
    result = run(capsys, "presets", "edit", "My walk")
    assert result.code == 1
    assert f"cannot open {path}: $VISUAL and $EDITOR give no editor that can be run" in result.err


def test_presets_edit_at_a_terminal_is_told_apart_from_a_pipe(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert cli._at_a_terminal() is False


def test_presets_edit_with_an_editor_that_cannot_run(locations: Locations, capsys, tmp_path,
                                                     monkeypatch):  # fmt: skip
    run(capsys, "presets", "new", "My walk")
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    result = run(capsys, "presets", "edit", "My walk")
    assert result.code == 1
    assert result.err.startswith("backwalk: cannot run the editor")


def test_presets_edit_unknown_preset(home: Path, capsys, editor, monkeypatch):
    monkeypatch.setenv("VISUAL", editor("a", "b"))
    result = run(capsys, "presets", "edit", "no such walk")
    assert result.code == 1
    assert "no preset named 'no such walk'" in result.err
    assert not editor.log.exists()


# ------------------------------------------------------------- presets path


@pytest.fixture
def presets_file(locations: Locations) -> Path:
    """The presets "folder" is a regular file (made by hand, or a download gone astray)."""
    locations.config_dir.mkdir(parents=True)
    locations.presets_dir.write_text("not a folder\n", encoding="utf-8")
    return locations.presets_dir


@pytest.mark.parametrize(
    "argv",
    [
        ["presets", "list"],
        ["presets", "list", "--json"],
        ["presets", "show", "stage 1"],
        ["presets", "validate"],
        ["presets", "new", "My walk"],
        ["presets", "new", "My walk", "--from", "stage 1"],
        ["presets", "edit", "My walk"],
    ],
)
def test_a_presets_folder_that_is_a_file_is_named_and_exit_1(presets_file, capsys, argv,
                                                             editor, monkeypatch):  # fmt: skip
    monkeypatch.setenv("EDITOR", editor())
    result = run(capsys, *argv)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith(f"backwalk: {presets_file} is a file, not a folder")
    assert presets_file.read_text(encoding="utf-8") == "not a folder\n"
    assert not editor.log.exists()


def test_a_config_folder_that_is_a_file_is_named(locations: Locations, capsys):
    locations.config_dir.parent.mkdir(parents=True, exist_ok=True)
    locations.config_dir.write_text("", encoding="utf-8")
    result = run(capsys, "presets", "validate")
    assert result.code == 1
    assert result.err.startswith(f"backwalk: {locations.config_dir} is a file, not a folder")


def test_a_presets_folder_that_is_a_broken_link_is_named(locations: Locations, capsys, tmp_path):
    locations.config_dir.mkdir(parents=True)
    locations.presets_dir.symlink_to(tmp_path / "gone")
    result = run(capsys, "presets", "new", "My walk")
    assert result.code == 1
    gone = tmp_path / "gone"
    assert (
        result.err
        == f"backwalk: {locations.presets_dir} is a link to {gone}, which does not exist\n"
    )


def test_files_given_to_validate_are_checked_whatever_the_presets_folder(presets_file, tmp_path,
                                                                        capsys):  # fmt: skip
    good = tmp_path / "kitchen.toml"
    good.write_text(KITCHEN, encoding="utf-8")
    assert run(capsys, "presets", "validate", str(good)) == Result(0, "1 preset file OK\n", "")


def test_presets_path(locations: Locations, capsys):
    assert run(capsys, "presets", "path") == Result(0, f"{locations.presets_dir}\n", "")


# ------------------------------------------------------------------ history


def test_history_json_on_a_fresh_home_is_an_empty_array(home: Path, capsys):
    result = run(capsys, "history", "--json")
    assert result == Result(0, "[]\n", "")


def test_history_on_a_fresh_home_as_text_and_csv(home: Path, capsys):
    assert run(capsys, "history").code == 0
    result = run(capsys, "history", "--csv")
    assert result.code == 0
    assert len(result.out.splitlines()) == 1  # the header alone


def _two_sessions(locations: Locations) -> tuple[int, int]:
    first = record(
        locations.database, STAGES[2], [("forward", 120.0), ("backward", 25.5)],
        started_at=datetime(2026, 3, 2, 7, 30, tzinfo=TZ), planned_seconds=400.0,
        pain_before=4, pain_after=2, stumbles=0, notes="fine, thanks\nsecond line",
    )  # fmt: skip
    second = record(
        locations.database, "Kitchen loop", [("sideways", 30.0)], status="interrupted",
        started_at=datetime(2026, 3, 4, 18, 0, tzinfo=TZ),
    )  # fmt: skip
    return first, second


def _segment(index: int, kind: str, seconds: float) -> dict:
    return {
        "index": index, "round": 1, "kind": kind, "planned_seconds": seconds,
        "target_steps": None, "active_seconds": seconds, "status": "completed",
    }  # fmt: skip


def test_history_json_has_the_design_shape_newest_first(locations: Locations, capsys):
    first, second = _two_sessions(locations)
    result = run(capsys, "history", "--json")
    assert result.code == 0
    assert result.err == ""
    assert json.loads(result.out) == [
        {
            "id": second,
            "started_at": "2026-03-04T18:00:00+02:00",
            "ended_at": "2026-03-04T18:10:00+02:00",
            "preset": "Kitchen loop",
            "status": "interrupted",
            "planned_seconds": None,
            "active_seconds": 30.0,
            "seconds_by_kind": {"forward": 0.0, "backward": 0.0, "sideways": 30.0, "rest": 0.0},
            "pain_before": None,
            "pain_after": None,
            "stumbles": None,
            "notes": "",
            "skipped_through": False,
            "asleep_seconds": 0.0,
            "segments": [_segment(0, "sideways", 30.0)],
            "notices": [],
        },
        {
            "id": first,
            "started_at": "2026-03-02T07:30:00+02:00",
            "ended_at": "2026-03-02T07:40:00+02:00",
            "preset": STAGES[2],
            "status": "completed",
            "planned_seconds": 400.0,
            "active_seconds": 145.5,
            "seconds_by_kind": {"forward": 120.0, "backward": 25.5, "sideways": 0.0, "rest": 0.0},
            "pain_before": 4,
            "pain_after": 2,
            "stumbles": 0,
            "notes": "fine, thanks\nsecond line",
            "skipped_through": True,  # 145.5 s of the 400 planned
            "asleep_seconds": 0.0,
            "segments": [_segment(0, "forward", 120.0), _segment(1, "backward", 25.5)],
            "notices": [],
        },
    ]


def test_history_shows_the_notices_kept_with_a_session(locations: Locations, capsys):
    sid = record(
        locations.database, STAGES[2], [("backward", 300.0)],
        started_at=datetime(2026, 3, 2, 7, 30, tzinfo=TZ), pain_before=3, pain_after=7,
        stumbles=1,
    )  # fmt: skip
    with History(locations.database) as history:
        history.add_notice(sid, "pain_alert")
        history.add_notice(sid, "stumble")
    data = json.loads(run(capsys, "history", "--json").out)
    assert data[0]["notices"] == ["pain_alert", "stumble"]
    assert list(data[0])[-1] == "notices"  # added after every earlier field
    rows = list(csv.DictReader(io.StringIO(run(capsys, "history", "--csv").out[1:])))
    assert rows[0]["notices"] == "pain_alert stumble"
    assert list(rows[0])[-1] == "notices"
    # The table keeps to 80 columns: the Pain and Stumble columns say it there.
    [row] = table_rows(run(capsys, "history").out)
    assert row[-2:] == ["3 → 7", "yes"]


def test_history_csv_has_a_header_and_one_row_per_session(locations: Locations, capsys):
    first, second = _two_sessions(locations)
    result = run(capsys, "history", "--csv")
    assert result.code == 0
    assert result.out.startswith("\ufeff"), "a spreadsheet needs the mark to read UTF-8"
    assert result.out.splitlines()[0] == (
        "\ufeffid,started_at,ended_at,preset,status,planned_seconds,active_seconds,"
        "forward_seconds,backward_seconds,sideways_seconds,rest_seconds,"
        "pain_before,pain_after,stumbles,notes,skipped_through,asleep_seconds,notices"
    )
    rows = list(csv.DictReader(io.StringIO(result.out.removeprefix("\ufeff"))))
    assert rows == [
        {
            "id": str(second), "started_at": "2026-03-04T18:00:00+02:00",
            "ended_at": "2026-03-04T18:10:00+02:00", "preset": "Kitchen loop",
            "status": "interrupted", "planned_seconds": "", "active_seconds": "30.0",
            "forward_seconds": "0.0", "backward_seconds": "0.0", "sideways_seconds": "30.0",
            "rest_seconds": "0.0", "pain_before": "", "pain_after": "", "stumbles": "",
            "notes": "", "skipped_through": "False", "asleep_seconds": "0.0",
            "notices": "",
        },
        {
            "id": str(first), "started_at": "2026-03-02T07:30:00+02:00",
            "ended_at": "2026-03-02T07:40:00+02:00", "preset": STAGES[2],
            "status": "completed", "planned_seconds": "400.0", "active_seconds": "145.5",
            "forward_seconds": "120.0", "backward_seconds": "25.5", "sideways_seconds": "0.0",
            "rest_seconds": "0.0", "pain_before": "4", "pain_after": "2", "stumbles": "0",
            "notes": "fine, thanks\nsecond line", "skipped_through": "True",
            "asleep_seconds": "0.0", "notices": "",
        },
    ]  # fmt: skip
    # The same scalar fields as `history --json`, in its order, kinds spread out.
    scalars = []
    for key, value in json.loads(run(capsys, "history", "--json").out)[0].items():
        if key == "seconds_by_kind":
            scalars += [f"{kind}_seconds" for kind in value]
        elif key == "notices" or not isinstance(value, list):  # notices: one cell of kinds
            scalars.append(key)
    assert list(rows[0]) == scalars


FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    "text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "'quoted already"]
)
def test_history_csv_keeps_text_from_running_as_a_formula(locations: Locations, capsys, text):
    # OWASP's advice for CSV injection: a text cell that a spreadsheet would run
    # as a formula gets a leading single quote, which spreadsheets show as text.
    started = datetime(2026, 3, 2, 7, 30, tzinfo=TZ)
    record(locations.database, text, [("backward", 90.0)], started_at=started, notes=text)
    note = clean_note(text)  # a note is kept without its tab or carriage return
    result = run(capsys, "history", "--csv")
    [row] = list(csv.DictReader(io.StringIO(result.out.removeprefix("\ufeff"))))
    expected = [t if t.startswith("'") else "'" + t for t in (text, note)]
    assert [row["preset"], row["notes"]] == expected
    # Numbers stay numbers, and the other forms keep the text as written.
    assert row["backward_seconds"] == "90.0" and row["id"].isdigit()
    [session] = json.loads(run(capsys, "history", "--json").out)
    assert (session["preset"], session["notes"]) == (text, note)


def test_history_csv_leaves_ordinary_text_alone(locations: Locations, capsys):
    started = datetime(2026, 3, 2, 7, 30, tzinfo=TZ)
    note = "Knee fine = good; 2-3 steps -ish"
    record(locations.database, "Kitchen - loop", [("backward", 90.0)], started_at=started,
           notes=note)  # fmt: skip
    [row] = list(csv.DictReader(io.StringIO(run(capsys, "history", "--csv").out[1:])))
    assert (row["preset"], row["notes"]) == ("Kitchen - loop", note)


def test_history_as_a_table(locations: Locations, capsys):
    _two_sessions(locations)
    result = run(capsys, "history")
    assert result.code == 0
    rows = table_rows(result.out)
    assert [row[1:] for row in rows] == [
        ["Kitchen loop", "interrupted", "30s", "0s", "", ""],
        # 145.5 s of the 400 planned: completed, but skipped through.
        [STAGES[2], "skipped through", "2m26s", "26s", "4 → 2", "no"],
    ]


def test_a_session_skipped_through_is_listed_for_what_it_is(locations: Locations, capsys):
    # Every segment skipped with `n`: completed, with 4 s walked of 10 minutes.
    record(locations.database, "Skipped", [("backward", 4.0)], planned_seconds=600.0)
    [row] = table_rows(run(capsys, "history").out)
    assert row[1:3] == ["Skipped", "skipped through"]
    [session] = json.loads(run(capsys, "history", "--json").out)
    assert (session["status"], session["skipped_through"]) == ("completed", True)


@pytest.fixture
def three_days(locations: Locations) -> list[int]:
    """Sessions at local noon on 10, 15 and 20 January 2026, oldest first."""
    return [
        record(locations.database, f"Day {day}", [("backward", 60.0)],
               started_at=datetime(2026, 1, day, 12, 0).astimezone())
        for day in (10, 15, 20)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], [2, 1, 0]),
        (["--since", "2026-01-15"], [2, 1]),
        (["--since", "2026-01-16"], [2]),
        (["--since", "2026-01-21"], []),
        (["--since", "2026-01-01"], [2, 1, 0]),
        (["--limit", "2"], [2, 1]),
        (["--limit", "1"], [2]),
        (["--limit", "10"], [2, 1, 0]),
        (["--since", "2026-01-10", "--limit", "2"], [2, 1]),
    ],
)
def test_history_since_and_limit(three_days: list[int], capsys, options, expected):
    result = run(capsys, "history", "--json", *options)
    assert result.code == 0
    assert [s["id"] for s in json.loads(result.out)] == [three_days[i] for i in expected]


def test_history_since_after_every_session_says_none_since_then(three_days, capsys):
    result = run(capsys, "history", "--since", "2026-01-21")
    assert result == Result(0, "No sessions on or after 2026-01-21.\n", "")


@pytest.mark.parametrize(
    "date",
    ["2026-02-30", "yesterday", "15/01/2026", "", "１９６９-12-31", "2026-1-5", "٢٠٢٦-01-05"],
)
def test_history_bad_since_is_a_usage_error(home: Path, capsys, date: str):
    err = usage_error(capsys, "history", "--since", date)
    assert f"'{date}' is not a date like" in err


@pytest.mark.parametrize("limit", ["0", "-3", "ten", "1.5"])
def test_history_bad_limit_is_a_usage_error(home: Path, capsys, limit: str):
    assert "whole number" in usage_error(capsys, "history", f"--limit={limit}")


@pytest.mark.parametrize(
    ("argv", "option", "expected"),
    [
        (["history", "--limit", "9" * 20], "--limit", "a whole number from 1 to 100000"),
        (["history", "--limit", "100001"], "--limit", "a whole number from 1 to 100000"),
        (["history", "--limit", "9" * 5000], "--limit", "a whole number from 1 to 100000"),
        (["history", "--limit", "\u00b2"], "--limit", "a whole number from 1 to 100000"),
        (["report", "--weeks", "9" * 20], "--weeks", "a whole number from 1 to 52"),
        (["report", "--weeks", "200000"], "--weeks", "a whole number from 1 to 52"),
        (["report", "--weeks", "53"], "--weeks", "a whole number from 1 to 52"),
        (["history", "--since", "0001-01-01"], "--since", "a date from 1970-01-01 on"),
        (["history", "--since", "1969-12-31"], "--since", "a date from 1970-01-01 on"),
    ],
)
def test_numbers_and_dates_out_of_bounds_are_usage_errors(home: Path, capsys, argv, option,
                                                          expected):  # fmt: skip
    err = usage_error(capsys, *argv)
    assert f"error: argument {option}: " in err and expected in err
    assert "Traceback" not in err and len(err) < 1000


def test_report_weeks_is_bounded_where_the_report_is():
    from backwalk_tui import report

    assert cli.MOST_WEEKS == report.MAX_WEEKS


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "--json", "--limit", "100000"],
        ["history", "--json", "--since", "1970-01-01"],
        ["history", "--json", "--since", "9999-12-31"],
        ["report", "--weeks", "52", "-o", "-"],
        ["report", "--weeks", "1", "-o", "-"],
    ],
)
def test_the_bounds_themselves_work(locations: Locations, capsys, argv):
    record(locations.database, "Kitchen loop", [("backward", 90.0)],
           started_at=datetime(2026, 1, 10, 12, 0).astimezone())  # fmt: skip
    result = run(capsys, *argv)
    assert result.code == 0, result.err
    assert result.out


def test_history_from_an_unreadable_database(locations: Locations, capsys):
    locations.data_dir.mkdir(parents=True)
    locations.database.write_bytes(b"garbage, not a database\n" * 100)
    result = run(capsys, "history", "--json")
    assert result.code == 0
    assert result.out == "[]\n"
    assert result.err.startswith("backwalk: ")
    assert "unreadable" in result.err
    assert list(locations.data_dir.glob("history.db.unreadable-*"))


def test_history_from_a_newer_database_is_exit_1(locations: Locations, capsys):
    import sqlite3

    locations.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(locations.database)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    result = run(capsys, "history", "--json")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("backwalk: ")
    assert "newer version" in result.err


def test_history_json_as_a_real_process(home: Path, locations: Locations):
    sid = record(locations.database, "Kitchen loop", [("backward", 42.0)])
    done = backwalk(home, "history", "--json")
    assert done.returncode == 0, done.stderr
    sessions = json.loads(done.stdout)
    assert [(s["id"], s["preset"], s["seconds_by_kind"]["backward"]) for s in sessions] == [
        (sid, "Kitchen loop", 42.0)
    ]


# -------------------------------------------------------------------- stats


def test_stats_on_a_fresh_home(home: Path, capsys):
    result = run(capsys, "stats")
    assert result.code == 0
    assert "No sessions yet" in result.out


def test_stats_summary(locations: Locations, capsys):
    record(locations.database, "A", [("forward", 60.0)])
    record(locations.database, "B", [("backward", 90.0)], status="ended_early")
    record(locations.database, "C", [], status="interrupted")  # walked nothing: not counted
    result = run(capsys, "stats")
    assert result.code == 0
    assert result.err == ""
    lines = squash(result.out)
    assert lines[:8] == [
        "Sessions 2",
        "Walked 2 min 30 s",
        "Walked backward 1 min 30 s",
        "This week 2 sessions (goal 3)",
        "Weeks at goal 0 weeks in a row (best 0)",
        "Days in a row 1 (best 1)",
        "6-week program 2 of 18 sessions in the last 6 weeks",
        "Knee pain not rated yet",
    ]
    # Headed as the stats screen heads it (words.suggestion_heading).
    assert lines[lines.index("Where to start") + 1].startswith("Start with stage 1")
    assert "Start with stage 1: a few slow steps, with support." in lines


def test_stats_says_when_the_next_session_is_due_and_sets_the_program_beside_the_trial(
    locations: Locations, capsys
):
    record(locations.database, "A", [("backward", 600.0)])  # now
    with History(locations.database) as history:
        history.add_checkin(tug_seconds=12.0, pain_week=6, taken_at=datetime.now(TZ) - timedelta(1))
        history.add_checkin(tug_seconds=11.5)
    lines = squash(run(capsys, "stats").out)
    [due] = [line for line in lines if line.startswith("Next: ")]
    assert due.endswith(" · this week: 1 of 3")
    start = lines.index("The 6-week program beside the trial")  # the stats screen's heading
    block = "\n".join(lines[start:])
    assert "Weekly knee pain (0-10) 6 at baseline" in block
    assert "Timed Up and Go 12.0 s at baseline" in block
    assert "pain fell by 1.8 points on average in the retro walking group" in block
    assert "Sessions 1 of the trial's 18 in 6 weeks" in block
    chart = lines.index("Timed Up and Go at each check-in (lower is better)")
    assert lines[chart + 1].split(" ", 2)[2].startswith("12.0 s ████")
    assert lines[chart + 2].split(" ", 2)[2].startswith("11.5 s ████")


def test_stats_in_minutes_and_with_the_weekly_goal_setting(locations: Locations, capsys):
    locations.config_dir.mkdir(parents=True)
    locations.settings_file.write_text("weekly_goal = 5\n", encoding="utf-8")
    record(locations.database, "Long", [("backward", 700.0), ("forward", 90.0)])
    lines = squash(run(capsys, "stats").out)
    # 790 s is 13.2 min, 700 s is 11.7 min.
    assert lines[1:4] == [
        "Walked 13 min",
        "Walked backward 12 min",
        "This week 1 session (goal 5)",
    ]


def test_stats_reports_a_settings_problem_and_goes_on(locations: Locations, capsys):
    locations.config_dir.mkdir(parents=True)
    locations.settings_file.write_text("weekly_goal = 0\n", encoding="utf-8")
    record(locations.database, "A", [("forward", 60.0)])
    result = run(capsys, "stats")
    assert result.code == 0
    assert result.err == (
        f"{locations.settings_file}:1: weekly_goal: must be between 1 and 14, got 0\n"
    )
    assert "This week 1 session (goal 3)" in squash(result.out)


# ------------------------------------------------------- version and errors


def test_version(home: Path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"backwalk {version('backwalk')}\n"


def test_version_as_a_real_process(home: Path):
    done = backwalk(home, "--version")
    assert done.returncode == 0
    assert done.stdout == f"backwalk {version('backwalk')}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "no such walk"],
        ["presets", "show", "no such walk"],
        ["presets", "new", "Mine", "--from", "no such walk"],
        ["presets", "show", "/no/such/file.toml"],
    ],
)
def test_unknown_preset_is_exit_1_with_a_message(home: Path, capsys, argv):
    result = run(capsys, *argv)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("backwalk: ")
    assert len(result.err.splitlines()) == 1


def test_unknown_preset_as_a_real_process_has_no_traceback(home: Path):
    done = backwalk(home, "run", "no such walk")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "backwalk: no preset named 'no such walk' (see `backwalk presets list`)\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["presets"],
        ["presets", "bogus"],
        ["presets", "show"],
        ["presets", "new"],
        ["run"],
        ["history", "--json", "--csv"],
        ["history", "--frobnicate"],
        ["--no-such-option", "stats"],
        ["stats", "extra"],
    ],
)
def test_usage_errors_are_exit_2(home: Path, capsys, argv):
    err = usage_error(capsys, *argv)
    assert err.startswith("usage: backwalk")


def test_usage_error_as_a_real_process(home: Path):
    done = backwalk(home, "presets", "frobnicate")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: backwalk")
    assert "Traceback" not in done.stderr


# ------------------------------------------------------ --config-dir / --data-dir


def test_config_dir_overrides_backwalk_home(tmp_path: Path, locations: Locations, capsys):
    elsewhere = tmp_path / "elsewhere-config"
    (elsewhere / "presets").mkdir(parents=True)
    (elsewhere / "presets" / "e.toml").write_text(
        KITCHEN.replace("Kitchen loop", "Elsewhere walk"), encoding="utf-8"
    )
    add_user_preset(locations, "home.toml", KITCHEN.replace("Kitchen loop", "Home walk"))

    result = run(capsys, "--config-dir", str(elsewhere), "presets", "path")
    assert result.out == f"{elsewhere / 'presets'}\n"
    names = [r["name"] for r in json.loads(
        run(capsys, "--config-dir", str(elsewhere), "presets", "list", "--json").out
    )]  # fmt: skip
    assert "Elsewhere walk" in names
    assert "Home walk" not in names
    # --data-dir leaves the config dir alone.
    result = run(capsys, "--data-dir", str(tmp_path / "d"), "presets", "path")
    assert result.out == f"{locations.presets_dir}\n"


def test_data_dir_overrides_backwalk_home(tmp_path: Path, locations: Locations, capsys):
    elsewhere = tmp_path / "elsewhere-data"
    record(locations.database, "At home", [("backward", 10.0)])
    record(elsewhere / "history.db", "Elsewhere", [("backward", 20.0)])
    result = run(capsys, "--data-dir", str(elsewhere), "history", "--json")
    assert [s["preset"] for s in json.loads(result.out)] == ["Elsewhere"]
    result = run(capsys, "history", "--json")
    assert [s["preset"] for s in json.loads(result.out)] == ["At home"]


@pytest.mark.parametrize("option", ["--config-dir", "--data-dir"])
def test_an_empty_dir_option_is_a_usage_error_not_the_default_folders(
    locations: Locations, capsys, option: str
):
    """`--data-dir "$DIR"` with DIR unset must not reach the walker's real history."""
    record(locations.database, "At home", [("backward", 10.0)])
    err = usage_error(capsys, option, "", "history", "--json")
    assert f"{option} is empty" in err


def test_an_empty_backwalk_home_is_a_usage_error(locations: Locations, capsys, monkeypatch):
    monkeypatch.setenv("BACKWALK_HOME", "")
    err = usage_error(capsys, "history", "--json")
    assert "BACKWALK_HOME is set but empty" in err
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "backwalk").exists()


def test_a_tilde_in_the_dir_options_is_the_home_dir(home: Path, capsys):
    result = run(capsys, "--config-dir", "~/my-config", "presets", "path")
    assert result.out == f"{Path(os.environ['HOME']) / 'my-config' / 'presets'}\n"


def test_dir_options_as_a_real_process(tmp_path: Path, home: Path):
    elsewhere = tmp_path / "cfg"
    done = backwalk(home, "--config-dir", str(elsewhere), "presets", "path")
    assert done.returncode == 0
    assert done.stdout == f"{elsewhere / 'presets'}\n"
    done = backwalk(home, "presets", "path")
    assert done.stdout == f"{home / 'config' / 'presets'}\n"


# ----------------------------------------------------------- no Textual


NO_TEXTUAL = r"""
import json, sys
from backwalk_tui import cli

codes = [cli.main(argv) for argv in json.loads(sys.argv[1])]
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] == "textual" or name.startswith("backwalk_tui.ui")
)
print("RESULT", json.dumps({"codes": codes, "loaded": loaded}))
"""


def test_subcommands_never_import_textual(home: Path, locations: Locations):
    record(locations.database, "Kitchen loop", [("backward", 42.0)])
    add_user_preset(locations, "kitchen.toml", KITCHEN)
    commands = [
        ["presets", "list"],
        ["presets", "list", "--json"],
        ["presets", "show", "stage 2"],
        ["presets", "validate"],
        ["presets", "path"],
        ["presets", "new", "Another walk"],
        ["history"],
        ["history", "--json"],
        ["history", "--csv"],
        ["stats"],
        ["run", "no such walk"],  # fails before the app would open
    ]
    environ = {**os.environ, "BACKWALK_HOME": str(home), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, json.dumps(commands)],
        capture_output=True, text=True, env=environ, timeout=TIMEOUT, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.rsplit("RESULT ", 1)[1])
    assert result == {"codes": [0] * 10 + [1], "loaded": []}


# ------------------------------------------------------------------- report


def test_report_writes_a_private_page_and_prints_its_path(locations: Locations, capsys, tmp_path):
    record(locations.database, "Kitchen loop", [("backward", 120.0)], notes="fine")
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    result = run(capsys, "report", "--weeks", "2", "-o", str(target))
    assert result == Result(0, f"{target}\n", "")
    text = target.read_text(encoding="utf-8")
    assert 'data-figure="sessions">1<' in text and "Kitchen loop" in text
    assert target.stat().st_mode & 0o777 == 0o600


def test_report_into_a_missing_folder_is_a_clear_error(home: Path, capsys, tmp_path):
    result = run(capsys, "report", "-o", str(tmp_path / "no" / "such" / "r.html"))
    assert result.code == 1
    assert result.err.startswith(f"backwalk: cannot write {tmp_path / 'no' / 'such' / 'r.html'}")


def test_presets_edit_finds_a_broken_preset_by_the_name_written_in_it(
    locations: Locations, capsys, editor, monkeypatch
):
    path = Path(run(capsys, "presets", "new", "My kitchen walk").out.strip())
    path.write_text(path.read_text(encoding="utf-8").replace("steps = 12", "stepz = 12", 1))
    monkeypatch.setenv("VISUAL", editor("stepz = 12", "steps = 12"))
    result = run(capsys, "presets", "edit", "My kitchen walk")
    assert result == Result(0, f"{path} OK\n", "")


def test_presets_fmt_names_a_missing_file(home: Path, capsys):
    result = run(capsys, "presets", "fmt", "My kitchen walk")
    assert result.code == 1
    assert result.err == (
        "My kitchen walk: cannot read: No such file or directory "
        "(fmt takes a file's path: `backwalk presets list` shows each one's)\n"
    )


@pytest.mark.parametrize("action", ["fmt", "validate"])
def test_presets_fmt_and_validate_say_a_device_alike(home: Path, capsys, action: str):
    """fmt said "no such file" of /dev/null; it is there, and not a regular file."""
    result = run(capsys, "presets", action, os.devnull)
    assert result.code == 1
    assert result.err.startswith(f"{os.devnull}: not a regular file (a device)")


def test_presets_help_prints_the_format_every_header_points_to(home: Path, capsys):
    from backwalk_tui.presets import FORMAT_HEADER

    assert "`backwalk presets help`" in FORMAT_HEADER
    result = run(capsys, "presets", "help")
    assert result.code == 0
    assert result.out.startswith("# Preset file format, version 1\n")
    assert "| `duration` |" in result.out


# ------------------------------------------------------------------ check-ins


def _two_checkins(locations: Locations) -> tuple[int, int]:
    with History(locations.database) as history:
        first = history.add_checkin(
            tug_seconds=12.34, pain_week=6, notes="=HYPERLINK(\"x\")",
            taken_at=datetime(2026, 3, 2, 9, 0, tzinfo=TZ),
        )  # fmt: skip
        second = history.add_checkin(
            pain_week=4, notes="no TUG: [b]sore[/b]\nsecond line",
            taken_at=datetime(2026, 3, 23, 9, 15, tzinfo=TZ),
        )  # fmt: skip
    return first, second


def test_checkins_json_has_exactly_the_design_fields_newest_first(locations: Locations, capsys):
    first, second = _two_checkins(locations)
    result = run(capsys, "checkins", "--json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == [
        {"id": second, "taken_at": "2026-03-23T09:15:00+02:00", "tug_seconds": None,
         "pain_week": 4, "notes": "no TUG: [b]sore[/b]\nsecond line"},
        {"id": first, "taken_at": "2026-03-02T09:00:00+02:00", "tug_seconds": 12.3,
         "pain_week": 6, "notes": "=HYPERLINK(\"x\")"},
    ]  # fmt: skip
    assert [list(row) for row in json.loads(result.out)] == [
        ["id", "taken_at", "tug_seconds", "pain_week", "notes"]
    ] * 2


def test_checkins_csv_neutralises_formulas_and_ends_rows_in_crlf(locations: Locations, capsys):
    first, second = _two_checkins(locations)
    result = run(capsys, "checkins", "--csv")
    assert result.code == 0
    assert result.out.startswith("\ufeffid,taken_at,tug_seconds,pain_week,notes\r\n")
    rows = list(csv.DictReader(io.StringIO(result.out.removeprefix("\ufeff"))))
    assert rows == [
        {"id": str(second), "taken_at": "2026-03-23T09:15:00+02:00", "tug_seconds": "",
         "pain_week": "4", "notes": "no TUG: [b]sore[/b]\nsecond line"},
        {"id": str(first), "taken_at": "2026-03-02T09:00:00+02:00", "tug_seconds": "12.3",
         "pain_week": "6", "notes": "'=HYPERLINK(\"x\")"},
    ]  # fmt: skip


def test_checkins_table_shows_each_checkin_as_written(locations: Locations, capsys):
    _two_checkins(locations)
    result = run(capsys, "checkins")
    assert result.code == 0
    lines = squash(result.out)
    assert lines[0] == "Check-ins, newest first"
    assert any("12.3 s" in line and "6 / 10" in line for line in lines)
    assert "[b]sore[/b]" in result.out  # Rich markup in a note is shown, not applied


def test_piped_sentences_are_not_wrapped_so_no_command_name_is_split(
    locations, capsys, monkeypatch
):
    # The console the command makes itself, writing to a pipe (as `| less`).
    monkeypatch.setattr(printing, "console", None)
    monkeypatch.setenv("COLUMNS", "60")
    result = run(capsys, "checkins")
    assert result.code == 0
    # One line a sentence, however narrow: a reader or the terminal wraps it.
    assert result.out.count("\n") == 1 and "`backwalk checkin`" in result.out


def test_checkins_without_a_history_says_none_yet_and_creates_nothing(locations, capsys):
    result = run(capsys, "checkins")
    assert result.code == 0
    assert "No check-ins yet" in result.out
    assert json.loads(run(capsys, "checkins", "--json").out) == []
    assert not locations.database.exists()


def test_checkins_json_and_csv_together_is_a_usage_error(home: Path, capsys):
    assert "not allowed with" in usage_error(capsys, "checkins", "--json", "--csv")


# ------------------------------------------------------------------------ due


def test_due_with_no_sessions_is_due_today_exit_0(locations: Locations, capsys):
    result = run(capsys, "due")
    assert (result.code, result.out, result.err) == (0, "due today · this week: 0 of 3\n", "")
    assert not locations.database.exists()


def test_due_after_a_session_today_is_not_due_exit_1(locations: Locations, capsys):
    record(locations.database, STAGES[2], [("backward", 600.0)])  # now
    result = run(capsys, "due")
    assert result.code == 1
    assert result.err == ""
    head, week = result.out.rstrip("\n").split(" · ")
    assert head.startswith("next: ") and head.endswith("day")
    assert week == "this week: 1 of 3"


def test_due_follows_the_weekly_goal_setting(locations: Locations, capsys):
    locations.config_dir.mkdir(parents=True)
    locations.settings_file.write_text("weekly_goal = 14\n", encoding="utf-8")
    record(locations.database, STAGES[2], [("backward", 600.0)])
    result = run(capsys, "due")  # twice a day: one more today
    assert (result.code, result.out) == (0, "due today · this week: 1 of 14\n")


# ---------------------------------------------------------- unwritable output

#: Every command that prints, as a walker would type it.
PRINTING_COMMANDS = [
    ("presets", "list"), ("presets", "list", "--json"), ("presets", "show", "stage 2"),
    ("presets", "validate"), ("presets", "path"), ("presets", "help"),
    ("presets", "new", "Mine"), ("stats",), ("history",), ("history", "--csv"),
    ("history", "--json"), ("checkins",), ("checkins", "--json"), ("checkins", "--csv"),
    ("due",), ("report", "-o", "-"), ("report",), ("sounds",), ("--version",), ("--help",),
    ("presets", "--help"),
]  # fmt: skip


def _run_into(home: Path, argv: tuple[str, ...], stdout) -> subprocess.CompletedProcess[str]:
    """`backwalk ARGV` as a real process, its standard output `stdout` (a file or a pipe)."""
    environ = {**os.environ, "BACKWALK_HOME": str(home), "BACKWALK_AUDIO": "null"}
    return subprocess.run(
        [sys.executable, "-m", "backwalk_tui", *argv], stdout=stdout, stderr=subprocess.PIPE,
        text=True, env=environ, timeout=TIMEOUT, cwd=home,
    )  # fmt: skip


@pytest.mark.parametrize("argv", PRINTING_COMMANDS, ids=" ".join)
def test_a_full_standard_output_is_one_line_on_stderr_and_exit_1(home: Path, argv):
    with open("/dev/full", "w") as full:
        result = _run_into(home, argv, full)
    assert result.returncode == 1
    assert result.stderr == (
        "backwalk: cannot write to standard output (/dev/full): No space left on device\n"
    )


@pytest.mark.parametrize("argv", PRINTING_COMMANDS, ids=" ".join)
def test_a_reader_that_left_ends_the_command_quietly(home: Path, argv):
    """`backwalk history | head -1`: the pipe is closed before backwalk writes."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = _run_into(home, argv, writer)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_closed_standard_output_is_said_and_exit_1(home: Path):
    """`backwalk presets path >&-`: the shell gives it no standard output at all."""
    environ = {**os.environ, "BACKWALK_HOME": str(home)}
    result = subprocess.run(
        ["sh", "-c", '"$0" -m backwalk_tui presets path >&-', sys.executable],
        stderr=subprocess.PIPE, text=True, env=environ, timeout=TIMEOUT, cwd=home,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "backwalk: cannot write to standard output: Bad file descriptor\n"


# ------------------------------------------------- output streams and encodings


def test_with_stderr_closed_messages_go_nowhere_not_into_the_data(tmp_path, capsys, monkeypatch):
    """`backwalk history --json 2>&-`: a warning for stderr must not spoil the JSON."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # warned about on stderr
    monkeypatch.setattr(sys, "stderr", None)  # what Python makes of a closed fd 2
    code = cli.main(["--data-dir", str(shared), "history", "--json"])
    out = capsys.readouterr().out
    assert (code, json.loads(out)) == (0, [])
    assert sys.stderr is None  # put back as it was
    # And an error: exit 1, its message nowhere.
    assert cli.main(["presets", "show", "no such preset"]) == 1
    assert capsys.readouterr().out == ""


def _stderr_into_a_closed_pipe(home: Path, *argv: str) -> subprocess.CompletedProcess[bytes]:
    """`backwalk ARGV 2>&1 | head -1` once `head` has left: stdout was read,
    stderr meets the closed pipe."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "backwalk_tui", *argv], stdout=subprocess.PIPE, stderr=write,
            env={**os.environ, "BACKWALK_HOME": str(home)}, timeout=TIMEOUT, cwd=ROOT,
        )  # fmt: skip
    finally:
        os.close(write)


def test_a_reader_that_left_is_quiet_for_stderr_in_the_same_pipe(locations: Locations):
    """`backwalk presets list 2>&1 | head -1` with a broken preset: its problem
    lines for stderr meet the closed pipe."""
    add_user_preset(locations, "broken.toml", "name = [\n")
    result = _stderr_into_a_closed_pipe(locations.config_dir.parent, "presets", "list")
    assert result.returncode == 0
    assert b"broken.toml" in result.stdout
    result = _stderr_into_a_closed_pipe(locations.config_dir.parent, "presets", "show", "nope")
    assert result.returncode == 1  # its own exit code: the message was lost, not the error


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_encoding_without_some_characters_gets_escapes_not_tracebacks(
    locations: Locations, encoding: str
):
    with History(locations.database) as history:
        history.add_checkin(tug_seconds=9.5, pain_week=3, notes="knee ✓ · ok")
    home = locations.config_dir.parent
    for argv in (
        ["presets", "list"], ["presets", "help"], ["presets", "show", "stage1"], ["history"],
        ["history", "--csv"], ["checkins"], ["checkins", "--csv"], ["stats"],
        ["report", "-o", "-"],
    ):  # fmt: skip
        result = backwalk(home, *argv, PYTHONIOENCODING=encoding)
        assert (result.returncode, result.stderr) == (0, ""), argv
    result = backwalk(home, "checkins", "--json", PYTHONIOENCODING=encoding)
    assert json.loads(result.stdout)[0]["notes"] == "knee ✓ · ok"  # JSON's own escapes
    # `due` says whether a session is due by its exit code: never 1 from a traceback.
    result = backwalk(home, "due", PYTHONIOENCODING=encoding)
    assert (result.returncode, result.stderr) == (0, "")


def test_report_with_an_empty_output_name_is_a_usage_error(home: Path, capsys):
    assert "an empty name is no file" in usage_error(capsys, "report", "-o", "")
    assert not list(Path.cwd().glob("backwalk-report-*.html"))


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "-o", "no\nsuch/x.html"],
        ["presets", "fmt", "no\nsuch.toml"],
        ["presets", "show", "two\nlines"],
    ],
)
def test_a_newline_in_a_name_never_splits_a_message(home: Path, capsys, argv):
    result = run(capsys, *argv)
    assert result.code == 1
    assert result.err.count("\n") == 1, result.err
    assert "\\n" in result.err
