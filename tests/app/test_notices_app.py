"""The app answers back about pain and stumbles (issue 13), driven through Pilot.

At the safety check: a calm word when the pain now is high, and a reminder of
the last recent stumble at the preset's stage; on the summary: a pain alert
and stumble advice; on the picker: when the next session is due, and a
check-in when one is offered. None blocks, and every notice shown is saved
with its session.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support import TWO_STEPS, said, shown_whole, with_defaults, write_preset
from textual.widgets import Button, Footer, Static

from backwalk_tui import advice, demo
from backwalk_tui.history import History
from backwalk_tui.plan import build_plan
from backwalk_tui.presets import load_catalog
from backwalk_tui.recording import SessionRecorder
from backwalk_tui.records import HistoryError
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.safety import SafetyScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.summary import SummaryScreen
from backwalk_tui.ui.widgets.answers import Notices

#: A Thursday evening, local time: "today" for every app here.
NOW = datetime(2026, 12, 3, 18, 0).astimezone()

#: Two steps at stage 2: a stumble there is remembered at its next safety check.
STAGED = TWO_STEPS.replace('name = "Two steps"', 'name = "Staged steps"\nstage = 2')


@pytest.fixture
def build(app_factory, clock, locations):
    write_preset(locations.presets_dir, "two.toml", TWO_STEPS)
    write_preset(locations.presets_dir, "staged.toml", STAGED)

    return with_defaults(app_factory, clock=clock, wall_clock=lambda: NOW)


def notices(screen, widget_id: str) -> Notices:
    return screen.query_one(f"#{widget_id}", Notices)


def shown_text(board: Notices) -> str:
    return str(board.render()) if board.display else ""


async def walk_to_the_summary(pilot, clock) -> None:
    """Start the two-step session at the safety check and let it run out."""
    await pilot.press("enter")
    await pilot.pause()
    clock.advance(5)
    pilot.app.screen.tick()
    await pilot.pause()


def stored(locations):
    with History(locations.database) as history:
        return history.sessions(steps=False)


def stumble_at_stage_2(locations, when: datetime) -> None:
    """A past session of the built-in stage 2 preset, walked through, with a stumble."""
    stage2 = load_catalog(None).get("Stage 2 · Forward and back")
    with History(locations.database) as history:
        demo.record_session(history, stage2, when, pain_before=3, pain_after=3, stumbles=1)


# ------------------------------------------------------------ the safety check


async def test_high_pain_now_shows_a_calm_notice_that_follows_the_rating(build):
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        board = notices(screen, "pain-notice")
        assert not board.display
        await pilot.press("6")
        assert not board.display, "6 of 10 is not high"
        await pilot.press("7")
        await pilot.pause()
        expected = advice.safety_notice(7)
        assert expected.title in shown_text(board) and "rest today" in shown_text(board)
        assert board.region.y < screen.query_one("#start").region.y, "above Start"
        assert shown_whole(screen, board) and shown_whole(screen, screen.query_one("#start"))
        await pilot.press("backspace")
        await pilot.pause()
        assert not board.display, "cleared, the notice goes"


async def test_high_pain_never_blocks_start_and_is_saved_with_the_session(build, clock, locations):
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("8")
        assert not app.screen.query_one("#start", Button).disabled
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    [session] = stored(locations)
    assert session.pain_before == 8
    assert session.notices == ("pain_now",)


async def test_a_notice_taken_back_before_start_is_not_saved(build, locations):
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("9", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    [session] = stored(locations)
    assert session.pain_before == 4 and session.notices == ()


async def test_a_staged_preset_reminds_of_the_last_stumble_above_the_checklist(build, locations):
    stumble_at_stage_2(locations, NOW - timedelta(days=1))
    app = build(preset="Stage 2 · Forward and back")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SafetyScreen)
        board = notices(screen, "stumble-reminder")
        assert "Last stumble at stage 2: yesterday, Wednesday 2 December" in shown_text(board)
        assert board.region.y < screen.query_one("#checklist").region.y
        for box in screen.query("Checkbox"):
            box.value = True
        await pilot.press("7")
        await pilot.pause()
        assert shown_text(notices(screen, "pain-notice")), "both notices at once"
        assert shown_whole(screen, screen.query_one("#start")), "Start still on screen at 80x24"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    started = stored(locations)[0]
    assert started.notices == ("stumble_reminder", "pain_now"), "in the order shown"


async def test_no_reminder_at_another_stage_or_after_two_weeks(build, locations):
    stumble_at_stage_2(locations, NOW - timedelta(days=14))  # the day before the window
    app = build(preset="Stage 2 · Forward and back")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not notices(app.screen, "stumble-reminder").display
    stumble_at_stage_2(locations, NOW - timedelta(days=2))
    app = build(preset="Stage 3 · Longer backward")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not notices(app.screen, "stumble-reminder").display


def test_the_recorder_writes_the_notices_with_the_session_row(locations, clock):
    preset = load_catalog(None).get("Stage 2 · Forward and back")
    plan = build_plan(preset)
    from backwalk_tui.engine import Engine

    with History(locations.database) as history:
        recorder = SessionRecorder(history, plan, notices=("stumble_reminder", "pain_now"))
        recorder.apply(Engine(plan, clock).start())
        assert recorder.problem is None
        [session] = history.sessions(steps=False)
    assert session.notices == ("stumble_reminder", "pain_now")


# ------------------------------------------------------------------ the summary


async def test_pain_eight_after_and_a_stumble_are_answered_and_saved(build, clock, locations):
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await walk_to_the_summary(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        board = notices(screen, "summary-notices")
        assert not board.display, "nothing to say before an answer"
        await pilot.press("8")
        await pilot.pause()
        assert "Stop for today" in shown_text(board)
        assert "8 out of 10" in shown_text(board)
        assert "physiotherapist or doctor" in shown_text(board)
        await pilot.press("tab", "space")
        await pilot.pause()
        assert board.kinds == ("pain_alert", "stumble")
        assert "keep more support" in shown_text(board)
        for widget_id in ("summary-notices", "pain-after", "stumbled", "note", "saved", "done"):
            assert shown_whole(screen, screen.query_one(f"#{widget_id}")), f"#{widget_id} at 80x24"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    [session] = stored(locations)
    assert session.notices == ("pain_alert", "stumble")
    assert advice.marker_text(session.notices) == "pain alert · stumble"


async def test_notices_taken_back_on_the_summary_are_not_kept(build, clock, locations):
    """The notices kept follow the final answers: an alert typed past, or a box unticked, goes."""
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("8")  # pain before: the safety check's notice, kept at Start
        await walk_to_the_summary(pilot, clock)
        board = notices(app.screen, "summary-notices")
        await pilot.press("6", "tab", "space")
        await pilot.pause()
        assert board.kinds == ("stumble",), "8 to 6 is no rise, 6 not high"
        await pilot.press("shift+tab", "9")
        await pilot.pause()
        assert board.kinds == ("pain_alert", "stumble")
        assert stored(locations)[0].notices == ("pain_now", "pain_alert", "stumble")
        await pilot.press("3", "tab", "space")
        await pilot.pause()
        assert not board.display
        assert stored(locations)[0].notices == ("pain_now",), "kept as soon as taken back"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    [session] = stored(locations)
    assert session.pain_after == 3 and session.stumbles == 0
    assert session.notices == ("pain_now",)
    assert advice.marker_text(session.notices) == "high pain before"


async def test_a_rise_of_two_from_before_is_an_alert_too(build, clock, locations):
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")  # pain before, at the safety check
        await walk_to_the_summary(pilot, clock)
        board = notices(app.screen, "summary-notices")
        await pilot.press("4")
        await pilot.pause()
        assert not board.display, "one point more is not an alert"
        await pilot.press("5")
        await pilot.pause()
        assert "went from 3 to 5" in shown_text(board)
    [session] = stored(locations)
    assert session.notices == ("pain_alert",)


async def test_a_second_stumble_in_two_weeks_says_step_back(build, clock, locations):
    stumble_at_stage_2(locations, NOW - timedelta(days=3))
    stumble_at_stage_2(locations, NOW - timedelta(days=10))
    app = build(preset="Staged steps")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await walk_to_the_summary(pilot, clock)
        await pilot.press("tab", "space")
        await pilot.pause()
        text = shown_text(notices(app.screen, "summary-notices"))
        assert "step back to stage 1" in text


async def test_a_stumble_at_stage_2_says_stay_or_step_back(build, clock, locations):
    app = build(preset="Staged steps")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await walk_to_the_summary(pilot, clock)
        await pilot.press("tab", "space")
        await pilot.pause()
        text = shown_text(notices(app.screen, "summary-notices"))
        assert "Stay at stage 2, or step back to stage 1" in text
        # Shown with the figures on a screen tall enough for both.
        assert app.screen.query_one("#summary-figures").display


async def test_a_history_that_refuses_the_notice_is_said_calmly(
    build, clock, locations, monkeypatch
):
    app = build(preset="Two steps")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await walk_to_the_summary(pilot, clock)

        def refuse(session_id, kinds, *, of):
            raise HistoryError("cannot save to the history: attempt to write a readonly database")

        monkeypatch.setattr(app.history, "keep_notices", refuse)
        await pilot.press("8", "tab", "space")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert notices(screen, "summary-notices").kinds == ("pain_alert", "stumble")
        told = [n.message for n in said(app)]
        assert len([m for m in told if "could not be kept" in m]) == 1, told
        assert any("readonly database" in m for m in told)


# ------------------------------------------------------------------- the picker


async def test_the_picker_says_when_a_session_is_due_and_offers_a_check_in(build):
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        due = str(screen.query_one("#picker-due", Static).render())
        assert "due today · this week: 0 of 3" in due
        assert "Check-in: baseline, to start the 6 weeks" in due and "c check-in" in due
        keys = [key.description for key in screen.query_one(Footer).query("FooterKey")]
        assert "Check-in" in keys


async def test_a_check_in_taken_is_not_offered_again_and_a_session_counts(build, locations):
    with History(locations.database) as history:
        history.add_checkin(tug_seconds=11.2, pain_week=4, taken_at=NOW - timedelta(hours=2))
    stage2 = load_catalog(None).get("Stage 2 · Forward and back")
    with History(locations.database) as history:
        demo.record_session(history, stage2, NOW - timedelta(hours=1))
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        due = str(app.screen.query_one("#picker-due", Static).render())
        assert "this week: 1 of 3" in due and "due today" not in due
        assert "Check-in" not in due
