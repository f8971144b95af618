"""What a session sounds like: the real app, its real player, miniaudio's null output.

The session runs on the fake clock; each cue is handed to the (null) device
for real, in real time, and recorded with the moment it fell due on the
session's clock. Waits are on the player's own events; none sleeps. The
metronome's beats are counted on the device's own sample clock, so the one
test that hears them waits about a second.
"""

from __future__ import annotations

import sys
from itertools import pairwise

import pytest
from support import SilentSpeaker, said, toasts, write_preset
from textual.widgets import Label

from backwalk_tui.presets import load_catalog
from backwalk_tui.settings import Settings
from backwalk_tui.sound import player as player_module
from backwalk_tui.sound import tones
from backwalk_tui.sound.cueing import PlayerOpening
from backwalk_tui.sound.player import ENVIRONMENT, CuePlayer
from backwalk_tui.ui import app as app_module
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.summary import SummaryScreen

#: Seconds a wait on the player may take: each ends with its event, and a
#: loaded machine's real-time audio thread can be late.
WAIT = 30.0

THERE_AND_BACK = """\
name = "There and back"
checklist = []

[[segment]]
kind = "forward"
duration = 5

[[segment]]
kind = "backward"
duration = 25
"""

#: 10 steps at 200 a minute: a beat every 0.3 s, then a segment without a pace.
BRISK = """\
name = "Brisk"
checklist = []

[[segment]]
kind = "backward"
steps = 10
pace = 200

[[segment]]
kind = "forward"
duration = 30
"""


@pytest.fixture
def session_app(app_factory, clock, locations):
    write_preset(locations.presets_dir, "there.toml", THERE_AND_BACK)
    write_preset(locations.presets_dir, "brisk.toml", BRISK)

    def build(preset: str, **settings):
        return app_factory(preset=preset, clock=clock, settings=Settings(lead_in=0, **settings))

    return build


async def start(pilot) -> SessionScreen:
    await pilot.pause()
    await pilot.press("enter")  # an empty checklist
    await pilot.pause()
    assert isinstance(pilot.app.screen, SessionScreen)
    return pilot.app.screen


async def walk(pilot, clock, seconds: float, step: float = 1.0) -> None:
    """Let the fake clock run `seconds`, the screen looking every `step`, as it does."""
    for _ in range(round(seconds / step)):
        clock.advance(step)
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen):
            screen.tick()
        await pilot.pause()


async def test_each_change_sounds_its_own_cue_when_it_falls_due(session_app, clock):
    app = session_app("There and back")
    player = app.cues.player
    assert player is not None and player.available, player.problem
    start_time = clock.now
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await walk(pilot, clock, 30)
        assert isinstance(app.screen, SummaryScreen)
        assert player.wait_until_handed(10, WAIT)
        heard = [
            (p.name, None if p.due is None else round(p.due - start_time, 3)) for p in player.played
        ]
    assert heard == [
        ("forward", 0),
        ("tick", 2), ("tick", 3), ("tick", 4),  # 3, 2 and 1 s left
        ("backward", 5),
        ("halfway", 17.5),
        ("tick", 27), ("tick", 28), ("tick", 29),
        ("finish", None),
    ]  # fmt: skip
    # Handed over in that order, each in a buffer of its own or a later one.
    assert all(a.frame <= b.frame for a, b in pairwise(player.played))


async def test_a_late_look_sounds_only_the_change_and_the_latest_count(session_app, clock):
    """The screen looked 4.5 s late (a busy computer): no burst of stale cues."""
    app = session_app("There and back")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await walk(pilot, clock, 4.5, step=4.5)  # past 3 and 2 s left, in the last second
        await walk(pilot, clock, 1)  # into the backward segment
        assert app.cues.player.wait_until_handed(3, WAIT)
    assert [p.name for p in app.cues.player.played] == ["forward", "tick", "backward"]


async def test_voice_speaks_each_phrase_after_its_tone(session_app, clock):
    speaker = SilentSpeaker()
    app = session_app("There and back", sound="voice")
    app.cues.speaker = speaker
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await walk(pilot, clock, 5)
        assert app.cues.player.wait_until_handed(5, WAIT)
    assert speaker.said == ["Forward.", "Backward."]
    assert speaker.after == [tones.seconds("forward"), tones.seconds("backward")]
    played = [p.name for p in app.cues.player.played]
    assert played == ["forward", "tick", "tick", "tick", "backward"]


async def test_muted_nothing_sounds_until_unmuted(session_app, clock):
    app = session_app("There and back")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await pilot.press("m")
        await walk(pilot, clock, 5)
        assert screen.has_class("-sound-off")
        await pilot.press("m")
        await walk(pilot, clock, 12.5, step=12.5)  # to halfway
        assert app.cues.player.wait_until_handed(2, WAIT)
    assert [p.name for p in app.cues.player.played] == ["forward", "halfway"]


async def test_the_metronome_beats_a_paced_segment_at_its_pace(session_app, clock):
    app = session_app("Brisk", metronome=True)
    player = app.cues.player
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert player.wait_until_handed(1 + 3, WAIT)  # the cue and three beats
        cue, *beats = list(player.played)[:4]
        assert cue.name == "backward" and {b.name for b in beats} == {"beat"}
        # The direction cue is beat zero; then one beat each 0.3 s, to the sample.
        frames = [cue.frame] + [beat.frame for beat in beats]
        assert {b - a for a, b in pairwise(frames)} == {round(0.3 * tones.RATE)}
        await walk(pilot, clock, 1)  # a press now is not the start's again
        await pilot.press("space")  # pause: the beat stops, and the device after it
        await pilot.pause()
        assert player.wait_until_quiet(WAIT) and player.wait_until_stopped(WAIT)
        await walk(pilot, clock, 1)
        await pilot.press("space")  # on again
        await pilot.pause()
        assert player.running
        await walk(pilot, clock, 3)  # into the forward segment: no pace, no beat
        assert player.wait_until_quiet(WAIT) and player.wait_until_stopped(WAIT)
        assert list(player.played)[-1].name == "forward"


async def test_the_beat_stops_before_the_next_segment_s_cue_is_asked_for(session_app, clock):
    """Asked the other way round, the player's thread could hand a beat behind the cue."""
    app = session_app("Brisk", metronome=True)
    player, asked = app.cues.player, []
    play, metronome = player.play, player.metronome

    def logged_play(name, **options):
        asked.append(name)
        return play(name, **options)

    def logged_metronome(period):
        asked.append("beat" if period else "no beat")
        metronome(period)

    player.play, player.metronome = logged_play, logged_metronome
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await walk(pilot, clock, 5)  # the paced backward segment, then forward: no pace
        assert isinstance(app.screen, SessionScreen) and app.screen.engine.step.kind == "forward"
    walked = asked[asked.index("backward") :]  # the lead-in asks for no beat first
    assert walked[:4] == ["backward", "beat", "no beat", "forward"], asked


@pytest.mark.parametrize(("setting", "preset_says"), [(False, None), (True, "false")])
async def test_no_metronome_unless_wanted_and_the_preset_has_the_last_word(
    session_app, clock, locations, setting, preset_says
):
    if preset_says is not None:
        text = BRISK.replace("checklist = []", f"checklist = []\nmetronome = {preset_says}")
        write_preset(locations.presets_dir, "brisk.toml", text)
    app = session_app("Brisk", metronome=setting)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert app.cues.player.wait_until_handed(1, WAIT)
        # Quiet once the cue is over, and stopped: no beat kept the device going.
        assert app.cues.player.wait_until_quiet(WAIT) and app.cues.player.wait_until_stopped(WAIT)
    assert [p.name for p in app.cues.player.played] == ["backward"]


async def test_without_a_sound_output_the_bell_rings_and_the_lead_in_says_so(
    app_factory, clock, locations, monkeypatch
):
    """Said where the walker reads before walking; never a toast over the time."""
    # An output this computer cannot have: opened with the app, it fails, quietly.
    monkeypatch.setenv(ENVIRONMENT, "wasapi" if sys.platform == "darwin" else "coreaudio")
    write_preset(locations.presets_dir, "there.toml", THERE_AND_BACK)
    app = app_factory(preset="There and back", clock=clock, settings=Settings(lead_in=3))
    assert app.cues.player is not None and not app.cues.player.available
    bells = []
    app.cues.bell = lambda: bells.append(clock.now)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await start(pilot)
        notice = screen.query_one("#sound-notice", Label)
        assert notice.region.height and "bell" in str(notice.content), "the lead-in says it"
        assert "No sound" in str(screen.query_one("#sound-off", Label).content)
        start_time = clock.now + 3
        await walk(pilot, clock, 3)
        assert not notice.region.height, "the walk has begun: the time takes the room"
        assert screen.has_class("-sound-off"), "the top bar keeps saying it"
        shown = []
        while isinstance(app.screen, SessionScreen):
            shown += toasts(app)
            await walk(pilot, clock, 1)
        assert shown == [] and not said(app), "nothing over the direction or the time"
        assert isinstance(app.screen, SummaryScreen)
        assert toasts(app) == [], "said once, before the walk"
    # Every change, the last seconds and the end; not the halfway chime.
    assert [round(at - start_time) for at in bells] == [0, 2, 3, 4, 5, 27, 28, 29, 30]


async def test_a_sound_output_that_stops_mid_session_is_said_in_the_top_bar(session_app, clock):
    app = session_app("There and back")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await start(pilot)
        assert not screen.has_class("-sound-off")
        app.cues.player.close()  # as when the output is unplugged: play() now says False
        await walk(pilot, clock, 5)
        assert screen.has_class("-sound-off")
        assert "No sound" in str(screen.query_one("#sound-off", Label).content)
        assert toasts(app) == [] and not said(app)


async def test_with_sound_off_no_output_is_opened(app_factory, clock, locations):
    write_preset(locations.presets_dir, "there.toml", THERE_AND_BACK)
    for sound in ("off", "bell"):
        app = app_factory(preset="There and back", clock=clock, settings=Settings(sound=sound))
        assert app.cues.player is None


class StillOpening(PlayerOpening):
    """An output still being opened when the app is built: until it is waited
    for, file descriptor 2 points at /dev/null, as while a device opens."""

    def __init__(self) -> None:
        self._silenced = player_module._stderr_silenced()
        self._silenced.__enter__()

    def result(self) -> CuePlayer:
        self._silenced.__exit__(None, None, None)
        return CuePlayer(50)


def test_what_is_printed_before_the_app_waits_for_the_output_to_open(locations, monkeypatch, capfd):
    """A problem printed before the app starts reaches the terminal, not /dev/null."""
    monkeypatch.setattr(app_module, "_open_history", lambda where: (None, "History: full disk."))
    monkeypatch.setattr(app_module.BackwalkApp, "run", lambda self: None)
    # Printed to file descriptor 2 itself, as in a real run (capfd reads it).
    monkeypatch.setattr(sys, "stderr", open(2, "w", buffering=1, closefd=False))  # noqa: SIM115
    app_module.run_app(locations, catalog=load_catalog(locations.presets_dir), preset=None,
                       settings=Settings(), player=StillOpening())  # fmt: skip
    assert "backwalk: History: full disk." in capfd.readouterr().err
