"""The cue sounds, synthesised here: no sound files, no numpy.

Every cue must be told apart by ear, with the walker's back to a laptop
several metres away. Laptop speakers play little below 300 Hz, so the notes
sit between about 500 and 2000 Hz, with a harmonic or two for body; soft
attacks and smooth decays keep every edge free of clicks.

Samples are mono, signed 16-bit, at one rate (`RATE`). Synthesis keeps to
loops that run in C (`map`, `itertools`, slices): each note repeats one
block of whole cycles, computed once with `math.sin`, and decays by scaling
each repeat of it. A chord is one note whose "harmonics" are its notes (in
just intonation they share a period), so it costs no more than one note.
Every cue renders in a few tens of milliseconds, once: results are cached
per (name, volume).
"""

from __future__ import annotations

import math
import sys
from array import array
from functools import cache, lru_cache, partial
from itertools import accumulate, repeat
from operator import add, mul

from backwalk_tui.kinds import KINDS

#: 24 kHz carries every partial used here (all under 4 kHz) at half the work of 48 kHz.
RATE = 24_000
FULL_SCALE = 32_767
#: The loudest sample of any cue at volume 100, of full scale: loud enough to
#: carry across a room from laptop speakers, with a little room for a beat
#: over a cue (the player clips what goes past full scale).
HEADROOM = 0.8

#: Every cue, in the order `backwalk sounds` plays them, and how it sounds.
CUES = {
    "forward": "two notes rising",
    "backward": "two notes falling",
    "sideways": "one note twice",
    "rest": "a soft, calm chord",
    "tick": "a short tick in each of the last seconds of a segment",
    "halfway": "a chime, halfway through a segment of 20 s or more",
    "finish": "a little tune rising to a chord, at the end",
    "beat": "a soft click on every step, when the metronome is on",
}

#: Note frequencies (Hz), equal temperament.
C5, G5, A5, C6, E6 = 523.25, 783.99, 880.00, 1046.50, 1318.51

Timbre = tuple[tuple[int, float], ...]
#: A warm, round note: the fundamental with a little of two harmonics.
WARM: Timbre = ((1, 1.0), (2, 0.35), (3, 0.12))
PURE: Timbre = ((1, 1.0),)


def _chord(ratios: tuple[int, ...], timbre: Timbre) -> Timbre:
    """A just-intonation chord as the timbre of a note an octave or two below
    its root: (4, 5, 6) over C5/4 is C5, E5, G5, each with `timbre`'s harmonics."""
    return tuple((ratio * harmonic, level) for ratio in ratios for harmonic, level in timbre)


def cue_for_kind(kind: str) -> str:
    """The cue that announces a segment of this kind ("forward", ..., "rest")."""
    if kind not in KINDS:
        raise ValueError(f"no cue for a segment of kind {kind!r}")
    return KINDS[kind].cue


# ----------------------------------------------------------------- building


@cache
def _cycle_block(freq: float, timbre: Timbre) -> list[float]:
    """A whole number of cycles of `freq` (with its harmonics) that repeats seamlessly.

    A single cycle is rarely a whole number of samples long; a few cycles
    together nearly always are, to well within what an ear can hear.
    """

    def pitch_error(cycles: int) -> float:
        return abs(cycles * RATE / round(cycles * RATE / freq) - freq) / freq

    # Within 0.1 % (under 2 cents): no ear hears it, even in a chord.
    cycles = next((n for n in range(1, 41) if pitch_error(n) < 0.001), None)
    if cycles is None:
        cycles = min(range(1, 41), key=pitch_error)
    length = round(cycles * RATE / freq)
    block = [0.0] * length
    sin = math.sin
    for harmonic, level in timbre:
        step = 2 * math.pi * cycles * harmonic / length
        block = list(map(add, block, [level * sin(step * i) for i in range(length)]))
    return block


@cache
def _ramp(count: int) -> list[float]:
    """A raised-cosine rise from 0 to 1 over `count` samples, ending just short of 1."""
    cos, step = math.cos, math.pi / count if count else 0.0
    return [0.5 - 0.5 * cos(step * i) for i in range(count)]


def _note(
    freq: float,
    seconds: float,
    *,
    timbre: Timbre = WARM,
    attack: float = 0.008,
    decay: float = 0.2,
    release: float = 0.015,
    level: float = 1.0,
) -> array:
    """One note: a raised-cosine attack, an exponential decay (`decay` is its time
    constant in seconds) and a raised-cosine release whose last sample is zero.

    The decay is exact and needs no envelope of its own: the wave repeats
    every block, so each block is the first one (decay included) scaled by
    the decay over one block.
    """
    count = round(seconds * RATE)
    block = _cycle_block(freq, timbre)
    fading = math.exp(-1 / (decay * RATE))
    first = array(
        "d", map(mul, block, accumulate(repeat(fading, len(block) - 1), mul, initial=level))
    )
    per_block = fading ** len(block)
    samples = array("d")
    scale = 1.0
    while len(samples) < count:
        samples.extend(map(mul, first, repeat(scale)))
        scale *= per_block
    del samples[count:]
    rise = _ramp(round(attack * RATE))
    samples[: len(rise)] = array("d", map(mul, samples[: len(rise)], rise))
    fall = _ramp(round(release * RATE))[::-1]  # from 1 down to exactly 0
    samples[count - len(fall) :] = array("d", map(mul, samples[count - len(fall) :], fall))
    return samples


def _mix(seconds: float, *placed: tuple[float, array]) -> array:
    """Notes laid over silence, each at its start time in seconds (the longest first:
    it is copied in, and only the others are added)."""
    out = _silence(seconds)
    for number, (start, note) in enumerate(placed):
        first = round(start * RATE)
        last = first + len(note)
        out[first:last] = array("d", map(add, out[first:last], note)) if number else note
    return out


def _silence(seconds: float) -> array:
    return array("d", bytes(8 * round(seconds * RATE)))


def _forward() -> array:
    return _note(G5, 0.2) + _note(C6, 0.2)


def _backward() -> array:
    # The forward notes reversed: up means forward, down means backward.
    forward = _shape("forward")[0]
    half = len(forward) // 2
    return forward[half:] + forward[:half]


def _sideways() -> array:
    short = _note(A5, 0.14, decay=0.12)
    return short + _silence(0.06) + short


def _rest() -> array:
    # C major (C5 E5 G5), soft: almost no harmonics, a slow swell, a long fade.
    soft = _chord((4, 5, 6), ((1, 1.0), (2, 0.15)))
    return _note(C5 / 4, 0.9, timbre=soft, attack=0.06, decay=0.5, release=0.1)


def _tick() -> array:
    return _note(E6, 0.075, timbre=((1, 1.0), (2, 0.2)), attack=0.005, decay=0.03, release=0.02)


def _halfway() -> array:
    # A bell: a long A5, and over it partials that are no whole multiple of it
    # (2, 2.75 and 3.75 times A5: harmonics 8, 11 and 15 of A3), dying away sooner.
    hum = _note(A5, 1.0, timbre=PURE, attack=0.005, decay=0.45, release=0.05)
    ring = ((8, 0.45), (11, 0.3), (15, 0.12))
    shimmer = _note(A5 / 4, 0.7, timbre=ring, attack=0.005, decay=0.18, release=0.05)
    return _mix(1.0, (0.0, hum), (0.0, shimmer))


def _finish() -> array:
    arpeggio = [(0.13 * n, _note(C5 * r / 4, 0.3)) for n, r in enumerate((4, 5, 6))]
    # C major with the octave on top: C5 E5 G5 C6.
    full = _note(C5 / 4, 0.95, timbre=_chord((4, 5, 6, 8), WARM), decay=0.45, release=0.12)
    return _mix(1.4, (0.42, full), *arpeggio)


def _beat() -> array:
    # A woodblock: a short knock with an inharmonic overtone, gone in 40 ms.
    shape = partial(_note, timbre=PURE, attack=0.005, release=0.01)
    body = shape(1250.0, 0.04, decay=0.01)
    knock = shape(2875.0, 0.04, decay=0.005, level=0.4)
    return array("d", map(add, body, knock))


_BUILDERS = {
    "forward": (_forward, 1.0),
    "backward": (_backward, 1.0),
    "sideways": (_sideways, 1.0),
    "rest": (_rest, 0.8),  # calm: a little softer
    "tick": (_tick, 0.9),
    "halfway": (_halfway, 1.0),
    "finish": (_finish, 1.0),
    "beat": (_beat, 0.45),  # under everything else: it sounds on every step
}


@cache
def _shape(name: str) -> tuple[array, float]:
    """The cue's samples, and the gain that brings its loudest to its share of full scale.

    Made and kept as doubles in arrays, never lists of floats: a quarter of
    the memory, and no float objects left behind to hold the process's peak.
    """
    build, level = _BUILDERS[name]
    samples = build()
    return samples, level * HEADROOM * FULL_SCALE / max(max(samples), -min(samples))


#: Adding 1.5 * 2**52 to a float rounds it to the nearest whole number and
#: leaves that number in the low bits of the double (IEEE 754): the double's
#: lowest 16-bit lane is then the sample. This turns floats into samples in C
#: loops, about twice as fast as round() and an int object for each.
_ROUNDER = 1.5 * 2**52
_LOW_LANE = 0 if sys.byteorder == "little" else 3


@lru_cache(maxsize=32)  # every cue at a few volumes
def render(name: str, volume: int) -> array:
    """The cue `name` at `volume` (0-100) as signed 16-bit samples at RATE.

    Loudness follows (volume/100)**2 of the cue's level, which the ear hears
    as even steps; volume 0 is silence of the same length. The array is
    shared (cached): read it, never change it.
    """
    if name not in _BUILDERS:
        raise KeyError(f"no cue named {name!r}")
    samples, gain = _shape(name)
    volume = min(max(volume, 0), 100)
    if volume == 0:
        return array("h", bytes(2 * len(samples)))
    gain *= (volume / 100) ** 2
    doubles = array("d", map(add, map(mul, samples, repeat(gain)), repeat(_ROUNDER)))
    return array("h", doubles.tobytes())[_LOW_LANE::4]


def seconds(name: str) -> float:
    """How long the cue lasts."""
    return len(_shape(name)[0]) / RATE
