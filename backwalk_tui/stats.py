"""Pure aggregations over history, for the stats screen and `backwalk stats`.

Days and weeks are the walker's local ones (weeks start on Monday). A session
that was interrupted or ended early still counts the time it walked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backwalk_tui.history import SessionRecord


@dataclass(frozen=True)
class Summary:
    sessions: int
    total_seconds: float
    backward_seconds: float
    this_week: int
    weekly_goal: int
    day_streak: int
    last_session: datetime | None


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_streak(days: set[date], today: date) -> int:
    """Consecutive days with a session, ending today (or yesterday, if today has none yet)."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def summarize(
    sessions: Sequence[SessionRecord], *, weekly_goal: int, today: date | None = None
) -> Summary:
    today = today or date.today()
    walked = [s for s in sessions if s.active_seconds > 0]
    days = {local_day(s.started_at) for s in walked}
    monday = week_start(today)
    return Summary(
        sessions=len(walked),
        total_seconds=sum(s.active_seconds for s in walked),
        backward_seconds=sum(s.seconds_by_kind["backward"] for s in walked),
        this_week=sum(1 for s in walked if week_start(local_day(s.started_at)) == monday),
        weekly_goal=weekly_goal,
        day_streak=day_streak(days, today),
        last_session=max((s.started_at for s in walked), default=None),
    )
