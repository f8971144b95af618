"""The stats screen: empty, one session, a realistic 8-week history; editing and deleting."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta

import pytest
from support import history_to_fill, newcomer_history, walk_by_hand, with_defaults
from textual.widgets import Checkbox, DataTable, Input, Label, Static

from backwalk_tui import charts, demo, stats
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog
from backwalk_tui.ui.screens.checkin_detail import CheckinDetailScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.stats import (
    CHECKIN_COLUMNS,
    CLIPPED,
    TUG_WIDTH,
    StatsScreen,
    note_cell,
)
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import cell_width, clip

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Local time is UTC here, so days and dates on screen do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def history(locations):
    with history_to_fill(locations.database) as store:
        yield store


@pytest.fixture
def stats_app(app_factory):
    return with_defaults(app_factory, wall_clock=lambda: NOW)


def open_stats(app):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()

    return run_before


def fill_eight_weeks(history) -> int:
    return demo.fill_history(history, load_catalog(None), end=NOW, weeks=8, per_week=3, seed=4)


def one_session(history) -> int:
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    return demo.record_session(
        history, stage1, NOW - timedelta(hours=3), pain_before=5, pain_after=4, stumbles=0
    )


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_empty(snap_compare, stats_app, size):
    assert snap_compare(stats_app(), run_before=open_stats(None), terminal_size=size)


def test_snapshot_one_session(snap_compare, stats_app, history):
    one_session(history)
    assert snap_compare(stats_app(), run_before=open_stats(None), terminal_size=(100, 40))


def test_snapshot_session_detail(snap_compare, stats_app, history):
    one_session(history)

    async def run_before(pilot):
        await open_stats(None)(pilot)
        await pilot.press("enter")  # the newest session's details
        await pilot.pause()

    assert snap_compare(stats_app(), run_before=run_before, terminal_size=(100, 30))


@pytest.mark.parametrize("size", [(100, 50), (80, 24)], ids=["100x50", "80x24"])
def test_snapshot_eight_weeks(snap_compare, stats_app, history, size):
    fill_eight_weeks(history)
    assert snap_compare(stats_app(), run_before=open_stats(None), terminal_size=size)


def test_snapshot_session_table_80x24(snap_compare, stats_app, history):
    fill_eight_weeks(history)

    async def run_before(pilot):
        await open_stats(None)(pilot)
        pilot.app.screen.query_one("#sessions", DataTable).focus()
        pilot.app.screen.query_one("#stats").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(stats_app(), run_before=run_before, terminal_size=(80, 24))


async def test_empty_history_welcomes(stats_app):
    app = stats_app()
    async with app.run_test() as pilot:
        await open_stats(app)(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.has_class("-empty")
        assert "No sessions yet" in str(app.screen.query_one("#welcome", Static).content)


async def test_figures_and_table_of_a_known_history(stats_app, history):
    count = fill_eight_weeks(history)
    sessions = history.sessions()
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == count == len(sessions)
        first_row = table.get_row_at(0)
        assert first_row[1].plain == clip(sessions[0].preset, CLIPPED["Preset"])  # newest first
        headline = str(app.screen.query_one("#headline", Static).content)
        assert f"Sessions         {count}" in headline
        # The pain change is worded once: the chart's line says what the headline says.
        [knee_pain] = [line for line in headline.splitlines() if line.startswith("Knee pain")]
        said = knee_pain.removeprefix("Knee pain").strip()
        pain = str(app.screen.query_one("#pain-chart", Static).content)
        assert pain.endswith(f"\nKnee pain: {said}")  # one line at 100 columns


async def test_sessions_are_counted_as_the_report_counts_them(stats_app, locations):
    # One real session, one of 13 s and two skipped through with `n`: the
    # report says "Sessions 1"; so does this screen, and the table lists all 4.
    newcomer_history(locations.database)
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Sessions         1\n" in headline
        assert "This week        1 session (goal 3)" in headline
        assert app.screen.query_one("#sessions", DataTable).row_count == 4


async def test_a_session_under_a_minute_shows_its_time_not_the_welcome(stats_app, locations):
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    with History(locations.database) as history:
        walk_by_hand(history, stage1, NOW - timedelta(hours=1), end_after=13)
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        assert not app.screen.has_class("-empty")
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Sessions         0\n" in headline
        assert "Walked           13 s" in headline
        assert app.screen.query_one("#sessions", DataTable).row_count == 1


async def test_time_walked_leaves_out_rest(stats_app, history):
    one_session(history)  # stage 1: 180 s forward, 60 s backward, 60 s rest
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Walked           4 min\n" in headline
        assert "Walked backward  1 min\n" in headline
        table = app.screen.query_one("#sessions", DataTable)
        assert [column.label.plain for column in table.columns.values()][3] == "Walked"
        row = table.get_row_at(0)
        # Walked, rest left out as in the headline (it lasted 5:00), and backward.
        assert [cell.plain for cell in row[3:5]] == ["4:00", "1:00"]


async def test_the_session_table_fits_80_columns(stats_app, history):
    # Date, Preset, Status, Walked, Backward and Pain all show whole at 80x24,
    # with the widest cells they take; Stumble and Note are a scroll to the
    # right, the full preset name a press of Enter.
    fill_eight_weeks(history)
    longest = load_catalog(None).get("Stage 3 · Longer backward")
    walk_by_hand(history, longest, NOW - timedelta(hours=2), skip_after=5)
    widest = history.sessions()[0]
    history.update_answers(widest.id, pain_before=10, pain_after=8)
    app = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        table.focus()
        await pilot.pause()
        shown = table.scrollable_content_region.width
        assert sum(column.get_render_width(table) for column in table.ordered_columns[:6]) <= shown
        header = table.render_line(0).text.split("  ")
        assert [cell.strip() for cell in header if cell.strip()][:6] == [
            "Date", "Preset", "Status", "Walked", "Backward", "Pain",
        ]  # fmt: skip
        row = table.render_line(1).text
        for cell in table.get_row_at(0)[:6]:
            assert f" {cell.plain} " in row
        assert "skipped through" in row and "10 → 8" in row and "Stage 3 · " in row


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_the_charts_are_drawn_to_fit_never_wrapped(stats_app, history, size):
    # 12 weeks at 5 cells each once wrapped at 60 columns into a lone "7",
    # a "Dec" on a line of its own: the newest weeks that fit are drawn.
    fill_eight_weeks(history)
    for hours in range(30):  # more pain ratings than fit at 60 columns
        demo.record_session(
            history, load_catalog(None).get("Stage 1 · Get comfortable"),
            NOW - timedelta(days=60, hours=hours), pain_before=4, pain_after=3,
        )  # fmt: skip
    app = stats_app()
    async with app.run_test(size=size) as pilot:
        await open_stats(app)(pilot)
        for name in ("#week-chart", "#pain-chart"):
            chart = app.screen.query_one(name, Static)
            lines = str(chart.render()).splitlines()
            assert max(cell_width(line) for line in lines) <= chart.content_region.width
            assert chart.size.height == len(lines), name  # not one line wrapped
        key = app.screen.query_one("#week-chart-key", Static)
        assert key.size.width <= key.parent.scrollable_content_region.width
        assert "goal was met" in " ".join(str(key.render()).split())
        newest = stats.compute(history.sessions(), weekly_goal=3, today=NOW.date()).weeks[-1]
        assert str(newest.start.day) in str(app.screen.query_one("#week-chart", Static).render())


async def test_edit_a_past_session(stats_app, history):
    session_id = one_session(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        before = app.screen.query_one("#pain-before", PainScale)
        assert before.value == 5
        before.focus()
        await pilot.press("7")
        app.screen.query_one("#stumbled", Checkbox).value = True
        app.screen.query_one("#note", Input).value = "Rug slipped"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        row = app.screen.query_one("#sessions", DataTable).get_row_at(0)
        assert [cell.plain for cell in row[5:]] == ["7 → 4", "yes", "Rug slipped"]
    saved = History(history.path).session(session_id)
    assert (saved.pain_before, saved.pain_after, saved.stumbles, saved.notes) == (
        7, 4, 1, "Rug slipped",
    )  # fmt: skip


async def test_delete_asks_first(stats_app, history):
    kept = one_session(history)
    deleted = demo.record_session(
        history, load_catalog(None).get("Stage 2 · Forward and back"), NOW - timedelta(hours=1)
    )
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        # The question names the session: the list may be out of sight.
        started = history.session(deleted).started_at.astimezone()
        assert app.screen.detail.startswith(
            f"Stage 2 · Forward and back, {started:%A %d %B %Y, %H:%M}. "
        )
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert [s.id for s in history.sessions()] == [deleted, kept]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 1
    assert [s.id for s in history.sessions()] == [kept]


@pytest.mark.parametrize("note", ["=1+1 [/x]", "[left knee] check", "[red]Red[/red] walk"])
async def test_a_note_with_square_brackets_shows_as_written(stats_app, history, note):
    # Such a note once made this screen crash every time it opened, and the
    # detail view, the one place to fix the note, is reached through it.
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    renamed = dataclasses.replace(stage1, name="Walk [/x] here")
    sid = demo.record_session(history, renamed, NOW - timedelta(hours=3), notes=note)
    demo.record_session(history, stage1, NOW - timedelta(hours=2))
    app = stats_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        row = table.get_row(str(sid))
        assert row[1].plain == "Walk [/x] here"
        assert row[-1].plain == note
        table.move_cursor(row=table.get_row_index(str(sid)))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.query_one(Input).value == note


# ------------------------------------------------ check-ins, the program, markers


def two_checkins(history) -> tuple[int, int]:
    """A baseline five weeks ago and a check-in two days ago (its note as written)."""
    baseline = history.add_checkin(
        tug_seconds=12.3, pain_week=6, notes="Before the program", taken_at=NOW - timedelta(days=36)
    )
    latest = history.add_checkin(
        tug_seconds=10.9, pain_week=4, notes="[left knee] easier", taken_at=NOW - timedelta(days=2)
    )
    return baseline, latest


def program_of(history):
    return stats.program(history.checkins(), history.sessions(), today=NOW.date())


def rendered(screen, selector: str) -> str:
    """The text a Static shows, as laid out on screen (tables included)."""
    widget = screen.query_one(selector, Static)
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


async def test_the_program_sets_the_checkins_beside_the_trial(stats_app, history):
    fill_eight_weeks(history)
    two_checkins(history)
    app = stats_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await open_stats(app)(pilot)
        program = " ".join(rendered(app.screen, "#program").split())
        for label, words in stats.program_lines(program_of(history)):
            assert " ".join(f"{label} {words}".split()) in program
        # The trial's figures as published, and the walker's beside them.
        assert "pain fell by 1.8 points on average" in program
        assert "against 1.0 in the control group" in program
        assert "6 at baseline (20 Oct 2026); 4 on 23 Nov 2026: 2 points lower" in program
        assert "of the trial's 18 in 6 weeks" in program
        tug = str(app.screen.query_one("#tug-chart", Static).content)
        assert tug == "\n".join(charts.tug_chart(program_of(history).tug_trend, width=TUG_WIDTH))
        assert "12.3 s" in tug and "10.9 s" in tug


async def test_without_a_checkin_the_program_says_how_to_take_one(stats_app, history):
    one_session(history)
    app = stats_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await open_stats(app)(pilot)
        program = " ".join(rendered(app.screen, "#program").split())
        assert "None yet: a check-in at the start gives a baseline." in program
        assert "press c in the presets list" in program
        assert app.screen.has_class("-no-checkins")  # no empty table, no empty chart


async def test_the_week_3_checkin_due_says_how_to_take_it(stats_app, history):
    history.add_checkin(tug_seconds=12.3, pain_week=6, taken_at=NOW - timedelta(days=22))
    app = stats_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await open_stats(app)(pilot)
        program = " ".join(rendered(app.screen, "#program").split())
        assert "The week 3 check-in is due: press c in the presets list." in program
        assert "To take one" not in program


async def test_a_checkin_alone_shows_the_program_not_the_welcome(stats_app, history):
    history.add_checkin(tug_seconds=12.3, pain_week=6, taken_at=NOW - timedelta(hours=1))
    app = stats_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await open_stats(app)(pilot)
        assert not app.screen.has_class("-empty")
        assert app.screen.query_one("#checkins", DataTable).row_count == 1
        assert "6 at baseline (25 Nov 2026)" in " ".join(rendered(app.screen, "#program").split())


async def test_checkins_are_listed_newest_first_with_their_notes_as_written(stats_app, history):
    two_checkins(history)
    history.add_checkin(pain_week=5, taken_at=NOW - timedelta(days=20))  # not timed
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#checkins", DataTable)
        assert [column.label.plain for column in table.columns.values()] == list(CHECKIN_COLUMNS)
        rows = [[cell.plain for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows == [
            ["23 Nov 19:00", "10.9 s", "4", "[left knee] easier"],
            ["05 Nov 19:00", "", "5", ""],
            ["20 Oct 19:00", "12.3 s", "6", "Before the program"],
        ]


async def open_checkin(pilot, row: int = 0) -> None:
    table = pilot.app.screen.query_one("#checkins", DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_edit_a_checkin(stats_app, history):
    baseline, latest = two_checkins(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await open_checkin(pilot)
        assert isinstance(app.screen, CheckinDetailScreen)
        assert app.screen.checkin_id == latest
        pain = app.screen.query_one("#pain-week", PainScale)
        assert pain.value == 4
        assert pain.has_focus  # a digit rates at once, nothing to reach first
        await pilot.press("3")
        await pilot.pause()
        assert history.checkin(latest).pain_week == 3  # a rating is saved when given
        tug = app.screen.query_one("#tug", Input)
        assert tug.value == "10.9"
        tug.value = "11.27"
        tug.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert history.checkin(latest).tug_seconds == 11.3  # kept to 0.1 s
        assert tug.value == "11.3"  # and shown as kept
        note = app.screen.query_one("#note", Input)
        assert note.value == "[left knee] easier"
        note.value = "Rug [moved] away"
        await pilot.pause()
        await pilot.press("escape")  # the note is saved on leaving
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        row = app.screen.query_one("#checkins", DataTable).get_row_at(0)
        assert [cell.plain for cell in row[1:]] == ["11.3 s", "3", "Rug [moved] away"]
    saved = History(history.path).checkin(latest)
    assert (saved.tug_seconds, saved.pain_week, saved.notes) == (11.3, 3, "Rug [moved] away")
    assert History(history.path).checkin(baseline).tug_seconds == 12.3


@pytest.mark.parametrize("typed", ["0", "3600", "1.2.3", "."])
async def test_a_time_out_of_bounds_is_said_and_not_saved(stats_app, history, typed):
    _, latest = two_checkins(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await open_checkin(pilot)
        tug = app.screen.query_one("#tug", Input)
        tug.value = typed
        tug.focus()
        await pilot.press("enter")
        await pilot.pause()
        problem = str(app.screen.query_one("#checkin-problem", Label).content)
        assert "seconds" in problem and "0.1" in problem
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)  # never kept on the screen
    assert History(history.path).checkin(latest).tug_seconds == 10.9


async def test_an_empty_time_is_not_timed_and_both_left_out_is_refused(stats_app, history):
    _, latest = two_checkins(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await open_checkin(pilot)
        tug = app.screen.query_one("#tug", Input)
        tug.value = ""
        tug.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert history.checkin(latest).tug_seconds is None  # not timed, the pain kept
        app.screen.query_one("#pain-week", PainScale).focus()
        await pilot.press("backspace")  # and no pain either: a check-in of nothing
        await pilot.pause()
        problem = str(app.screen.query_one("#checkin-problem", Label).content)
        assert "a time or a pain rating" in problem
        await pilot.press("escape")
        await pilot.pause()
    saved = History(history.path).checkin(latest)
    assert (saved.tug_seconds, saved.pain_week) == (None, 4)


async def test_delete_a_checkin_asks_first(stats_app, history):
    baseline, latest = two_checkins(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#checkins", DataTable)
        table.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete this check-in?"
        assert app.screen.detail.startswith("The check-in of Monday 23 November 2026, 19:00. ")
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert [c.id for c in history.checkins()] == [latest, baseline]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert table.row_count == 1
        # The sessions' Delete is not the check-ins': no session was asked about.
        await open_checkin(pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.has_class("-no-checkins")
    assert history.checkins() == []


async def test_enter_on_the_page_still_opens_the_session(stats_app, history):
    one_session(history)
    two_checkins(history)
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)


async def test_sessions_show_their_markers(stats_app, history):
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    marked = demo.record_session(
        history, stage1, NOW - timedelta(hours=3), pain_before=3, pain_after=8, stumbles=1,
        notes="Rug slipped",
    )  # fmt: skip
    history.add_notice(marked, "pain_alert")
    history.add_notice(marked, "stumble")
    demo.record_session(history, stage1, NOW - timedelta(hours=2), notes="Fine")
    app = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.get_row(str(marked))[-1].plain == "pain alert · stumble: Rug slipped"
        assert table.get_row_at(0)[-1].plain == "Fine"
        table.move_cursor(row=table.get_row_index(str(marked)))
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        assert "Notices shown: pain alert · stumble" in rendered(app.screen, "#session-summary")


def test_a_marker_and_a_note_share_the_note_cell():
    assert note_cell("", ()) == ""
    assert note_cell("Fine", ()) == "Fine"
    assert note_cell("", ("stumble_reminder",)) == ""  # a reminder marks nothing
    assert note_cell("", ("pain_alert",)) == "pain alert"
    assert note_cell("[x] knee", ("pain_now", "stumble")) == "high pain before · stumble: [x] knee"


def checkin_app_at(stats_app, history):
    fill_eight_weeks(history)
    two_checkins(history)
    return stats_app()


@pytest.mark.parametrize("size", [(100, 50), (80, 24)], ids=["100x50", "80x24"])
def test_snapshot_program_with_two_checkins(snap_compare, stats_app, history, size):
    app = checkin_app_at(stats_app, history)

    async def run_before(pilot):
        await open_stats(None)(pilot)
        title = pilot.app.screen.query_one("#program-title")
        pilot.app.screen.query_one("#stats").scroll_to_widget(title, top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_snapshot_checkin_detail(snap_compare, stats_app, history):
    app = checkin_app_at(stats_app, history)

    async def run_before(pilot):
        await open_stats(None)(pilot)
        await open_checkin(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


async def test_the_picker_says_how_the_last_session_ended_as_the_history_does(stats_app, locations):
    # The newest of the newcomer trial was skipped through (completed by
    # skipping): the picker says so, in the history's one wording.
    newcomer_history(locations.database)
    app = stats_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).content)
        assert "Last done 2 days ago (skipped through)" in detail


async def test_a_session_in_the_future_is_shown_as_such_and_counted_for_nothing(
    stats_app, history, monkeypatch
):
    # A start at the end of the calendar: in Kiritimati (UTC+14) its local
    # time is past year 9999. The picker, the stats screen and the session's
    # details show it as in the future; this week counts only today's session.
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    stage1 = load_catalog(None).get("Stage 1 · Get comfortable")
    demo.record_session(history, stage1, NOW - timedelta(hours=3), stumbles=0)
    demo.record_session(history, stage1, datetime(9999, 12, 31, 20, tzinfo=UTC), stumbles=0)
    history.add_checkin(tug_seconds=12.3, taken_at=datetime(9999, 12, 31, 20, tzinfo=UTC))
    app = stats_app()
    app.wall_clock = NOW.astimezone  # the walker's local clock, as the app's own is
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).content)
        assert "Last done in the future, 31 Dec 9999 (completed)" in detail
        await open_stats(app)(pilot)
        headline = str(app.screen.query_one("#headline", Static).content)
        assert "Sessions         2\n" in headline  # both were walked
        assert "This week        1 session (goal 3)" in headline
        assert "Days in a row    1 (best 1)" in headline
        checkins = app.screen.query_one("#checkins", DataTable)
        assert checkins.get_row_at(0)[0].plain == "future 31 Dec 9999"  # `in_future`, as a session
        table = app.screen.query_one("#sessions", DataTable)
        assert table.get_row_at(0)[0].plain == "future 31 Dec 9999"
        assert table.get_row_at(1)[0].plain == "26 Nov 06:00"
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        summary = str(app.screen.query_one("#session-summary", Static).content)
        assert summary.startswith("Friday 31 December 9999, 20:00 (in the future)")


async def test_the_session_details_name_walked_time_and_each_segments_length(stats_app, history):
    one_session(history)  # stage 1: 180 s forward, 60 s backward, 60 s rest
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        summary = str(app.screen.query_one("#session-summary", Static).content)
        assert "Walked 4:00 · Backward 1:00 · Forward 3:00 · Rest 1:00" in summary
        steps = app.screen.query_one("#steps", DataTable)
        # A rest segment is not walked: each segment's time is its length.
        assert [c.label.plain for c in steps.columns.values()][3:5] == ["Planned", "Length"]


async def test_the_sessions_cursor_stays_where_it_was_after_a_detail_view(stats_app, history):
    from backwalk_tui.ui.screens.stats import TABLE_PAGE

    fill_eight_weeks(history)
    for hours in range(TABLE_PAGE):  # more than one page, so the row is on the second
        demo.record_session(
            history, load_catalog(None).get("Stage 1 · Get comfortable"),
            NOW - timedelta(days=70, hours=hours),
        )  # fmt: skip
    app = stats_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(app)(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        table.focus()
        table.move_cursor(row=TABLE_PAGE - 1, animate=False)  # the next page comes in
        await pilot.pause()
        target = TABLE_PAGE + 3
        table.move_cursor(row=target, animate=False)
        await pilot.pause()
        assert table.cursor_row == target
        chosen = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen) and table.cursor_row == target
        await pilot.press("delete")  # offers the session the cursor is on, not the newest
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert table.cursor_row == target  # the next older one took the deleted row's place
    assert chosen not in [s.id for s in History(history.path).sessions(steps=False)]
