"""The boxes text is typed or pasted into: a new preset's name, a session's note."""

from __future__ import annotations

from support import make_app
from textual import events
from textual.app import App
from textual.widgets import Input

from backwalk_tui.presets import MAX_NAME_CHARS
from backwalk_tui.records import NOTE_MAX_CHARS
from backwalk_tui.ui.screens.name import NameScreen
from backwalk_tui.ui.widgets.noteinput import NoteInput

#: 100 kB of text full of escapes, as a terminal's clipboard once froze the app with.
HOSTILE = ("\x1b[31mred\x1b[0m knee \x1b]0;title\x07" * 4000)[:100_000]


async def test_a_huge_paste_with_escapes_into_the_name_box_is_cut_to_the_limit(locations):
    app = make_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        box = app.screen.query_one("#name", Input)
        box.value = ""
        box.post_message(events.Paste(HOSTILE))
        await pilot.pause()
        assert len(box.value) == MAX_NAME_CHARS
        assert "\x1b" not in box.value and "\x07" not in box.value
        assert box.value.startswith("[31mred[0m knee ]0;title")
        assert "the rest was left out" in str(box.border_subtitle)
        await pilot.press("backspace")
        await pilot.pause()
        assert box.border_subtitle == ""  # said once, for the paste it was about
    app.history.close()


async def test_a_note_paste_over_the_limit_keeps_what_fits_and_says_so(locations):
    class OneBox(App):
        def compose(self):
            yield NoteInput(id="note")

    app = OneBox()
    async with app.run_test(size=(60, 20)) as pilot:
        box = app.query_one("#note", NoteInput)
        box.focus()
        await pilot.pause()
        box.post_message(events.Paste("a" * 600))
        await pilot.pause()
        assert box.value == "a" * NOTE_MAX_CHARS
        assert (
            str(box.border_subtitle) == f"kept {NOTE_MAX_CHARS} characters; the rest was left out"
        )
        await pilot.press("b")
        await pilot.pause()
        assert box.value == "a" * NOTE_MAX_CHARS
        assert str(box.border_subtitle) == f"full: {NOTE_MAX_CHARS} characters at most"


def test_a_bracketed_paste_with_escapes_is_one_paste_and_no_key_presses(monkeypatch):
    # Textual's own parser read the escapes in a paste as the start of keys, and
    # pressed what followed them on whatever screen was shown.
    from textual.drivers import linux_driver

    from backwalk_tui.ui import paste

    monkeypatch.setattr(linux_driver, "XTermParser", linux_driver.XTermParser)  # put back after
    paste.install()
    parser = linux_driver.XTermParser(False)  # as the Linux driver makes it
    stream = f"x\x1b[200~{HOSTILE}\x1b[201~y"
    split = stream.index("\x1b[201~") + 3  # the end marker over two reads
    reads = [stream[at : min(at + 4096, split)] for at in range(0, split, 4096)]
    messages = []
    for read in [*reads, stream[split:]]:  # as the driver reads the terminal
        messages.extend(parser.feed(read))
    assert [type(m) for m in messages] == [events.Key, events.Paste, events.Key]
    assert [messages[0].key, messages[2].key] == ["x", "y"]
    assert messages[1].text == HOSTILE
