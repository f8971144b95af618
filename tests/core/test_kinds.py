"""Every kind of segment has all it needs, wherever it is needed.

A kind is defined once, in kinds.py; what cannot be derived from it (its
tone, its arrow's glyph in the big font) lives elsewhere, and these tests fail
when a kind is added without them.
"""

from __future__ import annotations

import re

import pytest
from textual.color import Color

from backwalk_tui import kinds
from backwalk_tui.kinds import KINDS
from backwalk_tui.sound import tones
from backwalk_tui.sound.cueing import BELL_CUES
from backwalk_tui.ui import palette
from backwalk_tui.ui.app import BackwalkApp
from backwalk_tui.ui.widgets import bigfont


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_a_tone_of_its_own(name):
    cue = KINDS[name].cue
    assert cue in tones.CUES, f"tones.CUES does not describe {cue!r}"
    assert tones.render(cue, 50), f"tones has no sound for {cue!r}"
    assert tones.cue_for_kind(name) == cue
    if KINDS[name].bell:
        assert cue in BELL_CUES


def test_no_two_kinds_sound_look_or_read_alike():
    for field in ("word", "arrow", "hue", "cue", "listed"):
        values = [getattr(kind, field) for kind in KINDS.values()]
        assert len(set(values)) == len(values), f"two kinds share a {field}"


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_can_be_drawn_big(name):
    kind = KINDS[name]
    assert bigfont.can_draw(kind.arrow), f"ui/widgets/bigfont.py has no glyph for {kind.arrow!r}"
    assert bigfont.can_draw(kind.word.upper())


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_its_colours_and_its_rules(name):
    Color.parse(KINDS[name].hue)  # an Okabe-Ito hue, written as CSS reads it
    variables = palette.stylesheet_variables(palette.BLACK, dark=True)
    rules = BackwalkApp.CSS
    for variable in (f"bw-ink-{name}", f"bw-wash-{name}", f"bw-wash-{name}-text"):
        Color.parse(variables[variable])
        assert f"${variable};" in rules, f"no rule uses ${variable}"
    assert f"#session-main.-{name} #direction" in rules
    assert f"#session-main.-wash.-{name} {{" in rules


def test_the_parts_of_a_session_list_every_kind_once():
    assert sorted(kinds.LISTED) == sorted(KINDS)
    assert kinds.LISTED[0] == "backward", "backward first: it is the exercise"


def test_only_rest_is_not_walked():
    assert [name for name in KINDS if not kinds.is_walked(name)] == ["rest"]
    assert kinds.is_walked("a kind a newer backwalk wrote")


def test_a_preset_takes_every_kind_and_no_other():
    from backwalk_tui.presets import PresetLoadError, parse_preset

    for name in KINDS:
        preset = parse_preset(f'name = "{name}"\n[[segment]]\nkind = "{name}"\nduration = 30\n')
        assert preset.segments[0].kind == name
    with pytest.raises(PresetLoadError, match=re.escape(", ".join(KINDS))):
        parse_preset('name = "jump"\n[[segment]]\nkind = "jump"\nduration = 30\n')
