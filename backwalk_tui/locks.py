"""The live-session lock: a file locked for as long as its process may write a session.

The operating system drops a lock when its process ends, however it ends, so
"can this lock be taken?" answers "has its owner gone?" on every platform.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from pathlib import Path

from backwalk_tui.paths import PRIVATE_FILE_MODE
from backwalk_tui.records import HistoryError

# Chosen by sys.platform, which type checkers read, so each branch is checked
# against its own platform's module.
if sys.platform == "win32":  # a byte-range lock, also released when the process dies
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class OwnerLock:
    """A lock file held for as long as this process may have a live session.

    The operating system drops the lock when the process ends, however it
    ends, so "can I take this lock?" answers "is its owner gone?".
    """

    def __init__(self, folder: Path):
        self.token = uuid.uuid4().hex
        self.path = folder / f"{self.token}.lock"
        # Locked under a hidden name, then renamed: a `.lock` file is never
        # seen unlocked while its owner lives, so any unlocked one may go.
        hidden = folder / f".{self.token}.new"
        self._fd = os.open(hidden, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE)
        if not _try_lock(self._fd):  # pragma: no cover - a fresh random name
            raise HistoryError(f"cannot lock {self.path}")
        os.rename(hidden, self.path)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)


def owner_alive(folder: Path, token: str | None) -> bool:
    if not token:
        return False
    path = folder / f"{token}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            with contextlib.suppress(OSError):
                path.unlink()
            return False
        return True
    finally:
        os.close(fd)
