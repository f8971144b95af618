"""Every write of a whole user-visible file: presets, their backups, reports.

A regular file (or a new one) is replaced atomically: a complete, synced
temporary file beside it is renamed over it, so a crash leaves the old version
or the new one, never half of either. A symlink is written through to the file
it points at, and the link stays. A device or a pipe (`-o /dev/null`, a FIFO)
is written straight into: it is not ours to replace. A name for a descriptor
the process already has open (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`)
is written through that descriptor, where the shell pointed it: after what is
in a file opened with `>>`, into a pipe as it is. Followed like a link it
would name the file behind it, which would then be replaced, or a pipe's
`pipe:[1234]`, which is no file at all. An existing file keeps its mode; a new
one is readable by the user alone. A file the user may not write is refused,
as an editor would: the rename alone would replace it, whatever its mode.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from backwalk_tui.paths import PRIVATE_FILE_MODE

#: The names of an open descriptor: /dev/stdout, /dev/fd/3, /proc/self/fd/3.
_DESCRIPTOR = re.compile(r"/dev/(?:fd/(\d+)|(stdin|stdout|stderr))|/proc/self/fd/(\d+)")
_STANDARD = {"stdin": 0, "stdout": 1, "stderr": 2}


def open_descriptor(path: Path) -> int | None:
    """The descriptor `path` names (`/dev/stdout` is 1), or None for a file's path."""
    try:
        absolute = os.path.abspath(path)
    except OSError:  # the current folder was removed: a relative name names no descriptor
        return None
    found = _DESCRIPTOR.fullmatch(os.path.normpath(absolute))
    if found is None:
        return None
    number, standard, proc_number = found.groups()
    return _STANDARD[standard] if standard else int(number or proc_number)


def real_target(path: Path) -> Path:
    """The file a write to `path` lands in: the end of its links, if any."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def same_file(path: Path, other: Path) -> bool:
    """Whether `path` and `other` name one file, or would once it is made: the
    real files are compared (device and inode), so a link, a `..` or a second
    hard link is seen through."""
    path, other = real_target(Path(path)), real_target(Path(other))
    try:
        return os.path.samefile(path, other)
    except OSError:  # one of them (or both) is not there yet
        pass
    try:
        both_new = not path.exists() and not other.exists()
        return both_new and path.name == other.name and os.path.samefile(path.parent, other.parent)
    except OSError:
        return False


def check_writable(target: Path) -> None:
    """Raise PermissionError for an existing file the user may not write (0444),
    and FileNotFoundError when a relative name's folder, the current one, is gone."""
    if not target.is_absolute():
        try:
            os.getcwd()
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, "the current folder no longer exists") from None
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only (no write permission)")


def write_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` as the module docstring says.

    `mode` is for a file that does not exist yet (0600 by default); an
    existing file keeps its own.
    """
    descriptor = open_descriptor(Path(path))
    if descriptor is not None:
        _write_through(descriptor, data)
        return
    target = real_target(Path(path))
    check_writable(target)
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


def _write_through(descriptor: int, data: bytes) -> None:
    # What Python holds for the same descriptor goes first, to keep the order.
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.fileno() == descriptor:
                stream.flush()
        except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
            pass
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _replace(target: Path, data: bytes, mode: int) -> None:
    # The temporary name starts with a dot and does not end in .toml, so a file
    # left behind by a crash is never loaded as a preset.
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # the reason is the folder's, not the file's (`-o /proc/version`)
        folder = target.parent
        if not folder.is_dir():
            raise OSError(exc.errno, f"there is no folder {folder}") from None
        raise OSError(exc.errno, f"no new file can be made in {folder} ({exc.strerror})") from None
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
