"""A workshop's decisions side by side, and the branch points where teams parted.

Every team of a workshop plays the same scenario on the same seed, so the same luck: two
games differ only by what the teams decided. For each team this module lists its key
decisions week by week (`pmsim.report.takeover.key_decisions`), and finds the first week
its decisions part from the best-ranked team's. That branch is measured on the team's
own game: rewound to the start of that week (`pmsim.rewind`), once with the team's own
decisions of the week and once with the best team's, then played on by the cautious bot
both times (so only that week's choice differs). The difference is what the other
choice would have been worth in this team's game, on the same luck; a trainer can replay
it by hand with `pmsim play --from LOG --week K`: the other team's decisions of the week,
then `H` hands the game to the bot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.gamelog import LoadedLog, replay
from pmsim.policies import end_week_as_left, get_policy
from pmsim.report.takeover import BOT, MARGIN, key_decisions, played_out, week_dimensions
from pmsim.rewind import rewind
from pmsim.wording import listed, signed

NOTHING = "took no key decision"
"""How a week without key decisions reads in a question."""


@dataclass(frozen=True)
class TeamWeeks:
    """One team's key decisions, by week (only the weeks it took some)."""

    team: str
    weeks: tuple[tuple[int, tuple[str, ...]], ...]
    moved: tuple[tuple[int, tuple[tuple[str, int], ...]], ...] = ()
    """By week, the scoring dimensions the week's decisions moved by `MARGIN` points or
    more against the bot's (`takeover.week_dimensions`); empty when not measured."""

    def of(self, week: int) -> tuple[str, ...]:
        """The team's key decisions in `week` (none: an empty tuple)."""
        return dict(self.weeks).get(week, ())

    def points(self, week: int) -> str:
        """'schedule +4, cost −2': what `week`'s decisions moved, or '' for nothing."""
        return ", ".join(f"{name} {signed(n)}" for name, n in dict(self.moved).get(week, ()))


@dataclass(frozen=True)
class BranchPoint:
    """The first week a team's decisions parted from another's, and its measured worth."""

    week: int
    team: str
    """The team whose game is replayed."""
    other: str
    """The team whose decisions of the week are tried in it."""
    did: tuple[str, ...]
    other_did: tuple[str, ...]
    kept: int
    """The score of the team's game from this week: its own decisions of the week, then
    the cautious bot."""
    swapped: int
    """The same with the other team's decisions of the week instead."""

    @property
    def worth(self) -> int:
        """What the other team's choice would have been worth in this team's game."""
        return self.swapped - self.kept

    def question(self) -> str:
        """A debrief question naming both teams, with the measured worth."""
        did = _words(self.did)
        other = _words(self.other_did)
        worth = ("the same" if abs(self.worth) < 3 else
                 f"{abs(self.worth)} points {'more' if self.worth > 0 else 'fewer'}")
        return (f"Week {self.week}: {self.team} {did}; {self.other} {other}. What did each "
                f"team see that week? Replayed on {self.team}'s game with {self.other}'s "
                f"decisions of that week (the {BOT} bot playing on after both), it scores "
                f"{self.swapped} against {self.kept}: {worth}.")


def short(decision: str) -> str:
    """A key decision in its first clause, without the full stop: "Risk 'Late timber':
    mitigate (150 EUR spent)", not what it changed after."""
    return decision.split("; ")[0].rstrip(".")


def _words(decisions: Sequence[str]) -> str:
    if not decisions:
        return NOTHING
    shown = [short(d) for d in decisions[:3]]
    more = len(decisions) - len(shown)
    return "decided: " + listed(shown + ([f"{more} more"] if more > 0 else []))


def team_weeks(team: str, played: Simulation, log: LoadedLog | None = None) -> TeamWeeks:
    """A replayed game's key decisions by week; with its `log`, what each week's moved in
    each dimension against the bot (the bot plays the game out once a week: slow)."""
    weeks = key_decisions(played)
    moved = week_dimensions(log) if log is not None else {}
    return TeamWeeks(team, tuple((w, tuple(weeks[w])) for w in sorted(weeks)),
                     tuple((w, tuple((k, n) for k, n in moved[w].items() if abs(n) >= MARGIN))
                           for w in sorted(moved)))


def week_actions(played: Simulation, week: int) -> list[dict[str, object]]:
    """The actions a game took in `week` but its advances: the answers to the requests
    that came with it, and the decisions."""
    return [dict(action) for when, action in zip(played.action_weeks, played.actions,
                                                   strict=True)
            if when == week and action.get("action") != "advance"]


def play_on_with(log: LoadedLog, week: int, actions: Sequence[Mapping[str, object]]) -> int:
    """The final score of the game in `log`, rewound to the start of `week`, given
    `actions` for that week (any the game refuses are left out), then played on by the
    cautious bot with the same luck."""
    sim = rewind(log, week)
    for action in actions:
        try:
            sim.perform(action)
        except DecisionError:
            continue  # the other game's request or choice that does not exist in this one
        if sim.finished:
            break
    policy = get_policy(BOT)  # one bot from here on, as a player's hand-over has it
    if not sim.finished:  # the week ends as these actions left it, the bot answering
        end_week_as_left(sim, policy)
    return int(played_out(sim, policy).outcome().score)


def branch_points(logs: Mapping[str, LoadedLog], best: str
                  ) -> tuple[tuple[TeamWeeks, ...], tuple[BranchPoint, ...]]:
    """Each team's key decisions by week, and for each team but `best` the first week
    its decisions part from `best`'s, measured (see the module). Teams in `logs`' order."""
    played = {team: replay(log) for team, log in logs.items()}
    shown = set(list(logs)[:MAX_COLUMNS])  # the side-by-side table's teams are measured
    weeks = {team: team_weeks(team, sim, logs[team] if team in shown else None)
             for team, sim in played.items()}
    points = []
    lead = weeks.get(best)
    for team, mine in weeks.items():
        if lead is None or team == best:
            continue
        last = min(played[team].week, played[best].week)
        week = next((w for w in range(1, last + 1) if mine.of(w) != lead.of(w)), None)
        if week is None:
            continue
        kept = play_on_with(logs[team], week, week_actions(played[team], week))
        swapped = play_on_with(logs[team], week, week_actions(played[best], week))
        points.append(BranchPoint(week, team, best, mine.of(week), lead.of(week), kept,
                                  swapped))
    return tuple(weeks.values()), tuple(points)


MAX_COLUMNS = 8
"""Most teams the side-by-side decisions table shows (the best-ranked first)."""
SIDE_TITLE = "Decisions side by side"
SIDE_NOTE = (
    f"Each week's key decisions, and after ⇒ the scoring dimensions they moved by {MARGIN} "
    f"points or more against the {BOT} bot's decisions of the same week, on the same luck "
    "(the bot taking the game over at the start of that week, then of the next).")
BRANCH_TITLE = "Branch points: where teams parted from the best team"
BRANCH_NOTE = (
    "Every team played the same luck, so two games differ only by decisions. Each branch "
    "is measured on the team's own game, rewound to the start of the week: once with its "
    f"own decisions of that week and once with the best team's, the {BOT} bot playing on "
    "after both. Replay one by hand: pmsim play --from LOG --week K, the other team's "
    "decisions of that week (every one the side-by-side table lists), then H before "
    "ending the week, so the bot ends it as you left it.")


def _cell(team: TeamWeeks, week: int) -> str:
    decided = "; ".join(short(d) for d in team.of(week)) or "–"
    points = team.points(week)
    return f"{decided} ⇒ {points}" if points else decided


def _side_rows(decisions: Sequence[TeamWeeks]) -> tuple[list[str], list[list[str]]]:
    shown = list(decisions[:MAX_COLUMNS])
    weeks = sorted({w for t in shown for w, _ in (*t.weeks, *t.moved) if t.of(w)
                    or t.points(w)})
    rows = [[str(w), *(_cell(t, w) for t in shown)] for w in weeks]
    return ["Week", *(t.team for t in shown)], rows


def markdown_sections(decisions: Sequence[TeamWeeks], branches: Sequence[BranchPoint]
                      ) -> list[str]:
    """The decisions table and the branch points, as Markdown lines."""
    from pmsim.report.markdown import cell, table

    if not decisions:
        return []
    heads, rows = _side_rows(decisions)
    out = [f"## {SIDE_TITLE}", "", cell(SIDE_NOTE), "", *table(heads, rows, right=(0,)), ""]
    if branches:
        out += [f"## {BRANCH_TITLE}", "", cell(BRANCH_NOTE), ""]
        out += [f"{n}. {cell(b.question())}" for n, b in enumerate(branches, start=1)]
        out.append("")
    return out


def html_sections(decisions: Sequence[TeamWeeks], branches: Sequence[BranchPoint]
                  ) -> list[str]:
    """The decisions table and the branch points, as HTML elements."""
    if not decisions:
        return []
    heads, rows = _side_rows(decisions)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    out = [f"<h2>{escape(SIDE_TITLE)}</h2>", f"<p>{escape(SIDE_NOTE)}</p>",
           f'<div class="wide"><table class="figures"><thead><tr>{head}</tr></thead>'
           f"<tbody>{body}</tbody></table></div>"]
    if branches:
        items = "".join(f"<li>{escape(b.question())}</li>" for b in branches)
        out += [f"<h2>{escape(BRANCH_TITLE)}</h2>", f"<p>{escape(BRANCH_NOTE)}</p>",
                f'<ol class="questions">{items}</ol>']
    return out
