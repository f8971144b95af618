"""Which cue sounds, as the settings say: the rule in sound/cueing.py, without an app.

The tones play for real to miniaudio's null output (conftest), and an output
this computer cannot have stands for a computer without sound.
"""

from __future__ import annotations

import sys

import pytest
from support import PATIENCE, SilentSpeaker

from backwalk_tui.settings import Settings
from backwalk_tui.sound import tones
from backwalk_tui.sound.cueing import BELL_CUES, Cues, PlayerOpening
from backwalk_tui.sound.player import ENVIRONMENT, CuePlayer

#: An output no computer running the tests has: opening it fails, quietly.
NOT_HERE = "wasapi" if sys.platform == "darwin" else "coreaudio"


class Rung:
    """The terminal's bell, counted."""

    def __init__(self) -> None:
        self.times = 0

    def __call__(self) -> None:
        self.times += 1


def cues(sound: str, player: CuePlayer | None = None) -> tuple[Cues, Rung, SilentSpeaker]:
    bell, speaker = Rung(), SilentSpeaker()
    return Cues(sound, bell=bell, speaker=speaker, player=player), bell, speaker


@pytest.fixture
def player():
    with CuePlayer(50) as opened:
        assert opened.available, opened.problem
        yield opened


def test_tones_play_the_tone_and_nothing_else(player):
    rule, bell, speaker = cues("tones", player)
    rule.cue("forward", "Forward.", due=12.5)
    assert player.wait_until_handed(1, PATIENCE)
    assert [(p.name, p.due) for p in player.played] == [("forward", 12.5)]
    assert bell.times == 0 and speaker.said == []
    assert rule.problem is None


def test_voice_speaks_the_phrase_once_its_tone_has_sounded(player):
    rule, bell, speaker = cues("voice", player)
    rule.cue("backward", "Backward.")
    rule.cue("tick")  # no phrase: the tone alone
    assert player.wait_until_handed(2, PATIENCE)
    assert speaker.said == ["Backward."]
    assert speaker.after == [tones.seconds("backward")]
    assert bell.times == 0


@pytest.mark.parametrize("name", sorted(tones.CUES))
def test_the_bell_rings_for_a_change_the_last_seconds_and_the_end(name):
    rule, bell, speaker = cues("bell")
    rule.cue(name, "Words.")
    assert bell.times == (1 if name in BELL_CUES else 0)
    assert speaker.said == [], "the bell setting speaks nothing"
    assert rule.problem is None, "no tones wanted: nothing to say about them"


def test_the_halfway_chime_and_the_beat_have_no_bell():
    assert "halfway" not in BELL_CUES and "beat" not in BELL_CUES
    assert {"tick", "finish", "forward", "backward", "sideways"} <= BELL_CUES


def test_off_and_muted_sound_nothing(player):
    for rule, bell, speaker in (cues("off", player), cues("tones", player)):
        if rule.sound == "tones":
            rule.mute(True)
        assert not rule.on
        for name in tones.CUES:
            rule.cue(name, "Words.")
        assert bell.times == 0 and speaker.said == []
    assert player.handed == 0


def test_unmuted_the_cues_sound_again(player):
    rule, _, _ = cues("tones", player)
    rule.mute(True)
    rule.mute(False)
    assert rule.on
    rule.cue("tick")
    assert player.wait_until_handed(1, PATIENCE)


def test_without_an_output_the_bell_stands_in_and_the_walker_is_told(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, NOT_HERE)
    with CuePlayer(50) as player:
        rule, bell, speaker = cues("tones", player)
        rule.cue("forward", "Forward.")
        rule.cue("halfway")
        assert bell.times == 1, "a change rings; the halfway chime does not"
        assert speaker.said == []
        assert rule.problem == (
            "No sound output could be opened. "
            "Cues ring the terminal's bell instead; `backwalk sounds` says why."
        )


def test_without_an_output_a_voice_speaks_instead_of_the_bell(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, NOT_HERE)
    with CuePlayer(50) as player:
        rule, bell, speaker = cues("voice", player)
        rule.cue("forward", "Forward.")
        assert speaker.said == ["Forward."] and speaker.after == [0.0]
        assert bell.times == 0


def test_an_output_lost_mid_session_is_said(player):
    rule, bell, _ = cues("tones", player)
    player.close()  # as when it is unplugged
    rule.cue("tick")
    assert bell.times == 1
    assert rule.problem is not None


@pytest.mark.parametrize(
    ("sound", "wanted"), [("tones", True), ("voice", True), ("bell", False), ("off", False)]
)
def test_an_output_is_opened_only_where_tones_are_wanted(sound, wanted):
    rule = Cues.for_settings(Settings(sound=sound), bell=Rung(), speaker=SilentSpeaker())
    try:
        assert (rule.player is not None) == wanted
        if wanted:
            assert rule.player.available, "opened in its thread, to the null output"
    finally:
        rule.close()


def test_an_app_that_only_edits_opens_no_output():
    rule = Cues.for_settings(Settings(), bell=Rung(), open_output=False)
    assert rule.player is None


def test_the_output_opens_in_a_thread_and_is_waited_for():
    opening = PlayerOpening(40)
    rule = Cues("tones", bell=Rung(), speaker=SilentSpeaker(), player=opening)
    rule.ready()
    try:
        assert isinstance(rule.player, CuePlayer) and rule.player.available
        assert rule.player.volume == 40
        rule.cue("finish")
        assert rule.player.wait_until_handed(1, PATIENCE)
    finally:
        rule.close()
