"""The `Policy` protocol and the loop that lets a policy play a whole game.

A policy sees only the `PlayerView` — exactly what a human player sees — and answers
with decisions at the start of each week and with an option for each request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pmsim.engine.decisions import Decision, DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.scenario.schema import Scenario


class Policy(Protocol):
    """A bot player."""

    name: str

    def decide(self, view: PlayerView) -> list[Decision]:
        """Decisions to take at the start of the week shown in `view`."""
        ...

    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        """The option chosen for a pending request."""
        ...


def take_turn(sim: Simulation, policy: Policy) -> None:
    """Let the policy play one step: its weekly decisions, then advance and answer."""
    if not sim.week_started:
        if not _play_round(sim, policy, policy.decide(sim.view())):
            return
        _act_again(sim, policy)
        if sim.finished:
            return
    report = sim.advance()
    if report.pending:
        answer_pending(sim, policy)


MAX_ROUNDS = 10
"""At most this many rounds of decisions a week for a policy that acts again."""


def _act_again(sim: Simulation, policy: Policy) -> None:
    """Later rounds of the week, for a policy with `decide_again(view, round)` (as a
    human at the keyboard can: decide, hear the answers, decide again); of the player
    bots only cautious has one. A round with no decisions ends the week's rounds."""
    again = getattr(policy, "decide_again", None)
    if again is None:
        return
    for round_ in range(1, MAX_ROUNDS):
        decisions = again(sim.view(), round_)
        if not decisions or not _play_round(sim, policy, decisions):
            return


def _play_round(sim: Simulation, policy: Policy, decisions: list[Decision]) -> bool:
    """Apply a round's decisions (one the state no longer allows is skipped: a bot may
    propose it) and answer the requests they raise; False once the game is over."""
    for decision in decisions:
        try:
            sim.apply(decision)
        except DecisionError:
            continue
        if sim.finished:
            return False
    answer_pending(sim, policy)
    return not sim.finished


def answer_pending(sim: Simulation, policy: Policy) -> None:
    """Answer every pending request, falling back to the default if refused."""
    while sim.pending and not sim.finished:
        request = next(iter(sim.pending.values()))
        option = policy.answer(sim.view(), request)
        try:
            sim.answer(request.id, option)
        except DecisionError:
            sim.answer(request.id, request.default)


def end_week_as_left(sim: Simulation, policy: Policy) -> None:
    """End the current week as the player left it, the policy answering the requests
    that come but deciding nothing of its own: how a player hands a game over to a bot
    mid-week, and how a branch point's replay plays on after a week's decisions. From
    the next week `take_turn` plays as usual."""
    answer_pending(sim, policy)
    if not sim.finished and sim.advance().pending:
        answer_pending(sim, policy)


def play_game(
    scenario: Scenario, seed: int, policy: Policy,
    on_start: Callable[[Simulation], None] | None = None,
) -> Simulation:
    """Play a whole game with a policy and return the finished simulation."""
    sim = Simulation(scenario, seed)
    if on_start is not None:
        on_start(sim)
    while not sim.finished:
        take_turn(sim, policy)
    return sim
