"""How the session's body is shared out: the time and the direction as large as they can be.

Pure: it knows the font's sizes (`bigfont`), not Textual. The session screen
asks again whenever the terminal's size or the shape of what it shows
changes, and gives each widget the rows this says.

What matters most gets room first. The time comes first, and may take up to
`TIME_SHARE` of the rows; then the direction, up to `DIRECTION_SHARE`; then
the small lines, in the order given (the segment's cue first); only then
does the time, and after it the direction, grow past its share into rows
nobody else wants; last come blank rows that space the lines out. So a large
screen fills with the time and the direction, and a small one keeps them
and drops the rest, line by line.

The direction is drawn as one of: the word and its arrow in the big font;
the arrow alone in the big font, the word under it in plain letters (a long
label, a narrow screen); or the word and arrow in plain letters (too small
for either).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backwalk_tui.ui.widgets import bigfont

TIME_SHARE = 0.6
DIRECTION_SHARE = 0.34
#: Blank rows that space the lines out when there is room: above the cue and below it.
MOST_GAPS = 2


@dataclass(frozen=True)
class Fit:
    #: Rows the time is drawn in: its font's height, or 1 for plain letters.
    time_rows: int
    #: Rows the direction takes: 0 when it is not shown (the last seconds),
    #: 1 in plain letters, else the big font's height (plus 1 for a caption).
    direction_rows: int
    #: What the big font draws for the direction: the word and arrow, or the arrow alone.
    direction_big: str
    #: The word under the big arrow, when the arrow stands alone; else "".
    caption: str
    #: The small lines shown, by name, in the order given.
    lines: tuple[str, ...]
    #: Blank rows used to space the lines out.
    gaps: int


def _big_rows(text: str, columns: int, most_rows: int) -> list[int]:
    """Every height the big font can draw `text` at within `columns` x `most_rows`."""
    if not bigfont.can_draw(text):
        return []
    heights = set()
    for scale in bigfont.scales(most_rows):
        if bigfont.width(text, scale) <= columns:
            heights.add(scale.rows)
    return sorted(heights, reverse=True)


def _least_big(heights: list[int]) -> int:
    """The big font's smallest height among `heights` (or the plain line's, if none)."""
    return min([h for h in heights if h > 1] or heights or [0])


def _nearest(heights: list[int], share: float) -> float:
    """Of `heights`, the nearest to `share` rows, and never less than the big font's least.

    On a small screen the share may be less than the big font's smallest
    size; the big font still comes before everything else.
    """
    return max(min(heights or [0], key=lambda h: (abs(h - share), h)), _least_big(heights))


def fit_session(
    columns: int,
    rows: int,
    *,
    time: str,
    direction: str,
    arrow: str,
    lines: Sequence[tuple[str, int]] = (),
    countdown: bool = False,
) -> Fit:
    """Share `rows` x `columns` between the time, the direction and `lines` (name, rows).

    `countdown`: the last seconds of a segment, when the time (one digit)
    takes the direction's place too, up to all the body its lines leave.
    """
    time_options = [*_big_rows(time, columns, rows), 1]
    direction_options = [NO_DIRECTION]
    if not countdown:
        direction_options += _direction_options(direction, arrow, columns, rows)
    time_cap = _time_cap(time_options, rows, lines, countdown)
    direction_cap = _nearest(
        [r - (1 if caption else 0) for r, _, caption in direction_options], DIRECTION_SHARE * rows
    )
    layouts = (
        _layout(time_rows, option, rows, lines)
        for time_rows in time_options
        for option in direction_options
    )
    # The first of the best: the options are listed largest first.
    return max(
        (fit for fit in layouts if fit is not None),
        key=lambda fit: _score(fit, time_cap, direction_cap),
        default=Fit(1, 0, "", "", (), 0),
    )


#: A direction option: (rows, what the big font draws, the caption under it).
DirectionOption = tuple[int, str, str]
#: The direction left out: the last seconds, or no room.
NO_DIRECTION: DirectionOption = (0, "", "")


def _direction_options(
    direction: str, arrow: str, columns: int, rows: int
) -> list[DirectionOption]:
    """Every way to draw the direction, best first: the word and arrow in the big
    font, the big arrow over the word, then plain letters."""
    options = [(r, direction, "") for r in _big_rows(direction, columns, rows)]
    if arrow and arrow != direction:
        word = direction.removesuffix(arrow).strip()
        options += [(r + 1, arrow, word) for r in _big_rows(arrow, columns, rows - 1)]
    options.append((1, direction, ""))
    return options


def _time_cap(
    time_options: list[int], rows: int, lines: Sequence[tuple[str, int]], countdown: bool
) -> float:
    """The rows the time may take before anything else is given room.

    A share is met by the size nearest to it: the font comes in steps of a
    few rows, and a time a step past its share would leave the direction a
    step short of its own. In the last seconds the digit takes all but what
    its lines (what is next, safety) need.
    """
    if not countdown:
        return _nearest(time_options, TIME_SHARE * rows)
    room = rows - sum(height for _, height in lines)
    within = [h for h in time_options if 1 < h <= room]
    return max(within or [_least_big(time_options)])


def _layout(
    time_rows: int, direction: DirectionOption, rows: int, lines: Sequence[tuple[str, int]]
) -> Fit | None:
    """The time and the direction at these sizes, and the lines that fit below them;
    None when the two alone do not fit."""
    direction_rows, big, caption = direction
    used = time_rows + direction_rows
    if used > rows:
        return None
    shown: list[str] = []
    for name, height in lines:  # in order: a line is shown only if all before it are
        if used + height > rows:
            break
        used += height
        shown.append(name)
    gaps = min(MOST_GAPS, rows - used) if shown else 0
    return Fit(time_rows, direction_rows, big, caption, tuple(shown), gaps)


def _score(fit: Fit, time_cap: float, direction_cap: float) -> tuple:
    """How good a layout is, compared in order: the time up to its share, a
    direction at all, how it is drawn, the direction up to its share, the lines
    shown, then the time and the direction past their shares, then the gaps."""
    # The big font's own rows count before the caption's plain line.
    drawn = fit.direction_rows - (1 if fit.caption else 0)
    # The word in the big font, then the big arrow over the word, then plain letters.
    kind = 0 if fit.direction_rows <= 1 else 1 if fit.caption else 2
    return (
        min(fit.time_rows, time_cap),
        fit.direction_rows > 0,
        kind,
        min(drawn, direction_cap),
        len(fit.lines),
        fit.time_rows,
        drawn,
        fit.gaps,
    )
