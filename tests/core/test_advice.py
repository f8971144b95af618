"""The answers to pain and stumbles, each threshold at its edge (backwalk_tui/advice.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from support import session_record

from backwalk_tui import advice
from backwalk_tui.advice import (
    Notice,
    marker_text,
    pain_alert,
    safety_notice,
    stumble_notice,
    stumble_reminder,
    summary_notices,
)
from backwalk_tui.records import SessionRecord
from backwalk_tui.stats import STUMBLE_DAYS, suggest_stage

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 12, 3)  # a Thursday


def session(
    days_back: int,
    stage: int | None,
    *,
    hour: int = 10,
    active: float = 600.0,
    **fields,
) -> SessionRecord:
    """A session at `stage`, `hour` o'clock in Berlin `days_back` days before TODAY."""
    day = TODAY - timedelta(days=days_back)
    started = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
    return session_record(started, stage=stage, kinds={"backward": active}, **fields)


# ------------------------------------------------------------ the safety check


@pytest.mark.parametrize(("pain", "shown"), [(None, False), (0, False), (6, False), (7, True),
                                             (10, True)])  # fmt: skip
def test_pain_now_of_7_or_more_asks_for_a_gentler_day(pain, shown):
    notice = safety_notice(pain)
    assert (notice is not None) == shown
    if notice:
        assert notice.kind == "pain_now"
        assert f"{pain} out of 10" in notice.title
        assert "shorter session with full support, or rest today" in notice.text
        assert "Stop if the pain sharpens" in notice.text
        assert "your choice" in notice.text  # it never blocks


# ------------------------------------------------------------------ summary


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        (None, None, False),
        (3, None, False),
        (None, 6, False),  # nothing to compare, and under 7
        (None, 7, True),
        (4, 6, True),  # +2: a change people notice
        (4, 5, False),  # +1
        (5, 6, False),
        (6, 7, True),  # +1, but 7 after
        (8, 7, True),  # down, but still 7
        (8, 6, False),
        (0, 2, True),
        (0, 1, False),
    ],
)
def test_pain_after_of_7_or_a_rise_of_2_says_stop_for_today(before, after, shown):
    notice = pain_alert(before, after)
    assert (notice is not None) == shown
    if notice:
        assert notice.kind == "pain_alert"
        assert notice.title == "Stop for today"
        assert "physiotherapist or doctor before your next session" in notice.text
        assert "does not settle" in notice.text


def test_a_rise_names_both_ratings_and_a_high_rating_names_itself():
    assert "from 3 to 6 out of 10" in pain_alert(3, 6).text
    assert "7 out of 10 after this session" in pain_alert(None, 7).text


@pytest.mark.parametrize(("stumbles", "shown"), [(None, False), (0, False), (1, True),
                                                 (3, True)])  # fmt: skip
def test_a_stumble_asks_for_more_support_and_to_stay_or_step_back(stumbles, shown):
    notice = stumble_notice(stumbles, stage=3)
    assert (notice is not None) == shown
    if notice:
        assert notice.kind == "stumble"
        assert "support" in notice.text
        assert "Stay at stage 3, or step back to stage 2" in notice.text


def test_a_stumble_at_stage_1_or_without_a_stage_never_names_stage_0():
    assert "stage 0" not in stumble_notice(1, stage=1).text
    assert "Stay at stage 1" in stumble_notice(1, stage=1).text
    no_stage = stumble_notice(1, stage=None).text  # a preset of no stage: none to step back to
    assert "more slowly" in no_stage and "step back" not in no_stage


def test_a_second_stumble_in_14_days_says_step_back_as_the_stage_rule_does():
    history = [session(20, 3), session(6, 3, stumbles=1), session(3, 3), session(0, 3, stumbles=1)]
    rule = suggest_stage(history, TODAY, BERLIN)
    assert rule.action == "back"
    notice = stumble_notice(1, stage=3, suggestion=rule)
    assert "step back to stage 2" in notice.text
    assert rule.reason in notice.text


def test_summary_notices_come_most_pressing_first_and_none_when_all_is_well():
    assert summary_notices(2, 2, 0, stage=2) == []
    kinds = [n.kind for n in summary_notices(2, 8, 1, stage=2)]
    assert kinds == ["pain_alert", "stumble"]
    assert all(isinstance(n, Notice) and n.title and n.text for n in summary_notices(2, 8, 1))


# ---------------------------------------------------------- the reminder


def test_the_next_safety_check_at_the_stage_recalls_the_last_stumble_by_its_day():
    history = [session(9, 2, stumbles=1), session(4, 2, stumbles=1), session(1, 2)]
    notice = stumble_reminder(history, 2, TODAY, BERLIN)
    assert notice is not None
    assert notice.kind == "stumble_reminder"
    assert notice.title == "Last stumble at stage 2: Sunday 29 November"
    assert "support" in notice.text


def test_no_reminder_at_another_stage_or_without_a_stage():
    history = [session(1, 2, stumbles=1)]
    assert stumble_reminder(history, 3, TODAY, BERLIN) is None
    assert stumble_reminder(history, None, TODAY, BERLIN) is None
    assert stumble_reminder([session(1, 2)], 2, TODAY, BERLIN) is None


@pytest.mark.parametrize(("days_back", "shown"), [(12, True), (13, True), (14, False)])
def test_the_reminder_window_is_today_and_the_13_days_before(days_back, shown):
    assert STUMBLE_DAYS == 14
    notice = stumble_reminder([session(days_back, 4, stumbles=1)], 4, TODAY, BERLIN)
    assert (notice is not None) == shown


def test_the_reminder_counts_the_walkers_local_day():
    # 00:30 in Berlin on 2 December is still 1 December in UTC: it is "yesterday".
    late = session(1, 2, stumbles=1, hour=0)
    assert late.started_at.astimezone(ZoneInfo("UTC")).day == 1
    notice = stumble_reminder([late], 2, TODAY, BERLIN)
    assert notice.title == "Last stumble at stage 2: yesterday, Wednesday 2 December"


def test_the_reminder_says_today_for_a_stumble_earlier_today():
    notice = stumble_reminder([session(0, 2, stumbles=2)], 2, TODAY, BERLIN)
    assert notice.title == "Last stumble at stage 2: today"


def test_a_session_still_running_elsewhere_is_not_recalled():
    running = session(0, 2, stumbles=1, status="in_progress")
    assert stumble_reminder([running], 2, TODAY, BERLIN) is None


# ----------------------------------------------------------------- markers


def test_markers_name_the_notices_a_session_showed():
    assert marker_text(("pain_alert", "stumble")) == "pain alert · stumble"
    assert marker_text(("pain_now",)) == "high pain before"
    assert marker_text(()) == ""
    # A reminder, or a kind from a newer backwalk, marks nothing.
    assert marker_text(("stumble_reminder", "from_the_future")) == ""
    assert set(advice.MARKERS) == {"pain_now", "pain_alert", "stumble"}
