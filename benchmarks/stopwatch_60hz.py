"""The yardstick for CPU: a minimal Textual stopwatch that refreshes at 60 Hz."""

from time import monotonic

from textual.app import App, ComposeResult
from textual.widgets import Digits


class Stopwatch(App):
    def compose(self) -> ComposeResult:
        yield Digits("0.00")

    def on_mount(self) -> None:
        self.start = monotonic()
        self.set_interval(1 / 60, self.tick)

    def tick(self) -> None:
        self.query_one(Digits).update(f"{monotonic() - self.start:.2f}")


if __name__ == "__main__":
    Stopwatch().run()
