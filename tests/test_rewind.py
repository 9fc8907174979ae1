"""Rewind: a game's log replayed to the start of week K is the original game as it stood
then — same figures, tasks, money and pending requests — and playing on with the same
decisions ends the same way; other decisions make another game with the same luck."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.engine.view import PlayerView
from pmsim.errors import UserError
from pmsim.gamelog import GameLogWriter, read_log, replay
from pmsim.policies import Policy, get_policy, take_turn
from pmsim.policies.base import answer_pending
from pmsim.rewind import at_week_start, last_week, rewind
from pmsim.scenario import DEFAULT_SCENARIO, load_scenario

SEED = 8
"""The cautious bot on this seed meets a request raised at the end of week 3."""


def turn(sim: Simulation, policy: Policy, snap: Callable[[], None]) -> None:
    """`take_turn`, with a look at the game at each start of a week: before the week's
    decisions, and right after the advance that closes a week (requests still pending)."""
    snap()
    if not sim.week_started:
        for decision in policy.decide(sim.view()):
            try:
                sim.apply(decision)
            except DecisionError:  # take_turn skips refused decisions too
                continue
            if sim.finished:
                return
        answer_pending(sim, policy)
        if sim.finished:
            return
    report = sim.advance()
    snap()
    if report.pending:
        answer_pending(sim, policy)


class Game:
    """A bot's whole game, logged, with the view at the start of every week."""

    def __init__(self, folder: Path, policy: str = "cautious", seed: int = SEED) -> None:
        self.sim = Simulation(load_scenario(DEFAULT_SCENARIO), seed)
        self.starts: dict[int, tuple[PlayerView, int]] = {}
        """week → (the view, how many actions had been taken) at its start."""
        self.path = folder / f"{policy}-{seed}.jsonl"
        writer = GameLogWriter()
        writer.start(self.path, self.sim, DEFAULT_SCENARIO, "Blue")
        bot = get_policy(policy)
        while not self.sim.finished:
            turn(self.sim, bot, self._snap)
        writer.finish(self.sim)

    def _snap(self) -> None:
        sim = self.sim
        if at_week_start(sim, sim.week) and sim.week not in self.starts:
            self.starts[sim.week] = (sim.view(), len(sim.actions))


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory) -> Game:
    return Game(tmp_path_factory.mktemp("rewind"))


def test_the_bot_game_is_the_one_take_turn_plays(game: Game) -> None:
    """The instrumented turn above plays exactly as `take_turn` does."""
    sim = Simulation(load_scenario(DEFAULT_SCENARIO), SEED)
    bot = get_policy("cautious")
    while not sim.finished:
        take_turn(sim, bot)
    assert sim.actions == game.sim.actions
    assert sorted(game.starts) == list(range(1, last_week(game.sim) + 1))


def weeks_to_check(game: Game) -> list[int]:
    """The first, second and last week, a week that starts with requests pending, and a
    few in between."""
    weeks = sorted(game.starts)
    with_requests = [w for w in weeks if game.starts[w][0].pending]
    assert with_requests, "pick a seed with a request raised at the end of a week"
    return sorted({1, 2, weeks[len(weeks) // 2], weeks[-1], with_requests[0],
                   *weeks[3::6]})


def test_rewind_reproduces_the_start_of_each_week(game: Game) -> None:
    for week in weeks_to_check(game):
        view, taken = game.starts[week]
        sim = rewind(game.path, week)
        assert sim.week == week and not sim.week_started and not sim.finished
        assert sim.actions == game.sim.actions[:taken]
        again = sim.view()
        assert (again.week, again.day, again.attention_left) == (
            view.week, view.day, view.attention_left)
        assert again.money == view.money and again.metrics == view.metrics
        assert again.tasks == view.tasks and again.people == view.people
        assert [r.id for r in again.pending] == [r.id for r in view.pending]
        assert again.pending == view.pending
        assert again == view  # and everything else the player sees


def test_same_decisions_from_week_k_give_the_same_outcome(game: Game) -> None:
    actions = read_log(game.path).actions
    expected = game.sim.outcome().to_result()
    for week in (1, *weeks_to_check(game)[1::2]):
        sim = rewind(game.path, week)
        for action in actions[len(sim.actions):]:
            sim.perform(action)
        assert sim.finished and sim.outcome().to_result() == expected


def test_other_decisions_from_week_k_meet_the_same_luck(game: Game) -> None:
    week = 6
    branch = rewind(game.path, week)
    reckless = get_policy("reckless")
    while not branch.finished:
        take_turn(branch, reckless)
    original = game.sim
    taken = game.starts[week][1]
    assert branch.actions[:taken] == original.actions[:taken]
    assert branch.actions[taken:] != original.actions[taken:]
    assert branch.outcome().to_result() != original.outcome().to_result()
    # the same dice: true efforts, every risk's weekly draws, every other chance draw
    assert {t: s.true_effort for t, s in branch.tasks.items()} == {
        t: s.true_effort for t, s in original.tasks.items()}
    for risk_id, state in original.risks.items():
        assert (branch.risks[risk_id].uniforms == state.uniforms).all()
    assert branch.seed == original.seed
    # the weeks before the branch happened exactly as they did
    before = [w for w in branch.view().weeks if w.week < week]
    assert before == [w for w in original.view().weeks if w.week < week]
    assert len(before) == week - 1


def test_week_1_is_the_start_of_the_game(game: Game) -> None:
    sim = rewind(game.path, 1)
    assert sim.actions == [] and sim.week == 1
    assert sim.view() == game.starts[1][0]


@pytest.mark.parametrize("week", [0, -3])
def test_weeks_before_1_are_refused(game: Game, week: int) -> None:
    with pytest.raises(UserError, match="weeks count from 1"):
        rewind(game.path, week)


def test_weeks_after_the_last_are_refused(game: Game) -> None:
    last = last_week(game.sim)
    assert rewind(game.path, last).week == last
    with pytest.raises(UserError, match=f"ended in week {last}.*from 1 to {last}"):
        rewind(game.path, last + 1)


def test_an_unfinished_game_rewinds_up_to_where_it_stops(game: Game, tmp_path: Path) -> None:
    lines = game.path.read_text(encoding="utf-8").splitlines(keepends=True)
    taken = game.starts[9][1]
    cut = tmp_path / "unfinished.jsonl"
    cut.write_text("".join(lines[:1 + taken]), encoding="utf-8")  # header + actions
    assert replay(cut).week == 9
    assert rewind(cut, 9).view() == game.starts[9][0]
    with pytest.raises(UserError, match="stops in week 9"):
        rewind(cut, 10)


def test_rewinding_leaves_the_log_untouched(game: Game) -> None:
    before = game.path.read_bytes()
    rewind(game.path, 4)
    assert game.path.read_bytes() == before
