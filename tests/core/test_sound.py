"""The cue player, playing for real through miniaudio's null output (in real time, to nothing).

No test here can make a sound on a developer's machine: every player is made
with the null output or one this computer cannot have. Waits are on the
player's own events, each with a generous timeout; none sleeps.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from backwalk_tui.sound import tones
from backwalk_tui.sound.player import ENVIRONMENT, NULL_OUTPUT, CuePlayer

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30.0  # seconds: each wait ends with its event; a loaded machine may need many

#: A backend miniaudio knows but no computer running these tests can have.
IMPOSSIBLE = "coreaudio" if sys.platform != "darwin" else "wasapi"


@pytest.fixture
def player(monkeypatch: pytest.MonkeyPatch) -> Iterator[CuePlayer]:
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    player = CuePlayer(80, backend="null")
    assert player.available, player.problem
    yield player
    player.close()


def test_a_played_cue_is_handed_to_the_device_and_recorded_with_its_due(player: CuePlayer):
    assert player.output == NULL_OUTPUT and player.problem is None
    assert not player.running  # nothing to play yet: the device waits stopped
    before = time.monotonic()
    assert player.play("tick", due=12.5)  # a fake clock's moment, only recorded
    assert player.running
    assert player.wait_until_quiet(WAIT)
    [played] = player.played
    assert (played.name, played.due) == ("tick", 12.5)
    assert before <= played.handed_at <= time.monotonic()
    # Quiet, it stops again after its grace.
    assert player.wait_until_stopped(WAIT)
    assert not player.running


def test_two_cues_in_a_row_are_handed_in_order(player: CuePlayer):
    assert player.play("tick", due=1.0)
    assert player.play("beat", due=2.0)
    assert player.wait_until_quiet(WAIT)
    first, second = player.played
    assert (first.name, first.due, second.name, second.due) == ("tick", 1.0, "beat", 2.0)
    assert first.frame <= second.frame and first.handed_at <= second.handed_at
    assert player.handed == 2


def test_the_metronome_beats_to_the_sample_from_the_direction_cue_until_silenced(
    player: CuePlayer,
):
    assert player.play("backward")
    player.metronome(0.3)
    assert player.wait_until_handed(1 + 3, WAIT)  # the cue and three beats
    assert not player.wait_until_quiet(0)  # the metronome keeps it going
    player.silence()
    assert player.wait_until_quiet(WAIT)
    assert player.wait_until_stopped(WAIT)
    handed = player.handed
    cue, *beats = player.played
    assert cue.name == "backward" and {beat.name for beat in beats} == {"beat"}
    frames = [cue.frame] + [beat.frame for beat in beats]
    # The cue is beat zero; every beat is 0.3 s on the device's own clock, exactly.
    assert {b - a for a, b in pairwise(frames)} == {round(0.3 * tones.RATE)}
    # Stopped, nothing more can be handed.
    assert not player.running and player.handed == handed == len(player.played)


def test_the_metronome_keeps_the_device_running_and_none_stops_it(player: CuePlayer):
    player.metronome(10.0)  # no beat within the test: the device runs for it alone
    assert player.running and not player.wait_until_quiet(0)
    player.metronome(None)
    assert player.wait_until_quiet(WAIT) and player.wait_until_stopped(WAIT)
    assert player.handed == 0
    with pytest.raises(ValueError, match="above 0 s"):
        player.metronome(0)


def test_the_length_of_a_cue_is_what_it_plays(player: CuePlayer):
    assert player.length("finish") == len(tones.render("finish", 80)) / tones.RATE


def test_a_closed_player_plays_nothing_and_closes_once(player: CuePlayer):
    player.close()
    player.close()
    assert not player.available and not player.running
    assert player.play("tick") is False
    assert player.wait_until_quiet(0)


@pytest.mark.parametrize(
    ("backend", "problem"),
    [
        (IMPOSSIBLE, "No sound output could be opened ('{0}': {1} is not available on this "
                     "computer)"),
        ("gramophone", "'gramophone' is not a sound output backwalk knows (this computer has: "
                       "null"),
    ],
    ids=["impossible-here", "unknown"],
)  # fmt: skip
def test_an_output_that_cannot_be_had_is_a_problem_not_an_exception(
    backend: str, problem: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(ENVIRONMENT, "null")  # the argument wins over the environment
    player = CuePlayer(backend=backend)
    label = {"coreaudio": "Core Audio", "wasapi": "WASAPI"}[IMPOSSIBLE]
    assert player.problem.startswith(problem.format(backend, label))
    assert not player.available and player.output is None
    assert player.play("forward") is False
    player.metronome(0.5)  # nothing to beat on: quietly nothing
    assert player.wait_until_quiet(0)
    player.close()


def test_the_environment_chooses_the_output(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENVIRONMENT, "NULL")
    with CuePlayer() as player:
        assert player.output == NULL_OUTPUT
    monkeypatch.setenv(ENVIRONMENT, IMPOSSIBLE)
    with CuePlayer() as player:
        assert f"{ENVIRONMENT}={IMPOSSIBLE}:" in player.problem


def test_opening_the_real_outputs_prints_nothing_on_the_terminal(home: Path):
    # On a machine without a sound card ALSA writes "ALSA lib ..." straight
    # onto file descriptor 2 unless it is pointed elsewhere while opening.
    # (`home`: sound systems' clients read files there; this one is a throw-away.)
    code = (
        "from backwalk_tui.sound.player import CuePlayer\n"
        "player = CuePlayer()\n"  # opened only: nothing is played
        "print(player.available, player.output or player.problem)\n"
        "player.close()\n"
    )
    env = {key: value for key, value in os.environ.items() if key != ENVIRONMENT}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith(("True ", "False No sound output could be opened"))
