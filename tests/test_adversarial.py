"""The adversarial suite (`pmsim.policies.adversarial`) and the balance criteria that
judge it (`pmsim.calibrate`, criteria 5 and 6).

Every policy of the suite plays a game on every built-in; the random search is
reproducible; a kind registered later gets its own `repeat-` habit; without a habit the
policy is the cautious bot; the criteria are checked on synthetic batches, where the
right verdict is known.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from pmsim.batch import BatchResult, GameRecord, run_batch, summarise
from pmsim.calibrate import (
    ADVERSARY_MEAN_MARGIN,
    ADVERSARY_TIE_POINTS,
    ADVERSARY_WIN_SHARE,
    MEAN_CHECK,
    SHARE_CHECK,
    Calibration,
    compare,
    judge,
    judge_adversaries,
)
from pmsim.cli import main
from pmsim.engine.rules import all_rules, registered
from pmsim.policies import POLICIES, get_policy, play_game
from pmsim.policies.adversarial import (
    COMBINATIONS,
    NOT_SEARCHED,
    ROUNDS,
    AdversarialPolicy,
    describe,
    is_adversarial,
    policy_by_name,
    random_combos,
    single_habits,
    suite,
)
from pmsim.scenario import builtin_paths, load_scenario
from pmsim.scoring import DIMENSIONS
from tests.wave_rule import WaveRule

IDS = list(builtin_paths())
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


# --------------------------------------------------------------------------- playing
@pytest.mark.parametrize("scenario_id", IDS)
def test_every_policy_of_the_suite_plays_every_builtin(scenario_id):
    scenario = load_scenario(scenario_id)
    for name in suite():
        sim = play_game(scenario, 3, policy_by_name(name))
        assert sim.finished, f"{name} did not finish {scenario_id}"
        assert 0 <= sim.outcome().score <= 1000


@pytest.mark.parametrize("scenario_id", ["portal-launch", "office-move"])
def test_no_habit_is_the_cautious_bot(scenario_id):
    scenario = load_scenario(scenario_id)
    for seed in (0, 1):
        ours = play_game(scenario, seed, AdversarialPolicy("none", []))
        bot = play_game(scenario, seed, get_policy("cautious"))
        assert ours.actions == bot.actions
        assert ours.outcome().to_result() == bot.outcome().to_result()


def test_meeting_spam_meets_several_times_a_week():
    sim = play_game(load_scenario("portal-launch"), 0, policy_by_name("repeat-meet"))
    weeks: Counter[int] = Counter()
    week = 1
    for action in sim.actions:
        if action["action"] == "advance":
            week += 1
        elif action["action"] == "apply" and action["decision"]["kind"] == "meet":
            weeks[week] += 1
    assert max(weeks.values()) > len(load_scenario("portal-launch").stakeholders)


def test_the_suite_covers_every_registered_kind_and_the_named_tricks():
    names = suite(search=0)
    for rule in all_rules():
        assert f"repeat-{rule.kind}" in names
    for trick in ("reserve-grab", "escalate-everything", "all-tricks", "goodwill-farm"):
        assert trick in names
    assert not set(names) & set(POLICIES), "the suite is not offered to players"
    assert all(is_adversarial(n) for n in names)
    assert all(describe(n) != n for n in names)


def test_a_kind_registered_later_is_repeated_too():
    scenario = load_scenario("tutorial")
    with registered(WaveRule()):
        assert "repeat-wave" in suite(search=0)
        sim = play_game(scenario, 0, policy_by_name("repeat-wave"))
        waves = [a for a in sim.actions
                 if a["action"] == "apply" and a["decision"]["kind"] == "wave"]
        assert len(waves) >= ROUNDS  # several a week
    assert "repeat-wave" not in suite(search=0)


# --------------------------------------------------------------------------- search
def test_the_random_search_is_reproducible():
    first = random_combos(7, 5)
    assert first == random_combos(7, 5)
    assert len(first) == len(set(first)) == 5
    assert random_combos(8, 5) != first
    singles = single_habits()
    for name in first:
        ids = name.removeprefix("combo:").split("+")
        assert 2 <= len(ids) <= 4 and all(i in singles for i in ids)
        assert not set(ids) & NOT_SEARCHED
        assert isinstance(policy_by_name(name), AdversarialPolicy)


def test_unknown_names_are_refused():
    with pytest.raises(Exception, match="unknown habit"):
        policy_by_name("combo:repeat-meet+no-such-habit")
    with pytest.raises(Exception, match="unknown policy"):
        policy_by_name("no-such-bot")
    assert set(COMBINATIONS) <= set(suite(search=0))


# --------------------------------------------------------------------------- criteria
def batch(name: str, scores: list[float]) -> BatchResult:
    """A synthetic batch: seeds 0…n−1 with these scores."""
    games = tuple(GameRecord({"seed": i, "score": s, "outcome": "successful",
                              "dimensions": {}}, True, True) for i, s in enumerate(scores))
    return BatchResult("synthetic", name, 0, len(scores),
                       summarise(scores, [True] * len(scores), [True] * len(scores)), games)


CAUTIOUS = [500.0 + 10 * (i % 5) for i in range(40)]


def judged(**tricks: list[float]) -> dict[str, bool]:
    cautious = batch("cautious", CAUTIOUS)
    adversaries = tuple(compare(n, batch(n, s), cautious) for n, s in tricks.items())
    return {c.name: c.passed for c in judge_adversaries(adversaries)}


def test_a_trick_that_is_never_better_passes():
    assert judged(worse=[s - 5 for s in CAUTIOUS], same=list(CAUTIOUS)) == {
        MEAN_CHECK: True, SHARE_CHECK: True}


def test_a_trick_better_on_the_mean_fails_even_if_it_rarely_wins():
    rare = [s + (200 if i < 4 else -1) for i, s in enumerate(CAUTIOUS)]  # 4/40 seeds
    assert judged(rare=rare) == {MEAN_CHECK: False, SHARE_CHECK: True}


def test_a_trick_that_wins_too_often_fails_even_if_worse_on_the_mean():
    gain = ADVERSARY_TIE_POINTS + 1
    wins = round(ADVERSARY_WIN_SHARE * 40) + 1  # 13 of 40 seeds: more than 30 %
    often = [s + (gain if i < wins else -50) for i, s in enumerate(CAUTIOUS)]
    assert judged(often=often) == {MEAN_CHECK: True, SHARE_CHECK: False}
    exactly = round(ADVERSARY_WIN_SHARE * 40)  # 12 of 40: not more than 30 %
    edge = [s + (gain if i < exactly else -50) for i, s in enumerate(CAUTIOUS)]
    assert judged(edge=edge) == {MEAN_CHECK: True, SHARE_CHECK: True}


def test_a_point_or_two_more_is_a_tie_not_a_win():
    """Skipping an insurance 'wins' by a point on every seed where the risk stays away
    and loses heavily where it comes: criterion 6 counts wins above the tie band."""
    skimp = [s + (ADVERSARY_TIE_POINTS if i < 30 else -60) for i, s in enumerate(CAUTIOUS)]
    assert judged(skimp=skimp) == {MEAN_CHECK: True, SHARE_CHECK: True}


def test_a_gain_below_the_scores_resolution_is_not_beating_on_the_mean():
    """One point on one seed in forty is no dominant strategy (criterion 6 still
    catches a small gain on many seeds)."""
    tiny = [s + (1 if i == 0 else 0) for i, s in enumerate(CAUTIOUS)]
    assert judged(tiny=tiny) == {MEAN_CHECK: True, SHARE_CHECK: True}
    half = [s + (21 if i == 0 else 0) for i, s in enumerate(CAUTIOUS)]  # +0.525
    assert ADVERSARY_MEAN_MARGIN == 0.5 and judged(half=half)[MEAN_CHECK] is False


def test_luck_matters_when_good_play_meets_different_fortunes():
    def luck(scores: list[float]) -> bool:
        played = {name: batch(name, scores) for name in ("cautious", "passive", "reckless")}
        played["passive"] = batch("passive", [0.0] * len(scores))
        played["reckless"] = batch("reckless", [0.0] * len(scores))
        weights = dict.fromkeys(DIMENSIONS, 0)
        return next(c.passed for c in judge(played, weights, False)
                    if c.name == "luck still matters")
    assert luck(CAUTIOUS) is False  # sd ≈ 7: the dice hardly matter
    assert luck([500.0 + 40 * (i % 5) for i in range(40)]) is True  # sd ≈ 29


def test_the_comparison_is_paired_by_seed():
    cautious = batch("cautious", CAUTIOUS)
    shuffled = batch("shuffled", list(reversed(CAUTIOUS)))
    a = compare("shuffled", shuffled, cautious)
    assert a.diff == pytest.approx(0.0)
    assert 0 < a.won < 40  # same mean, but not the same games seed by seed
    with pytest.raises(ValueError, match="seeds"):
        compare("short", batch("short", CAUTIOUS[:10]), cautious)


def test_the_verdict_names_the_offenders():
    cautious = batch("cautious", CAUTIOUS)
    spam = compare("repeat-meet", batch("repeat-meet", [s + 40 for s in CAUTIOUS]), cautious)
    fine = compare("repeat-cut", batch("repeat-cut", [s - 40 for s in CAUTIOUS]), cautious)
    result = Calibration("synthetic", False, 0, 40, {"cautious": cautious},
                         judge_adversaries((spam, fine)), (spam, fine))
    assert not result.balanced
    assert [a.name for a in result.offenders()] == ["repeat-meet"]
    assert "repeat-meet (+40, 40/40 seeds)" in result.verdict()
    assert "repeat-cut" not in result.verdict()


# --------------------------------------------------------------------------- batch, CLI
def test_run_batch_plays_a_suite_policy_and_refuses_unknown_ones():
    result = run_batch("tutorial", "repeat-meet", 0, 2)
    assert result.policy == "repeat-meet" and len(result.games) == 2
    with pytest.raises(Exception, match="unknown policy"):
        run_batch("tutorial", "nope", 0, 2)


def test_calibrate_json_includes_the_suite(capsys):
    assert main(["calibrate", "tutorial", "--runs", "2", "--search", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    tricks = data["adversarial"]["policies"]
    assert set(tricks) == set(suite(1, 0))
    for figures in tricks.values():
        assert {"diff", "won_share", "beats_mean", "wins_too_often"} <= set(figures)
    assert {c["name"] for c in data["checks"]} >= {MEAN_CHECK, SHARE_CHECK}
    assert main(["calibrate", "tutorial", "--runs", "2", "--no-adversarial", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["adversarial"]["policies"] == {}
    assert {c["name"] for c in data["checks"]}.isdisjoint({MEAN_CHECK, SHARE_CHECK})


def test_the_guides_calibration_block_shows_the_suite(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # the benchmarks are scripts
    sys.modules.pop("calibrate_all", None)
    import calibrate_all

    from pmsim.calibrate import calibrate

    block = calibrate_all.table(calibrate("tutorial", 2, 0, 1, search=1))
    assert "| policy | what it does | mean | vs cautious | seeds won | |" in block
    for name in suite(1, 0):
        assert f"| {name} | {describe(name)} |" in block
    assert block.index("| repeat-") < block.index("**Verdict:**")
    without = calibrate_all.table(calibrate("tutorial", 2, 0, 1, adversarial=False))
    assert "vs cautious" not in without
