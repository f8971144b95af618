"""The Timed Up and Go stopwatch (backwalk_tui/checkin.py), on a fake clock."""

from __future__ import annotations

import pytest

from backwalk_tui.checkin import (
    COUNTDOWN,
    DOUBLE_PRESS_SECONDS,
    PAIN_WEEK_QUESTION,
    TUG_SETUP,
    TUG_TASK,
    TugTimer,
)
from backwalk_tui.records import TUG_MAX_SECONDS, tug_kept

T0 = 1000.0


def test_the_words_follow_program_md():
    setup = " ".join(TUG_SETUP)
    assert "chair with arms" in setup and "3 metres" in setup
    assert "usual shoes" in setup and "walking aid" in setup
    assert "comfortable and safe pace" in TUG_TASK and "helper" in TUG_TASK
    assert "Space or Enter" in TUG_TASK
    assert PAIN_WEEK_QUESTION == "Your average knee pain over the last week, 0-10"


def test_ready_then_3_2_1_go_then_timing_from_go():
    timer = TugTimer()
    assert timer.phase(T0) == "ready" and timer.count_index(T0) is None
    assert timer.elapsed(T0) == 0.0 and timer.next_change(T0) is None
    timer.start(T0)
    assert [COUNTDOWN[timer.count_index(T0 + s)] for s in (0, 0.99, 1.0, 2.5, 3.0, 60)] == [
        "3", "3", "2", "1", "Go", "Go",
    ]  # fmt: skip
    assert timer.phase(T0 + 2.99) == "counting" and timer.elapsed(T0 + 2.99) == 0.0
    assert timer.phase(T0 + 3.0) == "timing"
    assert timer.elapsed(T0 + 3.0 + 7.25) == pytest.approx(7.25)


def test_stop_keeps_the_time_to_a_tenth_from_go():
    timer = TugTimer()
    timer.start(T0)
    assert timer.stop(T0 + 3.0 + 11.26) == 11.3
    assert timer.phase(T0 + 20) == "stopped" and timer.result == 11.3
    assert timer.elapsed(T0 + 99) == 11.3  # the clock stays where it stopped
    assert timer.stop(T0 + 30) == 11.3  # a second press changes nothing


def test_a_key_before_go_is_not_a_time():
    timer = TugTimer()
    assert timer.stop(T0) is None  # ready: nothing to stop
    timer.start(T0)
    assert timer.stop(T0 + 2.5) is None
    assert timer.phase(T0 + 2.5) == "counting"
    assert timer.stop(T0 + 12.0) == 9.0


def test_redo_and_discard_go_back_to_ready_and_start_again():
    timer = TugTimer()
    timer.start(T0)
    timer.stop(T0 + 15.0)
    timer.redo()
    assert (timer.phase(T0 + 16), timer.result, timer.elapsed(T0 + 16)) == ("ready", None, 0.0)
    timer.start(T0 + 20.0)
    assert timer.stop(T0 + 20.0 + 3.0 + 10.04) == 10.0
    timer.start(T0 + 40.0)  # start again over a kept time: it is thrown away
    assert timer.result is None and timer.phase(T0 + 40.5) == "counting"


def test_next_change_is_each_word_then_each_tenth():
    timer = TugTimer()
    timer.start(T0)
    assert timer.next_change(T0) == T0 + 1.0
    assert timer.next_change(T0 + 1.5) == T0 + 2.0
    assert timer.next_change(T0 + 2.2) == T0 + 3.0
    assert timer.next_change(T0 + 3.0) == pytest.approx(T0 + 3.1)
    assert timer.next_change(T0 + 3.55) == pytest.approx(T0 + 3.6)
    timer.stop(T0 + 5.0)
    assert timer.next_change(T0 + 5.0) is None


GO = T0 + 3.0


@pytest.mark.parametrize("pressed", [0.0, 0.01, 0.5, DOUBLE_PRESS_SECONDS - 0.01])
def test_a_press_just_after_go_is_the_countdown_pressed_again(pressed):
    # Space pressed through 3-2-1-Go: the first press after Go stopped the clock at 0.0.
    timer = TugTimer()
    timer.start(T0)
    assert timer.stop(GO + pressed) is None
    assert timer.phase(GO + pressed) == "timing" and not timer.can_stop(GO + pressed)
    assert timer.stop(GO + 8.42) == 8.4


@pytest.mark.parametrize("taken", [3599.94, 3599.95, 3599.96, 3600.0, 5000.0])
def test_an_hour_on_the_clock_is_over_with_no_time(taken):
    timer = TugTimer()
    timer.start(T0)
    kept = tug_kept(taken)
    assert timer.stop(GO + taken) == kept
    if kept is None:
        assert timer.phase(GO + taken) == "over" and timer.next_change(GO + taken) is None
        assert not timer.can_stop(GO + taken)


def test_every_time_the_stopwatch_gives_is_one_the_history_keeps():
    for taken in [DOUBLE_PRESS_SECONDS + i * 0.013 for i in range(200)] + [
        TUG_MAX_SECONDS - 0.1 + i * 0.01 for i in range(20)
    ]:
        timer = TugTimer()
        timer.start(T0)
        result = timer.stop(GO + taken)
        assert result is None or tug_kept(result) == result


def test_the_clock_turns_over_at_the_hour():
    timer = TugTimer()
    timer.start(T0)
    assert timer.phase(GO + 3599.9) == "timing"
    assert timer.phase(GO + TUG_MAX_SECONDS) == "over"
    timer.redo()
    assert timer.phase(GO + TUG_MAX_SECONDS) == "ready"
