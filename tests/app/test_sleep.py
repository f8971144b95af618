"""A laptop put to sleep mid-session: the screen, the history, the old files.

Two fake clocks: `mono` (CLOCK_MONOTONIC, which stops while the computer
sleeps) drives the session; `boot` keeps counting through a sleep.
"""

from __future__ import annotations

import sqlite3

import pytest
from support import NO_LEAD_IN, TWO_STEPS, SilentSpeaker, write_preset

from backwalk_tui import safety
from backwalk_tui.history import MIGRATIONS, History
from backwalk_tui.plan import Step
from backwalk_tui.presets import load_catalog
from backwalk_tui.ui.app import BackwalkApp, Collaborators
from backwalk_tui.ui.screens.session import MAX_TICK_SECONDS, TICK_LATE_SECONDS, SessionScreen
from backwalk_tui.ui.screens.summary import SummaryScreen
from backwalk_tui.ui.widgets.bigtext import BigText

LONG_STEPS = """\
name = "Long steps"
checklist = []

[[segment]]
kind = "forward"
duration = 60

[[segment]]
kind = "backward"
duration = 30
"""


class Clocks:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.boot = 86_400.0

    def awake(self, seconds: float) -> None:
        self.mono += seconds
        self.boot += seconds

    def asleep(self, seconds: float) -> None:
        self.boot += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def app_for(locations, clocks):
    apps = []

    def build(text: str, name: str) -> BackwalkApp:
        safety.accept_disclaimer(locations)
        write_preset(locations.presets_dir, "walk.toml", text)
        catalog = load_catalog(locations.presets_dir)
        given = Collaborators(
            locations, NO_LEAD_IN, catalog, History(locations.database),
            clock=lambda: clocks.mono, sleep_clock=lambda: clocks.boot, speaker=SilentSpeaker(),
        )  # fmt: skip
        app = BackwalkApp(given, preset=catalog.get(name))
        apps.append(app)
        return app

    yield build
    for app in apps:
        if app.history is not None:
            app.history.close()


async def started(pilot) -> SessionScreen:
    await pilot.pause()
    await pilot.press("enter")  # the safety check, with nothing to tick
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def look(pilot, screen: SessionScreen) -> None:
    screen.tick()
    await pilot.pause()


def shown(screen: SessionScreen, widget_id: str) -> str:
    widget = screen.query_one(f"#{widget_id}")
    return widget.text if isinstance(widget, BigText) else str(widget.content)


def saved(locations):
    with History(locations.database) as history:
        return history.sessions()


# ---------------------------------------------------------------- screen


async def test_a_sleep_pauses_the_session_and_says_so_until_the_walker_goes_on(
    app_for, clocks, locations
):
    app = app_for(LONG_STEPS, "Long steps")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await started(pilot)
        clocks.awake(20.2)
        await look(pilot, screen)
        assert shown(screen, "time") == "40"
        clocks.awake(0.4)
        clocks.asleep(12 * 60)  # the lid closed for 12 minutes
        await look(pilot, screen)
        assert screen.main.has_class("-paused")
        assert shown(screen, "direction") == "PAUSED"
        assert shown(screen, "step-cue") == (
            "Paused — the computer was asleep for 12 min · Space to go on"
        )
        assert shown(screen, "time") == "40"  # as it was when the computer went to sleep
        [session] = saved(locations)
        assert session.asleep_seconds == pytest.approx(720) and session.status == "in_progress"
        clocks.awake(30)  # the walker reads the screen; nothing counts
        await look(pilot, screen)
        assert shown(screen, "time") == "40"
        await pilot.press("space")
        await pilot.pause()
        assert not screen.main.has_class("-paused")
        assert shown(screen, "direction") == "FORWARD ↑"
        clocks.awake(39.9 + 0.2)
        await look(pilot, screen)
        assert shown(screen, "direction") == "BACKWARD ↓"
        clocks.awake(30)
        await look(pilot, screen)
        assert isinstance(app.screen, SummaryScreen)
    [session] = saved(locations)
    assert session.status == "completed"
    assert session.asleep_seconds == pytest.approx(720)
    assert session.active_seconds == pytest.approx(90)
    assert [s.active_seconds for s in session.segments] == [pytest.approx(60), pytest.approx(30)]


async def test_a_short_clock_correction_does_not_pause(app_for, clocks):
    app = app_for(LONG_STEPS, "Long steps")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await started(pilot)
        clocks.awake(5)
        clocks.boot += 2  # the wall clock corrected by 2 s
        await look(pilot, screen)
        assert not screen.main.has_class("-paused")
        assert shown(screen, "time") == "55"


async def test_the_screen_looks_again_exactly_when_something_changes(app_for, clocks):
    app = app_for(TWO_STEPS, "Two steps")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await started(pilot)
        # Just started: the flash of the new step ends first (0.6 s).
        assert screen.next_look == pytest.approx(0.6 + TICK_LATE_SECONDS)
        clocks.awake(0.7)
        await look(pilot, screen)
        assert screen.next_look == pytest.approx(0.3 + TICK_LATE_SECONDS)  # 2 s -> 1 s left
        clocks.awake(0.3)
        await look(pilot, screen)
        assert shown(screen, "time") == "1"
        assert screen.next_look == pytest.approx(1 + TICK_LATE_SECONDS)
        await pilot.press("space")
        await pilot.pause()
        assert screen.next_look == pytest.approx(MAX_TICK_SECONDS + TICK_LATE_SECONDS)  # paused


# --------------------------------------------------------------- history


def test_a_version_1_history_gains_the_asleep_column_and_keeps_every_session(tmp_path):
    path = tmp_path / "data" / "history.db"
    path.parent.mkdir(mode=0o700)
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        """INSERT INTO sessions (started_at, started_ts, preset, preset_toml, status,
               active_seconds, notes)
           VALUES ('2026-03-02T07:30:00+02:00', 1772429400, 'Old walk', '', 'completed',
                   600, 'from before the upgrade')"""
    )
    conn.close()
    with History(path) as history:
        [old] = history.sessions()
        assert (old.preset, old.active_seconds, old.notes) == (
            "Old walk", 600, "from before the upgrade",
        )  # fmt: skip
        assert old.asleep_seconds == 0
        sid = history.start_session(preset="New walk", preset_toml="")
        history.record_sleep(sid, 300.5)
        history.record_sleep(sid, 60)
        step = Step(index=0, phase="round", round=1, kind="backward", planned_seconds=30)
        history.record_step(sid, seq=0, step=step, active_seconds=30, status="completed")
        history.finish_session(sid, "completed")
    with History(path) as history:
        new, old = history.sessions()
        assert new.asleep_seconds == 360.5 and new.active_seconds == 30
        assert old.asleep_seconds == 0
        assert history._conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
