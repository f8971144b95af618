"""A stored row backwalk cannot read (another program wrote it) never hides the rest.

It is left out of what is read and said once, naming its table, id and field;
the file is never changed by reading it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta

import pytest
from textual.widgets import DataTable

from backwalk_tui import cli, demo
from backwalk_tui.history import History
from backwalk_tui.presets import load_catalog

NOW = datetime.now().astimezone().replace(microsecond=0)


def fill(database) -> None:
    """Four sessions (ids 1-4, newest last) and three check-ins (ids 1-3)."""
    stage = next(p for p in load_catalog(None) if p.builtin and p.stage == 1)
    with History(database) as history:
        for days in (4, 3, 2, 1):
            demo.record_session(history, stage, NOW - timedelta(days=days), pain_before=2)
        for days, tug in ((9, 14.0), (5, 13.0), (2, 12.0)):
            history.add_checkin(tug_seconds=tug, pain_week=3, taken_at=NOW - timedelta(days=days))


def spoil(database, *statements: str) -> str:
    """Write what another program might; the file's digest afterwards."""
    with sqlite3.connect(database) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()
    return hashlib.sha256(database.read_bytes()).hexdigest()


WEIRD = "UPDATE sessions SET status = 'weird' WHERE id = 4"
SPOILED = (
    "UPDATE sessions SET started_at = 'garbage' WHERE id = 3",
    "UPDATE sessions SET ended_at = '2026-13-45' WHERE id = 2",
    "UPDATE checkins SET taken_at = 'yesterday' WHERE id = 2",
)


def test_each_unreadable_row_is_left_out_and_said_once(locations):
    fill(locations.database)
    digest = spoil(locations.database, *SPOILED)
    said: list[str] = []
    with History(locations.database) as history:
        history.on_unreadable = said.append
        assert [s.id for s in history.sessions()] == [4, 1]
        assert [s.id for s in history.sessions(steps=False)] == [4, 1]
        assert history.session(3) is None and history.session(4) is not None
        assert [c.id for c in history.checkins()] == [3, 1]
        assert history.checkin(2) is None and history.checkin(1) is not None
        assert set(history.last_by_preset()) == {"Stage 1 · Get comfortable"}
    assert len(said) == 3  # once each, however often read
    assert any("sessions row 3" in line and "started_at 'garbage'" in line for line in said)
    assert any("sessions row 2" in line and "ended_at '2026-13-45'" in line for line in said)
    assert any("checkins row 2" in line and "taken_at 'yesterday'" in line for line in said)
    assert hashlib.sha256(locations.database.read_bytes()).hexdigest() == digest


def test_a_time_without_its_offset_is_unreadable(locations):
    fill(locations.database)
    spoil(locations.database, "UPDATE sessions SET started_at = '2026-12-01T10:00:00' WHERE id = 1")
    with History(locations.database) as history:
        assert [s.id for s in history.sessions()] == [4, 3, 2]
        assert "has no UTC offset" in history.unreadable[("sessions", 1)]


@pytest.mark.parametrize(
    "argv",
    [
        ["history"], ["history", "--json"], ["history", "--csv"], ["checkins"],
        ["stats"], ["due"], ["report", "-o", "-"],
    ],
)  # fmt: skip
def test_commands_read_the_rest_and_say_each_row_on_stderr(locations, capsys, argv):
    fill(locations.database)
    digest = spoil(locations.database, *SPOILED, WEIRD)
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    lines = [line for line in err.splitlines() if "cannot be read" in line]
    assert len(lines) == len(set(lines)) >= 1
    assert all(line.startswith("backwalk: ") and "left out" in line for line in lines)
    if argv[0] == "history" and len(argv) == 1:
        assert "weird" in out  # an unknown status shown as written
    assert hashlib.sha256(locations.database.read_bytes()).hexdigest() == digest


async def test_the_app_reads_the_rest_and_says_each_row(app_factory, locations):
    fill(locations.database)
    spoil(locations.database, *SPOILED, WEIRD)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        while app.screen.query_one("#sessions", DataTable).row_count < 2:
            await pilot.pause()
        # The notices as the app keeps them (toasts come and go with time).
        shown = " ".join(n.message for n in app._notifications)
        assert "sessions row 3" in shown and "checkins row 2" in shown
        assert app.screen.query_one("#sessions", DataTable).row_count == 2


def test_a_stored_time_outside_the_rule_is_no_time(locations, capsys):
    fill(locations.database)
    spoil(
        locations.database,
        "UPDATE checkins SET tug_seconds = 0.04 WHERE id = 1",
        "UPDATE checkins SET tug_seconds = 3600 WHERE id = 2",
        "UPDATE checkins SET tug_seconds = 'soon', pain_week = NULL WHERE id = 3",
    )
    with History(locations.database) as history:
        found = {c.id: c.tug_seconds for c in history.checkins()}
        assert found == {1: None, 2: None}  # 3 measured nothing: left out, and said
        assert "checkins row 3" in history.unreadable[("checkins", 3)]
    assert cli.main(["checkins"]) == 0
    out = capsys.readouterr().out
    assert "0.0 s" not in out and "3600.0 s" not in out
