"""The direction's colour: a wash behind a running segment, words on it at 7:1, in every theme.

Every theme's colours are checked as the stylesheet gets them (palette.py);
and on what the session screen really draws, in themes dark, light and of
the terminal's own colours, every character of the time, the direction and
the lines, as Textual renders it, so no word escapes the rule.
"""

from __future__ import annotations

import itertools
import math

import pytest
from rich.color import Color as RichColor
from support import write_preset
from textual.color import Color, rgb_to_lab
from textual.geometry import Region
from textual.theme import BUILTIN_THEMES

from backwalk_tui.kinds import KINDS
from backwalk_tui.settings import THEMES, Settings
from backwalk_tui.ui import palette
from backwalk_tui.ui.screens.session import SessionScreen

#: A segment of every kind, in kinds.KINDS's order: a new kind is drawn and checked too.
EVERY_KIND = """\
name = "Every kind"
checklist = []
cues = ["Hand on the counter", "Clear path behind you"]
""" + "".join(
    f'\n[[segment]]\nkind = "{name}"\nduration = 40\ncue = "{kind.word}, slowly"\n'
    for name, kind in KINDS.items()
)
#: Drawn for real: a dark theme, a light one, the terminal's own colours, and one more.
DRAWN_THEMES = ("textual-dark", "textual-light", "ansi-dark", "solarized-light")
BODY = ("#direction", "#step-cue", "#time", "#step-detail", "#standing-cues", "#next-step")


def drawn_colours(screen: SessionScreen) -> set[tuple[RichColor, RichColor]]:
    """(text, background) of every character with ink in the session's body, as drawn."""
    pairs = set()
    for selector in (*BODY, "#session-totals"):
        widget = screen.query_one(selector)
        if not widget.display or widget.region.area == 0:
            continue
        for strip in widget.render_lines(Region(0, 0, *widget.region.size)):
            for segment in strip:
                style = segment.style
                if segment.text.strip() and style is not None:
                    pairs.add((style.color, style.bgcolor))
    return pairs


def ratio(text: RichColor, background: RichColor) -> float:
    one, other = text.get_truecolor(), background.get_truecolor()
    return palette.contrast(Color(*one), Color(*other))


@pytest.fixture
def every_kind(app_factory, clock, locations):
    write_preset(locations.presets_dir, "every.toml", EVERY_KIND)

    def build(display: str = "wash"):
        settings = Settings(lead_in=0, display=display)
        return app_factory(preset="Every kind", clock=clock, settings=settings)

    return build


async def visit_every_kind(pilot, clock, check) -> None:
    """Run `check(theme, kind)` on each segment of Every kind, in each of DRAWN_THEMES."""
    app = pilot.app
    await pilot.press("enter")  # an empty checklist: straight to the session
    await pilot.pause()
    clock.advance(10)
    app.screen.tick()
    await pilot.pause()
    # A change of segment saves the one before: one for each kind, and many themes.
    for kind in KINDS:
        assert app.screen.engine.step.kind == kind
        for theme in DRAWN_THEMES:
            app.theme = theme
            await pilot.pause()
            check(theme, kind)
        await pilot.press("n")
        await pilot.pause()


async def test_words_drawn_on_the_wash_reach_seven_to_one(every_kind, clock):
    app = every_kind()
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:

        def check(theme: str, kind: str) -> None:
            screen = app.screen
            assert screen.main.has_class("-wash", f"-{kind}")
            wash = screen.main.styles.background.hex
            assert wash == palette.wash(kind)[0].hex, (theme, kind)
            pairs = drawn_colours(screen)
            assert pairs, "nothing drawn"
            for text, background in pairs:
                assert ratio(text, background) >= 7.0, (theme, kind, text, background)
            seen.setdefault(kind, set()).add(wash)

        await visit_every_kind(pilot, clock, check)
    # Each direction its own wash, the same in every theme.
    assert all(len(washes) == 1 for washes in seen.values())
    assert len({washes.pop() for washes in seen.values()}) == len(KINDS)


async def test_without_the_wash_the_direction_drawn_reaches_seven_to_one(every_kind, clock):
    app = every_kind(display="dark")
    async with app.run_test(size=(100, 30)) as pilot:

        def check(theme: str, kind: str) -> None:
            screen = app.screen
            assert not screen.main.has_class("-wash")
            background = Color.parse(app.get_css_variables()["background"])
            assert screen.main.styles.background.a == 0 or background.ansi is not None
            direction = screen.query_one("#direction")
            pairs = set()
            for strip in direction.render_lines(Region(0, 0, *direction.region.size)):
                pairs |= {(s.style.color, s.style.bgcolor) for s in strip if s.text.strip()}
            for text, back in pairs:
                if back is None or back.is_default:
                    continue  # the terminal's own background (the ANSI themes): not known here
                assert ratio(text, back) >= 7.0, (theme, kind)

        await visit_every_kind(pilot, clock, check)


async def test_the_wash_is_only_behind_a_running_segment(app_factory, clock, locations):
    write_preset(locations.presets_dir, "every.toml", EVERY_KIND)
    app = app_factory(preset="Every kind", clock=clock, settings=Settings(lead_in=5))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert not screen.main.has_class("-wash"), "the lead-in: nothing runs yet"
        clock.advance(6)
        screen.tick()
        await pilot.pause()
        assert screen.main.has_class("-wash", "-forward")
        wash = palette.wash("forward")[0].hex.lower()
        clock.advance(1)  # the flash of the change is over
        screen.tick()
        await pilot.pause()
        assert {b.get_truecolor().hex for _, b in drawn_colours(screen)} == {wash}
        await pilot.press("space")  # pause
        await pilot.pause()
        assert not screen.main.has_class("-wash")
        assert wash not in {b.get_truecolor().hex for _, b in drawn_colours(screen)}
        clock.advance(1)  # a press at once would be the pause's again
        await pilot.press("space")
        await pilot.pause()
        assert screen.main.has_class("-wash")


# ------------------------------------------------------------------ the palette


def distance(one: Color, other: Color) -> float:
    """CIE76 colour difference: about 2 is just noticeable, 20 plainly another colour."""
    a, b = rgb_to_lab(one), rgb_to_lab(other)
    return math.dist((a.L, a.a, a.b), (b.L, b.a, b.b))


def theme_variables(theme: str) -> tuple[Color, dict[str, str]]:
    """A theme's background as the stylesheet has it, and backwalk's colours for it."""
    spec = BUILTIN_THEMES[theme]
    background = Color.parse(spec.to_color_system().generate()["background"])
    if background.ansi is not None:  # the terminal's own: taken as black or white
        background = palette.BLACK if spec.dark else palette.WHITE
    return background, palette.stylesheet_variables(background, spec.dark)


def test_every_theme_the_palette_offers_is_checked():
    from textual.app import App

    assert set(App().available_themes) == set(BUILTIN_THEMES)
    # What config.toml's `theme` is checked against, by commands without Textual.
    assert set(THEMES) == set(BUILTIN_THEMES)
    assert len(BUILTIN_THEMES) >= 20


@pytest.mark.parametrize("theme", list(BUILTIN_THEMES))
def test_words_on_every_direction_reach_seven_to_one_in_every_theme(theme):
    background, variables = theme_variables(theme)
    for kind in KINDS:
        wash = Color.parse(variables[f"bw-wash-{kind}"])
        text = Color.parse(variables[f"bw-wash-{kind}-text"])
        assert palette.contrast(wash, text) >= 7.0, (kind, "on the wash")
        ink = Color.parse(variables[f"bw-ink-{kind}"])
        assert palette.contrast(ink, background) >= 7.0, (kind, "on the theme's background")


@pytest.mark.parametrize("theme", list(BUILTIN_THEMES))
def test_the_directions_are_plainly_different_colours_in_every_theme(theme):
    _, variables = theme_variables(theme)
    for prefix in ("bw-wash-", "bw-ink-"):
        colours = {kind: Color.parse(variables[prefix + kind]) for kind in KINDS}
        for one, other in itertools.combinations(KINDS, 2):
            assert distance(colours[one], colours[other]) > 30, (prefix, one, other)


def test_contrast_follows_wcag():
    assert palette.contrast(palette.BLACK, palette.WHITE) == pytest.approx(21.0)
    assert palette.contrast(Color.parse("#777777"), palette.WHITE) == pytest.approx(4.48, abs=0.01)
    assert palette.contrast(palette.WHITE, palette.WHITE) == 1.0


def test_a_colour_moves_only_as_far_as_it_must():
    orange = palette.HUES["backward"]
    assert palette.away_from(orange, palette.BLACK) == orange, "already 9:1 against black"
    darker = palette.away_from(orange, palette.WHITE)
    assert 7.0 <= palette.contrast(darker, palette.WHITE) < 7.2
    assert palette.contrast(palette.wash("rest")[1], palette.WHITE) == 1.0, "rest: light words"
