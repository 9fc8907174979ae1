"""What-if previews from real futures: a decision's effect on the game itself.

Before taking a decision, a player may ask what it would do. The engine plays the game
on from now many times (`futures`), each under fresh luck of its own for everything not
yet known (`pmsim.engine.futures.reseed`: true efforts, risk draws, resignations), once
without the decision and once with it, the cautious bot playing on after the player's
week. Future number n meets the same luck with and without the decision (common random
numbers), so the difference between the two is the decision's.

The game is never touched: each future is a replica rebuilt from the game's actions on
the same scenario and seed, and the futures' streams are their own. Equal inputs give
equal previews, in any process. No user-interface imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pmsim.engine.decisions import Decision, DecisionError, decision_from_dict
from pmsim.engine.futures import reseed
from pmsim.engine.outlook import percentiles
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import money_text
from pmsim.errors import UserError
from pmsim.executors import Executor
from pmsim.policies import end_week_as_left, get_policy, take_turn
from pmsim.scenario.schema import Scenario
from pmsim.wording import count

FUTURES = 30
"""Futures played with and without the decision, by default (60 games in all)."""
BOT = "cautious"
"""The bot that plays each future on after the player's week."""
MAX_FUTURES = 1000
"""The most futures one preview plays."""


@dataclass(frozen=True)
class Future:
    """How one future ended."""

    score: int
    on_time: bool
    cost: float
    finish_week: int


@dataclass(frozen=True)
class Futures:
    """The futures of one branch (with or without the decision), in future order."""

    played: tuple[Future, ...]

    @property
    def p_on_time(self) -> float:
        """Share of the futures finished by the deadline."""
        return sum(f.on_time for f in self.played) / len(self.played)

    @property
    def mean_cost(self) -> float:
        """Expected cost at the end."""
        return sum(f.cost for f in self.played) / len(self.played)

    @property
    def mean_score(self) -> float:
        """Expected final score."""
        return sum(f.score for f in self.played) / len(self.played)

    def score_range(self) -> tuple[float, float, float]:
        """The score's P10, P50 and P90 over the futures."""
        p10, p50, p90 = percentiles(np.array([f.score for f in self.played], dtype=float),
                                    (0.1, 0.5, 0.9))
        return p10, p50, p90


@dataclass(frozen=True)
class WhatIf:
    """A decision's futures beside the futures without it."""

    week: int
    decision: dict[str, object]
    """The decision, as the game log writes it."""
    without: Futures
    with_it: Futures

    @property
    def score_gain(self) -> float:
        """Expected points the decision adds (negative: it costs)."""
        return self.with_it.mean_score - self.without.mean_score

    def lines(self, currency: str) -> list[str]:
        """The preview in plain lines, the two branches side by side (the TUI and
        `pmsim whatif` show it)."""
        def cells(f: Futures) -> list[str]:
            p10, p50, p90 = f.score_range()
            return [f"{f.p_on_time:.0%}", money_text(f.mean_cost, currency),
                    f"{p10:.0f}–{p90:.0f} ({p50:.0f})"]

        rows = zip(("On time", "Expected cost", "Score P10–P90 (P50)"), cells(self.without),
                   cells(self.with_it), strict=True)
        n = len(self.without.played)
        gain = self.score_gain
        verdict = (f"about the same score with it ({gain:+.1f} points on average)"
                   if abs(gain) < 2 else
                   f"{abs(gain):.0f} points {'more' if gain > 0 else 'fewer'} on average "
                   "with it")
        return [f"{count(n, 'future')} from week {self.week}, each under fresh luck (the true "
                f"sizes stay hidden), the {BOT} bot playing on after your week:",
                f"{'':<20} {'without':>18} {'with it':>18}",
                *(f"{name:<20} {a:>18} {b:>18}" for name, a, b in rows),
                f"Expected: {verdict}.",
                "Unlike the forecast, futures count the risks and the bot's later decisions."]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape `pmsim whatif --json` prints."""
        def branch(f: Futures) -> dict[str, Any]:
            p10, p50, p90 = f.score_range()
            return {"p_on_time": round(f.p_on_time, 4), "mean_cost": round(f.mean_cost, 2),
                    "mean_score": round(f.mean_score, 2),
                    "score": {"p10": p10, "p50": p50, "p90": p90}}

        return {"week": self.week, "decision": self.decision, "futures": len(self.without.played),
                "without": branch(self.without), "with": branch(self.with_it),
                "score_gain": round(self.score_gain, 2)}


def play_future(scenario: Scenario, seed: int, actions: Sequence[Mapping[str, object]],
                decision: Mapping[str, object] | None, future: int) -> tuple[int, bool, Future]:
    """One future: the game rebuilt from `actions`, fresh luck number `future` from now,
    `decision` taken (None: not), the week ended as the player left it, then the bot.
    Returns (future, with the decision?, how it ended). Module-level: worker processes
    call it."""
    sim = Simulation(scenario, seed)
    for action in actions:
        sim.perform(action)
    reseed(sim, future)
    if decision is not None:
        sim.apply(decision_from_dict(decision))
    policy = get_policy(BOT)
    if not sim.finished:  # the week's decisions are the player's: the bot adds none
        end_week_as_left(sim, policy)
    while not sim.finished:
        take_turn(sim, policy)
    out = sim.outcome()
    return future, decision is not None, Future(out.score, out.on_time, out.cost,
                                                out.finish_week)


def what_if(scenario: Scenario, seed: int, actions: Sequence[Mapping[str, object]],
            decision: Decision, futures: int = FUTURES, executor: Executor | None = None,
            on_progress: Callable[[int, int], None] | None = None,
            on_partial: tuple[int, Callable[[WhatIf], None]] | None = None) -> WhatIf:
    """The game of `scenario` and `seed` after `actions`, played on `futures` times with
    and without `decision` (see the module). `on_progress(done, total)` hears of each
    game played; `on_partial = (every, show)` is shown the preview of the first futures
    each time `every` more of them have ended both ways (a first answer while the rest
    play). Raises `UserError` when the engine would refuse the decision now or the
    number of futures is out of range."""
    if isinstance(futures, bool) or not 1 <= futures <= MAX_FUTURES:
        raise UserError(f"a what-if plays 1 to {MAX_FUTURES} futures, not {futures!r}.")
    game = Simulation(scenario, seed)
    for action in actions:
        game.perform(action)
    if game.finished:
        raise UserError("the game is over: there is no future to preview.")
    try:
        game.check(decision)
    except DecisionError as exc:
        raise UserError(f"the engine would refuse that decision now: {exc}") from None
    taken = decision.to_dict()
    plain = [dict(a) for a in actions]
    calls = [(scenario, seed, plain, choice, n) for n in range(futures)
             for choice in (None, taken)]
    ran = (executor.run(play_future, calls) if executor is not None
           else (play_future(*call) for call in calls))
    ended: dict[tuple[int, bool], Future] = {}
    shown = 0
    for n, with_it, future in ran:
        ended[(n, with_it)] = future
        if on_progress is not None:
            on_progress(len(ended), len(calls))
        if on_partial is not None:
            paired = _paired(ended, futures)
            if paired < futures and paired - shown >= on_partial[0]:
                shown = paired
                on_partial[1](_preview(game.week, taken, ended, paired))
    return _preview(game.week, taken, ended, futures)


def _paired(ended: Mapping[tuple[int, bool], Future], futures: int) -> int:
    """How many of the first futures have ended both ways."""
    return next((n for n in range(futures)
                 if (n, False) not in ended or (n, True) not in ended), futures)


def _preview(week: int, taken: dict[str, object], ended: Mapping[tuple[int, bool], Future],
             futures: int) -> WhatIf:
    """The preview of the first `futures` futures."""
    return WhatIf(week, taken, Futures(tuple(ended[(n, False)] for n in range(futures))),
                  Futures(tuple(ended[(n, True)] for n in range(futures))))
