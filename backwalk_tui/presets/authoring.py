"""Writing preset files without ever losing what the walker wrote.

Shared by the picker, the built-in editor and `backwalk presets ...`:

- a save goes to a temporary file in the same folder, is flushed to disk and
  only then renamed over the old file, so a crash leaves the old file or the
  new one, never half of one; the old version stays beside it as
  `NAME.toml.bak`;
- removing a preset moves it into `trash/` inside the presets folder, under a
  name no other file has (nothing is ever deleted);
- new files are claimed with an exclusive create (`presets.write_new_preset`).
"""

from __future__ import annotations

import dataclasses
import errno
import os
import shlex
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

from backwalk_tui.files import check_writable, real_target, write_file
from backwalk_tui.paths import PRIVATE_FILE_MODE, ensure_private_dir
from backwalk_tui.presets.model import (
    MAX_NAME_CHARS,
    Catalog,
    Preset,
    folder_problem,
    name_key,
    name_problem,
    taken_by,
    write_new_preset,
)

#: Inside the presets folder; only `*.toml` directly in that folder are loaded.
TRASH_FOLDER = "trash"
BACKUP_SUFFIX = ".bak"


class SaveError(Exception):
    """A file could not be written; the message names it and says why."""


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder or file is read-only)"
    return exc.strerror or str(exc)


# --------------------------------------------------------------------- saving


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def save_text(path: Path, text: str) -> Path | None:
    """Replace `path` with `text` atomically, keeping the old version as NAME.toml.bak.

    Returns the backup's path when an old version was kept. Saving text equal
    to what is on disk writes nothing (so the backup keeps the version before).
    Raises SaveError naming the file; on failure the file on disk is untouched.
    """
    data = text.encode("utf-8")
    # A preset that is a link is saved into the file it points at, and its
    # backup kept beside that file: the link stays a link.
    path = real_target(path)
    try:
        old = path.read_bytes()
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        old, mode = None, PRIVATE_FILE_MODE
    except OSError as exc:
        raise SaveError(f"{path}: cannot save: {_reason(exc)}") from None
    if old == data:
        return None
    try:
        ensure_private_dir(path.parent)
        check_writable(path)  # before the backup, so a refused save changes nothing
        backup = None
        if old is not None:
            backup = backup_path(path)
            write_file(backup, old, mode)
        write_file(path, data, mode)
    except OSError as exc:
        raise SaveError(f"{path}: cannot save: {_reason(exc)}") from None
    return backup


# ---------------------------------------------------------------------- trash


def _claim(source: Path, target: Path) -> bool:
    """Move `source` to `target` only if `target` does not exist yet."""
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError:
        # No hard links here (some network or FAT folders): check, then rename.
        if target.exists():
            return False
        os.rename(source, target)
        return True
    source.unlink()
    return True


def move_to_trash(path: Path) -> Path:
    """Move a user preset (and its backup) into `trash/`; return where it went."""
    trash = path.parent / TRASH_FOLDER
    try:
        ensure_private_dir(trash)
        number = 1
        while True:
            name = path.name if number == 1 else f"{path.stem}-{number}{path.suffix}"
            target = trash / name
            if _claim(path, target):
                break
            number += 1
        backup = backup_path(path)
        if backup.exists():
            _claim(backup, backup_path(target))
    except OSError as exc:
        raise SaveError(f"{path}: cannot move to {trash}: {_reason(exc)}") from None
    return target


# ---------------------------------------------------------------- new presets


class NameProblem(ValueError):
    """A name the walker typed cannot be used; the message says why."""


def check_new_name(catalog: Catalog, name: str) -> str:
    """The name, trimmed, if a new preset may take it; raise NameProblem otherwise."""
    name = name.strip()
    problem = name_problem(name)
    if problem:
        raise NameProblem(f"a name {problem}")
    taken = taken_by(catalog, name)
    if taken is not None:
        # Replacing a built-in on purpose is done by writing its exact name in
        # the file (README): never by a name that only looks like another.
        if name_key(taken) == name_key(name):
            raise NameProblem(f"a preset named '{taken}' already exists")
        raise NameProblem(f"'{name}' already finds the preset '{taken}': choose another name")
    return name


def copy_name(catalog: Catalog, name: str) -> str:
    """`NAME (copy)`, `NAME (copy 2)`, ...: the first such name not yet taken."""
    number = 1
    while True:
        suffix = " (copy)" if number == 1 else f" (copy {number})"
        candidate = name[: MAX_NAME_CHARS - len(suffix)].rstrip() + suffix
        if taken_by(catalog, candidate) is None:
            return candidate
        number += 1


def suggest_name(catalog: Catalog, source_name: str) -> str:
    """What the name prompt offers for a preset made from `source_name`."""
    mine = f"My {source_name}"[:MAX_NAME_CHARS].rstrip()
    return copy_name(catalog, mine) if taken_by(catalog, mine) is not None else mine


def create_preset(user_dir: Path, source: Preset, name: str) -> Path:
    """Write `source` under a new name as a new file in the user folder."""
    problem = folder_problem(user_dir)
    if problem:
        raise SaveError(problem)
    try:
        return write_new_preset(user_dir, dataclasses.replace(source, name=name))
    except OSError as exc:
        raise SaveError(f"{user_dir}: cannot write a preset: {_reason(exc)}") from None


# -------------------------------------------------------------------- editors


class Editor(NamedTuple):
    """The editor to open: the walker's own command, or None for the built-in one."""

    command: list[str] | None
    #: Why a variable that is set was passed over, and what is used instead, or "".
    problem: str = ""


EDITOR_VARIABLES = ("VISUAL", "EDITOR")


def find_editor(environ: Mapping[str, str] | None = None) -> Editor:
    """The walker's own editor from $VISUAL, then $EDITOR, split like a shell would.

    A variable that cannot be split (an unbalanced quote) is passed over as if
    it were unset, and `problem` says so: the next one is tried, then the
    built-in editor.
    """
    env = os.environ if environ is None else environ
    unreadable = []
    for variable in EDITOR_VARIABLES:
        try:
            words = shlex.split(env.get(variable, ""))
        except ValueError as exc:  # "No closing quotation", "No escaped character"
            unreadable.append((variable, str(exc).lower()))
            continue
        if words:
            return Editor(words, _passed_over(unreadable, f"${variable}"))
    return Editor(None, _passed_over(unreadable, "the built-in editor"))


def _passed_over(unreadable: list[tuple[str, str]], used: str) -> str:
    return "; ".join(
        f"${variable} cannot be read as a command ({reason}): {used} is used instead"
        for variable, reason in unreadable
    )


class EditorRun(NamedTuple):
    """How the walker's editor went: `failure` says why it did not end well, or is ""."""

    failure: str
    #: Whether the file is not as it was: a changed file is checked all the same.
    changed: bool


def edit_with(command: list[str], path: Path, run: Callable[[list[str]], int]) -> EditorRun:
    """Run the walker's editor `command` on `path` through `run` (which returns its
    exit status; OSError when it cannot be started). The one judgement of an
    editor's end, for `backwalk presets edit` and the picker's `e` alike: one
    that failed (`VISUAL=false`) is no success, whatever it did to the file.
    """
    before = file_signature(path)
    status = run([*command, str(path)])
    changed = file_signature(path) != before
    if status == 0:
        return EditorRun("", changed)
    how = f"exited with status {status}" if status > 0 else f"was stopped by signal {-status}"
    then = "the file changed, and is checked" if changed else "the file was not changed"
    return EditorRun(f"the editor '{command[0]}' {how}; {then}", changed)


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is edited or replaced; None when it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def folder_signature(folder: Path) -> tuple[tuple[str, tuple[int, int, int] | None], ...]:
    """The `*.toml` files of a folder and their signatures, to notice any change."""
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError:
        return ()
    return tuple((p.name, file_signature(p)) for p in paths)
