"""Playing the cues: the one place that touches miniaudio.

`CuePlayer` opens one output device when it is made, never one per cue, and
mixes the cues from `tones` into it from miniaudio's own thread. Making it
never raises: without a sound output, `available` is False, `problem` says
why in a sentence for the walker, and `play` returns False so the caller can
ring the terminal bell instead.

A running device costs CPU even when silent (about one percent of a core,
more than a whole session may use), so it runs only while something
sounds: `play` starts it, and a thread of the player's own stops it half a
second after the last sound, never from inside miniaudio's callback.

Opening a device can make ALSA or JACK print straight onto file descriptor 2.
That is pointed at /dev/null while the device is opened, which is safe only
before a full-screen app takes the terminal: make the player before
`app.run()`, and keep it for the whole run.

`BACKWALK_AUDIO` chooses the output: `null` plays in real time to nothing
(tests, benchmarks, a silent demo); a backend's name (`pulseaudio`, `alsa`,
`wasapi`, `coreaudio`, ...) tries that one only. Unset, miniaudio's real
backends are tried in its own order, never the null one, so a computer
without sound says so rather than "playing" to nothing.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
import time
from array import array
from collections import deque
from collections.abc import Iterator
from operator import add
from typing import TYPE_CHECKING, NamedTuple

from backwalk_tui.sound import tones

if TYPE_CHECKING:
    import miniaudio

ENVIRONMENT = "BACKWALK_AUDIO"
#: Short buffers: a cue starts within about 10 ms of being asked for.
BUFFER_MSEC = 10
#: How long the device runs on after the last sound, so that cues close
#: together (a tick a second) do not stop and start it each time.
GRACE_SECONDS = 0.5
#: Hand-overs kept in `played`: hours of beats, for tests and benchmarks.
PLAYED_KEPT = 10_000
NULL_OUTPUT = "the null output (nothing is heard)"


class Played(NamedTuple):
    """One sound handed to the device."""

    name: str
    #: When the caller said it was due, in the caller's own clock; None for a beat.
    due: float | None
    #: time.monotonic() in the callback that handed its first sample to the device.
    handed_at: float
    #: Where its first sample sits on the device's sample clock (frames since opening).
    frame: int


class _Feed:
    """What miniaudio pulls samples from: it calls `send(frames)`, as on a generator."""

    __slots__ = ("send",)

    def __init__(self, send):
        self.send = send


class _Voice:
    """A sound being played. `position` is its next sample; below zero, it
    starts that many frames into the next buffer (a beat, placed to the sample)."""

    __slots__ = ("position", "samples")

    def __init__(self, samples: array, position: int = 0):
        self.samples = samples
        self.position = position


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """File descriptor 2 points at /dev/null: C libraries' chatter never reaches the terminal."""
    if sys.stderr is not None:
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 at all: nothing to protect
        yield
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class CuePlayer:
    """Plays cues through one sound output; see the module's notes.

    `backend` chooses the output as BACKWALK_AUDIO does, and wins over it.
    """

    def __init__(self, volume: int = 80, *, backend: str | None = None):
        self.volume = volume
        self.problem: str | None = None
        self.output: str | None = None
        self.played: deque[Played] = deque(maxlen=PLAYED_KEPT)
        #: Sounds handed to the device so far, beats included.
        self.handed = 0
        self._device: miniaudio.PlaybackDevice | None = None
        self._device_error: type[Exception] = Exception
        self._running = False
        self._closed = False
        self._stopper: threading.Thread | None = None
        self._share_with_the_callback()
        self._keep_for_the_callback()
        self._make_signals()
        wanted = backend if backend is not None else os.environ.get(ENVIRONMENT) or None
        # How the choice is named in a problem: where the walker can change it.
        where = f"{ENVIRONMENT}={wanted}" if backend is None else f"'{wanted}'"
        try:
            self._open(wanted, where)
        except Exception as exc:  # whatever goes wrong, the walker gets the bell instead
            self.problem = f"No sound output could be opened ({type(exc).__name__}: {exc})"
        if self._device is not None:
            # A device still running when Python shuts down would call into it.
            atexit.register(self.close)
            self._stopper = threading.Thread(
                target=self._stop_when_quiet, name="backwalk-sound-stopper", daemon=True
            )
            self._stopper.start()

    def _share_with_the_callback(self) -> None:
        """What the caller's side and miniaudio's callback share, and their locks.

        The device lock orders starts and stops (a play() racing a stop is
        never lost); the state lock guards what the callback shares, and is
        never held while the device starts or stops, so the callback never
        waits on a stop that waits for it.
        """
        self._device_lock = threading.Lock()
        self._state = threading.Condition(threading.Lock())
        self._pending: deque[tuple[int, str, array, float | None]] = deque()
        self._asked = 0  # cues asked for so far: each pending cue carries its number
        self._cut = 0  # silence() counts up; the callback drops its voices when it moves
        # metronome() asks for a change (a period in frames, or None for off),
        # and the callback takes it up at its next buffer.
        self._beats_changed = False
        self._beats_asked: float | None = None
        self._beats_after = 0  # the number of the cue asked for just before them
        self._beat = array("h")
        self._metronome_on = False

    def _keep_for_the_callback(self) -> None:
        """What only miniaudio's callback reads and writes, once the device runs."""
        self._voices: list[_Voice] = []
        self._cut_seen = 0
        self._frame = 0
        self._last_cue = (0, 0)  # (its number, its first frame)
        self._beat_every = 0.0  # frames between beats; 0 when the metronome is off
        self._next_beat = 0.0
        self._said_quiet = True
        self._silent: dict[int, array] = {}
        self._feed = _Feed(self._send)

    def _make_signals(self) -> None:
        """The events the threads wait on: all quiet, device stopped, a stop due, closing."""
        self._quiet = threading.Event()
        self._quiet.set()
        self._stopped = threading.Event()
        self._stopped.set()
        self._stop_due = threading.Event()
        self._closing = threading.Event()

    # ------------------------------------------------------------ opening

    def _open(self, wanted: str | None, where: str) -> None:
        try:
            import miniaudio
        except Exception as exc:  # not installed, or its library will not load here
            self.problem = f"No sound output could be opened (miniaudio cannot be loaded: {exc})"
            return

        def label(backend) -> str:
            return miniaudio.ffi.string(miniaudio.lib.ma_get_backend_name(backend.value)).decode()

        enabled = miniaudio.get_enabled_backends()
        not_real = (miniaudio.Backend.NULL, miniaudio.Backend.CUSTOM)
        real = [b for b in miniaudio.Backend if b in enabled and b not in not_real]
        if wanted is None:
            backends = real
        else:
            known = {b.name.lower(): b for b in miniaudio.Backend if b != miniaudio.Backend.CUSTOM}
            chosen = known.get(wanted.strip().lower())
            if chosen is None:
                names = ", ".join(["null", *(b.name.lower() for b in real)])
                self.problem = (
                    f"{where} is not a sound output backwalk knows (this computer has: {names})"
                )
                return
            if chosen not in enabled:
                self.problem = (
                    f"No sound output could be opened ({where}: {label(chosen)} is not "
                    "available on this computer)"
                )
                return
            backends = [chosen]
        if not backends:
            self.problem = "No sound output could be opened (miniaudio knows none on this computer)"
            return
        failures = []
        for backend in backends:  # one at a time: the first that opens a device wins
            try:
                with _stderr_silenced():
                    device = miniaudio.PlaybackDevice(
                        output_format=miniaudio.SampleFormat.SIGNED16,
                        nchannels=1,
                        sample_rate=tones.RATE,
                        buffersize_msec=BUFFER_MSEC,
                        backends=[backend],
                        app_name="backwalk",
                    )
            except Exception as exc:  # MiniaudioError, mostly; cffi's own errors too
                failures.append((label(backend), exc.args[0] if exc.args else str(exc)))
                continue
            self._device = device
            self._device_error = miniaudio.MiniaudioError
            self.output = NULL_OUTPUT if backend == miniaudio.Backend.NULL else device.backend
            return
        if len(failures) == 1:
            why = failures[0][1]
        else:
            why = "; ".join(f"{name}: {error}" for name, error in failures)
        self.problem = f"No sound output could be opened (miniaudio: {why})"

    def prepare(self) -> None:
        """Make every cue now, in a thread of its own, so none is made as it falls due.

        Making them all takes tens of milliseconds of Python: asked for once
        the first screen is up, not beside the app's start, where it would
        hold the first paint back.
        """
        threading.Thread(target=self._render_all, name="backwalk-sound-render", daemon=True).start()

    def _render_all(self) -> None:
        for name in tones.CUES:
            tones.render(name, self.volume)

    @property
    def available(self) -> bool:
        return self._device is not None and not self._closed

    @property
    def running(self) -> bool:
        """Whether the device is running now (it is stopped when nothing sounds)."""
        return self._running

    # ------------------------------------------------------------ the caller's side

    def play(self, name: str, *, due: float | None = None) -> bool:
        """Start the cue `name` at the next buffer, over whatever sounds already;
        False when there is no output (ring the bell instead).

        `due` is when the cue was due, in the caller's clock: only recorded.
        """
        if not self.available:
            return False
        samples = tones.render(name, self.volume)  # before the locks: the first render takes ms
        with self._device_lock:
            if self._closed:
                return False
            with self._state:
                self._asked += 1
                self._pending.append((self._asked, name, samples, due))
                self._quiet.clear()
            return self._start()

    def metronome(self, period: float | None) -> None:
        """A beat every `period` seconds; None stops it.

        The cue asked for just before is beat zero (the direction cue at a
        segment's start), else the moment of the call: the first beat comes one
        period after. Beats are counted on the device's own sample clock, exact
        to the sample whatever else the computer is doing. The device runs
        while it is on.
        """
        if period is not None and not period > 0:
            raise ValueError(f"a metronome needs a period above 0 s, not {period}")
        if not self.available:
            return
        with self._device_lock:
            if self._closed:
                return
            beat = tones.render("beat", self.volume)
            with self._state:
                self._beats_changed = True
                self._beats_asked = None if period is None else period * tones.RATE
                self._beats_after = self._asked
                self._beat = beat
                self._metronome_on = period is not None
                if period is not None:
                    self._quiet.clear()
            if period is not None:
                self._start()

    def silence(self) -> None:
        """Stop what is sounding now, and the metronome (a pause, the end)."""
        with self._state:
            self._pending.clear()
            self._cut += 1
            self._beats_changed = True
            self._beats_asked = None
            self._metronome_on = False

    def wait_until_quiet(self, timeout: float | None = None) -> bool:
        """Wait until every cue asked for has been handed over whole and the
        metronome is off; False if `timeout` seconds pass first."""
        return self._quiet.wait(timeout)

    def wait_until_handed(self, count: int, timeout: float | None = None) -> bool:
        """Wait until `handed` reaches `count`; False if `timeout` seconds pass first."""
        with self._state:
            return self._state.wait_for(lambda: self.handed >= count, timeout)

    def wait_until_stopped(self, timeout: float | None = None) -> bool:
        """Wait until the device has been stopped (after the grace once quiet)."""
        return self._stopped.wait(timeout)

    def length(self, name: str) -> float:
        """How long the cue `name` sounds, in seconds."""
        return tones.seconds(name)

    def close(self) -> None:
        """Stop and release the device; the player plays nothing after. Safe to repeat."""
        with self._device_lock:
            if self._closed:
                return
            self._closed = True
        self._closing.set()
        self._stop_due.set()
        if self._stopper is not None:
            self._stopper.join(timeout=2)
        with self._device_lock:
            if self._device is not None:
                self._device.close()
            self._running = False
        self._stopped.set()
        self._quiet.set()
        atexit.unregister(self.close)

    def __enter__(self) -> CuePlayer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ------------------------------------------------------------ starting and stopping

    def _start(self) -> bool:
        """Run the device if it is stopped. Called with the device lock held."""
        if self._running:
            return True
        device = self._device
        if device is None:  # none was opened (`available` says so first)
            return False
        self._stopped.clear()
        self._said_quiet = False  # the callback's own, but it is not running now
        try:
            device.start(self._feed)
        except self._device_error as exc:
            device.stop()  # forget the half-started feed, so a later start can try again
            self.problem = f"The sound output stopped working (miniaudio: {exc.args[0]})"
            with self._state:
                self._pending.clear()
                self._metronome_on = False
                self._quiet.set()
            self._stopped.set()
            return False
        self._running = True
        return True

    def _stop_when_quiet(self) -> None:
        """The stopper thread: stops the device a grace after the callback says it is quiet."""
        while True:
            self._stop_due.wait()
            self._stop_due.clear()
            if self._closing.wait(GRACE_SECONDS):
                return
            with self._device_lock:
                with self._state:
                    quiet = self._quiet.is_set()
                if quiet and self._running and not self._closed and self._device is not None:
                    self._device.stop()
                    self._running = False
                    self._stopped.set()

    # ------------------------------------------------------------ miniaudio's thread

    def _send(self, frames: int) -> array:
        """The next `frames` samples: called by miniaudio from its own thread.

        An exception here would be printed by cffi onto the terminal, so none
        leaves: the sounds are dropped and the buffer is silent.
        """
        try:
            return self._fill(frames)
        except Exception as exc:
            self._voices.clear()
            self.problem = f"Sound cues failed ({type(exc).__name__}: {exc})"
            return self._silence(frames)

    def _silence(self, frames: int) -> array:
        silent = self._silent.get(frames)
        if silent is None:
            silent = self._silent[frames] = array("h", bytes(2 * frames))
        return silent

    def _fill(self, frames: int) -> array:
        now = time.monotonic()
        start = self._frame
        end = start + frames
        voices = self._voices
        handed = []
        with self._state:
            if self._cut != self._cut_seen:
                self._cut_seen = self._cut
                voices.clear()
            while self._pending:
                number, name, samples, due = self._pending.popleft()
                voices.append(_Voice(samples))
                handed.append(Played(name, due, now, start))
                self._last_cue = (number, start)
            if self._beats_changed:
                self._beats_changed = False
                self._beat_every = every = self._beats_asked or 0.0
                # Beat zero is the cue asked for just before the metronome (the
                # direction cue), even when a buffer went by between the two
                # calls; failing that (or for a cue a whole beat ago), this buffer.
                number, frame = self._last_cue
                zero = frame if number and number == self._beats_after else start
                self._next_beat = (zero if zero + every >= start else start) + every
            beat = self._beat
        if self._beat_every:
            while round(self._next_beat) < end:
                at = round(self._next_beat)
                voices.append(_Voice(beat, start - at))
                handed.append(Played("beat", None, now, at))
                self._next_beat += self._beat_every

        out = self._mix(voices, frames)
        self._frame = end
        if any(voice.position >= len(voice.samples) for voice in voices):
            voices[:] = [voice for voice in voices if voice.position < len(voice.samples)]

        with self._state:
            if handed:
                self.played.extend(handed)
                self.handed += len(handed)
                self._state.notify_all()
            if not voices and not self._pending and not self._metronome_on:
                self._quiet.set()
                if not self._said_quiet:
                    self._said_quiet = True
                    self._stop_due.set()
            else:
                self._said_quiet = False
        return out

    def _mix(self, voices: list[_Voice], frames: int) -> array:
        if not voices:
            return self._silence(frames)
        if len(voices) == 1 and voices[0].position >= 0:
            # The usual case: one sound, already started, sliced as it is.
            voice = voices[0]
            chunk = voice.samples[voice.position : voice.position + frames]
            voice.position += frames
            if len(chunk) < frames:
                chunk.extend(self._silence(frames - len(chunk)))
            return chunk
        out = None
        for voice in voices:
            offset = max(0, -voice.position)  # where in this buffer it starts
            if offset >= frames:
                voice.position += frames
                continue
            first = max(0, voice.position)
            piece = voice.samples[first : first + frames - offset]
            voice.position += frames
            if out is None:
                out = array("h", self._silence(frames))
                out[offset : offset + len(piece)] = piece
            else:
                under = out[offset : offset + len(piece)]
                try:  # mostly, two sounds together stay within full scale
                    mixed = array("h", map(add, under, piece))
                except OverflowError:  # where they do not, clip them
                    mixed = array("h", map(_clipped_sum, under, piece))
                out[offset : offset + len(piece)] = mixed
        return out if out is not None else self._silence(frames)


def _clipped_sum(a: int, b: int) -> int:
    return min(32_767, max(-32_768, a + b))
