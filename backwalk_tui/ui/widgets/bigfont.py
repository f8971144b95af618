"""A five-row block font: the direction word and the time, readable across a room.

Each glyph is drawn with `#` for a filled cell. Text with a character the
font lacks, or too wide for the space it gets, is shown as plain bold text
instead, so nothing is ever cut off or lost.
"""

from __future__ import annotations

HEIGHT = 5

_GLYPHS = """
A
.###.
#...#
#####
#...#
#...#
B
####.
#...#
####.
#...#
####.
C
.####
#....
#....
#....
.####
D
####.
#...#
#...#
#...#
####.
E
#####
#....
####.
#....
#####
F
#####
#....
####.
#....
#....
G
.####
#....
#..##
#...#
.####
H
#...#
#...#
#####
#...#
#...#
I
###
.#.
.#.
.#.
###
J
..###
...#.
...#.
#..#.
.##..
K
#...#
#..#.
###..
#..#.
#...#
L
#....
#....
#....
#....
#####
M
#...#
##.##
#.#.#
#...#
#...#
N
#...#
##..#
#.#.#
#..##
#...#
O
.###.
#...#
#...#
#...#
.###.
P
####.
#...#
####.
#....
#....
Q
.###.
#...#
#.#.#
#..#.
.##.#
R
####.
#...#
####.
#..#.
#...#
S
.####
#....
.###.
....#
####.
T
#####
..#..
..#..
..#..
..#..
U
#...#
#...#
#...#
#...#
.###.
V
#...#
#...#
#...#
.#.#.
..#..
W
#...#
#...#
#.#.#
##.##
#...#
X
#...#
.#.#.
..#..
.#.#.
#...#
Y
#...#
.#.#.
..#..
..#..
..#..
Z
#####
...#.
..#..
.#...
#####
0
.###.
#..##
#.#.#
##..#
.###.
1
.##
###
.##
.##
.##
2
####.
....#
.###.
#....
#####
3
####.
....#
.###.
....#
####.
4
#..#.
#..#.
#####
...#.
...#.
5
#####
#....
####.
....#
####.
6
.###.
#....
####.
#...#
.###.
7
#####
....#
...#.
..#..
..#..
8
.###.
#...#
.###.
#...#
.###.
9
.###.
#...#
.####
....#
.###.
:
.
#
.
#
.
.
.
.
.
.
#
-
....
....
####
....
....
·
..
..
##
..
..
'
#
#
.
.
.
!
#
#
#
.
#
?
####.
....#
..##.
.....
..#..
/
....#
...#.
..#..
.#...
#....
↑
..#..
.###.
#.#.#
..#..
..#..
↓
..#..
..#..
#.#.#
.###.
..#..
↔
.#...#.
##...##
#######
##...##
.#...#.
"""


def _load() -> dict[str, tuple[str, ...]]:
    glyphs: dict[str, tuple[str, ...]] = {}
    lines = _GLYPHS.strip("\n").split("\n")
    for start in range(0, len(lines), HEIGHT + 1):
        char, rows = lines[start], lines[start + 1 : start + 1 + HEIGHT]
        glyphs[char] = tuple(row.replace("#", "█").replace(".", " ") for row in rows)
    glyphs[" "] = ("  ",) * HEIGHT
    return glyphs


GLYPHS = _load()


def can_draw(text: str) -> bool:
    return all(char in GLYPHS for char in text.upper())


def width(text: str) -> int:
    """Cells the text takes in the big font (one blank column between glyphs)."""
    text = text.upper()
    return sum(len(GLYPHS[c][0]) for c in text) + max(0, len(text) - 1)


def draw(text: str) -> list[str]:
    """The text as HEIGHT lines of block characters."""
    glyphs = [GLYPHS[c] for c in text.upper()]
    return [" ".join(g[row] for g in glyphs) for row in range(HEIGHT)]
