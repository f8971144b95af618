"""The words and figures the screens and commands print."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backwalk_tui.words import walked_parts


def seconds_of(text: str) -> int:
    minutes, seconds = text.rsplit(":", 1)
    hours, _, minutes = minutes.rpartition(":")
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def test_the_time_walked_is_the_sum_of_its_parts_as_shown():
    # 17.5 s forward and 7.6 s backward: 25.1 s in all, but 0:18 + 0:08 shown.
    rows = walked_parts({"forward": 17.5, "backward": 7.6, "sideways": 0.0, "rest": 30.2})
    assert rows == [
        ("Walked", "0:26"), ("Backward", "0:08"), ("Forward", "0:18"), ("Rest", "0:30"),
    ]  # fmt: skip


@given(
    st.fixed_dictionaries(
        {kind: st.floats(0, 20_000, allow_nan=False) for kind in
         ("forward", "backward", "sideways", "rest")}
    )
)  # fmt: skip
def test_the_parts_shown_always_add_up_to_the_whole_shown(by_kind):
    [(label, whole), *parts] = walked_parts(by_kind)
    assert label == "Walked"
    walked = [seconds_of(value) for kind, value in parts if kind != "Rest"]
    assert sum(walked) == seconds_of(whole)


def finished_engine(*moves):
    """An engine over a step count then a timed step, driven by `moves`."""
    from backwalk_tui.engine import Engine
    from backwalk_tui.plan import build_plan
    from backwalk_tui.presets import Preset, Segment

    plan = build_plan(
        Preset("Counted", (Segment("backward", steps=12), Segment("forward", duration=10)))
    )
    now = [0.0]
    engine = Engine(plan, lambda: now[0])
    engine.start()
    for move in moves:
        if isinstance(move, str):
            getattr(engine, move)()
        else:
            now[0] += move
            engine.poll()
    return engine


def test_a_step_count_redone_with_b_counts_its_steps_once():
    from backwalk_tui.ui.screens.summary import summary_lines

    # 12 steps, Space; then `b` at once goes back to them: 12 more, Space again.
    engine = finished_engine(20, "done", 1, "back", 18, "done", 10)
    assert engine.state == "finished"
    rows = dict(summary_lines(engine))
    assert rows["Steps counted"] == "12"
    assert rows["Segments done"] == "2 of 2"
    assert rows["Walked"] == "0:49"  # 20 + 18 backward, 1 + 10 forward
    assert (rows["Backward"], rows["Forward"]) == ("0:38", "0:11")


def test_the_summary_leaves_out_runs_left_at_once_as_the_history_does():
    from backwalk_tui.ui.screens.summary import summary_lines

    held_down = [move for _ in range(50) for move in (0.1, "back")]  # `b` held down: 5 s
    engine = finished_engine(*held_down, 20.4, "done", 10)
    rows = dict(summary_lines(engine))
    assert rows["Walked"] == "0:30" and rows["Backward"] == "0:20"


def test_a_timed_up_and_go_is_written_to_the_tenth_it_is_kept_to():
    # One wording for the report, the tables, the stats screen and the trend's change.
    from backwalk_tui.words import tug_text

    assert [tug_text(s) for s in (12.34, 9.0, 0.05, None)] == ["12.3 s", "9.0 s", "0.1 s", ""]
