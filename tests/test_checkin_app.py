"""A check-in in the app: the Timed Up and Go timed on a fake clock, and the week's pain."""

from __future__ import annotations

import pytest
import wakepy
from support import FakeClock, SilentSpeaker, make_app
from textual.widgets import Input

from backwalk_tui.history import History
from backwalk_tui.settings import Settings
from backwalk_tui.ui.screens.checkin import CheckinScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.widgets.bigtext import BigText


@pytest.fixture
def checkin(locations):
    apps = []

    def build():
        clock, speaker = FakeClock(), SilentSpeaker()
        app = make_app(locations, clock=clock, speaker=speaker, checkin=True,
                       settings=Settings(lead_in=0, sound="voice"))  # fmt: skip
        apps.append(app)
        return app, clock, speaker

    yield build
    for app in apps:
        app.history.close()


async def later(pilot, clock, seconds):
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()


def shown(pilot) -> tuple[str, str]:
    screen = pilot.app.screen
    return screen.query_one("#tug-time", BigText).text, str(screen.query_one("#tug-hint").render())


def saved(locations):
    with History(locations.database) as history:
        return history.checkins()


async def test_a_timed_up_and_go_counts_down_times_to_a_tenth_and_saves(checkin, locations):
    app, clock, speaker = checkin()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)  # `backwalk checkin` opens here
        assert shown(pilot)[0] == "READY"
        await pilot.press("space")
        assert shown(pilot)[0] == "3"
        assert app.screen.has_class("-begun")
        await pilot.press("space")  # before "Go" a key is not a time
        await later(pilot, clock, 1)
        await later(pilot, clock, 1)
        assert shown(pilot)[0] == "1"
        await later(pilot, clock, 1)
        assert speaker.said == ["3", "2", "1", "Go"]
        assert shown(pilot)[0] == "0.0"
        await later(pilot, clock, 12.34)
        assert shown(pilot)[0] == "12.3"
        await pilot.press("space")  # seated
        assert shown(pilot) == ("12.3", "12.3 seconds. r to try again; Ctrl+S saves.")
        await later(pilot, clock, 5)
        assert shown(pilot)[0] == "12.3", "the clock stopped"
        await pilot.press("6")  # the week's pain, the focus on its scale
        await pilot.click("#checkin-note")
        await pilot.press(*"slow [left] knee")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    [entry] = saved(locations)
    assert (entry.tug_seconds, entry.pain_week, entry.notes) == (12.3, 6, "slow [left] knee")


async def test_redo_throws_the_time_away(checkin, locations):
    app, clock, speaker = checkin()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await later(pilot, clock, 3)
        await later(pilot, clock, 20)
        await pilot.press("space")
        assert shown(pilot)[0] == "20.0"
        await pilot.press("r")
        assert shown(pilot)[0] == "READY"
        await pilot.press("space")
        for _ in range(3):
            await later(pilot, clock, 1)
        await later(pilot, clock, 9.87)
        await pilot.press("enter")  # Enter stops it too
        assert shown(pilot)[0] == "9.9"
        # The first countdown was looked at only once, on "Go": a late look
        # sounds the word of the moment, never the ones it missed.
        assert speaker.said == ["3", "Go", "3", "2", "1", "Go"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    [entry] = saved(locations)
    assert (entry.tug_seconds, entry.pain_week) == (9.9, None)


async def test_pain_alone_is_a_check_in_and_nothing_is_refused(checkin, locations):
    app, _, _ = checkin()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+s")  # nothing given yet
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert any("nothing to save" in n.message for n in app._notifications)
        await pilot.press("4")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [entry] = saved(locations)
    assert (entry.tug_seconds, entry.pain_week) == (None, 4)


async def test_leaving_with_a_time_asks_first_and_saves_nothing(checkin, locations):
    app, clock, _ = checkin()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await later(pilot, clock, 3)
        await later(pilot, clock, 11)
        await pilot.press("space")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("escape")
        await pilot.press("y")  # leave, discarding it
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    assert saved(locations) == []


async def test_the_screen_stays_on_while_the_test_runs(checkin):
    app, clock, _ = checkin()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert wakepy.modecount() == 0
        await pilot.press("space")
        assert wakepy.modecount() == 1
        await later(pilot, clock, 3)
        await later(pilot, clock, 10)
        assert wakepy.modecount() == 1
        await pilot.press("space")
        assert wakepy.modecount() == 0


async def test_the_check_in_shows_its_way_forward_at_80x24(checkin):
    app, clock, _ = checkin()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        assert footer.region.bottom == 24
        keys = " ".join(str(key.render()) for key in footer.query("FooterKey"))
        assert "Start / Seated" in keys and "Save" in keys and "Back" in keys
        await pilot.press("space")
        await later(pilot, clock, 3)
        time = app.screen.query_one("#tug-time", BigText)
        assert time.region.height == 7 and time.region.bottom <= 23, "the time, whole and large"
        note = app.screen.query_one("#checkin-note", Input)
        assert note is not None


# ------------------------------------------------------------------ pictures

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_check_in_set_up(snap_compare, checkin, size):
    app, _, _ = checkin()
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_check_in_timed(snap_compare, checkin, size):
    app, clock, _ = checkin()

    async def timed(pilot):
        await pilot.press("space")
        for seconds in (1, 1, 1, 11.24):
            await later(pilot, clock, seconds)
        await pilot.press("space")
        await pilot.press("3")

    assert snap_compare(app, run_before=timed, terminal_size=size)
