"""`backwalk presets fmt`: a preset rewritten in the canonical layout.

The canonical layout is what backwalk writes itself (`presets.dump_preset`):
keys in the order of PRESET_FORMAT.md, defaults left out, durations written
like "2m" or "1m30s". A walker's comments are kept when each one can be put
back on the same key or table it was written on: a comment on its own line
goes above that key, a comment after a value stays after it, and the comment
block at the top of the file stays at the top. When that cannot be done
faithfully (a comment inside a multi-line value, or on a key the canonical
layout leaves out), the file is not rewritten and CannotKeepComments says why
and where.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field

from backwalk_tui.presets.model import FORMAT_HEADER, dump_preset, parse_preset

KeyPath = tuple[str | int, ...]


class CannotKeepComments(ValueError):
    """The file's comments cannot all be kept in the canonical layout; `line` says where."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class _Statement:
    line: int  # 1-based, where it starts
    path: KeyPath  # the key or table it defines
    is_table: bool
    comment: str | None = None  # after the value, on its last line
    above: list[str] = field(default_factory=list)  # comment lines just above


def _split_comment(line: str, open_string: str | None) -> tuple[str, str | None, str | None]:
    """(code, comment, string still open at the end of the line) for one line of TOML."""
    i = 0
    while i < len(line):
        if open_string:
            if open_string == '"""' and line[i] == "\\":
                i += 2
                continue
            if line.startswith(open_string, i):
                i += 3
                while line.startswith(open_string[0], i):  # quotes just inside the end
                    i += 1
                open_string = None
                continue
            i += 1
            continue
        if line.startswith('"""', i) or line.startswith("'''", i):
            open_string = line[i : i + 3]
            i += 3
            continue
        char = line[i]
        if char in "\"'":
            i += 1
            while i < len(line) and line[i] != char:
                i += 2 if char == '"' and line[i] == "\\" else 1
        elif char == "#":
            return line[:i], line[i:], None
        i += 1
    return line, None, open_string


def _first_path(data: dict) -> KeyPath:
    """The key path a one-statement document defines, e.g. ('warmup', 'kind')."""
    path: list[str] = []
    value: object = data
    while isinstance(value, dict) and len(value) == 1:
        key, value = next(iter(value.items()))
        path.append(key)
    return tuple(path)


def _header(lines: list[str]) -> list[str]:
    """The comment block at the top, when a blank line sets it off: it belongs to the file."""
    end = 0
    while end < len(lines) and lines[end].lstrip().startswith("#"):
        end += 1
    return lines[:end] if end and (end == len(lines) or not lines[end].strip()) else []


def _without_trailing_blanks(comments: list[str]) -> list[str]:
    while comments and not comments[-1]:
        comments.pop()
    return comments


def _statements(text: str) -> tuple[list[str], list[_Statement], list[str]]:
    """(the comment block at the top, each key and table with its comments, the end comments)."""
    lines = text.splitlines()
    header = _header(lines)
    start = len(header)
    statements: list[_Statement] = []
    above: list[str] = []
    table: KeyPath = ()
    array_counts: Counter[KeyPath] = Counter()
    code: list[str] = []
    inner_comments: list[int] = []
    open_string = None
    first_line = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        part, comment, open_string = _split_comment(line, open_string)
        if not code and not part.strip() and open_string is None:
            if comment is not None:
                above.append(comment)
            elif above and above[-1]:
                above.append("")  # keep a blank line inside a comment block
            continue
        if not code:
            first_line = number
        code.append(part)
        if open_string is not None:
            continue
        try:
            data = tomllib.loads("\n".join(code))
        except tomllib.TOMLDecodeError:
            if comment is not None:
                inner_comments.append(number)
            continue  # a value that goes on over the next lines
        if inner_comments:
            raise CannotKeepComments(
                "a comment inside a value that spans several lines cannot be kept "
                "in the canonical layout",
                inner_comments[0],
            )
        stripped = "\n".join(code).strip()
        path = _first_path(data)
        is_table = stripped.startswith("[")
        if stripped.startswith("[["):
            array_counts[path] += 1
            path = (*path, array_counts[path] - 1)
        if is_table:
            table = path
        else:
            path = (*table, *path)
        statements.append(
            _Statement(first_line, path, is_table, comment, _without_trailing_blanks(above))
        )
        above, code = [], []
    return header, statements, _without_trailing_blanks(above)


def _comment_lines(text: str) -> Counter[str]:
    header, statements, trailing = _statements(text)
    found = Counter(line.strip() for line in header + trailing if line.strip())
    for statement in statements:
        found.update(line.strip() for line in statement.above if line.strip())
        if statement.comment:
            found[statement.comment.strip()] += 1
    return found


def canonical_text(text: str, file: str = "<preset>") -> str:
    """`text` in the canonical layout, with its comments where they were.

    Raises PresetLoadError when the preset is not valid, and CannotKeepComments
    (with the line) when a comment could not be kept faithfully.
    """
    preset = parse_preset(text, file)
    header, statements, trailing = _statements(text)
    body = dump_preset(preset, header=False)
    _, targets, _ = _statements(body)
    placed = {target.path: target for target in targets}
    for statement in statements:
        if not statement.above and not statement.comment:
            continue
        # The same key, or for a table written inline, the first line of its table.
        target = placed.get(statement.path) or next(
            (t for t in targets if t.path[: len(statement.path)] == statement.path), None
        )
        if target is None:
            name = ".".join(str(part) for part in statement.path)
            raise CannotKeepComments(
                f"the comment on '{name}' cannot be kept: the canonical layout "
                f"leaves '{name}' out (it is empty or the default)",
                statement.line,
            )
        target.above.extend(statement.above)
        if statement.comment:
            if target.comment:
                raise CannotKeepComments("two comments would end up on one line", statement.line)
            target.comment = statement.comment

    out = [*header, ""] if header else [*FORMAT_HEADER.splitlines(), ""]
    by_line = {target.line: target for target in targets}
    for number, line in enumerate(body.splitlines(), start=1):
        target = by_line.get(number)
        if target is not None:
            out.extend(target.above)
            if target.comment:
                line = f"{line}  {target.comment}"
        out.append(line)
    if trailing:
        out.extend(["", *trailing])
    result = "\n".join(out).rstrip("\n") + "\n"

    # Check the promise rather than trust the code: same preset, same comments.
    expected = _comment_lines(text)
    if not header:
        expected.update(line for line in FORMAT_HEADER.splitlines() if line.strip())
    if parse_preset(result, file) != preset or _comment_lines(result) != expected:
        raise CannotKeepComments("the comments could not all be put back where they were")
    return result
