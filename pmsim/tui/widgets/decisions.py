"""A workshop's decisions side by side and its branch points, under the leaderboard.

Every team played the same luck, so the teams' games differ only by what they decided:
week by week, each ranked team's key decisions, then the branch points where a team's
decisions first parted from the best team's, each with its replayed worth and a debrief
question (`pmsim.report.branches`, the same as `pmsim report --workshop`). Replaying the
branches takes a few seconds for a full room, so it runs in a worker thread once the
ranking shows. Team names and decisions come from the store: plain text only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.message import Message

from pmsim.report.branches import (
    BRANCH_NOTE,
    BRANCH_TITLE,
    SIDE_NOTE,
    SIDE_TITLE,
    BranchPoint,
    TeamWeeks,
    short,
)
from pmsim.results import Entry
from pmsim.tui.format import c
from pmsim.tui.plain import Static

NONE = "–"
"""A team's entry for a week it took no key decision in."""


def decisions_text(decisions: Sequence[TeamWeeks], branches: Sequence[BranchPoint]) -> Text:
    """The teams' key decisions week by week (a line per decision under each team, so
    it reads at any width), then the branch points as numbered questions."""
    out = Text()
    if not decisions:
        return out
    out.append(f"{SIDE_TITLE}\n", style="bold")
    out.append(f"{SIDE_NOTE}\n", style=c("muted"))
    for week in sorted({w for t in decisions for w, _ in (*t.weeks, *t.moved)
                        if t.of(w) or t.points(w)}):
        out.append(f"Week {week}\n", style=c("accent"))
        for team in decisions:
            out.append(f"  {team.team}", style="bold")
            if not team.of(week):
                out.append(f"  {NONE}\n", style=c("muted"))
                if team.points(week):
                    out.append(f"    ⇒ {team.points(week)}\n", style=c("muted"))
                continue
            out.append("\n")
            for decision in team.of(week):
                out.append(f"    · {short(decision)}\n")
            if team.points(week):
                out.append(f"    ⇒ {team.points(week)}\n", style=c("muted"))
    if branches:
        out.append(f"\n{BRANCH_TITLE}\n", style="bold")
        out.append(f"{BRANCH_NOTE}\n", style=c("muted"))
        for n, branch in enumerate(branches, start=1):
            out.append(f"{n}. {branch.question()}\n")
    return out


class DecisionsPanel(Static):
    """The decisions and branch points of a workshop's ranked teams (empty until shown,
    and for fewer than two teams)."""

    @dataclass
    class Ready(Message):
        """The text to show, once the branches are replayed."""

        text: Text

    def show_for(self, ranked: Sequence[Entry]) -> None:
        """Work out and show the panel for these ranked entries (best first)."""
        if len(ranked) < 2:
            self.update("")
            return
        self.update(Text("Decisions side by side: replaying the branch points…",
                         style=c("muted")))
        self.replay(tuple(ranked))

    @work(thread=True, exclusive=True, group="branches", exit_on_error=False)
    def replay(self, ranked: tuple[Entry, ...]) -> None:
        from pmsim.report.workshop_summary import decisions_and_branches

        decisions, branches = decisions_and_branches(ranked)
        self.post_message(self.Ready(decisions_text(decisions, branches)))

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        self.update(message.text)
