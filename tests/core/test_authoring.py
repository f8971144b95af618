"""Writing preset files: saves, the trash, names, and a last good version kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import TWO_STEPS, fill_the_disk, write_preset

from backwalk_tui.presets import (
    MAX_NAME_CHARS,
    authoring,
    load_catalog,
    load_preset,
    parse_preset,
)

# ----------------------------------------------------------------------- saves


def test_save_replaces_the_file_and_keeps_the_old_version(tmp_path: Path):
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    new = TWO_STEPS.replace("duration = 2", "duration = 5")
    backup = authoring.save_text(path, new)
    assert path.read_text(encoding="utf-8") == new
    assert backup == tmp_path / "walk.toml.bak"
    assert backup.read_text(encoding="utf-8") == TWO_STEPS
    # No temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["walk.toml", "walk.toml.bak"]


def test_saving_the_same_text_keeps_the_backup_of_the_version_before(tmp_path: Path):
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    new = TWO_STEPS.replace("duration = 2", "duration = 5")
    authoring.save_text(path, new)
    assert authoring.save_text(path, new) is None
    assert (tmp_path / "walk.toml.bak").read_text(encoding="utf-8") == TWO_STEPS


def test_save_keeps_the_file_mode_and_new_files_are_private(tmp_path: Path):
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    path.chmod(0o640)
    authoring.save_text(path, TWO_STEPS + "\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.toml"
    assert authoring.save_text(fresh, TWO_STEPS) is None
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


@pytest.fixture
def read_only_folder():
    """run(code, *args): Python run against a read-only presets folder.

    Root ignores file modes, and CI runs as root: there the code first gives
    up root for `nobody`, in a folder under /tmp that `nobody` can read but
    not write, so the folder is read-only for real.
    """
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="backwalk-ro-"))
    root.chmod(0o755)
    folder = root / "presets"
    folder.mkdir()
    drop = "import os; os.setgid(65534); os.setuid(65534)\n" if os.geteuid() == 0 else ""

    def run(code: str, *args: str) -> subprocess.CompletedProcess:
        folder.chmod(0o555)
        try:
            return subprocess.run(
                [sys.executable, "-c", code.replace("# as a user\n", drop), *args],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
        finally:
            folder.chmod(0o755)

    run.folder = folder
    yield run
    shutil.rmtree(root)


SAVE = """\
import sys
from pathlib import Path
from backwalk_tui.presets import authoring
# as a user
try:
    authoring.save_text(Path(sys.argv[1]), "name = 'changed'\\n")
except authoring.SaveError as exc:
    print(exc)
"""


def test_a_failed_save_names_the_file_and_leaves_it_untouched(read_only_folder):
    path = write_preset(read_only_folder.folder, "walk.toml", TWO_STEPS)
    path.chmod(0o644)
    done = read_only_folder(SAVE, str(path))
    assert done.stderr == ""
    assert done.stdout == (
        f"{path}: cannot save: permission denied (the folder or file is read-only)\n"
    )
    assert path.read_text(encoding="utf-8") == TWO_STEPS
    assert sorted(p.name for p in path.parent.iterdir()) == ["walk.toml"]


def test_a_full_disk_leaves_the_file_untouched(tmp_path: Path, monkeypatch):
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    fill_the_disk(monkeypatch)
    with pytest.raises(authoring.SaveError, match="the disk is full"):
        authoring.save_text(path, "name = 'changed'\n")
    assert path.read_text(encoding="utf-8") == TWO_STEPS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["walk.toml"]


CRASH_BEFORE_RENAME = """\
import os, signal, sys
from pathlib import Path
from backwalk_tui.presets import authoring

target = Path(sys.argv[1])

def crash(source, destination):
    if Path(destination) == target:
        os.kill(os.getpid(), signal.SIGKILL)  # the power goes, mid-save
    return real_replace(source, destination)

real_replace = os.replace
os.replace = crash
authoring.save_text(target, "name = 'half-way'\\n")
"""


def test_a_crash_between_write_and_rename_keeps_the_old_file(tmp_path: Path):
    folder = tmp_path / "presets"
    path = write_preset(folder, "walk.toml", TWO_STEPS)
    done = subprocess.run([sys.executable, "-c", CRASH_BEFORE_RENAME, str(path)], check=False)
    assert done.returncode == -9
    assert path.read_text(encoding="utf-8") == TWO_STEPS
    # What the crash leaves behind is never loaded as a preset.
    left = sorted(p.name for p in folder.iterdir())
    assert any(name.startswith(".walk.toml.") and name.endswith(".tmp") for name in left)
    catalog = load_catalog(folder)
    assert catalog.problems == []
    assert catalog.get("Two steps") is not None


# ----------------------------------------------------------------------- trash


def test_trash_moves_the_file_and_its_backup_and_never_overwrites(tmp_path: Path):
    first = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    (tmp_path / "walk.toml.bak").write_text("old", encoding="utf-8")
    assert authoring.move_to_trash(first) == tmp_path / "trash" / "walk.toml"
    assert not first.exists()
    assert (tmp_path / "trash" / "walk.toml.bak").read_text(encoding="utf-8") == "old"
    second = write_preset(tmp_path, "walk.toml", TWO_STEPS.replace("Two", "Other"))
    assert authoring.move_to_trash(second) == tmp_path / "trash" / "walk-2.toml"
    assert load_preset(tmp_path / "trash" / "walk.toml").name == "Two steps"
    assert load_preset(tmp_path / "trash" / "walk-2.toml").name == "Other steps"
    # The trash is never read as presets.
    assert load_catalog(tmp_path).get("Two steps") is None


TRASH = """\
import sys
from pathlib import Path
from backwalk_tui.presets import authoring
# as a user
try:
    authoring.move_to_trash(Path(sys.argv[1]))
except authoring.SaveError as exc:
    print(exc)
"""


def test_trash_in_a_read_only_folder_says_so_and_keeps_the_file(read_only_folder):
    path = write_preset(read_only_folder.folder, "walk.toml", TWO_STEPS)
    path.chmod(0o644)
    done = read_only_folder(TRASH, str(path))
    assert done.stdout.startswith(f"{path}: cannot move to {path.parent / 'trash'}: permission")
    assert path.read_text(encoding="utf-8") == TWO_STEPS


# ----------------------------------------------------------------------- names


def test_new_names_are_trimmed_unique_and_not_too_long(tmp_path: Path):
    catalog = load_catalog(None)
    assert authoring.check_new_name(catalog, "  Kitchen walk ") == "Kitchen walk"
    with pytest.raises(authoring.NameProblem, match="already exists"):
        authoring.check_new_name(catalog, "stage 2 · forward and back")
    with pytest.raises(authoring.NameProblem, match="1 to 60 characters"):
        authoring.check_new_name(catalog, "   ")
    with pytest.raises(authoring.NameProblem, match="1 to 60 characters"):
        authoring.check_new_name(catalog, "x" * (MAX_NAME_CHARS + 1))


@pytest.mark.parametrize("name", ["Two\nlines", "Tab\there", "Bell\x07", "Esc\x1b[2J", "a\u2028b"])
def test_a_new_name_with_a_line_break_tab_or_control_character_is_refused(name: str):
    # They break every table the name is listed in, and can drive the terminal.
    with pytest.raises(authoring.NameProblem, match="line break, a tab or another control"):
        authoring.check_new_name(load_catalog(None), name)


def test_a_new_name_may_hold_any_printable_text():
    names = ["Café · ☕ walk", "Walk [/x] here", "👩\u200d🦯 slow", "Knee\u00a0walk"]
    for name in names:
        assert authoring.check_new_name(load_catalog(None), name) == name


def test_copy_and_suggested_names_are_free_and_fit(tmp_path: Path):
    catalog = load_catalog(tmp_path)
    name = "Stage 2 · Forward and back"
    assert authoring.copy_name(catalog, name) == f"{name} (copy)"
    assert authoring.suggest_name(catalog, name) == f"My {name}"
    write_preset(tmp_path, "a.toml", TWO_STEPS.replace("Two steps", f"{name} (copy)"))
    write_preset(tmp_path, "b.toml", TWO_STEPS.replace("Two steps", f"My {name}"))
    catalog = load_catalog(tmp_path)
    assert authoring.copy_name(catalog, name) == f"{name} (copy 2)"
    assert authoring.suggest_name(catalog, name) == f"My {name} (copy)"
    long = authoring.copy_name(catalog, "y" * MAX_NAME_CHARS)
    assert len(long) == MAX_NAME_CHARS and long.endswith(" (copy)")


def test_create_preset_writes_a_commented_valid_file(tmp_path: Path):
    source = load_catalog(None).get("Stage 2 · Forward and back")
    path = authoring.create_preset(tmp_path / "presets", source, "Kitchen walk")
    text = path.read_text(encoding="utf-8")
    assert path.name == "kitchen-walk.toml"
    assert text.startswith("# A backwalk preset (format version 1)")
    assert "PRESET_FORMAT.md" in text
    assert "[[segment]]" in text and 'duration = "2m"' in text
    preset = parse_preset(text)
    assert preset.name == "Kitchen walk"
    assert preset.segments == source.segments and preset.rounds == source.rounds


def test_create_preset_in_a_folder_that_is_a_file_says_so(tmp_path: Path):
    source = load_catalog(None).get("Stage 2 · Forward and back")
    folder = tmp_path / "presets"
    folder.write_text("mine\n", encoding="utf-8")
    with pytest.raises(authoring.SaveError) as caught:
        authoring.create_preset(folder, source, "Kitchen walk")
    assert str(caught.value) == (
        f"{folder} is a file, not a folder; presets are kept in a folder (move or rename it)"
    )
    assert folder.read_text(encoding="utf-8") == "mine\n"


def test_find_editor_prefers_visual_and_splits_like_a_shell():
    editor = authoring.find_editor({"VISUAL": "code --wait", "EDITOR": "vi"})
    assert editor == (["code", "--wait"], "")
    assert authoring.find_editor({"VISUAL": "  ", "EDITOR": "nano -w"}) == (["nano", "-w"], "")
    assert authoring.find_editor({}) == (None, "")


def test_an_unreadable_editor_variable_is_passed_over_as_if_unset_and_said():
    unclosed = '"unclosed'
    assert authoring.find_editor({"VISUAL": unclosed, "EDITOR": "nano"}) == (
        ["nano"],
        "$VISUAL cannot be read as a command (no closing quotation): $EDITOR is used instead",
    )
    assert authoring.find_editor({"EDITOR": "vi\\"}) == (
        None,
        "$EDITOR cannot be read as a command (no escaped character): "
        "the built-in editor is used instead",
    )
    assert authoring.find_editor({"VISUAL": unclosed, "EDITOR": unclosed}).command is None


def test_folder_signature_changes_with_any_preset_file(tmp_path: Path):
    before = authoring.folder_signature(tmp_path)
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    added = authoring.folder_signature(tmp_path)
    assert added != before
    path.write_text(TWO_STEPS + "# more\n", encoding="utf-8")
    assert authoring.folder_signature(tmp_path) != added
    (tmp_path / "notes.txt").write_text("not a preset", encoding="utf-8")
    assert authoring.folder_signature(tmp_path) == authoring.folder_signature(tmp_path)
    assert authoring.folder_signature(tmp_path / "missing") == ()


# ------------------------------------------------------------ last good version


def test_a_broken_edit_keeps_the_last_good_version_until_fixed(tmp_path: Path):
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    first = load_catalog(tmp_path)
    good = first.get("Two steps")
    path.write_text(TWO_STEPS.replace("duration = 2", 'duration = "soon"'), encoding="utf-8")

    # Without a previous catalog (a fresh start) the file is simply left out.
    assert load_catalog(tmp_path).get("Two steps") is None
    broken = load_catalog(tmp_path, previous=first)
    assert broken.get("Two steps") is good
    [problem] = broken.problems
    assert problem.last_good is good
    assert "segment[1].duration" in str(problem.errors[0])
    # Still broken after another reload: still the same good version.
    assert load_catalog(tmp_path, previous=broken).get("Two steps") is good

    path.write_text(TWO_STEPS.replace("duration = 2", "duration = 4"), encoding="utf-8")
    fixed = load_catalog(tmp_path, previous=broken)
    assert fixed.problems == []
    assert fixed.get("Two steps").segments[0].duration == 4


def test_a_last_good_version_never_hides_a_file_that_took_its_name(tmp_path: Path):
    path = write_preset(tmp_path, "walk.toml", TWO_STEPS)
    first = load_catalog(tmp_path)
    path.write_text("broken = [", encoding="utf-8")
    write_preset(tmp_path, "other.toml", TWO_STEPS.replace("duration = 3", "duration = 9"))
    catalog = load_catalog(tmp_path, previous=first)
    assert catalog.get("Two steps").source == tmp_path / "other.toml"
    assert catalog.problems[0].last_good is None


def test_the_written_header_describes_the_format_truthfully():
    """The header's examples are durations and kinds the parser accepts."""
    from backwalk_tui.kinds import KINDS
    from backwalk_tui.presets import FORMAT_HEADER, parse_duration

    for example in ("45", "45s", "2m", "1m30s", "1:30"):
        assert parse_duration(example if not example.isdigit() else int(example)) > 0
        assert example in FORMAT_HEADER
    assert all(kind in FORMAT_HEADER for kind in KINDS)
    assert textwrap.dedent(FORMAT_HEADER) == FORMAT_HEADER


def test_new_preset_files_are_private(tmp_path: Path):
    source = load_catalog(None).get("Stage 2 · Forward and back")
    path = authoring.create_preset(tmp_path / "presets", source, "Kitchen walk")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# ------------------------------------------------------------- the editor's end


def test_an_editor_that_exits_well_is_no_failure(tmp_path):
    path = tmp_path / "walk.toml"
    path.write_text("x\n")
    assert authoring.edit_with(["ed"], path, lambda argv: 0) == authoring.EditorRun("", False)


def test_an_editor_that_fails_is_said_with_whether_the_file_changed(tmp_path):
    path = tmp_path / "walk.toml"
    path.write_text("x\n")
    seen = []

    def fails(argv):
        seen.append(argv)
        return 1

    unchanged = authoring.edit_with(["vi", "-n"], path, fails)
    assert seen == [["vi", "-n", str(path)]]
    assert unchanged == authoring.EditorRun(
        "the editor 'vi' exited with status 1; the file was not changed", False
    )

    def writes_then_dies(argv):
        path.write_text("x = 1\n")
        return -9

    changed = authoring.edit_with(["vi"], path, writes_then_dies)
    assert changed == authoring.EditorRun(
        "the editor 'vi' was stopped by signal 9; the file changed, and is checked", True
    )
