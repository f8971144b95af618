"""How much of the screen the session's time and direction take, at the sizes people use.

    python benchmarks/legibility.py                  # this checkout
    python benchmarks/legibility.py --repo DIR       # another checkout (an older commit)
    python benchmarks/legibility.py --json           # the figures as JSON, for run.py

The real app runs headless (Textual's `run_test`) on a fake clock at each
size, goes to a moment of the built-in "Stage 3 · Longer backward", and
counts the rows of the time and of the direction word that hold ink (any
character but a space): the height a walker sees from across the room. Its
share is of the terminal's rows. It reads the screen by the widgets' ids
(`#time`, `#direction`), which every version of the session screen has.

`--json` prints `{"package": ..., "rows": [...]}`: `package` is the folder
`backwalk_tui` was imported from, so a caller can check that the checkout it
asked for, not the installed one, was measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

SIZES = ((80, 24), (100, 30), (200, 60), (300, 100))
#: (what the walker is doing, seconds after the start of the first segment)
MOMENTS = (
    ("warm-up, 1:50 left", 10.2),
    ("backward, 0:35 left", 150 + 25.2),
)


def ink_rows(widget) -> int:
    """Rows of the widget, as drawn at its size, with anything but blanks on them."""
    from textual.geometry import Region

    width, height = widget.region.size
    if not widget.display or width == 0 or height == 0:
        return 0
    strips = widget.render_lines(Region(0, 0, width, height))
    return sum(1 for strip in strips if strip.text.strip())


def app_at(preset: str, **options):
    """The real app over the home in BACKWALK_HOME, opened at `preset`, and its history.

    run.py's `cues` section builds its app here too. No lead-in; `options`
    go to the app (a clock, say).
    """
    from backwalk_tui import safety
    from backwalk_tui.history import History
    from backwalk_tui.paths import locate
    from backwalk_tui.presets import load_catalog
    from backwalk_tui.settings import Settings
    from backwalk_tui.ui import app as app_module

    where = locate()
    safety.accept_disclaimer(where)
    catalog = load_catalog(where.presets_dir)
    history = History(where.database)
    given = dict(settings=Settings(lead_in=0), catalog=catalog, history=history, **options)
    chosen = catalog.get(preset)
    if hasattr(app_module, "Collaborators"):
        app = app_module.BackwalkApp(app_module.Collaborators(where, **given), preset=chosen)
    else:  # a checkout from before the app was given its collaborators in one object
        app = app_module.BackwalkApp(where, preset=chosen, **given)
    return app, history


async def measure(size: tuple[int, int], seconds: float) -> tuple[int, int]:
    clock = [1000.0]
    app, history = app_at("Stage 3 · Longer backward", clock=lambda: clock[0])
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for _ in range(4):  # the checklist
                await pilot.press("space", "tab")
            await pilot.press("enter")
            await pilot.pause()
            clock[0] += seconds
            app.screen.tick()
            await pilot.pause()
            screen = app.screen
            return (
                ink_rows(screen.query_one("#time")),
                ink_rows(screen.query_one("#direction")),
            )
    finally:
        history.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, help="the checkout to measure (default: this one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    repo = (args.repo or Path(__file__).resolve().parent.parent).resolve()
    sys.path.insert(0, str(repo))
    # A private home: the app reads and writes nothing of the person's own.
    os.environ["BACKWALK_HOME"] = tempfile.mkdtemp(prefix="backwalk-legibility-")
    os.environ["WAKEPY_FAKE_SUCCESS"] = "1"
    os.environ.setdefault("BACKWALK_AUDIO", "null")
    rows = []
    for width, height in SIZES:
        for moment, seconds in MOMENTS:
            time_rows, word_rows = asyncio.run(measure((width, height), seconds))
            rows.append(
                {"size": f"{width}x{height}", "height": height, "moment": moment,
                 "time": time_rows, "word": word_rows}
            )  # fmt: skip
    if args.json:
        import backwalk_tui

        print(json.dumps({"package": str(Path(backwalk_tui.__file__).parent), "rows": rows}))
        return
    print(f"{'size':>8}  {'moment':<20} {'time rows':>10} {'word rows':>10}")
    for row in rows:
        share = f"{row['time'] / row['height']:.0%} / {row['word'] / row['height']:.0%}"
        print(f"{row['size']:>8}  {row['moment']:<20} {row['time']:>10} {row['word']:>10}  {share}")


if __name__ == "__main__":
    main()
