"""What a launch to the picker imports: only what the picker shows (issue 19's launch time).

The app runs headless in a process of its own, built as `run_app` builds it
(no test helper, which would import the other screens itself), to the picker.
"""

from __future__ import annotations

import os
import subprocess
import sys

from backwalk_tui.paths import Locations

LAUNCH_TO_THE_PICKER = """
import asyncio, sys
from backwalk_tui.history import History
from backwalk_tui.paths import locate
from backwalk_tui.presets import load_catalog
from backwalk_tui.settings import load_settings
from backwalk_tui.ui.app import BackwalkApp, Collaborators
from backwalk_tui.ui.screens.picker import PickerScreen

async def launch():
    where = locate()
    given = Collaborators(where, load_settings(where.settings_file),
                          load_catalog(where.presets_dir), History(where.database))
    app = BackwalkApp(given, preset=None)
    async with app.run_test() as pilot:
        while not isinstance(app.screen, PickerScreen):
            await pilot.pause()
    app.history.close()

asyncio.run(launch())
print(" ".join(sorted(sys.modules)))
"""

#: Modules of screens and widgets the picker does not show, each imported where used.
NOT_FOR_THE_PICKER = (
    "backwalk_tui.ui.widgets.answers",  # the notes of a summary or a check-in
    "backwalk_tui.ui.screens.confirm",  # a question, asked only when one is
    "backwalk_tui.ui.screens.session",
    "backwalk_tui.engine",
    "wakepy",  # keeping the screen on waits for a session
    "jeepney",
)


def test_a_launch_to_the_picker_imports_no_screen_it_does_not_show(locations: Locations):
    from backwalk_tui import safety

    safety.accept_disclaimer(locations)
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH_TO_THE_PICKER],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "BACKWALK_AUDIO": "null"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert "backwalk_tui.ui.screens.picker" in loaded  # it did get there
    assert [name for name in NOT_FOR_THE_PICKER if name in loaded] == []
