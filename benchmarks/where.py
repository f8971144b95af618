"""Where backwalk's launch time and a session's memory go; run.py's `tui` section prints it.

    python benchmarks/where.py            # both breakdowns
    python benchmarks/where.py --traced   # the Python objects alone (tracemalloc), by package

Launch: `python -X importtime` of what `backwalk` imports before its first
screen, each module's own time summed by top-level package (miniaudio apart:
it is imported in a thread of its own, beside the rest). Memory: one process
goes through a session's stages in order (Textual imported, backwalk's
modules, the sound output opened, the tones made, the app at the picker, a
session with tones running, headless), with its resident size after each;
then, in a second process, tracemalloc's count of the Python objects alive
in the running session, by the package whose code made them. Tones play to
miniaudio's null output (BACKWALK_AUDIO=null).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

#: What `backwalk` imports before its first screen.
LAUNCH_IMPORTS = "import backwalk_tui.cli, backwalk_tui.ui.app"
PRESET = 'name = "Steady"\nchecklist = []\n\n[[segment]]\nkind = "backward"\nduration = "30m"\n'


def own_times(code: str) -> dict[str, float]:
    """Each module `code` imports, and its own import time in ms (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          capture_output=True, text=True, check=True)  # fmt: skip
    found = re.findall(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", done.stderr)
    return {name: int(us) / 1000 for us, name in found}


def launch_imports() -> None:
    launch = own_times(LAUNCH_IMPORTS)
    with_sound = own_times(f"{LAUNCH_IMPORTS}; import miniaudio")
    by_package: Counter = Counter()
    for name, ms in launch.items():
        package = name.split(".")[0]
        if package not in ("backwalk_tui", "textual", "rich"):
            package = "the rest (stdlib, others)"
        by_package[package] += ms
    sound = sum(ms for name, ms in with_sound.items() if name not in launch)
    total = sum(by_package.values())
    print(f"Where the launch's imports go (python -X importtime, own time, {total:.0f} ms in all)")
    for package, ms in by_package.most_common():
        print(f"  {package:<34} {ms:6.1f} ms")
    print(f"  {'miniaudio and what it imports':<34} {sound:6.1f} ms   (in a thread of its own)")


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run_a_session(stage) -> None:
    """The app to its picker, then a session with tones running; `stage` after each."""
    from legibility import app_at

    from backwalk_tui.ui.screens.session import SessionScreen

    app, history = app_at("Steady")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            stage("the app at the session's safety check")
            await pilot.press("enter")
            while not isinstance(app.screen, SessionScreen):
                await pilot.pause()
            await asyncio.sleep(3)  # its first cue handed over, a few looks drawn
            stage("a session with tones, running")
    finally:
        history.close()


def memory_by_stage() -> None:
    rows = [("python itself", resident_mb())]

    def stage(name: str) -> None:
        rows.append((name, resident_mb()))

    import textual.app  # noqa: F401

    stage("textual.app imported")
    import backwalk_tui.cli
    import backwalk_tui.ui.app  # noqa: F401

    stage("backwalk's modules for the picker")
    from backwalk_tui.sound import tones
    from backwalk_tui.sound.player import CuePlayer

    with CuePlayer(80) as player:
        assert player.available, player.problem
        stage("miniaudio imported, the output opened")
        for name in tones.CUES:
            tones.render(name, 80)
        stage("every tone made")
    asyncio.run(run_a_session(stage))
    print("Where a session's memory goes (resident size after each stage, headless, one process)")
    last = 0.0
    for name, mb in rows:
        print(f"  {name:<40} {mb:6.1f} MB   {mb - last:+6.1f} MB")
        last = mb


def traced() -> None:
    import tracemalloc

    tracemalloc.start()
    snapshot = None

    def stage(name: str) -> None:
        nonlocal snapshot
        if name.startswith("a session"):
            snapshot = tracemalloc.take_snapshot()

    asyncio.run(run_a_session(stage))
    by_package: Counter = Counter()
    for stat in snapshot.statistics("filename"):
        path = stat.traceback[0].filename
        parts = Path(path).parts
        if "site-packages" in parts:
            package = parts[parts.index("site-packages") + 1]
        elif "backwalk_tui" in parts:
            package = "backwalk_tui"
        elif path.startswith("<"):
            package = "frozen imports"
        else:
            package = "the standard library"
        by_package[package.removesuffix(".py")] += stat.size / 1024 / 1024
    total = sum(by_package.values())
    print(f"  Python objects alive in the session (tracemalloc, by the code that made them):"
          f" {total:.1f} MB")  # fmt: skip
    for package, mb in by_package.most_common(8):
        print(f"    {package:<30} {mb:5.1f} MB")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="backwalk-where-") as folder:
        os.environ["BACKWALK_HOME"] = folder
        os.environ.setdefault("BACKWALK_AUDIO", "null")
        os.environ.setdefault("WAKEPY_FAKE_SUCCESS", "1")
        (Path(folder) / "config" / "presets").mkdir(parents=True)
        (Path(folder) / "config" / "presets" / "steady.toml").write_text(PRESET)
        if "--traced" in sys.argv:
            traced()
            return
        launch_imports()
        memory_by_stage()
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--traced"], check=True)


if __name__ == "__main__":
    main()
