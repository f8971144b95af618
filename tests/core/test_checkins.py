"""Check-ins: when one is offered, and the 6 weeks set beside the trial's (backwalk_tui/stats.py).

The trial's figures here are copied from ../shared/PROGRAM.md, as published
(Alghadir et al., BMC Musculoskeletal Disorders 2019;20:159): after 6 weeks,
pain fell by 1.8 points on average in the retro walking group against 1.0
in the control group; the dose was 10 minutes, 3 days a week, for 6 weeks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from support import checkin_record, session_record

from backwalk_tui import stats
from backwalk_tui.history import History
from backwalk_tui.records import NOTE_MAX_CHARS, CheckinRecord, SessionRecord, tug_kept
from backwalk_tui.stats import CheckinOffer, checkin_due, program, program_lines

BERLIN = ZoneInfo("Europe/Berlin")
BASELINE = date(2026, 10, 19)  # a Monday
#: The day of the week-3 check-in: a check-in after `today` would not count (`in_future`).
WEEK_3 = BASELINE + timedelta(days=21)


def checkin(days_after: int, *, hour: int = 9, **fields) -> CheckinRecord:
    """A check-in `days_after` the baseline's Monday, at `hour` o'clock in Berlin."""
    day = BASELINE + timedelta(days=days_after)
    return checkin_record(datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN), **fields)


def session(days_after: int, backward_seconds: float = 600.0) -> SessionRecord:
    """A 6-week program session: `backward_seconds` backward and 4 minutes forward."""
    day = BASELINE + timedelta(days=days_after)
    started = datetime(day.year, day.month, day.day, 10, tzinfo=BERLIN)
    kinds = {"backward": backward_seconds, "forward": 240.0}
    return session_record(started, preset="6-week program", kinds=kinds)


def due_after(days: int, *checkins: CheckinRecord) -> CheckinOffer | None:
    return checkin_due(list(checkins), BASELINE + timedelta(days=days), BERLIN)


# ------------------------------------------------------------- when offered


def test_without_a_checkin_the_baseline_is_offered():
    offer = checkin_due([], BASELINE, BERLIN)
    assert offer == CheckinOffer(0, BASELINE)
    assert offer.text == "Check-in: baseline, to start the 6 weeks"


def test_after_the_baseline_nothing_until_week_3():
    base = checkin(0)
    assert due_after(0, base) is None
    assert due_after(20, base) is None
    offer = due_after(21, base)
    assert offer == CheckinOffer(3, BASELINE + timedelta(weeks=3))
    assert offer.text == "Check-in: week 3 of 6"


@pytest.mark.parametrize(("days", "offered"), [(21, True), (34, True), (35, False)])
def test_week_3_is_offered_for_two_weeks(days, offered):
    assert (due_after(days, checkin(0)) is not None) == offered


@pytest.mark.parametrize(("taken", "offered"), [(13, True), (14, False), (22, False)])
def test_a_checkin_from_a_week_before_week_3_counts_for_it(taken, offered):
    assert (due_after(23, checkin(0), checkin(taken)) is not None) == offered


def test_week_6_follows_and_then_the_program_is_over():
    base, week3 = checkin(0), checkin(21)
    assert due_after(41, base, week3) is None
    assert due_after(42, base, week3) == CheckinOffer(6, BASELINE + timedelta(weeks=6))
    assert due_after(55, base, week3) is not None
    assert due_after(56, base, week3) is None
    assert due_after(45, base, week3, checkin(44)) is None


def test_week_6_is_offered_even_when_week_3_was_missed():
    assert due_after(43, checkin(0)).week == 6


def test_the_baseline_is_the_first_checkin_whatever_the_order_given():
    later, first = checkin(21), checkin(0)
    assert due_after(42, later, first).week == 6


# ---------------------------------------------------- the program and the trial


def test_the_trial_figures_are_the_published_ones():
    assert (stats.TRIAL_PAIN_CHANGE, stats.CONTROL_PAIN_CHANGE) == (-1.8, -1.0)
    assert (stats.TRIAL_SESSIONS, stats.TRIAL_SESSION_MINUTES, stats.TRIAL_WEEKS) == (18, 10, 6)
    assert stats.TRIAL == "Alghadir et al., BMC Musculoskeletal Disorders 2019;20:159"


def test_baseline_and_latest_side_by_side_with_the_change():
    checkins = [checkin(42, tug=10.4, pain=3), checkin(0, tug=12.3, pain=6), checkin(21, tug=11.0)]
    found = program(checkins, [], today=BASELINE + timedelta(days=42), tz=BERLIN)
    assert found.baseline.tug_seconds == 12.3 and found.latest.tug_seconds == 10.4
    assert (found.pain.change, found.tug.change) == (-3, -1.9)
    assert [(p.day, p.seconds) for p in found.tug_trend] == [
        (BASELINE, 12.3),
        (BASELINE + timedelta(days=21), 11.0),
        (BASELINE + timedelta(days=42), 10.4),
    ]
    rows = dict(program_lines(found))
    assert rows["Weekly knee pain (0-10)"] == (
        "6 at baseline (19 Oct 2026); 3 on 30 Nov 2026: 3 points lower"
    )
    assert rows["Timed Up and Go"] == (
        "12.3 s at baseline (19 Oct 2026); 10.4 s on 30 Nov 2026: 1.9 s faster (lower is better)"
    )
    assert rows["The trial"] == (
        "After 6 weeks, pain fell by 1.8 points on average in the retro walking group against "
        "1.0 in the control group; the Timed Up and Go improved more too "
        "(Alghadir et al., BMC Musculoskeletal Disorders 2019;20:159)."
    )


def test_each_measure_runs_from_the_first_to_the_latest_checkin_that_has_it():
    # The baseline was not timed; week 3 and week 6 were. Week 6 had no pain rating.
    checkins = [checkin(0, tug=None, pain=6), checkin(21, tug=12.0, pain=5),
                checkin(42, tug=11.2, pain=None)]  # fmt: skip
    found = program(checkins, [], today=BASELINE + timedelta(days=42))
    assert (found.pain.change, found.tug.change) == (-1, -0.8)
    assert [p.seconds for p in found.tug_trend] == [12.0, 11.2]
    rows = dict(program_lines(found))
    assert rows["Weekly knee pain (0-10)"] == (
        "6 at baseline (19 Oct 2026); 5 on 9 Nov 2026: 1 point lower"
    )
    assert rows["Timed Up and Go"] == (
        "12.0 s on 9 Nov 2026; 11.2 s on 30 Nov 2026: 0.8 s faster (lower is better)"
    )


def test_a_measure_taken_once_gives_no_change():
    found = program([checkin(0, tug=None), checkin(21, pain=None)], [], today=WEEK_3)
    assert found.pain.change is None and found.tug.change is None
    rows = dict(program_lines(found))
    assert rows["Weekly knee pain (0-10)"] == "5 at baseline (19 Oct 2026)"
    assert rows["Timed Up and Go"] == "12.0 s on 9 Nov 2026 (lower is better)"


def test_a_measure_never_taken_says_so():
    found = program([checkin(0, tug=None), checkin(21, tug=None)], [], today=WEEK_3)
    assert found.tug is None and found.tug_trend == ()
    assert dict(program_lines(found))["Timed Up and Go"] == "not timed"


def test_one_checkin_is_a_baseline_with_nothing_to_compare_yet():
    found = program([checkin(0)], [], today=BASELINE)
    assert found.latest is None and found.pain.change is None
    rows = dict(program_lines(found))
    assert rows["Weekly knee pain (0-10)"] == "5 at baseline (19 Oct 2026)"


def test_pain_higher_or_the_same_is_said_as_it_is():
    higher = program([checkin(0, pain=3, tug=10.0), checkin(21, pain=4, tug=10.5)], [],
                     today=WEEK_3)  # fmt: skip
    rows = dict(program_lines(higher))
    assert rows["Weekly knee pain (0-10)"].endswith(": 1 point higher")
    assert rows["Timed Up and Go"].endswith(": 0.5 s slower (lower is better)")
    same = program([checkin(0, pain=3, tug=10.0), checkin(21, pain=3, tug=10.0)], [],
                   today=WEEK_3)  # fmt: skip
    rows = dict(program_lines(same))
    assert rows["Weekly knee pain (0-10)"].endswith(": the same")
    assert rows["Timed Up and Go"].endswith(": the same (lower is better)")


def test_without_checkins_the_lines_invite_a_baseline_and_still_show_the_trial():
    found = program([], [], today=date(2026, 12, 3))
    assert found.baseline is None and found.tug_trend == ()
    assert found.start == date(2026, 10, 26)  # the Monday 5 weeks before this week's
    rows = program_lines(found)
    assert rows[0] == ("Check-ins", "None yet: a check-in at the start gives a baseline.")
    assert "1.8 points" in dict(rows)["The trial"]
    assert "do not predict" in rows[-1][1]


def test_sessions_are_counted_over_the_6_weeks_from_the_baseline_against_18():
    walked = [session(-1), session(0), session(2), session(4, backward_seconds=300.0),
              session(41), session(42)]  # fmt: skip
    short = session(5, backward_seconds=20.0)  # 260 s: a session, but not of 10 minutes
    found = program([checkin(0)], [*walked, short], today=BASELINE + timedelta(days=60))
    # Days 0, 2, 4, 5 and 41 are in; the day before the baseline and day 42 are not.
    assert (found.sessions, found.full_sessions) == (5, 3)
    assert dict(program_lines(found))["Sessions"] == (
        "5 of the trial's 18 in 6 weeks from 19 Oct 2026; 3 of them with 10 minutes or more "
        "of backward walking"
    )


@pytest.mark.parametrize(("backward", "full"), [(569.0, False), (570.0, True), (600.0, True)])
def test_ten_minutes_backward_to_the_nearest_minute(backward: float, full: bool):
    found = program([checkin(0)], [session(1, backward)], today=BASELINE + timedelta(days=2))
    assert found.full_sessions == int(full)


def test_sessions_so_far_stop_at_today():
    found = program([checkin(0)], [session(1), session(3)], today=BASELINE + timedelta(days=2))
    assert found.sessions == 1


# ------------------------------------------------------------- the TUG chart


def test_the_tug_chart_writes_each_time_beside_its_bar():
    from backwalk_tui.charts import tug_chart
    from backwalk_tui.stats import TugPoint

    points = [TugPoint(BASELINE, 1, 12.0), TugPoint(BASELINE + timedelta(days=21), 2, 9.0),
              TugPoint(BASELINE + timedelta(days=42), 3, 10.5)]  # fmt: skip
    lines = tug_chart(points, width=8)
    assert lines == [
        "19 Oct   12.0 s  ████████",
        "09 Nov    9.0 s  ██████",
        "30 Nov   10.5 s  ███████",
    ]
    # Eighths: 10.5 of 12 on 8 cells is 7 cells exactly; 11.0 is 7 and a third.
    assert tug_chart([TugPoint(BASELINE, 1, 12.0), TugPoint(BASELINE, 2, 11.0)], width=8)[1] == (
        "19 Oct   11.0 s  ███████▃"
    )
    assert tug_chart([]) == []


# ------------------------------------------------------------- the store

STORE_NOW = datetime(2026, 11, 2, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize("seconds", [0.0, 0.04, 3599.96, 3600.0, -1.0])
def test_the_store_refuses_a_time_it_would_keep_as_none(tmp_path, seconds):
    # 0.04 s was kept as 0.0 s, and 3599.96 s as 3600.0: both beyond what a time can be.
    assert tug_kept(seconds) is None
    with History(tmp_path / "history.db") as history:
        with pytest.raises(ValueError, match="under an hour"):
            history.add_checkin(tug_seconds=seconds, taken_at=STORE_NOW)
        kept = history.add_checkin(tug_seconds=0.05, taken_at=STORE_NOW)
        with pytest.raises(ValueError):
            history.update_checkin(kept, tug_seconds=seconds)
        assert history.checkin(kept).tug_seconds == 0.1


def test_a_note_is_kept_without_control_characters_and_to_its_limit(tmp_path):
    raw = "\x1b[31mred\x1b[0m\tknee\nsore\x07" + "x" * (2 * NOTE_MAX_CHARS)
    with History(tmp_path / "history.db") as history:
        kept = history.add_checkin(pain_week=3, notes=raw, taken_at=STORE_NOW)
        notes = history.checkin(kept).notes
        # A line end stays (a script may write lines); a tab is a space.
        assert notes.startswith("[31mred[0m knee\nsore") and len(notes) == NOTE_MAX_CHARS
        assert all(char.isprintable() for char in notes.replace("\n", ""))
        history.update_checkin(kept, notes="\x1b]0;title\x07 ok ")
        assert history.checkin(kept).notes == "]0;title ok"
        session = history.start_session(preset="p", stage=None, preset_toml="", planned_seconds=60)
        history.update_answers(session, notes="\x1b[2Jgone\u2028too")
        assert history.session(session).notes == "[2Jgone too"
