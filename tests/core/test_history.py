"""The history store, on real SQLite files, with real separate processes."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backwalk_tui.history import MIGRATIONS, History
from backwalk_tui.plan import Step
from backwalk_tui.records import HistoryError

TZ = timezone(timedelta(hours=2))
CHILD_TIMEOUT = 30

DESIGN_SESSION_KEYS = [
    "id", "started_at", "ended_at", "preset", "status", "planned_seconds", "active_seconds",
    "seconds_by_kind", "pain_before", "pain_after", "stumbles", "notes", "skipped_through",
    "asleep_seconds", "segments", "notices",
]  # fmt: skip
DESIGN_SEGMENT_KEYS = [
    "index", "round", "kind", "planned_seconds", "target_steps", "active_seconds", "status",
]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.db"


def step(index: int, kind: str = "backward", planned: float | None = 30.0, **extra) -> Step:
    extra.setdefault("phase", "round")
    extra.setdefault("round", 1)
    return Step(index=index, kind=kind, planned_seconds=planned, **extra)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def raw(path: Path) -> sqlite3.Connection:
    """A second, independent connection, as another program would open it."""
    return sqlite3.connect(path, isolation_level=None)


# ------------------------------------------------------------------ schema


def test_new_database_has_the_latest_schema_version(db: Path):
    History(db).close()
    conn = raw(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 3
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"sessions", "segments", "checkins"} <= tables
    finally:
        conn.close()


def test_reopening_keeps_the_data_and_the_version(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="name = 'P'")
        history.finish_session(sid, "completed")
    with History(db) as history:
        assert [s.id for s in history.sessions()] == [sid]
        assert history._conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_connection_uses_wal_full_sync_and_a_busy_timeout(db: Path):
    with History(db) as history:
        conn = history._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # WAL is a property of the file: another program sees it too.
    other = raw(db)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()


# ------------------------------------------------------------- permissions


def test_data_dir_is_0700_and_database_0600(db: Path):
    assert not db.parent.exists()
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        history.record_step(sid, seq=0, step=step(0), active_seconds=1.0, status="completed")
        assert mode(db.parent) == 0o700
        assert mode(db) == 0o600
        wal = db.with_name(db.name + "-wal")
        if wal.exists():
            assert mode(wal) & 0o077 == 0


def test_a_loose_database_is_tightened_but_an_existing_folder_is_left_alone(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        history.finish_session(sid, "completed")
    db.chmod(0o644)
    db.parent.chmod(0o755)
    with History(db) as history:
        assert mode(db) == 0o600
        # Not ours to change once it exists (`--data-dir /tmp`); the CLI warns.
        assert mode(db.parent) == 0o755
        assert [s.id for s in history.sessions()] == [sid]


def test_a_shared_data_folder_is_never_chmodded(tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with History(shared / "history.db") as history:
        history.start_session(preset="P", preset_toml="")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert mode(shared / "history.db") == 0o600


# -------------------------------------------------------------- round trips


def test_a_whole_session_round_trips(db: Path):
    started = datetime(2026, 3, 2, 7, 30, tzinfo=TZ)
    toml = 'name = "Kitchen"\n[[segment]]\nkind = "backward"\nduration = 30\n'
    with History(db) as history:
        sid = history.start_session(
            preset="Kitchen", preset_toml=toml, stage=2, planned_seconds=400.0,
            pain_before=4, started_at=started,
        )  # fmt: skip
        fresh = history.session(sid)
        assert fresh is not None
        assert fresh.status == "in_progress"
        assert fresh.ended_at is None
        assert fresh.segments == ()
        assert fresh.active_seconds == 0

        history.record_step(
            sid, seq=0, step=step(0, "forward", 120.0, phase="warmup", round=None),
            active_seconds=120.0, status="completed", ended_at=started + timedelta(minutes=2),
        )  # fmt: skip
        history.record_step(
            sid, seq=1, step=step(1, "backward", None, target_steps=12),
            active_seconds=25.5, status="completed", ended_at=started + timedelta(minutes=3),
        )  # fmt: skip
        history.record_step(
            sid, seq=2, step=step(2, "sideways", 30.0),
            active_seconds=10.25, status="skipped", ended_at=started + timedelta(minutes=4),
        )  # fmt: skip
        history.record_step(
            sid, seq=3, step=step(3, "rest", 20.0, phase="rest"),
            active_seconds=20.0, status="interrupted", ended_at=started + timedelta(minutes=5),
        )  # fmt: skip
        history.finish_session(sid, "ended_early", ended_at=started + timedelta(minutes=5))
        history.update_answers(sid, pain_after=2, stumbles=0, notes="knee fine")
        record = history.session(sid)

    assert record is not None
    assert record.preset_toml == toml
    assert record.stage == 2
    assert record.started_at == started
    assert record.ended_at == started + timedelta(minutes=5)
    assert record.active_seconds == pytest.approx(175.75)
    assert record.seconds_by_kind == {
        "forward": 120.0, "backward": 25.5, "sideways": 10.25, "rest": 20.0,
    }  # fmt: skip
    assert [s.seq for s in record.segments] == [0, 1, 2, 3]
    assert record.to_json() == {
        "id": sid,
        "started_at": "2026-03-02T07:30:00+02:00",
        "ended_at": "2026-03-02T07:35:00+02:00",
        "preset": "Kitchen",
        "status": "ended_early",
        "planned_seconds": 400.0,
        "active_seconds": 175.75,
        "seconds_by_kind": {"forward": 120.0, "backward": 25.5, "sideways": 10.25, "rest": 20.0},
        "pain_before": 4,
        "pain_after": 2,
        "stumbles": 0,
        "notes": "knee fine",
        "skipped_through": False,
        "asleep_seconds": 0.0,
        "segments": [
            {"index": 0, "round": None, "kind": "forward", "planned_seconds": 120.0,
             "target_steps": None, "active_seconds": 120.0, "status": "completed"},
            {"index": 1, "round": 1, "kind": "backward", "planned_seconds": None,
             "target_steps": 12, "active_seconds": 25.5, "status": "completed"},
            {"index": 2, "round": 1, "kind": "sideways", "planned_seconds": 30.0,
             "target_steps": None, "active_seconds": 10.25, "status": "skipped"},
            {"index": 3, "round": 1, "kind": "rest", "planned_seconds": 20.0,
             "target_steps": None, "active_seconds": 20.0, "status": "interrupted"},
        ],
        "notices": [],
    }  # fmt: skip


def test_to_json_has_exactly_the_design_keys_and_iso_times_with_offset(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")  # now, local time
        history.record_step(sid, seq=0, step=step(0), active_seconds=3.0, status="completed")
        history.finish_session(sid, "completed")
        data = json.loads(json.dumps(history.session(sid).to_json()))
    assert list(data) == DESIGN_SESSION_KEYS
    assert list(data["seconds_by_kind"]) == ["forward", "backward", "sideways", "rest"]
    assert [list(s) for s in data["segments"]] == [DESIGN_SEGMENT_KEYS]
    for key in ("started_at", "ended_at"):
        moment = datetime.fromisoformat(data[key])
        assert moment.utcoffset() is not None, data[key]
        assert data[key][-6] in "+-" and data[key][-3] == ":", data[key]


def test_seconds_by_kind_sums_each_kind_and_has_every_kind(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        for seq, (kind, seconds) in enumerate(
            [("forward", 30.0), ("backward", 45.0), ("forward", 15.0), ("backward", 2.5)]
        ):
            history.record_step(
                sid, seq=seq, step=step(seq, kind), active_seconds=seconds, status="completed"
            )
        record = history.session(sid)
    assert record.seconds_by_kind == {
        "forward": 45.0, "backward": 47.5, "sideways": 0.0, "rest": 0.0,
    }  # fmt: skip
    assert record.active_seconds == pytest.approx(92.5)


def test_bad_statuses_are_refused(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        with pytest.raises(ValueError):
            history.record_step(sid, seq=0, step=step(0), active_seconds=1.0, status="done")
        with pytest.raises(ValueError):
            history.finish_session(sid, "in_progress")
        with pytest.raises(ValueError):
            history.finish_session(sid, "finished")
        record = history.session(sid)
        assert record.status == "in_progress"
        assert record.segments == ()


def test_sessions_newest_first_with_since_and_limit(db: Path):
    days = [datetime(2026, 1, d, 12, 0, tzinfo=TZ) for d in (5, 10, 20)]
    with History(db) as history:
        ids = []
        for number, started in enumerate(days, start=1):
            sid = history.start_session(preset=f"P{number}", preset_toml="", started_at=started)
            for seq in range(number):  # 1, 2 and 3 steps
                history.record_step(
                    sid, seq=seq, step=step(seq), active_seconds=10.0, status="completed"
                )
            history.finish_session(sid, "completed", ended_at=started + timedelta(minutes=5))
            ids.append(sid)
        a, b, c = ids

        everything = history.sessions()
        assert [s.id for s in everything] == [c, b, a]
        assert [len(s.segments) for s in everything] == [3, 2, 1]
        assert [s.active_seconds for s in everything] == [30.0, 20.0, 10.0]

        assert [s.id for s in history.sessions(since=days[1])] == [c, b]
        assert [s.id for s in history.sessions(since=days[1] + timedelta(seconds=1))] == [c]
        # The same moment in another offset is the same moment.
        in_utc = days[1].astimezone(UTC)
        assert [s.id for s in history.sessions(since=in_utc)] == [c, b]
        assert [s.id for s in history.sessions(limit=2)] == [c, b]
        assert [s.id for s in history.sessions(limit=1)] == [c]
        assert [s.id for s in history.sessions(since=days[0], limit=2)] == [c, b]
        assert history.sessions(since=datetime(2026, 2, 1, tzinfo=TZ)) == []

        assert history.session(b).preset == "P2"
        assert history.session(10_000) is None


def test_sessions_started_at_the_same_moment_are_newest_id_first(db: Path):
    moment = datetime(2026, 1, 5, 12, 0, tzinfo=TZ)
    with History(db) as history:
        first = history.start_session(preset="A", preset_toml="", started_at=moment)
        second = history.start_session(preset="B", preset_toml="", started_at=moment)
        assert [s.id for s in history.sessions()] == [second, first]


def test_empty_history_has_no_sessions(db: Path):
    with History(db) as history:
        assert history.sessions() == []
        assert history.sessions(limit=3) == []


def test_delete_session_removes_it_and_its_steps(db: Path):
    with History(db) as history:
        keep = history.start_session(preset="Keep", preset_toml="")
        history.record_step(keep, seq=0, step=step(0), active_seconds=5.0, status="completed")
        gone = history.start_session(preset="Gone", preset_toml="")
        for seq in range(3):
            history.record_step(gone, seq=seq, step=step(seq), active_seconds=5.0,
                                status="completed")  # fmt: skip
        history.delete_session(gone)
        assert history.session(gone) is None
        assert [s.id for s in history.sessions()] == [keep]
        assert len(history.session(keep).segments) == 1
    conn = raw(db)
    try:
        counts = dict(conn.execute("SELECT session_id, COUNT(*) FROM segments GROUP BY session_id"))
    finally:
        conn.close()
    assert counts == {keep: 1}


# ------------------------------------------------------------ durability


def test_each_step_is_committed_as_it_finishes(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        other = raw(db)
        try:
            row = other.execute("SELECT status FROM sessions WHERE id = ?", (sid,)).fetchone()
            assert row == ("in_progress",)
            for seq in range(3):
                history.record_step(
                    sid, seq=seq, step=step(seq), active_seconds=10.0, status="completed"
                )
                count, total = other.execute(
                    "SELECT COUNT(*), (SELECT active_seconds FROM sessions WHERE id = ?) "
                    "FROM segments WHERE session_id = ?",
                    (sid, sid),
                ).fetchone()
                assert count == seq + 1
                assert total == pytest.approx(10.0 * (seq + 1))
            history.update_answers(sid, notes="mid-way")
            assert other.execute("SELECT notes FROM sessions").fetchone() == ("mid-way",)
        finally:
            other.close()


# ----------------------------------------------------------------- answers


@pytest.mark.parametrize("value", [11, -1, "5", 5.5, 100])
@pytest.mark.parametrize("key", ["pain_before", "pain_after"])
def test_update_answers_refuses_pain_outside_0_to_10(db: Path, key: str, value: object):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="", pain_before=3)
        with pytest.raises(ValueError, match="0 to 10"):
            history.update_answers(sid, **{key: value}, notes="never saved")
        record = history.session(sid)
    assert (record.pain_before, record.pain_after, record.notes) == (3, None, "")


def test_update_answers_accepts_the_ends_of_the_scale(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        history.update_answers(sid, pain_before=0, pain_after=10)
        record = history.session(sid)
    assert (record.pain_before, record.pain_after) == (0, 10)


def test_update_answers_leaves_unnamed_fields_alone(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="", pain_before=6)
        history.update_answers(sid, pain_after=3)
        record = history.session(sid)
        assert (record.pain_before, record.pain_after, record.stumbles, record.notes) == (
            6, 3, None, "",
        )  # fmt: skip
        history.update_answers(sid, notes="a wobble at the door", stumbles=1)
        record = history.session(sid)
        assert (record.pain_before, record.pain_after, record.stumbles, record.notes) == (
            6, 3, 1, "a wobble at the door",
        )  # fmt: skip
        history.update_answers(sid)  # nothing named: nothing changes
        history.update_answers(sid, pain_before=None)  # None is a real answer: "not given"
        record = history.session(sid)
        assert (record.pain_before, record.pain_after, record.stumbles, record.notes) == (
            None, 3, 1, "a wobble at the door",
        )  # fmt: skip
        assert record.status == "in_progress"


# -------------------------------------------------------- damaged databases


def _moved_aside(db: Path) -> list[Path]:
    return sorted(db.parent.glob(db.name + ".unreadable-*"))


def _check_fresh_store_works(history: History) -> None:
    assert history.sessions() == []
    sid = history.start_session(preset="After", preset_toml="")
    history.record_step(sid, seq=0, step=step(0), active_seconds=4.0, status="completed")
    history.finish_session(sid, "completed")
    assert [(s.preset, s.active_seconds) for s in history.sessions()] == [("After", 4.0)]


def test_a_garbage_file_is_moved_aside_not_deleted(db: Path):
    db.parent.mkdir(parents=True)
    garbage = b"this is not an SQLite database, just some bytes\n" * 200
    db.write_bytes(garbage)
    with History(db) as history:
        moved = _moved_aside(db)
        assert len(moved) == 1
        assert moved[0].read_bytes() == garbage
        assert history.notice is not None
        assert str(moved[0]) in history.notice
        _check_fresh_store_works(history)
    with History(db) as again:
        assert again.notice is None
        assert [s.preset for s in again.sessions()] == ["After"]
    assert _moved_aside(db) == moved


def test_a_database_truncated_mid_way_is_moved_aside(db: Path):
    with History(db) as history:
        for number in range(120):
            sid = history.start_session(preset=f"P{number}", preset_toml="x" * 1500)
            history.record_step(sid, seq=0, step=step(0), active_seconds=1.0, status="completed")
            history.finish_session(sid, "completed")
    assert not db.with_name(db.name + "-wal").exists()  # all checkpointed into the file
    whole = db.read_bytes()
    assert len(whole) > 100_000
    cut = whole[: len(whole) // 2 + 123]  # not even on a page boundary
    db.write_bytes(cut)

    with History(db) as history:
        moved = _moved_aside(db)
        assert len(moved) == 1
        assert moved[0].read_bytes() == cut
        assert history.notice is not None and str(moved[0]) in history.notice
        _check_fresh_store_works(history)


def test_two_unreadable_files_in_a_row_both_survive(db: Path):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"first garbage " * 100)
    History(db).close()
    History(db).close()  # healthy now: nothing moved
    assert len(_moved_aside(db)) == 1
    db.write_bytes(b"second garbage " * 100)
    History(db).close()
    moved = _moved_aside(db)
    assert sorted(p.read_bytes() for p in moved) == [b"first garbage " * 100,
                                                      b"second garbage " * 100]  # fmt: skip


def _newer_database(db: Path, journal_mode: str) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, shape_from_the_future TEXT)")
    conn.execute("INSERT INTO sessions VALUES (1, 'keep me')")
    conn.commit()
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_newer_schema_is_refused_and_left_untouched(db: Path, journal_mode: str):
    _newer_database(db, journal_mode)
    before = db.read_bytes()
    with pytest.raises(HistoryError, match="newer version"):
        History(db)
    assert _moved_aside(db) == []
    assert db.read_bytes() == before


# ------------------------------------------------- live and dead processes

CHILD = r"""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from backwalk_tui.history import History
from backwalk_tui.plan import Step

path, finish_as, steps = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
tz = timezone(timedelta(hours=1))
history = History(path)
sid = history.start_session(
    preset="Child", preset_toml="", started_at=datetime(2026, 3, 2, 8, 0, tzinfo=tz)
)
for seq in range(steps):
    history.record_step(
        sid, seq=seq, active_seconds=30.0, status="completed",
        step=Step(index=seq, phase="round", round=1, kind="backward", planned_seconds=30.0),
        ended_at=datetime(2026, 3, 2, 8, 0, tzinfo=tz) + timedelta(seconds=30 * (seq + 1)),
    )
if finish_as != "-":
    history.finish_session(sid, finish_as, ended_at=datetime(2026, 3, 2, 8, 5, tzinfo=tz))
print(sid, flush=True)
command = sys.stdin.readline().strip()
if command == "finish":
    history.finish_session(sid, "completed", ended_at=datetime(2026, 3, 2, 8, 9, tzinfo=tz))
    history.close()
    print("finished", flush=True)
# "exit" (or end of input): leave without finishing, like a crash or a closed terminal.
"""

PEEK = r"""
import sys
from pathlib import Path
from backwalk_tui.history import History

with History(Path(sys.argv[1])) as history:
    print(history.recovered, history.session(int(sys.argv[2])).status, flush=True)
"""

CHILD_TZ = timezone(timedelta(hours=1))


@pytest.fixture
def children():
    """Start helper processes; whatever is still running at the end is killed."""
    started: list[subprocess.Popen] = []

    def spawn(*args: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        started.append(proc)
        return proc

    yield spawn
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=CHILD_TIMEOUT)


def read_line(proc: subprocess.Popen, timeout: float = CHILD_TIMEOUT) -> str:
    """The child's next output line, or a failure (never a hang)."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        proc.kill()
        pytest.fail(f"no output from the child within {timeout}s")
    line = proc.stdout.readline()
    if not line:
        proc.wait(timeout=CHILD_TIMEOUT)
        pytest.fail(f"child ended (exit {proc.returncode}): {proc.stderr.read()}")
    return line.strip()


def start_child(children, db: Path, finish_as: str = "-", steps: int = 1) -> tuple:
    proc = children(CHILD, str(db), finish_as, str(steps))
    sid = int(read_line(proc))
    return proc, sid


def peek(db: Path, sid: int) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PEEK, str(db), str(sid)],
        capture_output=True, text=True, timeout=CHILD_TIMEOUT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_live_session_in_another_process_is_never_marked(db: Path, children):
    proc, sid = start_child(children, db)

    with History(db) as history:  # this process
        assert history.recovered == 0
        assert history.session(sid).status == "in_progress"
    assert peek(db, sid) == "0 in_progress"  # a third process
    assert peek(db, sid) == "0 in_progress"  # and again: nothing was disturbed
    assert proc.poll() is None

    # The owner can still finish its session normally.
    proc.stdin.write("finish\n")
    proc.stdin.flush()
    assert read_line(proc) == "finished"
    assert proc.wait(timeout=CHILD_TIMEOUT) == 0
    with History(db) as history:
        record = history.session(sid)
    assert record.status == "completed"
    assert record.ended_at == datetime(2026, 3, 2, 8, 9, tzinfo=CHILD_TZ)


@pytest.mark.parametrize("how", ["SIGKILL", "SIGHUP", "exit"])
def test_a_session_whose_process_died_is_marked_interrupted(db: Path, children, how: str):
    proc, sid = start_child(children, db, steps=2)
    if how == "exit":
        proc.stdin.write("exit\n")
        proc.stdin.flush()
    else:
        proc.send_signal(getattr(signal, how))
    proc.wait(timeout=CHILD_TIMEOUT)

    with History(db) as history:
        assert history.recovered == 1
        record = history.session(sid)
    assert record.status == "interrupted"
    assert [(s.index, s.active_seconds, s.status) for s in record.segments] == [
        (0, 30.0, "completed"), (1, 30.0, "completed"),
    ]  # fmt: skip
    assert record.active_seconds == 60.0
    # Ended when its last step ended.
    assert record.ended_at == datetime(2026, 3, 2, 8, 1, 0, tzinfo=CHILD_TZ)

    with History(db) as history:  # marked once only
        assert history.recovered == 0
        assert history.session(sid).status == "interrupted"


def test_a_dead_session_without_steps_ends_when_it_started(db: Path, children):
    proc, sid = start_child(children, db, steps=0)
    proc.kill()
    proc.wait(timeout=CHILD_TIMEOUT)
    assert peek(db, sid) == "1 interrupted"
    with History(db) as history:
        record = history.session(sid)
    assert record.ended_at == datetime(2026, 3, 2, 8, 0, tzinfo=CHILD_TZ)
    assert record.segments == ()


@pytest.mark.parametrize("status", ["completed", "ended_early"])
def test_a_finished_session_is_never_touched(db: Path, children, status: str):
    proc, sid = start_child(children, db, finish_as=status, steps=1)
    proc.kill()
    proc.wait(timeout=CHILD_TIMEOUT)
    with History(db) as history:
        assert history.recovered == 0
        record = history.session(sid)
    assert record.status == status
    assert record.ended_at == datetime(2026, 3, 2, 8, 5, tzinfo=CHILD_TZ)
    assert len(record.segments) == 1


def test_a_second_history_in_the_same_process_leaves_a_live_session_alone(db: Path):
    with History(db) as first:
        sid = first.start_session(preset="P", preset_toml="")
        with History(db) as second:
            assert second.recovered == 0
            assert second.session(sid).status == "in_progress"
        first.record_step(sid, seq=0, step=step(0), active_seconds=1.0, status="completed")
        first.finish_session(sid, "completed")
    with History(db) as history:
        assert history.session(sid).status == "completed"


def test_closing_without_finishing_leaves_an_interrupted_session(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
    with History(db) as history:
        assert history.recovered == 1
        assert history.session(sid).status == "interrupted"


RECORDER = r"""
import sys
from pathlib import Path

from backwalk_tui.history import History
from backwalk_tui.plan import Step

path, steps = Path(sys.argv[1]), int(sys.argv[2])
history = History(path)
print("ready", flush=True)
sys.stdin.readline()
sid = history.start_session(preset=sys.argv[3], preset_toml="")
for seq in range(steps):
    history.record_step(
        sid, seq=seq, active_seconds=1.5, status="completed",
        step=Step(index=seq, phase="round", round=1, kind="backward", planned_seconds=1.5),
    )
history.finish_session(sid, "completed")
history.close()
print(sid, flush=True)
"""


def test_two_processes_recording_at_once_both_save_every_step(db: Path, children):
    History(db).close()  # an existing store, as on every day after the first
    steps = 200
    procs = [children(RECORDER, str(db), str(steps), name) for name in ("A", "B")]
    for proc in procs:
        assert read_line(proc) == "ready"
    for proc in procs:  # start both at the same moment
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=60) for proc in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.strip().isdigit()
        assert "locked" not in err
        assert err == ""

    with History(db) as history:
        sessions = {s.preset: s for s in history.sessions()}
    assert set(sessions) == {"A", "B"}
    for record in sessions.values():
        assert record.status == "completed"
        assert [s.index for s in record.segments] == list(range(steps))
        assert record.active_seconds == pytest.approx(1.5 * steps)


OPENER = r"""
import sys
from pathlib import Path

from backwalk_tui.history import History

print("ready", flush=True)
sys.stdin.readline()
try:
    with History(Path(sys.argv[1])) as history:
        history.finish_session(history.start_session(preset="P", preset_toml=""), "completed")
except Exception as exc:
    print(f"ERR {exc}", flush=True)
    raise SystemExit(1)
print("ok", flush=True)
"""


def test_two_processes_creating_the_store_at_once_both_succeed(tmp_path: Path, children):
    for trial in range(10):
        db = tmp_path / f"trial{trial}" / "history.db"
        procs = [children(OPENER, str(db)) for _ in range(3)]
        for proc in procs:
            assert read_line(proc) == "ready"
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=60)[0].strip() for proc in procs]
        assert outputs == ["ok", "ok", "ok"], f"trial {trial}: {outputs}"
        with History(db) as history:
            assert len(history.sessions()) == 3


def test_live_lock_files_are_private(db: Path):
    with History(db) as history:
        history.start_session(preset="P", preset_toml="")
        locks = [p for p in db.parent.rglob("*") if p.is_file() and p.suffix == ".lock"]
        assert locks, "a live session holds a lock file"
        for lock in locks:
            assert mode(lock) & 0o077 == 0
            assert os.access(lock, os.R_OK)


def test_a_lock_left_by_a_process_killed_before_its_session_is_swept(db: Path):
    import fcntl

    with History(db):
        pass
    live = db.parent / "live"
    # Killed after taking its lock, before its session row was written: the
    # lock file is left, unlocked, and no session names it.
    (live / "0123abcd.lock").write_text("")
    # A copy still running holds its lock: that file must stay.
    held = live / "4567ef01.lock"
    held.write_text("")
    handle = os.open(held, os.O_RDWR)
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        with History(db) as history:
            history.start_session(preset="P", preset_toml="")
            names = sorted(p.name for p in live.iterdir())
            assert "0123abcd.lock" not in names
            assert "4567ef01.lock" in names
            assert len(names) == 2, "this copy's own lock, and the running one's"
    finally:
        os.close(handle)


def test_sessions_without_steps_carry_the_same_totals(tmp_path: Path):
    from datetime import datetime

    from backwalk_tui import demo
    from backwalk_tui.presets import load_catalog

    with History(tmp_path / "history.db") as history:
        end = datetime(2026, 11, 20, 12, 0).astimezone()
        demo.fill_history(history, load_catalog(None), end=end, weeks=4, per_week=5, seed=2)
        full = history.sessions()
        light = history.sessions(steps=False)
    assert len(full) == len(light) > 5
    for with_steps, without in zip(full, light, strict=True):
        assert without.segments == ()
        assert without.seconds_by_kind == pytest.approx(with_steps.seconds_by_kind)
        assert sum(with_steps.seconds_by_kind.values()) == pytest.approx(with_steps.active_seconds)


# ------------------------------------------------ schema 3: check-ins, notices

CHECKIN_KEYS = ["id", "taken_at", "tug_seconds", "pain_week", "notes"]


def version_2_history(db: Path) -> None:
    """A history as backwalk with schema version 2 wrote it: two sessions, one with steps."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for migration in MIGRATIONS[:2]:
        conn.executescript(migration)
    conn.execute("PRAGMA user_version = 2")
    started = datetime(2026, 11, 2, 9, 30, tzinfo=TZ)
    for sid, (stumbles, pain) in enumerate([(0, (3, 2)), (1, (4, 7))], start=1):
        at = started + timedelta(days=2 * sid)
        conn.execute(
            """INSERT INTO sessions (id, started_at, started_ts, ended_at, preset, stage,
                   preset_toml, status, planned_seconds, active_seconds, pain_before,
                   pain_after, stumbles, notes, asleep_seconds)
               VALUES (?, ?, ?, ?, 'Stage 2', 2, 'name = "Stage 2"', 'completed', 400,
                       390.5, ?, ?, ?, 'kitchen', 12.5)""",
            (sid, at.isoformat(), at.timestamp(), (at + timedelta(minutes=7)).isoformat(),
             *pain, stumbles),
        )  # fmt: skip
        conn.execute(
            """INSERT INTO segments VALUES (?, 0, 0, 1, 'backward', 30, NULL, 29.5,
                   'completed', ?)""",
            (sid, at.isoformat()),
        )
    conn.close()


def test_a_version_2_history_is_brought_to_version_3_and_keeps_every_session(db: Path):
    version_2_history(db)
    copy = db.with_name("copy.db")
    copy.write_bytes(db.read_bytes())
    with History(copy) as history:
        sessions = history.sessions()
        assert history._conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert history.checkins() == []
    old = sqlite3.connect(db)
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 2  # the copy was migrated
    finally:
        old.close()
    assert [s.id for s in sessions] == [2, 1]
    newest = sessions[0]
    assert (newest.preset, newest.stage, newest.status) == ("Stage 2", 2, "completed")
    assert (newest.pain_before, newest.pain_after, newest.stumbles) == (4, 7, 1)
    assert (newest.active_seconds, newest.asleep_seconds, newest.notes) == (390.5, 12.5, "kitchen")
    assert newest.seconds_by_kind["backward"] == 29.5
    assert newest.notices == ()
    assert newest.to_json()["notices"] == []
    with History(copy) as history:  # and, migrated, it opens as it is
        history.add_checkin(tug_seconds=11.0, pain_week=4)
        history.add_notice(1, "pain_alert")
        assert history.session(1).notices == ("pain_alert",)
        assert len(history.checkins()) == 1


def test_a_read_only_version_2_history_is_refused_unchanged(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("file permissions do not bind root")  # the CLI test covers root's case
    db = tmp_path / "data" / "history.db"
    version_2_history(db)
    db.chmod(0o400)
    before = db.read_bytes()
    try:
        with pytest.raises(HistoryError, match="older backwalk"):
            History(db)
    finally:
        db.chmod(0o600)
    assert db.read_bytes() == before


def test_a_read_only_version_2_history_is_refused_as_an_ordinary_user(tmp_path: Path):
    nobody = 65534
    if os.geteuid() != 0:
        pytest.skip("needs root to become an ordinary user")
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="backwalk-v2-"))
    try:
        root.chmod(0o755)
        db = root / "data" / "history.db"
        version_2_history(db)
        for path in [root, *root.rglob("*")]:
            os.chown(path, nobody, nobody)
        db.chmod(0o400)
        before = db.read_bytes()
        os.setegid(nobody)
        os.seteuid(nobody)
        try:
            with pytest.raises(HistoryError, match="older backwalk"):
                History(db)
        finally:
            os.seteuid(0)
            os.setegid(0)
        assert db.read_bytes() == before
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_checkins_are_added_listed_newest_first_updated_and_deleted(db: Path):
    first_day = datetime(2026, 11, 2, 10, 0, tzinfo=TZ)
    with History(db) as history:
        first = history.add_checkin(tug_seconds=12.34, pain_week=6, taken_at=first_day)
        later = history.add_checkin(
            pain_week=5, notes="no TUG today", taken_at=first_day + timedelta(days=21)
        )
        assert [c.id for c in history.checkins()] == [later, first]
        stored = history.checkin(first)
        assert stored is not None
        assert stored.tug_seconds == 12.3  # kept to 0.1 s
        assert stored.taken_at == first_day and stored.taken_at.utcoffset() == timedelta(hours=2)
        assert history.checkin(later).tug_seconds is None
        history.update_checkin(later, tug_seconds=10.06)
        changed = history.checkin(later)
        assert (changed.tug_seconds, changed.pain_week, changed.notes) == (10.1, 5, "no TUG today")
        history.update_checkin(later, pain_week=None, notes="")
        assert (history.checkin(later).pain_week, history.checkin(later).notes) == (None, "")
        history.delete_checkin(first)
        assert [c.id for c in history.checkins()] == [later]
        assert history.checkin(first) is None
    with History(db) as history:  # committed: another open sees it
        assert [c.id for c in history.checkins()] == [later]


def test_a_checkin_to_json_has_exactly_the_design_keys(db: Path):
    with History(db) as history:
        cid = history.add_checkin(tug_seconds=9.87, pain_week=0, notes="with a stick")
        data = json.loads(json.dumps(history.checkin(cid).to_json()))
    assert list(data) == CHECKIN_KEYS
    assert (data["tug_seconds"], data["pain_week"], data["notes"]) == (9.9, 0, "with a stick")
    moment = datetime.fromisoformat(data["taken_at"])
    assert moment.utcoffset() is not None


@pytest.mark.parametrize(
    "values",
    [
        {"pain_week": 11},
        {"pain_week": -1},
        {"pain_week": 2.5},
        {"pain_week": True},
        {"tug_seconds": 0},
        {"tug_seconds": -3.0},
        {"tug_seconds": "12"},
        {"notes": None},
    ],
)
def test_a_checkin_out_of_range_is_refused_and_nothing_is_stored(db: Path, values: dict):
    with History(db) as history:
        with pytest.raises(ValueError):
            history.add_checkin(**values)
        cid = history.add_checkin(pain_week=3)
        with pytest.raises(ValueError):
            history.update_checkin(cid, **values)
        assert [(c.pain_week, c.tug_seconds, c.notes) for c in history.checkins()] == [
            (3, None, "")
        ]


def test_a_checkin_without_either_measure_is_refused(db: Path):
    with History(db) as history:
        with pytest.raises(ValueError, match="Timed Up and Go time or a pain rating"):
            history.add_checkin(notes="only a note")
        cid = history.add_checkin(tug_seconds=11.0)
        with pytest.raises(ValueError, match="Timed Up and Go time or a pain rating"):
            history.update_checkin(cid, tug_seconds=None)
        history.update_checkin(cid, tug_seconds=None, pain_week=3)  # one for the other: fine
        assert [(c.tug_seconds, c.pain_week) for c in history.checkins()] == [(None, 3)]


def test_pain_week_edges_0_and_10_are_kept(db: Path):
    with History(db) as history:
        history.add_checkin(pain_week=0)
        history.add_checkin(pain_week=10)
        assert sorted(c.pain_week for c in history.checkins()) == [0, 10]


def test_notices_are_kept_once_each_in_the_order_shown(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        other = history.start_session(preset="Q", preset_toml="")
        history.add_notice(sid, "pain_now")
        history.add_notice(sid, "stumble")
        history.add_notice(sid, "pain_now")
        history.add_notice(sid, "pain_alert")
        history.add_notice(12345, "stumble")  # a session deleted meanwhile: nothing to mark
    with History(db) as history:
        assert history.session(sid).notices == ("pain_now", "stumble", "pain_alert")
        assert history.session(other).notices == ()
        listed = {s.id: s.notices for s in history.sessions(steps=False)}
        assert listed[sid] == ("pain_now", "stumble", "pain_alert")
        assert history.session(sid).to_json()["notices"] == ["pain_now", "stumble", "pain_alert"]


def test_a_session_starts_with_the_notices_its_safety_check_showed(db: Path):
    with History(db) as history:
        sid = history.start_session(
            preset="P", preset_toml="", pain_before=8,
            notices=("pain_now", "stumble_reminder", "pain_now"),
        )  # fmt: skip
        history.add_notice(sid, "pain_alert")
        assert history.session(sid).notices == ("pain_now", "stumble_reminder", "pain_alert")


def test_a_notices_cell_spoiled_by_another_program_reads_as_none(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
    conn = raw(db)
    conn.execute("UPDATE sessions SET notices = 'not json' WHERE id = ?", (sid,))
    conn.close()
    with History(db) as history:
        assert history.session(sid).notices == ()
        history.add_notice(sid, "stumble")
        assert history.session(sid).notices == ("stumble",)


def test_deleting_a_session_keeps_the_checkins(db: Path):
    with History(db) as history:
        sid = history.start_session(preset="P", preset_toml="")
        history.add_checkin(pain_week=2)
        history.delete_session(sid)
        assert len(history.checkins()) == 1
