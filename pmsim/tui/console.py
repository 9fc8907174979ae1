"""`pmsim console`: the facilitator's live view of a workshop hub, readable at 80×24 and
on a projector. One row a team (week, SPI(t), CPI, chance on time, requests waiting,
seconds since last heard, verified score once finished), refreshed every second;
keys pause and resume every game, start the round clock or lockstep rounds (every team
plays the same week, which ends at the clock or when all are ready), schedule an inject of the
scenario's catalogue for a week, broadcast a message, sort the rows, and show the
verified leaderboard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer

from pmsim.errors import UserError
from pmsim.hub.console_client import ConsoleClient
from pmsim.results.workshop_codes import format_code
from pmsim.text import clean_line
from pmsim.tui.dialogs.ask import AskNumber, AskText
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.dialogs.ranking import RankingDialog
from pmsim.tui.plain import DataTable, Static
from pmsim.wording import count

REFRESH_SECONDS = 1.0
COLUMNS = ("Team", "Week", "SPI(t)", "CPI", "On time", "Waiting", "Seen", "Score")
SORTS = ("team", "week", "score", "seen")
"""The orders `s` cycles through."""


def _num(value: Any, fmt: str = "{:.2f}") -> str:
    return fmt.format(value) if isinstance(value, (int, float)) else "—"


def team_row(row: dict[str, Any]) -> tuple[Text, ...]:
    """One team's cells, as plain text (a team name is never markup)."""
    seen = row.get("seconds_since_seen")
    when = "now" if row.get("connected") else (f"{seen:.0f} s ago" if isinstance(
        seen, (int, float)) else "—")
    score = (str(row["score"]) + (" !" if row.get("problem") else "")  # e.g. an inject missed
             if row.get("score") is not None else
             "refused" if row.get("problem") else "finished" if row.get("finished") else "")
    return tuple(Text(cell) for cell in (
        clean_line(str(row.get("team", "")))[:30], str(row.get("week", 0)),
        _num(row.get("spi_t")), _num(row.get("cpi")),
        _num(row.get("p_on_time"), "{:.0%}"), str(row.get("waiting", 0)), when, score))


def inject_label(spec: dict[str, Any]) -> Text:
    """An inject as the console lists it: title, kind, the guide's week (plain text)."""
    week = spec.get("week")
    hint = f", suggested for week {week}" if isinstance(week, int) else ""
    return Text(f"{clean_line(str(spec.get('title', '')))} "
                f"({clean_line(str(spec.get('kind', ''))).replace('_', ' ')}{hint})")


def sort_key(order: str) -> Any:
    """How the rows are sorted for an order of `SORTS`."""
    if order == "week":
        return lambda r: (-int(r.get("week", 0)), str(r.get("team", "")))
    if order == "score":
        return lambda r: (-(r.get("score") or -1), str(r.get("team", "")))
    if order == "seen":
        return lambda r: (-(r.get("seconds_since_seen") or 0.0), str(r.get("team", "")))
    return lambda r: str(r.get("team", "")).casefold()


class ConsoleApp(App[None]):
    """Every team of one workshop, live."""

    TITLE = "pmsim console"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause all"),
        Binding("r", "resume", "Resume all"),
        Binding("m", "message", "Message"),
        Binding("c", "clock", "Round clock"),
        Binding("k", "lockstep", "Lockstep"),
        Binding("i", "inject", "Inject"),
        Binding("s", "sort", "Sort"),
        Binding("l", "leaderboard", "Leaderboard"),
        Binding("E", "end", "End workshop"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, link: str) -> None:
        super().__init__()
        self.client = ConsoleClient(link)
        self.order = SORTS[0]
        self.last: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Static("Connecting to the hub…", id="head")
        # every key, where the footer has no room at 80×24
        yield Static(" · ".join(f"{b.key} {b.description.lower()}" for b in self.BINDINGS
                                if isinstance(b, Binding)), id="keys")
        yield DataTable(id="teams", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.set_interval(REFRESH_SECONDS, self.refresh_status)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Ask the hub again (one request at a time)."""
        self.run_worker(self._fetch(), exclusive=True, group="status")

    async def _fetch(self) -> None:
        try:
            self.last = await self.client.status()
        except UserError as exc:
            self.query_one("#head", Static).update(f"Hub not answering: {exc}")
            return
        self.show(self.last)

    def show(self, status: dict[str, Any]) -> None:
        """Draw the hub's status."""
        teams = [t for t in status.get("teams", []) if isinstance(t, dict)]
        done = sum(1 for t in teams if t.get("finished"))
        paused = " · PAUSED" if status.get("paused") else ""
        paused += " · ENDED" if status.get("ended") else ""
        clock = status.get("clock") or {}
        left, week = clock.get("round_seconds_left"), clock.get("lockstep_week")
        if isinstance(week, int):
            paused += f" · lockstep to week {week}"
        if isinstance(left, int) and left > 0:
            paused += f" · round {left // 60}:{left % 60:02d} left"
        code = format_code(clean_line(str(status.get("workshop", ""))))
        self.query_one("#head", Static).update(
            f"Workshop {code} · {count(len(teams), 'team')}, {done} finished{paused} · "
            f"sorted by {self.order}")
        table = self.query_one(DataTable)
        table.clear()
        for row in sorted(teams, key=sort_key(self.order)):
            table.add_row(*team_row(row))

    async def action_pause(self) -> None:
        await self._act(self.client.pause, "Paused")

    async def action_resume(self) -> None:
        await self._act(self.client.resume, "Resumed")

    def action_sort(self) -> None:
        self.order = SORTS[(SORTS.index(self.order) + 1) % len(SORTS)]
        if self.last:
            self.show(self.last)

    def action_message(self) -> None:
        self.push_screen(AskText("Message to every team", "Shown in every game now.",
                                 keys="enter: send · esc: back"), self._send)

    async def action_leaderboard(self) -> None:
        try:
            board = await self.client.leaderboard()
        except UserError as exc:
            self.notify(str(exc), title="No leaderboard", severity="error", markup=False)
            return
        self.push_screen(RankingDialog(board))

    def action_end(self) -> None:
        self.push_screen(ConfirmDialog("End the workshop", "Every game is told the "
                                       "workshop has ended and the clock stops; no new "
                                       "team can join. Games already in still send their "
                                       "results."), self._end)

    def _end(self, sure: bool | None) -> None:
        if sure:
            self.run_worker(self._act(self.client.end, "Ended"), group="act")

    def action_clock(self) -> None:
        self.push_screen(AskNumber("Round clock", "Minutes for this round in every game "
                                   "(0 stops the clock).", 0, 120, 5), self._clock)

    def action_lockstep(self) -> None:
        self.push_screen(AskNumber("Lockstep rounds", "Minutes per week: every team plays "
                                   "the same week, which ends at the clock or when all are "
                                   "ready (0 stops lockstep).", 0, 120, 5), self._lockstep)

    def _clock(self, minutes: float | None, lockstep: bool = False) -> None:
        if minutes is not None:
            done = "Lockstep set" if lockstep else "Clock set"
            self.run_worker(self._act(partial(self.client.clock, minutes, lockstep), done),
                            group="act")

    def _lockstep(self, minutes: float | None) -> None:
        self._clock(minutes, lockstep=True)

    async def action_inject(self) -> None:
        try:
            offer = await self.client.injects()
        except UserError as exc:
            self.notify(str(exc), title="No injects", severity="error", markup=False)
            return
        scheduled = offer.get("scheduled") or {}
        items = [(str(x.get("id")), inject_label(x))
                 for x in offer.get("catalogue", []) if isinstance(x, dict)
                 and x.get("id") not in scheduled]
        earliest = int(offer.get("earliest_week") or 1)
        text = (f"Every team meets it at the start of the week you pick (week {earliest} "
                "or later). Those scheduled already are not listed.")
        self.push_screen(ChooseDialog("Inject", text, items),
                         partial(self._inject_week, offer, earliest))

    def _inject_week(self, offer: dict[str, Any], earliest: int, chosen: str | None) -> None:
        if chosen is None:
            return
        spec = next(x for x in offer["catalogue"] if x.get("id") == chosen)
        suggested = spec.get("week") if isinstance(spec.get("week"), int) else earliest
        last = max(earliest, int(offer.get("last_week") or earliest))
        self.push_screen(AskNumber(f"Week for: {clean_line(str(spec.get('title', '')))}",
                                   "The week every team meets it at its start.", earliest,
                                   last, min(max(suggested, earliest), last), integer=True),
                         partial(self._inject, chosen))

    def _inject(self, chosen: str, week: float | None) -> None:
        if week is not None:
            self.run_worker(self._act(partial(self.client.inject, chosen, int(week)),
                                      f"Scheduled for week {int(week)}"), group="act")

    def _send(self, text: str | None) -> None:
        if text and text.strip():
            self.run_worker(self._act(partial(self.client.broadcast, text.strip()), "Sent"),
                            group="act")

    async def _act(self, call: Callable[[], Awaitable[int]], done: str) -> None:
        """Run a call to the hub; say how many games heard it, or why it failed."""
        try:
            sent = await call()
        except UserError as exc:
            self.notify(str(exc), title="Not done", severity="error", markup=False)
            return
        self.notify(f"{done}: {sent} game{'s' if sent != 1 else ''} connected.", markup=False)
        self.refresh_status()
