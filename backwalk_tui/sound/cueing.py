"""Which cue sounds, and how, as the settings say: the rule, in plain Python.

The settings' `sound` is one of "tones" (a tone for each cue), "voice" (the
tone, then the step spoken), "bell" (the terminal's bell for the cues that
mark a change) or "off". `Cues` applies it to each cue the session or the
check-in asks for, falls back where a tone cannot sound, and says why for the
walker. The terminal's bell belongs to whoever holds the terminal (the app),
which hands it over as `bell`.

The output is opened in a thread of its own (`PlayerOpening`) as soon as the
settings are read: importing miniaudio and opening a device then overlap the
app's own start. It must be done before the app takes the terminal (player.py
says why), and `Cues.ready` waits for it there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from backwalk_tui.kinds import KINDS
from backwalk_tui.sound.speech import Speaker, find_voice

if TYPE_CHECKING:
    from backwalk_tui.settings import Settings
    from backwalk_tui.sound.player import CuePlayer

#: The cues the terminal's bell stands in for: a change (`kinds.Kind.bell`),
#: the last seconds, the end. One ring sounds like any other, so the halfway
#: chime and the metronome have none.
BELL_CUES = frozenset({kind.cue for kind in KINDS.values() if kind.bell} | {"tick", "finish"})
#: The settings' sounds that play tones, and so need an output.
WITH_TONES = ("tones", "voice")


class PlayerOpening:
    """A `CuePlayer` being made in a thread of its own; `result` waits for it.

    Started before Textual is imported, it overlaps the app's own start.
    """

    def __init__(self, volume: int):
        self._volume = volume
        self._player: CuePlayer | None = None
        self._thread = threading.Thread(
            target=self._open, args=(volume,), name="backwalk-sound-open", daemon=True
        )
        self._thread.start()

    def _open(self, volume: int) -> None:
        from backwalk_tui.sound.player import CuePlayer  # imports miniaudio when it opens

        self._player = CuePlayer(volume)

    def result(self) -> CuePlayer:
        self._thread.join()
        if self._player is None:  # the thread failed (CuePlayer never raises): say why here
            from backwalk_tui.sound.player import CuePlayer

            self._player = CuePlayer(self._volume)
        return self._player


def opening_for(settings: Settings) -> PlayerOpening | None:
    """Start opening the tones' output when the settings want tones; None when they do not."""
    return PlayerOpening(settings.volume) if settings.sound in WITH_TONES else None


class Cues:
    """Sounds each cue as `sound` says ("tones", "voice", "bell", "off"); see the module's notes.

    `player` is the tones' output (or its opening; None when no tones are
    wanted), `speaker` the voice, `bell` rings the terminal's bell.
    """

    def __init__(
        self,
        sound: str,
        *,
        bell: Callable[[], None],
        speaker: Speaker | None = None,
        player: CuePlayer | PlayerOpening | None = None,
        voice_command: str | None = None,
    ):
        self.sound = sound
        self.bell = bell
        self.speaker = speaker or Speaker(find_voice(voice_command) if sound == "voice" else None)
        self._player = player
        #: Switched off for the rest of this run (the walker's m).
        self.muted = False

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        *,
        bell: Callable[[], None],
        speaker: Speaker | None = None,
        player: CuePlayer | PlayerOpening | None = None,
        open_output: bool = True,
    ) -> Cues:
        """The cues `settings` ask for; the output opened here unless `player` is
        given or `open_output` is False (nothing will sound: a preset editor)."""
        if player is None and open_output:
            player = opening_for(settings)
        return cls(
            settings.sound, bell=bell, speaker=speaker, player=player,
            voice_command=settings.voice_command,
        )  # fmt: skip

    @property
    def player(self) -> CuePlayer | None:
        """The tones' output, waited for if it is still being opened."""
        if isinstance(self._player, PlayerOpening):
            self._player = self._player.result()
        return self._player

    def ready(self) -> None:
        """Wait until the output is open: before a full-screen app takes the terminal,
        since opening one points file descriptor 2 elsewhere for a moment."""
        _ = self.player

    def prepare(self) -> None:
        """Make every tone now, in the background, so that no cue is made as it is due."""
        player = self.player
        if player is not None and player.available:
            player.prepare()

    @property
    def on(self) -> bool:
        """Whether cues sound at all now (the settings, and the walker's mute)."""
        return self.sound != "off" and not self.muted

    def mute(self, muted: bool) -> None:
        self.muted = muted
        if muted and self.player is not None:
            self.player.silence()

    def cue(self, name: str, phrase: str | None = None, *, due: float | None = None) -> None:
        """Sound the cue `name` (one of tones.CUES) as the settings say.

        "tones": its tone; "voice": its tone, then `phrase` spoken; "bell":
        the terminal's bell. Where no tone can sound, the phrase is spoken
        (with a voice) or the bell rung, and `problem` says why.
        `due` is when the cue fell due on the session's clock (recorded).
        """
        if not self.on:
            return
        spoken = phrase if self.sound == "voice" and self.speaker.available else None
        player = self.player
        if player is not None and player.play(name, due=due):
            if spoken:
                self.speaker.say(spoken, after=player.length(name))
            return
        if spoken:
            self.speaker.say(spoken)
        elif name in BELL_CUES:
            self.bell()

    @property
    def problem(self) -> str | None:
        """Why the tones cannot sound, for the walker; None when they can or none are wanted.

        The session's lead-in says it, and its top bar says "No sound".
        """
        player = self.player
        if player is None or (player.available and player.problem is None):
            return None
        # The first words only ("No sound output could be opened"): the
        # walker is about to walk, and `backwalk sounds` gives the detail.
        what = (player.problem or "No sound output").split(" (")[0]
        return f"{what}. Cues ring the terminal's bell instead; `backwalk sounds` says why."

    def close(self) -> None:
        """Stop speaking and release the output (the app is ending)."""
        self.speaker.stop()
        if self.player is not None:
            self.player.close()
