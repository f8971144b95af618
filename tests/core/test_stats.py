"""The pure statistics: counting, local days, streaks, the headline figures and the stage rule.

Every expectation below is worked out by hand from the rules in the docstring of
backwalk_tui/stats.py, on small histories built here. Times are written in UTC
where the local day differs from the UTC date, so each case says which is which.

Calendar facts used (2026 starts on a Thursday):
- Berlin: CET is UTC+1, CEST is UTC+2. Summer time starts Sunday 2026-03-29 at
  01:00 UTC (02:00 CET becomes 03:00 CEST) and ends Sunday 2026-10-25 at
  01:00 UTC (03:00 CEST becomes 02:00 CET).
- New York: EST is UTC-5, EDT is UTC-4. Summer time starts Sunday 2026-03-08 at
  07:00 UTC and ends Sunday 2026-11-01 at 06:00 UTC.
- ISO weeks start on Monday; 2025-12-29 is the Monday of 2026-W01, and 2026 has
  53 ISO weeks (a common year starting on Thursday): 2026-W53 starts 2026-12-28.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from support import session_record

from backwalk_tui import stats
from backwalk_tui.records import SessionRecord
from backwalk_tui.stats import (
    SOMEONE_CLOSE,
    PainPoint,
    Week,
    compute,
    counted,
    counts_as_session,
    day_streaks,
    local_day,
    suggest_stage,
    week_start,
    week_streaks,
)
from backwalk_tui.words import session_cells

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

#: A stored session, one segment per kind (300 s backward unless `kinds` says).
walk = session_record


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ------------------------------------------------------------------ counted


def test_counted_leaves_out_sessions_in_progress_and_without_walked_time():
    done = walk(utc(2026, 5, 4, 9, 0))
    interrupted = walk(utc(2026, 5, 5, 9, 0), status="interrupted", kinds={"backward": 42.0})
    early = walk(utc(2026, 5, 6, 9, 0), status="ended_early", kinds={"forward": 10.0})
    running = walk(utc(2026, 5, 7, 9, 0), status="in_progress", kinds={"backward": 120.0})
    nothing_walked = walk(utc(2026, 5, 8, 9, 0), kinds={})
    quit_at_once = walk(utc(2026, 5, 9, 9, 0), status="ended_early", kinds={})

    sessions = [done, interrupted, early, running, nothing_walked, quit_at_once]
    assert counted(sessions) == [done, interrupted, early]
    assert counted([]) == []


def test_interrupted_and_ended_early_sessions_count_the_time_they_walked():
    today = date(2026, 5, 6)  # a Wednesday; its week starts on Monday 2026-05-04
    sessions = [
        walk(utc(2026, 5, 4, 9, 0), kinds={"forward": 100.0, "backward": 200.0}),
        walk(utc(2026, 5, 5, 9, 0), status="interrupted", kinds={"backward": 90.0}),
        walk(
            utc(2026, 5, 6, 9, 0),
            status="ended_early",
            kinds={"backward": 30.0, "sideways": 15.0, "rest": 20.0},
        ),
        walk(utc(2026, 5, 6, 10, 0), status="in_progress", kinds={"backward": 500.0}),
    ]
    assert stats.walked_seconds(sessions[2]) == 45.0  # 30 backward + 15 sideways, no rest
    result = compute(sessions, weekly_goal=3, today=today, tz=UTC)
    assert result.sessions == 3
    assert result.walked_seconds == pytest.approx(300 + 90 + 45)  # not the 20 s of rest
    assert result.backward_seconds == pytest.approx(200 + 90 + 30)
    assert result.this_week == 3
    assert result.day_streak == 3
    assert result.weeks[-1] == Week(date(2026, 5, 4), 3, pytest.approx(320.0), True)


# --------------------------------------------------------------- local days


def test_week_start_is_the_monday_on_or_before():
    assert week_start(date(2026, 1, 1)) == date(2025, 12, 29)  # Thursday
    assert week_start(date(2025, 12, 29)) == date(2025, 12, 29)  # Monday
    assert week_start(date(2026, 1, 4)) == date(2025, 12, 29)  # Sunday
    assert week_start(date(2026, 1, 5)) == date(2026, 1, 5)  # Monday
    assert week_start(date(2026, 3, 29)) == date(2026, 3, 23)  # Sunday, DST starts


@pytest.mark.parametrize(
    ("moment", "tz", "day"),
    [
        # New York, winter: 23:30 EST is 04:30 UTC the next day.
        (utc(2026, 1, 16, 4, 30), NEW_YORK, date(2026, 1, 15)),
        # ... and 00:30 EST is 05:30 UTC the same day.
        (utc(2026, 1, 16, 5, 30), NEW_YORK, date(2026, 1, 16)),
        # New York, summer: 23:30 EDT is 03:30 UTC the next day.
        (utc(2026, 7, 16, 3, 30), NEW_YORK, date(2026, 7, 15)),
        # Berlin, winter: 00:30 CET is 23:30 UTC the day before.
        (utc(2026, 1, 15, 23, 30), BERLIN, date(2026, 1, 16)),
        (utc(2026, 1, 15, 22, 30), BERLIN, date(2026, 1, 15)),  # 23:30 CET
        # Berlin, summer: 00:30 CEST is 22:30 UTC the day before.
        (utc(2026, 7, 15, 22, 30), BERLIN, date(2026, 7, 16)),
        (utc(2026, 7, 15, 21, 30), BERLIN, date(2026, 7, 15)),  # 23:30 CEST
        # Berlin, the night summer time starts (Sunday 2026-03-29).
        (utc(2026, 3, 28, 22, 30), BERLIN, date(2026, 3, 28)),  # 23:30 CET Saturday
        (utc(2026, 3, 28, 23, 30), BERLIN, date(2026, 3, 29)),  # 00:30 CET Sunday
        (utc(2026, 3, 29, 21, 30), BERLIN, date(2026, 3, 29)),  # 23:30 CEST Sunday
        (utc(2026, 3, 29, 22, 30), BERLIN, date(2026, 3, 30)),  # 00:30 CEST Monday
        # Berlin, the night summer time ends (Sunday 2026-10-25).
        (utc(2026, 10, 24, 21, 30), BERLIN, date(2026, 10, 24)),  # 23:30 CEST Saturday
        (utc(2026, 10, 24, 22, 30), BERLIN, date(2026, 10, 25)),  # 00:30 CEST Sunday
        (utc(2026, 10, 25, 0, 30), BERLIN, date(2026, 10, 25)),  # 02:30 CEST, first time
        (utc(2026, 10, 25, 1, 30), BERLIN, date(2026, 10, 25)),  # 02:30 CET, second time
        (utc(2026, 10, 25, 22, 30), BERLIN, date(2026, 10, 25)),  # 23:30 CET Sunday
        (utc(2026, 10, 25, 23, 30), BERLIN, date(2026, 10, 26)),  # 00:30 CET Monday
        # New York, the night summer time starts (Sunday 2026-03-08).
        (utc(2026, 3, 8, 4, 30), NEW_YORK, date(2026, 3, 7)),  # 23:30 EST Saturday
        (utc(2026, 3, 9, 3, 30), NEW_YORK, date(2026, 3, 8)),  # 23:30 EDT Sunday
        (utc(2026, 3, 9, 4, 30), NEW_YORK, date(2026, 3, 9)),  # 00:30 EDT Monday
        # New York, the night summer time ends (Sunday 2026-11-01).
        (utc(2026, 11, 1, 3, 30), NEW_YORK, date(2026, 10, 31)),  # 23:30 EDT Saturday
        (utc(2026, 11, 1, 5, 30), NEW_YORK, date(2026, 11, 1)),  # 01:30 EDT
        (utc(2026, 11, 1, 6, 30), NEW_YORK, date(2026, 11, 1)),  # 01:30 EST
        (utc(2026, 11, 2, 4, 30), NEW_YORK, date(2026, 11, 1)),  # 23:30 EST Sunday
        (utc(2026, 11, 2, 5, 30), NEW_YORK, date(2026, 11, 2)),  # 00:30 EST Monday
    ],
)
def test_local_day_is_the_walkers_day_not_the_utc_date(moment, tz, day):
    assert local_day(moment, tz) == day


def test_local_day_of_a_time_stored_with_its_local_offset():
    # History stores started_at with the offset it had then, e.g. 23:30-05:00.
    evening = datetime(2026, 1, 15, 23, 30, tzinfo=NEW_YORK)
    assert evening.utcoffset() == timedelta(hours=-5)
    assert local_day(evening, NEW_YORK) == date(2026, 1, 15)
    # Read in Berlin (UTC+1), the same moment is 05:30 on the 16th.
    assert local_day(evening, BERLIN) == date(2026, 1, 16)


def test_an_evening_session_counts_for_its_evening_in_compute():
    # Thursday 2026-01-15 23:30 EST = Friday 2026-01-16 04:30 UTC.
    evening = walk(utc(2026, 1, 16, 4, 30), pain_before=3, pain_after=2)
    result = compute([evening], weekly_goal=1, today=date(2026, 1, 15), tz=NEW_YORK)
    assert result.pain == (PainPoint(date(2026, 1, 15), evening.id, 3, 2),)
    assert result.day_streak == 1
    assert result.this_week == 1
    assert result.program_sessions == 1  # its day is today, not tomorrow


def test_a_session_under_a_minute_adds_its_time_and_pain_but_is_not_a_session():
    # Started by mistake and quit in the warm-up; then ended early after 30 s for pain.
    today = date(2026, 1, 15)
    mistake = walk(utc(2026, 1, 14, 9), kinds={"forward": 3.0})
    painful = walk(utc(2026, 1, 15, 9), kinds={"backward": 30.0}, status="ended_early",
                   pain_before=4, pain_after=7)  # fmt: skip
    result = compute([mistake, painful], weekly_goal=3, today=today, tz=UTC)
    assert (result.sessions, result.this_week, result.program_sessions) == (0, 0, 0)
    assert result.day_streak == 0
    assert result.walked_seconds == 33.0 and result.backward_seconds == 30.0
    assert result.pain == (PainPoint(today, painful.id, 4, 7),)
    # A minute walked is a session.
    enough = walk(utc(2026, 1, 15, 10), kinds={"backward": 60.0})
    result = compute([mistake, painful, enough], weekly_goal=3, today=today, tz=UTC)
    assert (result.sessions, result.this_week, result.day_streak) == (1, 1, 1)


def test_one_predicate_says_what_counts_as_a_session():
    # Ended early or skipped through, a minute is a session; under one, or
    # still running, it is not (its time and pain still count, see above).
    minute = walk(utc(2026, 1, 15, 9), kinds={"backward": 60.0}, status="ended_early")
    skipped = walk(utc(2026, 1, 15, 10), kinds={"backward": 61.0})
    short = walk(utc(2026, 1, 15, 11), kinds={"backward": 59.0})
    running = walk(utc(2026, 1, 15, 12), kinds={"backward": 600.0}, status="in_progress")
    assert [counts_as_session(s) for s in (minute, skipped, short, running)] == [
        True, True, False, False,
    ]  # fmt: skip
    result = compute(
        [minute, skipped, short, running], weekly_goal=3, today=date(2026, 1, 15), tz=UTC
    )
    assert result.sessions == sum(w.sessions for w in result.weeks) == 2


def test_berlin_day_streak_runs_unbroken_across_the_start_of_summer_time():
    # Shortly after midnight each night; the local days are 28, 29, 30, 31 March.
    nights = [
        utc(2026, 3, 27, 23, 30),  # 00:30 CET Saturday 28th
        utc(2026, 3, 28, 23, 30),  # 00:30 CET Sunday 29th
        utc(2026, 3, 29, 22, 30),  # 00:30 CEST Monday 30th (only 23 h later)
        utc(2026, 3, 30, 22, 30),  # 00:30 CEST Tuesday 31st
    ]
    sessions = [walk(moment, pain_before=2, pain_after=2) for moment in nights]
    result = compute(sessions, weekly_goal=3, today=date(2026, 3, 31), tz=BERLIN)
    assert [p.day for p in result.pain] == [
        date(2026, 3, 28),
        date(2026, 3, 29),
        date(2026, 3, 30),
        date(2026, 3, 31),
    ]
    assert (result.day_streak, result.longest_day_streak) == (4, 4)
    # Saturday and Sunday belong to the week of Monday 23rd, the rest to the 30th's.
    assert result.this_week == 2
    assert result.weeks[-2] == Week(date(2026, 3, 23), 2, pytest.approx(600.0), False)
    assert result.weeks[-1] == Week(date(2026, 3, 30), 2, pytest.approx(600.0), False)


def test_berlin_day_streak_runs_unbroken_across_the_end_of_summer_time():
    nights = [
        utc(2026, 10, 23, 21, 30),  # 23:30 CEST Friday 23rd
        utc(2026, 10, 24, 21, 30),  # 23:30 CEST Saturday 24th
        utc(2026, 10, 25, 1, 30),  # 02:30 CET Sunday 25th, the hour that repeats
        utc(2026, 10, 25, 23, 30),  # 00:30 CET Monday 26th
        utc(2026, 10, 27, 22, 30),  # 23:30 CET Tuesday 27th
    ]
    # By UTC date these would be 23, 24, 25, 25, 27: two on the 25th and a gap.
    sessions = [walk(moment) for moment in nights]
    result = compute(sessions, weekly_goal=3, today=date(2026, 10, 27), tz=BERLIN)
    assert (result.day_streak, result.longest_day_streak) == (5, 5)
    assert result.this_week == 2  # Monday 26th and Tuesday 27th
    # Friday, Saturday, Sunday: three in the week of Monday 19th, so it met the goal.
    assert result.weeks[-2] == Week(date(2026, 10, 19), 3, pytest.approx(900.0), True)
    assert (result.week_streak, result.longest_week_streak) == (1, 1)


def test_new_york_evenings_across_the_start_of_summer_time():
    evenings = [
        utc(2026, 3, 7, 4, 30),  # 23:30 EST Friday 6th
        utc(2026, 3, 8, 4, 30),  # 23:30 EST Saturday 7th
        utc(2026, 3, 9, 3, 30),  # 23:30 EDT Sunday 8th
        utc(2026, 3, 10, 3, 30),  # 23:30 EDT Monday 9th
    ]
    sessions = [walk(moment, pain_before=4, pain_after=3) for moment in evenings]
    # Today is Tuesday the 10th and nothing yet: the run ends yesterday and still counts.
    result = compute(sessions, weekly_goal=3, today=date(2026, 3, 10), tz=NEW_YORK)
    assert [p.day for p in result.pain] == [date(2026, 3, d) for d in (6, 7, 8, 9)]
    assert (result.day_streak, result.longest_day_streak) == (4, 4)
    # Friday to Sunday: week of Monday 2nd (goal of 3 met); Monday 9th: this week.
    assert result.this_week == 1
    assert result.weeks[-2].start == date(2026, 3, 2)
    assert result.weeks[-2].sessions == 3
    assert result.weeks[-2].met_goal
    assert (result.week_streak, result.longest_week_streak) == (1, 1)


def test_new_york_evenings_across_the_end_of_summer_time():
    sessions = [
        walk(utc(2026, 11, 1, 3, 30)),  # 23:30 EDT Saturday 31 October
        walk(utc(2026, 11, 1, 6, 30)),  # 01:30 EST Sunday 1st, the hour that repeats
        walk(utc(2026, 11, 2, 4, 30)),  # 23:30 EST Sunday 1st
        walk(utc(2026, 11, 3, 4, 30)),  # 23:30 EST Monday 2nd
    ]
    # By UTC date: 1, 1, 2, 3 November, with three in the week of Monday 2nd.
    result = compute(sessions, weekly_goal=3, today=date(2026, 11, 2), tz=NEW_YORK)
    assert result.sessions == 4
    assert (result.day_streak, result.longest_day_streak) == (3, 3)
    assert result.this_week == 1
    assert result.weeks[-2] == Week(date(2026, 10, 26), 3, pytest.approx(900.0), True)
    assert result.weeks[-1] == Week(date(2026, 11, 2), 1, pytest.approx(300.0), False)
    assert (result.week_streak, result.longest_week_streak) == (1, 1)


def test_a_sunday_night_session_belongs_to_the_week_it_ends():
    # Sunday 2026-11-01 23:30 EST is Monday 04:30 UTC, but it is last week's walk.
    sessions = [
        walk(utc(2026, 10, 21, 14, 0)),  # Wednesday, week of Monday 19 October
        walk(utc(2026, 11, 2, 4, 30)),  # Sunday night, week of Monday 26 October
    ]
    result = compute(sessions, weekly_goal=1, today=date(2026, 11, 4), tz=NEW_YORK)
    assert result.this_week == 0
    assert result.weeks[-1] == Week(date(2026, 11, 2), 0, 0.0, False)
    assert result.weeks[-2] == Week(date(2026, 10, 26), 1, pytest.approx(300.0), True)
    assert result.weeks[-3] == Week(date(2026, 10, 19), 1, pytest.approx(300.0), True)
    # This week is not met yet, so the run ends last week: two weeks.
    assert (result.week_streak, result.longest_week_streak) == (2, 2)


# -------------------------------------------------------------- day streaks

TODAY = date(2026, 6, 17)  # a Wednesday


def days_ago(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=n) for n in offsets}


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (set(), (0, 0)),
        (days_ago(0), (1, 1)),
        (days_ago(1), (1, 1)),  # yesterday: still current while today has nothing yet
        (days_ago(2), (0, 1)),  # the day before yesterday: broken
        (days_ago(0, 1, 2), (3, 3)),
        (days_ago(1, 2, 3, 4), (4, 4)),  # ends yesterday
        (days_ago(2, 3, 4, 5), (0, 4)),  # ends the day before yesterday
        (days_ago(0, 1, 3, 4, 5), (2, 3)),  # a gap: longest is the older run
        (days_ago(0, 2, 4, 6), (1, 1)),  # every other day never makes a run
        (days_ago(0, 1, 2, 3, 4, 10, 11), (5, 5)),
        (days_ago(1, 20, 21, 22, 23, 24, 25), (1, 6)),
    ],
)
def test_day_streaks(days, expected):
    assert day_streaks(days, TODAY) == expected


def test_day_streak_across_a_month_and_a_year_end():
    days = {date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2)}
    assert day_streaks(days, date(2026, 1, 2)) == (4, 4)
    assert day_streaks(days, date(2026, 1, 3)) == (4, 4)
    assert day_streaks(days, date(2026, 1, 4)) == (0, 4)
    leap = {date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)}
    assert day_streaks(leap, date(2028, 3, 1)) == (3, 3)


# ------------------------------------------------------------- week streaks

THIS_WEEK = date(2026, 6, 15)  # the Monday of TODAY's week


def weeks_ago(counts: dict[int, int]) -> dict[date, int]:
    return {THIS_WEEK - timedelta(weeks=n): count for n, count in counts.items()}


@pytest.mark.parametrize(
    ("per_week", "goal", "expected"),
    [
        ({}, 3, (0, 0)),
        (weeks_ago({0: 3}), 3, (1, 1)),
        (weeks_ago({0: 2}), 3, (0, 0)),  # goal - 1 is not met
        (weeks_ago({0: 5}), 3, (1, 1)),  # more than the goal is met
        (weeks_ago({0: 1, 1: 3, 2: 4}), 3, (2, 2)),  # this week not met yet: ends last week
        (weeks_ago({0: 0, 1: 3}), 3, (1, 1)),
        (weeks_ago({2: 3, 3: 3, 4: 3}), 3, (0, 3)),  # last met two weeks ago: broken
        (weeks_ago({0: 3, 1: 3, 2: 2, 3: 3, 4: 3, 5: 3}), 3, (2, 3)),
        (weeks_ago({0: 3, 1: 3, 3: 3}), 3, (2, 2)),  # a week with no session breaks it
        (weeks_ago({0: 1, 1: 1, 2: 1}), 1, (3, 3)),
        (weeks_ago({0: 1, 1: 1, 2: 1}), 2, (0, 0)),
        (weeks_ago({0: 14, 1: 13}), 14, (1, 1)),
    ],
)
def test_week_streaks(per_week, goal, expected):
    assert week_streaks(per_week, goal, TODAY) == expected


def test_week_streak_is_the_same_on_any_day_of_the_week():
    per_week = weeks_ago({1: 3, 2: 3})
    for offset in range(7):
        assert week_streaks(per_week, 3, THIS_WEEK + timedelta(days=offset)) == (2, 2)
    # On the next Monday, last week is two weeks back.
    assert week_streaks(per_week, 3, THIS_WEEK + timedelta(days=7)) == (0, 2)


def test_week_streak_across_the_new_year():
    assert date(2025, 12, 29).isocalendar()[:2] == (2026, 1)
    assert date(2025, 12, 22).isocalendar()[:2] == (2025, 52)
    per_week = {
        date(2025, 12, 15): 3,  # 2025-W51
        date(2025, 12, 22): 3,  # 2025-W52
        date(2025, 12, 29): 3,  # 2026-W01, Monday in 2025
        date(2026, 1, 5): 3,  # 2026-W02
    }
    assert week_streaks(per_week, 3, date(2026, 1, 7)) == (4, 4)
    assert week_streaks(per_week, 3, date(2026, 1, 12)) == (4, 4)  # the week after
    assert week_streaks(per_week, 3, date(2026, 1, 19)) == (0, 4)


def test_week_streak_through_the_53rd_week_of_2026():
    # 2026 starts on a Thursday, so it has an ISO week 53.
    assert date(2026, 12, 28).isocalendar() == (2026, 53, 1)
    assert date(2027, 1, 3).isocalendar() == (2026, 53, 7)
    assert date(2027, 1, 4).isocalendar() == (2027, 1, 1)
    per_week = {
        date(2026, 12, 14): 3,  # W51
        date(2026, 12, 21): 3,  # W52
        date(2026, 12, 28): 3,  # W53
        date(2027, 1, 4): 3,  # 2027-W01
        date(2027, 1, 11): 3,  # 2027-W02
    }
    assert week_streaks(per_week, 3, date(2027, 1, 13)) == (5, 5)
    # Without W53 the run is broken: W51, W52 | 2027-W01, W02.
    del per_week[date(2026, 12, 28)]
    assert week_streaks(per_week, 3, date(2027, 1, 13)) == (2, 2)


def test_week_streak_across_the_new_year_in_compute():
    # Three sessions a week, Tuesday to Thursday, 2025-W52 to 2026-W02, in Berlin.
    sessions = [walk(datetime(2025, 12, 23 + d, 18, 0, tzinfo=BERLIN)) for d in range(3)] + [
        walk(datetime(2025, 12, 30, 18, 0, tzinfo=BERLIN)),
        walk(datetime(2025, 12, 31, 23, 30, tzinfo=BERLIN)),  # 22:30 UTC: still 2025
        walk(datetime(2026, 1, 1, 0, 30, tzinfo=BERLIN)),  # 23:30 UTC on 31 December
        walk(datetime(2026, 1, 6, 18, 0, tzinfo=BERLIN)),
        walk(datetime(2026, 1, 7, 18, 0, tzinfo=BERLIN)),
    ]
    result = compute(sessions, weekly_goal=3, today=date(2026, 1, 7), tz=BERLIN)
    assert [(w.start, w.sessions, w.met_goal) for w in result.weeks[-3:]] == [
        (date(2025, 12, 22), 3, True),
        (date(2025, 12, 29), 3, True),
        (date(2026, 1, 5), 2, False),
    ]
    assert (result.week_streak, result.longest_week_streak) == (2, 2)
    # 23..25 Dec is one run; 30, 31 Dec and 1 Jan another; 6, 7 Jan the current one.
    assert (result.day_streak, result.longest_day_streak) == (2, 3)


# ------------------------------------------------------------------ compute


def test_compute_headline_chart_and_pain():
    # Today is Wednesday 2026-11-25 in Berlin (CET, UTC+1); this week starts Monday
    # 23 November. The 12 chart weeks run from Monday 7 September to 23 November;
    # the 6 program weeks from Monday 19 October.
    def berlin(month: int, day: int, hour: int = 10) -> datetime:
        return datetime(2026, month, day, hour, 0, tzinfo=BERLIN)

    old = walk(
        berlin(9, 1),  # week of 31 August: before the chart
        stage=2,
        kinds={"forward": 200.0, "backward": 300.0},
        pain_before=4,
        pain_after=3,
    )
    sunday = walk(berlin(10, 18, 12), kinds={"backward": 120.0})  # the day before the program
    tue = walk(
        berlin(10, 20),
        stage=2,
        kinds={"backward": 400.0, "rest": 200.0},
        pain_before=5,
        pain_after=6,
    )
    wed = walk(
        berlin(10, 21),
        stage=2,
        status="ended_early",
        kinds={"backward": 100.0, "forward": 50.0},
        pain_before=3,
    )
    thu = walk(
        berlin(10, 22),
        stage=2,
        status="interrupted",
        kinds={"backward": 200.0, "sideways": 40.0},
        pain_before=2,
        pain_after=5,
    )
    running = walk(berlin(11, 24), stage=2, status="in_progress", kinds={"backward": 50.0})
    empty = walk(berlin(11, 24, 11), stage=2, kinds={})
    # 00:30 CET on Monday 23 November is 23:30 UTC on Sunday 22nd (last week by UTC).
    monday = walk(
        utc(2026, 11, 22, 23, 30),
        stage=2,
        kinds={"forward": 120.0, "backward": 300.0},
        pain_before=6,
        pain_after=4,
    )
    today = walk(
        berlin(11, 25, 8),
        stage=2,
        kinds={"backward": 360.0, "rest": 120.0},
        pain_after=2,
    )
    # Newest first, as History.sessions returns them.
    history = [today, monday, empty, running, thu, wed, tue, sunday, old]

    result = compute(history, weekly_goal=3, today=date(2026, 11, 25), tz=BERLIN)

    assert result.sessions == 7
    # Rest left out: 200 s on Tuesday, 120 s today.
    assert result.walked_seconds == pytest.approx(500 + 120 + 400 + 150 + 240 + 420 + 360)
    assert result.backward_seconds == pytest.approx(300 + 120 + 400 + 100 + 200 + 300 + 360)
    assert result.weekly_goal == 3
    assert result.this_week == 2
    # Tue, Wed, Thu of 19 October, Monday and today; not Sunday 18 October.
    assert result.program_sessions == 5
    assert result.program_target == 18
    assert result.last_session == today.started_at

    starts = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(12)]
    expected_weeks = [Week(start, 0, 0.0, False) for start in starts]
    expected_weeks[5] = Week(date(2026, 10, 12), 1, 120.0, False)
    expected_weeks[6] = Week(date(2026, 10, 19), 3, 700.0, True)
    expected_weeks[11] = Week(date(2026, 11, 23), 2, 660.0, False)  # goal - 1: not met
    assert result.weeks == tuple(expected_weeks)
    assert result.weeks[-1].start == week_start(date(2026, 11, 25))

    assert result.pain == (
        PainPoint(date(2026, 9, 1), old.id, 4, 3),
        PainPoint(date(2026, 10, 20), tue.id, 5, 6),
        PainPoint(date(2026, 10, 21), wed.id, 3, None),
        PainPoint(date(2026, 10, 22), thu.id, 2, 5),
        PainPoint(date(2026, 11, 23), monday.id, 6, 4),
        PainPoint(date(2026, 11, 25), today.id, None, 2),
    )
    # Rated both times: -1, +1, +3, -2.
    assert result.average_pain_change == pytest.approx(0.25)

    # Days: 1 Sep, 18, 20, 21, 22 Oct, 23 and 25 Nov (24th had no counted session).
    assert (result.day_streak, result.longest_day_streak) == (1, 3)
    # Only the week of 19 October met the goal.
    assert (result.week_streak, result.longest_week_streak) == (0, 1)

    # Stage 2 is current; in the 14 days from 12 November: Monday and today, both smooth.
    assert result.suggestion.action == "stay"
    assert result.suggestion.stage == 2
    assert result.suggestion.to_stage == 2
    assert "2 of 3" in result.suggestion.reason
    assert "1 more before stage 3" in result.suggestion.reason


def test_compute_program_window_is_the_last_six_weeks_including_this_one():
    today = date(2026, 6, 17)  # Wednesday; this week starts Monday 15 June
    first_monday = date(2026, 5, 11)  # 5 weeks before
    sessions = [
        walk(datetime(2026, 5, 10, 12, 0, tzinfo=UTC)),  # Sunday before: outside
        walk(datetime(2026, 5, 11, 12, 0, tzinfo=UTC)),  # first day of the program
        walk(datetime(2026, 6, 1, 12, 0, tzinfo=UTC)),
        walk(datetime(2026, 6, 17, 12, 0, tzinfo=UTC)),  # today
    ]
    assert first_monday == week_start(today) - timedelta(weeks=5)
    result = compute(sessions, weekly_goal=2, today=today, tz=UTC)
    assert result.program_sessions == 3
    assert result.program_target == 12
    assert result.sessions == 4


def test_compute_on_an_empty_history():
    result = compute([], weekly_goal=3, today=date(2026, 1, 7), tz=BERLIN)
    assert result.sessions == 0
    assert result.walked_seconds == 0
    assert result.backward_seconds == 0
    assert result.this_week == 0
    assert (result.day_streak, result.longest_day_streak) == (0, 0)
    assert (result.week_streak, result.longest_week_streak) == (0, 0)
    assert result.program_sessions == 0
    assert result.program_target == 18
    # Twelve empty weeks, from 20 October 2025 to this week (Monday 5 January 2026).
    assert result.weeks == tuple(
        Week(date(2025, 10, 20) + timedelta(weeks=n), 0, 0.0, False) for n in range(12)
    )
    assert result.pain == ()
    assert result.average_pain_change is None
    assert result.last_session is None
    assert result.suggestion.action == "start"
    assert result.suggestion.to_stage == 1


def test_compute_with_only_sessions_that_do_not_count():
    sessions = [
        walk(utc(2026, 1, 6, 9, 0), status="in_progress", pain_before=3),
        walk(utc(2026, 1, 5, 9, 0), kinds={}, pain_before=2, pain_after=4, stage=1),
    ]
    result = compute(sessions, weekly_goal=3, today=date(2026, 1, 7), tz=UTC)
    assert result.sessions == 0
    assert result.pain == ()
    assert result.average_pain_change is None
    assert result.last_session is None
    assert all(w.sessions == 0 for w in result.weeks)
    assert result.suggestion.action == "start"


def test_average_pain_change_needs_both_ratings():
    sessions = [
        walk(utc(2026, 6, 1, 9, 0), pain_before=5),
        walk(utc(2026, 6, 2, 9, 0), pain_after=1),
        walk(utc(2026, 6, 3, 9, 0)),
    ]
    result = compute(sessions, weekly_goal=3, today=date(2026, 6, 3), tz=UTC)
    assert len(result.pain) == 2  # the unrated session has no point
    assert result.average_pain_change is None
    sessions.append(walk(utc(2026, 6, 3, 18, 0), pain_before=0, pain_after=3))
    result = compute(sessions, weekly_goal=3, today=date(2026, 6, 3), tz=UTC)
    assert len(result.pain) == 3
    assert result.average_pain_change == pytest.approx(3.0)


def test_sessions_on_the_same_day_count_once_for_the_day_streak():
    sessions = [walk(utc(2026, 6, 17, h, 0)) for h in (7, 12, 19)]
    result = compute(sessions, weekly_goal=3, today=date(2026, 6, 17), tz=UTC)
    assert result.sessions == 3
    assert (result.day_streak, result.longest_day_streak) == (1, 1)
    assert result.this_week == 3
    assert (result.week_streak, result.longest_week_streak) == (1, 1)


# ---------------------------------------------------------- suggest_stage


def at(days_back: int, hour: int = 10, *, tz=BERLIN) -> datetime:
    """`hour` o'clock local time, `days_back` days before TODAY."""
    day = TODAY - timedelta(days=days_back)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz)


def staged(days_back: int, stage: int | None, **kw) -> SessionRecord:
    return walk(at(days_back), stage=stage, **kw)


def suggest(sessions, today=TODAY):
    return suggest_stage(sessions, today, BERLIN)


def test_no_history_suggests_starting_with_stage_1():
    s = suggest([])
    assert (s.action, s.stage, s.to_stage) == ("start", None, 1)
    assert "stage 1" in s.reason


def test_without_a_completed_staged_session_the_suggestion_is_to_start():
    sessions = [
        staged(1, None),  # a walker's own preset
        staged(2, None),
        staged(3, None),
        staged(4, 2, status="ended_early"),
        staged(5, 3, status="interrupted"),
        staged(0, 2, status="in_progress"),
        staged(6, 2, kinds={}),  # "completed" without a second walked
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("start", None, 1)


def test_current_stage_is_that_of_the_most_recent_completed_staged_session():
    sessions = [
        staged(5, 1),
        staged(3, 2),
        staged(1, 3, status="ended_early"),  # tried stage 3, did not finish it
        staged(0, 4, status="interrupted"),
        staged(0, None),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "1 of 3" in s.reason
    assert "2 more before stage 3" in s.reason


def test_a_walker_who_went_back_a_stage_is_at_the_lower_stage():
    sessions = [staged(6, 3), staged(5, 3), staged(4, 3), staged(2, 2)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "1 of 3" in s.reason  # stage 3 sessions do not count towards stage 2


def test_three_smooth_sessions_in_the_last_14_days_open_the_next_stage():
    # Today, 6 days ago and 13 days ago: the 14 days are today and the 13 before it.
    sessions = [staged(13, 2), staged(6, 2), staged(0, 2)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("next", 2, 3)
    assert "3 sessions at stage 2" in s.reason
    assert "stage 3 is open to you" in s.reason
    assert SOMEONE_CLOSE not in s.reason


def test_more_than_three_smooth_sessions_also_open_the_next_stage():
    sessions = [staged(n, 1) for n in (1, 3, 5, 7, 9)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("next", 1, 2)
    assert "5 sessions at stage 1" in s.reason


def test_the_order_sessions_arrive_in_does_not_matter():
    sessions = [staged(0, 2), staged(13, 2), staged(6, 2), staged(20, 1)]
    assert suggest(sessions).action == "next"
    assert suggest(list(reversed(sessions))).action == "next"


@pytest.mark.parametrize("old", [14, 15, 30])
def test_a_session_older_than_14_days_does_not_count(old):
    s = suggest([staged(old, 2), staged(5, 2), staged(1, 2)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "2 of 3" in s.reason
    assert "1 more before stage 3" in s.reason


def test_the_14_days_are_local_days():
    # 00:30 CEST on 4 June (13 days before 17 June) is 22:30 UTC on 3 June.
    thirteen_days_ago = utc(2026, 6, 3, 22, 30)
    assert local_day(thirteen_days_ago, BERLIN) == TODAY - timedelta(days=13)
    sessions = [walk(thirteen_days_ago, stage=2), staged(6, 2), staged(0, 2)]
    assert suggest(sessions).action == "next"
    # And 23:30 CEST on 3 June (21:30 UTC) is 14 days back: too old.
    sessions[0] = walk(utc(2026, 6, 3, 21, 30), stage=2)
    assert suggest(sessions).action == "stay"


def test_sessions_skipped_through_do_not_count_towards_the_three():
    # Pressing `n` through a whole preset completes it in seconds: not practice.
    skipped = [replace(staged(n, 1), planned_seconds=300.0, active_seconds=2.0) for n in (1, 2, 3)]
    s = suggest([staged(9, 1), *skipped])
    assert (s.action, s.stage, s.to_stage) == ("stay", 1, 1)
    assert "1 of 3" in s.reason
    # Half the plan walked is enough.
    halfway = [replace(x, active_seconds=150.0) for x in skipped]
    assert suggest(halfway).action == "next"


def test_sessions_under_a_minute_never_count_towards_the_three():
    # One rule for "a session" everywhere: the headline's "Sessions 0" and
    # the advice must agree about a 40-second walk of a 40-second preset.
    short = [staged(n, 1, kinds={"backward": 40.0}) for n in (1, 2, 3)]
    s = suggest(short)
    assert (s.action, s.to_stage) == ("start", 1)
    assert compute(short, weekly_goal=3, today=TODAY, tz=BERLIN).sessions == 0
    s = suggest([staged(9, 1), *short])
    assert (s.action, s.stage, s.to_stage) == ("stay", 1, 1)
    assert "1 of 3" in s.reason
    assert compute([staged(9, 1), *short], weekly_goal=3, today=TODAY, tz=BERLIN).sessions == 1


def test_a_short_session_with_a_stumble_still_speaks_against_moving_up():
    sessions = [staged(5, 2), staged(4, 2), staged(3, 2), staged(1, 2, kinds={"backward": 20.0})]
    sessions[-1] = replace(sessions[-1], stumbles=1)
    assert suggest(sessions).action == "stay"


def test_a_session_is_skipped_through_when_it_walked_under_half_its_plan():
    base = staged(1, 1)
    assert not base.skipped_through
    assert replace(base, planned_seconds=300.0, active_seconds=149.0).skipped_through
    assert not replace(base, planned_seconds=300.0, active_seconds=150.0).skipped_through
    # Only a completed session is "skipped through"; one ended early says so already.
    ended = replace(base, status="ended_early", planned_seconds=300.0, active_seconds=2.0)
    assert not ended.skipped_through


def test_a_session_skipped_through_is_listed_and_exported_as_such():
    skipped = replace(staged(1, 1), planned_seconds=300.0, active_seconds=2.0)
    assert session_cells(skipped)[2] == "skipped through"
    assert skipped.to_json()["skipped_through"] is True
    assert skipped.to_json()["status"] == "completed"  # the stored status is unchanged
    walked = staged(1, 1)
    assert session_cells(walked)[2] == "completed"
    assert walked.to_json()["skipped_through"] is False


def test_ended_early_sessions_do_not_count_towards_the_three():
    sessions = [
        staged(5, 2),
        staged(3, 2, status="ended_early"),
        staged(2, 2, status="interrupted"),
        staged(1, 2),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "2 of 3" in s.reason


def test_only_two_smooth_sessions_stay_and_say_one_more_is_needed():
    s = suggest([staged(8, 3), staged(2, 3)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 3, 3)
    assert "2 of 3 smooth sessions at stage 3" in s.reason
    assert "1 more before stage 4" in s.reason


def test_pain_rising_in_the_window_means_stay():
    sessions = [
        staged(10, 2, pain_before=3, pain_after=2),
        staged(6, 2, pain_before=2, pain_after=4),  # rose
        staged(3, 2, pain_before=3, pain_after=3),
        staged(1, 2, pain_before=4, pain_after=1),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "Pain rose" in s.reason


def test_pain_that_rose_before_the_window_does_not_block():
    sessions = [
        staged(20, 2, pain_before=2, pain_after=6),
        staged(9, 2, pain_before=3, pain_after=3),
        staged(5, 2, pain_before=4, pain_after=3),
        staged(1, 2, pain_before=2, pain_after=2),
    ]
    s = suggest(sessions)
    assert (s.action, s.to_stage) == ("next", 3)
    assert "3 sessions at stage 2" in s.reason


def test_pain_rising_at_another_stage_does_not_block():
    sessions = [
        staged(12, 1, pain_before=1, pain_after=5),  # stage 1, before the move to 2
        staged(9, 2),
        staged(5, 2),
        staged(1, 2),
    ]
    assert suggest(sessions).action == "next"


def test_unrated_pain_does_not_block():
    sessions = [
        staged(9, 2, pain_before=6),  # no rating after
        staged(5, 2, pain_after=7),  # no rating before
        staged(1, 2, stumbles=None),  # nothing answered at all
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("next", 2, 3)


def test_a_stumble_last_time_means_stay():
    sessions = [staged(9, 2), staged(5, 2), staged(3, 2), staged(1, 2, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "stumble" in s.reason


def test_a_stumble_in_an_ended_early_session_at_a_higher_stage_means_stay():
    sessions = [
        staged(9, 2),
        staged(5, 2),
        staged(3, 2),
        staged(1, 3, status="ended_early", stumbles=2),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "stumble" in s.reason
    assert "stage 2" in s.reason


def test_two_stumbles_in_a_row_step_back_one_stage():
    sessions = [
        staged(9, 3),
        staged(5, 3),
        staged(3, 3, stumbles=1),
        staged(1, 3, stumbles=3),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("back", 3, 2)
    assert "stage 2" in s.reason


def test_two_stumbles_in_a_row_counting_an_interrupted_session():
    sessions = [
        staged(9, 4),
        staged(3, 4, status="interrupted", stumbles=1),
        staged(1, 4, stumbles=1),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("back", 4, 3)


def test_never_back_below_stage_1():
    sessions = [staged(3, 1, stumbles=1), staged(1, 1, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 1, 1)
    assert "stumble" in s.reason


def test_two_stumbles_within_14_days_step_back_even_with_a_smooth_session_between():
    sessions = [staged(20, 3), staged(5, 3, stumbles=1), staged(3, 3), staged(1, 3, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("back", 3, 2)
    assert "Two sessions with a stumble at stage 3 in the last 14 days" in s.reason
    assert "stage 2" in s.reason


@pytest.mark.parametrize(("days_back", "action"), [(13, "back"), (14, "stay")])
def test_the_14_day_stumble_window_at_its_edge(days_back: int, action: str):
    # Today and the 13 days before: a stumble 13 days ago is in, 14 days ago out.
    sessions = [staged(days_back, 3, stumbles=1), staged(2, 3), staged(0, 3, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage) == (action, 3)
    assert s.to_stage == (2 if action == "back" else 3)


def test_one_stumble_in_14_days_means_stay_not_back():
    sessions = [staged(9, 3), staged(5, 3), staged(1, 3, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 3, 3)


def test_two_stumbles_in_14_days_at_stage_1_stay():
    sessions = [staged(6, 1, stumbles=1), staged(3, 1), staged(1, 1, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 1, 1)
    assert "stumble" in s.reason


def test_stumbles_not_in_a_row_and_weeks_apart_do_not_step_back():
    sessions = [staged(30, 3, stumbles=1), staged(3, 3), staged(1, 3, stumbles=1)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 3, 3)


def test_an_older_stumble_in_the_window_still_means_stay():
    # The last session was smooth, but one of the three had a stumble: not yet.
    sessions = [staged(9, 2), staged(5, 2, stumbles=1), staged(1, 2)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "stumble" in s.reason
    assert "Pain" not in s.reason  # nothing about pain rose


def test_running_backward_asks_for_six_smooth_sessions():
    s = suggest([staged(10, 4), staged(5, 4), staged(0, 4)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 4, 4)
    assert "3 of 6 smooth sessions at stage 4" in s.reason
    assert "3 more before stage 5" in s.reason


def test_stage_4_to_5_says_have_someone_close_by():
    s = suggest([staged(day, 4) for day in (12, 10, 8, 5, 2, 0)])
    assert (s.action, s.stage, s.to_stage) == ("next", 4, 5)
    assert "stage 5 is open to you" in s.reason
    assert "Have someone close by" in s.reason


def test_stage_5_is_the_last():
    s = suggest([staged(10, 5), staged(5, 5), staged(0, 5)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 5, 5)
    assert "last" in s.reason
    assert "Have someone close by" in s.reason


def test_stage_5_with_fewer_than_three_sessions_promises_no_further_stage():
    s = suggest([staged(2, 5)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 5, 5)
    assert "before stage" not in s.reason
    assert "last" in s.reason
    assert "Have someone close by" in s.reason


def test_stage_5_with_a_stumble_still_stays():
    s = suggest([staged(10, 5), staged(5, 5), staged(0, 5, stumbles=1)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 5, 5)
    assert "stumble" in s.reason


def test_unstaged_presets_are_ignored_by_the_rule():
    sessions = [
        staged(10, 2),
        staged(9, None, stumbles=2),
        staged(5, 2),
        staged(4, None, pain_before=1, pain_after=8),
        staged(1, 2),
        staged(0, None, stumbles=1),  # the two most recent sessions: own presets
        walk(at(0, 18), stage=None, stumbles=1),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("next", 2, 3)


def test_sessions_in_progress_are_ignored_by_the_rule():
    sessions = [
        staged(10, 2),
        staged(5, 2),
        staged(1, 2),
        walk(at(0, 18), stage=3, status="in_progress", stumbles=1),
    ]
    assert suggest(sessions).action == "next"


def test_constants_match_the_documented_rule():
    assert stats.PROGRESSION_DAYS == 14
    assert stats.SESSIONS_TO_PROGRESS == 3
    assert stats.LAST_STAGE == 5
    assert stats.PROGRAM_WEEKS == 6
    assert stats.CHART_WEEKS == 12


def test_pain_rising_in_a_session_ended_early_means_stay():
    # Perhaps it was ended because the knee hurt: that speaks against moving up.
    sessions = [
        staged(9, 2),
        staged(6, 2),
        staged(4, 2, status="ended_early", pain_before=3, pain_after=6),
        staged(1, 2),
    ]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "Pain rose" in s.reason


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (-1.25, "1.2 points less after a session than before, on average"),
        (0.5, "0.5 points more after a session than before, on average"),
        # singular by the number as shown: 0.96 and -1.04 both show as 1.0
        (0.96, "1.0 point more after a session than before, on average"),
        (-1.04, "1.0 point less after a session than before, on average"),
        (-2.0, "2.0 points less after a session than before, on average"),
        (0.04, "the same after a session as before, on average"),
    ],
)
def test_the_pain_change_is_said_in_plain_words(change, words):
    from backwalk_tui.words import pain_change_words

    assert pain_change_words(change) == words


# ------------------------------------------------------------------- due

MONDAY = date(2026, 11, 30)


def on(day: date, hour: int = 10, active: float = 600.0) -> SessionRecord:
    return walk(datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN), active=active)


def due_on(today: date, *walked: date, goal: int = 3, **kw):
    return stats.due([on(day, **kw) for day in walked], weekly_goal=goal, today=today, tz=BERLIN)


def weekday(n: int) -> date:
    """Monday 30 November 2026 is 0."""
    return MONDAY + timedelta(days=n)


def test_a_new_week_without_sessions_is_due_today():
    result = due_on(MONDAY)
    assert (result.today, result.next_day, result.done, result.goal) == (True, MONDAY, 0, 3)
    assert result.text == "due today · this week: 0 of 3"


def test_the_day_after_a_session_is_a_rest_day():
    result = due_on(weekday(1), weekday(0))
    assert (result.today, result.next_day) == (False, weekday(2))
    assert result.text == "next: Wednesday · this week: 1 of 3"


def test_after_todays_session_the_next_is_the_day_after_tomorrow():
    result = due_on(weekday(0), weekday(0))
    assert (result.today, result.next_day, result.done) == (False, weekday(2), 1)


def test_a_day_after_a_rest_day_is_due():
    result = due_on(weekday(4), weekday(0), weekday(2))
    assert (result.today, result.done) == (True, 2)
    result = due_on(weekday(3), weekday(0), weekday(2))
    assert (result.today, result.next_day) == (False, weekday(4))
    assert result.text == "next: Friday · this week: 2 of 3"


def test_too_few_days_left_for_a_rest_day_make_the_day_after_due():
    # Friday walked, 2 to go: Saturday and Sunday are both needed.
    result = due_on(weekday(5), weekday(4))
    assert (result.today, result.done) == (True, 1)
    # With 1 to go on Saturday, Sunday has room after a rest: rest today.
    result = due_on(weekday(5), weekday(2), weekday(4))
    assert (result.today, result.next_day) == (False, weekday(6))


def test_a_week_behind_never_asks_for_two_sessions_in_a_day():
    result = due_on(weekday(6), weekday(6))  # Sunday, 1 of 3 done today
    assert result.today is False
    # Next week: Monday follows a day walked, with room for 3 after a rest.
    assert result.next_day == weekday(8)


def test_once_the_goal_is_met_the_next_is_next_week():
    result = due_on(weekday(5), weekday(0), weekday(2), weekday(4))
    assert (result.today, result.next_day, result.done) == (False, weekday(7), 3)
    assert result.text == "next: Monday · this week: 3 of 3"


def test_a_goal_of_7_walks_every_day():
    result = due_on(weekday(1), weekday(0), goal=7)
    assert result.today is True


def test_a_goal_above_7_asks_for_a_second_session_the_same_day():
    assert due_on(weekday(0), weekday(0), goal=14).today is True
    assert due_on(weekday(0), weekday(0), weekday(0), goal=14).today is False


def test_a_session_under_a_minute_does_not_count_for_due():
    result = due_on(weekday(0), weekday(0), active=30.0)
    assert (result.today, result.done) == (True, 0)


def test_due_counts_the_walkers_local_day():
    # 00:30 on Tuesday in Berlin is still Monday in UTC: it is Tuesday's session.
    early = walk(datetime(2026, 12, 1, 0, 30, tzinfo=BERLIN))
    assert early.started_at.astimezone(UTC).day == 30
    tuesday = stats.due([early], weekly_goal=3, today=weekday(1), tz=BERLIN)
    assert (tuesday.today, tuesday.next_day, tuesday.done) == (False, weekday(3), 1)


def test_a_session_last_week_makes_monday_a_rest_day():
    result = due_on(weekday(7), weekday(6), goal=3)
    assert (result.today, result.next_day, result.done) == (False, weekday(8), 0)


# ------------------------------------------- the stumble rule, in one place


def test_stumbles_count_against_the_stage_they_happened_at():
    # Two stumbles at stage 3 step back to 2; a smooth session at stage 2
    # later, the walker has stepped back: stay, not "step back to stage 1".
    at_3 = [staged(20, 3), staged(10, 3, stumbles=1), staged(4, 3, stumbles=1)]
    assert (suggest(at_3).action, suggest(at_3).to_stage) == ("back", 2)
    s = suggest([*at_3, staged(2, 2)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "stage 1" not in s.reason


def test_two_stumbles_in_a_row_months_apart_do_not_step_back():
    # In a row, but 120 days and 1 day ago: one stumble in the 14 days.
    s = suggest([staged(130, 3), staged(120, 3, stumbles=1), staged(1, 3, stumbles=1)])
    assert (s.action, s.stage, s.to_stage) == ("stay", 3, 3)


def test_the_stage_rule_and_the_safety_reminder_count_the_same_stumbles():
    from backwalk_tui.advice import last_stumble

    sessions = [staged(20, 3), staged(13, 3, stumbles=1), staged(14, 3, stumbles=1)]
    found = stats.recent_stumbles(sessions, 3, TODAY, BERLIN)
    assert [local_day(s.started_at, BERLIN) for s in found] == [TODAY - timedelta(days=13)]
    assert last_stumble(sessions, 3, TODAY, BERLIN) == TODAY - timedelta(days=13)
    assert stats.recent_stumbles(sessions, 2, TODAY, BERLIN) == []


# ---------------------------------------------------- sessions in the future


def test_in_future_is_after_today_on_the_walkers_calendar():
    assert stats.in_future(at(-1, 0), TODAY, BERLIN)
    assert not stats.in_future(at(0, 23), TODAY, BERLIN)  # later today is today
    # 23:30 UTC on 16 June is already 17 June in Berlin: today, not yesterday.
    assert not stats.in_future(utc(2026, 6, 17, 21, 30), TODAY, BERLIN)
    assert stats.in_future(utc(2026, 6, 17, 22, 30), TODAY, BERLIN)  # 18 June, 00:30


def test_a_session_in_the_future_counts_in_no_rule_that_asks_when():
    # TODAY is Wednesday 17 June: one session today, one tomorrow, one in 2099.
    sessions = [staged(0, 2), staged(-1, 2), walk(utc(2099, 1, 1, 10), stage=2, pain_after=3)]
    result = compute(sessions, weekly_goal=3, today=TODAY, tz=BERLIN)
    assert result.sessions == 3  # walked, all three: the totals count them
    assert result.walked_seconds == 900
    assert result.this_week == 1
    assert (result.day_streak, result.longest_day_streak) == (1, 1)
    assert (result.week_streak, result.longest_week_streak) == (0, 0)
    assert result.program_sessions == 1
    assert [w.sessions for w in result.weeks][-1] == 1
    assert result.pain == ()  # the pain trend is a trend in time
    found = stats.due(sessions, weekly_goal=3, today=TODAY, tz=BERLIN)
    assert found.done == 1
    assert found.text.endswith("this week: 1 of 3")


def test_smooth_sessions_in_the_future_do_not_open_the_next_stage():
    sessions = [staged(10, 2), staged(5, 2), staged(-1, 2), staged(-300, 2)]
    s = suggest(sessions)
    assert (s.action, s.stage, s.to_stage) == ("stay", 2, 2)
    assert "2 of 3 smooth sessions" in s.reason


def test_a_future_session_at_another_stage_is_not_the_current_stage():
    s = suggest([staged(10, 2), staged(-1, 4, stumbles=1), staged(-2, 4, stumbles=1)])
    assert (s.action, s.stage) == ("stay", 2)
    assert "stumble" not in s.reason


def test_the_end_of_the_calendar_in_kiritimati_is_in_the_future_not_an_error():
    # 9999-12-31 20:00 UTC is 10000-01-01 10:00 in Kiritimati (UTC+14): past the calendar.
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    end = walk(utc(9999, 12, 31, 20), stage=2, stumbles=1)
    sessions = [staged(1, 2), end]
    assert stats.in_future(end.started_at, TODAY, kiritimati)
    result = compute(sessions, weekly_goal=3, today=TODAY, tz=kiritimati)
    assert (result.sessions, result.this_week) == (2, 1)
    assert stats.due(sessions, weekly_goal=3, today=TODAY, tz=kiritimati).done == 1
    assert stats.program([], sessions, today=TODAY, tz=kiritimati).sessions == 1
    assert session_cells(end, kiritimati, today=TODAY)[0] == "future 31 Dec 9999"


def test_a_session_in_the_future_is_listed_as_such():
    cells = session_cells(walk(utc(2099, 1, 1, 10)), BERLIN, today=TODAY)
    assert cells[0] == "future 01 Jan 2099"
    assert session_cells(staged(0, 2), BERLIN, today=TODAY)[0] == "Wed 17 Jun 10:00"
    assert session_cells(staged(400, 2), BERLIN, today=TODAY)[0] == "Tue 13 May 2025"


# ------------------------------------------------------------- the pain chart


def test_each_pain_rating_is_drawn_on_the_row_labelled_with_it():
    from backwalk_tui.charts import pain_chart

    points = [PainPoint(TODAY, n, before, after) for n, (before, after) in
              enumerate([(5, 6), (0, 10), (3, 3), (None, 1)])]  # fmt: skip
    rows = {int(line[:2]): line[5:].split(" ") for line in pain_chart(points)}
    assert list(rows) == list(range(10, -1, -1))
    marks = {
        (label, column): mark
        for label, cells in rows.items()
        for column, mark in enumerate(cells)
        if mark != "·"
    }
    assert marks == {
        (5, 0): "○", (6, 0): "●", (0, 1): "○", (10, 1): "●", (3, 2): "◉", (1, 3): "●",
    }  # fmt: skip
