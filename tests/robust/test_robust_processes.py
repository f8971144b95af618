"""Real `backwalk run` processes in real terminals (ptys): killed, and side by side.

- 30 sessions, each `kill -9`ed at a random moment: no step it finished is
  lost, and every one is `interrupted` with its steps at the next open.
- Two copies recording into one history at once: both sessions saved whole,
  and no "database is locked" on either screen.

How a test knows which steps a process finished: each step's cue is a
marker (`zq07zq`), and the app commits a finished step to the history
before it draws the next step's cue. So once marker k has reached the
terminal, steps 0 to k-1 are on disk. Steps cannot finish faster than the
wall clock either, which bounds them from above.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from backwalk_tui import cli
from backwalk_tui.engine import STOPPED_MIN_SECONDS
from backwalk_tui.history import History

#: Real-time: one worker runs every real-terminal test in turn (see conftest.py).
pytestmark = pytest.mark.xdist_group("real-terminals")

STEP_SECONDS = 1
STEPS = 12
MARK = re.compile(rb"zq(\d\d)zq")


def backwalk_command() -> list[str]:
    script = Path(sys.executable).parent / "backwalk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "backwalk_tui"]


def marked_preset(name: str, steps: int = STEPS, seconds: int = STEP_SECONDS) -> str:
    """A preset of `steps` short timed steps, each with its marker as the cue."""
    kinds = ["backward", "forward", "sideways", "rest"]
    body = "".join(
        f'[[segment]]\nkind = "{kinds[n % 4]}"\nduration = {seconds}\ncue = "zq{n:02d}zq"\n\n'
        for n in range(steps)
    )
    return f'name = "{name}"\nchecklist = []\n\n{body}'


def make_home(root: Path) -> Path:
    """A BACKWALK_HOME with the disclaimer accepted, no lead-in and no countdown bells."""
    (root / "config").mkdir(parents=True)
    (root / "config" / "config.toml").write_text("lead_in = 0\ncountdown = 0\n")
    (root / "data").mkdir()
    (root / "data" / "disclaimer-accepted").write_text("yes\n")
    return root


#: Every app started by the test running now, killed at its end whatever happened.
STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def no_app_outlives_its_test():
    # A failed assertion skips `finish()`; an app left on a closed pty with no
    # controlling terminal gets no SIGHUP and would run on, eating a core.
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


class PtyApp:
    """`backwalk ARGS` on a pseudo-terminal of its own; everything it draws is kept."""

    def __init__(
        self, args: list[str], home: Path, size: tuple[int, int] = (100, 30),
        program: list[str] | None = None,
    ):  # fmt: skip
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {
            **os.environ,
            "BACKWALK_HOME": str(home),
            "HOME": str(home),
            "TERM": "xterm-256color",
        }
        self.proc = subprocess.Popen(
            [*(program or backwalk_command()), *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )  # fmt: skip
        #: The terminal's own name, to look at or change its modes as a shell does.
        self.tty = os.ttyname(slave)
        os.close(slave)
        STARTED.append(self.proc)
        self.master = master
        self.output = bytearray()
        self.closed = False

    def read(self, seconds: float) -> None:
        """Keep what the app draws for `seconds` (it must never block on a full pty)."""
        deadline = time.monotonic() + seconds
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the other side is gone
                    chunk = b""
                if not chunk:
                    self.closed = True
                self.output += chunk

    def wait_for(
        self, text: bytes | re.Pattern[bytes], seconds: float = 60, since: int = 0
    ) -> None:
        """Read until `text` (or a match of a pattern) has been drawn, after byte `since`."""
        deadline = time.monotonic() + seconds
        while not (
            text.search(self.output, since)
            if isinstance(text, re.Pattern)
            else self.output.find(text, since) >= 0
        ):
            if self.closed or time.monotonic() > deadline:
                raise AssertionError(
                    f"{text!r} never appeared; closed {self.closed}, exit {self.proc.poll()}, "
                    f"last drawn: {bytes(self.output[-400:])!r}"
                )
            self.read(0.05)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def marks(self) -> list[int]:
        return [int(m) for m in MARK.findall(bytes(self.output))]

    def finish(self, seconds: float = 30) -> int:
        """Drain the terminal until the process ends; its exit status."""
        deadline = time.monotonic() + seconds
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read(0.05)
        self.read(0.2)
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait(timeout=10)
        os.close(self.master)
        return code


def history_json(home: Path) -> list[dict]:
    """`backwalk history --json`: the next open of the history, as a script sees it."""
    out = io.StringIO()
    old = os.environ.get("BACKWALK_HOME")
    os.environ["BACKWALK_HOME"] = str(home)
    try:
        with contextlib.redirect_stdout(out):
            assert cli.main(["history", "--json"]) == 0
    finally:
        if old is None:
            del os.environ["BACKWALK_HOME"]
        else:
            os.environ["BACKWALK_HOME"] = old
    return json.loads(out.getvalue())


# ------------------------------------------------------------------ kill -9

SESSIONS = 30
PARALLEL = 6


def killed_session(home: Path, presets: Path, number: int, delay: float, walking: bool) -> dict:
    """Run session `number`, `kill -9` it `delay` seconds after Enter; what was seen.

    `walking`: `delay` seconds after its first step was drawn, however long a
    loaded machine took to draw it (so late that the first step it draws
    may be the second).
    """
    name = f"Kill {number:02d}"
    preset = presets / f"kill-{number:02d}.toml"
    preset.write_text(marked_preset(name))
    app = PtyApp(["run", str(preset)], home)
    try:
        app.wait_for(b"Press Enter to start")
        # Before the key: the app cannot start before it has it, however long
        # a loaded machine keeps this thread from reading the clock after.
        started = time.monotonic()
        app.send(b"\r")
        if walking:
            app.wait_for(MARK)
        app.read(delay)
        os.kill(app.proc.pid, signal.SIGKILL)
        elapsed = time.monotonic() - started
        app.finish()
    finally:
        if app.proc.poll() is None:
            app.proc.kill()
    assert app.proc.returncode == -signal.SIGKILL
    marks = app.marks()
    return {"name": name, "seen": max(marks) if marks else -1, "elapsed": elapsed}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty and SIGKILL")
def test_kill_9_at_random_moments_never_loses_a_finished_step(tmp_path):
    home = make_home(tmp_path / "home")
    presets = tmp_path / "presets"
    presets.mkdir()
    seed = int(os.environ.get("BACKWALK_KILL_SEED", time.time()))
    print(f"BACKWALK_KILL_SEED={seed} repeats these moments")
    chance = random.Random(seed)
    # Mostly while walking; a few at once, before the first step is even drawn.
    walking = [n % 10 != 0 for n in range(SESSIONS)]
    delays = [chance.uniform(0.1, 4.5) if w else chance.choice([0.0, 0.05]) for w in walking]
    with ThreadPoolExecutor(PARALLEL) as pool:
        runs = list(pool.map(killed_session, [home] * SESSIONS, [presets] * SESSIONS,
                             range(SESSIONS), delays, walking))  # fmt: skip

    saved = {session["preset"]: session for session in history_json(home)}
    walked = 0
    for run in runs:
        session = saved.get(run["name"])
        if session is None:  # killed before its first step began: nothing to keep
            assert run["seen"] == -1, run
            continue
        steps = session["segments"]
        assert session["status"] == "interrupted", (run, session)
        # Every step whose end reached the screen is there, in order, whole.
        assert len(steps) >= run["seen"], (run, session)
        assert [s["index"] for s in steps] == list(range(len(steps)))
        for step in steps:
            assert step["status"] == "completed"
            assert step["active_seconds"] == pytest.approx(STEP_SECONDS, abs=0.01)
        # And none that had not had the time to finish.
        assert len(steps) <= run["elapsed"] / STEP_SECONDS + 0.01, (run, session)
        assert session["active_seconds"] == pytest.approx(len(steps) * STEP_SECONDS, abs=0.05)
        walked += len(steps)
    for run in runs:  # shown when the test fails
        kept = len(saved[run["name"]]["segments"]) if run["name"] in saved else "-"
        print(f"{run['name']}: killed {run['elapsed']:.2f} s after Enter, "
              f"step {run['seen']} on screen, {kept} steps saved")  # fmt: skip
    assert len(saved) >= SESSIONS * 0.5, "most sessions were killed while walking"
    # The lower bound above is not vacuous: most kills came after a step was drawn.
    assert sum(run["seen"] >= 1 for run in runs) >= SESSIONS * 0.4
    assert walked >= SESSIONS, "the kills came after steps had finished"

    with History(home / "data" / "history.db") as history:  # marked once, for good
        assert history.recovered == 0
        assert {s.status for s in history.sessions()} == {"interrupted"}
    assert list((home / "data" / "live").iterdir()) == []  # no lock files left behind


def killed_while_starting(root: Path, delay: float, after_history: bool) -> bool:
    """A first run, `kill -9`ed while it makes its files; whether it had made the history.

    `delay` seconds after the start, or (`after_history`) after the history
    file appeared: moments just after its creation are where a half-made
    history could be left, however slow the machine is today.
    """
    home = root / "config"
    home.mkdir(parents=True)
    (home / "presets").mkdir()
    (home / "presets" / "p.toml").write_text(marked_preset("First", steps=2))
    database = root / "data" / "history.db"
    app = PtyApp([], root)  # the picker, and the disclaimer of a first run
    try:
        if after_history:
            deadline = time.monotonic() + 60
            while not database.exists() and time.monotonic() < deadline and not app.closed:
                app.read(0.005)
        app.read(delay)
        os.kill(app.proc.pid, signal.SIGKILL)
        app.finish()
    finally:
        if app.proc.poll() is None:
            app.proc.kill()
    return database.exists()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty and SIGKILL")
def test_kill_9_during_a_first_run_leaves_a_usable_home(tmp_path):
    """Killed while it creates its folders and history: the next run finds them sound."""
    # From before the import to the picker, and from the history's first byte on.
    moments = [(0.2 + 0.25 * n, False) for n in range(5)]
    moments += [(delay, True) for delay in (0.0, 0.002, 0.01, 0.03, 0.1)]
    roots = [tmp_path / f"home-{n}" for n in range(len(moments))]
    with ThreadPoolExecutor(PARALLEL) as pool:
        made = list(pool.map(killed_while_starting, roots, *zip(*moments, strict=True)))
    assert all(made[5:]), "the runs waited for their history to appear"
    for root in roots:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert history_json(root) == []
        assert err.getvalue() == "", err.getvalue()  # nothing unreadable, nothing moved
        assert not list((root / "data").glob("history.db.unreadable-*"))


# ------------------------------------------------------- two copies at once


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_two_copies_recording_at_once_both_save_their_sessions(tmp_path):
    home = make_home(tmp_path / "home")
    presets = tmp_path / "presets"
    presets.mkdir()
    apps = []
    for name in ("Copy A", "Copy B"):
        path = presets / f"{name[-1]}.toml"
        path.write_text(marked_preset(name, steps=4))
        apps.append(PtyApp(["run", str(path)], home))
    for app in apps:
        app.wait_for(b"Press Enter to start")
    for app in apps:
        app.send(b"\r")
    deadline = time.monotonic() + 60
    while not all(b"Session complete" in app.output for app in apps):
        assert time.monotonic() < deadline, "a session never completed"
        for app in apps:
            app.read(0.05)
    for app in apps:
        app.send(b"\x11")  # Ctrl+Q
    codes = [app.finish() for app in apps]
    assert codes == [0, 0]
    for app in apps:
        assert b"locked" not in app.output
        assert b"cannot save" not in app.output
        assert b"Saved to your history" in app.output

    sessions = {s["preset"]: s for s in history_json(home)}
    assert set(sessions) == {"Copy A", "Copy B"}
    for session in sessions.values():
        assert session["status"] == "completed"
        assert [s["index"] for s in session["segments"]] == list(range(4))
        assert session["active_seconds"] == pytest.approx(4 * STEP_SECONDS, abs=0.05)


# ------------------------------------------------- a real terminal resized


def resize(app: PtyApp, columns: int, rows: int) -> None:
    """What a terminal window does when it is resized: new size, then SIGWINCH."""
    fcntl.ioctl(app.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.killpg(app.proc.pid, signal.SIGWINCH)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_a_real_terminal_resized_all_through_a_session(tmp_path):
    home = make_home(tmp_path / "home")
    preset = tmp_path / "resize.toml"
    preset.write_text(marked_preset("Resized", steps=4))
    app = PtyApp(["run", str(preset)], home, size=(20, 8))
    sizes = [(300, 100), (20, 8), (80, 10), (133, 41), (21, 9), (300, 8), (80, 24)]
    app.wait_for(b"Start")  # the safety check: at 20x8, its Start button and footer
    resize(app, 100, 30)
    app.wait_for(b"Press Enter to start")
    app.send(b"\r")
    deadline = time.monotonic() + 60
    turn = 0
    while b"Session complete" not in app.output:
        assert time.monotonic() < deadline and app.proc.poll() is None, "the session stopped"
        # Every size in turn, each drawn before the next, however slow the
        # machine is: the app has taken a size once it moves to its last row.
        columns, rows = sizes[turn % len(sizes)]
        turn += 1
        drawn = len(app.output)
        resize(app, columns, rows)
        app.wait_for(b"\x1b[%d;" % rows, since=drawn)
    app.send(b"\x11")  # Ctrl+Q
    assert app.finish() == 0
    assert b"Traceback" not in app.output and b"Error" not in app.output
    assert b"\x1b[100;" in app.output, "the app never drew on a 100-row terminal"
    [session] = history_json(home)
    assert session["status"] == "completed"
    assert [s["index"] for s in session["segments"]] == list(range(4))


# ------------------------------------------------------------ exit statuses


def walking(tmp_path: Path, name: str) -> tuple[Path, PtyApp]:
    """A home, and `backwalk run` of a 30-step preset there, into its second step."""
    home = make_home(tmp_path / "home")
    preset = tmp_path / "walk.toml"
    preset.write_text(marked_preset(name, steps=30))
    app = PtyApp(["run", str(preset)], home)
    app.wait_for(b"Press Enter to start")
    app.send(b"\r")
    app.wait_for(b"zq01zq")
    return home, app


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty and SIGTERM")
def test_the_exit_status_says_how_the_app_ended(tmp_path):
    """0 when the walker quits, 128+N after signal N, 1 after a crash."""
    home, app = walking(tmp_path, "Ended")
    app.proc.send_signal(signal.SIGTERM)
    assert app.finish() == 128 + signal.SIGTERM
    [session] = history_json(home)
    assert session["status"] == "interrupted"

    # A fault nobody foresaw, made here by breaking the picker on purpose.
    crash = (
        "import sys; from backwalk_tui import cli; "
        "from backwalk_tui.ui.screens import picker; "
        "picker.PickerScreen.on_mount = lambda self: 1 / 0; "
        "sys.exit(cli.main([]))"
    )
    broken = PtyApp([], home, program=[sys.executable, "-c", crash])
    assert broken.finish(60) == 1
    assert b"ZeroDivisionError" in broken.output


# -------------------------------------------------- stopped, then continued


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty and SIGSTOP")
def test_a_process_stopped_mid_session_comes_back_paused(tmp_path):
    """Ctrl+Z or SIGSTOP: the seconds it stood still were not walked, nor seen."""
    home, app = walking(tmp_path, "Stopped")
    os.killpg(app.proc.pid, signal.SIGSTOP)
    stopped = time.monotonic()
    while time.monotonic() - stopped < STOPPED_MIN_SECONDS + 2:
        app.read(0.2)  # only what it drew before the stop comes
    # Counted once all it drew before the stop is read: a loaded machine can
    # keep this test from reading for a step or two of the app's.
    seen = max(app.marks())
    os.killpg(app.proc.pid, signal.SIGCONT)
    app.wait_for(b"was stopped for", seconds=30)
    app.read(1.5)  # it stays paused
    assert max(app.marks()) <= seen + 1, "it walked on through the stop"
    app.send(b"\x11")  # Ctrl+Q
    assert app.finish() == 0
    [session] = history_json(home)
    assert len(session["segments"]) <= seen + 1
    assert session["asleep_seconds"] == 0
    assert session["active_seconds"] < (seen + 2) * STEP_SECONDS


LINE_MODES = termios.ICANON | termios.ECHO


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty and SIGSTOP")
def test_keys_reach_the_app_after_a_shell_took_the_terminal_during_a_stop(tmp_path):
    """`kill -STOP`, then `fg` in an interactive shell: the shell had put the
    terminal back in its own modes (echo, whole lines) while backwalk was
    stopped, and `fg` does not undo it. The app takes its terminal back."""
    _, app = walking(tmp_path, "Stopped")
    os.killpg(app.proc.pid, signal.SIGSTOP)
    stopped = time.monotonic()
    # What bash does when it sees its job stop: its own modes on the terminal.
    fd = os.open(app.tty, os.O_RDWR | os.O_NOCTTY)
    try:
        modes = termios.tcgetattr(fd)
        assert not modes[3] & LINE_MODES, "the app had the terminal in its own modes"
        modes[3] |= LINE_MODES
        termios.tcsetattr(fd, termios.TCSANOW, modes)
        while time.monotonic() - stopped < STOPPED_MIN_SECONDS + 1:
            app.read(0.2)
        os.killpg(app.proc.pid, signal.SIGCONT)
        app.wait_for(b"was stopped for", seconds=30)
        seen = max(app.marks())
        app.send(b" ")  # Space: go on
        app.wait_for(f"zq{seen + 1:02d}zq".encode(), seconds=30)
        assert not termios.tcgetattr(fd)[3] & LINE_MODES
    finally:
        os.close(fd)
    app.send(b"\x11")  # Ctrl+Q
    assert app.finish() == 0
