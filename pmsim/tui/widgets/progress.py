"""Long work in a background thread, shown with a progress bar.

The library functions (`luck_report`, `build_leaderboard`) take a `progress(done, total)`
callback and run in a `@work(thread=True)` worker. `reporter` turns a screen's
message-posting function into that callback, and stops the work (raising `Cancelled`)
once the worker is cancelled — its screen closed, or the app quitting — so a quit never
waits for two hundred bot games. `WorkProgress` is the label and bar the screen shows.

How many worker processes the work may use is `pmsim.parallel.worker_jobs`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from pmsim.tui.plain import Static


class Cancelled(Exception):
    """The worker was cancelled while the work was under way."""


def reporter(post: Callable[..., object]) -> Callable[..., None]:
    """A progress callback for the current worker thread: it raises `Cancelled` when the
    worker is cancelled, else hands its arguments — (done, total), or (stage, done,
    total) — to `post` (which must be thread-safe, such as a screen's `post_message`)."""
    worker = get_current_worker()

    def progress(*args: object) -> None:
        if worker.is_cancelled:
            raise Cancelled
        post(*args)

    return progress


class WorkProgress(Vertical):
    """What is being done, and a bar with the count ("37/200") beside it."""

    DEFAULT_CSS = """
    WorkProgress { height: auto; padding: 0 1; }
    WorkProgress .what { height: auto; color: $text-muted; }
    WorkProgress ProgressBar { height: 1; }
    """

    def __init__(self, what: str, done: int = 0, total: int | None = None,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.what, self.done, self.total = what, done, total

    def compose(self) -> ComposeResult:
        yield Static(self.label(), classes="what")
        bar = ProgressBar(total=self.total, show_eta=False)
        bar.progress = self.done
        yield bar

    def label(self) -> str:
        """The label with the count: "… (37 of 200)"."""
        return f"{self.what} ({self.done} of {self.total})" if self.total else self.what

    def show(self, done: int, total: int | None, what: str | None = None) -> None:
        """Move the bar (and change the label, if given)."""
        self.done, self.total = done, total
        if what is not None:
            self.what = what
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one(".what", Static).update(self.label())
