"""The adversarial suite: the cautious bot with degenerate habits, for calibration.

Each policy here is `CautiousPolicy` plus one or more *habits*; with no habit it plays
exactly like the cautious bot, so on the same seed a difference in score is the habit's.
`pmsim calibrate` plays the suite on the cautious bot's seeds: a scenario is balanced
only if no habit beats the bot (see `pmsim.calibrate`). They are not offered to players
(`pmsim.policies.POLICIES`); `policy_by_name` builds any of them, or a player bot.

The habits:
- `repeat-<kind>` for every decision kind in the rule registry (so a new kind is in the
  suite without an edit here): that decision, several times a week (once in each of
  `ROUNDS` rounds: the bot decides, hears the answers, and acts again, as a human at
  the keyboard can), after the bot's own decisions, with the hours left. The decision
  is the kind's candidate (the random bot's list, or the rule's `candidates(view)`) in
  turn; a few kinds have a sharper choice (`SHARP`): meeting spam (every powerful
  stakeholder, every round), deadline creep (as many weeks as allowed, up to the hard
  stop), repeated exceptions, all the contingency, all the management reserve, the
  longest weeks allowed.
- `reserve-grab` (both reserves taken in week 1, and whatever is left later),
  `escalate-everything` (every risk that can be escalated, as soon as it is known).
- combinations: `all-tricks` (meeting spam, reserve grab, escalate-everything,
  deadline creep and repeated exceptions together) and any `combo:a+b+…` of single
  habits, drawn by `random_combos` from a seed (same seed, same combinations).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pmsim.engine import board
from pmsim.engine import decisions as d
from pmsim.engine.rng import named_stream
from pmsim.engine.rules import all_rules, rule_by_kind
from pmsim.engine.view import PlayerView
from pmsim.errors import UserError
from pmsim.policies.base import Policy
from pmsim.policies.cautious import CautiousPolicy
from pmsim.policies.random_policy import RandomPolicy

ROUNDS = 3
"""Rounds of decisions a week: a habit acts once in each (so "several times a week")."""
POWERFUL = 0.5
"""Meeting spam meets the stakeholders with at least this power."""
COMBO = "combo:"
"""Prefix of a combination's name: `combo:` and the habits' ids joined by `+`."""
NOT_SEARCHED = frozenset({"repeat-recommend_closure"})
"""Habits left out of the random search (closing in week 1 ends every combination)."""

Moves = Callable[[PlayerView, int], list[d.Decision]]
"""A habit's decisions in a week's round (0 is the bot's own round)."""


@dataclass(frozen=True)
class Habit:
    """One degenerate habit: what it does each round of a week."""

    id: str
    label: str
    """What it does, in words for a table."""
    moves: Moves
    first: bool = False
    """Its round-0 decisions go before the bot's own (else after them, with the hours
    the bot left)."""

    @property
    def short(self) -> str:
        """A few words for it in a combination: the label up to its colon or comma."""
        return re.split(r"[:,(]", self.label, maxsplit=1)[0].strip()


# --------------------------------------------------------------------------- choices
def kind_candidates(view: PlayerView, kind: str) -> list[d.Decision]:
    """The decisions of a kind that may be valid now: the random bot's list (which
    takes a kind it does not know from its rule's `candidates(view)`), else the rule's
    own (closing the project, which the random bot only rarely picks)."""
    pool = [x for x in RandomPolicy().candidates(view) if x.kind == kind]
    rule = rule_by_kind(kind)
    return pool or (rule.candidates(view) if rule is not None else [])


def _in_turn(kind: str) -> Moves:
    """One candidate of the kind a round, each in turn over the weeks and rounds."""
    def moves(view: PlayerView, round_: int) -> list[d.Decision]:
        pool = kind_candidates(view, kind)
        return [pool[(view.week * ROUNDS + round_) % len(pool)]] if pool else []
    return moves


def meeting_spam(view: PlayerView, round_: int) -> list[d.Decision]:
    """Every powerful stakeholder, most powerful first."""
    return [d.MeetStakeholder(s.id)
            for s in sorted(view.stakeholders, key=lambda s: -s.power) if s.power >= POWERFUL]


def deadline_creep(view: PlayerView, round_: int) -> list[d.Decision]:
    """As many weeks as one request may ask for, up to the hard stop."""
    most = int(getattr(board, "MAX_DEADLINE_WEEKS", 4))
    weeks = min(most, view.hard_stop_week - view.deadline_week)
    return [d.NegotiateDeadline(weeks)] if weeks >= 1 else []


def exceptions(view: PlayerView, round_: int) -> list[d.Decision]:
    """An exception report whenever a tolerance is forecast to break."""
    return [d.RaiseException()] if view.breaches else []


def all_contingency(view: PlayerView, round_: int) -> list[d.Decision]:
    """Every euro of contingency left, into the budget."""
    left = view.money.contingency_left
    return [d.DrawContingency(round(left - 0.005, 2))] if left > 1 else []


def all_reserve(view: PlayerView, round_: int) -> list[d.Decision]:
    """A request for all the management reserve left."""
    left = view.money.reserve_left
    return [d.RequestReserve(round(left - 0.005, 2))] if left > 1 else []


def longest_weeks(view: PlayerView, round_: int) -> list[d.Decision]:
    """The most overtime the scenario allows."""
    return [d.SetOvertime(view.max_overtime)]


def escalate_all(view: PlayerView, round_: int) -> list[d.Decision]:
    """Escalate every open risk that has an escalation response and none yet."""
    return [d.RespondToRisk(r.id, "escalate") for r in view.risks
            if "escalate" in r.responses and r.response is None and not r.closed]


def _first_round_only(moves: Moves) -> Moves:
    """The moves in round 0 only (a grab, not a loop of requests within the week)."""
    return lambda view, round_: moves(view, round_) if round_ == 0 else []


SHARP: dict[str, tuple[str, Moves, bool]] = {
    d.MeetStakeholder.kind: ("meeting spam: every powerful stakeholder, every round", meeting_spam,
                             False),
    d.NegotiateDeadline.kind: ("deadline creep: the most weeks allowed, up to the hard stop",
                               deadline_creep, True),
    d.RaiseException.kind: ("repeated exceptions: one every round while a tolerance breaks",
                            exceptions, True),
    d.DrawContingency.kind: ("contingency grab: all the contingency left, at once",
                             all_contingency, True),
    d.RequestReserve.kind: ("reserve requests: all the management reserve left, every round",
                            all_reserve, True),
    d.SetOvertime.kind: ("long weeks: the most overtime allowed, every week", longest_weeks,
                         False),
}
"""Kinds whose repetition has a sharper form than "each candidate in turn": kind →
(label, moves, first)."""


# --------------------------------------------------------------------------- habits
def repeat_habits() -> list[Habit]:
    """One `repeat-<kind>` habit per registered decision kind, in menu order."""
    out = []
    for rule in all_rules():
        label, moves, first = SHARP.get(
            rule.kind, (f"{rule.menu.lower()}, several times a week", _in_turn(rule.kind),
                        False))
        out.append(Habit(f"repeat-{rule.kind}", label, moves, first))
    return out


def named_habits() -> list[Habit]:
    """The habits that are not one kind repeated."""
    return [
        Habit("reserve-grab", "reserve grab: both reserves in week 1 (and what is left later)",
              _first_round_only(lambda v, r: all_contingency(v, r) + all_reserve(v, r)),
              first=True),
        Habit("escalate-everything", "escalate everything: every risk it can, when known",
              escalate_all, first=True),
    ]


def single_habits() -> dict[str, Habit]:
    """Every single habit by id (read from the registry each time)."""
    return {h.id: h for h in [*repeat_habits(), *named_habits()]}


COMBINATIONS: dict[str, tuple[str, ...]] = {
    "all-tricks": ("repeat-meet", "reserve-grab", "escalate-everything",
                   "repeat-negotiate_deadline", "repeat-raise_exception"),
    "goodwill-farm": ("repeat-meet", "repeat-raise_exception", "repeat-steering"),
}
"""Named combinations: the tricks of issue 11 together, and the ways to buy goodwill."""


# --------------------------------------------------------------------------- policy
class AdversarialPolicy(CautiousPolicy):
    """The cautious bot with some degenerate habits."""

    def __init__(self, name: str, habits: Iterable[Habit]) -> None:
        super().__init__()
        self.name = name
        self.habits = tuple(habits)

    def decide(self, view: PlayerView) -> list[d.Decision]:
        """The habits' first moves, the bot's decisions, then the habits' other moves."""
        own = super().decide(view)
        front = [x for h in self.habits if h.first for x in h.moves(view, 0)]
        back = [x for h in self.habits if not h.first for x in h.moves(view, 0)]
        if own and isinstance(own[0], d.SetReporting):
            return [own[0], *front, *own[1:], *back]  # reporting first: it sets the hours
        return [*front, *own, *back]

    def decide_again(self, view: PlayerView, round_: int) -> list[d.Decision]:
        """The bot's own second look, then the habits' moves in a later round of the
        week (none after `ROUNDS`)."""
        if round_ >= ROUNDS:
            return []
        own = super().decide_again(view, round_)
        return [*own, *(x for h in self.habits for x in h.moves(view, round_))]


def combo_name(habit_ids: Iterable[str]) -> str:
    """The name of a combination of single habits."""
    return COMBO + "+".join(habit_ids)


def policy_by_name(name: str) -> Policy:
    """A fresh policy: an adversarial one by its name, else a player bot (`get_policy`)."""
    from pmsim.policies import get_policy

    singles = single_habits()
    if name in singles:
        return AdversarialPolicy(name, [singles[name]])
    ids = COMBINATIONS.get(name)
    if ids is None and name.startswith(COMBO):
        ids = tuple(name[len(COMBO):].split("+"))
    if ids is not None:
        unknown = [i for i in ids if i not in singles]
        if unknown:
            raise UserError(f"unknown habit(s) {', '.join(unknown)} in '{name}'")
        return AdversarialPolicy(name, [singles[i] for i in ids])
    return get_policy(name)


def is_adversarial(name: str) -> bool:
    """Whether the name is one of this suite's (a single habit or a combination)."""
    return name in single_habits() or name in COMBINATIONS or name.startswith(COMBO)


def random_combos(seed: int, count: int, sizes: tuple[int, int] = (2, 4)) -> list[str]:
    """`count` distinct combinations of `sizes[0]`…`sizes[1]` single habits, drawn from
    the seed (the same seed gives the same combinations); habits in menu order."""
    pool = [h for h in single_habits() if h not in NOT_SEARCHED]
    rng = named_stream(seed, "adversarial:search")
    out: list[str] = []
    for _ in range(100 * max(count, 1)):
        if len(out) >= count:
            break
        size = int(rng.integers(sizes[0], sizes[1] + 1))
        picks = sorted(int(i) for i in rng.choice(len(pool), size=size, replace=False))
        name = combo_name(pool[i] for i in picks)
        if name not in out:
            out.append(name)
    return out


def suite(search: int = 3, search_seed: int = 0) -> list[str]:
    """The policies calibration plays: every single habit, the named combinations, and
    `search` random combinations drawn from `search_seed`."""
    return [*single_habits(), *COMBINATIONS, *random_combos(search_seed, search)]


def describe(name: str) -> str:
    """What a policy of the suite does, in words."""
    singles = single_habits()
    if name in singles:
        return singles[name].label
    ids = COMBINATIONS.get(name) or (tuple(name[len(COMBO):].split("+"))
                                     if name.startswith(COMBO) else ())
    return " + ".join(singles[i].short for i in ids if i in singles) or name
