"""The HTML report, parsed: the figures of a known history, escaping, no network."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from support import checkin_record, newcomer_history, session_record, walk_by_hand

from backwalk_tui import charts
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog
from backwalk_tui.records import SessionRecord
from backwalk_tui.report import render_report
from backwalk_tui.stats import compute, walked_seconds
from backwalk_tui.ui.screens.summary import summary_lines
from backwalk_tui.words import SESSION_COLUMNS, clock_text, session_cells

TODAY = date(2026, 11, 25)  # a Wednesday; the 6-week period starts Monday 19 October


def session(sid, when, *, backward=0.0, forward=0.0, before=None, after=None, stumbles=None,
            preset="Stage 2 · Forward and back", **fields):  # fmt: skip
    """A stage-2 session of `forward` then `backward` seconds, rated `before` and `after`."""
    kinds = {kind: seconds for kind, seconds in [("forward", forward), ("backward", backward)]
             if seconds}  # fmt: skip
    return session_record(
        when, sid=sid, kinds=kinds, stage=2, preset=preset, pain_before=before, pain_after=after,
        stumbles=stumbles, **fields,
    )  # fmt: skip


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, tzinfo=UTC)


HISTORY = [
    session(1, at(10, 12), backward=600, forward=60),  # before the period
    session(2, at(10, 19), backward=300, forward=120, before=5, after=3),
    session(3, at(10, 21), backward=240, before=4, after=4, stumbles=1),
    session(4, at(11, 2), backward=180, status="ended_early", notes='<script>x</script> & "q"'),
    session(5, at(11, 24, 18), backward=120, forward=30, before=3, after=2),
    session(6, at(11, 24, 19), status="in_progress"),  # still running: left out
]


class Page(HTMLParser):
    """Collects figures (by data-figure), table rows, ids and every URL-like attribute."""

    def __init__(self, text: str):
        super().__init__()
        self.figures: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.ids: dict[str, str] = {}
        self.attributes: list[str] = []
        self._figure = self._id = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes += [v for v in attrs.values() if v]
        self._figure = attrs.get("data-figure")
        self._id = attrs.get("id")
        if tag == "tr":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._figure:
            self.figures[self._figure] = data
            self._figure = None
        if self._id:
            self.ids[self._id] = self.ids.get(self._id, "") + data
        if self._cell is not None:
            self._cell.append(data)


def render(sessions=HISTORY, weeks=6, checkins=()):
    return render_report(
        sessions, weeks=weeks, weekly_goal=3, today=TODAY, tz=UTC, checkins=checkins,
        generated_at=datetime(2026, 11, 25, 19, 0, tzinfo=UTC),
    )  # fmt: skip


def test_the_figures_of_a_known_history():
    page = Page(render())
    assert page.figures == {
        "sessions": "4",  # sessions 2-5; 1 is before the period, 6 still running
        "time-walked": "16 min",  # 420 + 240 + 180 + 150 = 990 s
        "backward-minutes": "14",  # 300 + 240 + 180 + 120 s = 840 s
        "per-week": "0.7 (3)",  # 4 sessions in 6 weeks
        "weeks-met": "0 of 6",
        # (-2 + 0 - 1) / 3, worded as `backwalk stats` and the stats screen word it
        "pain-change": "1.0 point less after a session than before, on average",
    }


def test_sessions_newest_first_with_their_answers():
    page = Page(render())
    assert [row[0] for row in page.rows] == [
        "Tue 24 Nov 18:00", "Mon 02 Nov 10:00", "Wed 21 Oct 10:00", "Mon 19 Oct 10:00",
    ]  # fmt: skip
    assert page.rows[1][2:] == [
        "ended early", "3:00", "3:00", "", "", '<script>x</script> & "q"', "",
    ]  # fmt: skip
    assert page.rows[2][5:7] == ["4 → 4", "yes"]


def test_a_session_from_last_year_shows_its_year():
    new_year = [
        session(1, at(12, 28), backward=300),
        session(2, datetime(2027, 1, 5, 10, tzinfo=UTC), backward=300),
    ]
    page = Page(render_report(new_year, weeks=2, weekly_goal=3, today=date(2027, 1, 6), tz=UTC))
    assert [row[0] for row in page.rows] == ["Tue 05 Jan 10:00", "Mon 28 Dec 2026"]


def test_user_text_is_escaped():
    text = render()
    assert "<script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot;" in text


def test_nothing_is_fetched_from_anywhere():
    text = render()
    page = Page(text)
    assert "http:" not in text and "https:" not in text and "@import" not in text
    assert not [a for a in page.attributes if a.startswith(("//", "http", "file:"))]


def test_the_current_stage_and_suggestion():
    # Stage 2; in the 14 days up to 25 November only session 5 (smooth, completed).
    page = Page(render())
    assert page.ids["suggestion"].strip() == (
        "Current stage: 2. 1 of 3 smooth sessions at stage 2 in the last 14 days: "
        "2 more before stage 3."
    )


def test_an_empty_period_says_so():
    page = Page(render([session(1, at(1, 5), backward=60)]))
    assert page.ids["empty"].strip() == "No sessions were walked in this period."
    assert page.rows == []
    assert "<svg" not in render([])


# ------------------------------------------- the same figures as the stats screen


def test_the_report_counts_sessions_as_the_stats_screen_does(tmp_path):
    sessions = newcomer_history(tmp_path / "history.db")
    assert len(sessions) == 4  # the record keeps them all
    stats = compute(sessions, weekly_goal=3, today=TODAY, tz=UTC)
    assert dict(charts.headline(stats))["Sessions"] == "1"  # the stats screen and `backwalk stats`
    text = render(sessions)
    page = Page(text)
    assert page.figures["sessions"] == "1"
    assert page.figures["per-week"] == "0.2 (3)"  # 1 session in 6 weeks
    # The chart's week (from Monday 23 November) says 1 of the goal of 3.
    assert re.findall(r">(\d+)/3 ", text) == ["0"] * 5 + ["1"]
    assert len(page.rows) == 4  # every session walked is listed, and why 3 are not counted
    assert page.ids["short"].strip() == (
        "3 sessions of under a minute are listed below but not counted."
    )
    assert "short" not in Page(render()).ids  # none in the usual history


def test_time_walked_leaves_out_rest_as_the_end_of_session_summary_does(tmp_path):
    # Stage 1 walked to the end: 180 s forward, 60 s backward, 60 s rest.
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    with History(tmp_path / "history.db") as history:
        engine = walk_by_hand(history, stage1, datetime(2026, 11, 24, 9, tzinfo=UTC))
        sessions = history.sessions()
    summary = dict(summary_lines(engine))
    assert (summary["Walked"], summary["Rest"]) == ("4:00", "1:00")
    assert summary["Segments done"] == "13 of 13"
    assert clock_text(walked_seconds(sessions[0])) == "4:00"
    stats = compute(sessions, weekly_goal=3, today=TODAY, tz=UTC)
    assert dict(charts.headline(stats))["Walked"] == "4 min"  # stats screen, `backwalk stats`
    assert Page(render(sessions)).figures["time-walked"] == "4 min"
    # The lists name it the same and leave rest out too: 4:00, not the 5:00 it lasted.
    assert SESSION_COLUMNS[3] == "Walked"
    assert session_cells(sessions[0])[3] == "4:00"


def test_every_count_in_the_report_is_in_good_english(tmp_path):
    text = render(newcomer_history(tmp_path / "history.db"))
    titles = re.findall(r"<title>([^<]*)</title>", text)
    assert "Week of 23 Nov: 1 min backward, 1 session" in titles
    assert "Week of 16 Nov: 0 min backward, 0 sessions" in titles
    assert Page(render(weeks=1)).figures["sessions"] == "1"
    assert "This week · made by backwalk" in render(weeks=1)
    assert "The last 6 weeks · made by backwalk" in render()
    assert not re.search(r"\b1 (sessions|weeks)\b", render(weeks=1) + text)


# ------------------------------------------------------- periods of any length


def weekly_history(weeks: int, *, every_other_met: bool = True) -> list[SessionRecord]:
    """Sessions every week for `weeks` weeks up to TODAY's week: three (the goal)
    in every other week, one in the others; each week's backward minutes differ."""
    sessions = []
    first = TODAY - timedelta(days=TODAY.weekday(), weeks=weeks - 1)
    for n in range(weeks):
        monday = datetime.combine(first + timedelta(weeks=n), datetime.min.time(), UTC)
        for day in range(3 if n % 2 == 0 or not every_other_met else 1):
            when = monday + timedelta(days=day, hours=10)
            sessions.append(session(len(sessions) + 1, when, backward=60.0 * (n + 1)))
    return sessions


def bars(text: str) -> list[str]:
    """The title of every bar of the weekly chart, oldest first."""
    return re.findall(r'<rect class="bar"[^>]*><title>([^<]*)</title>', text)


def test_a_long_report_charts_every_week_its_figures_count():
    # 26 weeks: the chart shows the 26 weeks the figure "N of 26" counts.
    text = render(weekly_history(30), weeks=26)
    page = Page(text)
    shown = bars(text)
    assert len(shown) == 26
    assert shown[0].startswith("Week of 01 Jun:")  # 26 weeks back from the week of 23 Nov
    assert shown[-1].startswith("Week of 23 Nov:")
    met = sum(title.endswith("(goal met)") for title in shown)
    assert page.figures["weeks-met"] == f"{met} of 26"
    assert met == 13
    assert page.figures["sessions"] == str(13 * 3 + 13)


def test_a_long_chart_is_drawn_in_rows_that_stay_readable():
    # At most a quarter (13 weeks) a row, rows of equal length, one scale for all.
    text = render(weekly_history(52, every_other_met=False), weeks=52)
    charts = re.findall(
        r'<svg viewBox[^>]*aria-label="Minutes walked backward[^"]*".*?</svg>', text
    )
    assert [len(bars(chart)) for chart in charts] == [13, 13, 13, 13]
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', text)]
    assert heights == sorted(heights)  # a week of more minutes is never drawn shorter
    assert re.findall(r'<rect class="bar" x="([\d.]+)"', charts[0]) == re.findall(
        r'<rect class="bar" x="([\d.]+)"', charts[1]
    )  # the rows line up


@pytest.mark.parametrize("weeks", [1, 2, 12, 13, 14, 25, 40, 51, 52])
def test_every_period_the_command_allows_renders(weeks):
    text = render(weekly_history(60), weeks=weeks)
    assert len(bars(text)) == weeks
    page = Page(text)
    assert page.figures["weeks-met"].endswith(f" of {weeks}")
    # An empty history of the same length renders too.
    assert "No sessions were walked" in render([], weeks=weeks)


# ---------------------------------------------------- check-ins and the trial

CHECKINS = [
    checkin_record(at(10, 19, 9), tug=12.34, pain=6, notes="baseline <b>", cid=1),
    checkin_record(at(11, 9, 9), tug=11.5, pain=None, cid=2),
    checkin_record(at(11, 24, 9), tug=10.8, pain=4, notes="=1+1", cid=3),
]


def dl_rows(text: str, dl_id: str) -> dict[str, str]:
    """The <dt>/<dd> pairs of the <dl id=...>, as text."""
    block = text.split(f'<dl class="figures" id="{dl_id}">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block)
    return {html.unescape(dt): html.unescape(dd) for dt, dd in pairs}


def test_checkins_and_the_trial_side_by_side():
    text = render(checkins=CHECKINS)
    rows = dl_rows(text, "program")
    assert rows["Weekly knee pain (0-10)"] == (
        "6 at baseline (19 Oct 2026); 4 on 24 Nov 2026: 2 points lower"
    )
    assert rows["Timed Up and Go"] == (
        "12.3 s at baseline (19 Oct 2026); 10.8 s on 24 Nov 2026: 1.5 s faster (lower is better)"
    )
    # As published (PROGRAM.md), with the citation.
    assert rows["The trial"] == (
        "After 6 weeks, pain fell by 1.8 points on average in the retro walking group against "
        "1.0 in the control group; the Timed Up and Go improved more too "
        "(Alghadir et al., BMC Musculoskeletal Disorders 2019;20:159)."
    )
    # Sessions 2-5 from the baseline day (19 Oct) on; session 1 is before it.
    assert rows["Sessions"] == (
        "4 of the trial's 18 in 6 weeks from 19 Oct 2026; 0 of them with 10 minutes or more "
        "of backward walking"
    )
    assert "do not predict" in rows[""]


def test_every_checkin_is_listed_newest_first_escaped():
    text = render(checkins=CHECKINS)
    table = text.split('<table id="checkins">', 1)[1].split("</table>", 1)[0]
    assert Page(f"<table>{table}</table>").rows == [
        ["Tue 24 Nov 2026", "10.8 s", "4", "=1+1"],
        ["Mon 09 Nov 2026", "11.5 s", "", ""],
        ["Mon 19 Oct 2026", "12.3 s", "6", "baseline <b>"],
    ]
    assert "baseline &lt;b&gt;" in text and "baseline <b>" not in text


def test_the_tug_trend_is_drawn_with_each_time_written_as_text():
    text = render(checkins=CHECKINS)
    svg = text.split('aria-label="Timed Up and Go at each check-in', 1)[1].split("</svg>", 1)[0]
    labels = re.findall(r">(\d+\.\d s)</text>", svg)
    assert labels == ["12.3 s", "11.5 s", "10.8 s"]  # oldest first
    # Lower is better and drawn lower: the y of each point grows as the time falls.
    ys = [float(y) for y in re.findall(r'<circle class="tug-point" cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert ys == sorted(ys)


def test_one_timed_checkin_draws_no_trend_but_is_listed():
    text = render(checkins=CHECKINS[:1])
    assert "Timed Up and Go at each check-in" not in text
    assert '<table id="checkins">' in text


def test_without_checkins_the_report_invites_a_baseline_beside_the_trial():
    text = render()
    rows = dl_rows(text, "program")
    assert rows["Check-ins"] == "None yet: a check-in at the start gives a baseline."
    assert "1.8 points" in rows["The trial"]
    assert '<table id="checkins">' not in text


def test_checkins_show_even_in_a_period_without_sessions():
    text = render([], checkins=CHECKINS)
    assert "No sessions were walked in this period." in text
    assert '<table id="checkins">' in text


def test_sessions_carry_their_pain_alert_and_stumble_markers():
    history = [
        session(1, at(11, 23), backward=300, before=2, after=8, stumbles=1,
                notices=("pain_alert", "stumble")),
        session(2, at(11, 24), backward=300, before=8, notices=("pain_now",)),
    ]  # fmt: skip
    page = Page(render(history))
    head = render(history).split("<thead>")[1].split("</thead>")[0]
    assert head.endswith("<th>Notices</th></tr>")
    assert [row[-1] for row in page.rows] == ["high pain before", "pain alert · stumble"]
    assert render(history).count('<td class="marker">') == 2


def test_the_report_prints_in_black_and_white():
    # Markers, trend and comparison are text, never colour alone.
    text = render(checkins=CHECKINS)
    assert "td.marker { font-weight: 600; }" in text
    assert ".tug { fill: none; stroke: #1d2329;" in text


def test_the_report_command_includes_the_checkins(home, capsys):
    from backwalk_tui import cli
    from backwalk_tui.paths import locate

    with History(locate().database) as history:
        history.add_checkin(tug_seconds=13.2, pain_week=5, notes="first")
    assert cli.main(["report", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert '<table id="checkins">' in out and "13.2 s" in out


def test_the_pain_chart_names_every_rating_so_a_printed_dot_reads_exactly():
    svg = re.search(r'<svg[^>]*aria-label="Knee pain[^"]*">.*?</svg>', render()).group(0)
    labels = [int(n) for n in re.findall(r'<text x="0" y="[\d.]+">(\d+)</text>', svg)]
    assert labels == list(range(11))
    # Each dot sits on the line of its rating: pain 5 on the line labelled 5.
    line_of = dict(
        (int(n), y) for y, n in re.findall(r'<text x="0" y="([\d.]+)">(\d+)</text>', svg)
    )
    dots = re.findall(
        r'<circle class="(before|after)" cx="[\d.]+" cy="([\d.]+)"[^>]*><title>[^<]*pain '
        r"(\d+|–) → (\d+|–)</title>",
        svg,
    )
    assert len(dots) == 6  # three sessions rated before and after
    for kind, cy, before, after in dots:
        pain = int(before if kind == "before" else after)
        assert float(line_of[pain]) == pytest.approx(float(cy) + 4)
