"""The screen is kept on through a session: the real app, the real wakepy.

wakepy's own WAKEPY_FAKE_SUCCESS stands for a desktop that agrees (every
test runs so, tests/conftest.py); the path of a machine with no desktop
session (as CI is) is taken for real.
`wakepy.modecount()` is how many modes are held by this process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import wakepy
from support import TWO_STEPS, FakeClock, said, toasts, write_preset
from textual.widgets import Label

from backwalk_tui.keepawake import PAUSE_LIMIT_SECONDS
from backwalk_tui.settings import Settings
from backwalk_tui.sound.player import ENVIRONMENT
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.summary import SummaryScreen

LONG = TWO_STEPS.replace("duration = 3", "duration = 600")


@pytest.fixture
def walk(app_factory, locations):
    def build(text=LONG, **settings):
        write_preset(locations.presets_dir, "two.toml", text)
        clock = FakeClock()
        app = app_factory(preset="Two steps", clock=clock, settings=Settings(lead_in=5, **settings))
        return app, clock

    return build


async def tick(pilot, clock, seconds):
    clock.advance(seconds)
    if isinstance(pilot.app.screen, SessionScreen):
        pilot.app.screen.tick()
    await pilot.pause()


async def test_held_from_the_lead_in_through_a_short_pause_and_let_go_after_a_long_one(walk):
    app, clock = walk()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert wakepy.modecount() == 0  # not at the safety check
        await pilot.press("enter")
        await pilot.pause()
        assert wakepy.modecount() == 1  # the lead-in: the walker is going to the counter
        await tick(pilot, clock, 6)
        assert app.screen.engine.state == "running" and wakepy.modecount() == 1
        await pilot.press("space")  # pause
        for _ in range(4):
            await tick(pilot, clock, (PAUSE_LIMIT_SECONDS - 1) / 4)
        assert wakepy.modecount() == 1, "kept on through a pause under the limit"
        await tick(pilot, clock, 2)
        assert wakepy.modecount() == 0, "let go: the walker has gone"
        assert app.screen.engine.state == "paused"
        await pilot.press("space")  # back, going on
        await tick(pilot, clock, 1)
        assert wakepy.modecount() == 1
        await tick(pilot, clock, 600)  # to the end
        assert isinstance(app.screen, SummaryScreen)
        assert wakepy.modecount() == 0, "let go at the end"
        assert not app.screen.has_class("-screen-may-sleep")


async def test_let_go_on_quit_and_on_a_stop_signal(walk):
    app, clock = walk()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await tick(pilot, clock, 6)
        assert wakepy.modecount() == 1
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert wakepy.modecount() == 0

    app, clock = walk()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await tick(pilot, clock, 6)
        assert wakepy.modecount() == 1
        app._stop_signal(signal.SIGTERM)
        assert wakepy.modecount() == 0  # at once, before the app has wound down
        await pilot.pause()


async def test_leaving_in_the_lead_in_lets_go(walk):
    app, _ = walk()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert wakepy.modecount() == 1
        await pilot.press("escape")  # back to the safety check before the start
        await pilot.pause()
        assert not isinstance(app.screen, SessionScreen)
        assert wakepy.modecount() == 0


async def test_switched_off_it_is_never_asked(walk):
    app, clock = walk(keep_screen_on=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await tick(pilot, clock, 6)
        assert wakepy.modecount() == 0
        assert not app.screen.has_class("-screen-may-sleep")


@pytest.mark.skipif(sys.platform != "linux", reason="no desktop session is a Linux notion here")
async def test_without_a_desktop_the_lead_in_says_so_and_the_session_goes_on(
    no_desktop, walk, capfd
):
    app, clock = walk()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-screen-may-sleep")
        label = screen.query_one("#screen-may-sleep")
        assert label.display and str(label.render()) == "Screen may sleep"
        notice = screen.query_one("#screen-notice", Label)
        told = str(notice.content)
        assert notice.region.height and "could not keep the screen on" in told
        assert "no desktop session" in told
        await tick(pilot, clock, 6)
        await tick(pilot, clock, 2)
        assert screen.engine.state == "running"  # never fails a session
        assert not notice.region.height and label.display, "the top bar keeps saying it"
        assert toasts(app) == [] and not said(app)
    assert capfd.readouterr().err == ""  # nothing printed behind Textual's back


@pytest.mark.skipif(sys.platform != "linux", reason="no desktop session is a Linux notion here")
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (200, 60)])
async def test_without_sound_or_a_desktop_nothing_covers_the_session(
    no_desktop, walk, monkeypatch, size
):
    """What will not work is said in the lead-in, above the time; no toast is ever shown."""
    monkeypatch.setenv(ENVIRONMENT, "wasapi" if sys.platform == "darwin" else "coreaudio")
    app, clock = walk(LONG.replace("duration = 600", "duration = 20"))
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        time = screen.query_one("#time").region
        for name, words in (("sound-notice", "bell"), ("screen-notice", "screen on")):
            notice = screen.query_one(f"#{name}", Label)
            assert words in str(notice.content) and notice.region.height, name
            assert notice.region.bottom <= time.y, "above the time, never over it"
        assert {"No sound", "Screen may sleep"} <= {
            str(label.render()) for label in screen.query("#session-top Label") if label.display
        }
        await pilot.press("m")  # muted: the top bar says "Sound off", no toast says it
        shown = []
        while isinstance(app.screen, SessionScreen):
            shown += toasts(app)
            await tick(pilot, clock, 1)
        assert shown == [], "nothing over the direction or the time"
        assert isinstance(app.screen, SummaryScreen) and toasts(app) == []


#: The app headless in a process of its own, to the picker and out: which of the
#: modules that keep the screen on it loaded.
LAUNCH_WITHOUT_A_SESSION = """
import asyncio, sys
from support import make_app
from backwalk_tui.paths import locate
from backwalk_tui.ui.screens.picker import PickerScreen

async def launch():
    app = make_app(locate())
    async with app.run_test() as pilot:
        while not isinstance(app.screen, PickerScreen):
            await pilot.pause()
    app.history.close()

asyncio.run(launch())
print(sorted({name.split(".")[0] for name in sys.modules} & {"wakepy", "jeepney"}))
"""


def test_a_launch_that_starts_no_session_loads_nothing_to_keep_the_screen_on(locations):
    tests = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH_WITHOUT_A_SESSION],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), *sys.path])},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"], "wakepy (and D-Bus's jeepney) wait for a session"
