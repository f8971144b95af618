"""The kinds of segment (forward, backward, sideways, rest): everything about each, in one place.

A preset's `kind`, the store's totals, the word shown and spoken, the arrow,
the colour, the cue that sounds and whether the bell rings for it are all
read from here. A new kind is one `Kind` below, a tone of its own in
`sound/tones.py` (every cue must be told apart by ear) and, if its arrow is new,
the arrow's glyph in `ui/widgets/bigfont.py`; tests/core/test_kinds.py checks
that every kind has them all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    #: As presets, the store and the stylesheet's classes (`-backward`) spell it.
    name: str
    #: "Backward": spoken when a segment starts, the heading of its part of a
    #: session's time, and upper-cased (BACKWARD) as the direction on screen.
    word: str
    #: Beside the word, so colour is never the only signal.
    arrow: str
    #: Its colour in every theme, from Okabe and Ito's palette, which most
    #: colour-blind eyes still tell apart (ui/palette.py works out the shades).
    hue: str
    #: Where it is listed among a session's parts: backward first, it is the exercise.
    listed: int
    #: The tone that announces it (one of tones.CUES).
    cue: str
    #: Walking, counted in "Walked"; resting is standing still.
    walked: bool = True
    #: Calm: a dark wash with light words, however bright the others are.
    dark_wash: bool = False
    #: The terminal's bell stands in for its tone when there is no sound.
    bell: bool = True


#: Every kind, by name, in the order presets, the store's columns and the
#: palette list them.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("forward", "Forward", "↑", "#009E73", listed=1, cue="forward"),
        Kind("backward", "Backward", "↓", "#E69F00", listed=0, cue="backward"),
        Kind("sideways", "Sideways", "↔", "#56B4E9", listed=2, cue="sideways"),
        Kind("rest", "Rest", "·", "#CC79A7", listed=3, cue="rest", walked=False, dark_wash=True),
    )
}

#: The kinds in the order people read a session's parts in.
LISTED = tuple(sorted(KINDS, key=lambda name: KINDS[name].listed))


def names_in_words() -> str:
    """`forward, backward, sideways or rest`: the kinds, for a sentence."""
    *most, last = KINDS
    return f"{', '.join(most)} or {last}"


def is_walked(name: str) -> bool:
    """Whether time in a segment of kind `name` counts as walked. A kind unknown
    here (a store a newer backwalk wrote) is walked: only resting is not."""
    kind = KINDS.get(name)
    return kind is None or kind.walked
