"""Render the example report for the README: docs/report-example.html and its PNG.

    python docs/render_report.py

Makes an 8-week history in a temporary folder with backwalk's own API
(demo.fill_history runs the real engine and saves through History), with
made-up check-ins at the start and 3 and 6 weeks on, writes
the report that `backwalk report --weeks 8` would write, and photographs it
with headless Chromium (Debian: `apt-get install chromium`) into
docs/screenshots/report.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from backwalk_tui import demo  # noqa: E402
from backwalk_tui.history import History  # noqa: E402
from backwalk_tui.presets import load_catalog  # noqa: E402
from backwalk_tui.report import render_report, write_report  # noqa: E402

END = datetime(2026, 11, 25, 19, 0).astimezone()
#: Made-up check-ins for the example: (days before END, TUG seconds, week's pain).
CHECKINS = ((52, 14.2, 6), (31, 12.9, 5), (10, 11.8, 4))


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        History(Path(folder) / "history.db", durable=False) as history,
    ):
        demo.fill_history(history, load_catalog(None), end=END, weeks=8, per_week=3, seed=4)
        for days, tug, pain in CHECKINS:
            taken = (END - timedelta(days=days)).replace(hour=10)
            history.add_checkin(tug_seconds=tug, pain_week=pain, taken_at=taken)
        sessions, checkins = history.sessions(), history.checkins()
    page = render_report(
        sessions, weeks=8, weekly_goal=3, checkins=checkins, today=END.date(), generated_at=END
    )
    html_path = DOCS / "report-example.html"
    write_report(html_path, page)
    html_path.chmod(0o644)  # an example, not health data
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit(f"wrote {html_path}; install chromium to make the PNG")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
                f"--screenshot={DOCS / 'screenshots' / 'report.png'}",
                "--window-size=1000,2400", html_path.as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    print(f"wrote {html_path} and {DOCS / 'screenshots' / 'report.png'}")


if __name__ == "__main__":
    main()
