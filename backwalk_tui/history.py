"""The history store: every session a walker has done, in one SQLite file.

This is health data that people keep for years, so the store is built not to
lose it:
- WAL with `synchronous=FULL`, and one commit per finished step: a crash,
  `kill -9` or a closed terminal loses at most the step under way.
- A session is written `in_progress` when it starts. Whoever opens the history
  later marks such a session `interrupted` if the process that ran it is gone.
  "Gone" is decided by a lock file the running process holds (`flock`), so a
  second copy of backwalk never marks the first one's live session, and a
  re-used process id cannot fool it.
- A database that cannot be read or fails its integrity check is moved aside,
  never deleted, and a fresh one is started; `notice` says where it went.
- The folder is `0700` and the files `0600`. Nothing leaves the machine.

All SQL in backwalk lives in this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from backwalk_tui.kinds import KINDS
from backwalk_tui.locks import OwnerLock, owner_alive
from backwalk_tui.paths import PRIVATE_FILE_MODE, cannot_make_files_in, ensure_private_dir
from backwalk_tui.plan import Step
from backwalk_tui.records import (
    SESSION_STATUSES,
    STEP_STATUSES,
    TUG_DECIMALS,
    CheckinRecord,
    HistoryError,
    SegmentRecord,
    SessionRecord,
    checked_checkin,
    clean_note,
    is_whole,
    tug_kept,
)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000

# Each entry moves the schema up one version (PRAGMA user_version). Never edit
# a released entry; add a new one.
MIGRATIONS = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        started_ts REAL NOT NULL,
        ended_at TEXT,
        preset TEXT NOT NULL,
        stage INTEGER,
        preset_toml TEXT NOT NULL,
        status TEXT NOT NULL,
        planned_seconds REAL,
        active_seconds REAL NOT NULL DEFAULT 0,
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        stumbles INTEGER CHECK (stumbles >= 0),
        notes TEXT NOT NULL DEFAULT '',
        owner TEXT
    );
    CREATE INDEX sessions_by_start ON sessions (started_ts);
    CREATE INDEX sessions_in_progress ON sessions (status) WHERE status = 'in_progress';
    CREATE TABLE segments (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        step_index INTEGER NOT NULL,
        round INTEGER,
        kind TEXT NOT NULL,
        planned_seconds REAL,
        target_steps INTEGER,
        active_seconds REAL NOT NULL,
        status TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID;
    """,
    # 2: time the computer was asleep (suspended) during a session; never walking.
    """
    ALTER TABLE sessions ADD COLUMN asleep_seconds REAL NOT NULL DEFAULT 0;
    """,
    # 3: check-ins, the trial's own measures taken at home (a Timed Up and Go,
    # the week's average knee pain), and the notices shown with each session
    # (a JSON list of their kinds: "pain_alert", "stumble", ...).
    """
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        taken_at TEXT NOT NULL,
        taken_ts REAL NOT NULL,
        tug_seconds REAL CHECK (tug_seconds > 0),
        pain_week INTEGER CHECK (pain_week BETWEEN 0 AND 10),
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX checkins_by_time ON checkins (taken_ts);
    ALTER TABLE sessions ADD COLUMN notices TEXT NOT NULL DEFAULT '[]';
    """,
)


class _Unreadable(ValueError):
    """A stored value backwalk cannot read (another program, or a slip, wrote it)."""

    def __init__(self, column: str, value: object, why: str = "is not a date and time"):
        super().__init__(f"{column} {value!r} {why}")


def _stored_time(value: object, column: str) -> datetime:
    """A date and time as the store holds it, or _Unreadable naming `column`."""
    if not isinstance(value, str):
        raise _Unreadable(column, value)
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise _Unreadable(column, value) from None
    if found.tzinfo is None:  # backwalk always writes the offset; without, it compares with none
        raise _Unreadable(column, value, "has no UTC offset")
    return found


def now_local() -> datetime:
    """Wall-clock time with the local UTC offset: what `started_at` records."""
    return datetime.now(UTC).astimezone()


# -------------------------------------------------------------------- store


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    if not isinstance(exc, sqlite3.OperationalError):
        return True  # "file is not a database", "database disk image is malformed"
    return "malformed" in str(exc) or "not a database" in str(exc)


def _writable(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def _cannot_write(database: Path) -> bool:
    """The history exists (or its folder does) but this user cannot write it."""
    folder = database.parent
    if database.exists():
        return not (_writable(database) and _writable(folder))
    return folder.exists() and not _writable(folder)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _place_problem(database: Path) -> str | None:
    """Why no history can be read or started at `database`; None when it can.

    A link to nothing may point at the walker's real history on a drive not
    mounted now: a new history is never started at its other end unseen.
    """
    for place in (database, *database.parents):
        if place.is_symlink() and not place.exists():
            return (
                f"{place} is a link to {os.readlink(place)}, which does not exist "
                "(a drive not mounted?). Nothing was read or started there: "
                "make the link's target reachable, or remove the link for a new history"
            )
        if place.exists():
            if place == database:
                return None
            if not place.is_dir():
                return f"{database.parent} cannot hold the history: {place} is not a folder"
            # No history yet: "No sessions yet" only where one could be started.
            # Tried in the data folder alone: never a file made in a folder above it.
            reason = cannot_make_files_in(place) if place == database.parent else None
            if reason:
                return (
                    f"{database.parent} cannot hold the history: "
                    f"no file can be made in {place} ({reason})"
                )
            return None
    return None


def not_started(database: Path) -> bool:
    """No history has been started at `database` yet: there is nothing to read.

    HistoryError when none can be there (`_place_problem`): reading it as empty
    would say "No sessions yet" of a history that is only out of reach.
    """
    problem = _place_problem(database)
    if problem is not None:
        raise HistoryError(problem)
    return not database.exists()


class History:
    """The walker's history, in the SQLite file at `path`."""

    def __init__(self, path: Path, *, durable: bool = True):
        self.path = Path(path)
        #: False only to generate made-up history fast (benchmarks, docs):
        #: commits then skip the wait for the disk.
        self.durable = durable
        #: A message for the walker about something done while opening, or None.
        self.notice: str | None = None
        #: How many sessions left behind by a dead process were marked interrupted.
        self.recovered = 0
        self._owner: OwnerLock | None = None
        #: Opened only to read: the file or its folder cannot be written.
        self.read_only = _cannot_write(self.path)
        #: Sessions left `in_progress` by a process that is gone, while they
        #: cannot be marked: shown as interrupted all the same.
        self._orphans: set[int] = set()
        if (problem := _place_problem(self.path)) is not None:
            raise HistoryError(problem)
        #: Stored rows that could not be read, one line each: they are left out of
        #: what is read, and the file is not changed. Each is said once, through
        #: `on_unreadable` (set by whoever shows it: stderr, or a notice).
        self.unreadable: dict[tuple[str, int], str] = {}
        self.on_unreadable: Callable[[str], None] | None = None
        self._live_dir = self.path.parent / "live"
        if not self.read_only:
            try:
                ensure_private_dir(self.path.parent)
                ensure_private_dir(self._live_dir)
            except OSError as exc:
                raise HistoryError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        try:
            self._conn = self._connect()
        except OSError as exc:  # no room to create it, not ours to change
            raise HistoryError(f"cannot open {self.path}: {exc.strerror}") from None
        except sqlite3.DatabaseError as exc:
            if self.read_only or not _is_corruption(exc):
                raise HistoryError(f"cannot open {self.path}: {exc}") from None
            moved = self._move_aside()
            self.notice = (
                f"The history file {self.path} could not be read ({exc}). It was kept as "
                f"{moved} and a new, empty history was started."
            )
            self._conn = self._connect()
        if self.read_only:
            self.notice = (
                f"{self._read_only_words()}: past sessions can be seen, "
                "but new ones will not be saved until it can be written again."
            )
        #: The file opened: writes into it once it is deleted would be lost unseen.
        self._file_id = _file_id(self.path)
        if self.read_only:  # marking a session interrupted is a write
            self._orphans = set(self._gone_owners())
        else:
            self.recovered = self.recover_interrupted()

    # ----------------------------------------------------------- plumbing

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            return self._connect_read_only()
        if not self.path.exists():
            # Create the file ourselves so it is private from the first byte.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
        elif (mode := self.path.stat().st_mode) & 0o077:
            self.path.chmod(mode & 0o700)  # others lose access; the owner keeps theirs
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Before anything writes to the file (even the journal mode).
            self._refuse_newer(conn)
            self._check(conn)
            self._use_wal(conn)
            conn.execute(f"PRAGMA synchronous = {'FULL' if self.durable else 'OFF'}")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        """Open a history that cannot be written (a read-only file or folder) to read it."""
        if not self.path.exists():
            raise HistoryError(
                f"cannot create {self.path}: the folder is read-only. "
                "Sessions will not be saved until it can be written."
            )
        uri = self.path.resolve().as_uri()
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError:
            # A WAL history in a read-only folder, closed cleanly: SQLite cannot
            # make the shared-memory file it reads through, and nobody can write
            # the file meanwhile, so it is read as it stands.
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._refuse_newer(conn)
            self._check(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < len(MIGRATIONS):
                raise HistoryError(
                    f"{self.path} was written by an older backwalk and must be brought up "
                    "to date, which needs it to be writable. The file was not changed."
                )
        except BaseException:
            conn.close()
            raise
        return conn

    def _read_only_words(self) -> str:
        if _writable(self.path):
            return f"The history folder {self.path.parent} is read-only"
        return f"The history file {self.path} is read-only"

    @staticmethod
    def _check(conn: sqlite3.Connection) -> None:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")

    def _refuse_newer(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise HistoryError(
                f"{self.path} was written by a newer version of backwalk (schema {version}); "
                "upgrade backwalk to read it. The file was not changed."
            )

    @staticmethod
    def _use_wal(conn: sqlite3.Connection) -> None:
        # Changing the journal mode does not wait on the busy timeout, so two
        # copies creating the history at the same moment retry here.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        # Reading needs no write lock: only a history behind the code takes one
        # (another copy may hold it for a while).
        if conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
            return
        # The version is read again inside the write transaction, so of two
        # copies opening a new history at once, only the first creates the tables.
        with self._transaction(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, len(MIGRATIONS)):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    def _move_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        number = 2
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{number}")
            number += 1
        self.path.rename(target)
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
        return target

    @staticmethod
    @contextlib.contextmanager
    def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two copies writing at
        # once wait for each other (busy timeout) instead of failing.
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                # SQLite may have rolled back already (a full disk does): a second
                # ROLLBACK would fail and hide the reason.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            # A full disk, a folder made read-only, a lock held too long.
            raise HistoryError(f"cannot save to the history: {exc}") from exc

    def _write(self) -> contextlib.AbstractContextManager[None]:
        if self.read_only:
            raise HistoryError(f"cannot save to the history: {self._read_only_words()}")
        if _file_id(self.path) != self._file_id:
            raise HistoryError(
                f"cannot save to the history: {self.path} was moved or deleted while "
                "backwalk was running"
            )
        return self._transaction(self._conn)

    def close(self) -> None:
        self._conn.close()
        if self._owner:
            self._owner.release()
            self._owner = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _readable(self, table: str, rows: Iterable[tuple], make: Callable[[tuple], T]) -> list[T]:
        """`make` applied to each row (its id first); a row that cannot be read is left out.

        The one rule for stored rows: another program, or an older backwalk, may
        have written one backwalk cannot read. It never hides the rest of the
        history; it is said once (table, id and field), and nothing is changed.
        """
        records = []
        for row in rows:
            try:
                records.append(make(row))
            except _Unreadable as exc:
                place = (table, row[0])
                if place not in self.unreadable:
                    self.unreadable[place] = (
                        f"{table} row {row[0]} in {self.path} cannot be read ({exc}): "
                        "it is left out, and the file is not changed"
                    )
                    if self.on_unreadable is not None:
                        self.on_unreadable(self.unreadable[place])
        return records

    # ----------------------------------------------------------- recording

    def _gone_owners(self) -> list[int]:
        """`in_progress` sessions whose process is gone (not this one's own)."""
        rows = self._conn.execute(
            "SELECT id, owner FROM sessions WHERE status = 'in_progress'"
        ).fetchall()
        mine = self._owner.token if self._owner else None
        return [
            sid for sid, owner in rows
            if owner != mine and not owner_alive(self._live_dir, owner)
        ]  # fmt: skip

    def recover_interrupted(self) -> int:
        """Mark `in_progress` sessions whose process is gone as `interrupted`."""
        orphans = self._gone_owners()
        mine = self._owner.token if self._owner else None
        # A process killed after taking its lock but before its session was
        # written leaves a lock no session names: checking it removes it.
        for path in self._live_dir.glob("*.lock"):
            if path.stem != mine:
                owner_alive(self._live_dir, path.stem)
        if orphans:
            with self._write():
                for sid in orphans:
                    self._conn.execute(
                        """UPDATE sessions SET status = 'interrupted', owner = NULL,
                           ended_at = COALESCE(
                               (SELECT ended_at FROM segments WHERE session_id = ?
                                ORDER BY seq DESC LIMIT 1),
                               started_at)
                           WHERE id = ? AND status = 'in_progress'""",
                        (sid, sid),
                    )
        return len(orphans)

    def start_session(
        self,
        *,
        preset: str,
        preset_toml: str,
        stage: int | None = None,
        planned_seconds: float | None = None,
        pain_before: int | None = None,
        started_at: datetime | None = None,
        notices: tuple[str, ...] = (),
    ) -> int:
        """Write a new session `in_progress`; `notices`: the kinds the safety check showed."""
        writing = self._write()  # refused at once when the history is read-only
        if self._owner is None:
            try:
                self._owner = OwnerLock(self._live_dir)
            except OSError as exc:  # a full disk, a folder made read-only
                raise HistoryError(f"cannot save to the history: {exc.strerror}") from None
        started = started_at or now_local()
        with writing:
            cursor = self._conn.execute(
                """INSERT INTO sessions (started_at, started_ts, preset, stage, preset_toml,
                       status, planned_seconds, pain_before, owner, notices)
                   VALUES (?, ?, ?, ?, ?, 'in_progress', ?, ?, ?, ?)""",
                (
                    started.isoformat(timespec="seconds"),
                    started.timestamp(),
                    preset,
                    stage,
                    preset_toml,
                    planned_seconds,
                    pain_before,
                    self._owner.token,
                    json.dumps(list(dict.fromkeys(notices))),
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record_step(
        self,
        session_id: int,
        *,
        seq: int,
        step: Step,
        active_seconds: float,
        status: str,
        ended_at: datetime | None = None,
    ) -> None:
        """Commit one finished step run (and the session's running total)."""
        if status not in STEP_STATUSES:
            raise ValueError(f"unknown step status {status!r}")
        with self._write():
            self._conn.execute(
                """INSERT INTO segments (session_id, seq, step_index, round, kind,
                       planned_seconds, target_steps, active_seconds, status, ended_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    session_id, seq, step.index, step.round, step.kind, step.planned_seconds,
                    step.target_steps, active_seconds, status,
                    (ended_at or now_local()).isoformat(timespec="seconds"),
                ),
            )  # fmt: skip
            self._conn.execute(
                "UPDATE sessions SET active_seconds = active_seconds + ? WHERE id = ?",
                (active_seconds, session_id),
            )

    def record_sleep(self, session_id: int, seconds: float) -> None:
        """Add a time the computer was asleep during the session (not walking)."""
        with self._write():
            self._conn.execute(
                "UPDATE sessions SET asleep_seconds = asleep_seconds + ? WHERE id = ?",
                (seconds, session_id),
            )

    def finish_session(
        self, session_id: int, status: str, ended_at: datetime | None = None
    ) -> None:
        if status not in SESSION_STATUSES or status == "in_progress":
            raise ValueError(f"cannot finish a session as {status!r}")
        with self._write():
            self._conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, owner = NULL WHERE id = ?",
                (status, (ended_at or now_local()).isoformat(timespec="seconds"), session_id),
            )

    _UNSET = object()

    def update_answers(
        self,
        session_id: int,
        *,
        pain_before: int | object | None = _UNSET,
        pain_after: int | object | None = _UNSET,
        stumbles: int | object | None = _UNSET,
        notes: str | object = _UNSET,
    ) -> None:
        """Save the walker's answers onto a stored session; unnamed ones stay as they are."""
        values = {
            "pain_before": pain_before,
            "pain_after": pain_after,
            "stumbles": stumbles,
            "notes": notes,
        }
        changes = {k: v for k, v in values.items() if v is not self._UNSET}
        for key, top in (("pain_before", 10), ("pain_after", 10), ("stumbles", None)):
            value = changes.get(key)
            if value is None:
                continue
            if not is_whole(value) or value < 0 or (top is not None and value > top):
                limit = f"from 0 to {top}" if top is not None else "of 0 or more"
                raise ValueError(f"{key} must be a whole number {limit}")
        if "notes" in changes:
            if not isinstance(changes["notes"], str):
                raise ValueError("notes must be text")
            changes["notes"] = clean_note(changes["notes"])
        if not changes:
            return
        assignments = ", ".join(f"{key} = ?" for key in changes)
        with self._write():
            self._conn.execute(
                f"UPDATE sessions SET {assignments} WHERE id = ?",
                (*changes.values(), session_id),
            )

    def delete_session(self, session_id: int) -> None:
        with self._write():
            self._conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def add_notice(self, session_id: int, kind: str) -> None:
        """Keep that a notice of `kind` was shown with the session (once, in order)."""
        self._change_notices(
            session_id, lambda kinds: [*kinds, kind] if kind not in kinds else kinds
        )

    def keep_notices(self, session_id: int, kinds: Iterable[str], *, of: Iterable[str]) -> None:
        """Of the notice kinds `of`, keep exactly `kinds` with the session; the rest stay.

        For a screen whose notices follow its answers: one taken back goes.
        """
        of = set(of)
        shown = [kind for kind in dict.fromkeys(kinds) if kind in of]
        self._change_notices(session_id, lambda kept: [k for k in kept if k not in of] + shown)

    def _change_notices(self, session_id: int, change: Callable[[list[str]], list[str]]) -> None:
        """Read a session's notice kinds, change them, and write them back, in one transaction."""
        with self._write():
            row = self._conn.execute(
                "SELECT notices FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return
            kinds = _notice_kinds(row[0])
            changed = change(kinds)
            if changed != kinds:
                self._conn.execute(
                    "UPDATE sessions SET notices = ? WHERE id = ?",
                    (json.dumps(changed), session_id),
                )

    # ------------------------------------------------------------ check-ins

    def add_checkin(
        self,
        *,
        tug_seconds: float | None = None,
        pain_week: int | None = None,
        notes: str = "",
        taken_at: datetime | None = None,
    ) -> int:
        checked_checkin(tug_seconds, pain_week, notes)
        notes = clean_note(notes)
        taken = taken_at or now_local()
        with self._write():
            cursor = self._conn.execute(
                """INSERT INTO checkins (taken_at, taken_ts, tug_seconds, pain_week, notes)
                   VALUES (?, ?, ?, ?, ?)""",
                (
                    taken.isoformat(timespec="seconds"),
                    taken.timestamp(),
                    _tenths(tug_seconds),
                    pain_week,
                    notes,
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update_checkin(
        self,
        checkin_id: int,
        *,
        tug_seconds: float | object | None = _UNSET,
        pain_week: int | object | None = _UNSET,
        notes: str | object = _UNSET,
    ) -> None:
        """Change a stored check-in; the values not named stay as they are."""
        current = self.checkin(checkin_id)
        if current is None:
            return
        tug, pain, note = checked_checkin(
            current.tug_seconds if tug_seconds is self._UNSET else tug_seconds,
            current.pain_week if pain_week is self._UNSET else pain_week,
            current.notes if notes is self._UNSET else notes,
        )
        with self._write():
            self._conn.execute(
                "UPDATE checkins SET tug_seconds = ?, pain_week = ?, notes = ? WHERE id = ?",
                (_tenths(tug), pain, clean_note(note), checkin_id),
            )

    def delete_checkin(self, checkin_id: int) -> None:
        with self._write():
            self._conn.execute("DELETE FROM checkins WHERE id = ?", (checkin_id,))

    _CHECKIN_COLUMNS = "id, taken_at, tug_seconds, pain_week, notes"

    def checkins(self) -> list[CheckinRecord]:
        """Every check-in, newest first (as `sessions`)."""
        rows = self._conn.execute(
            f"SELECT {self._CHECKIN_COLUMNS} FROM checkins ORDER BY taken_ts DESC, id DESC"
        )
        return self._readable("checkins", rows, _checkin)

    def checkin(self, checkin_id: int) -> CheckinRecord | None:
        row = self._conn.execute(
            f"SELECT {self._CHECKIN_COLUMNS} FROM checkins WHERE id = ?", (checkin_id,)
        ).fetchone()
        found = self._readable("checkins", [row] if row else [], _checkin)
        return found[0] if found else None

    # ------------------------------------------------------------- reading

    def last_by_preset(self) -> dict[str, SessionRecord]:
        """For each preset name, its last session (without its steps)."""
        # SQLite takes the bare columns from the row holding MAX(started_ts).
        rows = self._conn.execute(
            f"SELECT {self._SESSION_COLUMNS}, MAX(started_ts) FROM sessions GROUP BY preset"
        )
        found = self._readable("sessions", rows, lambda row: self._session(row[:-1], ()))
        return {session.preset: session for session in found}

    _SESSION_COLUMNS = (
        "id, started_at, ended_at, preset, stage, status, planned_seconds, active_seconds, "
        "pain_before, pain_after, stumbles, notes, preset_toml, asleep_seconds, notices"
    )

    def sessions(
        self, *, since: datetime | None = None, limit: int | None = None, steps: bool = True
    ) -> list[SessionRecord]:
        """Sessions newest first, each with its steps (or, faster, only their totals)."""
        where, params = "", []
        if since is not None:
            where, params = "WHERE started_ts >= ?", [since.timestamp()]
        sql = f"SELECT {self._SESSION_COLUMNS} FROM sessions {where} "
        sql += "ORDER BY started_ts DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._conn.execute(sql, params).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        if not steps:
            totals = self._kind_totals_of(ids)
            return self._readable(
                "sessions", rows, lambda row: self._session(row, (), totals.get(row[0], {}))
            )
        segments = self._segments_of(ids)
        return self._readable(
            "sessions", rows, lambda row: self._session(row, segments.get(row[0], ()))
        )

    def _kind_totals_of(self, ids: list[int]) -> dict[int, dict[str, float]]:
        # One row per session, a column per kind: grouping by session alone
        # follows the segments' key, so SQLite needs no sort (a third faster
        # over ten years of history than grouping by session and kind).
        columns = ", ".join(
            f"TOTAL(CASE kind WHEN '{kind}' THEN active_seconds END)" for kind in KINDS
        )
        wanted = set(ids)
        totals: dict[int, dict[str, float]] = {}
        for sid, *seconds in self._conn.execute(
            f"""SELECT session_id, {columns} FROM segments
                WHERE session_id BETWEEN ? AND ? GROUP BY session_id""",
            (min(ids), max(ids)),
        ):
            if sid in wanted:
                totals[sid] = dict(zip(KINDS, seconds, strict=True))
        return totals

    def session(self, session_id: int) -> SessionRecord | None:
        row = self._conn.execute(
            f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            return None
        segments = self._segments_of([session_id]).get(session_id, ())
        found = self._readable("sessions", [row], lambda row: self._session(row, segments))
        return found[0] if found else None

    def _segments_of(self, ids: list[int]) -> dict[int, tuple[SegmentRecord, ...]]:
        found: dict[int, list[SegmentRecord]] = {}
        low, high = min(ids), max(ids)
        wanted = set(ids)
        for row in self._conn.execute(
            """SELECT session_id, seq, step_index, round, kind, planned_seconds,
                      target_steps, active_seconds, status
               FROM segments WHERE session_id BETWEEN ? AND ? ORDER BY session_id, seq""",
            (low, high),
        ):
            if row[0] in wanted:
                found.setdefault(row[0], []).append(SegmentRecord(*row[1:]))
        return {sid: tuple(segs) for sid, segs in found.items()}

    def _session(
        self,
        row: tuple,
        segments: tuple[SegmentRecord, ...],
        kind_totals: dict[str, float] | None = None,
    ) -> SessionRecord:
        (sid, started, ended, preset, stage, status, planned, active,
         pain_before, pain_after, stumbles, notes, toml, asleep, notices) = row  # fmt: skip
        return SessionRecord(
            id=sid,
            started_at=_stored_time(started, "started_at"),
            ended_at=_stored_time(ended, "ended_at") if ended else None,
            preset=preset,
            stage=stage,
            status="interrupted" if sid in self._orphans else status,
            planned_seconds=planned,
            active_seconds=active,
            pain_before=pain_before,
            pain_after=pain_after,
            stumbles=stumbles,
            notes=notes,
            preset_toml=toml,
            segments=segments,
            kind_totals=kind_totals,
            asleep_seconds=asleep,
            notices=tuple(_notice_kinds(notices)),
        )


def _notice_kinds(stored: str | None) -> list[str]:
    """The notice kinds a session holds; a cell some other program spoiled reads as none."""
    try:
        kinds = json.loads(stored or "[]")
    except ValueError:
        return []
    if not isinstance(kinds, list):
        return []
    return [kind for kind in kinds if isinstance(kind, str)]


def _tenths(seconds: float | None) -> float | None:
    return None if seconds is None else round(float(seconds), TUG_DECIMALS)


def _checkin(row: tuple) -> CheckinRecord:
    cid, taken, tug, pain, notes = row
    # A time `tug_kept` would not keep (0.04 s, an hour, from another program)
    # is no time: never shown as "0.0 s", never in the trend.
    try:
        kept = None if tug is None else tug_kept(tug)
    except (TypeError, ValueError):  # text where a number belongs
        kept = None
    if kept is None and pain is None:  # nothing measured: no check-in to list
        raise _Unreadable("tug_seconds", tug, "is not a time, and pain_week is empty")
    return CheckinRecord(cid, _stored_time(taken, "taken_at"), kept, pain, notes)
