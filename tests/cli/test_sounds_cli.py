"""`backwalk sounds`: every cue played once and named, to set the volume before a session.

Played for real through miniaudio's null output (BACKWALK_AUDIO=null), which
takes as long as the sounds and is heard by no one; never a real output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backwalk_tui import cli
from backwalk_tui.paths import Locations
from backwalk_tui.sound import tones
from backwalk_tui.sound.player import ENVIRONMENT, NULL_OUTPUT

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
IMPOSSIBLE = "coreaudio" if sys.platform != "darwin" else "wasapi"


def start(home: Path, *argv: str, audio: str) -> subprocess.Popen[str]:
    """`backwalk ...` as a real process, started and left to run."""
    env = {**os.environ, "BACKWALK_HOME": str(home), ENVIRONMENT: audio}
    return subprocess.Popen(
        [sys.executable, "-m", "backwalk_tui", *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, out, err


def settings(locations: Locations, text: str) -> Path:
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.settings_file.write_text(text, encoding="utf-8")
    return locations.settings_file


def test_sounds_names_the_output_the_volume_and_every_cue(home: Path, locations: Locations):
    file = settings(locations, 'volume = 35\nsound = "bell"\n')
    # Both at once: each takes as long as every cue played one after the other.
    plain = start(home, "sounds", audio="null")
    louder = start(home, "sounds", "--volume", "90", audio="null")
    code, out, err = finish(plain)
    assert (code, err) == (0, "")
    header, bell, *cues = out.splitlines()
    assert header == (
        f"Playing each cue once through {NULL_OUTPUT}, at volume 35 of 100. "
        f"To change it, set volume = 0-100 in {file}"
    )
    assert bell == (
        'Your settings say sound = "bell": a session rings the terminal\'s bell, not these '
        f'tones. For tones, set sound = "tones" in {file}'
    )
    assert [line.split(maxsplit=1) for line in cues] == [list(cue) for cue in tones.CUES.items()]

    code, out, err = finish(louder)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"Playing each cue once through {NULL_OUTPUT}, at volume 90 of 100 (--volume; your "
        f"setting is 35). To change the setting, set volume = 0-100 in {file}"
    )
    assert len(out.splitlines()) == 2 + len(tones.CUES)


@pytest.mark.parametrize("volume", ["101", "-1", "loud", "1e2", "²"])
def test_a_volume_out_of_range_is_a_usage_error(home: Path, capsys, volume: str):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["sounds", "--volume", volume])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "is not a volume from 0 to 100" in err


def test_without_a_sound_output_it_says_a_session_rings_the_bell(home: Path, locations: Locations):
    file = settings(locations, "volume = 120\n")
    code, out, err = finish(start(home, "sounds", audio=IMPOSSIBLE))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{file}:1: volume: must be between 0 and 100, got 120",
        f"backwalk: No sound output could be opened ({ENVIRONMENT}={IMPOSSIBLE}: "
        f"{'Core Audio' if IMPOSSIBLE == 'coreaudio' else 'WASAPI'} is not available on this "
        "computer)",
        "backwalk: a session will ring the terminal's bell instead of these sounds",
    ]


def test_without_a_sound_output_and_sound_off_nothing_is_promised(
    locations: Locations, capsys, monkeypatch: pytest.MonkeyPatch
):
    settings(locations, 'sound = "off"\n')
    monkeypatch.setenv(ENVIRONMENT, "gramophone")
    assert cli.main(["sounds"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    problem, then = err.splitlines()
    assert problem.startswith(
        f"backwalk: {ENVIRONMENT}=gramophone is not a sound output backwalk knows "
        "(this computer has: null"
    )
    assert then == 'backwalk: with sound = "off" a session makes no sound anyway'


def test_sounds_says_a_voice_command_not_found(
    locations: Locations, capsys, monkeypatch: pytest.MonkeyPatch
):
    """`sound = "voice"` with a speaker that is not there: said like any bad setting."""
    file = settings(locations, 'sound = "voice"\nvoice_command = "nonexistent-speaker -x"\n')
    monkeypatch.setenv(ENVIRONMENT, "gramophone")  # no output: the settings are said all the same
    assert cli.main(["sounds"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"{file}:2: voice_command: the program 'nonexistent-speaker' is not found on this computer"
    )
