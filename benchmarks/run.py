"""backwalk's performance figures, measured side by side so a noisy machine does not blur them.

    python benchmarks/run.py            # everything but `realtime` and `cues`
    python benchmarks/run.py cli engine # some sections: cli, engine, history, tui, legibility
    python benchmarks/run.py realtime   # a real 10-minute session (opt-in: it takes 10 minutes)
    python benchmarks/run.py cues       # cue latency over a real session (opt-in: --minutes)

Options:

    --runs N       paired runs of each figure (default 5; `cli` runs 3N)
    --window S     seconds of the steady CPU measurements in `tui` (default 20);
                   the session with tones is measured over a whole 90 s cycle
                   of its preset (or the window, if longer)
    --sessions N   simulated 30-minute sessions in `engine` (default 200)
    --seed N       the simulated sessions' random seed (default 1)
    --before REV   the commit `legibility` compares this checkout with
                   (default 060fa1e, the commit before the full-screen work)
    --minutes N    the length of the `cues` session (default 10)

Each figure is a ratio against a yardstick measured in turn in the same run
(`python -c "import rich"`, a one-label Textual app, a 1 Hz stopwatch,
termdown: `pip install termdown`), an absolute error of the engine's clock arithmetic, a
count of rows on screen, or a delay in milliseconds. The terminal figures
come from a private tmux server, as a person's terminal sees the app. Needs
Linux (/proc) and tmux for the `tui` and `realtime` sections, git for
`legibility`, and miniaudio (its null output needs no sound card) for
`cues` and the tones figures of `tui`. CPU figures taken while other work
runs on the machine are noise: run them on a quiet machine.

backwalk's modules are byte-compiled first, as `pip install` does: where
PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile them from
source, and time the compiler rather than backwalk.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
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


def fresh_home(*, accepted: bool = True) -> Path:
    """A backwalk home in a temporary folder; `accepted`: the disclaimer already accepted."""
    home = Path(tempfile.mkdtemp(prefix="backwalk-bench-"))
    (home / "data").mkdir(mode=0o700)
    if accepted:
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


#: The session of the plain CPU figure: one 30-minute segment, no cue in the window.
LONG_PRESET = """\
name = "Long walk"
checklist = []

[[segment]]
kind = "backward"
duration = "30m"
"""

#: The session of the tones figures: forward 30 s, backward 60 s, repeated,
#: as in the built-in Stage 3 (without its warm-up and rests). A 90 s cycle
#: has two direction cues, two halfway chimes and six countdown ticks.
CYCLE_PRESET = """\
name = "Stage 3 cycle"
checklist = []
rounds = 20

[[segment]]
kind = "forward"
duration = 30

[[segment]]
kind = "backward"
duration = 60
"""

#: Seconds of one forward+backward cycle of the preset above.
CYCLE_SECONDS = 90
#: The settings of every terminal run: the session starts on Enter.
PLAIN_CONFIG = "lead_in = 0\n"


def in_terminal(
    command: list[str],
    marker: str,
    *,
    keys: list[str] = (),
    window: float = 0,
    home: Path | None = None,
    then: tuple[str, str] | None = None,
    config: str = PLAIN_CONFIG,
    environ: dict[str, str | None] | None = None,
    accepted: bool = True,
) -> dict:
    """Start `command` in a private tmux server; time to `marker`, then CPU over `window`.

    `then` is a key and a second marker: the time from pressing the key to
    the marker on screen is the result's "then". `home` is a backwalk home to
    use instead of a fresh one (it is left in place). `config` is written to
    config.toml. `environ` sets variables for the command, or unsets those
    given None; the rest come from this process, through the tmux server.
    `accepted` False: a first run, the disclaimer not yet accepted.
    """
    own_home = home is None
    home = fresh_home(accepted=accepted) if own_home else home
    folder = home / "config"
    (folder / "presets").mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(config)
    for name, text in (("long", LONG_PRESET), ("cycle", CYCLE_PRESET)):
        (folder / "presets" / f"{name}.toml").write_text(text)
    env = {"HOME": str(home), "BACKWALK_HOME": str(home), "TERM": "xterm-256color"}
    env.update(environ or {})
    # env(1) takes its options (-u: unset) before the assignments.
    line = "env " + " ".join(
        [f"-u {k}" for k, v in env.items() if v is None]
        + [f"{k}={shlex.quote(v)}" for k, v in env.items() if v is not None]
    )
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


#: No BACKWALK_AUDIO: the app tries the real sound outputs, as for a walker
#: (with no sound card, each fails at once and the bell stands in).
REAL_AUDIO: dict[str, str | None] = {"BACKWALK_AUDIO": None}
#: The null output: tones "play" in real time to nothing, as to a sound card.
NULL_AUDIO: dict[str, str | None] = {"BACKWALK_AUDIO": "null"}


def termdown() -> list[str] | None:
    """termdown, the terminal countdown, beside this Python or on PATH (pip install termdown)."""
    beside = Path(PYTHON).parent / "termdown"
    found = str(beside) if beside.exists() else shutil.which("termdown")
    return [found] if found else None


def ratio_line(name: str, ours: list[float], theirs: list[float], unit: str, yardstick: str,
               target: str, digits: int = 3) -> str:  # fmt: skip
    """One figure beside its yardstick: medians, the median of the paired ratios, the target."""
    pairs = list(zip(ours, theirs, strict=True))
    return (
        f"  {name:<32} {statistics.median(ours):.{digits}f} {unit}   {yardstick}"
        f" {statistics.median(theirs):.{digits}f} {unit}   ratio {median_ratio(pairs):.2f}x"
        f"   (target {target})"
    )


def bench_tui(runs: int, window: float) -> None:
    """The terminal's figures, each beside its yardstick, all measured in turn in every run.

    - Launch to the picker, against the one-label app: with the default
      output (the real ones tried; without a sound card each fails) and the
      null output (a device opened, as with a sound card).
    - A first run to the disclaimer (nothing accepted yet), against the same.
    - A steady backward segment with tones on (one 30-minute segment, no
      cue in the window), against the 1 Hz stopwatch: what any Textual
      timer showing its seconds costs.
    - A session with tones on, over one whole 90 s cycle of forward 30 s and
      backward 60 s (two direction cues, two halfway chimes, six ticks, and
      the screen's changes with them), from 2 s after Enter, against
      termdown counting down 30 minutes over the same time.
    - The peak RSS of that session, against the one-label app.

    The tones play to miniaudio's null output, in real time, as to a card.
    """
    bare = [PYTHON, str(HERE / "bare_app.py")]
    floor = [PYTHON, str(HERE / "stopwatch.py"), "1"]
    countdown = termdown()
    cycle = max(window, CYCLE_SECONDS)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"Terminal (tmux, 100x30; medians of {runs} paired runs; CPU over {window:g} s steady,"
        f" {cycle:g} s for a whole cycle; load average at the start {load})"
    )
    got: dict[str, list] = {}
    for _ in range(runs):
        for name, result in (
            ("bare", lambda: in_terminal(bare, "hello")),
            ("launch", lambda: in_terminal(BACKWALK, r"Stage 1", environ=REAL_AUDIO)),
            ("launch null", lambda: in_terminal(BACKWALK, r"Stage 1", environ=NULL_AUDIO)),
            ("first run", lambda: in_terminal(BACKWALK, r"I understand", accepted=False,
                                              environ=REAL_AUDIO)),
            ("steady", lambda: in_terminal([*BACKWALK, "run", "Long walk"], "Press Enter",
                                           keys=["Enter"], window=window, environ=NULL_AUDIO)),
            ("floor", lambda: in_terminal(floor, r"\S", window=window)),
            ("session", lambda: in_terminal([*BACKWALK, "run", "Stage 3 cycle"], "Press Enter",
                                            keys=["Enter"], window=cycle, environ=NULL_AUDIO)),
            ("termdown", lambda: countdown and in_terminal([*countdown, "30m"], r"\S",
                                                           window=cycle)),
        ):  # fmt: skip
            got.setdefault(name, []).append(result())

    def of(name: str, key: str) -> list[float]:
        return [r[key] for r in got[name]]

    bare_paint = of("bare", "paint")
    for label, name in (("launch to picker", "launch"), ("launch, BACKWALK_AUDIO=null",
                        "launch null")):  # fmt: skip
        print(ratio_line(label, of(name, "paint"), bare_paint, "s", "one-label app", "<= 1.3x"))
    print(ratio_line("first run to the disclaimer", of("first run", "paint"), bare_paint, "s",
                     "one-label app", "<= 1.6x"))  # fmt: skip
    print(ratio_line("CPU, steady segment, tones on", of("steady", "cpu_per_minute"),
                     of("floor", "cpu_per_minute"), "s/min", "1 Hz floor", "<= 1.5x"))  # fmt: skip
    if countdown:
        print(ratio_line("CPU, a whole cycle, tones on", of("session", "cpu_per_minute"),
                         of("termdown", "cpu_per_minute"), "s/min", "termdown",
                         "<= 0.8x"))  # fmt: skip
    else:
        cpu = statistics.median(of("session", "cpu_per_minute"))
        print(f"  CPU, a whole cycle, tones on     {cpu:.3f} s/min   (no termdown to compare:"
              " pip install termdown)")  # fmt: skip
    print(ratio_line("peak RSS, session with tones", of("session", "rss_mb"), of("bare", "rss_mb"),
                     "MB", "one-label app", "<= 1.4x", digits=1))  # fmt: skip
    if countdown:
        print(f"    (termdown's peak RSS {statistics.median(of('termdown', 'rss_mb')):.1f} MB)")
    bench_where()


def bench_where() -> None:
    """What the launch imports, by package, and a session's memory, by stage (where.py)."""
    done = subprocess.run([PYTHON, str(HERE / "where.py")], capture_output=True, text=True,
                          env={**os.environ, "BACKWALK_AUDIO": "null"})  # fmt: skip
    if done.returncode:
        raise SystemExit(f"where.py failed:\n{done.stderr}")
    print(done.stdout, end="")


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


# ------------------------------------------------------------ legibility

#: The commit before the session's time and direction were made to fill the screen.
BEFORE = "060fa1e"


@contextlib.contextmanager
def checkout(rev: str):
    """A detached git worktree of `rev` in a temporary folder, removed afterwards."""
    repo = HERE.parent
    folder = Path(tempfile.mkdtemp(prefix="backwalk-before-"))
    tree = folder / "tree"
    try:
        added = subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "--quiet",
                                str(tree), rev])  # fmt: skip
        if added.returncode:
            raise SystemExit(f"cannot check out {rev!r} (git says why above)")
        yield tree
    finally:
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["git", "-C", str(repo), "worktree", "prune"], capture_output=True)


def legibility_rows(repo: Path) -> list[dict]:
    """`legibility.py --json` run against the checkout `repo`, checked to have measured it.

    The script puts `repo` first on sys.path; the package it reports having
    imported must be that checkout's, not the one installed for this one.
    """
    done = subprocess.run(
        [PYTHON, str(HERE / "legibility.py"), "--repo", str(repo), "--json"],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"legibility.py --repo {repo} failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    package = Path(result["package"]).resolve()
    if not package.is_relative_to(repo.resolve()):
        raise SystemExit(f"legibility.py --repo {repo} measured {package} instead")
    return result["rows"]


def bench_legibility(before: str) -> None:
    """Rows of the session's time and direction word, at four sizes, before and after.

    "Before" is the commit `before`, checked out on its own; "after" is this
    checkout. Both are measured by the same script (legibility.py: the real
    app, headless, on a fake clock), so only the app differs. A share is of
    the terminal's rows.
    """
    with checkout(before) as tree:
        old = legibility_rows(tree)
    new = legibility_rows(HERE.parent)
    print(f"Legibility (rows of the time and of the direction word; before = {before})")
    earlier = {(row["size"], row["moment"]): row for row in old}
    for row in new:
        was = earlier[row["size"], row["moment"]]
        height = row["height"]
        figures = "   ".join(
            f"{what} {was[what]:>2} -> {row[what]:>2} rows"
            f" ({was[what] / height:>3.0%} -> {row[what] / height:>3.0%})"
            for what in ("time", "word")
        )
        print(f"  {row['size']:>7}  {row['moment']:<20} {figures}")


# ------------------------------------------------------------------ cues

#: Each segment of the cue session: long enough for a halfway chime (20 s).
CUE_SEGMENT_SECONDS = 20
#: A segment's cues: its direction, its halfway chime, three countdown ticks.
CUES_PER_SEGMENT = 5
#: The target: no cue handed to the device more than this late.
CUE_TARGET_MS = 20.0


def cue_preset(minutes: float) -> str:
    """Forward and backward segments of 20 s, alternating, adding up to `minutes`.

    Whole rounds of (forward, backward); an odd count of segments starts
    with a forward warm-up of the same length and rounds of (backward,
    forward).
    """
    count = max(2, round(minutes * 60 / CUE_SEGMENT_SECONDS))
    pair = ("forward", "backward") if count % 2 == 0 else ("backward", "forward")
    text = f'name = "Cue latency"\nchecklist = []\nrounds = {count // 2}\n'
    if count % 2:
        text += f'\n[warmup]\nkind = "forward"\nduration = {CUE_SEGMENT_SECONDS}\n'
    for kind in pair:
        text += f'\n[[segment]]\nkind = "{kind}"\nduration = {CUE_SEGMENT_SECONDS}\n'
    return text


@contextlib.contextmanager
def environment(**values: str):
    """Set environment variables for the block, and put back what was there."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def played_in_session(limit: float) -> list:
    """Run the cue session headless in real time; what the player handed over."""
    from legibility import app_at

    from backwalk_tui.ui.screens.summary import SummaryScreen

    # Tones are the default sound; the clock is the app's own, time.monotonic.
    app, history = app_at("Cue latency")
    if app.cues.player is None or not app.cues.player.available:
        raise SystemExit(f"no null output: {app.cues.player and app.cues.player.problem}")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            deadline = time.monotonic() + limit
            while not isinstance(app.screen, SummaryScreen):
                if time.monotonic() > deadline:
                    raise SystemExit("the cue session never reached its summary")
                await asyncio.sleep(0.5)
            await asyncio.sleep(1)  # the finish tune is handed over
            return list(app.cues.player.played)
    finally:
        history.close()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above `share` of them."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def bench_cues(minutes: float) -> None:
    """How late each cue reaches the sound device, over a real session on the null output.

    The real app runs headless (Textual's `run_test`) on the real monotonic
    clock, its own timers ticking in real time, with tones played to
    miniaudio's null output, which takes samples in real time as a sound
    card does. Latency is from the moment a cue fell due on the session's
    clock (`due`) to the audio callback that handed its first sample to the
    device (`handed_at`): the app's timer, the tick's work and the wait for
    the device's next 10 ms buffer. The beats and the finish tune have no
    due moment and are left out. Targets: worst under 20 ms.
    """
    sys.path.insert(0, str(HERE.parent))
    count = max(2, round(minutes * 60 / CUE_SEGMENT_SECONDS))
    print(
        f"Cue latency (a real {count * CUE_SEGMENT_SECONDS / 60:g}-minute session of"
        f" {CUE_SEGMENT_SECONDS} s segments, headless, tones on the null output)"
    )
    with tempfile.TemporaryDirectory(prefix="backwalk-cues-") as folder:
        home = Path(folder)
        (home / "config" / "presets").mkdir(parents=True)
        (home / "config" / "presets" / "cues.toml").write_text(cue_preset(minutes))
        with environment(BACKWALK_HOME=str(home), BACKWALK_AUDIO="null",
                         WAKEPY_FAKE_SUCCESS="1"):  # fmt: skip
            played = asyncio.run(played_in_session(count * CUE_SEGMENT_SECONDS + 60))
    timed = [p for p in played if p.due is not None]
    if not timed:
        raise SystemExit("no cue with a due moment was played")
    first = min(p.due for p in timed)
    late = [(p, (p.handed_at - p.due) * 1000) for p in timed]
    kinds = list(dict.fromkeys(p.name for p in timed))  # in the order they first sounded
    print(f"  {'cue':<10} {'count':>5} {'median':>9} {'95th':>9} {'worst':>9}")
    for name in [*kinds, "all"]:
        ms = [delay for p, delay in late if name in ("all", p.name)]
        print(
            f"  {name:<10} {len(ms):>5} {statistics.median(ms):>6.1f} ms"
            f" {percentile(ms, 0.95):>6.1f} ms {max(ms):>6.1f} ms"
        )
    worst = max(delay for _, delay in late)
    verdict = "met" if worst < CUE_TARGET_MS else "missed"
    print(
        f"  worst {worst:.1f} ms: target under {CUE_TARGET_MS:g} ms {verdict};"
        f" {len(timed)} cues with a due moment (the plan has {count * CUES_PER_SEGMENT}),"
        f" {len(played) - len(timed)} without (beats, the finish tune)"
    )
    over = [(p, delay) for p, delay in late if delay > CUE_TARGET_MS]
    if not over:
        print(f"  late by more than {CUE_TARGET_MS:g} ms: none")
        return
    print(f"  late by more than {CUE_TARGET_MS:g} ms: {len(over)} of {len(timed)}")
    for p, delay in over:
        print(f"    {p.name:<10} due {p.due - first:7.3f} s into the session   {delay:+.1f} ms")


def compile_backwalk() -> None:
    """Byte-compile backwalk as an install would (see the module's notes)."""
    package = HERE.parent / "backwalk_tui"
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sections", nargs="*", default=["cli", "engine", "history", "tui", "legibility"]
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--window", type=float, default=20, help="seconds of each CPU window")
    parser.add_argument("--sessions", type=int, default=200, help="simulated engine sessions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", default=BEFORE, help="the commit `legibility` compares with")
    parser.add_argument("--minutes", type=float, default=10, help="length of the `cues` session")
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
    if "legibility" in args.sections:
        bench_legibility(args.before)
    if "realtime" in args.sections:
        bench_realtime()
    if "cues" in args.sections:
        bench_cues(args.minutes)


if __name__ == "__main__":
    main()
