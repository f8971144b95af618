"""What backwalk says back about pain and stumbles: pure rules, the screens only show them.

Every answer is a `Notice` (kind, title, text). None of them ever blocks:
starting, going on and moving up stay the walker's choice. The kinds a
session showed are kept with it (the summary's as its answers finally stand,
`History.keep_notices`), so the stats screen and the report can mark those
sessions (`marker_text`).

The rules:
- At the safety check, pain now of PAIN_HIGH (7) or more: "pain_now", a calm
  word to consider a shorter, fully supported session or rest today.
- On the summary, pain after of PAIN_HIGH or more, or PAIN_RISE (2) points or
  more above pain before: "pain_alert", stop for today, and ask a
  physiotherapist or doctor before the next session if it does not settle.
  Two points on a 0-10 scale is about the smallest change people with
  chronic pain rate as meaningful (Farrar et al., Pain 2001;94:149-158).
- On the summary, a stumble or loss of balance: "stumble", keep more support
  and stay at this stage or step back one (the stage rule, `stats.suggest_stage`,
  says step back after two at the stage in `stats.STUMBLE_DAYS` days).
- At the safety check of a staged preset: "stumble_reminder", the day of the
  last stumble at that stage, when it was in the last `stats.STUMBLE_DAYS`
  days (today and the 13 days before): the stage rule's own stumbles
  (`stats.recent_stumbles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from backwalk_tui.records import SessionRecord
from backwalk_tui.stats import Suggestion, local_day, recent_stumbles

#: Pain of this or more (0-10) is high: a notice before and after a session.
PAIN_HIGH = 7
#: A rise of this many points from before to after a session is one people notice.
PAIN_RISE = 2


@dataclass(frozen=True)
class Notice:
    #: "pain_now", "pain_alert", "stumble" or "stumble_reminder".
    kind: str
    title: str
    text: str


#: The words marking a past session by the notices it showed (a reminder marks nothing).
MARKERS = {"pain_now": "high pain before", "pain_alert": "pain alert", "stumble": "stumble"}


def marker_text(kinds: Iterable[str]) -> str:
    """`pain alert · stumble`: a session's notices as a marker; empty without any."""
    return " · ".join(MARKERS[kind] for kind in kinds if kind in MARKERS)


def safety_notice(pain_now: int | None) -> Notice | None:
    """At the safety check: pain now of PAIN_HIGH or more asks for a gentler day."""
    if pain_now is None or pain_now < PAIN_HIGH:
        return None
    return Notice(
        "pain_now",
        f"Your knee pain is {pain_now} out of 10 today",
        "Consider a shorter session with full support, or rest today. "
        "Stop if the pain sharpens. Whether to start is your choice.",
    )


def pain_alert(pain_before: int | None, pain_after: int | None) -> Notice | None:
    """On the summary: pain after high, or risen by PAIN_RISE points or more."""
    if pain_after is None:
        return None
    rise = None if pain_before is None else pain_after - pain_before
    if rise is not None and rise >= PAIN_RISE:
        reason = f"Your knee pain went from {pain_before} to {pain_after} out of 10."
    elif pain_after >= PAIN_HIGH:
        reason = f"Your knee pain is {pain_after} out of 10 after this session."
    else:
        return None
    return Notice(
        "pain_alert",
        "Stop for today",
        f"{reason} Rest for the rest of the day. If it does not settle, ask your "
        "physiotherapist or doctor before your next session.",
    )


def stumble_notice(
    stumbles: int | None, stage: int | None = None, suggestion: Suggestion | None = None
) -> Notice | None:
    """On the summary, after a stumble: more support, and stay or step back a stage.

    `suggestion` is the stage rule's answer with this session counted
    (`stats.suggest_stage`); when it says step back, the notice says so too.
    """
    if not stumbles:
        return None
    if suggestion is not None and suggestion.action == "back":
        stages = suggestion.reason
    elif stage is not None and stage > 1:
        stages = (
            f"Stay at stage {stage}, or step back to stage {stage - 1}, until it goes smoothly."
        )
    elif stage == 1:
        stages = "Stay at stage 1, with as much support as you need, until it goes smoothly."
    else:  # a preset of no stage: the advice is about the walk itself
        stages = "Walk it more slowly, or pick an easier stage, until it goes smoothly."
    return Notice(
        "stumble",
        "A stumble: keep more support",
        "Next time, keep more support within reach: a hand on the counter or the wall, "
        "or someone close by. " + stages,
    )


#: The kinds of the summary's notices: they come and go with its answers.
SUMMARY_KINDS = ("pain_alert", "stumble")


def summary_notices(
    pain_before: int | None,
    pain_after: int | None,
    stumbles: int | None,
    *,
    stage: int | None = None,
    suggestion: Suggestion | None = None,
) -> list[Notice]:
    """Every notice for the summary of a session, the most pressing first."""
    notices = [pain_alert(pain_before, pain_after), stumble_notice(stumbles, stage, suggestion)]
    return [notice for notice in notices if notice is not None]


def last_stumble(
    sessions: Sequence[SessionRecord], stage: int, today: date, tz: tzinfo | None = None
) -> date | None:
    """The local day of the last stumble at `stage` within STUMBLE_DAYS days, or None."""
    stumbled = recent_stumbles(sessions, stage, today, tz)
    return local_day(stumbled[-1].started_at, tz) if stumbled else None


def stumble_reminder(
    sessions: Sequence[SessionRecord], stage: int | None, today: date, tz: tzinfo | None = None
) -> Notice | None:
    """At the safety check of a preset at `stage`: the last recent stumble there, by its day."""
    if stage is None:
        return None
    day = last_stumble(sessions, stage, today, tz)
    if day is None:
        return None
    return Notice(
        "stumble_reminder",
        f"Last stumble at stage {stage}: {day_words(day, today)}",
        "Keep more support within reach today, and go slowly.",
    )


def day_words(day: date, today: date) -> str:
    """`today`, `yesterday, Wednesday 2 December`, `Monday 23 November`."""
    named = f"{day:%A} {day.day} {day:%B}"
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return f"yesterday, {named}"
    return named
