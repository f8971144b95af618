"""Keeping the screen on: the real wakepy, with its own switches for success and failure.

WAKEPY_FAKE_SUCCESS makes wakepy's own fake method succeed where a real
desktop would be needed; WAKEPY_FORCE_FAILURE makes every method fail. The
path of a machine with no desktop session (as CI is) is taken for real.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
import wakepy

from backwalk_tui.keepawake import ScreenKeeper


def test_the_screen_is_held_on_until_it_is_let_go():
    keeper = ScreenKeeper()
    assert wakepy.modecount() == 0
    assert keeper.hold() and keeper.holding
    [mode] = wakepy.global_modes()
    assert mode.active and mode.active_method.name == "WakepyFakeSuccess"
    assert keeper.hold()  # held once, however often asked
    assert wakepy.modecount() == 1
    keeper.release()
    assert not keeper.holding and wakepy.modecount() == 0
    keeper.release()  # letting go twice is fine
    assert keeper.problem is None


def test_follow_holds_while_awake_and_lets_go_when_not():
    keeper = ScreenKeeper()
    keeper.follow(awake=True)
    keeper.follow(awake=True)
    assert keeper.holding and wakepy.modecount() == 1
    keeper.follow(awake=False)
    assert not keeper.holding and wakepy.modecount() == 0
    keeper.follow(awake=True)  # a new mode each time: wakepy activates a mode once
    assert keeper.holding
    keeper.release()


def test_switched_off_it_never_asks():
    keeper = ScreenKeeper(enabled=False)
    assert not keeper.hold()
    assert wakepy.modecount() == 0 and keeper.problem is None


@pytest.mark.skipif(sys.platform != "linux", reason="a desktop is asked over D-Bus on Linux")
def test_without_a_desktop_it_says_why_once_and_prints_nothing(no_desktop, capfd):
    keeper = ScreenKeeper()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert not keeper.hold()
        assert not keeper.hold()  # asked again: known not to work, not tried again
    assert caught == []
    assert capfd.readouterr() == ("", "")
    assert not keeper.holding and wakepy.modecount() == 0
    assert "could not keep the screen on" in keeper.problem
    assert "no desktop session" in keeper.problem


def test_a_desktop_that_refuses_is_told_apart(monkeypatch, capfd):
    monkeypatch.setenv("WAKEPY_FAKE_SUCCESS", "1")
    monkeypatch.setenv("WAKEPY_FORCE_FAILURE", "1")  # every method fails, even the fake
    keeper = ScreenKeeper()
    assert not keeper.hold()
    assert keeper.problem is not None and "could not keep the screen on" in keeper.problem
    assert capfd.readouterr().err == ""


def test_nothing_is_printed_by_wakepy_even_with_warnings_as_errors(tmp_path):
    """A failure, its warnings and its logging, in a fresh interpreter: stderr stays empty."""
    program = (
        "from backwalk_tui.keepawake import ScreenKeeper\n"
        "keeper = ScreenKeeper()\n"
        "assert not keeper.hold()\n"
        "print(keeper.problem)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "WAKEPY_FORCE_FAILURE": "1",
           "WAKEPY_FAKE_SUCCESS": "1"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", program], env=env, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "could not keep the screen on" in result.stdout


# ------------------------------------------------- a desktop on a bus of its own


@pytest.fixture
def session_bus(tmp_path, monkeypatch):
    """A private D-Bus session bus with a desktop's screensaver on it; its output lines."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None or sys.platform != "linux":
        pytest.skip("needs dbus-daemon (Linux)")
    bus = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1",
         f"--address=unix:path={tmp_path / 'bus'}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    address = bus.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    monkeypatch.delenv("WAKEPY_FAKE_SUCCESS")  # the real method, over the real bus
    desktop = subprocess.Popen(
        [sys.executable, str(Path(__file__).parents[1] / "desktop_stand_in.py")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = Lines(desktop.stdout)
    assert lines.next() == "ready"
    yield lines
    for proc in (desktop, bus):
        proc.kill()
        proc.wait(timeout=10)


class Lines:
    """Lines from a pipe, each waited for at most `seconds` (read unbuffered: select sees all)."""

    def __init__(self, pipe):
        self.fd = pipe.fileno()
        self.buffer = b""

    def next(self, seconds: float = 30) -> str:  # a process starting on a loaded machine
        deadline = time.monotonic() + seconds
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"no line in {seconds} s; so far {self.buffer!r}"
            chunk = os.read(self.fd, 4096)
            assert chunk, f"the pipe closed; so far {self.buffer!r}"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode().strip()


def test_on_a_desktop_the_inhibitor_is_taken_let_go_and_dies_with_the_process(session_bus):
    holder = (
        "import os, sys\n"
        "from backwalk_tui.keepawake import ScreenKeeper\n"
        "keeper = ScreenKeeper()\n"
        "assert keeper.hold(), keeper.problem\n"
        "keeper.release()\n"
        "assert keeper.hold(), keeper.problem\n"
        "sys.stdout.write('held\\n'); sys.stdout.flush()\n"
        "sys.stdin.readline()\n"  # until the test kills it
    )
    client = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert Lines(client.stdout).next(30) == "held"
        first, cookie = session_bus.next().split()[1:]
        assert session_bus.next() == f"uninhibit {first} {cookie}"
        again = session_bus.next().split()
        assert again[0] == "inhibit"
        client.kill()  # kill -9: no chance to let go
        client.wait(timeout=10)
        assert session_bus.next() == f"gone {again[1]}"
    finally:
        client.kill()
