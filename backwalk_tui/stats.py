"""Pure aggregations over history, for the stats screen, `backwalk stats` and the report.

Everything here is a function of the sessions, the weekly goal, "today" and
the walker's time zone, so every rule can be tested with a hand-made history.

Days and weeks are the walker's local ones (weeks start on Monday): a
session at 23:30 counts for that evening, whatever the UTC date. A session
that was interrupted or ended early counts the time it walked; a session
still in progress (another copy of backwalk is running it) is left out.
A session of under a minute (started by mistake, quit in the warm-up) adds
its time and its pain ratings, but is not counted as a session: not in the
number of sessions, the weekly goal, the streaks or the 6-week program.
`counts_as_session` is that one rule, for the stats screen, `backwalk stats`
and the report alike.
"Walked" is forward, backward and sideways, never rest (resting is
standing still): `walked_seconds`, as the end-of-session summary counts it.
A session dated after today (`in_future`: a clock set back, or a history
from a computer whose clock ran ahead) is listed as in the future; its time
counts in the totals, but no rule that asks when counts it: not this week,
the streaks, the weeks chart, the pain trend, the program, the stage rule
or `due`.

The stage progression rule, `suggest_stage`:
- A session "goes through" when it completed, counts as a session (a
  minute or more: `counts_as_session`) and walked at least half of its
  planned time (`SessionRecord.skipped_through`): skipping through a
  preset with `n` completes it, but is not practice, so it never moves a
  walker up.
- The current stage is that of the most recent session that went through,
  of a preset with a stage.
- Two sessions with a stumble at the current stage in the last 14 days
  (today and the 13 days before; `STUMBLE_DAYS`, `recent_stumbles`): step
  back one stage (at stage 1: stay). A stumble counts against the stage it
  happened at, so once the walker has gone through a session at the stage
  below, the stumbles above it no longer step back further. The most
  recent staged session with a stumble: stay.
- Any session at the current stage in the last 14 days (today and the 13
  days before) with a stumble, or with pain after higher than before,
  completed or not: stay.
- Otherwise, with at least three sessions that went through at the current
  stage in those 14 days: the next stage is open (an unrated pain does not count
  against it). Stage 5, running backward, asks for six ("many stumble-free
  walking sessions") and adds "have someone close by". Stage 5 is the last.
- Otherwise: stay, and say how many sessions are still missing.
It only ever suggests; the walker picks the preset.

When the next session is due, `due` (`backwalk due`, the picker's header):
the weekly goal spread over the week (Monday to Sunday) with a rest day
after a day walked; a day walked is followed by another only when the days
left are too few for rest days, and a day never asks for more than one
session (for goals up to 7; two for goals of 8 to 14). A session is due
today while today has fewer than that.

Check-ins (`checkin_due`): a baseline when there is none, then weeks 3 and 6
after the baseline's day, each offered from its day for 14 days unless a
check-in was taken from 7 days before it. `program` sets the baseline and
the latest check-in, and the sessions of the 6 weeks from the baseline,
beside the trial's published results; it compares and never predicts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backwalk_tui.days import in_future, local_day
from backwalk_tui.kinds import is_walked
from backwalk_tui.records import CheckinRecord, SessionRecord
from backwalk_tui.words import tug_text

PROGRAM_WEEKS = 6
CHART_WEEKS = 12
PROGRESSION_DAYS = 14
#: Two sessions with a stumble at a stage within this many days (today included) step
#: back from it, and the safety check at a stage recalls a stumble there this recent.
STUMBLE_DAYS = 14
STUMBLES_TO_STEP_BACK = 2
SESSIONS_TO_PROGRESS = 3
#: Running backward asks for "many" stumble-free walking sessions first.
SESSIONS_TO_RUN = 6
LAST_STAGE = 5
SOMEONE_CLOSE = "Have someone close by when you start."


@dataclass(frozen=True)
class Week:
    start: date
    sessions: int
    backward_seconds: float
    met_goal: bool


@dataclass(frozen=True)
class PainPoint:
    day: date
    session_id: int
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Suggestion:
    #: "start", "stay", "next" or "back".
    action: str
    stage: int | None
    #: The stage suggested: the next, the one before, or the current one.
    to_stage: int | None
    reason: str


@dataclass(frozen=True)
class Stats:
    #: Sessions that `counts_as_session`; their time and that of shorter ones is below.
    sessions: int
    #: Walked (`walked_seconds`): rest left out.
    walked_seconds: float
    backward_seconds: float
    weekly_goal: int
    this_week: int
    day_streak: int
    longest_day_streak: int
    week_streak: int
    longest_week_streak: int
    program_sessions: int
    program_target: int
    #: The last CHART_WEEKS weeks, oldest first, this week last.
    weeks: tuple[Week, ...]
    #: Sessions with a pain rating, oldest first.
    pain: tuple[PainPoint, ...]
    #: Mean of (after - before) over sessions rated both times; None without any.
    average_pain_change: float | None
    suggestion: Suggestion
    last_session: datetime | None

    @property
    def empty(self) -> bool:
        """Nothing walked yet. A session under a minute is something: its time shows."""
        return self.last_session is None


def until_today(
    sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None = None
) -> list[SessionRecord]:
    """The sessions not `in_future`: those the rules that ask when count."""
    return [s for s in sessions if not in_future(s.started_at, today, tz)]


def taken_until_today(
    checkins: Sequence[CheckinRecord], today: date, tz: tzinfo | None = None
) -> list[CheckinRecord]:
    """The check-ins not `in_future`: those the program, the offers and the trend count."""
    return [c for c in checkins if not in_future(c.taken_at, today, tz)]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


#: Walked for less than this, a session does not count towards goals and streaks.
MIN_SESSION_SECONDS = 60.0


def counted(sessions: Sequence[SessionRecord]) -> list[SessionRecord]:
    """The sessions whose time and pain count: walked for some time, and not still running."""
    return [s for s in sessions if s.active_seconds > 0 and s.status != "in_progress"]


def counts_as_session(session: SessionRecord) -> bool:
    """A session in every count of sessions: the headline, each week, streaks, the program.

    At least MIN_SESSION_SECONDS long and not still running. Ended early or
    skipped through, it counts here; `went_through` is the stricter rule for
    moving up a stage. The one definition the stats screen, `backwalk stats`
    and the report all count by.
    """
    return session.status != "in_progress" and session.active_seconds >= MIN_SESSION_SECONDS


def walked_seconds(session: SessionRecord) -> float:
    """Walked: forward, backward and sideways. Resting is standing still.

    Every "Walked" is this one; the session's whole length (`active_seconds`,
    `active_seconds` in `history --json`) keeps its rest.
    """
    return sum(seconds for kind, seconds in session.seconds_by_kind.items() if is_walked(kind))


def went_through(session: SessionRecord) -> bool:
    """Practice at its stage: completed, long enough to count, and not skipped through."""
    return (
        session.status == "completed" and counts_as_session(session) and not session.skipped_through
    )


def _runs(ordered: list[date], step: timedelta) -> list[tuple[date, int]]:
    """Runs of consecutive values `step` apart: (last value, length) for each."""
    runs: list[tuple[date, int]] = []
    for value in ordered:
        if runs and value - runs[-1][0] == step:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs


def day_streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with a session.

    The current run ends today, or yesterday while today has no session yet.
    """
    runs = _runs(sorted(days), timedelta(days=1))
    longest = max((length for _, length in runs), default=0)
    current = next((length for end, length in runs if end in (today, today - timedelta(days=1))), 0)
    return current, longest


def week_streaks(per_week: dict[date, int], goal: int, today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive weeks that met the goal.

    The current run ends this week, or last week while this week is not met yet.
    """
    met = sorted(start for start, count in per_week.items() if count >= goal)
    runs = _runs(met, timedelta(weeks=1))
    longest = max((length for _, length in runs), default=0)
    this_week = week_start(today)
    current = next(
        (length for end, length in runs if end in (this_week, this_week - timedelta(weeks=1))),
        0,
    )
    return current, longest


def _pain_rose(session: SessionRecord) -> bool:
    before, after = session.pain_before, session.pain_after
    return before is not None and after is not None and after > before


def _within(session: SessionRecord, days: int, today: date, tz: tzinfo | None) -> bool:
    """Whether `session` is of the last `days` days: today and the `days - 1` before."""
    day = local_day(session.started_at, tz)
    return today - timedelta(days=days - 1) <= day <= today


def recent_stumbles(
    sessions: Sequence[SessionRecord], stage: int, today: date, tz: tzinfo | None = None
) -> list[SessionRecord]:
    """The sessions at `stage` with a stumble in the last STUMBLE_DAYS days, oldest first.

    The one stumble rule: STUMBLES_TO_STEP_BACK of them step back a stage
    (`suggest_stage`, and the summary's notice with it), and the latest is
    the safety check's reminder (`advice.stumble_reminder`). A stumble counts
    against the stage it happened at: once the walker has stepped back, the
    stumbles at the stage above no longer count against the stage below.
    """
    return sorted(
        (
            s
            for s in counted(sessions)
            if s.stage == stage and s.stumbles and _within(s, STUMBLE_DAYS, today, tz)
        ),
        key=lambda s: s.started_at,
    )


def suggest_stage(
    sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None = None
) -> Suggestion:
    """The progression rule described at the top of this module."""
    staged = sorted(
        (s for s in until_today(counted(sessions), today, tz) if s.stage is not None),
        key=lambda s: s.started_at,
    )
    completed = [s for s in staged if went_through(s)]
    if not completed:
        return Suggestion("start", None, 1, "Start with stage 1: a few slow steps, with support.")
    stage = completed[-1].stage
    assert stage is not None
    # Every session at the stage in the window speaks against moving up,
    # including one ended early (perhaps because of pain); only those that
    # went through count towards it.
    window = [s for s in staged if s.stage == stage and _within(s, PROGRESSION_DAYS, today, tz)]
    return _held_back(staged, window, stage, today, tz) or _moving_up(window, stage)


def _held_back(
    staged: list[SessionRecord],
    window: list[SessionRecord],
    stage: int,
    today: date,
    tz: tzinfo | None,
) -> Suggestion | None:
    """Back a stage, or stay, for stumbles or a pain that rose; None when nothing holds back."""
    if len(recent_stumbles(staged, stage, today, tz)) >= STUMBLES_TO_STEP_BACK and stage > 1:
        return Suggestion(
            "back", stage, stage - 1,
            f"Two sessions with a stumble at stage {stage} in the last {STUMBLE_DAYS} days: "
            f"step back to stage {stage - 1} for a while.",
        )  # fmt: skip
    if staged[-1].stumbles:
        return Suggestion(
            "stay", stage, stage,
            f"A stumble last time: stay at stage {stage} until it goes smoothly.",
        )  # fmt: skip
    if any(s.stumbles for s in window):
        return Suggestion(
            "stay", stage, stage,
            f"A stumble in a recent session: stay at stage {stage} until it goes smoothly.",
        )  # fmt: skip
    if any(_pain_rose(s) for s in window):
        return Suggestion(
            "stay", stage, stage,
            f"Pain rose after a recent session: stay at stage {stage} for now.",
        )  # fmt: skip
    return None


def _moving_up(window: list[SessionRecord], stage: int) -> Suggestion:
    """Nothing holds the walker back: the last stage, the next one open, or how far to it."""
    if stage >= LAST_STAGE:
        return Suggestion("stay", stage, stage, f"Stage {LAST_STAGE} is the last. {SOMEONE_CLOSE}")
    needed = SESSIONS_TO_RUN if stage + 1 == LAST_STAGE else SESSIONS_TO_PROGRESS
    smooth = sum(1 for s in window if went_through(s))
    if smooth >= needed:
        reason = (
            f"{smooth} sessions at stage {stage} in the last {PROGRESSION_DAYS} days, "
            f"without a stumble and without more pain: stage {stage + 1} is open to you."
        )
        if stage + 1 == LAST_STAGE:
            reason += f" {SOMEONE_CLOSE}"
        return Suggestion("next", stage, stage + 1, reason)
    return Suggestion(
        "stay", stage, stage,
        f"{smooth} of {needed} smooth sessions at stage {stage} in the last "
        f"{PROGRESSION_DAYS} days: {needed - smooth} more before stage {stage + 1}.",
    )  # fmt: skip


def compute(
    sessions: Sequence[SessionRecord],
    *,
    weekly_goal: int,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> Stats:
    today = today or datetime.now(tz).astimezone(tz).date()
    walked = sorted(counted(sessions), key=lambda s: s.started_at)
    # A session in the future was walked: its time counts, and it is a
    # session; but no rule that asks when counts it (`in_future`).
    past = until_today(walked, today, tz)
    days = [local_day(s.started_at, tz) for s in past]
    per_week: dict[date, int] = {}
    backward_per_week: dict[date, float] = {}
    session_days: list[date] = []  # days of the sessions that count towards goals
    for session, day in zip(past, days, strict=True):
        week = week_start(day)
        if counts_as_session(session):
            per_week[week] = per_week.get(week, 0) + 1
            session_days.append(day)
        backward = session.seconds_by_kind["backward"]
        backward_per_week[week] = backward_per_week.get(week, 0.0) + backward
    this_week = week_start(today)
    chart_weeks = [this_week - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    program_start = this_week - timedelta(weeks=PROGRAM_WEEKS - 1)
    rated = [
        PainPoint(day, s.id, s.pain_before, s.pain_after)
        for s, day in zip(past, days, strict=True)
        if s.pain_before is not None or s.pain_after is not None
    ]
    changes = [p.after - p.before for p in rated if p.before is not None and p.after is not None]
    day_now, day_best = day_streaks(set(session_days), today)
    week_now, week_best = week_streaks(per_week, weekly_goal, today)
    return Stats(
        sessions=sum(1 for s in walked if counts_as_session(s)),
        walked_seconds=sum(walked_seconds(s) for s in walked),
        backward_seconds=sum(s.seconds_by_kind["backward"] for s in walked),
        weekly_goal=weekly_goal,
        this_week=per_week.get(this_week, 0),
        day_streak=day_now,
        longest_day_streak=day_best,
        week_streak=week_now,
        longest_week_streak=week_best,
        program_sessions=sum(1 for day in session_days if program_start <= day <= today),
        program_target=PROGRAM_WEEKS * weekly_goal,
        weeks=tuple(
            Week(
                start,
                per_week.get(start, 0),
                backward_per_week.get(start, 0.0),
                per_week.get(start, 0) >= weekly_goal,
            )
            for start in chart_weeks
        ),
        pain=tuple(rated),
        average_pain_change=sum(changes) / len(changes) if changes else None,
        suggestion=suggest_stage(sessions, today, tz),
        last_session=walked[-1].started_at if walked else None,
    )


# ------------------------------------------------------------ when is the next session due

#: Walking days in a week (Monday to Sunday).
WEEK_DAYS = 7


@dataclass(frozen=True)
class Due:
    """Whether a session is due today, and if not, the next day one is."""

    today: bool
    #: Today when due today, else the next day a session is due.
    next_day: date
    #: Sessions this week so far (those that `counts_as_session`), and the weekly goal.
    done: int
    goal: int

    @property
    def text(self) -> str:
        """`due today · this week: 1 of 3`, `next: Thursday · this week: 2 of 3`."""
        head = "due today" if self.today else f"next: {self.next_day:%A}"
        return f"{head} · this week: {self.done} of {self.goal}"


def _needed_on(day: date, goal: int, walked: dict[date, int]) -> int:
    """Sessions `day` needs for the week's goal, given the days walked before it.

    The goal is spread over the week with a rest day after a day walked,
    unless the days left are too few for rest days: then a day walked is
    followed by another. A day never asks for more than the goal's share of
    a day (one, for goals up to 7): a week behind is not made up by doubling.
    """
    start = week_start(day)
    done_before = sum(n for d, n in walked.items() if start <= d < day)
    remaining = goal - done_before
    if remaining <= 0:
        return 0
    days_left = WEEK_DAYS - day.weekday()  # today included
    if remaining > days_left:
        return min(-(-remaining // days_left), -(-goal // WEEK_DAYS))
    rested = walked.get(day - timedelta(days=1), 0) == 0
    # Resting today leaves the days from tomorrow, every other one of them.
    room_after_rest = -(-(days_left - 1) // 2)
    return 1 if rested or remaining > room_after_rest else 0


def due(
    sessions: Sequence[SessionRecord],
    *,
    weekly_goal: int,
    today: date,
    tz: tzinfo | None = None,
) -> Due:
    """Is a session due today, and when is the next (the rule is in `_needed_on`).

    A session is due today while today has fewer sessions than it needs. The
    next day due is found by walking forward from tomorrow with no more
    sessions than those walked; one dated in the future (`in_future`) is not
    one of them.
    """
    walked: dict[date, int] = {}
    for session in until_today(sessions, today, tz):
        if counts_as_session(session):
            day = local_day(session.started_at, tz)
            walked[day] = walked.get(day, 0) + 1
    done = sum(n for d, n in walked.items() if week_start(today) <= d <= today)
    if walked.get(today, 0) < _needed_on(today, weekly_goal, walked):
        return Due(True, today, done, weekly_goal)
    day = today + timedelta(days=1)
    # Within two weeks a day always needs a session (next week's goal is at least 1).
    while _needed_on(day, weekly_goal, walked) == 0:
        day += timedelta(days=1)
    return Due(False, day, done, weekly_goal)


# ---------------------------------------------------------------- check-ins

#: A check-in at the start of the 6-week program (the baseline), then at weeks 3
#: and 6 after it: the trial measured at baseline and at week 6.
CHECKIN_WEEKS = (0, 3, 6)
#: A check-in up to a week before its date counts for it.
CHECKIN_EARLY_DAYS = 7
#: A check-in not taken is offered from its date for two weeks, then no more.
CHECKIN_OFFER_DAYS = 14


@dataclass(frozen=True)
class CheckinOffer:
    #: 0 for the baseline, else the program week (3 or 6).
    week: int
    #: The day it falls on (the baseline: today).
    day: date

    @property
    def text(self) -> str:
        """`Check-in: baseline` or `Check-in: week 3 of 6`, for the picker's header."""
        if self.week == 0:
            return "Check-in: baseline, to start the 6 weeks"
        return f"Check-in: week {self.week} of {PROGRAM_WEEKS}"


def checkin_due(
    checkins: Sequence[CheckinRecord], today: date, tz: tzinfo | None = None
) -> CheckinOffer | None:
    """The check-in to offer today, if any; an offer only, never a condition.

    No check-in yet: the baseline. Then the latest of weeks 3 and 6 (counted
    from the baseline's day) whose day has come, for CHECKIN_OFFER_DAYS days,
    unless a check-in was taken from CHECKIN_EARLY_DAYS days before it on.
    After week 6's offer, none (the program is over; `c` still takes one).
    """
    days = sorted(local_day(c.taken_at, tz) for c in taken_until_today(checkins, today, tz))
    if not days:
        return CheckinOffer(0, today)
    baseline = days[0]
    for week in reversed(CHECKIN_WEEKS[1:]):
        day = baseline + timedelta(weeks=week)
        if today < day:
            continue
        if today >= day + timedelta(days=CHECKIN_OFFER_DAYS):
            return None
        taken = any(d >= day - timedelta(days=CHECKIN_EARLY_DAYS) for d in days)
        return None if taken else CheckinOffer(week, day)
    return None


# --------------------------------------------------- the program against the trial

#: The trial the 6-week program follows, as PROGRAM.md cites it.
TRIAL = "Alghadir et al., BMC Musculoskeletal Disorders 2019;20:159"
TRIAL_WEEKS = 6
#: Its dose: 10 minutes of retro walking, 3 days a week, for 6 weeks.
TRIAL_SESSIONS = 18
TRIAL_SESSION_MINUTES = 10
#: Mean change in knee pain (NRS 0-10) after 6 weeks, as published.
TRIAL_PAIN_CHANGE = -1.8
CONTROL_PAIN_CHANGE = -1.0


@dataclass(frozen=True)
class TugPoint:
    day: date
    checkin_id: int
    seconds: float


@dataclass(frozen=True)
class Measure:
    """One measure (weekly pain, or the Timed Up and Go) at its first and latest check-in."""

    first_day: date
    first: float
    #: The newest check-in after the first with this measure; None until there is one.
    last_day: date | None
    last: float | None

    @property
    def change(self) -> float | None:
        """Latest minus first (lower is better for both); None with one check-in."""
        return None if self.last is None else round(self.last - self.first, 1)


@dataclass(frozen=True)
class Program:
    """The walker's 6 weeks beside the trial's: check-ins and sessions. Compares, never promises."""

    #: The first check-in (the baseline, the program's first day) and the newest
    #: one after it (None with fewer than two).
    baseline: CheckinRecord | None
    latest: CheckinRecord | None
    #: Each measure from the first check-in that has it to the latest that has it,
    #: so a baseline without a Timed Up and Go still gives a TUG change later.
    pain: Measure | None
    tug: Measure | None
    #: Every check-in with a Timed Up and Go, oldest first.
    tug_trend: tuple[TugPoint, ...]
    #: The program's first day: the baseline's, or without one the Monday 5 weeks
    #: before this week's (the stats screen's "last 6 weeks").
    start: date
    #: Sessions (`counts_as_session`) in the 6 weeks from `start`, up to today,
    #: and how many of them walked backward for TRIAL_SESSION_MINUTES or more.
    sessions: int
    full_sessions: int


def _full_length(session: SessionRecord) -> bool:
    """Walked backward for the trial's 10 minutes, to the nearest minute."""
    return round(session.seconds_by_kind["backward"] / 60) >= TRIAL_SESSION_MINUTES


def _measure(ordered: Sequence[CheckinRecord], field: str, tz: tzinfo | None) -> Measure | None:
    taken = [(local_day(c.taken_at, tz), getattr(c, field)) for c in ordered]
    taken = [(day, value) for day, value in taken if value is not None]
    if not taken:
        return None
    (first_day, first), (last_day, last) = taken[0], taken[-1]
    if len(taken) == 1:
        return Measure(first_day, first, None, None)
    return Measure(first_day, first, last_day, last)


def program(
    checkins: Sequence[CheckinRecord],
    sessions: Sequence[SessionRecord],
    *,
    today: date,
    tz: tzinfo | None = None,
) -> Program:
    """The check-ins and the sessions of the program, for `program_lines` and the screens."""
    # One dated after today (`in_future`) is no baseline and no latest.
    ordered = sorted(taken_until_today(checkins, today, tz), key=lambda c: (c.taken_at, c.id))
    baseline = ordered[0] if ordered else None
    if baseline is not None:
        start = local_day(baseline.taken_at, tz)
    else:
        start = week_start(today) - timedelta(weeks=PROGRAM_WEEKS - 1)
    end = min(today, start + timedelta(weeks=TRIAL_WEEKS, days=-1))
    done = [
        s for s in sessions if counts_as_session(s) and start <= local_day(s.started_at, tz) <= end
    ]
    return Program(
        baseline=baseline,
        latest=ordered[-1] if len(ordered) > 1 else None,
        pain=_measure(ordered, "pain_week", tz),
        tug=_measure(ordered, "tug_seconds", tz),
        tug_trend=tuple(
            TugPoint(local_day(c.taken_at, tz), c.id, c.tug_seconds)
            for c in ordered
            if c.tug_seconds is not None
        ),
        start=start,
        sessions=len(done),
        full_sessions=sum(1 for s in done if _full_length(s)),
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _measure_words(
    measure: Measure,
    baseline_day: date,
    shown: Callable[[float], str],
    amount: Callable[[float], str],
    lower: str,
    higher: str,
) -> str:
    """`6 at baseline (19 Oct 2026); 4 on 30 Nov 2026: 2 points lower`."""
    if measure.first_day == baseline_day:
        words = f"{shown(measure.first)} at baseline ({_day(measure.first_day)})"
    else:
        words = f"{shown(measure.first)} on {_day(measure.first_day)}"
    change = measure.change
    if measure.last is None or measure.last_day is None or change is None:
        return words
    words += f"; {shown(measure.last)} on {_day(measure.last_day)}"
    if change == 0:
        return words + ": the same"
    return f"{words}: {amount(abs(change))} {lower if change < 0 else higher}"


def _pain_points(value: float) -> str:
    return f"{value:g} point{'' if value == 1 else 's'}"


def program_lines(found: Program) -> list[tuple[str, str]]:
    """The comparison as (label, words) rows: the stats screen and the report show these.

    The trial's figures are quoted as published; the walker's are set beside
    them, never extrapolated from them. Days are those `program` was given.
    """
    trial = (
        f"After {TRIAL_WEEKS} weeks, pain fell by {-TRIAL_PAIN_CHANGE:.1f} points on average "
        f"in the retro walking group against {-CONTROL_PAIN_CHANGE:.1f} in the control group; "
        f"the Timed Up and Go improved more too ({TRIAL})."
    )
    rows: list[tuple[str, str]] = []
    if found.baseline is None:
        rows.append(("Check-ins", "None yet: a check-in at the start gives a baseline."))
    else:
        pain, tug = "not rated", "not timed"
        if found.pain is not None:
            pain = _measure_words(
                found.pain, found.start, "{:g}".format, _pain_points, "lower", "higher"
            )
        if found.tug is not None:
            tug = _measure_words(found.tug, found.start, tug_text, tug_text, "faster", "slower")
            tug += " (lower is better)"
        rows.append(("Weekly knee pain (0-10)", pain))
        rows.append(("Timed Up and Go", tug))
    rows.append(("The trial", trial))
    rows.append(
        (
            "Sessions",
            f"{found.sessions} of the trial's {TRIAL_SESSIONS} in {TRIAL_WEEKS} weeks from "
            f"{_day(found.start)}; {found.full_sessions} of them with "
            f"{TRIAL_SESSION_MINUTES} minutes or more of backward walking",
        )
    )
    rows.append(
        ("", "These figures compare your weeks with the trial's groups; they do not predict.")
    )
    return rows
