"""What the history holds: its records and the rules they carry, apart from the store.

stats, advice, words and the report read records; only `history.py` reads
and writes them in SQLite. A rule about a record (skipped through, a time
kept, a note cleaned) lives here once, beside the record.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeGuard, get_args

from backwalk_tui.kinds import KINDS

SessionStatus = Literal["in_progress", "completed", "ended_early", "interrupted"]
StepStatus = Literal["completed", "skipped", "interrupted"]
SESSION_STATUSES: tuple[SessionStatus, ...] = get_args(SessionStatus)
STEP_STATUSES: tuple[StepStatus, ...] = get_args(StepStatus)


class HistoryError(Exception):
    """The history cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class SegmentRecord:
    seq: int
    index: int
    round: int | None
    kind: str
    planned_seconds: float | None
    target_steps: int | None
    active_seconds: float
    status: StepStatus

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "round": self.round,
            "kind": self.kind,
            "planned_seconds": self.planned_seconds,
            "target_steps": self.target_steps,
            "active_seconds": round(self.active_seconds, 3),
            "status": self.status,
        }


#: A completed session that walked less than this share of its plan was skipped through.
SKIPPED_THROUGH_SHARE = 0.5


def is_skipped_through(status: str | None, planned_seconds: float | None, active: float) -> bool:
    """Completed, but by skipping: it walked under half of its planned time.

    The one rule, for a stored session (`SessionRecord.skipped_through`) and
    for one just finished (`Engine.skipped_through`, the summary's title):
    listed as such everywhere, never praised, never practice towards the next
    stage.
    """
    return (
        status == "completed"
        and bool(planned_seconds)
        and active < SKIPPED_THROUGH_SHARE * (planned_seconds or 0)
    )


@dataclass(frozen=True)
class SessionRecord:
    id: int
    started_at: datetime
    ended_at: datetime | None
    preset: str
    stage: int | None
    status: SessionStatus
    planned_seconds: float | None
    active_seconds: float
    pain_before: int | None
    pain_after: int | None
    stumbles: int | None
    notes: str
    preset_toml: str = field(repr=False)
    segments: tuple[SegmentRecord, ...] = ()
    #: Seconds walked per kind, summed by the database when the steps
    #: themselves were not loaded (`History.sessions(steps=False)`).
    kind_totals: dict[str, float] | None = field(default=None, repr=False)
    #: Seconds the computer was asleep during the session (it paused itself).
    asleep_seconds: float = 0.0
    #: The kinds of the notices shown with the session, in the order shown
    #: (`advice.Notice.kind`: "pain_now", "pain_alert", "stumble").
    notices: tuple[str, ...] = ()

    @property
    def skipped_through(self) -> bool:
        """`is_skipped_through`: listed as such by `status_word`, `history --json`, the report."""
        return is_skipped_through(self.status, self.planned_seconds, self.active_seconds)

    @property
    def seconds_by_kind(self) -> dict[str, float]:
        totals = dict.fromkeys(KINDS, 0.0)
        if self.kind_totals is not None:
            return totals | self.kind_totals
        for segment in self.segments:
            totals[segment.kind] = totals.get(segment.kind, 0.0) + segment.active_seconds
        return totals

    def to_json(self) -> dict:
        """The shape DESIGN.md promises to scripts (`backwalk history --json`)."""
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "ended_at": self.ended_at.isoformat(timespec="seconds") if self.ended_at else None,
            "preset": self.preset,
            "status": self.status,
            "planned_seconds": self.planned_seconds,
            "active_seconds": round(self.active_seconds, 3),
            "seconds_by_kind": {k: round(v, 3) for k, v in self.seconds_by_kind.items()},
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "stumbles": self.stumbles,
            "notes": self.notes,
            # Added later: after the first fields, so CSV columns keep their places.
            "skipped_through": self.skipped_through,
            "asleep_seconds": round(self.asleep_seconds, 3),
            "segments": [s.to_json() for s in self.segments],
            "notices": list(self.notices),
        }


#: A Timed Up and Go is kept to a tenth of a second, as a stopwatch reads it.
TUG_DECIMALS = 1
#: It takes seconds to minutes: an hour or more is a clock left running, or a slip of the keys.
TUG_MAX_SECONDS = 3600
#: A note, on a session or a check-in, is kept to this many characters.
NOTE_MAX_CHARS = 500
#: Control characters and line breaks: an escape in a note would drive the terminal showing it.
_CONTROL = {"Cc", "Zl", "Zp"}


def tug_kept(seconds: float) -> float | None:
    """A Timed Up and Go as kept, to 0.1 s; None when that is not one (0, or an hour or more).

    The one rule for a time, wherever it comes from: the stopwatch, a time
    typed, the store. It is checked once rounded, as kept: 0.04 s is 0.0.
    """
    kept = round(float(seconds), TUG_DECIMALS)
    return kept if 0 < kept < TUG_MAX_SECONDS else None


def without_controls(text: str, *, keep: str = "") -> str:
    """`text` with no control characters but those in `keep`: other spacing becomes a space."""

    def kept(char: str) -> str:
        if char in keep or unicodedata.category(char) not in _CONTROL:
            return char
        return " " if char.isspace() else ""

    return "".join(kept(char) for char in text)


def clean_note(text: str) -> str:
    """A note as kept: no control characters, trimmed, at most NOTE_MAX_CHARS long.

    Its line ends stay (a script may write a note of lines); the app's box is one line.
    """
    return without_controls(text, keep="\n").strip()[:NOTE_MAX_CHARS].strip()


@dataclass(frozen=True)
class CheckinRecord:
    """A check-in: the trial's measures on one day, either of them may be left out."""

    id: int
    taken_at: datetime
    #: Timed Up and Go, seconds (0.1 s); None when not timed this time.
    tug_seconds: float | None
    #: Average knee pain over the last week, 0-10 (NRS); None when not rated.
    pain_week: int | None
    notes: str = ""

    def to_json(self) -> dict:
        """The shape DESIGN.md promises to scripts (`backwalk checkins --json`)."""
        return {
            "id": self.id,
            "taken_at": self.taken_at.isoformat(timespec="seconds"),
            "tug_seconds": self.tug_seconds,
            "pain_week": self.pain_week,
            "notes": self.notes,
        }


def is_number(value: object) -> TypeGuard[float]:
    """An int or a float, and not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_whole(value: object) -> TypeGuard[int]:
    """An int, and not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def checked_checkin(
    tug_seconds: object, pain_week: object, notes: object
) -> tuple[float | None, int | None, str]:
    """Refuse values the database must never hold; a check-in's None means "not taken".

    A check-in holds at least one of its measures: without either, it would be
    a baseline that compares nothing. Returns the three, known good.
    """
    if tug_seconds is None and pain_week is None:
        raise ValueError("a check-in needs a Timed Up and Go time or a pain rating")
    if tug_seconds is not None and (not is_number(tug_seconds) or tug_kept(tug_seconds) is None):
        raise ValueError("tug_seconds must be a number of seconds above 0 and under an hour")
    if pain_week is not None and (not is_whole(pain_week) or not 0 <= pain_week <= 10):
        raise ValueError("pain_week must be a whole number from 0 to 10")
    if not isinstance(notes, str):
        raise ValueError("notes must be text")
    return tug_seconds, pain_week, notes
