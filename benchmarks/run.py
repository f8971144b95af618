"""backwalk's performance figures, measured side by side so a noisy machine does not blur them.

    python benchmarks/run.py            # everything but `realtime`
    python benchmarks/run.py cli engine # some sections: cli, engine, history, tui
    python benchmarks/run.py realtime   # a real 10-minute session (opt-in: it takes 10 minutes)

Each figure is a ratio against a yardstick measured in turn in the same run
(`python -c "import rich"`, a one-label Textual app, a 60 Hz stopwatch), or
an absolute error of the engine's clock arithmetic. The terminal figures
come from a private tmux server, as a person's terminal sees the app. Needs
Linux (/proc) and tmux for the `tui` and `realtime` sections.

backwalk's modules are byte-compiled first, as `pip install` does: where
PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile them from
source, and time the compiler rather than backwalk.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
BACKWALK = [str(Path(PYTHON).parent / "backwalk")]
if not Path(BACKWALK[0]).exists():
    BACKWALK = [PYTHON, "-m", "backwalk_tui"]


def median_ratio(pairs: list[tuple[float, float]]) -> float:
    return statistics.median(a / b for a, b in pairs)


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def fresh_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="backwalk-bench-"))
    (home / "data").mkdir(mode=0o700)
    (home / "data" / "disclaimer-accepted").write_text("yes\n")
    return home


# ------------------------------------------------------------------- cli


# The least a command can cost that parses its arguments with argparse (as the
# design asks) and reads TOML presets into dataclasses: those imports, and one
# parser with one subcommand. It shows how much of a command's time is left
# to backwalk's own work.
FLOOR_SCRIPT = (
    "import argparse, dataclasses, pathlib, tomllib; "
    "argparse.ArgumentParser().add_subparsers().add_parser('list')"
)


def bench_cli(runs: int) -> None:
    home = fresh_home()
    env = {**os.environ, "BACKWALK_HOME": str(home)}
    yardstick = [PYTHON, "-c", "import rich"]
    print("Command line (wall time, median of paired runs)")
    for name, command in (
        ("backwalk presets list", [*BACKWALK, "presets", "list"]),
        ("backwalk history --json (empty)", [*BACKWALK, "history", "--json"]),
        ("floor: argparse, pathlib, tomllib, dataclasses", [PYTHON, "-c", FLOOR_SCRIPT]),
    ):
        wall_time(command, env)  # warm the file cache
        pairs = [(wall_time(command, env), wall_time(yardstick, env)) for _ in range(runs)]
        ours = statistics.median(a for a, _ in pairs)
        theirs = statistics.median(b for _, b in pairs)
        print(
            f"  {name:<46} {ours * 1000:6.1f} ms   import rich {theirs * 1000:6.1f} ms"
            f"   ratio {median_ratio(pairs):.2f}x"
        )
    shutil.rmtree(home, ignore_errors=True)


# ---------------------------------------------------------------- engine


class SimulatedClock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


def bench_engine(sessions: int, seed: int) -> None:
    """Simulated 30-minute sessions on a jittery fake clock with random pauses and sleeps.

    A reference walk through the same plan, kept by plain addition of the
    simulated active time, says where the session should be at each poll;
    the figure is the worst gap between that and the engine's answer.
    """
    sys.path.insert(0, str(HERE.parent))
    from backwalk_tui.engine import Engine, Slept
    from backwalk_tui.plan import build_plan
    from backwalk_tui.presets import Preset, Segment

    rng = random.Random(seed)
    worst_remaining = worst_total = 0.0
    polls = sleeps = paused_by_sleep = 0
    for _ in range(sessions):
        # Timed segments of 5-120 s, enough rounds for about 30 minutes.
        segments = tuple(
            Segment(
                kind=rng.choice(["forward", "backward", "sideways"]), duration=rng.randint(5, 120)
            )
            for _ in range(rng.randint(1, 6))
        )
        per_round = sum(s.duration for s in segments)
        rounds = max(1, min(99, round(1800 / per_round)))
        plan = build_plan(Preset(name="bench", segments=segments, rounds=rounds))
        ends, total = [], 0.0
        for step in plan.steps:
            total += step.planned_seconds
            ends.append(total)
        clock = SimulatedClock(rng.uniform(0, 1e6))
        # Counts while the computer sleeps (CLOCK_BOOTTIME); `clock` does not.
        boot = SimulatedClock(rng.uniform(0, 1e6))
        engine = Engine(plan, clock, sleep_clock=boot)
        engine.start()
        active = 0.0  # the reference: simulated active seconds, by addition
        while not engine.snapshot().finished:
            dt = rng.uniform(0.05, 0.45)  # a 4 Hz timer with heavy jitter
            if rng.random() < 0.01:
                dt += rng.uniform(1, 20)  # a stall: a slow frame, a busy machine
            clock.now += dt
            boot.now += dt + rng.uniform(-1e-4, 1e-4)  # the two clocks' own wobble
            if engine.state == "paused":
                if rng.random() < 0.05:
                    engine.resume()
            elif rng.random() < 0.0005:
                # The lid closes: the session must pause where it was last seen
                # awake and count none of the sleep (nor the moment before it).
                boot.now += rng.uniform(10, 3 * 3600)
                sleeps += 1
            else:
                active += dt
                if rng.random() < 0.002:
                    engine.pause()
            before = engine.state
            events = engine.poll()
            if any(isinstance(e, Slept) for e in events):
                assert before == "running" and engine.state == "paused", "a sleep not paused"
                paused_by_sleep += 1
            snap = engine.snapshot()
            polls += 1
            if snap.finished:
                worst_total = max(worst_total, abs(snap.session_active - total))
                break
            expected_index = next(i for i, end in enumerate(ends) if active < end)
            assert snap.step is not None and snap.step.index == expected_index, "wrong step"
            expected_remaining = ends[expected_index] - active
            worst_remaining = max(worst_remaining, abs(snap.step_remaining - expected_remaining))
            worst_total = max(worst_total, abs(snap.session_active - active))
    print(f"Engine accuracy ({sessions} simulated 30-minute sessions, {polls:,} polls)")
    print(f"  worst error of the remaining time shown  {worst_remaining:.2e} s")
    print(f"  worst drift of the session's active time {worst_total:.2e} s")
    print(f"  laptop sleeps: {sleeps}, sessions paused by them: {paused_by_sleep}")


# ------------------------------------------------------------------- tui

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: Seconds between the last key and the start of a CPU measurement.
SETTLE_SECONDS = 2.0


def _process_tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
            todo += [int(k) for k in children.split()]
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total / TICK


def _peak_rss_mb(pids: list[int]) -> float:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
    return peak / 1024


def in_terminal(
    command: list[str],
    marker: str,
    *,
    keys: list[str] = (),
    window: float = 0,
    home: Path | None = None,
    then: tuple[str, str] | None = None,
) -> dict:
    """Start `command` in a private tmux server; time to `marker`, then CPU over `window`.

    `then` is a key and a second marker: the time from pressing the key to
    the marker on screen is the result's "then". `home` is a backwalk home to
    use instead of a fresh one (it is left in place).
    """
    own_home = home is None
    home = fresh_home() if own_home else home
    config = home / "config"
    (config / "presets").mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text("lead_in = 0\n")
    (config / "presets" / "long.toml").write_text(
        'name = "Long walk"\nchecklist = []\n[[segment]]\nkind = "backward"\nduration = "30m"\n'
    )
    env = {"HOME": str(home), "BACKWALK_HOME": str(home), "TERM": "xterm-256color"}
    line = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    line += " " + " ".join(shlex.quote(c) for c in command) + "; sleep 3600"
    tmux = ["tmux", "-L", f"bench-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]

    def seconds_until(marker: str, start: float) -> float:
        pattern = re.compile(marker)
        while True:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if pattern.search(screen):
                return time.monotonic() - start
            if time.monotonic() - start > 30:
                raise SystemExit(f"{marker!r} never appeared:\n{screen}")
            time.sleep(0.01)

    start = time.monotonic()
    subprocess.run([*tmux, "new-session", "-d", "-x", "100", "-y", "30", line], check=True)
    try:
        result = {"paint": seconds_until(marker, start)}
        pane = int(subprocess.run([*tmux, "list-panes", "-F", "#{pane_pid}"],
                                  capture_output=True, text=True).stdout.split()[0])  # fmt: skip
        for key in keys:
            subprocess.run([*tmux, "send-keys", key], check=True)
            time.sleep(0.3)
        if then:
            key, second = then
            time.sleep(SETTLE_SECONDS)  # let the first screen finish its work
            pressed = time.monotonic()
            subprocess.run([*tmux, "send-keys", key], check=True)
            result["then"] = seconds_until(second, pressed)
        if window:
            # What runs steadily is measured, not the start: the session screen
            # mounting, the stopwatch's first frames.
            time.sleep(SETTLE_SECONDS)
            before = _cpu_seconds(_process_tree(pane))
            time.sleep(window)
            result["cpu_per_minute"] = (_cpu_seconds(_process_tree(pane)) - before) * 60 / window
        result["rss_mb"] = _peak_rss_mb(_process_tree(pane))
        return result
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
        if own_home:
            shutil.rmtree(home, ignore_errors=True)


def bench_tui(runs: int, window: float) -> None:
    bare = [PYTHON, str(HERE / "bare_app.py")]
    stopwatch = [PYTHON, str(HERE / "stopwatch.py")]
    print(f"Terminal (tmux, 100x30; medians of {runs} paired runs)")
    starts = [
        (in_terminal(BACKWALK, r"Stage 1")["paint"], in_terminal(bare, "hello")["paint"])
        for _ in range(runs)
    ]
    print(
        f"  launch to picker     {statistics.median(a for a, _ in starts):.3f} s"
        f"   one-label app {statistics.median(b for _, b in starts):.3f} s"
        f"   ratio {median_ratio(starts):.2f}x"
    )
    session, yardstick, floor = [], [], []
    for _ in range(runs):
        session.append(in_terminal([*BACKWALK, "run", "Long walk"], "Press Enter",
                                   keys=["Enter"], window=window))  # fmt: skip
        yardstick.append(in_terminal(stopwatch, r"\S", window=window))
        floor.append(in_terminal([*stopwatch, "1"], r"\S", window=window))
    ours, theirs, least = (
        statistics.median(r["cpu_per_minute"] for r in runs_of)
        for runs_of in (session, yardstick, floor)
    )
    print(
        f"  CPU, running session {ours:.3f} s/min ({ours / 60 * 100:.2f}% of a core)"
        f"   60 Hz stopwatch {theirs:.3f} s/min   ratio {ours / theirs:.3f}x"
    )
    # A stopwatch that shows whole seconds: what any Textual timer that counts
    # down in seconds costs, however little else it does.
    print(
        f"  floor: 1 Hz stopwatch {least:.3f} s/min ({least / 60 * 100:.2f}% of a core)"
        f"   ratio {least / theirs:.3f}x"
    )
    bare_rss = statistics.median(in_terminal(bare, "hello")["rss_mb"] for _ in range(runs))
    our_rss = statistics.median(r["rss_mb"] for r in session)
    print(
        f"  peak RSS, session    {our_rss:.1f} MB   one-label app {bare_rss:.1f} MB"
        f"   ratio {our_rss / bare_rss:.2f}x"
    )


# --------------------------------------------------------------- history


def ten_years(folder: Path) -> tuple[Path, int]:
    """A history of ten years of daily sessions, made through backwalk's own API."""
    from datetime import datetime

    from backwalk_tui import demo
    from backwalk_tui.history import History
    from backwalk_tui.presets import load_catalog

    database = folder / "data" / "history.db"
    with History(database, durable=False) as history:
        count = demo.fill_history(
            history, load_catalog(None), end=datetime.now().astimezone(), weeks=522, per_week=7
        )
    return database, count


def bench_history(runs: int) -> None:
    sys.path.insert(0, str(HERE.parent))
    from backwalk_tui import safety
    from backwalk_tui.paths import locate

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        made = time.perf_counter()
        database, count = ten_years(home)
        made = time.perf_counter() - made
        import sqlite3

        steps = sqlite3.connect(database).execute("SELECT COUNT(*) FROM segments").fetchone()[0]
        print(f"Ten years of history ({count:,} sessions, {steps:,} steps, made in {made:.1f} s)")
        env = {**os.environ, "BACKWALK_HOME": str(home)}
        json_times = [wall_time([*BACKWALK, "history", "--json"], env) for _ in range(runs)]
        print(f"  backwalk history --json   {statistics.median(json_times):.3f} s   (target < 1 s)")
        safety.accept_disclaimer(locate(home / "config", home / "data"))
        # From the key to the footer's Details: the last thing the screen
        # draws, once the sessions table has its rows.
        stats_times = [
            in_terminal(BACKWALK, r"Stage 1", home=home, then=("s", r"Details"))["then"]
            for _ in range(runs)
        ]
        print(
            f"  stats screen opens in     {statistics.median(stats_times):.3f} s"
            "   (tmux, from the key to the whole screen; target < 0.3 s)"
        )


# -------------------------------------------------------------- realtime

REALTIME_PRESET = """\
name = "Ten minutes"
checklist = []
rounds = 5

[[segment]]
kind = "forward"
duration = 60

[[segment]]
kind = "backward"
duration = 60
"""


def bench_realtime(pauses: tuple[tuple[float, float], ...] = ((100, 15), (370, 25))) -> None:
    """A real 10-minute session in tmux, with two pauses by Space; then the history.

    Wall time runs from the moment the session's row appears in the history
    (written as the first step starts) to the moment it reads `completed`
    (written as the last step ends), both seen by polling the database, so
    each end is one commit and one poll late and the two mostly cancel.
    Pauses run from key to key, likewise.
    """
    import sqlite3

    print("Real time (one 10-minute session in tmux, 2 pauses by Space)")
    home = fresh_home()
    (home / "config" / "presets").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("lead_in = 0\n")
    (home / "config" / "presets" / "ten.toml").write_text(REALTIME_PRESET)
    env = {"HOME": str(home), "BACKWALK_HOME": str(home), "TERM": "xterm-256color"}
    line = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    line += " " + " ".join(shlex.quote(c) for c in [*BACKWALK, "run", "Ten minutes"])
    line += "; sleep 3600"
    tmux = ["tmux", "-L", f"bench-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout

    def wait_for(pattern: str, limit: float) -> float:
        deadline = time.monotonic() + limit
        while not re.search(pattern, screen()):
            if time.monotonic() > deadline:
                raise SystemExit(f"{pattern!r} never appeared:\n{screen()}")
            time.sleep(0.005)
        return time.monotonic()

    def key(name: str) -> float:
        subprocess.run([*tmux, "send-keys", name], check=True)
        return time.monotonic()

    database = home / "data" / "history.db"

    def session_row() -> tuple | None:
        with (
            contextlib.suppress(sqlite3.Error),
            contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn,
        ):
            return conn.execute(
                "SELECT status, active_seconds FROM sessions ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return None

    def wait_for_row(done, limit: float) -> float:
        deadline = time.monotonic() + limit
        while not done(session_row()):
            if time.monotonic() > deadline:
                raise SystemExit(f"the session never got there:\n{screen()}")
            time.sleep(0.002)
        return time.monotonic()

    subprocess.run([*tmux, "new-session", "-d", "-x", "100", "-y", "30", line], check=True)
    try:
        wait_for("Press Enter", 30)
        time.sleep(0.5)
        key("Enter")
        start = wait_for_row(lambda row: row is not None, 10)
        paused = 0.0
        for at, length in pauses:
            time.sleep(max(0.0, start + at - time.monotonic()))
            down = key("space")
            time.sleep(length)
            paused += key("space") - down
        end = wait_for_row(lambda row: row is not None and row[0] != "in_progress", 15 * 60)
        wait_for("Well done", 30)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    status, recorded = session_row()
    shutil.rmtree(home, ignore_errors=True)
    expected = end - start - paused
    print(f"  wall time {end - start:.3f} s, paused {paused:.3f} s, session {status}")
    print(
        f"  recorded active time {recorded:.3f} s   wall minus pauses {expected:.3f} s"
        f"   difference {recorded - expected:+.3f} s   (target within 0.1 s)"
    )


def compile_backwalk() -> None:
    """Byte-compile backwalk as an install would (see the module's notes)."""
    package = HERE.parent / "backwalk_tui"
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", default=["cli", "engine", "history", "tui"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--window", type=float, default=20, help="seconds of CPU measurement")
    parser.add_argument("--sessions", type=int, default=200, help="simulated engine sessions")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    compile_backwalk()
    if "cli" in args.sections:
        bench_cli(args.runs * 3)
    if "engine" in args.sections:
        bench_engine(args.sessions, args.seed)
    if "history" in args.sections:
        bench_history(args.runs)
    if "tui" in args.sections:
        bench_tui(args.runs, args.window)
    if "realtime" in args.sections:
        bench_realtime()


if __name__ == "__main__":
    main()
