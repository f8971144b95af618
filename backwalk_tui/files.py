"""Every write of a whole user-visible file: presets, their backups, reports.

A regular file (or a new one) is replaced atomically: a complete, synced
temporary file beside it is renamed over it, so a crash leaves the old version
or the new one, never half of either. A symlink is written through to the file
it points at, and the link stays. A device or a pipe (`-o /dev/null`, a FIFO)
is written straight into: it is not ours to replace. An existing file keeps
its mode; a new one is readable by the user alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from backwalk_tui.paths import PRIVATE_FILE_MODE


def real_target(path: Path) -> Path:
    """The file a write to `path` lands in: the end of its links, if any."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` as the module docstring says.

    `mode` is for a file that does not exist yet (0600 by default); an
    existing file keeps its own.
    """
    target = real_target(Path(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    keep = stat.S_IMODE(info.st_mode) if info is not None else mode
    _replace(target, data, PRIVATE_FILE_MODE if keep is None else keep)


def _replace(target: Path, data: bytes, mode: int) -> None:
    # The temporary name starts with a dot and does not end in .toml, so a file
    # left behind by a crash is never loaded as a preset.
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
