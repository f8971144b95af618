"""A 5x7 pixel font drawn at any whole scale: the time and direction, readable across a room.

5x7 is the grid of station boards and bus destination signs, made to be read
from far off. Each pixel is `sx` columns wide and `sy` half-rows tall, and a
terminal cell holds two half-rows (the half blocks ▀ ▄ █), so with sx == sy a
pixel comes out square. Scales run from sy == sx (square) to sy == 2 * sx
(twice as tall as wide, the shape of a whole cell), so there is a size for
every few rows between "4 rows" and "the whole screen", and every edge falls
on a cell or half-cell: the glyphs stay crisp. From a scale of 3 on, strokes
are drawn a third thicker, as a bold face reads better from afar.

Text with a character the font lacks, or too large for the space it gets, is
not drawn here: the widget shows it as plain bold text instead, so nothing is
ever cut off or lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

HEIGHT = 7
#: Blank pixels between two glyphs.
GAP = 1

_GLYPHS = """
A
.###.
#...#
#...#
#####
#...#
#...#
#...#
B
####.
#...#
#...#
####.
#...#
#...#
####.
C
.###.
#...#
#....
#....
#....
#...#
.###.
D
###..
#..#.
#...#
#...#
#...#
#..#.
###..
E
#####
#....
#....
####.
#....
#....
#####
F
#####
#....
#....
####.
#....
#....
#....
G
.###.
#...#
#....
#.###
#...#
#...#
.####
H
#...#
#...#
#...#
#####
#...#
#...#
#...#
I
###
.#.
.#.
.#.
.#.
.#.
###
J
..###
...#.
...#.
...#.
...#.
#..#.
.##..
K
#...#
#..#.
#.#..
##...
#.#..
#..#.
#...#
L
#....
#....
#....
#....
#....
#....
#####
M
#...#
##.##
#.#.#
#.#.#
#...#
#...#
#...#
N
#...#
#...#
##..#
#.#.#
#..##
#...#
#...#
O
.###.
#...#
#...#
#...#
#...#
#...#
.###.
P
####.
#...#
#...#
####.
#....
#....
#....
Q
.###.
#...#
#...#
#...#
#.#.#
#..#.
.##.#
R
####.
#...#
#...#
####.
#.#..
#..#.
#...#
S
.####
#....
#....
.###.
....#
....#
####.
T
#####
..#..
..#..
..#..
..#..
..#..
..#..
U
#...#
#...#
#...#
#...#
#...#
#...#
.###.
V
#...#
#...#
#...#
#...#
#...#
.#.#.
..#..
W
#...#
#...#
#...#
#.#.#
#.#.#
#.#.#
.#.#.
X
#...#
#...#
.#.#.
..#..
.#.#.
#...#
#...#
Y
#...#
#...#
.#.#.
..#..
..#..
..#..
..#..
Z
#####
....#
...#.
..#..
.#...
#....
#####
0
.###.
#...#
#...#
#...#
#...#
#...#
.###.
1
..#..
.##..
..#..
..#..
..#..
..#..
.###.
2
.###.
#...#
....#
...#.
..#..
.#...
#####
3
#####
...#.
..#..
...#.
....#
#...#
.###.
4
...#.
..##.
.#.#.
#..#.
#####
...#.
...#.
5
#####
#....
####.
....#
....#
#...#
.###.
6
..##.
.#...
#....
####.
#...#
#...#
.###.
7
#####
....#
...#.
..#..
.#...
.#...
.#...
8
.###.
#...#
#...#
.###.
#...#
#...#
.###.
9
.###.
#...#
#...#
.####
....#
...#.
.##..
:
..
##
##
..
##
##
..
.
..
..
..
..
..
##
##
·
...
...
###
###
###
...
...
-
....
....
....
####
....
....
....
'
#
#
.
.
.
.
.
!
#
#
#
#
#
.
#
?
.###.
#...#
....#
...#.
..#..
.....
..#..
/
.....
....#
...#.
..#..
.#...
#....
.....
↑
...#...
..###..
.#####.
#######
..###..
..###..
..###..
↓
..###..
..###..
..###..
#######
.#####.
..###..
...#...
↔
...#...#...
..##...##..
.#########.
###########
.#########.
..##...##..
...#...#...
"""


def _load() -> dict[str, tuple[str, ...]]:
    glyphs: dict[str, tuple[str, ...]] = {}
    lines = _GLYPHS.strip("\n").split("\n")
    for start in range(0, len(lines), HEIGHT + 1):
        char, rows = lines[start], lines[start + 1 : start + 1 + HEIGHT]
        glyphs[char] = tuple(rows)
    glyphs[" "] = ("...",) * HEIGHT
    return glyphs


GLYPHS = _load()


@dataclass(frozen=True, order=True)
class Scale:
    """A font pixel is `sy` half-rows tall and `sx` columns wide."""

    sy: int
    sx: int

    @property
    def bold(self) -> int:
        """Columns and half-rows every stroke is thickened by: a third of a pixel, from 3 on."""
        return self.sy // 3

    @property
    def rows(self) -> int:
        """Terminal rows the text takes (a half-row left over takes a row)."""
        return -(-(HEIGHT * self.sy + self.bold) // 2)


def can_draw(text: str) -> bool:
    return all(char in GLYPHS for char in text.upper())


def widths(text: str, scale: Scale) -> list[int]:
    """Columns each glyph of the text takes at `scale`, its bold edge included."""
    return [len(GLYPHS[char][0]) * scale.sx + scale.bold for char in text.upper()]


def offsets(text: str, scale: Scale) -> list[int]:
    """Where each glyph begins, in columns from the text's left edge."""
    starts, x = [], 0
    for glyph in widths(text, scale):
        starts.append(x)
        x += glyph + GAP * scale.sx
    return starts


def width(text: str, scale: Scale) -> int:
    """Columns the text takes at `scale`: its glyphs and the gaps between them."""
    return sum(widths(text, scale)) + GAP * scale.sx * max(0, len(text) - 1)


@cache
def scales(most_rows: int) -> tuple[Scale, ...]:
    """Every scale up to `most_rows` rows tall, tallest and then widest first."""
    found = []
    for sy in range(1, 2 * most_rows // HEIGHT + 2):
        for sx in range(sy, (sy + 1) // 2 - 1, -1):
            scale = Scale(sy, sx)
            if scale.rows <= most_rows:
                found.append(scale)
    return tuple(sorted(found, reverse=True))


def fit(text: str, columns: int, rows: int) -> Scale | None:
    """The largest scale at which `text` fits `columns` x `rows`; None if none does.

    Largest means tallest (the height is what is read from afar); of scales
    as tall, the widest, whose strokes are the boldest.
    """
    if not text or not can_draw(text):
        return None
    for scale in scales(rows):
        if width(text, scale) <= columns:
            return scale
    return None


def draw(text: str, scale: Scale) -> list[str]:
    """The text as `scale.rows` lines of half-block characters, `width(text, scale)` wide."""
    gap = " " * (GAP * scale.sx)
    glyphs = [_glyph(char, scale) for char in text.upper()]
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(scale.rows)]


_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@cache
def _glyph(char: str, scale: Scale) -> tuple[str, ...]:
    """One glyph at `scale`, as rows of cells; each glyph is worked out once per scale."""
    pattern = GLYPHS[char]
    sx, sy, bold = scale.sx, scale.sy, scale.bold
    columns = len(pattern[0]) * sx + bold
    # Every pixel is drawn `bold` wider and taller than its place, the same on
    # every stroke; an odd count of half-rows is padded with a blank one below.
    ink = [[False] * columns for _ in range(2 * scale.rows)]
    for y, line in enumerate(pattern):
        for x, pixel in enumerate(line):
            if pixel == "#":
                for row in range(y * sy, y * sy + sy + bold):
                    ink[row][x * sx : x * sx + sx + bold] = [True] * (sx + bold)
    return tuple(
        "".join(_HALVES[ink[2 * row][col], ink[2 * row + 1][col]] for col in range(columns))
        for row in range(scale.rows)
    )
