"""How steps and times are written, on screen and on the command line."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from backwalk_tui.days import in_future, local_time
from backwalk_tui.kinds import KINDS, LISTED
from backwalk_tui.plan import Step
from backwalk_tui.records import TUG_DECIMALS

if TYPE_CHECKING:
    from backwalk_tui.engine import Engine
    from backwalk_tui.records import SessionRecord
    from backwalk_tui.stats import Suggestion
from backwalk_tui.presets import format_seconds

#: The name of a session's time walked (`stats.walked_seconds`: rest left out),
#: the same on every screen, table and page.
WALKED = "Walked"


def direction_text(step: Step) -> str:
    """`BACKWARD ↓`: the word (or the segment's label) with its arrow."""
    kind = KINDS[step.kind]
    return f"{(step.label or kind.word).upper()} {kind.arrow}"


def plan_direction(step: Step) -> str:
    """`↓ backward`, `↔ Step left`: a step's direction as a plan lists it."""
    return f"{KINDS[step.kind].arrow} {step.label or step.kind}"


def clock_text(seconds: float) -> str:
    """`4:05`, `1:02:03`: a duration the way a clock shows it."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def walked_parts(seconds_by_kind: Mapping[str, float]) -> list[tuple[str, str]]:
    """("Walked", "0:26"), then each kind with time in it ("Backward", "0:08"), ...

    Each part is rounded to a whole second first and the whole is summed from
    the rounded parts, so the figures shown always add up. Rest is listed,
    but resting is not walking: "Walked" leaves it out, wherever it is shown.
    """
    whole = {KINDS[name]: round(seconds_by_kind.get(name, 0.0)) for name in LISTED}
    walked = sum(seconds for kind, seconds in whole.items() if kind.walked)
    rows = [(WALKED, clock_text(walked))]
    rows += [(kind.word, clock_text(seconds)) for kind, seconds in whole.items() if seconds]
    return rows


def step_length(step: Step) -> str:
    """`12 steps (Space when done)`, `12 steps in 18s`, `2m`."""
    if step.planned_seconds is None:
        return f"{step.target_steps} steps (Space when done)"
    if step.target_steps:
        return f"{step.target_steps} steps in {format_seconds(step.planned_seconds)}"
    return format_seconds(step.planned_seconds)


def step_amount(step: Step) -> str:
    """`BACKWARD ↓  12 steps in 18s`: a step in one line."""
    return f"{direction_text(step)}  {step_length(step)}"


def duration_words(seconds: float) -> str:
    """`45 s`, `2 min 30 s`, `12 min`, `3 h 05 min`: walking time, for people."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    if total < 600:
        minutes, secs = divmod(total, 60)
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    minutes = round(total / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


STATUS_WORDS = {
    "completed": "completed",
    "ended_early": "ended early",
    "interrupted": "interrupted",
    "in_progress": "in progress",
}


#: How a session just finished ended, as the summary's title says it.
ENDING_TITLES = {
    "completed": "Session complete. Well done!",
    "ended_early": "Session ended early",
    "interrupted": "Session interrupted",
}
#: A completed session skipped through (`records.is_skipped_through`) is not praised.
SKIPPED_THROUGH_TITLE = "Session skipped through"


#: The heading of the walker's 6 weeks set beside the trial's: `backwalk stats`,
#: the stats screen and the report.
PROGRAM_HEADING = "The 6-week program beside the trial"


def suggestion_heading(suggestion: Suggestion) -> str:
    """The heading of the stage suggestion: `backwalk stats` and the stats screen."""
    if suggestion.action == "next":
        return f"Ready for stage {suggestion.to_stage}?"
    if suggestion.action == "back":
        return f"Step back to stage {suggestion.to_stage}"
    if suggestion.action == "start":
        return "Where to start"
    return f"Stay at stage {suggestion.stage}"


def ending_title(engine: Engine) -> str:
    """The summary's title; the session's finishing tune is for `ENDING_TITLES["completed"]`."""
    if engine.skipped_through:
        return SKIPPED_THROUGH_TITLE
    return ENDING_TITLES.get(engine.status or "", "Session over")


def status_word(session: SessionRecord) -> str:
    """How a past session ended, in words; one completed by skipping says so."""
    if session.skipped_through:
        return "skipped through"
    # A status another program wrote is shown as written, never hidden.
    return STATUS_WORDS.get(session.status, session.status)


def tug_text(seconds: float | None) -> str:
    """`12.3 s`: a Timed Up and Go, or a change in one, to the tenth it is kept to; "" for none."""
    return "" if seconds is None else f"{seconds:.{TUG_DECIMALS}f} s"


def pain_change_words(change: float) -> str:
    """The average change in knee pain from before to after a session, in plain words.

    The one wording of it: `backwalk stats`, the stats screen and the report.
    """
    if round(change, 1) == 0:
        return "the same after a session as before, on average"
    more_or_less = "less" if change < 0 else "more"
    shown = f"{abs(change):.1f}"
    points = "point" if shown == "1.0" else "points"  # by the number as shown
    return f"{shown} {points} {more_or_less} after a session than before, on average"


def pain_text(before: int | None, after: int | None) -> str:
    """`4 → 2`, `– → 3`, or nothing when neither was rated."""
    if before is None and after is None:
        return ""
    return " → ".join("–" if value is None else str(value) for value in (before, after))


def stumble_text(stumbles: int | None) -> str:
    return "" if stumbles is None else ("yes" if stumbles else "no")


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


#: Characters shown as a code (`\u001b`), never sent as they are: control
#: characters (an escape would drive the terminal), format characters (a
#: right-to-left override turns the text around) and line or paragraph breaks.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}
#: Format characters that are part of how text is written: emoji sequences and
#: scripts that join or part letters with them.
_WRITING = {"\u200c", "\u200d"}
_NAMED = {"\n": r"\n", "\t": r"\t", "\r": r"\r"}


def visible(text: str, *, keep: str = "") -> str:
    """User text as a terminal may be given it: every control character shown
    as a code (`\u001b`, `\n`), as problems in files are, except those in `keep`.

    The one way stored text reaches a screen, the app's or the command line's:
    it is shown as it was written, but a raw escape in a note or a name (kept
    by an older backwalk, or another program) would drive the terminal, and a
    newline break a table row. JSON escapes them itself; CSV keeps them, as data.
    """
    if text.isprintable():  # nearly always: no need to look closer
        return text

    def shown(char: str) -> str:
        if char in keep or char in _WRITING or unicodedata.category(char) not in _HIDDEN:
            return char
        if char in _NAMED:
            return _NAMED[char]
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"

    return "".join(map(shown, text))


def clip(text: str, width: int) -> str:
    """`text` on one line in at most `width` cells, ending in … where it was cut.

    Line breaks and tabs are spaces; other control characters are shown as codes.
    """
    text = visible(" ".join(text.split()))
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += cell_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def date_text(moment: datetime, this_year: int, *, weekday: bool = True) -> str:
    """`Tue 24 Nov 07:05` in `this_year`; `Mon 24 Nov 2025` in another, without the time.

    Without the weekday (`24 Nov 07:05`) where a table must fit 80 columns."""
    day = "%a %d %b" if weekday else "%d %b"
    if moment.year == this_year:
        return f"{moment:{day} %H:%M}"
    return f"{moment:{day} %Y}"


def when_text(
    moment: datetime, today: date, tz: tzinfo | None = None, *, weekday: bool = True
) -> str:
    """`date_text` on the walker's clock; `future 01 Jan 2099` after `today` (`in_future`)."""
    local = local_time(moment, tz)
    if in_future(moment, today, tz):
        return f"{FUTURE} {local:%d %b %Y}"
    return date_text(local, today.year, weekday=weekday)


#: How a session dated after today is marked (`days.in_future`).
FUTURE = "future"

#: Short enough for the stats screen's table to show Date to Pain at 80 columns.
SESSION_COLUMNS = ("Date", "Preset", "Status", WALKED, "Backward", "Pain", "Stumble", "Note")


def session_cells(
    session: SessionRecord,
    tz: tzinfo | None = None,
    *,
    today: date | None = None,
    weekday: bool = True,
) -> tuple[str, ...]:
    """One past session as the cells of a table row, under SESSION_COLUMNS.

    Walked leaves rest out (`stats.walked_seconds`); the year shows for a
    session from another year than `today`'s (by default today), and a
    session after `today` is marked as in the future.
    """
    from backwalk_tui.stats import walked_seconds  # loaded with the history the session is from

    return (
        when_text(session.started_at, today or datetime.now(tz).date(), tz, weekday=weekday),
        session.preset,
        status_word(session),
        clock_text(walked_seconds(session)),
        clock_text(session.seconds_by_kind["backward"]),
        pain_text(session.pain_before, session.pain_after),
        stumble_text(session.stumbles),
        session.notes,
    )
