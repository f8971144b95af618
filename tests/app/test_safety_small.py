"""The safety check on a small screen, and Enter pressed in one burst with the ticks."""

from __future__ import annotations

from support import shown_whole
from textual import events
from textual.widgets import Checkbox, Label

from backwalk_tui.ui.screens.safety import SafetyScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.widgets.painscale import PainScale


async def test_enter_in_one_burst_with_the_last_tick_starts(app_factory):
    # Enter is Start's own key, taken before the keys typed ahead of it were
    # handled: the last tick was still on its way, and Enter said "not ready".
    app = app_factory(preset="Stage 1 · Get comfortable")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        # As a terminal sends them: all queued before the first is handled
        # (`pilot.press` waits for each key to be handled, which hid this).
        keys = ["space", "tab", "space", "tab", "space", "tab", "space", "enter"]
        for key in keys:
            app.post_message(events.Key(key, {"space": " ", "tab": "\t", "enter": "\r"}[key]))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_start_too_soon_at_60x20_keeps_the_words_and_the_pain_scale_readable(app_factory):
    app = app_factory(preset="Stage 1 · Get comfortable")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SafetyScreen)
        await pilot.press("enter")
        await pilot.pause()
        status = screen.query_one("#safety-status", Label)
        assert "Path behind me is clear of obstacles and thresholds" in str(status.render())
        assert "3 more" in str(status.render())
        for widget in (status, screen.query_one("#start"), screen.query_one(PainScale)):
            assert shown_whole(screen, widget), widget
        assert screen.focused is screen.query(Checkbox)[0]
        assert shown_whole(screen, screen.focused)
