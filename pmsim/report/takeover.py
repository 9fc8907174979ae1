"""Advice from this game: what the player's decisions were worth, measured on its luck.

The game is rewound from its log to the start of each week (`pmsim.rewind`), and the
cautious bot plays on from there with the same luck (common random numbers: the same
true efforts, the same risk draws). The difference between that finish and the
player's is what the player's own decisions from that week on were worth against
sensible play; the week where it is largest is where the game was won or lost, and
the debrief's "next time" starts there instead of a fixed text per dimension.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pmsim.engine.risks import ABSORBED, MITIGATED, RECOVERED
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import week_hours
from pmsim.gamelog import LoadedLog, read_log, replay
from pmsim.policies import SENSIBLE, Policy, get_policy, take_turn
from pmsim.rewind import last_week, rewind
from pmsim.wording import count

BOT = SENSIBLE
"""The bot that takes over: the sensible PM the calibration measures against."""
MARGIN = 3
"""Points under which the bot's finish and the player's count as the same."""


@dataclass(frozen=True)
class Takeover:
    """The cautious bot taking the game over at the start of a week."""

    week: int
    score: int
    """Its final score, playing on from the start of `week` with the game's luck."""
    gain: int
    """`score` minus the player's score: what the player's decisions from `week` on
    cost (positive) or earned (negative) against sensible play."""


@dataclass(frozen=True)
class WeekDecisions:
    """One week's key decisions in the player's game and in the bot's on the same luck."""

    week: int
    yours: tuple[str, ...]
    bot: tuple[str, ...]


@dataclass(frozen=True)
class TakeoverAdvice:
    """The takeovers of one finished game, and what they say."""

    player_score: int
    takeovers: tuple[Takeover, ...]
    beside: tuple[WeekDecisions, ...] = ()
    """The player's key decisions week by week beside the bot's, from the start."""

    @property
    def costliest_week(self) -> tuple[Takeover, int] | None:
        """The week whose decisions cost the most against the bot's: the takeover at its
        start, and the points lost between it and the takeover a week later (the
        player's own finish after the last week); None when no week lost `MARGIN`."""
        best: tuple[Takeover, int] | None = None
        for i, turn in enumerate(self.takeovers):
            later = self.takeovers[i + 1].gain if i + 1 < len(self.takeovers) else 0
            lost = turn.gain - later
            if lost > MARGIN and (best is None or lost > best[1]):
                best = (turn, lost)
        return best

    def sentence(self) -> str:
        """The measured advice, in a sentence or two."""
        if not self.takeovers:
            return ""
        whole = self.takeovers[0]
        if whole.gain <= MARGIN:
            opening = (f"Played by the {BOT} bot from the start, on the same luck, this "
                       f"game scores {whole.score}; you did as well or better "
                       f"({self.player_score}).")
        else:
            opening = (f"Played by the {BOT} bot from the start, on the same luck, this "
                       f"game scores {whole.score}: your decisions cost about "
                       f"{count(whole.gain, 'point')}.")
        worst = self.costliest_week
        if worst is None:
            return opening
        turn, lost = worst
        return (f"{opening} The costliest week was week {turn.week}: the bot taking over at "
                f"its start finishes with {turn.score}, a week later "
                f"{turn.score - lost}; about {count(lost, 'point')} went with what you "
                f"decided (and left undecided) that week. Next time, start there.")


def takeover_advice(log: str | Path | LoadedLog) -> TakeoverAdvice:
    """The bot taking over at the start of every week of the finished game in `log`
    (a `UserError` for an unfinished or unreadable one: see `pmsim.rewind`)."""
    loaded = log if isinstance(log, LoadedLog) else read_log(log)
    if loaded.result is None:
        return TakeoverAdvice(0, ())
    player = int(loaded.result["score"])
    played = replay(loaded)
    runs = takeover_runs(loaded, played)
    scores = [int(sim.outcome().score) for sim in runs]
    out = [Takeover(week, score, score - player) for week, score in enumerate(scores, start=1)]
    beside = decisions_beside(played, runs[0]) if runs else ()
    return TakeoverAdvice(player, tuple(out), beside)


def takeover_runs(loaded: LoadedLog, played: Simulation) -> list[Simulation]:
    """The game (`played`, its log `loaded`) rewound to the start of each week and
    played out by the bot with the same luck: one finished game a week, from week 1."""
    return [played_out(rewind(loaded, week)) for week in range(1, last_week(played) + 1)]


STAFFING_WORDS = (" assigned to ", " taken off ")
"""How the feed words an assignment and an unassignment (gathered on one line a week)."""
KEY_KINDS = ("decision", "change", "board", "scope")
"""Feed kinds that record what the PM decided (or the board decided on it)."""
ANSWERED_RISK = tuple(f"({how})" for how in (RECOVERED, MITIGATED, ABSORBED))
"""How a threat that happened was answered, as its feed line says (a risk's dialog)."""
NOT_DECIDED = ("The board found out by itself",)
"""Lines of the key kinds that no one decided (the board's own discovery of a breach)."""


def _decided(kind: str, text: str) -> bool:
    """Whether a feed line records a decision (the PM's, or the board's on it)."""
    if kind == "risk":
        return any(how in text for how in ANSWERED_RISK)
    return kind in KEY_KINDS and not text.startswith(NOT_DECIDED)


def key_decisions(sim: Simulation) -> dict[int, list[str]]:
    """A game's key decisions by week, in the feed's words (how each threat that happened
    was answered among them); a week's meetings and its assignments each gathered on one
    line, every one named (so the week can be played again by hand from the list)."""
    weeks: dict[int, list[str]] = {}
    gathered: dict[tuple[int, str], list[str]] = {}
    # a working-hours setting repeated unchanged is no news; the game starts at normal hours
    hours = f"Working hours set to {week_hours(1.0, sim.days_per_week):.0f} h a week."
    for event in sim.feed:
        if event.text.startswith("Working hours set to "):
            if event.text == hours:
                continue
            hours = event.text
        if event.kind == "stakeholder" and event.text.startswith("Met "):
            gathered.setdefault((event.week, "Met"), []).append(
                event.text[len("Met "):].split(";")[0].rstrip("."))
        elif event.kind == "decision" and any(w in event.text for w in STAFFING_WORDS):
            gathered.setdefault((event.week, "Staffing"), []).append(
                event.text.rstrip(".").replace(" assigned to ", " to "))
        elif _decided(event.kind, event.text):
            weeks.setdefault(event.week, []).append(event.text)
    for (week, what), items in gathered.items():
        weeks.setdefault(week, []).append(f"{what}: {', '.join(items)}.")
    return weeks


def week_dimensions(loaded: LoadedLog) -> dict[int, dict[str, int]]:
    """What each week's decisions did to each scoring dimension, against the bot's on the
    same luck: the bot taking the game over at the start of the next week, minus at the
    start of this one (after the last week, the game's own finish)."""
    played = replay(loaded)
    finishes = [sim.outcome().to_result()["dimensions"]
                for sim in [*takeover_runs(loaded, played), played]]
    return {week: {name: after[name] - before[name] for name in before}
            for week, (before, after) in enumerate(pairwise(finishes), start=1)}


def decisions_beside(player: Simulation, bot: Simulation) -> tuple[WeekDecisions, ...]:
    """The player's key decisions beside the bot's, for every week either took one."""
    yours, theirs = key_decisions(player), key_decisions(bot)
    return tuple(WeekDecisions(w, tuple(yours.get(w, ())), tuple(theirs.get(w, ())))
                 for w in sorted(set(yours) | set(theirs)))


def played_out(sim: Simulation, policy: Policy | None = None) -> Simulation:
    """`sim` played to its end by the bot (`policy`, when it has already begun)."""
    policy = policy or get_policy(BOT)
    while not sim.finished:
        take_turn(sim, policy)
    return sim
