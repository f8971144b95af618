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

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"),
    # Real-time: one worker runs every real-terminal test in turn (see conftest.py).
    pytest.mark.xdist_group("real-terminals"),
]


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


def run_in_terminal(
    terminal: Terminal,
    tmp_path: Path,
    preset_text: str,
    args: tuple[str, ...] = ("run", "Two steps"),
    **env: str,
) -> dict[str, str]:
    """Start `backwalk ARGS` with `preset_text` as a user preset (no lead-in).

    Returns the environment it runs in.
    """
    home = tmp_path / "bw"
    write_preset(home / "config" / "presets", "preset.toml", preset_text)
    (home / "config" / "config.toml").write_text("lead_in = 0\n", encoding="utf-8")
    (home / "data").mkdir(parents=True)
    (home / "data" / "disclaimer-accepted").write_text("yes\n")
    command = " ".join(shlex.quote(part) for part in [*backwalk_command(), *args])
    env = {"BACKWALK_HOME": str(home), "HOME": str(tmp_path), **env}
    settings = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
    terminal.tmux(
        "-f", "/dev/null", "new-session", "-d", "-s", "walk", "-x", "100", "-y", "30",
        *settings, command,
    )  # fmt: skip
    return {**os.environ, **env}


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


def test_the_picker_shows_a_preset_saved_elsewhere_within_two_seconds(tmp_path, terminal):
    env = run_in_terminal(terminal, tmp_path, TWO_STEPS, args=())
    terminal.wait_for("Two steps")
    folder = Path(env["BACKWALK_HOME"]) / "config" / "presets"
    write_preset(folder, "porch.toml", TWO_STEPS.replace("Two steps", "Porch walk"))
    saved = time.monotonic()
    terminal.wait_for("Porch walk", seconds=5)
    assert time.monotonic() - saved < 2.0


def test_e_hands_the_terminal_to_the_editor_and_takes_it_back(tmp_path, terminal, editor):
    env = run_in_terminal(
        terminal, tmp_path, TWO_STEPS, args=(),
        VISUAL=editor("duration = 3", "duration = 42"),
    )  # fmt: skip
    terminal.wait_for("Two steps")
    # To the user preset, the one 3 s backward, last in the list. One key
    # whose effect is awaited: Downs sent faster than a loaded machine draws
    # them run past it, and the list wraps round to the built-ins.
    terminal.tmux("send-keys", "-t", "walk", "End")
    terminal.wait_for("backward  3s")
    terminal.tmux("send-keys", "-t", "walk", "e")
    terminal.wait_for("backward  42s")
    preset = Path(env["BACKWALK_HOME"]) / "config" / "presets" / "preset.toml"
    assert editor.log.read_text(encoding="utf-8") == f"{preset}\n"
    terminal.tmux("send-keys", "-t", "walk", "q")
