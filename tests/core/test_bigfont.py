"""The big font and the sharing out of the session's body: pure, no app."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from backwalk_tui.ui.fitting import DIRECTION_SHARE, TIME_SHARE, fit_session
from backwalk_tui.ui.widgets import bigfont
from backwalk_tui.ui.widgets.bigfont import Scale

DRAWABLE = st.text(alphabet="0123456789: ABCDEFGHIJKLMNOPQRSTUVWXYZ↑↓↔·", min_size=1, max_size=12)
LINES = [("step-cue", 1), ("standing-cues", 1), ("next-step", 1), ("step-detail", 1)]


def test_every_glyph_is_seven_pixels_tall_and_drawn_only_with_half_blocks():
    for char, rows in bigfont.GLYPHS.items():
        assert len(rows) == bigfont.HEIGHT, char
        assert len({len(row) for row in rows}) == 1, f"{char!r} has rows of two widths"
    lines = bigfont.draw("0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ↑↓↔·-'!?/", Scale(3, 2))
    assert set("".join(lines)) <= {" ", "▀", "▄", "█"}


@given(DRAWABLE)
@settings(max_examples=50)
def test_a_line_of_the_big_font_is_one_cell_a_character(text: str):
    # BigText counts on it: it gives each row its width in cells from len(),
    # rather than measuring thousands of block characters every second.
    for line in bigfont.draw(text, Scale(3, 2)):
        assert cell_len(line) == len(line)


@pytest.mark.parametrize("scale", [Scale(1, 1), Scale(2, 1), Scale(2, 2), Scale(3, 2), Scale(9, 7)])
def test_drawn_text_is_exactly_as_wide_and_tall_as_said(scale: Scale):
    for text in ("0:45", "BACKWARD ↓", "3", "12 STEPS"):
        lines = bigfont.draw(text, scale)
        assert len(lines) == scale.rows
        assert {len(line) for line in lines} == {bigfont.width(text, scale)}


def test_a_square_pixel_is_as_wide_as_half_a_row_is_tall():
    # "1"'s stem is one pixel wide: at 2x2 it is two columns, on rows 0 to 6.
    one = bigfont.draw("1", Scale(2, 2))
    assert len(one) == 7
    assert all(line[4:6] == "██" for line in one[1:6])


def test_scales_run_from_square_to_twice_as_tall_as_wide():
    for scale in bigfont.scales(40):
        assert scale.sx <= scale.sy <= 2 * scale.sx
        assert scale.rows <= 40
    rows = [scale.rows for scale in bigfont.scales(40)]
    assert rows == sorted(rows, reverse=True)
    # Many sizes between the least and the whole screen, a few rows apart.
    assert len(set(rows)) >= 10 and min(rows) == 4


def test_fit_takes_the_tallest_then_the_widest_scale():
    assert bigfont.fit("45", 200, 60) == max(bigfont.scales(60))
    # 80 columns: "1:50" is 20 pixels wide, so 4 columns a pixel at most.
    scale = bigfont.fit("1:50", 80, 60)
    assert scale is not None and scale.sx * 20 + scale.bold * 4 <= 80
    assert bigfont.fit("1:50", 19, 60) is None, "too narrow for the smallest scale"
    assert bigfont.fit("45", 80, 3) is None, "too short for the smallest scale"
    assert bigfont.fit("Walk [x]", 200, 60) is None, "a character the font lacks"


@settings(max_examples=200, deadline=None)
@given(text=DRAWABLE, columns=st.integers(1, 300), rows=st.integers(1, 100))
def test_fit_is_the_largest_scale_that_fits(text: str, columns: int, rows: int):
    scale = bigfont.fit(text, columns, rows)
    fitting = [s for s in bigfont.scales(rows) if bigfont.width(text, s) <= columns]
    if scale is None:
        assert not fitting
    else:
        assert scale.rows <= rows and bigfont.width(text, scale) <= columns
        assert scale == max(fitting)


# ---------------------------------------------------------------- sharing out


def body(width: int, height: int) -> tuple[int, int]:
    """The session body of a terminal: less the side padding, the bars and the footer."""
    return width - 2, height - 3


@pytest.mark.parametrize(
    ("size", "least_time", "least_direction"),
    [((200, 60), 24, 10), ((100, 30), 10, 7), ((80, 24), 10, 7), ((300, 100), 40, 20)],
)
def test_the_time_and_the_direction_fill_a_large_screen(size, least_time, least_direction):
    columns, rows = body(*size)
    for time in ("1:50", "45", "12 STEPS"):
        fit = fit_session(columns, rows, time=time, direction="BACKWARD ↓", arrow="↓", lines=LINES)
        assert fit.time_rows >= (7 if time == "12 STEPS" else least_time), (size, time)
        assert fit.direction_rows >= least_direction, (size, time)
        assert fit.direction_big == "BACKWARD ↓" and not fit.caption


def test_the_time_wins_over_the_direction_when_space_is_short():
    # 5 rows: room for the time in the big font (4 rows) and one plain line.
    fit = fit_session(40, 5, time="45", direction="BACKWARD ↓", arrow="↓", lines=LINES)
    assert (fit.time_rows, fit.direction_rows) == (4, 1)
    assert fit.direction_big == "BACKWARD ↓", "in plain letters, word and arrow"
    assert fit.lines == ()


def test_the_direction_wins_over_the_cue_line():
    # 6 rows: the time (4), the direction in plain letters (1), one line.
    fit = fit_session(40, 6, time="45", direction="BACKWARD ↓", arrow="↓", lines=LINES)
    assert (fit.time_rows, fit.direction_rows, fit.lines) == (4, 1, ("step-cue",))


def test_a_body_with_no_rows_still_gets_a_layout():
    # A terminal shrunk past the bars: nothing fits, and the screen still has its answer.
    fit = fit_session(80, 0, time="45", direction="BACKWARD ↓", arrow="↓", lines=LINES)
    assert (fit.time_rows, fit.direction_rows, fit.lines, fit.gaps) == (1, 0, (), 0)


def test_the_lines_are_dropped_from_the_last_and_never_skipped():
    for rows in range(5, 30):
        fit = fit_session(78, rows, time="45", direction="FORWARD ↑", arrow="↑", lines=LINES)
        assert fit.lines == tuple(name for name, _ in LINES[: len(fit.lines)])


def test_a_word_too_wide_for_the_big_font_leaves_the_arrow_big_and_the_word_plain():
    fit = fit_session(
        78, 21, time="45", direction="SIDE STEPS TO THE LEFT ↔", arrow="↔", lines=LINES
    )
    assert fit.direction_big == "↔" and fit.caption == "SIDE STEPS TO THE LEFT"
    assert fit.direction_rows >= 5


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60), (300, 100)])
def test_the_last_seconds_give_the_digit_all_its_lines_leave(size):
    columns, rows = body(*size)
    usual = fit_session(columns, rows, time="3", direction="FORWARD ↑", arrow="↑", lines=LINES)
    last = fit_session(
        columns, rows, time="3", direction="", arrow="", lines=LINES[:2], countdown=True
    )
    assert last.direction_rows == 0
    assert last.time_rows > usual.time_rows and last.time_rows >= rows - 2 - 4
    # What comes next, and the standing safety cues, stay on screen.
    assert last.lines == ("step-cue", "standing-cues")


def test_on_a_tiny_screen_the_last_seconds_keep_the_digit_big():
    last = fit_session(18, 5, time="3", direction="", arrow="", lines=LINES[:2], countdown=True)
    assert (last.time_rows, last.lines) == (4, ("step-cue",))


def test_shares_leave_room_for_each_other():
    columns, rows = body(200, 60)
    fit = fit_session(columns, rows, time="45", direction="FORWARD ↑", arrow="↑", lines=LINES)
    assert fit.time_rows <= TIME_SHARE * rows + 4
    assert fit.direction_rows <= DIRECTION_SHARE * rows + 4
    assert len(fit.lines) == len(LINES)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(1, 300),
    rows=st.integers(1, 100),
    time=st.sampled_from(["1:50", "59", "9", "12 STEPS", "1:00:00", "PAUSED"]),
    direction=st.sampled_from(["FORWARD ↑", "BACKWARD ↓", "REST ·", "CROSSING ↔", "[X] ↑", ""]),
    heights=st.lists(st.integers(1, 3), min_size=0, max_size=4),
    countdown=st.booleans(),
)
def test_what_is_shared_out_never_exceeds_the_body(
    columns, rows, time, direction, heights, countdown
):
    lines = [(f"line-{n}", height) for n, height in enumerate(heights)]
    arrow = direction[-1:] if direction else ""
    fit = fit_session(
        columns, rows, time=time, direction=direction, arrow=arrow, lines=lines,
        countdown=countdown,
    )  # fmt: skip
    shown = sum(height for name, height in lines if name in fit.lines)
    assert fit.time_rows + fit.direction_rows + shown + fit.gaps <= rows
    big_time = bigfont.fit(time, columns, fit.time_rows)
    assert fit.time_rows == (big_time.rows if big_time else 1)
