"""The real `backwalk run` in a real terminal (tmux), end to end.

This is the one place real seconds pass: a 5-second preset runs in a
private tmux server while the test polls the screen for what it expects.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import TWO_STEPS, write_preset

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"
)


def backwalk_command() -> list[str]:
    script = Path(sys.executable).parent / "backwalk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "backwalk_tui"]


class Terminal:
    def __init__(self, socket: Path):
        self.socket = str(socket)

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "walk")

    def wait_for(self, text: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    term.tmux("kill-server")


def run_in_terminal(terminal: Terminal, tmp_path: Path, preset_text: str) -> dict[str, str]:
    """Start `backwalk run` on `preset_text` (no lead-in) and return its environment."""
    home = tmp_path / "bw"
    write_preset(home / "config" / "presets", "preset.toml", preset_text)
    (home / "config" / "config.toml").write_text("lead_in = 0\n", encoding="utf-8")
    (home / "data").mkdir(parents=True)
    (home / "data" / "disclaimer-accepted").write_text("yes\n")
    command = " ".join(shlex.quote(part) for part in [*backwalk_command(), "run", "Two steps"])
    terminal.tmux(
        "-f", "/dev/null", "new-session", "-d", "-s", "walk", "-x", "100", "-y", "30",
        "-e", f"BACKWALK_HOME={home}", "-e", f"HOME={tmp_path}", command,
    )  # fmt: skip
    return {**os.environ, "BACKWALK_HOME": str(home), "HOME": str(tmp_path)}


def saved_session(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [*backwalk_command(), "history", "--json"], env=env, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [session] = json.loads(result.stdout)
    return session


def test_backwalk_run_records_a_two_step_session(tmp_path, terminal):
    env = run_in_terminal(terminal, tmp_path, TWO_STEPS)
    terminal.wait_for("Press Enter to start")
    terminal.tmux("send-keys", "-t", "walk", "Enter")
    terminal.wait_for("Round 1 of 1")
    terminal.wait_for("Session complete", seconds=30)
    terminal.tmux("send-keys", "-t", "walk", "C-q")

    session = saved_session(env)
    assert session["status"] == "completed"
    assert session["preset"] == "Two steps"
    assert session["seconds_by_kind"]["forward"] == pytest.approx(2.0, abs=0.01)
    assert session["seconds_by_kind"]["backward"] == pytest.approx(3.0, abs=0.01)


def test_closing_the_terminal_saves_the_session_as_interrupted(tmp_path, terminal):
    env = run_in_terminal(terminal, tmp_path, TWO_STEPS.replace("3\n", "300\n"))
    terminal.wait_for("Press Enter to start")
    pid = int(terminal.tmux("list-panes", "-t", "walk", "-F", "#{pane_pid}").split()[0])
    terminal.tmux("send-keys", "-t", "walk", "Enter")
    terminal.wait_for("Last one", seconds=30)  # the 2 s forward step is done
    terminal.tmux("kill-server")  # the window closes: SIGHUP
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists(), "backwalk kept running after its terminal closed"

    session = saved_session(env)
    assert session["status"] == "interrupted"
    assert [s["status"] for s in session["segments"]] == ["completed", "interrupted"]
    assert session["seconds_by_kind"]["forward"] == pytest.approx(2.0, abs=0.01)
