"""The walker's days: a stored moment on the local calendar, and whether it is yet to come.

Kept apart from `stats` so the lists (`words.session_cells`) can say "in the
future" without loading the history's modules.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo


def local_time(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """`moment` on the walker's clock (`tz`, by default the computer's zone).

    A moment so near the end (or the start) of the calendar that its local
    time falls outside it (9999-12-31 20:00 UTC is 10000-01-01 in Kiritimati)
    stays on its own clock: it is still shown, and still in the future.
    """
    try:
        return moment.astimezone(tz)
    except (OverflowError, OSError, ValueError):
        return moment


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return local_time(moment, tz).date()


def in_future(moment: datetime, today: date, tz: tzinfo | None = None) -> bool:
    """Whether `moment` falls on a day after `today`, on the walker's calendar.

    The one test of "in the future" (a clock set back, or a history from a
    computer whose clock ran ahead): such a session is listed as in the
    future, and every rule that asks when (this week, streaks, the weeks
    chart, the pain trend, the program, the stage rule, `due`, the stumble
    reminder) leaves it out. Later today is today.
    """
    return local_day(moment, tz) > today
