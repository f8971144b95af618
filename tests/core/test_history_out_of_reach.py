"""A history out of reach (a link to nothing, a file where its folder should be) is said.

It is never read as "No sessions yet", and no new history is started at the
other end of the link: the walker's real one may be on a drive not mounted.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backwalk_tui import cli
from backwalk_tui.history import History
from backwalk_tui.records import HistoryError


@pytest.fixture
def dangling(locations, tmp_path):
    """history.db a link to a file that is not there (in a folder that is)."""
    target = tmp_path / "drive" / "history.db"
    target.parent.mkdir()
    locations.database.parent.mkdir(parents=True, exist_ok=True)
    locations.database.symlink_to(target)
    return target


@pytest.mark.parametrize(
    "argv",
    [["history"], ["history", "--json"], ["checkins"], ["stats"], ["due"], ["report", "-o", "-"]],
)
def test_commands_say_the_link_goes_nowhere(dangling, capsys, argv):
    assert cli.main(argv) == 1
    out, err = capsys.readouterr()
    assert "No sessions yet" not in out and "due today" not in out
    [line] = [line for line in err.splitlines() if "is a link to" in line]
    assert str(dangling) in line and "which does not exist" in line
    assert not dangling.exists()


def test_no_history_is_started_at_the_other_end(locations, dangling):
    with pytest.raises(HistoryError, match="which does not exist"):
        History(locations.database)
    assert not dangling.exists()


def test_a_data_dir_that_is_a_file_is_said(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("")
    assert cli.main(["--data-dir", str(afile), "history"]) == 1
    assert f"{afile} cannot hold the history: {afile} is not a folder" in capsys.readouterr().err


def test_a_data_dir_that_is_a_device_is_said_alone(home, capsys):
    """No "chmod 700 /dev/null" advice first: that it is no folder is all there is to say."""
    assert cli.main(["--data-dir", os.devnull, "history"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"backwalk: {os.devnull} cannot hold the history: "
                              f"{os.devnull} is not a folder\n")  # fmt: skip


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("argv", [["history"], ["due"], ["history", "--json"]])
def test_a_data_dir_no_file_can_be_made_in_is_said_alone(home, capsys, argv):
    """/proc is a folder, but no history can ever be started there: never "No sessions yet"."""
    assert cli.main(["--data-dir", "/proc", *argv]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("backwalk: /proc cannot hold the history: no file can be made in /proc")
