"""One way to write a user's file: atomic for regular files, straight through
for devices and pipes, through a link to its target, modes kept."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from backwalk_tui import authoring, cli
from backwalk_tui.files import write_file
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
