"""Sessions dated after today on the command line: `due`, `stats`, `history` and `report`.

A clock set back, or a history copied from a computer whose clock ran ahead,
leaves sessions in the future. They are listed as such and counted for no
rule that asks when (`days.in_future`); the end of the calendar seen from
Kiritimati (UTC+14), past year 9999 there, is no error either.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from backwalk_tui import cli, demo
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog

END_OF_CALENDAR = datetime(9999, 12, 31, 20, tzinfo=UTC)


@pytest.fixture
def kiritimati(monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def history_with_a_future(locations, kiritimati):
    """Stage 1 walked an hour ago, and again at the end of the calendar."""
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    with History(locations.database) as history:
        an_hour_ago = datetime.now().astimezone() - timedelta(hours=1)
        if an_hour_ago.date() != datetime.now().date():  # just after midnight: keep it today
            an_hour_ago += timedelta(minutes=59)
        demo.record_session(history, stage1, an_hour_ago, stumbles=0)
        demo.record_session(history, stage1, END_OF_CALENDAR, stumbles=1)
    return locations


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def squash(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_due_and_stats_agree_on_this_week(history_with_a_future, capsys):
    code, out = run(capsys, "due")
    assert out.strip().endswith("this week: 1 of 3")
    code, out = run(capsys, "stats")
    assert code == 0
    lines = squash(out)
    assert "This week 1 session (goal 3)" in lines
    assert "Sessions 2" in lines  # both were walked: the totals count them
    assert "Days in a row 1 (best 1)" in lines


def test_history_lists_it_as_in_the_future_and_names_walked_time(history_with_a_future, capsys):
    code, out = run(capsys, "history")
    assert code == 0
    header = next(line for line in out.splitlines() if "Date" in line)
    assert "Walked" in header and "Time" not in header
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("│ future "))
    assert "9999-12-31" in lines[at + 1]  # the cell wraps at 80 columns: "future", the day
    future = lines[at]
    assert "4m" in future and "5m" not in future


def test_the_report_leaves_it_out_of_its_weeks(history_with_a_future, capsys):
    code, out = run(capsys, "report", "-o", "-")
    assert code == 0
    assert 'data-figure="sessions">1<' in out
    assert "9999" not in out


def test_a_checkin_at_the_end_of_the_calendar_is_listed_not_an_error(locations, kiritimati, capsys):
    with History(locations.database) as history:
        history.add_checkin(tug_seconds=12.3, pain_week=4, taken_at=END_OF_CALENDAR)
    code, out = run(capsys, "checkins")
    assert code == 0 and "9999-12-31" in out
    code, out = run(capsys, "stats")
    assert code == 0
