"""A check-in in the app: the Timed Up and Go timed on a fake clock, and the week's pain."""

from __future__ import annotations

import signal

import pytest
import wakepy
from support import FakeClock, SilentSpeaker, said, shown_whole
from textual import events
from textual.widgets import Button, Input

from backwalk_tui.checkin import DOUBLE_PRESS_SECONDS
from backwalk_tui.history import History
from backwalk_tui.records import NOTE_MAX_CHARS
from backwalk_tui.settings import Settings
from backwalk_tui.ui.screens.checkin import CheckinScreen
from backwalk_tui.ui.screens.checkin_detail import CheckinDetailScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.widgets.bigtext import BigText
from backwalk_tui.ui.widgets.painscale import PainScale


@pytest.fixture
def checkin(app_factory):
    def build():
        clock, speaker = FakeClock(), SilentSpeaker()
        app = app_factory(clock=clock, speaker=speaker, checkin=True,
                          settings=Settings(lead_in=0, sound="voice"))  # fmt: skip
        return app, clock, speaker

    return build


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
        assert shown(pilot) == (
            "12.3",
            "12.3 seconds. Now type your week's pain, 0-10; Enter saves; r to try again.",
        )
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


async def test_a_time_too_fast_for_the_whole_test_is_said_at_once_and_kept_if_wanted(
    checkin, locations
):
    """Space 2 s after Go: most likely the stopwatch stopped early, but the walker decides."""
    app, clock, _ = checkin()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await later(pilot, clock, 3)  # Go
        await later(pilot, clock, 2.0)
        await pilot.press("space")
        assert shown(pilot) == (
            "2.0",
            "2.0 s is very fast for the whole test — r redoes it. "
            "Or type your week's pain, 0-10; Enter saves.",
        )
        await pilot.press("ctrl+s")  # kept: what the walker recorded is never lost
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    [entry] = saved(locations)
    assert entry.tug_seconds == 2.0


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
        assert any("nothing to save" in n.message for n in said(app))
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


async def test_ctrl_q_with_a_time_not_saved_asks_first_and_ctrl_c_does_what_esc_does(
    checkin, locations
):
    app, clock, _ = checkin()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("space")
        await later(pilot, clock, 3)
        await pilot.press("ctrl+c")  # the clock running: asks, as Esc, with no toast
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and not app._notifications
        await pilot.press("n")
        await later(pilot, clock, 11)
        await pilot.press("space")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")  # stay: the time is still there, and is saved
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    [entry] = saved(locations)
    assert entry.tug_seconds == pytest.approx(11.0)


async def test_a_check_in_detail_note_is_saved_at_once_on_a_stop_signal(checkin, locations):
    with History(locations.database) as history:
        checkin_id = history.add_checkin(tug_seconds=11.0, pain_week=5)
    app, _, _ = checkin()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(CheckinDetailScreen(checkin_id))
        await pilot.pause()
        await pilot.click("#note")
        await pilot.press(*"new shoes")
        app._stop_signal(signal.SIGTERM)  # the window closed: before anything is unmounted
        [entry] = saved(locations)
        assert entry.notes == "new shoes"
        await pilot.pause()


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
        assert time.region.height >= 15 and time.region.bottom <= 23, "the time, whole and large"
        keys = " ".join(str(key.render()) for key in footer.query("FooterKey"))
        assert "Seated" in keys


async def go(pilot, clock) -> None:
    """Space, then the countdown's three seconds: the clock runs from 0.0."""
    await pilot.press("space")
    for _ in COUNTDOWN_SECONDS:
        await later(pilot, clock, 1)


COUNTDOWN_SECONDS = (1, 2, 3)


async def test_space_pressed_through_the_countdown_never_stops_the_clock_at_0(checkin, locations):
    app, clock, _ = checkin()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space", "space")
        for _ in COUNTDOWN_SECONDS:
            await later(pilot, clock, 1)
            await pilot.press("space")  # on each word, and on "Go" itself
        assert shown(pilot)[0] == "0.0"
        await later(pilot, clock, DOUBLE_PRESS_SECONDS - 0.1)
        await pilot.press("space")  # still the countdown's key
        assert app.screen.timer.result is None
        await later(pilot, clock, 5.5)
        await pilot.press("space")  # seated
        assert shown(pilot)[0] == "6.4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    [entry] = saved(locations)
    assert entry.tug_seconds == 6.4


async def test_an_hour_on_the_clock_is_no_time_and_says_so(checkin, locations):
    app, clock, _ = checkin()
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, clock)
        await later(pilot, clock, 3599.96)  # would be kept as 3600.0: no time
        time, hint = shown(pilot)
        assert time == "--.-" and "not a time" in hint
        assert wakepy.modecount() == 0, "the screen may sleep again"
        await pilot.press("space")  # refused as a time: the countdown again
        assert app.screen.timer.phase(clock()) == "counting"
        await pilot.press("r")
        await pilot.press("4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    [entry] = saved(locations)
    assert (entry.tug_seconds, entry.pain_week) == (None, 4)


@pytest.mark.parametrize("how", ["ctrl+s", "button"])
async def test_saving_while_the_clock_runs_stops_it_first(checkin, locations, how):
    app, clock, _ = checkin()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await go(pilot, clock)
        await later(pilot, clock, 8.04)
        if how == "ctrl+s":
            await pilot.press("ctrl+s")
        else:
            app.screen.query_one("#save", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen), "the time is shown before it is saved"
        assert app.screen.timer.result == 8.0 and shown(pilot)[0] == "8.0"
        assert not said(app) and saved(locations) == []
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    [entry] = saved(locations)
    assert (entry.tug_seconds, entry.pain_week) == (8.0, None)


async def test_nothing_of_the_check_in_is_saved_during_the_countdown(checkin, locations):
    app, _, _ = checkin()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "space")  # rated, then started
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen) and saved(locations) == []


@pytest.mark.parametrize("field", ["pain", "note"])
async def test_once_timed_the_pain_is_asked_for_and_enter_saves_from_any_field(
    checkin, locations, field
):
    app, clock, _ = checkin()
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, clock)
        await later(pilot, clock, 10.0)
        await pilot.press("space")
        scale = app.screen.query_one("#pain-week", PainScale)
        assert app.focused is scale and scale.region.bottom <= 23, "the scale in sight"
        around, behind = scale.background_colors
        assert abs(behind.brightness - around.brightness) > 0.1, "its focus shows from the chair"
        assert "type your week's pain" in shown(pilot)[1] and "Enter saves" in shown(pilot)[1]
        await pilot.press("7")
        if field == "note":
            await pilot.press("tab")
            await pilot.press(*"ok")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinScreen)
    [entry] = saved(locations)
    assert (entry.tug_seconds, entry.pain_week) == (10.0, 7)
    assert entry.notes == ("ok" if field == "note" else "")


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60)])
async def test_the_time_fills_the_screen_and_then_makes_room_for_the_answers(checkin, size):
    app, clock, _ = checkin()
    rows = size[1]
    async with app.run_test(size=size) as pilot:
        await go(pilot, clock)
        await later(pilot, clock, 12.3)
        time = app.screen.query_one("#tug-time", BigText)
        drawn = time.rows
        # All the rows but the title, the hint and the footer's; the big font
        # comes in steps, so a few may be left.
        assert drawn >= rows - 10 and time.region.bottom <= rows - 2
        await pilot.press("space")
        await pilot.pause()
        assert 7 <= time.rows < drawn, "smaller, still the big font"
        for answer in ("#pain-week", "#checkin-note", "#save"):
            assert app.screen.query_one(answer).region.bottom <= rows - 1, answer


async def test_the_note_is_kept_to_its_limit_and_without_control_characters(checkin, locations):
    app, _, _ = checkin()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        note = app.screen.query_one("#checkin-note", Input)
        assert note.max_length == NOTE_MAX_CHARS
        note.focus()
        await pilot.pause()
        note.post_message(events.Paste("\x1b[31mred\x1b[0m knee"))
        await pilot.pause()
        assert note.value == "[31mred[0m knee"
        await pilot.press("enter")
        await pilot.pause()
    [entry] = saved(locations)
    assert entry.notes == "[31mred[0m knee"


async def test_the_questions_wrap_rather_than_lose_their_ends_at_60x20(checkin):
    app, _, _ = checkin()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for label in app.screen.query("#checkin .section"):
            assert label.region.right <= 58 and label.size.height >= 1
        question = app.screen.query("#checkin .section").first()
        assert question.virtual_size.width <= question.size.width


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_a_save_below_the_edge_is_pointed_to_and_scrolled_to(checkin, size):
    app, _, _ = checkin()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        save, more = app.screen.query_one("#save", Button), app.screen.query_one("#checkin-more")
        assert more.visible == (not shown_whole(app.screen, save))
        if size == (60, 20):
            assert more.visible and shown_whole(app.screen, more)
        app.screen.query_one("#checkin").scroll_end(animate=False)
        await pilot.pause()
        assert shown_whole(app.screen, save) and not more.visible


# ------------------------------------------------------------------ pictures

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
TIMING_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 60), id="200x60")]


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


@pytest.mark.parametrize("size", TIMING_SIZES)
def test_snapshot_check_in_timing(snap_compare, checkin, size):
    """The clock running, read from the turn 3 m away."""
    app, clock, _ = checkin()

    async def timing(pilot):
        await go(pilot, clock)
        await later(pilot, clock, 12.34)

    assert snap_compare(app, run_before=timing, terminal_size=size)
