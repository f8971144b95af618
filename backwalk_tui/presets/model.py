"""Presets: the model, the TOML format (version 1), validation and discovery.

The format is a contract with users who write these files by hand (see
PRESET_FORMAT.md). Parsing never stops at the first problem: every problem is
collected with its file, its key path (`segment[3].duration`, 1-based) and,
where it can be found, its line, so one run of `backwalk presets validate`
shows everything to fix. A broken file is reported and skipped, never fatal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backwalk_tui.kinds import KINDS, names_in_words
from backwalk_tui.paths import ensure_private_dir
from backwalk_tui.presets import tomlfile
from backwalk_tui.presets.tomlfile import describe

FORMAT_VERSION = 1
STAGES = {
    1: "Get comfortable",
    2: "Forward and back",
    3: "Longer backward",
    4: "Backward uphill",
    5: "Backward running",
}
STANDARD_CHECKLIST = (
    "Path behind me is clear of obstacles and thresholds",
    "Counter, wall or a helper within reach",
    "Treadmill, if used for support, is OFF",
    "Shoes with good support and grip",
)

MAX_FILE_BYTES = 256 * 1024
MAX_NAME_CHARS = 60
MAX_SEGMENTS = 50
MAX_ROUNDS = 99
MAX_STEPS = 500
MIN_PACE, MAX_PACE = 5, 200
MAX_DURATION = 60 * 60
# The session screen leaves out a line that does not fit under the time and
# the direction (read from across a room, they come first), so its text is
# kept to what 80x24 shows whole, the cue and the standing cues together: the
# segment's cue on at most two lines of the body's 78 columns, and a label
# (in place of the direction word, "SIDE STEPS TO THE LEFT" is 22) on one.
MAX_CUE_CHARS = 120
MAX_LABEL_CHARS = 40
#: The standing cues share one line, " · " between them: one line's worth.
MAX_STANDING_CUES_CHARS = 78
#: Joins the standing cues on the session screen.
CUES_JOIN = " · "

TOP_KEYS = (
    "format", "name", "description", "stage", "rounds", "cues", "checklist", "metronome",
    "warmup", "rest", "cooldown", "segment",
)  # fmt: skip
SEGMENT_KEYS = ("kind", "duration", "steps", "pace", "cue", "label")
REST_KEYS = ("duration", "cue")


# --------------------------------------------------------------------- names


def name_problem(name: str) -> str | None:
    """Why `name` (already trimmed) cannot name a preset, or None when it can.

    The one rule for every name: written in a file, typed for a new preset.
    A line break, a tab or a control character would break every table the
    name is listed in, and an escape sequence could drive the terminal.
    """
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        return f"must be 1 to {MAX_NAME_CHARS} characters long"
    return tomlfile.control_problem(name)


# --------------------------------------------------------------------- model


@dataclass(frozen=True)
class Segment:
    kind: str
    duration: int | None = None
    steps: int | None = None
    pace: float | None = None
    cue: str = ""
    label: str = ""

    @property
    def planned_seconds(self) -> float | None:
        """Seconds the segment is timed for; None for a step count ended by hand."""
        if self.duration is not None:
            return float(self.duration)
        if self.steps is not None and self.pace is not None:
            return self.steps / self.pace * 60
        return None


@dataclass(frozen=True)
class Preset:
    name: str
    segments: tuple[Segment, ...]
    description: str = ""
    stage: int | None = None
    rounds: int = 1
    cues: tuple[str, ...] = ()
    #: None means "not given": the standard checklist applies.
    checklist: tuple[str, ...] | None = None
    #: A soft tick a step on segments with a pace; None: as the settings say.
    metronome: bool | None = None
    warmup: Segment | None = None
    #: Between rounds; always of kind "rest".
    rest: Segment | None = None
    cooldown: Segment | None = None
    # Where it came from; not part of the preset's value.
    source: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)
    text: str = field(default="", compare=False, repr=False)

    @property
    def effective_checklist(self) -> tuple[str, ...]:
        return STANDARD_CHECKLIST if self.checklist is None else self.checklist


#: One problem in a preset file, with its place (`FILE:LINE: key.path: message`).
PresetError = tomlfile.FileProblem
#: A preset file that cannot be used; `errors` lists every problem found.
PresetLoadError = tomlfile.FileProblems


# ------------------------------------------------------------------ durations

_UNITS_RE = re.compile(
    r"^(?:(?P<h>\d+)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+)\s*m(?:in(?:utes?|s)?)?)?\s*"
    r"(?:(?P<s>\d+)\s*s(?:ec(?:onds?|s)?)?)?$",
    re.IGNORECASE,
)
_CLOCK_RE = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d)$")


def parse_duration(value: object) -> int:
    """Seconds from `45`, `"45s"`, `"2m"`, `"1m30s"`, `"1:30"` (or `"90"`).

    Raises ValueError with a message meant for the user.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(
            f'expected whole seconds or a string like "45s", "2m", "1m30s" or "1:30", '
            f"got {describe(value)}"
        )
    if isinstance(value, int):
        seconds = value
    else:
        text = value.strip()
        match = _CLOCK_RE.match(text) or (_UNITS_RE.match(text) if text else None)
        if text.isdigit():
            seconds = int(text)
        elif match and any(match.groupdict().values()):
            parts = {k: int(v or 0) for k, v in match.groupdict().items()}
            seconds = parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
        else:
            raise ValueError(
                f'cannot read "{value}" as a duration; write it like "45s", "2m", "1m30s" or "1:30"'
            )
    if not 1 <= seconds <= MAX_DURATION:
        raise ValueError(f"must be between 1 s and 60 min, got {format_seconds(seconds)}")
    return seconds


def format_seconds(seconds: float) -> str:
    """`1m30s`, `45s`, `2m`: the way durations are written back and shown."""
    total = round(seconds)
    sign = "-" if total < 0 else ""
    minutes, secs = divmod(abs(total), 60)
    if minutes and secs:
        return f"{sign}{minutes}m{secs:02d}s"
    if minutes:
        return f"{sign}{minutes}m"
    return f"{sign}{secs}s"


# -------------------------------------------------------------------- parsing


class _Checker(tomlfile.Checker):
    """Collects every problem in one decoded preset."""

    def strings(self, table: dict, key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.error((key,), f"expected an array of strings, got {describe(value)}")
            return None
        good = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self.error((key, number), f"expected a string, got {describe(item)}")
            elif problem := tomlfile.control_problem(item):
                self.error((key, number), problem)
            else:
                good.append(item)
        return tuple(good)

    def segment(self, value: object, path: tuple, *, rest_only: bool = False) -> Segment | None:
        if not isinstance(value, dict):
            self.error(path, f"expected a table, got {describe(value)}")
            return None
        before = len(self.errors)
        self.unknown_keys(value, REST_KEYS if rest_only else SEGMENT_KEYS, path)
        if rest_only:
            kind: str | None = "rest"
        else:
            kind = self.choice(value, "kind", path, tuple(KINDS))
            if "kind" not in value:
                self.error(path, f"missing 'kind' (one of {', '.join(KINDS)})")
        duration = None
        if "duration" in value:
            try:
                duration = parse_duration(value["duration"])
            except ValueError as exc:
                self.error((*path, "duration"), str(exc))
        steps = self.integer(value, "steps", path, 1, MAX_STEPS)
        pace = value.get("pace")
        if pace is not None:
            if isinstance(pace, bool) or not isinstance(pace, int | float):
                self.error((*path, "pace"), f"expected steps per minute, got {describe(pace)}")
                pace = None
            elif not MIN_PACE <= pace <= MAX_PACE:
                self.error(
                    (*path, "pace"),
                    f"must be between {MIN_PACE} and {MAX_PACE} steps per minute, got {pace}",
                )
                pace = None
            if "steps" not in value:
                self.error((*path, "pace"), "'pace' goes with 'steps'")
        if rest_only:
            if "duration" not in value:
                self.error(path, "missing 'duration'")
        elif "duration" in value and "steps" in value:
            self.error(path, "give either 'duration' or 'steps', not both")
        elif "duration" not in value and "steps" not in value:
            self.error(path, "missing 'duration' or 'steps'")
        cue = self.string(value, "cue", path, most=MAX_CUE_CHARS) or ""
        label = self.string(value, "label", path, most=MAX_LABEL_CHARS) or ""
        if len(self.errors) > before or kind is None:
            return None
        if "steps" in value and "duration" not in value and steps is None:
            return None
        return Segment(
            kind=kind,
            duration=duration,
            steps=steps,
            pace=float(pace) if pace is not None else None,
            cue=cue,
            label=label,
        )

    def preset(self, data: dict[str, Any]) -> dict[str, Any]:
        self.unknown_keys(data, TOP_KEYS, ())
        fmt = data.get("format", FORMAT_VERSION)
        if isinstance(fmt, bool) or fmt != FORMAT_VERSION:
            self.error(("format",), f"only format {FORMAT_VERSION} is known, got {describe(fmt)}")
        name = self.string(data, "name", ())
        if "name" not in data:
            self.error((), "missing 'name'")
        elif name is not None:
            name = name.strip()
            problem = name_problem(name)
            if problem:
                self.error(("name",), problem)
        # Several lines are natural in a description (a multi-line TOML string).
        description = self.string(data, "description", (), keep="\n") or ""
        stage = self.integer(data, "stage", (), 1, 5)
        rounds = self.integer(data, "rounds", (), 1, MAX_ROUNDS)
        cues = self.strings(data, "cues") or ()
        if (shown := len(CUES_JOIN.join(cues))) > MAX_STANDING_CUES_CHARS:
            self.error(
                ("cues",),
                f"at most {MAX_STANDING_CUES_CHARS} characters together, shown on one line "
                f"with '{CUES_JOIN.strip()}' between them; got {shown}",
            )
        checklist = self.strings(data, "checklist")
        metronome = self.boolean(data, "metronome", ())
        warmup = self.segment(data["warmup"], ("warmup",)) if "warmup" in data else None
        cooldown = self.segment(data["cooldown"], ("cooldown",)) if "cooldown" in data else None
        rest = self.segment(data["rest"], ("rest",), rest_only=True) if "rest" in data else None
        segments: list[Segment | None] = []
        raw = data.get("segment")
        if raw is None:
            self.error((), "missing '[[segment]]': a preset needs at least one segment")
        elif not isinstance(raw, list):
            self.error(("segment",), "must be an array of tables, written [[segment]]")
        elif not raw:
            self.error(("segment",), "needs at least one segment")
        elif len(raw) > MAX_SEGMENTS:
            self.error(("segment",), f"at most {MAX_SEGMENTS} segments, got {len(raw)}")
        else:
            segments = [self.segment(s, ("segment", n)) for n, s in enumerate(raw, start=1)]
        return dict(
            name=name or "",
            description=description,
            stage=stage,
            rounds=rounds or 1,
            cues=cues,
            checklist=checklist,
            metronome=metronome,
            warmup=warmup,
            rest=rest,
            cooldown=cooldown,
            segments=tuple(s for s in segments if s is not None),
        )


def parse_preset(
    text: str, file: str = "<preset>", *, source: Path | None = None, builtin: bool = False
) -> Preset:
    """Parse and validate one preset; raise PresetLoadError listing every problem."""
    data = tomlfile.parse(text, file)
    checker = _Checker(file, text)
    fields = checker.preset(data)
    if checker.errors:
        raise PresetLoadError(checker.sorted_errors())
    return Preset(**fields, source=source, builtin=builtin, text=text)


def load_preset(path: Path, *, builtin: bool = False) -> Preset:
    text = tomlfile.read(path, MAX_FILE_BYTES)
    return parse_preset(text, str(path), source=path, builtin=builtin)


# -------------------------------------------------------------------- writing


def _segment_table(segment: Segment, *, rest_only: bool = False) -> dict[str, Any]:
    table: dict[str, Any] = {} if rest_only else {"kind": segment.kind}
    if segment.duration is not None:
        # Written the way walkers write them: 45, "2m", "1m30s".
        duration = segment.duration
        table["duration"] = duration if duration < 60 else format_seconds(duration)
    if segment.steps is not None:
        table["steps"] = segment.steps
    if segment.pace is not None:
        table["pace"] = int(segment.pace) if segment.pace.is_integer() else segment.pace
    if segment.cue:
        table["cue"] = segment.cue
    if segment.label and not rest_only:
        table["label"] = segment.label
    return table


def preset_to_dict(preset: Preset) -> dict[str, Any]:
    """The preset as the TOML document it would be written as (canonical order)."""
    doc: dict[str, Any] = {"name": preset.name}
    if preset.description:
        doc["description"] = preset.description
    if preset.stage is not None:
        doc["stage"] = preset.stage
    if preset.rounds != 1:
        doc["rounds"] = preset.rounds
    if preset.cues:
        doc["cues"] = list(preset.cues)
    if preset.checklist is not None:
        doc["checklist"] = list(preset.checklist)
    if preset.metronome is not None:
        doc["metronome"] = preset.metronome
    if preset.warmup:
        doc["warmup"] = _segment_table(preset.warmup)
    doc["segment"] = [_segment_table(s) for s in preset.segments]
    if preset.rest:
        doc["rest"] = _segment_table(preset.rest, rest_only=True)
    if preset.cooldown:
        doc["cooldown"] = _segment_table(preset.cooldown)
    return doc


FORMAT_HEADER = f"""\
# A backwalk preset (format version 1). Every key is explained by
# `backwalk presets help` (PRESET_FORMAT.md); check this file with
# `backwalk presets validate`.
#
# Durations: 45, "45s", "2m", "1m30s" or "1:30". Each [[segment]] has a kind
# ({names_in_words()}) and either a duration or a number of
# steps: steps with a pace (steps a minute) are timed, steps alone wait for
# Space. A segment's cue is one bold line under the direction while it runs.
"""


#: Written as TOML tables, in this order, after the top-level keys.
TABLE_KEYS = ("warmup", "segment", "rest", "cooldown")


def dump_preset(preset: Preset, *, header: bool = True) -> str:
    """The preset in the canonical layout: the one PRESET_FORMAT.md shows.

    tomli-w writes every value; the tables are laid out here, because left to
    itself tomli-w may fold `[[segment]]` tables into one inline array.
    """
    import tomli_w  # writing is rare; listing and starting presets only read

    doc = preset_to_dict(preset)
    top = {key: value for key, value in doc.items() if key not in TABLE_KEYS}
    # A description of several lines is written as it reads, in a multi-line
    # string; no other text may hold a line break.
    chunks = [tomli_w.dumps(top, multiline_strings=True)]
    for key in TABLE_KEYS:
        tables = doc.get(key)
        for table in tables if isinstance(tables, list) else [tables] if tables else []:
            title = f"[[{key}]]" if key == "segment" else f"[{key}]"
            chunks.append(f"{title}\n{tomli_w.dumps(table, multiline_strings=False)}")
    return (FORMAT_HEADER + "\n" if header else "") + "\n".join(chunks)


# ------------------------------------------------------------------ discovery


def builtin_dir() -> Path:
    """The built-in presets: inside the installed package, or the checkout's `presets/`."""
    packaged = Path(__file__).parent / "builtin"
    return packaged if packaged.is_dir() else Path(__file__).parents[2] / "presets"


def format_document() -> Path:
    """PRESET_FORMAT.md: inside the installed package, or the checkout's `docs/`."""
    packaged = Path(__file__).parents[1] / "PRESET_FORMAT.md"
    return packaged if packaged.is_file() else Path(__file__).parents[2] / "docs" / packaged.name


@dataclass(frozen=True)
class Problem:
    """A preset file that could not be loaded, and why."""

    path: Path
    errors: tuple[PresetError, ...]
    builtin: bool = False
    #: The version that loaded before the file broke, kept usable until it is fixed.
    last_good: Preset | None = None


@dataclass
class Catalog:
    presets: list[Preset]
    problems: list[Problem]

    def __iter__(self) -> Iterator[Preset]:
        return iter(self.presets)

    def get(self, name: str) -> Preset | None:
        return next((p for p in self.presets if p.name == name), None)


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot hold the user's presets; None when it can, or is not made yet.

    A file where the folder (or a folder above it) should be would otherwise
    read as an empty folder: "0 preset files OK", and "File exists" on a save.
    """
    import stat  # only a check of the user's folder needs it

    for place in (folder, *folder.parents):
        try:
            info = place.stat()
        except (FileNotFoundError, NotADirectoryError):
            if place.is_symlink():
                return f"{place} is a link to {os.readlink(place)}, which does not exist"
            continue  # not made yet, or under a file: the folder above says which
        except OSError as exc:
            return f"{place} cannot be opened: {exc.strerror}"
        if stat.S_ISDIR(info.st_mode):
            return None
        return f"{place} is a file, not a folder; presets are kept in a folder (move or rename it)"
    return None


def _toml_files(folder: Path) -> list[Path]:
    """Every `*.toml` entry: one that is not a readable file is a problem `load_preset` names."""
    try:
        return sorted(folder.glob("*.toml"))
    except OSError:
        return []


def load_catalog(
    user_dir: Path | None, builtin: Path | None = None, *, previous: Catalog | None = None
) -> Catalog:
    """Every built-in and user preset; user presets shadow built-ins of the same name.

    Files that fail to load, and later files repeating a name already loaded
    from the same folder, are reported in `problems` and left out. When a
    `previous` catalog is given (the app reloading after an edit), a user file
    that loaded then and is broken now keeps its last good version in the
    list, so a half-finished edit never takes a preset away mid-morning.
    """
    problems: list[Problem] = []

    def load_folder(folder: Path, is_builtin: bool) -> dict[str, Preset]:
        loaded: dict[str, Preset] = {}
        for path in _toml_files(folder):
            try:
                preset = load_preset(path, builtin=is_builtin)
            except PresetLoadError as exc:
                problems.append(Problem(path, tuple(exc.errors), is_builtin))
                continue
            if preset.name in loaded:
                other = loaded[preset.name].source
                error = PresetError(
                    str(path), f"duplicate name '{preset.name}' (also in {other})",
                    key_path="name", line=tomlfile.KeyLines(preset.text).find(("name",)),
                )  # fmt: skip
                problems.append(Problem(path, (error,), is_builtin))
                continue
            loaded[preset.name] = preset
        return loaded

    presets = load_folder(builtin or builtin_dir(), True)
    if user_dir is not None:
        loaded = load_folder(user_dir, False)
        presets.update(loaded)
        if previous is not None:
            earlier = {p.source: p for p in previous if not p.builtin}
            for number, problem in enumerate(problems):
                good = earlier.get(problem.path)
                if good is not None and not problem.builtin and good.name not in loaded:
                    presets[good.name] = good
                    problems[number] = replace(problem, last_good=good)
    ordered = sorted(
        presets.values(), key=lambda p: (p.stage is None, p.stage or 0, not p.builtin, p.name)
    )
    return Catalog(ordered, problems)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _squash(text: str) -> str:
    return _slug(text).replace("-", "")


class PresetNotFound(LookupError):
    pass


def find_preset(catalog: Catalog, ref: str) -> Preset:
    """A preset by file path, exact name, file name, or an unambiguous name prefix.

    Names compare without case; `stage 2`, `Stage 2 · Forward and back` and
    `stage2` all find the same built-in. Raises PresetLoadError for a path whose
    file is broken and PresetNotFound otherwise.
    """
    path = Path(ref).expanduser()
    if ref.endswith(".toml") or (path.is_file() and path.suffix == ".toml"):
        if not path.is_file():
            raise PresetNotFound(f"{ref}: no such file")
        return load_preset(path)
    found = _named(catalog, ref)
    if found is not None:
        return found
    problem = broken_file(catalog, ref)
    if problem is not None:
        raise PresetLoadError(list(problem.errors))
    raise PresetNotFound(f"no preset named '{ref}' (see `backwalk presets list`)")


def name_key(name: str) -> str:
    """A name as "the same name" compares it: without case, spaces or punctuation.

    `My walk`, `my-walk` and `MY WALK!` are one name. A name of punctuation
    alone is compared as written, without case.
    """
    key = "".join(char for char in name.casefold() if char.isalnum())
    return key or name.strip().casefold()


def taken_by(catalog: Catalog, name: str) -> str | None:
    """The preset (or broken file) a new preset called `name` would be mistaken for.

    The rule `find_preset` uses: a name that finds a preset now (`stage 2`
    finds the built-in) or a broken file, would afterwards open the new one
    instead. A name several presets begin with finds none, so takes nothing.
    """
    try:
        found = _named(catalog, name)
    except PresetNotFound:
        found = None
    if found is not None:
        return found.name
    problem = broken_file(catalog, name)
    if problem is not None:
        return written_name(problem.path) or problem.path.name
    return None


def _named(catalog: Catalog, ref: str) -> Preset | None:
    """The preset whose name `ref` gives (see `find_preset`); PresetNotFound if several."""
    wanted = name_key(ref)
    slug = _slug(ref)
    for matches in (
        [p for p in catalog if p.name == ref.strip()],
        [p for p in catalog if name_key(p.name) == wanted],
        [p for p in catalog if p.source and p.source.stem.casefold() == wanted],
        [p for p in catalog if slug and _slug(p.name).startswith(slug)],
        [p for p in catalog if slug and _squash(p.name).startswith(_squash(ref))],
    ):  # fmt: skip
        if len(matches) == 1:
            return matches[0]
        # `stage 2` after duplicating it: the original, whose name begins the copy's.
        shortest = min(matches, key=lambda p: len(p.name), default=None)
        if shortest and all(_slug(p.name).startswith(_slug(shortest.name)) for p in matches):
            return shortest
        if len(matches) > 1:
            names = ", ".join(f"'{p.name}'" for p in matches)
            raise PresetNotFound(f"'{ref}' matches several presets: {names}")
    return None


def broken_file(catalog: Catalog, ref: str) -> Problem | None:
    """The file that failed to load which `ref` names: by its path, its file name
    or the `name =` written in it, so "my kitchen walk" finds my-kitchen-walk.toml
    and the walker hears what is wrong with it rather than that it does not exist.
    """
    path = Path(ref).expanduser()
    wanted = _slug(ref)
    for problem in catalog.problems:
        if path.is_file() and problem.path.resolve() == path.resolve():
            return problem
        if wanted and wanted in (_slug(problem.path.stem), _slug(written_name(problem.path))):
            return problem
    return None


def written_name(path: Path) -> str:
    """The `name = "..."` line of a preset file, read even when the file is broken."""
    try:
        text = tomlfile.read_bytes(path).decode("utf-8", errors="replace")  # never a pipe
    except tomlfile.FileProblems:
        return ""
    match = re.search(r"""^\s*name\s*=\s*(["'])(.+?)\1""", text, re.MULTILINE)
    return match.group(2).strip() if match else ""


def user_preset_path(user_dir: Path, name: str) -> Path:
    """A new, unused file name in the user folder for a preset called `name`."""
    base = _slug(name) or "preset"
    candidate = user_dir / f"{base}.toml"
    number = 2
    while candidate.exists():
        candidate = user_dir / f"{base}-{number}.toml"
        number += 1
    return candidate


#: What `backwalk presets new` starts from when no other preset is named.
TEMPLATE_NAME = "Stage 2 · Forward and back"


def write_new_preset(user_dir: Path, preset: Preset) -> Path:
    """Write `preset` as a new file in the user folder and return its path.

    Never replaces an existing file: the name is claimed with an exclusive
    create, and a name taken in the meantime is passed over.
    """
    ensure_private_dir(user_dir)  # the config folder above it too
    data = dump_preset(preset).encode("utf-8")
    while True:
        target = user_preset_path(user_dir, preset.name)
        try:
            # Only the walker may read it, like everything else backwalk keeps.
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return target
