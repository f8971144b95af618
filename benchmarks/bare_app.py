"""The yardstick for start-up and memory: a Textual app that shows one label."""

from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Label("hello")


if __name__ == "__main__":
    Bare().run()
