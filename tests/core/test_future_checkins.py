"""A check-in dated after today (`days.in_future`) is listed as such and counted nowhere.

The same rule as for a future session: a clock set back, or a history from a
computer whose clock ran ahead, never gives the walker's "latest" measure.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from support import checkin_record

from backwalk_tui import cli, report
from backwalk_tui.history import History
from backwalk_tui.records import CheckinRecord
from backwalk_tui.stats import checkin_due, program, program_lines
from backwalk_tui.ui.screens.stats import checkin_cells
from backwalk_tui.words import PROGRAM_HEADING

TODAY = date.today()
NOW = datetime.now().astimezone()


def checkin(days: int, tug: float, cid: int) -> CheckinRecord:
    return checkin_record(NOW + timedelta(days=days), tug=tug, pain=4, cid=cid)


BASELINE = checkin(-20, 12.0, 1)
AHEAD = checkin(30, 10.0, 2)


def test_the_program_leaves_a_future_checkin_out():
    found = program([BASELINE, AHEAD], [], today=TODAY)
    assert found.baseline == BASELINE and found.latest is None
    assert [p.checkin_id for p in found.tug_trend] == [1]
    assert "faster" not in dict(program_lines(found))["Timed Up and Go"]


def test_a_future_checkin_alone_is_no_baseline():
    assert program([AHEAD], [], today=TODAY).baseline is None
    offer = checkin_due([AHEAD], TODAY)
    assert offer is not None and offer.week == 0  # the baseline is still to take


def test_lists_say_future(locations, capsys):
    with History(locations.database) as history:
        history.add_checkin(tug_seconds=12.0, taken_at=BASELINE.taken_at)
        history.add_checkin(tug_seconds=10.0, taken_at=AHEAD.taken_at)
    assert cli.main(["checkins"]) == 0
    out = capsys.readouterr().out
    assert f"future {AHEAD.taken_at:%Y-%m-%d}" in out
    assert cli.main(["stats"]) == 0
    assert "faster" not in capsys.readouterr().out
    assert checkin_cells(AHEAD, today=TODAY)[0].startswith("future ")
    assert not checkin_cells(BASELINE, today=TODAY)[0].startswith("future")


def test_the_report_marks_it_and_leaves_it_out_of_the_trend():
    html = report.render_report([], weeks=4, weekly_goal=3, checkins=[BASELINE, AHEAD], today=TODAY)
    assert f"future {AHEAD.taken_at:%d %b %Y}" in html
    assert (
        "faster" not in html
        and "<svg" not in html.split('id="checkins"')[0].split(PROGRAM_HEADING)[1]
    )
