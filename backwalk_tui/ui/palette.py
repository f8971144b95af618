"""The colours of the directions, worked out so that words on them read from afar.

Each direction keeps its own hue (`kinds.Kind.hue`) in every theme, so a
walker who has learnt "orange is backward" is never caught out by a change of
theme. The hues are from Okabe and Ito's palette, which most colour-blind eyes
still tell apart (and the word and arrow are always there too): bluish green
for forward, orange for backward, sky blue for sideways, and reddish purple
for rest, the calm one: its wash is dark where the others are bright.

Two sets of colours come from them, as stylesheet variables:
- the *wash* (`$bw-wash-KIND` and the text on it, `$bw-wash-KIND-text`): the
  session's background while a segment runs. Its lightness is moved just as
  far as it takes for black or white text (whichever needs the smaller move)
  to stand out from it by at least 7:1, WCAG's AAA level;
- the *ink* (`$bw-ink-KIND`): the direction's word in its colour on the
  theme's own background, for `display = "dark"`, moved the same way to 7:1
  against that background.
"""

from __future__ import annotations

from textual.color import Color

from backwalk_tui.kinds import KINDS

HUES = {name: Color.parse(kind.hue) for name, kind in KINDS.items()}
BLACK, WHITE = Color(0, 0, 0), Color(255, 255, 255)
#: WCAG 2's AAA contrast for text.
LEAST_CONTRAST = 7.0


def luminance(colour: Color) -> float:
    """WCAG 2's relative luminance: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG 2's contrast ratio, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def away_from(colour: Color, background: Color, ratio: float = LEAST_CONTRAST) -> Color:
    """`colour`, made lighter or darker (away from `background`) until the two reach `ratio`.

    Lightness moves in CIE Lab, so the hue is kept; the move is the least
    that reaches the ratio (found by halving), and none if it is reached.
    """
    if contrast(colour, background) >= ratio:
        return colour
    lighter = luminance(background) < 0.18
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        moved = colour.lighten(middle) if lighter else colour.darken(middle)
        if contrast(moved, background) >= ratio:
            high = middle
        else:
            low = middle
    return colour.lighten(high) if lighter else colour.darken(high)


def wash(kind: str) -> tuple[Color, Color]:
    """The session's background for `kind`, and the colour of the words on it."""
    hue = HUES[kind]
    texts = (WHITE,) if KINDS[kind].dark_wash else (BLACK, WHITE)
    choices = [away_from(hue, text) for text in texts]
    background = min(choices, key=lambda c: abs(luminance(c) - luminance(hue)))
    text = max((BLACK, WHITE), key=lambda t: contrast(background, t))
    return background, text


def stylesheet_variables(background: Color, dark: bool) -> dict[str, str]:
    """The `$bw-…` variables for a theme whose background is `background`.

    A terminal's own colours (the ANSI themes) have no known value: dark
    themes are taken to be black behind, light ones white.
    """
    if background.ansi is not None:
        background = BLACK if dark else WHITE
    variables = {}
    for kind in KINDS:
        wash_colour, text = wash(kind)
        variables[f"bw-wash-{kind}"] = wash_colour.hex
        variables[f"bw-wash-{kind}-text"] = text.hex
        variables[f"bw-ink-{kind}"] = away_from(HUES[kind], background).hex
    return variables


def kind_rules() -> str:
    """The session's rules for each kind, written out here so a new kind needs no CSS.

    The app reads them after app.tcss (`App.CSS`). While a segment runs, the
    direction is in its ink, and with `display = "wash"` the whole body is in
    its wash with every word on it in one colour at 7:1. app.tcss's rule that
    greys a paused direction outweighs the ink (by `SessionScreen`), not by
    coming later.
    """
    rules = []
    for kind in KINDS:
        main, wash = f"#session-main.-{kind}", f"#session-main.-wash.-{kind}"
        rules += [
            f"{main} #direction {{ color: $bw-ink-{kind}; }}",
            f"{wash} {{ background: $bw-wash-{kind}; }}",
            f"{wash} #session-body > *, {wash} #session-bottom > * "
            f"{{ color: $bw-wash-{kind}-text; }}",
        ]
    return "\n".join(rules) + "\n"
