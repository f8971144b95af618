"""Reading hand-written TOML files with problems that say where they are.

Presets and settings are edited by hand, so every problem names the file, the
key path (`segment[3].duration`, 1-based) and, where it can be found, the line.
tomllib gives no positions for values, so `KeyLines` finds them in the text.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class FileProblem:
    """One problem in one file, with as exact a place as is known."""

    file: str
    message: str
    key_path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = f"{self.key_path}: {self.message}" if self.key_path else self.message
        if self.line is not None and self.column is not None:
            place = f"{self.file}:{self.line}:{self.column}"
        elif self.line is not None:
            place = f"{self.file}:{self.line}"
        else:
            place = self.file
        # Control characters quoted from the file (a key holding a newline), or
        # in its name, are shown escaped: one problem is one line, and none can
        # drive the terminal.
        return "".join(c if c.isprintable() else _escape(c) for c in f"{place}: {text}")


class FileProblems(Exception):
    """A file that cannot be used; `errors` lists every problem found."""

    def __init__(self, errors: list[FileProblem]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def describe(value: object) -> str:
    """`a string ("12")`, `a whole number (5)`: a value as a message shows it."""
    names = {
        bool: "true/false", int: "a whole number", float: "a number", str: "a string",
        list: "an array", dict: "a table",
    }  # fmt: skip
    kind = next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f'{kind} ("{shown}")'
    if isinstance(value, bool):
        return f"{kind} ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"{kind} ({value})"
    return kind


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'duration'?` for a near miss, else an empty string."""
    import difflib  # only a mistyped key needs it

    near = difflib.get_close_matches(word, tuple(choices), n=1, cutoff=0.6)
    return f"; did you mean '{near[0]}'?" if near else ""


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _escape(char: str) -> str:
    names = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in names:
        return names[char]
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def quote_key(key: str) -> str:
    """A key as TOML writes it: bare (`duration`) where it can be, else quoted (`"a b"`)."""
    if _BARE_KEY.fullmatch(key):
        return key
    return '"' + "".join(_escape(c) if c in '"\\' or not c.isprintable() else c for c in key) + '"'


#: Line breaks (including U+2028, U+2029, U+0085), tabs and other control characters.
CONTROL = {"Cc", "Zl", "Zp"}


def control_problem(text: str, *, keep: str = "") -> str | None:
    """Why `text` cannot be shown as written, or None: it holds a control character.

    The one rule for text a file gives the screen (a preset's name, its cues,
    a setting). An escape would drive the terminal; a tab or a line break
    would break the line it is shown on. `keep` names those allowed: a line
    break in a description, which may run over several lines.
    """
    if text.isprintable():  # nearly always: no need to look closer
        return None
    import unicodedata  # only text with something unusual in it needs it

    for char in text:
        if char not in keep and unicodedata.category(char) in CONTROL:
            if "\n" in keep:
                allowed = "a tab or a control character other than a line break"
            else:
                allowed = "a line break, a tab or another control character"
            return f"must not hold {allowed} (found {_escape(char)})"
    return None


def length_problem(text: str, most: int | None) -> str | None:
    """Why `text` is too long to be shown whole (more than `most` characters), or None."""
    if most is None or len(text) <= most:
        return None
    return f"at most {most} characters, got {len(text)}"


def key_path(path: Path_) -> str:
    """`segment[3].duration`; a key that is not bare is quoted, so every path names its place."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{quote_key(part)}" if text else quote_key(part)
    return text


def _unquote(key: str) -> str:
    """A key as written (`duration`, `"a\\tb"`, `'x'`) as the key tomllib reads."""
    if key.startswith('"'):
        try:
            return next(iter(tomllib.loads(f"{key} = 0")))
        except tomllib.TOMLDecodeError:
            pass
    return key.strip("\"'")


class KeyLines:
    """Finds the line of a key path in TOML text: a best effort.

    It scans for table headers and `key =` lines (skipping multi-line
    strings). Where it finds nothing, a problem names the key path alone.
    """

    _PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
    _HEADER = re.compile(rf"^\s*(\[\[?)\s*((?:{_PART})(?:\s*\.\s*(?:{_PART}))*)\s*\]\]?")
    _KEY = re.compile(rf"^\s*({_PART})\s*(?:\.|=)")

    def __init__(self, text: str):
        self.places: dict[Path_, int] = {}
        table: Path_ = ()
        counts: dict[Path_, int] = {}
        quote: str | None = None
        # Lines end at "\n" only, as in TOML and editors (not at U+2028 in a string).
        for number, line in enumerate(text.split("\n"), start=1):
            if quote:
                if line.count(quote) % 2:
                    quote = None
                continue
            header = self._HEADER.match(line)
            if header:
                # `[warmup]`, `[warmup.extra]`, `["a b"]`: each part a key, quoted or bare.
                name = tuple(_unquote(part) for part in re.findall(self._PART, header.group(2)))
                if header.group(1) == "[[":
                    # Array tables count from 1, like the key paths.
                    counts[name] = counts.get(name, 0) + 1
                    table = (*name, counts[name])
                else:
                    table = name
                for end in range(1, len(table) + 1):  # `[a.b]` is where table `a` starts too
                    self.places.setdefault(table[:end], number)
                continue
            key = self._KEY.match(line)
            if key:
                self.places.setdefault((*table, _unquote(key.group(1))), number)
            for mark in ('"""', "'''"):
                if line.count(mark) % 2:
                    quote = mark

    def find(self, path: Path_) -> int | None:
        # The most precise place known: the key itself, else its table.
        while path:
            if path in self.places:
                return self.places[path]
            path = path[:-1]
        return None


class Checker:
    """Collects every problem found while checking one decoded document."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = KeyLines(text)
        self.errors: list[FileProblem] = []

    def error(self, path: Path_, message: str) -> None:
        self.errors.append(FileProblem(self.file, message, key_path(path), self.lines.find(path)))

    def sorted_errors(self) -> list[FileProblem]:
        # In file order, so they read top to bottom like the file.
        return sorted(self.errors, key=lambda e: (e.line is None, e.line or 0))

    def unknown_keys(self, table: dict[str, Any], allowed: Iterable[str], path: Path_) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                shown = f"'{key}'" if _BARE_KEY.fullmatch(key) else quote_key(key)
                self.error((*path, key), f"unknown key {shown}{did_you_mean(key, allowed)}")

    def integer(self, table: dict, key: str, path: Path_, low: int, high: int) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error((*path, key), f"expected a whole number, got {describe(value)}")
            return None
        if not low <= value <= high:
            self.error((*path, key), f"must be between {low} and {high}, got {value}")
            return None
        return value

    def boolean(self, table: dict, key: str, path: Path_) -> bool | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error((*path, key), f"expected true or false, got {describe(value)}")
            return None
        return value

    def string(
        self, table: dict, key: str, path: Path_, *, keep: str = "", most: int | None = None
    ) -> str | None:
        """The string at `key`; a control character in it (but those in `keep`) is a
        problem, as is more than `most` characters."""
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error((*path, key), f"expected a string, got {describe(value)}")
            return None
        problem = control_problem(value, keep=keep) or length_problem(value, most)
        if problem:
            self.error((*path, key), problem)
            return None
        return value

    def choice(self, table: dict, key: str, path: Path_, choices: tuple[str, ...]) -> str | None:
        value = self.string(table, key, path)
        if value is not None and value not in choices:
            self.error(
                (*path, key),
                f"must be one of {', '.join(choices)}, got '{value}'"
                f"{did_you_mean(value.lower(), choices)}",
            )
            return None
        return value


def decode(data: bytes, file: str, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise FileProblems([FileProblem(
            file, f"file is too large ({len(data):,} bytes; the limit is {max_bytes // 1024} KiB)",
        )])  # fmt: skip
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        raise FileProblems([FileProblem(
            file, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line=before.count(b"\n") + 1, column=exc.start - (before.rfind(b"\n") + 1) + 1,
        )]) from None  # fmt: skip


_TOML_PLACE = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


#: More parts than any hand-written key needs. tomllib's time and memory grow
#: with the square of a dotted key's length: 50,000 parts take gigabytes.
MAX_KEY_PARTS = 32
_LONG_DOTTED_KEY = re.compile(
    r"(?:^|[{,])[ \t]*\[*[ \t]*"
    r"(?:(?:[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*\.[ \t]*)"
    rf"{{{MAX_KEY_PARTS},}}",
    re.MULTILINE,
)


_KEY_AT_START = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


def _plain(message: str, text: str, line: int) -> str:
    """tomllib's message, said plainly where it is cryptic (a key given twice)."""
    if message == "Cannot overwrite a value":
        lines = text.split("\n")
        key = _KEY_AT_START.match(lines[line - 1]) if line <= len(lines) else None
        if key:
            name = key.group(1).strip("\"'")
            return f"'{name}' is given twice in the same table"
    return message


def parse(text: str, file: str) -> dict[str, Any]:
    """tomllib.loads, with its syntax errors as located FileProblems."""
    too_long = _LONG_DOTTED_KEY.search(text)
    if too_long:
        raise FileProblems([FileProblem(
            file, f"a dotted key of more than {MAX_KEY_PARTS} parts: keys are nested too deeply",
            line=text.count("\n", 0, too_long.end()) + 1,
        )])  # fmt: skip
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_PLACE.match(str(exc))
        if found:
            line = int(found["line"])
            raise FileProblems([FileProblem(
                file, f"TOML syntax: {_plain(found['msg'], text, line)}",
                line=line, column=int(found["col"]),
            )]) from None  # fmt: skip
        if str(exc).endswith(" (at end of document)"):
            # Something left open: point just after the last thing written.
            lines = text.rstrip().split("\n")
            raise FileProblems([FileProblem(
                file, f"TOML syntax: {str(exc).removesuffix(' (at end of document)')} "
                "at the end of the file", line=len(lines), column=len(lines[-1]) + 1,
            )]) from None  # fmt: skip
        raise FileProblems([FileProblem(file, f"TOML syntax: {exc}")]) from None
    except RecursionError:
        raise FileProblems([FileProblem(file, "values are nested too deeply")]) from None


#: What a `*.toml` entry is when it is not a regular file, by `stat.S_IFMT`.
_NOT_REGULAR = {
    stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket",
}  # fmt: skip


def read(path: Path, max_bytes: int) -> str:
    """The text of a hand-written file, or FileProblems saying why it cannot be read."""
    return decode(read_bytes(path), str(path), max_bytes)


def read_bytes(path: Path) -> bytes:
    """The bytes of a hand-written file, or FileProblems saying why it cannot be read.

    The one place presets and settings are read. Only a regular file (after
    following links) is read: a named pipe would hang the reader for ever and a
    device would never end, so either is a located problem, as is a folder or a
    link to nothing. The file is opened without waiting (a pipe opens at once)
    and checked before a byte is read.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise FileProblems([FileProblem(
                str(path), f"not a regular file (a link to nothing: {os.readlink(path)})",
            )]) from None  # fmt: skip
        raise _cannot_read(path, "No such file or directory") from None
    except IsADirectoryError:
        raise FileProblems([FileProblem(str(path), "not a regular file (a folder)")]) from None
    except OSError as exc:
        raise _cannot_read(path, exc.strerror or str(exc)) from None
    kind = stat.S_IFMT(os.fstat(handle).st_mode)
    if kind != stat.S_IFREG:
        os.close(handle)
        what = _NOT_REGULAR.get(kind, "not a file")
        raise FileProblems([FileProblem(str(path), f"not a regular file ({what})")])
    with os.fdopen(handle, "rb") as file:
        try:
            return file.read()
        except OSError as exc:
            raise _cannot_read(path, exc.strerror or str(exc)) from None


def _cannot_read(path: Path, why: str) -> FileProblems:
    return FileProblems([FileProblem(str(path), f"cannot read: {why}")])
