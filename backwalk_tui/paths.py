"""Where backwalk keeps its files.

One place decides every location. The command line's `--config-dir` and
`--data-dir` win, then `BACKWALK_HOME` (config at `DIR/config`, data at
`DIR/data`, for tests and portable use), then the platform's user dirs.
An empty value is refused, never read as "not given": a script's unset
`$DIR` would otherwise read and write the walker's real history.
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

APP_NAME = "backwalk"

#: Health data: only the user may read the data folder and the database.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


# A named tuple rather than a dataclass: every command starts here, and
# `dataclasses` (through `inspect`) costs more to import than some commands
# take to run.
class Locations(namedtuple("Locations", ["config_dir", "data_dir"])):
    __slots__ = ()
    config_dir: Path
    data_dir: Path

    @property
    def presets_dir(self) -> Path:
        return self.config_dir / "presets"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "history.db"


class EmptyFolderName(ValueError):
    """A folder option or BACKWALK_HOME given as the empty string: a usage error."""


def locate(
    config_dir: str | Path | None = None,
    data_dir: str | Path | None = None,
    environ: dict[str, str] | None = None,
) -> Locations:
    env = os.environ if environ is None else environ
    home = env.get("BACKWALK_HOME")
    for given, name in ((config_dir, "--config-dir"), (data_dir, "--data-dir")):
        if given is not None and not str(given):
            raise EmptyFolderName(f"{name} is empty; give a folder, or leave {name} out")
    if home == "":
        raise EmptyFolderName(
            "BACKWALK_HOME is set but empty; give it a folder, or unset it "
            "(unset BACKWALK_HOME) for the usual folders"
        )
    if home is not None:
        default_config = Path(home).expanduser() / "config"
        default_data = Path(home).expanduser() / "data"
    else:
        # Imported here: platformdirs is only needed when no override is given.
        import platformdirs

        default_config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        default_data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return Locations(
        config_dir=default_config if config_dir is None else Path(config_dir).expanduser(),
        data_dir=default_data if data_dir is None else Path(data_dir).expanduser(),
    )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) so that only the user can enter what is made.

    The one way backwalk makes a folder. Each missing folder, at every depth,
    is made 0700 (`mkdir(parents=True, mode=...)` gives the mode to the last
    one only). An existing folder (`--data-dir /tmp`, a shared folder) is not
    ours to change. The files backwalk writes in it are private all the same.
    """
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:  # made in the meantime, by someone else: not ours
            continue
        # A umask may take bits away (0277 would leave it unwritable): put them back.
        if folder.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
            folder.chmod(PRIVATE_DIR_MODE)
    path.mkdir(parents=True, exist_ok=True)  # a file in its place still fails here
    return path


def cannot_make_files_in(folder: Path) -> str | None:
    """Why no file can be made in the existing folder `folder`; None when one can.

    Tried for real, with a file made and removed at once: the permission bits
    do not tell for root, for /proc or for a read-only mount.
    """
    probe = folder / f".backwalk-probe-{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except OSError as exc:
        return exc.strerror or str(exc)
    probe.unlink(missing_ok=True)
    return None


def shared_folder_warning(path: Path) -> str | None:
    """A warning when an existing folder of backwalk's can be opened by others.

    Only for a folder backwalk would use: a file (`/dev/null`) or a folder it
    cannot make its files in (`/proc`) is said by the command, alone, instead.
    """
    import stat  # only an existing folder needs it

    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISDIR(mode) or mode & 0o077 == 0 or cannot_make_files_in(path):
        return None
    return (
        f"backwalk: {path} can be opened by other users of this computer; backwalk's "
        f"files in it are private, but a folder of your own is safer (chmod 700 {path})"
    )
