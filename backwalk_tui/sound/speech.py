"""Spoken cues: what to say at each change, and a local speech command to say it.

The tones are `tones.py` and `player.py`'s; the terminal bell is rung by the
app (it owns the terminal). Spoken cues run a speech program found on this
machine, in the background, so the timer never waits for it; with none
found, voice quietly becomes the tones. Nothing here reaches the network.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import subprocess
import threading

from backwalk_tui.kinds import KINDS
from backwalk_tui.plan import Step

#: Tried in this order when `voice_command` is not set.
VOICE_PROGRAMS = ("espeak-ng", "espeak", "spd-say", "say")


def voice_command_problem(configured: str) -> str | None:
    """Why the walker's `voice_command` cannot be run on this computer; None when it can.

    Said as a settings problem: a speaker the walker named, missing, would
    otherwise leave every session silent of words without a word.
    """
    try:
        words = shlex.split(configured)
    except ValueError as exc:  # "No closing quotation"
        return f"cannot be read as a command ({str(exc).lower()})"
    if not words:
        return "names no program; leave it out to use the first speech program found"
    if shutil.which(words[0]) is None:
        return f"the program '{words[0]}' is not found on this computer"
    return None


def find_voice(configured: str | None) -> list[str] | None:
    """The speech command as an argument list, or None if there is none."""
    if configured is not None:
        return None if voice_command_problem(configured) else shlex.split(configured)
    for program in VOICE_PROGRAMS:
        path = shutil.which(program)
        if path:
            return [path]
    return None


def step_phrase(step: Step) -> str:
    """`Backward. Toes first, then heel.`: what is spoken when a step starts."""
    word = step.label or KINDS[step.kind].word
    parts = [word.rstrip(".") + "."]
    if step.target_steps and step.manual:
        parts.append(f"{step.target_steps} steps.")
    if step.cue:
        parts.append(step.cue)
    return " ".join(parts)


class Speaker:
    """Runs the speech command without blocking; a new phrase cuts off the old one."""

    def __init__(self, command: list[str] | None):
        self.command = command
        self._process: subprocess.Popen | None = None
        self._waiting: threading.Timer | None = None

    @property
    def available(self) -> bool:
        return self.command is not None

    def say(self, text: str, *, after: float = 0.0) -> None:
        """Speak `text`, `after` seconds from now (when its tone has sounded)."""
        if not self.command:
            return
        self.stop()
        if after > 0:
            self._waiting = threading.Timer(after, self._speak, (text,))
            self._waiting.daemon = True
            self._waiting.start()
        else:
            self._speak(text)

    def _speak(self, text: str) -> None:
        assert self.command is not None
        with contextlib.suppress(OSError):
            self._process = subprocess.Popen(
                [*self.command, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )

    def stop(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting.cancel()
        process, self._process = self._process, None
        if process and process.poll() is None:
            with contextlib.suppress(OSError):
                process.terminate()
        if process:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)
