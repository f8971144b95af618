"""The cue sounds: each one audible, clean at its edges, and told apart from the others."""

from __future__ import annotations

from itertools import pairwise

import pytest

from backwalk_tui.kinds import KINDS
from backwalk_tui.sound import tones

CUES = list(tones.CUES)


def peak(samples) -> int:
    return max(map(abs, samples))


def pitch(samples) -> float:
    """Hz, from zero crossings while it sounds (a harmonic under half the
    fundamental's level adds none); silence between notes is left out."""
    floor = peak(samples) / 100
    sounding = [s for s in samples if abs(s) > floor]
    crossings = sum(1 for a, b in pairwise(sounding) if (a < 0) != (b < 0))
    return crossings / 2 / (len(sounding) / tones.RATE)


def thirds(samples) -> tuple:
    third = len(samples) // 3
    return samples[:third], samples[third : 2 * third], samples[2 * third :]


def test_every_cue_is_described_in_the_order_backwalk_sounds_plays_them():
    # Each kind's first, in the order kinds.KINDS lists them, then the rest.
    kinds_first = [kind.cue for kind in KINDS.values()]
    assert [*kinds_first, "tick", "halfway", "finish", "beat"] == CUES
    assert all(how and how == how.strip() for how in tones.CUES.values())


@pytest.mark.parametrize("name", CUES)
def test_a_cue_sounds_at_80_and_is_silent_at_0(name: str):
    loud = tones.render(name, 80)
    assert loud.typecode == "h" and peak(loud) > 2000
    silent = tones.render(name, 0)
    assert len(silent) == len(loud) and not any(silent)


@pytest.mark.parametrize("name", CUES)
def test_a_cue_is_louder_at_100_than_at_30(name: str):
    assert peak(tones.render(name, 100)) > 5 * peak(tones.render(name, 30))


@pytest.mark.parametrize("name", CUES)
def test_two_cues_together_never_clip(name: str):
    # Every cue keeps under half of full scale, even at volume 100.
    assert peak(tones.render(name, 100)) <= tones.HEADROOM * tones.FULL_SCALE + 1


@pytest.mark.parametrize("name", CUES)
def test_a_cue_starts_and_ends_at_silence_so_nothing_clicks(name: str):
    samples = tones.render(name, 100)
    assert samples[0] == 0 and samples[-1] == 0
    assert peak(samples[:24]) < 0.2 * peak(samples)  # the first millisecond still rising
    assert peak(samples[-24:]) < 0.05 * peak(samples)  # the last one all but gone


def test_forward_rises_and_backward_falls():
    forward, backward = tones.render("forward", 100), tones.render("backward", 100)
    first, _, last = (pitch(part) for part in thirds(forward))
    assert last > first * 1.2, (first, last)
    first, _, last = (pitch(part) for part in thirds(backward))
    assert first > last * 1.2, (first, last)


def test_the_direction_cues_differ_from_each_other():
    sounds = {name: tones.render(name, 80) for name in ("forward", "backward", "sideways", "rest")}
    for name, samples in sounds.items():
        for other, other_samples in sounds.items():
            if other != name:
                assert samples != other_samples, (name, other)
    # Sideways: one note twice, the same pitch at the start and at the end.
    first, _, last = (pitch(part) for part in thirds(sounds["sideways"]))
    assert abs(first - last) < 0.03 * first


@pytest.mark.parametrize("name", CUES)
def test_the_notes_sit_where_laptop_speakers_carry_them(name: str):
    # Fundamentals of about 500-2000 Hz: no speaker loses them, every ear hears them.
    for part in thirds(tones.render(name, 100)):
        if peak(part) > 1000:
            assert 450 < pitch(part) < 2100, name


def test_tick_and_beat_are_short_and_the_beat_is_softer():
    assert 0.06 <= tones.seconds("tick") <= 0.09
    assert tones.seconds("beat") <= 0.06
    assert peak(tones.render("beat", 80)) < peak(tones.render("tick", 80))


@pytest.mark.parametrize(
    ("name", "shortest", "longest"),
    [("forward", 0.35, 0.45), ("backward", 0.35, 0.45), ("rest", 0.8, 1.0), ("finish", 1.2, 1.6)],
)
def test_cue_lengths(name: str, shortest: float, longest: float):
    assert shortest <= tones.seconds(name) <= longest
    assert len(tones.render(name, 50)) == round(tones.seconds(name) * tones.RATE)


def test_each_segment_kind_has_its_cue():
    # Every kind's is checked by test_kinds.
    assert tones.cue_for_kind("backward") == "backward"
    with pytest.raises(ValueError, match="no cue for a segment of kind 'jump'"):
        tones.cue_for_kind("jump")
    with pytest.raises(KeyError):
        tones.render("trumpet", 80)
