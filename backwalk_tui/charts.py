"""Text charts of the stats, drawn with block characters.

Plain strings, so the stats screen and `backwalk stats` draw the same thing.
Every bar carries its number too: a chart never relies on colour or shape alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from backwalk_tui.stats import PainPoint, Stats, TugPoint, Week
from backwalk_tui.words import WALKED, duration_words, pain_change_words, plural, tug_text

EIGHTHS = " ▁▂▃▄▅▆▇█"
COLUMN = 5  # cells per week: "▆▆▆▆ "


def _bar_cell(value: float, top: float, row: int, height: int) -> str:
    """The block for one row of a bar (row 0 at the bottom)."""
    filled = value / top * height if top else 0
    part = filled - row
    if part >= 1:
        return EIGHTHS[8]
    if part <= 0:
        return " "
    return EIGHTHS[max(1, round(part * 8))]


def week_chart(weeks: Sequence[Week], *, height: int = 5, width: int | None = None) -> list[str]:
    """Backward minutes per week as bars, with the minutes on top.

    Below the bars: the Monday each week starts on (day, and the month where
    it changes), then the week's sessions, with ✓ where the goal was met.
    Within `width` cells, the newest weeks that fit: a wrapped line would
    break the columns apart.
    """
    if width is not None:
        weeks = list(weeks)[-max(1, width // COLUMN) :]
    minutes = [week.backward_seconds / 60 for week in weeks]
    top = max(minutes, default=0)

    def cell(text: str) -> str:
        return text.rjust(COLUMN - 1) + " "

    lines = ["".join(cell(_minutes_label(m)) for m in minutes)]
    for row in range(height - 1, -1, -1):
        lines.append("".join(cell(_bar_cell(m, top, row, height) * (COLUMN - 1)) for m in minutes))
    lines.append("".join(cell(str(w.start.day)) for w in weeks))
    months = [
        w.start.strftime("%b") if n == 0 or w.start.month != weeks[n - 1].start.month else ""
        for n, w in enumerate(weeks)
    ]
    lines.append("".join(cell(month) for month in months))
    lines.append("".join(cell(f"{w.sessions}{'✓' if w.met_goal else ' '}") for w in weeks))
    return [line.rstrip() for line in lines]


def _minutes_label(minutes: float) -> str:
    if not minutes:
        return ""
    return "<1" if minutes < 0.5 else str(round(minutes))


#: One row per rating, 10 at the top: each mark sits on the row of its own figure.
PAIN_ROWS = tuple(range(10, -1, -1))


def pain_shown(points: Sequence[PainPoint], width: int = 60) -> list[PainPoint]:
    """The latest points `pain_chart` has room for in `width` cells."""
    return list(points)[-max(1, (width - 4) // 2) :]


def pain_chart(points: Sequence[PainPoint], *, width: int = 60) -> list[str]:
    """Pain before (○) and after (●) for the latest sessions that fit, oldest left.

    A row for each rating from 10 down to 0, labelled with it; ◉ marks
    before and after the same.
    """
    shown = pain_shown(points, width)
    lines = []
    for level in PAIN_ROWS:
        cells = []
        for point in shown:
            before = point.before == level
            after = point.after == level
            cells.append("◉" if before and after else "●" if after else "○" if before else "·")
        lines.append(f"{level:>2} │ " + " ".join(cells))
    return lines


def headline(stats: Stats) -> list[tuple[str, str]]:
    """The headline figures as (label, value) rows."""
    change = stats.average_pain_change
    pain = "not rated yet" if change is None else pain_change_words(change)
    return [
        ("Sessions", str(stats.sessions)),
        (WALKED, duration_words(stats.walked_seconds)),
        ("Walked backward", duration_words(stats.backward_seconds)),
        ("This week", f"{plural(stats.this_week, 'session')} (goal {stats.weekly_goal})"),
        (
            "Weeks at goal",
            f"{plural(stats.week_streak, 'week')} in a row (best {stats.longest_week_streak})",
        ),
        ("Days in a row", f"{stats.day_streak} (best {stats.longest_day_streak})"),
        (
            "6-week program",
            f"{stats.program_sessions} of {stats.program_target} sessions in the last 6 weeks",
        ),
        ("Knee pain", pain),
    ]


def tug_chart(points: Sequence[TugPoint], *, width: int = 40) -> list[str]:
    """The Timed Up and Go of each check-in, oldest first: a bar and its time per line.

    `19 Oct  12.3 s  ████████████`: bars from 0 s, the longest time filling
    `width` cells, in eighths; lower is better.
    """
    most = max((p.seconds for p in points), default=0)
    lines = []
    for point in points:
        eighths = round(point.seconds / most * width * 8) if most else 0
        full, part = divmod(eighths, 8)
        bar = EIGHTHS[8] * full + (EIGHTHS[part] if part else "")
        lines.append(f"{point.day:%d %b}  {tug_text(point.seconds):>7}  {bar}".rstrip())
    return lines
