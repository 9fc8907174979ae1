"""What-if previews: futures under fresh luck that never tell the game's hidden sizes."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from pmsim.engine import decisions as d
from pmsim.engine.draws import expected_effort
from pmsim.engine.futures import reseed
from pmsim.engine.simulation import Simulation
from pmsim.errors import UserError
from pmsim.executors import LocalPool
from pmsim.policies import get_policy, take_turn
from pmsim.scenario import load_scenario
from pmsim.scenario.schema import Scenario
from pmsim.whatif import what_if

SCENARIO = load_scenario("tutorial")


def _at_week(week: int, seed: int = 1, scenario: Scenario = SCENARIO) -> Simulation:
    """The tutorial (or `scenario`) played by the cautious bot to the start of `week`."""
    sim = Simulation(scenario, seed)
    policy = get_policy("cautious")
    while sim.week < week or sim.week_started:
        take_turn(sim, policy)
    return sim


def test_a_future_does_not_meet_the_games_true_efforts() -> None:
    """A task nobody has started gets a fresh effort from its estimate in every future:
    the futures' efforts spread as the estimate does, and none is the game's own."""
    game = _at_week(2)
    waiting = next(t for t in game.tasks.values() if t.status == "waiting" and t.done == 0)
    efforts = []
    for n in range(40):
        future = _at_week(2)
        reseed(future, n)
        efforts.append(future.tasks[waiting.id].true_effort)
    assert waiting.true_effort not in efforts
    assert len(set(efforts)) == len(efforts)
    spec = waiting.spec
    assert spec.optimistic <= min(efforts) and max(efforts) <= spec.pessimistic
    expected = expected_effort(spec, SCENARIO.model.effort_distribution)
    spread = (spec.pessimistic - spec.optimistic) / 2
    assert abs(statistics.mean(efforts) - expected) < spread


def test_a_started_task_is_never_finished_by_its_fresh_effort() -> None:
    """The player knows the work done did not finish a started task: every future's
    effort for it is more than the work done (`TRIES`, then the overrun fallback)."""
    game = _at_week(4)
    active = [t for t in game.tasks.values() if t.status == "active" and t.done > 0]
    assert active
    for n in range(20):
        future = _at_week(4)
        reseed(future, n)
        for t in active:
            assert future.tasks[t.id].work_total > t.done
            assert future.tasks[t.id].done == t.done


def test_the_past_stays_as_it_was() -> None:
    """Risk draws of weeks already played are the game's; later ones the future's own."""
    game = _at_week(3)
    future = _at_week(3)
    reseed(future, 0)
    for rid, r in game.risks.items():
        mine = np.asarray(future.risks[rid].uniforms)
        assert np.array_equal(mine[:3], np.asarray(r.uniforms)[:3])
        assert not np.array_equal(mine[3:], np.asarray(r.uniforms)[3:])
    assert future.luck.uniform("resign:x", 2) == game.luck.uniform("resign:x", 2)
    assert future.luck.uniform("resign:x", 3) != game.luck.uniform("resign:x", 3)


def test_a_preview_is_the_same_every_time_and_leaves_the_game_alone() -> None:
    portal = load_scenario("portal-launch")
    game = _at_week(3, 3, portal)
    before = list(game.actions)
    candidate = game.view().candidates[0].id
    first = what_if(portal, 3, game.actions, d.Hire(candidate), futures=3)
    again = what_if(portal, 3, game.actions, d.Hire(candidate), futures=3)
    assert first.to_dict() == again.to_dict()
    assert game.actions == before
    assert first.week == 3 and len(first.with_it.played) == 3
    assert first.decision == {"kind": "hire", "candidate": candidate}
    # the two branches met the same luck: the hire's cost shows in every future
    assert all(w.cost != o.cost for w, o in zip(first.with_it.played, first.without.played,
                                                 strict=True))


def test_a_pool_of_processes_gives_the_same_preview() -> None:
    game = _at_week(2)
    decision = d.SetOvertime(1.1)
    alone = what_if(SCENARIO, 1, game.actions, decision, futures=2)
    seen: list[tuple[int, int]] = []
    with LocalPool(2) as pool:
        pooled = what_if(SCENARIO, 1, game.actions, decision, futures=2, executor=pool,
                         on_progress=lambda done, total: seen.append((done, total)))
    assert pooled.to_dict() == alone.to_dict()
    assert seen[-1] == (4, 4) and len(seen) == 4


def test_a_pool_closed_while_a_preview_plays_lets_it_end_quietly() -> None:
    """The app closes its pool when it ends, maybe while a dialog's thread still reads a
    preview's futures: the reader then stops without an error of the pool's own."""
    pool = LocalPool(1)
    futures = pool.run(abs, [(-1,), (-2,), (-3,)])
    assert next(futures) in (1, 2, 3)
    pool.close()
    futures.close()  # GeneratorExit in the reader, after the pool is gone
    assert pool._pool is None


def test_a_refused_decision_or_a_finished_game_has_no_preview() -> None:
    game = _at_week(2)
    with pytest.raises(UserError, match="refuse"):
        what_if(SCENARIO, 1, game.actions, d.Hire("nobody"), futures=2)
    with pytest.raises(UserError, match="futures"):
        what_if(SCENARIO, 1, game.actions, d.SetOvertime(1.1), futures=0)
    done = Simulation(SCENARIO, 1)
    policy = get_policy("cautious")
    while not done.finished:
        take_turn(done, policy)
    with pytest.raises(UserError, match="over"):
        what_if(SCENARIO, 1, done.actions, d.SetOvertime(1.1), futures=2)


def test_whether_an_optional_change_comes_is_not_told_before_it_is_due() -> None:
    """Whether an optional scripted event comes is drawn at the start of the game; a
    future draws it afresh until its week, and keeps the game's draw after."""
    portal = load_scenario("portal-launch")
    event = next(e for e in portal.events if e.week > 2 and e.kind != "message")
    optional = event.model_copy(update={"probability": 0.5})
    maybe = portal.model_copy(update={"events": [
        optional if e.id == event.id else e for e in portal.events]})
    label = f"event:{optional.id}"
    early = Simulation(maybe, 2)
    reseed(early, 0)
    assert early.luck.uniform(label, 0) != Simulation(maybe, 2).luck.uniform(label, 0)
    late = _at_week(optional.week + 1, 2, maybe)
    game_draw = late.luck.uniform(label, 0)
    reseed(late, 0)
    assert late.luck.uniform(label, 0) == game_draw


def test_the_first_futures_are_shown_while_the_rest_play() -> None:
    """`on_partial` is shown the first futures' preview each time enough more have
    ended both ways; those futures are the final preview's first ones."""
    game = _at_week(2)
    shown: list[int] = []
    final = what_if(SCENARIO, 1, game.actions, d.SetOvertime(1.1), futures=5,
                    on_partial=(2, lambda w: shown.append(len(w.without.played))))
    assert shown == [2, 4]
    alone = what_if(SCENARIO, 1, game.actions, d.SetOvertime(1.1), futures=2)
    assert alone.without.played == final.without.played[:2]
    assert alone.with_it.played == final.with_it.played[:2]
