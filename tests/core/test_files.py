"""One way to write a user's file: atomic for regular files, straight through
for devices and pipes, through a link to its target, modes kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from backwalk_tui import cli
from backwalk_tui.files import open_descriptor, write_file
from backwalk_tui.presets import authoring
from backwalk_tui.report import write_report


def test_a_new_file_is_private_and_nothing_is_left_beside_it(tmp_path: Path):
    path = tmp_path / "report.html"
    write_report(path, "<p>new</p>")
    assert path.read_text() == "<p>new</p>"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_existing_file_is_replaced_and_keeps_its_mode(tmp_path: Path):
    path = tmp_path / "report.html"
    path.write_text("old")
    path.chmod(0o644)
    inode = path.stat().st_ino
    write_report(path, "<p>new</p>")
    assert path.read_text() == "<p>new</p>"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.stat().st_ino != inode  # renamed over, not rewritten in place


def test_dev_null_stays_a_device():
    write_report(Path("/dev/null"), "<p>nothing</p>")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path):
    real = tmp_path / "elsewhere" / "walk.toml"
    real.parent.mkdir()
    real.write_text('name = "Walk"\n')
    real.chmod(0o640)
    link = tmp_path / "presets" / "walk.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    backup = authoring.save_text(link, 'name = "Walk two"\n')
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() == 'name = "Walk two"\n'
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    # The old version is kept beside the file it came from.
    assert backup == authoring.backup_path(real)
    assert backup.read_text() == 'name = "Walk"\n'


@pytest.mark.parametrize("name", ["/dev/fd/{}", "/proc/self/fd/{}", "/dev/./fd/{}"])
def test_an_open_descriptor_is_written_through_appending_where_it_appends(tmp_path, name):
    log = tmp_path / "log"
    log.write_bytes(b"line1\n")
    inode = log.stat().st_ino
    with open(log, "ab") as appending:
        write_file(Path(name.format(appending.fileno())), b"report\n")
    assert log.read_bytes() == b"line1\nreport\n"
    assert log.stat().st_ino == inode  # the same file, not one renamed over it


def test_only_names_of_open_descriptors_are_taken_for_them(tmp_path: Path):
    assert open_descriptor(Path("/dev/stdout")) == 1
    assert open_descriptor(Path("/dev/stderr")) == 2
    assert open_descriptor(Path("/dev/fd/12")) == 12
    assert open_descriptor(Path("/proc/self/fd/3")) == 3
    for path in ("/dev/null", "/dev/stdout2", "/proc/1/fd/3", tmp_path / "dev" / "stdout"):
        assert open_descriptor(Path(path)) is None


def _report_into(home: Path, stdout) -> subprocess.CompletedProcess[bytes]:
    """`backwalk report -o /dev/stdout` as a real process, its stdout `stdout`."""
    return subprocess.run(
        [sys.executable, "-m", "backwalk_tui", "report", "-o", "/dev/stdout"],
        stdout=stdout, stderr=subprocess.PIPE, timeout=60, cwd=home,
        env={**os.environ, "BACKWALK_HOME": str(home)},
    )  # fmt: skip


def test_report_to_dev_stdout_appends_to_the_log_it_was_sent_to(home: Path):
    """`printf 'line1\\n' > log; backwalk report -o /dev/stdout >> log` keeps line1."""
    log = home / "log"
    log.write_bytes(b"line1\n")
    with open(log, "ab") as appending:
        result = _report_into(home, appending)
    assert (result.returncode, result.stderr) == (0, b"")
    text = log.read_text(encoding="utf-8")
    assert text.startswith("line1\n<!DOCTYPE html>")
    assert text.rstrip().endswith("</html>")  # the report alone: no path printed after it


def test_report_to_dev_stdout_goes_through_a_pipe(home: Path):
    """`backwalk report -o /dev/stdout | wc -c`."""
    result = _report_into(home, subprocess.PIPE)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.startswith(b"<!DOCTYPE html>")


def test_report_to_a_full_dev_stdout_fails_as_standard_output_does(home: Path):
    with open("/dev/full", "wb") as full:
        result = _report_into(home, full)
    assert result.returncode == 1
    assert result.stderr == (
        b"backwalk: cannot write to standard output (/dev/full): No space left on device\n"
    )


def test_report_to_standard_output(home: Path, capsys):
    assert cli.main(["report", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") or "<html" in out[:200]
    assert not list(Path.cwd().glob("backwalk-report-*.html"))


def test_an_existing_data_folder_is_not_chmodded_but_warned_about(tmp_path: Path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert cli.main(["--data-dir", str(shared), "history", "--json"]) == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    err = capsys.readouterr().err
    assert f"{shared} can be opened by other users" in err


# ------------------------------------------------ files a report must not replace


def _own_files(locations) -> dict[str, Path]:
    """backwalk's own files in a home, each made, with the name `-o` is given for it."""
    from backwalk_tui.history import History

    with History(locations.database):
        pass
    locations.presets_dir.mkdir(parents=True)
    locations.settings_file.write_text("volume = 50\n")
    preset = locations.presets_dir / "mine.toml"
    preset.write_text('name = "Mine"\n\n[[segment]]\nkind = "rest"\nduration = 30\n')
    trash = locations.presets_dir / "trash"
    trash.mkdir()
    (trash / "old.toml").write_text("name = 'Old'\n")
    link = locations.data_dir.parent / "link.html"
    link.symlink_to(locations.database)
    hard = locations.data_dir.parent / "hard.toml"
    os.link(locations.settings_file, hard)
    data = locations.data_dir
    return {
        str(locations.database): locations.database,
        str(data / ".." / "data" / "history.db-wal"): data / "history.db-wal",
        str(data / "history.db-journal"): data / "history.db-journal",
        str(locations.settings_file): locations.settings_file,
        str(preset): preset,
        str(locations.presets_dir / "new.html"): locations.presets_dir / "new.html",
        str(trash / "old.toml"): trash / "old.toml",
        str(link): locations.database,
        str(hard): locations.settings_file,
    }


def test_a_report_is_never_written_over_backwalks_own_files(locations, capsys):
    """`report -o H/data/history.db` replaced the history with HTML."""
    for name, real in _own_files(locations).items():
        before = real.read_bytes() if real.exists() else None
        assert cli.main(["report", "-o", name]) == 1, name
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"backwalk: will not write the report over {name}: it is ")
        assert err.count("\n") == 1
        assert (real.read_bytes() if real.exists() else None) == before


def test_a_report_beside_backwalks_files_is_written(locations, capsys):
    _own_files(locations)
    beside = locations.data_dir / "report.html"
    assert cli.main(["report", "-o", str(beside)]) == 0
    assert beside.read_text().startswith("<!DOCTYPE html>")


# ---------------------------------------------------------- files not to write


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch):
    """Files the user may not write, as os.access says for an ordinary user
    (root may write any file, so the test cannot rely on chmod alone)."""
    refused: set[Path] = set()
    real_access = os.access

    def access(path, mode, **kwargs):
        if mode & os.W_OK and Path(path) in refused:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    return refused


def test_a_file_the_user_may_not_write_is_refused(tmp_path: Path, home, capsys, read_only):
    report = tmp_path / "ro.html"
    report.write_text("mine")
    report.chmod(0o444)
    read_only.add(report)
    assert cli.main(["report", "-o", str(report)]) == 1
    assert capsys.readouterr().err == (
        f"backwalk: cannot write {report}: the file is read-only (no write permission)\n"
    )
    assert report.read_text() == "mine"
    preset = tmp_path / "ro.toml"
    preset.write_text('name   =   "Ro"\n\n[[segment]]\nkind = "rest"\nduration = 30\n')
    read_only.add(preset)
    before = preset.read_text()
    assert cli.main(["presets", "fmt", str(preset)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert preset.read_text() == before
    assert not authoring.backup_path(preset).exists()  # no backup of a save that was refused


def test_a_report_in_a_removed_current_folder_is_one_line(
    tmp_path: Path, home, capsys, monkeypatch
):
    """`cd /tmp/x && rmdir /tmp/x; backwalk report` gave a traceback."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    for argv in (["report"], ["report", "-o", "x.html"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert err.endswith(": the current folder no longer exists\n") and err.count("\n") == 1


def test_a_report_that_cannot_be_made_says_why(tmp_path: Path, home, capsys):
    assert cli.main(["report", "-o", "/proc/version"]) == 1
    assert capsys.readouterr().err == (
        "backwalk: cannot write /proc/version: no new file can be made in /proc "
        "(No such file or directory)\n"
    )
    missing = tmp_path / "no-such" / "r.html"
    assert cli.main(["report", "-o", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"backwalk: cannot write {missing}: there is no folder {missing.parent}\n"
    )
