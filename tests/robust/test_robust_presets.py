"""Generated preset files, hostile and valid, through every way they are read.

Each generated file is a real file in a temporary folder, read by
`load_preset`, by `load_catalog` (a folder of them) and by `backwalk presets
validate`. Whatever a file holds, reading it never raises anything but
PresetLoadError, and every problem names its file and its place:

- `str(problem)` starts with the file's path;
- a line, when given, is a line of the file, and that line names the key
  (or the table holding it) the problem is about;
- a key path, when given, leads to a value that is really in the file;
- a problem with neither is about the file as a whole (too large, not UTF-8,
  empty of a required key), from a known list;
- a key written `key = ...` at the top of the file is reported at its line.

The file counts per run (at least 1,000 in all) are in each test's
`max_examples` and `FILES_PER_*` below: 300 random documents in folders of
3, 200 preset-shaped documents, 150 raw byte files, 60 hostile sizes and
nestings, 250 valid presets written canonically and 100 written by hand;
and 100 config.toml files, read by the same code.
"""

from __future__ import annotations

import contextlib
import io
import re
import string
import tempfile
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backwalk_tui import cli
from backwalk_tui.kinds import KINDS
from backwalk_tui.presets import (
    CUES_JOIN,
    MAX_FILE_BYTES,
    MAX_LABEL_CHARS,
    MAX_STANDING_CUES_CHARS,
    REST_KEYS,
    SEGMENT_KEYS,
    TOP_KEYS,
    Preset,
    PresetLoadError,
    Segment,
    dump_preset,
    load_catalog,
    load_preset,
)
from backwalk_tui.presets.tomlfile import quote_key

FILES_PER_FOLDER = 3

#: Problems about a file as a whole: no line or key can say more.
WHOLE_FILE = (
    "file is too large",
    "missing 'name'",
    "missing '[[segment]]'",
    "values are nested too deeply",
    "cannot read",
)

FAST = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ------------------------------------------------------------- the checks


_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_-]+)|\[(\d+)\]|(\.)')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(
        r"\\(u[0-9a-f]{4}|U[0-9a-f]{8}|.)",
        lambda m: chr(int(m[1][1:], 16)) if len(m[1]) > 1 else _ESCAPES[m[1]],
        text,
    )


def parse_key_path(key_path: str) -> list[str | int]:
    """`segment[2]."a b".kind` -> ["segment", 2, "a b", "kind"], as problems spell paths."""
    parts: list[str | int] = []
    at = 0
    while at < len(key_path):
        found = _PART.match(key_path, at)
        assert found, f"not a key path: {key_path!r} (at {at})"
        quoted, bare, index, _dot = found.groups()
        if quoted is not None:
            parts.append(_unescape(quoted))
        elif bare is not None:
            parts.append(bare)
        elif index is not None:
            parts.append(int(index))
        at = found.end()
    return parts


def _resolves(data: object, parts: list[str | int]) -> bool:
    """Do the parts of a key path lead to a value in `data`?"""
    for part in parts:
        if isinstance(part, int):
            if not isinstance(data, list) or not 1 <= part <= len(data):
                return False
            data = data[part - 1]
        else:
            if not isinstance(data, dict) or part not in data:
                return False
            data = data[part]
    return True


_KEY_AT_START = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _key_on(line: str) -> str | None:
    """The key a `key = value` line starts with, as tomllib reads it."""
    found = _KEY_AT_START.match(line)
    if found:
        with contextlib.suppress(tomllib.TOMLDecodeError):
            [key] = tomllib.loads(f"{found[1]} = 0")
            return key
    return None


def _keys_on(line: str) -> set[str]:
    """Every key a line names: `key = ...`, or each part of a `[table.header]`."""
    found = {_key_on(line)} - {None}
    if line.lstrip().startswith("["):
        with contextlib.suppress(tomllib.TOMLDecodeError):
            level: object = tomllib.loads(line.strip())
            while isinstance(level, dict | list) and level:
                if isinstance(level, list):
                    level = level[-1]
                    continue
                [(key, level)] = level.items()
                found.add(key)
    return found


def _top_level_lines(text: str) -> dict[str, int]:
    """`key = ...` lines before the first table header: each key path and its line."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("["):
            break
        key = _key_on(line)
        if key is not None:
            lines.setdefault(quote_key(key), number)
    return lines


def check_problems(path: Path, errors: list, raw: bytes) -> None:
    """Every problem names `path` and a place in it (see the module's docstring)."""
    assert errors, f"{path}: PresetLoadError without a problem"
    assert all(len(str(e).splitlines()) == 1 for e in errors), errors
    text, data = None, None
    refused = ("file is too large", "a dotted key of more than")
    if not any(e.message.startswith(refused) for e in errors):  # too costly to parse
        with contextlib.suppress(UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            text = raw.decode("utf-8-sig")
            data = tomllib.loads(text)
    line_count = raw.count(b"\n") + 1
    for error in errors:
        shown = str(error)
        assert error.file == str(path)
        assert shown.startswith(f"{path}:"), shown
        assert error.message.strip(), shown
        if error.line is not None:
            assert 1 <= error.line <= line_count, shown
        if error.column is not None:
            assert error.line is not None and error.column >= 1, shown
        if error.line is None and not error.key_path:
            assert any(error.message.startswith(m) for m in WHOLE_FILE), (
                f"a problem without a place: {shown}"
            )
        if data is None:
            continue
        parts = parse_key_path(error.key_path)
        assert _resolves(data, parts), f"{error.key_path!r} is not in the file: {shown}"
        if error.line is not None and error.key_path:
            written = text.split("\n")[error.line - 1]
            named = [p for p in parts if isinstance(p, str)]
            assert any(p in written or p in _keys_on(written) for p in named), (
                f"line {error.line} ({written!r}) names none of {named}: {shown}"
            )
        top = _top_level_lines(text)
        if error.key_path in top:
            assert error.line == top[error.key_path], shown
        if error.line is None and parts and '"""' not in text and "'''" not in text:
            # Where the path's first key starts a line (`key =`, `[key]`, `[key.sub]`),
            # the problem has a line to give.
            first = str(parts[0])
            for written in text.split("\n"):
                assert first not in _keys_on(written), (
                    f"{shown}: no line, though {written!r} names {first!r}"
                )


def check_file(path: Path) -> Preset | None:
    """Read one file as the app does: a preset, or problems that say where."""
    raw = path.read_bytes()
    try:
        preset = load_preset(path)
    except PresetLoadError as exc:
        check_problems(path, exc.errors, raw)
        return None
    assert preset.source == path
    assert 1 <= len(preset.name) <= 60 and preset.segments
    return preset


def validate_cli(config_dir: Path, files: list[Path]) -> tuple[int, list[str]]:
    """`backwalk presets validate [FILE...]` in this process: its exit code and stderr lines.

    With no files it checks the user's own folder, `config_dir`/presets.
    """
    out, err = io.StringIO(), io.StringIO()
    dirs = ["--config-dir", str(config_dir), "--data-dir", str(config_dir / "data")]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*dirs, "presets", "validate", *map(str, files)])
    return code, err.getvalue().splitlines()


def check_folder(folder: Path) -> None:
    """One folder of files through load_preset, load_catalog and `presets validate`."""
    files = sorted(folder.glob("*.toml"))
    good = {path: check_file(path) for path in files}
    catalog = load_catalog(folder)
    problem_files = {problem.path for problem in catalog.problems if not problem.builtin}
    for problem in catalog.problems:
        if not problem.builtin:
            check_problems(problem.path, list(problem.errors), problem.path.read_bytes())
    listed = {preset.source for preset in catalog if not preset.builtin}
    for path, preset in good.items():
        if preset is None:
            assert path in problem_files and path not in listed
        else:  # loaded, or left out as a second file with its name
            assert (path in listed) != (path in problem_files), path
    code, lines = validate_cli(folder.parent, files)
    broken = [path for path, preset in good.items() if preset is None]
    assert code == (1 if broken else 0), lines
    for line in lines:
        assert any(line.startswith(f"{path}:") for path in broken), line
    assert len(lines) >= len(broken)
    # The whole folder as the user's own presets: duplicates are problems here too.
    code, lines = validate_cli(folder.parent, [])
    assert code == (1 if problem_files else 0), lines
    for line in lines:
        assert any(line.startswith(f"{path}:") for path in problem_files), line
    assert {Path(line.split(":")[0]) for line in lines} == problem_files


@contextlib.contextmanager
def folder_of(files: dict[str, bytes]):
    """A `presets` folder of these files, in a config folder of its own."""
    with tempfile.TemporaryDirectory(prefix="config-") as name:
        folder = Path(name) / "presets"
        folder.mkdir()
        for file_name, content in files.items():
            (folder / file_name).write_bytes(content)
        yield folder


# ------------------------------------------------------------ strategies

NEAR_MISSES = ["duraton", "Name", "segments", "kinds", "step", "cue ", "pace_", "rest.cue"]
KEYS = st.one_of(
    st.sampled_from(TOP_KEYS + SEGMENT_KEYS + REST_KEYS),
    st.sampled_from(NEAR_MISSES),
    st.text(string.ascii_letters + "_-", min_size=1, max_size=12),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=8),  # quoted, odd keys
)
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(-5, 4000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(["forward", "backward", "sideways", "rest", "FORWARD", "1:30", "2m", "-5s"]),
    st.dates(),
    st.datetimes(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def _shaped(keys: tuple[str, ...]) -> st.SearchStrategy[dict]:
    """A table using mostly the keys the format knows, with values of any type."""
    return st.dictionaries(st.sampled_from(keys) | KEYS, VALUES, max_size=len(keys) + 1)


PRESET_SHAPED = st.fixed_dictionaries(
    {
        "name": st.one_of(st.text(max_size=70), VALUES),
        "segment": st.one_of(st.lists(_shaped(SEGMENT_KEYS), max_size=5), VALUES),
    },
    optional={
        "format": st.one_of(st.just(1), VALUES),
        "stage": st.one_of(st.integers(-1, 7), VALUES),
        "rounds": st.one_of(st.integers(-1, 120), VALUES),
        "cues": st.one_of(st.lists(st.text(max_size=20) | SCALARS, max_size=4), VALUES),
        "checklist": st.lists(st.text(max_size=20) | SCALARS, max_size=3),
        "warmup": st.one_of(_shaped(SEGMENT_KEYS), VALUES),
        "rest": st.one_of(_shaped(REST_KEYS), VALUES),
        "cooldown": _shaped(SEGMENT_KEYS),
        "extra": VALUES,
    },
)


def toml_text(document: dict) -> str:
    return tomli_w.dumps(document, multiline_strings=False)


@st.composite
def mangled(draw, text: str) -> str:
    """A document after a few hand-editing slips: a character lost, doubled or changed."""
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        slip = draw(st.sampled_from(["drop", "double", "swap", "line"]))
        if slip == "drop":
            text = text[:at] + text[at + 1 :]
        elif slip == "double":
            text = text[:at] + text[at] + text[at:]
        elif slip == "swap":
            text = text[:at] + draw(st.sampled_from("=\"[]{},.#'\n\\ x0")) + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(lines)))
            text = "".join(lines)
    return text


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]


@st.composite
def encoded(draw, text: str) -> bytes:
    """`text` saved by some editor: another encoding, CRLF, stray or broken bytes."""
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    raw = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xe2\x82"]))
        raw = raw[:at] + junk + raw[at:]
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]  # saved half-way
    return raw


# ------------------------------------------------------ hostile documents


@settings(FAST, max_examples=100)
@given(documents=st.lists(st.dictionaries(KEYS, VALUES, max_size=6), min_size=3, max_size=3))
def test_random_documents_in_a_folder(documents):
    files = {f"random-{n}.toml": toml_text(doc).encode() for n, doc in enumerate(documents)}
    assert len(files) == FILES_PER_FOLDER
    with folder_of(files) as folder:
        check_folder(folder)


@settings(FAST, max_examples=200)
@given(document=PRESET_SHAPED, data=st.data())
def test_preset_shaped_documents(document, data):
    text = data.draw(mangled(toml_text(document)))
    raw = data.draw(encoded(text)) if data.draw(st.integers(0, 3)) == 0 else text.encode()
    with folder_of({"shaped.toml": raw}) as folder:
        check_folder(folder)


@settings(FAST, max_examples=150)
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_raw_bytes(raw):
    with folder_of({"bytes.toml": raw}) as folder:
        check_file(folder / "bytes.toml")


def _deep_array(depth: int) -> str:
    return "name = 1\nx = " + "[" * depth + "]" * depth + "\n"


def _deep_inline(depth: int) -> str:
    return "name = 1\nx = " + "{a = " * depth + "1" + "}" * depth + "\n"


def _deep_header(depth: int) -> str:
    return 'name = "x"\n[' + ".".join(["a"] * depth) + "]\nb = 1\n"


def _dotted_key(depth: int) -> str:
    return 'name = "x"\n' + ".".join(["k"] * depth) + " = 1\n"


def _many_segments(count: int) -> str:
    return 'name = "x"\n' + '[[segment]]\nkind = "rest"\nduration = 1\n' * count


def _long_string(length: int) -> str:
    return 'name = "' + "n" * length + '"\n[[segment]]\nkind = "rest"\nduration = 1\n'


def _many_cues(count: int) -> str:
    return 'name = "x"\ncues = [' + '"c",' * count + ']\n[[segment]]\nkind = "rest"\nduration = 1\n'


HOSTILE = [_deep_array, _deep_inline, _deep_header, _dotted_key, _many_segments, _long_string,
           _many_cues]  # fmt: skip


@settings(FAST, max_examples=60)
@given(
    shape=st.sampled_from(HOSTILE),
    size=st.one_of(st.integers(1, 60), st.integers(60, 3000), st.integers(3000, 200_000)),
    bom=st.booleans(),
)
def test_huge_and_deeply_nested_files(shape, size, bom):
    raw = (b"\xef\xbb\xbf" if bom else b"") + shape(size).encode()
    with folder_of({"hostile.toml": raw}) as folder:
        preset = check_file(folder / "hostile.toml")
        if len(raw) > MAX_FILE_BYTES:
            assert preset is None
        code, lines = validate_cli(folder.parent, [folder / "hostile.toml"])
        assert code == (0 if preset else 1)
        assert all(line.startswith(str(folder / "hostile.toml")) for line in lines)


# --------------------------------------------------------- valid presets

#: A preset's text holds no line break, tab or other control character (they break
#: lines, and an escape would drive the terminal); a description may hold line breaks.
SHOWABLE = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"])
PLAIN = st.text(SHOWABLE, max_size=50)
LABELS = st.text(SHOWABLE, max_size=MAX_LABEL_CHARS)
#: The standing cues fit their one line on the session screen.
CUES = st.lists(PLAIN, max_size=3).filter(
    lambda cues: len(CUES_JOIN.join(cues)) <= MAX_STANDING_CUES_CHARS
)
DESCRIPTIONS = st.text(st.one_of(SHOWABLE, st.just("\n")), max_size=50)
NAMES = (
    st.text(SHOWABLE, min_size=1, max_size=60)
    .map(str.strip)
    .filter(lambda name: 1 <= len(name) <= 60)
)
PACES = st.one_of(
    st.integers(5, 200).map(float), st.floats(5, 200, allow_nan=False, allow_infinity=False)
)


@st.composite
def segments(draw) -> Segment:
    kind = draw(st.sampled_from(tuple(KINDS)))
    cue, label = draw(PLAIN), draw(LABELS)
    if draw(st.booleans()):
        return Segment(kind, duration=draw(st.integers(1, 3600)), cue=cue, label=label)
    pace = draw(st.none() | PACES)
    return Segment(kind, steps=draw(st.integers(1, 500)), pace=pace, cue=cue, label=label)


@st.composite
def presets(draw) -> Preset:
    rest = draw(st.none() | st.builds(Segment, st.just("rest"), st.integers(1, 3600), cue=PLAIN))
    return Preset(
        name=draw(NAMES),
        segments=tuple(draw(st.lists(segments(), min_size=1, max_size=6))),
        description=draw(DESCRIPTIONS),
        stage=draw(st.none() | st.integers(1, 5)),
        rounds=draw(st.integers(1, 99)),
        cues=tuple(draw(CUES)),
        checklist=draw(st.none() | st.lists(PLAIN, max_size=3).map(tuple)),
        metronome=draw(st.none() | st.booleans()),
        warmup=draw(st.none() | segments()),
        rest=rest,
        cooldown=draw(st.none() | segments()),
    )


@settings(FAST, max_examples=250)
@given(preset=presets(), bom=st.booleans(), crlf=st.booleans())
def test_valid_presets_load_and_round_trip(preset, bom, crlf):
    text = dump_preset(preset)
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    assume(len(raw) <= MAX_FILE_BYTES)
    with folder_of({"valid.toml": raw}) as folder:
        loaded = check_file(folder / "valid.toml")
        assert loaded == preset
        assert dump_preset(loaded) == dump_preset(preset)
        assert validate_cli(folder.parent, [folder / "valid.toml"]) == (0, [])
        [mine] = [p for p in load_catalog(folder) if p.source == folder / "valid.toml"]
        assert mine == preset


def _duration_as_written(seconds: int, how: int) -> object:
    minutes, secs = divmod(seconds, 60)
    hours, minutes_of_hour = divmod(minutes, 60)
    return [
        seconds,
        f"{seconds}s",
        f" {seconds} ",
        f"{minutes}m{secs}s" if minutes else f"{secs}s",
        f"{minutes}:{secs:02d}",
        f"{hours}:{minutes_of_hour:02d}:{secs:02d}",
        f"{minutes} min {secs} sec" if minutes else f"{secs} seconds",
    ][how]


def inline(value: object) -> str:
    """A value in TOML's inline form: `{kind = "rest", duration = "1:30"}`, `[{...}, {...}]`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {inline(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).partition(" = ")[2].strip()


@st.composite
def hand_written(draw, preset: Preset) -> str:
    """`preset` as a walker might type it: any key order, durations written any way,
    comments, blank lines, inline or standard tables."""

    def table(segment: Segment, rest: bool = False) -> dict:
        out: dict[str, object] = {} if rest else {"kind": segment.kind}
        if segment.duration is not None:
            out["duration"] = _duration_as_written(segment.duration, draw(st.integers(0, 6)))
        if segment.steps is not None:
            out["steps"] = segment.steps
        if segment.pace is not None:
            out["pace"] = segment.pace
        if segment.cue or draw(st.booleans()):
            out["cue"] = segment.cue
        if not rest and (segment.label or draw(st.booleans())):
            out["label"] = segment.label
        keys = draw(st.permutations(list(out)))
        return {key: out[key] for key in keys}

    # Spaces around a name are trimmed; a tab is a control character, refused anywhere.
    top: dict[str, object] = {"name": draw(st.sampled_from(["", " "])) + preset.name}
    if draw(st.booleans()):
        top["format"] = 1
    if preset.description or draw(st.booleans()):
        top["description"] = preset.description
    if preset.stage is not None:
        top["stage"] = preset.stage
    if preset.rounds != 1 or draw(st.booleans()):
        top["rounds"] = preset.rounds
    if preset.cues or draw(st.booleans()):
        top["cues"] = list(preset.cues)
    if preset.checklist is not None:
        top["checklist"] = list(preset.checklist)
    if preset.metronome is not None:
        top["metronome"] = preset.metronome
    tables = {"segment": [table(s) for s in preset.segments]}
    for key in ("warmup", "rest", "cooldown"):
        segment = getattr(preset, key)
        if segment is not None:
            tables[key] = table(segment, rest=key == "rest")
    chunks = [toml_text({k: top[k] for k in draw(st.permutations(list(top)))})]
    for key in draw(st.permutations(list(tables))):
        value = tables[key]
        if draw(st.booleans()):  # inline, before any header: segment = [{...}], warmup = {...}
            chunks.insert(1, f"{key} = {inline(value)}\n")
            continue
        for item in value if isinstance(value, list) else [value]:
            header = f"[[{key}]]" if key == "segment" else f"[{key}]"
            comment = draw(st.sampled_from(["", "  # my note", "\n# a comment line"]))
            chunks.append(f"{header}{comment}\n{toml_text(item)}")
    return "\n".join(chunks)


@settings(FAST, max_examples=100)
@given(preset=presets(), data=st.data())
def test_hand_written_valid_presets_load_as_meant(preset, data):
    text = data.draw(hand_written(preset))
    with folder_of({"mine.toml": text.encode()}) as folder:
        loaded = check_file(folder / "mine.toml")
        assert loaded == preset, text
        again = Path(folder / "again.toml")
        again.write_text(dump_preset(loaded), encoding="utf-8")
        assert load_preset(again) == preset


def test_the_checks_catch_a_problem_without_its_place(tmp_path):
    """The checks above are not vacuous: a problem missing its place fails them."""
    from backwalk_tui.presets import PresetError

    path = tmp_path / "p.toml"
    raw = b'name = "x"\nduraton = 5\n[[segment]]\nkind = "rest"\nduration = 1\n'
    path.write_bytes(raw)
    with pytest.raises(PresetLoadError) as caught:
        load_preset(path)
    check_problems(path, caught.value.errors, raw)  # the real ones pass
    for wrong in [
        PresetError(str(path), "unknown key 'duraton'"),  # no place at all
        PresetError(str(path), "unknown key 'duraton'", key_path="duraton"),  # line lost
        PresetError(str(path), "x", key_path="duraton", line=1),  # the wrong line
        PresetError(str(path), "x", key_path="segment[2].kind"),  # not in the file
        PresetError("other.toml", "x", key_path="duraton", line=2),  # another file
        PresetError(str(path), "x", line=9),  # past the end
    ]:
        with pytest.raises(AssertionError):
            check_problems(path, [wrong], raw)


# ------------------------------------------- what generation found, pinned

FOUND = [
    # A key holding a newline or an escape sequence: named, escaped, one line.
    ('name = "x"\n"a\\nb\\u001b[2J" = 1\n', ':2: "a\\nb\\u001b[2J": unknown key "a\\nb\\u001b[2J"'),
    ('name = "x"\n"" = 1\n', ':2: "": unknown key ""'),
    # Something left open: the place is where the file stops.
    ('name = "x"\ncues = ["a",\n\n', ":2:13: TOML syntax: Invalid value at the end of the file"),
    ('name = "x"\n[[segment]\n', ":2:10: TOML syntax: Expected ']]' at the end of an array"),
    # A table met first in a dotted or quoted header is found at that header.
    ('name = "x"\n[warmup.extra]\nx = 1\n', ":2: warmup.extra: unknown key 'extra'"),
    ('name = "x"\n["warmup"]\nsteps = 5\n', ":2: warmup: missing 'kind'"),
    # A line separator inside a string does not end a line.
    ('name = "a\u2028b\x85c"\nstage = 9\n', ":2: stage: must be between 1 and 5, got 9"),
    # Tens of thousands of dotted parts: refused at once, not after gigabytes.
    ('name = "x"\n' + ".".join(["k"] * 50_000) + " = 1\n", ":2: a dotted key of more than 32"),
    ("[" + ".".join(["t"] * 40_000) + "]\n", ":1: a dotted key of more than 32 parts"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), FOUND,
    ids=["control-key", "empty-key", "unclosed-array", "unclosed-header", "dotted-table",
         "quoted-table", "line-separator", "dotted-key", "dotted-header"],
)  # fmt: skip
def test_problems_found_by_generation(tmp_path, text, expected):
    import time

    path = tmp_path / "found.toml"
    path.write_text(text, encoding="utf-8")
    began = time.perf_counter()
    with pytest.raises(PresetLoadError) as caught:
        load_preset(path)
    assert time.perf_counter() - began < 2
    shown = [str(e) for e in caught.value.errors]
    assert any(line.startswith(f"{path}{expected}") for line in shown), shown
    check_problems(path, caught.value.errors, path.read_bytes())


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Two\\nlines", "\\n"),
        ("Tab\\there", "\\t"),
        ("Esc\\u001b[2J", "\\u001b"),
        ("a\u2028b", "\\u2028"),
        ("NEL\\u0085x", "\\u0085"),
    ],
)
def test_a_name_with_a_control_character_is_a_problem_on_its_line(tmp_path, written, found):
    path = tmp_path / "named.toml"
    raw = f'# my walk\nname = "{written}"\n[[segment]]\nkind = "rest"\nduration = 1\n'.encode()
    path.write_bytes(raw)
    with pytest.raises(PresetLoadError) as caught:
        load_preset(path)
    [problem] = caught.value.errors
    assert str(problem) == (
        f"{path}:2: name: must not hold a line break, a tab or another control character "
        f"(found {found})"
    )
    check_problems(path, caught.value.errors, raw)


#: Every other text a preset shows, each holding an escape that would clear the screen.
CLEARS_THE_SCREEN = """\
name = "Clears"
description = "Walk \\u001b[2J"
cues = ["Fine", "Hand \\u001b[2J"]
checklist = ["Bell \\u0007"]

[warmup]
kind = "forward"
duration = 5
label = "Tab\\there"

[[segment]]
kind = "backward"
duration = 5
cue = "Back \\u001b[2J"

[rest]
duration = 5
cue = "CSI \\u009b2J"
"""


def test_a_control_character_in_any_text_is_a_problem_naming_its_line_and_key(tmp_path):
    path = tmp_path / "clears.toml"
    path.write_text(CLEARS_THE_SCREEN, encoding="utf-8")
    with pytest.raises(PresetLoadError) as caught:
        load_preset(path)
    control = "must not hold a line break, a tab or another control character"
    assert [str(problem) for problem in caught.value.errors] == [
        f"{path}:2: description: must not hold a tab or a control character other than a "
        "line break (found \\u001b)",
        f"{path}:3: cues[2]: {control} (found \\u001b)",
        f"{path}:4: checklist[1]: {control} (found \\u0007)",
        f"{path}:9: warmup.label: {control} (found \\t)",
        f"{path}:14: segment[1].cue: {control} (found \\u001b)",
        f"{path}:18: rest.cue: {control} (found \\u009b)",
    ]
    check_problems(path, caught.value.errors, path.read_bytes())


def test_a_description_may_run_over_several_lines(tmp_path):
    path = tmp_path / "lines.toml"
    path.write_bytes(
        b'name = "Lines"\r\ndescription = """\r\nFirst line.\r\nSecond line."""\r\n'
        b'[[segment]]\r\nkind = "rest"\r\nduration = 1\r\n'
    )
    preset = load_preset(path)
    assert preset.description == "First line.\nSecond line."
    # Written back as it reads, not as one line of "\n" codes.
    assert 'description = """\nFirst line.\nSecond line."""\n' in dump_preset(preset)


# -------------------------------------------------------------- in the app

#: One of each kind of hostile file, as the picker meets them in the presets folder.
PICKER_FILES = {
    "control-key.toml": b'name = "x"\n"a\\nb\\u001b[2J" = 1\n[[segment]]\nkind = "rest"\n',
    "markup.toml": b'name = "[bold red]x[/]"\nstage = "[link=x]y"\n[[segment]]\nkind = "[b]"\n',
    "utf16.toml": 'name = "Zwei"\n'.encode("utf-16"),
    "latin1.toml": 'name = "Café"\n'.encode("latin-1"),
    "bom-empty.toml": b"\xef\xbb\xbf",
    "huge.toml": b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n",
    "deep.toml": _deep_array(5000).encode(),
    "dotted.toml": _dotted_key(50_000).encode(),
    "unclosed.toml": b'name = "x"\ncues = ["a",\n',
    "empty-key.toml": b'name = "x"\n"" = 1\n[""]\n',
    "line-separator.toml": 'name = "a\u2028b"\nstage = 9\n'.encode(),
    "dup-1.toml": b'name = "Same"\n[[segment]]\nkind = "rest"\nduration = 1\n',
    "dup-2.toml": b'name = "Same"\n[[segment]]\nkind = "rest"\nduration = 2\n',
}  # fmt: skip


async def test_the_picker_shows_every_hostile_file_without_crashing(locations):
    from support import make_app
    from textual.widgets import OptionList, Static

    from backwalk_tui.ui.screens.picker import PickerScreen

    locations.presets_dir.mkdir(parents=True)
    for name, content in PICKER_FILES.items():
        (locations.presets_dir / name).write_bytes(content)
    app = make_app(locations)
    shown: dict[str, str] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#preset-list", OptionList)
        for _ in range(options.option_count):
            await pilot.press("down")
            detail = str(app.screen.query_one("#detail", Static).render())
            for name in PICKER_FILES:
                if str(locations.presets_dir / name) in detail:
                    shown[name] = detail
        assert isinstance(app.screen, PickerScreen)
    app.history.close()
    assert set(shown) == set(PICKER_FILES)  # dup-1 as the preset "Same", the others as problems
    assert "duplicate name 'Same'" in shown["dup-2.toml"]
    assert "\x1b" not in shown["control-key.toml"]
    assert '"a\\nb\\u001b[2J": unknown key' in shown["control-key.toml"]
    assert '("[link=x]y")' in shown["markup.toml"]  # shown as written, not as markup
    assert "got '[b]'" in shown["markup.toml"]
    assert "dotted key of more than 32 parts" in shown["dotted.toml"]
    assert "line-separator.toml:2: stage" in shown["line-separator.toml"]
    assert "unclosed.toml:2:" in shown["unclosed.toml"]


# ------------------------------------------------ config.toml, read the same way

SETTINGS_SHAPED = st.dictionaries(
    st.sampled_from(
        [
            "sound",
            "volume",
            "metronome",
            "display",
            "voice_command",
            "lead_in",
            "countdown",
            "theme",
            "weekly_goal",
        ]
    )
    | KEYS,
    st.one_of(
        st.sampled_from(["tones", "bell", "voice", "off", "Bell", "wash", "dark"]),
        st.integers(-5, 170),
        VALUES,
    ),
    max_size=7,
)


@settings(FAST, max_examples=100)
@given(document=SETTINGS_SHAPED, data=st.data())
def test_generated_settings_files_never_stop_the_app(document, data):
    from backwalk_tui.settings import Settings, load_settings

    text = data.draw(mangled(toml_text(document)))
    raw = data.draw(encoded(text)) if data.draw(st.integers(0, 3)) == 0 else text.encode()
    with folder_of({"config.toml": raw}) as folder:
        path = folder / "config.toml"
        loaded = load_settings(path)
        assert isinstance(loaded, Settings)
        if loaded.problems:
            check_problems(path, list(loaded.problems), raw)
        assert loaded.sound in ("tones", "voice", "bell", "off")
        assert loaded.display in ("wash", "dark")
        assert 0 <= loaded.volume <= 100 and isinstance(loaded.metronome, bool)
        assert 0 <= loaded.lead_in <= 60 and 0 <= loaded.countdown <= 10
        assert 1 <= loaded.weekly_goal <= 14


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    folder = tmp_path / "presets"
    folder.mkdir()
    (folder / "two\nlines\x1b[2J.toml").write_text('name = "x"\nstage = 9\n')
    [broken] = load_catalog(folder).problems
    first = str(broken.errors[0])
    assert first.endswith(r"two\nlines\u001b[2J.toml:2: stage: must be between 1 and 5, got 9")
    for problem in broken.errors:
        assert "\n" not in str(problem) and "\x1b" not in str(problem)


async def test_a_file_broken_then_fixed_leaves_no_word_of_its_problems(
    app_factory, locations, editor, monkeypatch
):
    """The picker itself says a file edited with `e` has problems, and stops once it is fixed.

    A toast saying so outlived the fix by its 12 seconds, beside a picker
    already listing the preset as fine.
    """
    from support import TWO_STEPS, said, write_preset
    from textual.widgets import OptionList, Static

    path = write_preset(locations.presets_dir, "two.toml", TWO_STEPS)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        options = screen.query_one("#preset-list", OptionList)

        def highlighted() -> str:
            return str(options.get_option_at_index(options.highlighted).prompt)

        for index in range(options.option_count):
            options.highlighted = index
            if highlighted().startswith("Two steps"):
                break
        await pilot.pause()
        monkeypatch.setenv("VISUAL", editor("duration = 3", 'duration = "soon"'))
        await pilot.press("e")
        await pilot.pause()
        assert highlighted().startswith("✗ two.toml"), "the picker shows the broken file"
        detail = str(screen.query_one("#detail", Static).content)
        assert "This file has problems" in detail and 'cannot read "soon"' in detail

        # Fixed in another window: the picker's watch reads it again.
        path.write_text(TWO_STEPS, encoding="utf-8")
        screen.check_folder()
        await pilot.pause()
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any(name.startswith("✗") for name in listed)
        told = [f"{n.title}: {n.message}" for n in said(app)]
        assert not any("problem" in words for words in told), told
