"""`backwalk report`: one self-contained HTML page to print or send to a physiotherapist.

No network resources of any kind: the styles are inline and the charts are
inline SVG, each bar and dot with its number as text too, so the page also
reads printed in black and white. Every string is shown with its control
characters as codes (a raw escape in a note would drive a terminal that
`report -o -` writes to), then HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from backwalk_tui.advice import marker_text
from backwalk_tui.days import in_future
from backwalk_tui.files import write_file
from backwalk_tui.records import CheckinRecord, SessionRecord
from backwalk_tui.safety import DISCLAIMER
from backwalk_tui.stats import (
    CHART_WEEKS,
    Stats,
    Suggestion,
    TugPoint,
    Week,
    compute,
    counted,
    local_day,
    program,
    program_lines,
    week_start,
)
from backwalk_tui.words import (
    FUTURE,
    PROGRAM_HEADING,
    SESSION_COLUMNS,
    WALKED,
    duration_words,
    pain_change_words,
    pain_text,
    plural,
    session_cells,
    tug_text,
    visible,
)

STYLE = """
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2329;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #1d2329; }
.period { color: #555; margin-top: .2rem; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.5rem; }
dl.figures dt { font-weight: 600; }
dl.figures dd { margin: 0; }
.suggestion { border: 2px solid #1d2329; border-radius: .4rem; padding: .6rem 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ccc; }
td.num, th.num { text-align: right; }
td.nowrap { white-space: nowrap; }
svg { width: 100%; height: auto; break-inside: avoid; }
svg text { font: 11px system-ui, sans-serif; fill: #1d2329; }
.bar { fill: #4a6fa5; } .goal { stroke: #1d2329; stroke-dasharray: 4 3; }
.before { fill: #fff; stroke: #1d2329; stroke-width: 1.5; } .after { fill: #1d2329; }
.tug { fill: none; stroke: #1d2329; stroke-width: 1.5; } .tug-point { fill: #1d2329; }
td.marker { font-weight: 600; }
.trial { font-size: .9rem; }
footer { margin-top: 2.5rem; font-size: .85rem; color: #444; border-top: 1px solid #999; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .bar { fill: #777; } h2 { break-after: avoid; } tr { break-inside: avoid; }
  @page { size: A4; margin: 15mm; }
}
"""


def _e(value: object) -> str:
    return html.escape(visible(str(value)), quote=True)


#: Weeks in one row of the weekly chart: a quarter, each bar wide enough for its labels.
ROW_WEEKS = 13
#: The longest period a report covers: a year, four rows of the chart.
MAX_WEEKS = 52


def _week_rows(weeks: Sequence[Week]) -> list[Sequence[Week]]:
    """The weeks in rows of equal length, at most ROW_WEEKS each (the last may be shorter)."""
    rows = -(-len(weeks) // ROW_WEEKS)
    size = -(-len(weeks) // rows) if rows else 0
    return [weeks[n : n + size] for n in range(0, len(weeks), size or 1)]


def _week_charts(weeks: Sequence[Week], goal: int) -> str:
    """One chart per row of weeks, all on one scale and with bars in the same places."""
    rows = _week_rows(weeks)
    top_minutes = max((w.backward_seconds / 60 for w in weeks), default=0) or 1
    slots = max((len(row) for row in rows), default=1)
    return "".join(_week_svg(row, goal, top_minutes, slots) for row in rows)


def _week_svg(weeks: Sequence[Week], goal: int, top_minutes: float, slots: int) -> str:
    width, height, left, bottom = 640, 220, 30, 50
    slot = (width - left) / slots
    scale = (height - bottom - 20) / top_minutes
    span = f"{weeks[0].start:%d %b %Y} to {weeks[-1].start:%d %b %Y}" if weeks else ""
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Minutes walked backward per week, weeks of {span}">']  # fmt: skip
    for n, week in enumerate(weeks):
        minutes = week.backward_seconds / 60
        x = left + n * slot + slot * 0.15
        bar = minutes * scale
        y = height - bottom - bar
        met = " (goal met)" if week.met_goal else ""
        sessions = plural(week.sessions, "session")
        label = f"Week of {week.start:%d %b}: {minutes:.0f} min backward, {sessions}"
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar:.1f}"><title>{_e(label + met)}</title></rect>'
        )
        middle = x + slot * 0.35
        if minutes:
            parts.append(f'<text x="{middle:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
                         f"{minutes:.0f}</text>")  # fmt: skip
        parts.append(f'<text x="{middle:.1f}" y="{height - bottom + 15}" text-anchor="middle">'
                     f"{week.start:%d %b}</text>")  # fmt: skip
        tick = "✓" if week.met_goal else ""
        parts.append(f'<text x="{middle:.1f}" y="{height - bottom + 32}" text-anchor="middle">'
                     f"{week.sessions}/{goal} {tick}</text>")  # fmt: skip
    parts.append(f'<text x="0" y="{height - bottom + 32}">sessions</text></svg>')
    return "".join(parts)


def _pain_svg(sessions: Sequence[SessionRecord], tz: tzinfo | None) -> str:
    rated = [s for s in sessions if s.pain_before is not None or s.pain_after is not None]
    width, height, left, top, bottom = 640, 200, 30, 10, 30
    step = (width - left - 20) / max(1, len(rated) - 1)
    y_of = lambda pain: top + (10 - pain) * (height - top - bottom) / 10  # noqa: E731
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" '
             'aria-label="Knee pain before and after each session">']  # fmt: skip
    # A labelled line for every rating, so a dot printed without its title reads exactly.
    for pain in range(11):
        grey = "#bbb" if pain % 5 == 0 else "#e4e4e4"
        parts.append(f'<text x="0" y="{y_of(pain) + 4:.1f}">{pain}</text>'
                     f'<line x1="{left}" x2="{width}" y1="{y_of(pain):.1f}" y2="{y_of(pain):.1f}" '
                     f'stroke="{grey}"/>')  # fmt: skip
    for n, session in enumerate(rated):
        x = left + 10 + n * step
        day = local_day(session.started_at, tz)
        title = _e(f"{day:%d %b}: pain {pain_text(session.pain_before, session.pain_after)}")
        if session.pain_before is not None:
            parts.append(f'<circle class="before" cx="{x:.1f}" cy="{y_of(session.pain_before):.1f}"'
                         f' r="5"><title>{title}</title></circle>')  # fmt: skip
        if session.pain_after is not None:
            parts.append(f'<circle class="after" cx="{x:.1f}" cy="{y_of(session.pain_after):.1f}"'
                         f' r="3.5"><title>{title}</title></circle>')  # fmt: skip
    if rated:
        first, last = (local_day(s.started_at, tz) for s in (rated[0], rated[-1]))
        parts.append(f'<text x="{left}" y="{height - 8}">{first:%d %b %Y}</text>')
        parts.append(f'<text x="{width}" y="{height - 8}" text-anchor="end">{last:%d %b %Y}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _weeks(
    period: Sequence[SessionRecord], first_day: date, today: date, goal: int, tz: tzinfo | None
) -> list[Week]:
    """Every week from the one of `first_day` to this one, oldest first.

    `compute` gives the CHART_WEEKS weeks up to the day it is told is today;
    a longer period is put together from such windows, so that every week is
    counted by the stats screen's own rule.
    """
    found: dict[date, Week] = {}
    end = today
    while week_start(end) >= first_day:
        for week in compute(period, weekly_goal=goal, today=end, tz=tz).weeks:
            if week.start >= first_day:
                found[week.start] = week
        end -= timedelta(weeks=CHART_WEEKS)
    return [found[start] for start in sorted(found)]


def render_report(
    sessions: Sequence[SessionRecord],
    *,
    weeks: int,
    weekly_goal: int,
    checkins: Sequence[CheckinRecord] = (),
    today: date | None = None,
    tz: tzinfo | None = None,
    generated_at: datetime | None = None,
) -> str:
    """The whole page for the last `weeks` weeks (1 to MAX_WEEKS), this one included.

    The figures and the chart cover the same weeks: a week is charted for
    every week that "N of M weeks met the goal" counts. The check-ins and the
    comparison with the trial cover the whole program, from the baseline.
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"a report covers 1 to {MAX_WEEKS} weeks, not {weeks}")
    generated_at = generated_at or datetime.now(tz).astimezone(tz)
    today = today or generated_at.date()
    first_day = week_start(today) - timedelta(weeks=weeks - 1)
    period = sorted(
        (s for s in counted(sessions) if first_day <= local_day(s.started_at, tz) <= today),
        key=lambda s: s.started_at,
    )
    in_period = compute(period, weekly_goal=weekly_goal, today=today, tz=tz)
    out = [_page_top(first_day, today, weeks, generated_at)]
    if not period:
        out.append('<p id="empty">No sessions were walked in this period.</p>')
    else:
        chart_weeks = _weeks(period, first_day, today, weekly_goal, tz)
        out.append(_figures(in_period, chart_weeks, weeks=weeks, weekly_goal=weekly_goal))
        overall = compute(sessions, weekly_goal=weekly_goal, today=today, tz=tz)
        out.append(_suggestion(overall.suggestion))
        out.append("<h2>Minutes walked backward per week</h2>")
        out.append(_week_charts(chart_weeks, weekly_goal))
        out.append(_pain_section(period, tz, charted=bool(in_period.pain)))
    if checkins or period:
        out.append(_program_section(checkins, sessions, today, tz))
    if period:
        out.append(_sessions_section(period, in_period, tz, today))
    out.append(f"<footer><p>{_e(DISCLAIMER)}</p></footer></body></html>")
    return "\n".join(out)


def _page_top(first_day: date, today: date, weeks: int, generated_at: datetime) -> str:
    """The page's head and title: the weeks it covers, and when it was made."""
    title = f"Backward walking: {first_day:%d %B %Y} to {today:%d %B %Y}"
    period_words = "This week" if weeks == 1 else f"The last {plural(weeks, 'week')}"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="period">{period_words} · made by backwalk on '
        f"{generated_at:%d %B %Y at %H:%M}</p>",
    ])  # fmt: skip


def _figures(in_period: Stats, chart_weeks: Sequence[Week], *, weeks: int, weekly_goal: int) -> str:
    """The period's figures, each with its `data-figure` key."""
    met = sum(1 for w in chart_weeks if w.met_goal)
    figures = [
        ("sessions", "Sessions", str(in_period.sessions)),
        ("time-walked", WALKED, duration_words(in_period.walked_seconds)),
        ("backward-minutes", "Minutes walked backward",
         f"{in_period.backward_seconds / 60:.0f}"),
        ("per-week", "Sessions a week (goal)",
         f"{in_period.sessions / weeks:.1f} ({weekly_goal})"),
        ("weeks-met", "Weeks that met the goal", f"{met} of {weeks}"),
        ("pain-change", "Knee pain",
         "not rated" if in_period.average_pain_change is None
         else pain_change_words(in_period.average_pain_change)),
    ]  # fmt: skip
    out = ['<dl class="figures">']
    for key, label, value in figures:
        out.append(f'<dt>{_e(label)}</dt><dd data-figure="{key}">{_e(value)}</dd>')
    out.append("</dl>")
    return "\n".join(out)


def _suggestion(suggestion: Suggestion) -> str:
    """The stage rule's advice, over the whole history."""
    stage = f"Current stage: {suggestion.stage}. " if suggestion.stage else ""
    return f'<p class="suggestion" id="suggestion">{_e(stage + suggestion.reason)}</p>'


def _pain_section(period: Sequence[SessionRecord], tz: tzinfo | None, *, charted: bool) -> str:
    """The pain chart of the period's sessions, or a line saying there is none to chart."""
    title = "<h2>Knee pain, 0-10: before ○ and after ● each session</h2>"
    if not charted:
        return f"{title}\n<p>No pain ratings in this period.</p>"
    return f"{title}\n{_pain_svg(period, tz)}"


def _sessions_section(
    period: Sequence[SessionRecord], in_period: Stats, tz: tzinfo | None, today: date
) -> str:
    """Every session of the period, newest first; those under a minute listed but not counted."""
    out = ["<h2>Sessions</h2>"]
    short = len(period) - in_period.sessions
    if short:
        out.append(f'<p id="short">{_e(_short_note(short))}</p>')
    out.append(_session_table(list(reversed(period)), tz, today))
    return "\n".join(out)


def _program_section(
    checkins: Sequence[CheckinRecord],
    sessions: Sequence[SessionRecord],
    today: date,
    tz: tzinfo | None,
) -> str:
    """The walker's check-ins and 6 weeks beside the trial's reported changes."""
    found = program(checkins, sessions, today=today, tz=tz)
    out = [f"<h2>{PROGRAM_HEADING}</h2>", '<dl class="figures" id="program">']
    for label, words in program_lines(found):
        css = ' class="trial"' if label in ("The trial", "") else ""
        out.append(f"<dt>{_e(label)}</dt><dd{css}>{_e(words)}</dd>")
    out.append("</dl>")
    if len(found.tug_trend) >= 2:
        out.append(_tug_svg(found.tug_trend))
    if checkins:
        ordered = sorted(checkins, key=lambda c: (c.taken_at, c.id), reverse=True)
        out.append(_checkin_table(ordered, tz, today))
    return "\n".join(out)


def _checkin_table(checkins: Sequence[CheckinRecord], tz: tzinfo | None, today: date) -> str:
    head = "".join(
        f"<th{align}>{_e(name)}</th>"
        for name, align in (
            ("Date", ""), ("Timed Up and Go", ' class="num"'),
            ("Week's knee pain (0-10)", ' class="num"'), ("Note", ""),
        )
    )  # fmt: skip
    rows = [f'<table id="checkins"><thead><tr>{head}</tr></thead><tbody>']
    for checkin in checkins:
        day = local_day(checkin.taken_at, tz)
        future = in_future(checkin.taken_at, today, tz)
        when = f"{FUTURE} {day:%d %b %Y}" if future else f"{day:%a %d %b %Y}"
        tug = tug_text(checkin.tug_seconds)
        pain = "" if checkin.pain_week is None else str(checkin.pain_week)
        rows.append(
            f'<tr><td class="nowrap">{_e(when)}</td><td class="num">{_e(tug)}</td>'
            f'<td class="num">{_e(pain)}</td><td>{_e(checkin.notes)}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _tug_svg(points: Sequence[TugPoint]) -> str:
    """The Timed Up and Go of every check-in, oldest left, each with its seconds as text."""
    width, height, left, top, bottom = 640, 160, 30, 20, 30
    most = max(p.seconds for p in points)
    step = (width - left - 40) / (len(points) - 1)
    y_of = lambda s: top + (1 - s / most) * (height - top - bottom)  # noqa: E731
    xy = [(left + 20 + n * step, y_of(p.seconds)) for n, p in enumerate(points)]
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" '
             'aria-label="Timed Up and Go at each check-in, seconds (lower is better)">',
             '<polyline class="tug" points="'
             + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + '"/>']  # fmt: skip
    for (x, y), point in zip(xy, points, strict=True):
        label = tug_text(point.seconds)
        parts.append(f'<circle class="tug-point" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                     f"<title>{point.day:%d %b %Y}: {label}</title></circle>"
                     f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle">{label}</text>'
                     f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">'
                     f"{point.day:%d %b}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _short_note(count: int) -> str:
    listed = "is listed" if count == 1 else "are listed"
    return f"{plural(count, 'session')} of under a minute {listed} below but not counted."


def _session_table(sessions: Sequence[SessionRecord], tz: tzinfo | None, today: date) -> str:
    head = "".join(
        f"<th{_ALIGN.get(n, '')}>{_e(name)}</th>" for n, name in enumerate(SESSION_COLUMNS)
    )
    head += "<th>Notices</th>"
    rows = [f'<table id="sessions"><thead><tr>{head}</tr></thead><tbody>']
    for session in sessions:
        cells = session_cells(session, tz, today=today)
        rows.append(
            "<tr>" + "".join(f"<td{_ALIGN.get(n, '')}>{_e(v)}</td>" for n, v in enumerate(cells))
            + f'<td class="marker">{_e(marker_text(session.notices))}</td></tr>'
        )  # fmt: skip
    rows.append("</tbody></table>")
    return "".join(rows)


#: Table cells by column: times right-aligned, pain kept on one line.
_ALIGN = {3: ' class="num"', 4: ' class="num"', 5: ' class="nowrap"'}


def write_report(path: Path, text: str) -> None:
    """Write the report to `path` (atomically, readable by the user only when new)."""
    write_file(Path(path), text.encode("utf-8"))
