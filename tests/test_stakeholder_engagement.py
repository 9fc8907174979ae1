"""Stakeholder engagement rewards judgement, not volume: meetings have diminishing
returns per stakeholder and week, the power/interest grid sets how often each one wants
a one-to-one (over-meeting a keep-satisfied stakeholder annoys them), engagement moves
toward the level the scenario needs and no further, the stakeholder points weigh the
whole game, the schedule is judged against the original commitment, and spending spare
hours on meeting the powerful again and again does not beat the cautious bot."""

from __future__ import annotations

import functools
import statistics
from typing import Any

import pytest

from pmsim.engine import board
from pmsim.engine import decisions as d
from pmsim.engine import stakeholders as sh
from pmsim.engine.final_facts import final_facts
from pmsim.engine.simulation import Simulation
from pmsim.engine.state import ENGAGEMENT_LEVELS
from pmsim.engine.view import PlayerView
from pmsim.policies import CautiousPolicy, play_game
from pmsim.scenario import load_scenario
from pmsim.scenario.load import parse_scenario_data
from pmsim.scenario.parameters import ScoringCurves
from pmsim.scoring import StakeholderFacts, score
from tests.helpers import advance_week, play_out, play_weeks
from tests.test_scoring import CURVES, WEIGHTS, facts

SEED = 7
SPAM_SEEDS = range(20)


@pytest.fixture
def sim() -> Simulation:
    """portal-launch at the start of week 1: Helen manages closely (the sponsor), Martin
    is keep-satisfied, Priya keep-informed, Jonas monitor."""
    return Simulation(load_scenario("portal-launch"), SEED)


def heard(sim: Simulation, who: str) -> tuple[float, float]:
    """A one-to-one's previewed points and the satisfaction it really added (week 1:
    nobody's picture is worse than the truth yet, so nothing is a surprise)."""
    h = sim.stakeholders[who]
    preview = sim.preview(d.MeetStakeholder(who))
    before = h.satisfaction
    sim.apply(d.MeetStakeholder(who))
    assert preview.heard_points is not None
    return preview.heard_points, h.satisfaction - before


# ---------------------------------------------------------------- diminishing returns

def test_a_second_meeting_the_same_week_is_worth_a_fifth_and_a_third_annoys(
        sim: Simulation) -> None:
    sim.attention.hours = 80.0
    gains = [heard(sim, "helen") for _ in range(3)]
    assert [p for p, _ in gains] == pytest.approx([5.0, 1.0, -3.0])  # nagging costs
    assert [real for _, real in gains] == pytest.approx([p for p, _ in gains])
    text = sim.preview(d.MeetStakeholder("helen")).text
    assert "is annoyed (-7.0): manage closely wants a one-to-one about every 2 weeks" in text


def test_a_stakeholder_is_due_again_after_their_quadrants_cadence(sim: Simulation) -> None:
    assert sh.quadrant(sim.stakeholders["helen"].spec) == "manage closely"
    sim.apply(d.MeetStakeholder("helen"))
    advance_week(sim)  # one week of the two
    # the load of one meeting (0.8) has fallen by half of it: worth 5 · (1 − 0.4)
    assert sim.preview(d.MeetStakeholder("helen")).heard_points == pytest.approx(3.0)
    advance_week(sim)
    assert sim.preview(d.MeetStakeholder("helen")).heard_points == pytest.approx(5.0)


def test_meeting_more_often_than_due_buys_no_more_satisfaction_per_week() -> None:
    """Whatever the rhythm, the points from being heard over a stretch of weeks are at
    most a full meeting per cadence (plus the first)."""
    scenario = load_scenario("portal-launch")
    for rhythm in (1, 2):
        for repeats in (1, 3):
            game = Simulation(scenario, SEED)
            game.attention.hours = 80.0
            h = game.stakeholders["priya"]  # keep informed: due every 3 weeks
            total = 0.0
            for week in range(12):
                for _ in range(repeats if week % rhythm == 0 else 0):
                    total += sh.meeting_points(h)
                    game.apply(d.MeetStakeholder("priya"))
                advance_week(game)
            assert total <= sh.MEET_POINTS * (1 + 12 / 3) + 1e-9, (rhythm, repeats)


def test_steering_committees_are_worth_their_points_monthly(sim: Simulation) -> None:
    assert sim.preview(d.SteeringCommittee()).heard_points == pytest.approx(3.0)
    sim.apply(d.SteeringCommittee())
    advance_week(sim)
    preview = sim.preview(d.SteeringCommittee())
    share = 1 / sh.STEERING_CADENCE
    assert preview.heard_points == pytest.approx(3.0 * share - sh.STEERING_EARLY_COST * (1 - share))
    assert "the last was recent" in preview.text


def test_weekly_steering_committees_are_worth_less_than_monthly(sim: Simulation) -> None:
    """A committee every week gains less over a month than one a month: the early ones
    cost the board's time (the repeat-steering habit must not pay)."""
    weekly = 0.0
    for _ in range(sh.STEERING_CADENCE):
        weekly += sim.preview(d.SteeringCommittee()).heard_points or 0.0
        sim.apply(d.SteeringCommittee())
        advance_week(sim)
    assert weekly < sh.STEERING_POINTS - 1e-9


# ---------------------------------------------------------------- the grid

def test_over_meeting_a_keep_satisfied_stakeholder_annoys_them(sim: Simulation) -> None:
    sim.attention.hours = 80.0
    assert sh.quadrant(sim.stakeholders["martin"].spec) == "keep satisfied"
    gains = [heard(sim, "martin") for _ in range(3)]
    assert gains[0][0] == pytest.approx(5.0)
    assert gains[1][0] < 0 and gains[2][0] < gains[1][0]
    assert [real for _, real in gains] == pytest.approx([p for p, _ in gains])
    assert "is annoyed" in sim.preview(d.MeetStakeholder("martin")).text


def test_a_keep_satisfied_stakeholder_wants_a_meeting_monthly(sim: Simulation) -> None:
    sim.apply(d.MeetStakeholder("martin"))
    advance_week(sim)  # a week later they do not want another one
    assert sh.meeting_points(sim.stakeholders["martin"]) == pytest.approx(5 * 0.4 - 4 * 0.6)
    play_weeks(sim, 3)  # a month later they do
    assert sh.meeting_points(sim.stakeholders["martin"]) == pytest.approx(5.0)


def test_the_quadrants_want_different_rhythms() -> None:
    cadence = sh.MEETING_CADENCE
    assert cadence["manage closely"] < cadence["keep informed"] < cadence["keep satisfied"] \
        < cadence["monitor"]


# ---------------------------------------------------------------- desired engagement

def test_desired_engagement_defaults_by_quadrant(scenario_data: dict[str, Any]) -> None:
    scenario_data["stakeholders"] = [
        {"id": "sponsor", "name": "S", "power": 0.9, "interest": 0.9, "sponsor": True},
        {"id": "close", "name": "C", "power": 0.8, "interest": 0.8},
        {"id": "sat", "name": "K", "power": 0.8, "interest": 0.2},
        {"id": "inf", "name": "I", "power": 0.2, "interest": 0.8},
        {"id": "mon", "name": "M", "power": 0.2, "interest": 0.2},
        {"id": "reg", "name": "R", "power": 0.8, "interest": 0.8,
         "desired_engagement": "neutral"},
    ]
    game = Simulation(parse_scenario_data(scenario_data, "grid"), 1)
    desired = {h.id: h.desired for h in game.stakeholders.values()}
    assert desired == {"sponsor": "leading", "close": "supportive", "sat": "neutral",
                       "inf": "supportive", "mon": "neutral", "reg": "neutral"}
    assert {h.id: h.desired_engagement for h in game.view().stakeholders} == desired


def test_meetings_move_engagement_toward_the_desired_level_and_no_further(
        sim: Simulation) -> None:
    priya = sim.stakeholders["priya"]
    assert (priya.engagement, priya.desired) == ("resistant", "supportive")
    sim.apply(d.MeetStakeholder("priya"))
    assert priya.engagement == "neutral"
    sim.apply(d.MeetStakeholder("priya"))  # not due: no step
    assert priya.engagement == "neutral"
    play_weeks(sim, 3)  # the extra meeting's load still weighs
    assert "engagement stays neutral" in sim.preview(d.MeetStakeholder("priya")).text
    play_weeks(sim, 3)
    assert "neutral → supportive" in sim.preview(d.MeetStakeholder("priya")).text
    sim.apply(d.MeetStakeholder("priya"))
    assert priya.engagement == "supportive"
    play_weeks(sim, 3)
    sim.apply(d.MeetStakeholder("priya"))
    assert priya.engagement == "supportive"  # the level needed, not leading
    jonas = sim.stakeholders["jonas"]
    assert sh.engagement_gap(jonas) == 1 and sh.engagement_gap(priya) == 0


def test_an_escalation_hardens_engagement(sim: Simulation) -> None:
    martin = sim.stakeholders["martin"]
    martin.satisfaction = 5.0
    advance_week(sim)
    assert martin.engagement == "resistant"  # from neutral
    assert martin.engagement_history[-1] == "resistant"
    sh.lower_engagement(martin)
    assert martin.engagement == "resistant"  # never below resistant


def test_final_facts_carry_the_whole_game(sim: Simulation) -> None:
    play_weeks(sim, 3)
    made = final_facts(sim)
    priya = next(h for h in made.stakeholders if h.name == "Priya Shah")
    assert len(priya.weekly_satisfaction) == 3 and len(priya.weekly_engagement_gap) == 3
    assert priya.weekly_engagement_gap[-1] == priya.engagement_gap == 2  # resistant
    assert (priya.engagement, priya.desired) == ("resistant", "supportive")


# ---------------------------------------------------------------- the score

def one(weekly: tuple[float, ...], end: float, **more: Any) -> tuple[StakeholderFacts, ...]:
    """Sam, the only stakeholder, with this satisfaction week by week and at the end."""
    return (StakeholderFacts("Sam", 1.0, end, weekly_satisfaction=weekly, **more),)


def stakeholder_points(holders: tuple[StakeholderFacts, ...],
                       curves: ScoringCurves = CURVES) -> int:
    return score(facts(stakeholders=holders), WEIGHTS, curves).dimension("stakeholders").points


def test_satisfaction_counts_over_the_whole_game_not_the_last_week() -> None:
    late_rally = stakeholder_points(one((30.0, 30.0, 30.0, 90.0), 90.0))
    steady = stakeholder_points(one((90.0, 90.0, 90.0, 90.0), 90.0))
    assert late_rally < steady == 150
    # a quarter the end, three quarters the weekly mean: 0.75·45 + 0.25·90 = 56.25
    satisfaction_only = CURVES.model_copy(update={"engagement_share": 0.0})
    assert stakeholder_points(one((30.0, 30.0, 30.0, 90.0), 90.0), satisfaction_only) == \
        round(150 * (56.25 - 25) / 65)
    ending_only = satisfaction_only.model_copy(update={"satisfaction_end_weight": 1.0})
    assert stakeholder_points(one((30.0, 30.0, 30.0, 90.0), 90.0), ending_only) == 150


def test_the_score_rewards_closing_the_engagement_gap_not_maximum_engagement() -> None:
    at_level = one((90.0,), 90.0, engagement="neutral", desired="neutral")
    beyond = one((90.0,), 90.0, engagement="leading", desired="neutral")
    short = one((90.0,), 90.0, engagement="resistant", desired="supportive",
                engagement_gap=2, weekly_engagement_gap=(2,))
    closed_late = one((90.0,) * 4, 90.0, engagement="supportive", desired="supportive",
                      weekly_engagement_gap=(2, 2, 1, 0))
    assert stakeholder_points(at_level) == stakeholder_points(beyond) == 150
    assert stakeholder_points(short) == round(150 * 0.7)
    assert stakeholder_points(short) < stakeholder_points(closed_late) < 150
    sentence = score(facts(stakeholders=short), WEIGHTS, CURVES).dimension("stakeholders")
    assert "Sam resistant, needed supportive" in sentence.sentence


def test_every_deadline_move_counts_against_the_original_commitment() -> None:
    """Only a share of a granted extension is forgiven: a game that asked for weeks and
    used them all scores less than one that did not ask and finished that much sooner."""
    outcome = score(facts(deadline_extension=4, board_deadline_week=14, finish_week=14),
                    WEIGHTS, CURVES)
    schedule = outcome.dimension("schedule")
    assert schedule.points == 120 and outcome.deadline_week == 12  # two weeks forgiven
    assert ("against the original commitment of week 10; the deadline moved to week 14 "
            "(4 weeks granted by the sponsor or a change, forgiven half), so it is judged "
            "against week 12 (2 weeks late)") in schedule.sentence
    for ext in range(1, 5):
        for finish in range(10, 16):
            asked = score(facts(deadline_extension=ext, finish_week=finish + ext),
                          WEIGHTS, CURVES).dimension("schedule").points
            not_asked = score(facts(finish_week=finish), WEIGHTS, CURVES) \
                .dimension("schedule").points
            assert asked < not_asked or asked == not_asked == 0, (ext, finish)


def test_a_granted_extension_is_forgiven_only_in_part_in_a_real_game(
        scenario_data: dict[str, Any]) -> None:
    # A deadline of week 1 the forecast cannot meet, and no time tolerance: the sponsor
    # grants what it needs.
    scenario_data["calendar"]["deadline_week"] = 1
    scenario_data.setdefault("tolerances", {})["time_weeks"] = 0.0
    game = Simulation(parse_scenario_data(scenario_data, "small"), 3)
    need = board.deadline_need(game)
    assert need >= 2
    play_out(game, {1: [d.NegotiateDeadline(2)]})
    made = final_facts(game)
    assert made.deadline_extension == 2 and made.deadline_week == 1
    outcome = game.outcome()
    assert outcome.deadline_week == 2  # 1 + half of the 2 weeks granted
    assert "original commitment of week 1" in outcome.dimension("schedule").sentence


# ---------------------------------------------------------------- meeting spam

class MeetingSpam(CautiousPolicy):
    """The cautious bot, then its spare hours spent meeting every powerful stakeholder
    again and again, several times every week."""

    name = "meeting-spam"

    def decide(self, view: PlayerView) -> list[d.Decision]:
        out = super().decide(view)
        powerful = [h.id for h in view.stakeholders if h.power >= 0.5]
        return out + [d.MeetStakeholder(h) for _ in range(4) for h in powerful]


class WeeklyMeetings(CautiousPolicy):
    """The cautious bot, plus a one-to-one with every stakeholder and a steering
    committee every week."""

    name = "weekly-meetings"

    def decide(self, view: PlayerView) -> list[d.Decision]:
        out = super().decide(view)
        return out + [d.SteeringCommittee()] + [d.MeetStakeholder(h.id)
                                                 for h in view.stakeholders]


@pytest.mark.parametrize("scenario_id", ["portal-launch", "office-move"])
@pytest.mark.parametrize("spam", [MeetingSpam, WeeklyMeetings])
def test_meeting_spam_does_not_beat_the_cautious_bot(scenario_id: str, spam: type) -> None:
    scenario = load_scenario(scenario_id)
    spammed = statistics.mean(play_game(scenario, s, spam()).outcome().score
                              for s in SPAM_SEEDS)
    assert spammed <= cautious_mean(scenario_id), (spammed, cautious_mean(scenario_id))


@functools.cache
def cautious_mean(scenario_id: str) -> float:
    """The cautious bot's mean score on `SPAM_SEEDS`."""
    scenario = load_scenario(scenario_id)
    return statistics.mean(play_game(scenario, s, CautiousPolicy()).outcome().score
                           for s in SPAM_SEEDS)


def test_engagement_levels_are_the_matrix_columns() -> None:
    assert ENGAGEMENT_LEVELS == ("unaware", "resistant", "neutral", "supportive", "leading")
