"""Governance by rules (DESIGN §7, PRINCE2 management by exception; PMBOK reserves):
the board decides on the PM's recommendation by stated rules, one exception per breach
until the situation changes, quality and benefits tolerances, escalation hands a risk
beyond the PM's authority to the board, reserves are tied to what they cover, a
justified closure is its own outcome — and none of it can be farmed for points."""

from __future__ import annotations

import dataclasses
import statistics

import pytest

from pmsim import load_scenario
from pmsim.calibrate import ADVERSARY_MEAN_MARGIN, ADVERSARY_TIE_POINTS, ADVERSARY_WIN_SHARE
from pmsim.engine import board, reserve_draws, risks, tolerances
from pmsim.engine import decisions as d
from pmsim.engine.decisions import DecisionError
from pmsim.engine.final_facts import final_facts
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.policies import CautiousPolicy
from pmsim.policies.base import play_game
from pmsim.scenario.parameters import Tolerances
from pmsim.scenario.schema import BoardRules, Scenario
from pmsim.scoring import outcome_class

SEED = 3


@pytest.fixture
def sim() -> Simulation:
    """A fresh portal-launch game at the start of week 1."""
    return Simulation(load_scenario("portal-launch"), SEED)


def with_changes(scenario: Scenario, **tables: dict[str, object]) -> Scenario:
    """The scenario with some fields of its top-level tables replaced."""
    updates = {name: getattr(scenario, name).model_copy(update=fields)
               for name, fields in tables.items()}
    return scenario.model_copy(update=updates)


def advance_week(sim: Simulation) -> None:
    """End the week, answering anything pending with its default."""
    for request in list(sim.pending.values()):
        sim.answer(request.id, request.default)
    sim.advance()


def scope_breach(sim: Simulation) -> None:
    """Drop 400k of the 1,150k planned value: beyond the 20 % scope tolerance."""
    sim.apply(d.NegotiateScope("billing"))
    sim.apply(d.DeferScope("billing"))
    assert "scope" in tolerances.breaches(sim)


def raise_and_recommend(sim: Simulation, option: str) -> str:
    """Raise an exception, recommend `option`; the board's reasoning (the feed line)."""
    sim.apply(d.RaiseException())
    [request] = [r for r in sim.pending.values() if r.kind == "board"]
    before = len(sim.feed)
    sim.answer(request.id, option)
    return next(e.text for e in sim.feed[before:] if e.text.startswith("The board"))


def sponsor_satisfaction(sim: Simulation) -> float:
    return sim.stakeholders["helen"].satisfaction


# ---------------------------------------------------------------- the schema


def test_new_fields_have_defaults_and_every_builtin_loads() -> None:
    assert Tolerances().quality_rework_fraction == 0.15
    assert Tolerances().benefits_fraction == 0.2
    assert BoardRules().repeat_weeks == 4
    marked = [r.id for r in load_scenario("crm-rollout").risks if r.beyond_authority]
    assert marked == ["connector-late", "consultant-pulled", "managers-withhold"]
    office = load_scenario("office-move")
    assert not next(r for r in office.risks if r.id == "claims-resist").beyond_authority


# ---------------------------------------------------------------- the board decides


def test_asking_does_not_buy_goodwill(sim: Simulation) -> None:
    scope_breach(sim)
    before = sponsor_satisfaction(sim)
    reason = raise_and_recommend(sim, "recovery")
    assert reason == "The board approves a recovery plan, as you recommended."
    assert sponsor_satisfaction(sim) <= before


def test_the_same_breach_cannot_be_raised_again_the_same_week(sim: Simulation) -> None:
    scope_breach(sim)
    raise_and_recommend(sim, "recovery")
    with pytest.raises(DecisionError, match=r"already has this breach.*from week 5"):
        sim.apply(d.RaiseException())
    for _ in range(3):
        advance_week(sim)
        with pytest.raises(DecisionError, match="already has this breach"):
            sim.apply(d.RaiseException())
    advance_week(sim)  # week 5: repeat_weeks have passed
    preview = sim.preview(d.RaiseException())
    assert preview.sponsor_satisfaction == -sim.scenario.board.repeat_goodwill
    before = sponsor_satisfaction(sim)
    sim.apply(d.RaiseException())
    assert sponsor_satisfaction(sim) == pytest.approx(before + preview.sponsor_satisfaction)


def test_a_materially_worse_breach_may_be_raised_at_once(sim: Simulation) -> None:
    scope_breach(sim)
    raise_and_recommend(sim, "recovery")
    sim.apply(d.DeferScope("meter"))  # more planned value dropped: worse by ≥ 5 points
    assert tolerances.breach_list(sim)["scope"].size >= sim.board.raised["scope"][1] + 0.05
    sim.apply(d.RaiseException())


def test_a_new_breach_may_be_raised_at_once() -> None:
    scenario = with_changes(load_scenario("portal-launch"), tolerances={"risk_exposure": 1.0})
    sim = Simulation(scenario, SEED)
    assert set(tolerances.breaches(sim)) == {"risk"}
    raise_and_recommend(sim, "recovery")
    with pytest.raises(DecisionError, match="already has this breach"):
        sim.apply(d.RaiseException())
    scope_breach(sim)
    sim.apply(d.RaiseException())


def test_a_breach_the_pm_may_not_raise_again_yet_is_not_held_against_them() -> None:
    # A wide time tolerance keeps the honest P80 from adding a new (raisable) breach.
    sim = Simulation(with_changes(load_scenario("portal-launch"),
                                  tolerances={"time_weeks": 20.0}), SEED)
    scope_breach(sim)
    raise_and_recommend(sim, "recovery")
    advance_week(sim)
    sim.apply(d.RestoreScope("billing"))  # the breach goes ...
    advance_week(sim)
    sim.apply(d.DeferScope("billing"))  # ... and comes back in week 3, no worse
    with pytest.raises(DecisionError, match="already has this breach"):
        sim.apply(d.RaiseException())
    for _ in range(4):  # weeks 3-6: raisable again only from week 5, so not overdue yet
        advance_week(sim)
        assert sim.board.informed_week == 0
    advance_week(sim)  # week 7 ends with the breach unreported since week 5
    assert sim.board.informed_week == 7


def test_the_board_refuses_closure_while_the_business_case_holds(sim: Simulation) -> None:
    scope_breach(sim)
    before = sponsor_satisfaction(sim)
    reason = raise_and_recommend(sim, "close")
    assert reason.startswith("The board turns down closing the project (the business case "
                             "still holds")
    assert reason.endswith("and chooses a recovery plan instead.")
    assert not sim.finished
    assert sponsor_satisfaction(sim) <= before - sim.scenario.board.refusal_goodwill


def test_the_board_closes_a_project_whose_business_case_failed(sim: Simulation) -> None:
    scope_breach(sim)
    for item in sim.scope.values():
        item.value = 0.0
    reason = raise_and_recommend(sim, "recovery")
    assert reason.startswith("The board closes the project: the business case no longer holds")
    assert sim.finished and sim.outcome().outcome == "stopped"


def test_recovery_plans_run_out() -> None:
    # Wide time and cost tolerances: with neither breached, a re-baseline has nothing
    # to move (deferring the scope takes its budget out of BAC, so EAC may breach it).
    sim = Simulation(with_changes(load_scenario("portal-launch"),
                                  tolerances={"time_weeks": 20.0, "cost_fraction": 1.0}), SEED)
    scope_breach(sim)
    limit = sim.scenario.board.recovery_plans
    for _ in range(limit):
        raise_and_recommend(sim, "recovery")
        for _ in range(sim.scenario.board.repeat_weeks):
            advance_week(sim)
    reason = raise_and_recommend(sim, "recovery")
    assert f"already approved {limit} recovery plans" in reason
    assert reason.endswith("chooses deferring the could-haves instead.")
    assert sim.scope["outage"].status == "deferred"  # the baseline's could-have


def late_game(satisfaction: float) -> Simulation:
    """Week 1 of portal-launch with the deadline pulled in to week 8: far out of time
    tolerance, so the board will not believe a recovery plan."""
    scenario = with_changes(load_scenario("portal-launch"), calendar={"deadline_week": 8})
    sim = Simulation(scenario, SEED)
    sim.stakeholders["helen"].satisfaction = satisfaction
    assert tolerances.breach_list(sim)["time"].size > sim.scenario.board.recovery_weeks
    return sim


def test_a_big_time_breach_gets_a_rebaseline_not_a_recovery_plan() -> None:
    sim = late_game(65.0)
    reason = raise_and_recommend(sim, "recovery")
    assert "more than the 2 a recovery plan can win back" in reason
    assert reason.endswith("chooses a re-baseline instead.")
    assert sim.board.rebaselined


def test_a_rebaseline_needs_the_sponsors_confidence() -> None:
    sim = late_game(40.0)
    assert board.option_refusal(sim, "rebaseline") == (
        "the sponsor's satisfaction 40 is below the 50 the board needs to trust a new plan")
    reason = raise_and_recommend(sim, "rebaseline")
    assert reason.startswith("The board turns down a re-baseline")
    assert not sim.board.rebaselined


def test_no_rebaseline_once_the_work_is_nearly_all_earned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A re-baseline re-plans the work ahead: with 90 % of the budget earned the board
    refuses it (a last-week re-baseline to the week the project ends only approved the
    slip, and won portal-launch seed 61 by 94 points)."""
    sim = late_game(90.0)
    assert board.option_refusal(sim, "rebaseline") is None
    until = sim.scenario.board.rebaseline_until
    monkeypatch.setattr(tolerances, "earned_share", lambda _sim: until)
    assert board.option_refusal(sim, "rebaseline") == (
        "90% of the budget is earned; a re-baseline re-plans the work ahead, and from 90% "
        "earned there is too little left")
    reason = raise_and_recommend(sim, "rebaseline")
    assert reason.startswith("The board turns down a re-baseline")
    assert not sim.board.rebaselined


def test_a_new_baseline_runs_before_the_board_sets_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Raising the same breach again right after a re-baseline does not top the budget
    up from the reserve a second time (the repeated-exceptions habit in conference)."""
    sim = late_game(90.0)
    breaches = tolerances.breach_list(sim)
    raise_and_recommend(sim, "rebaseline")
    assert sim.board.rebaselined
    monkeypatch.setattr(tolerances, "breach_list", lambda _sim: breaches)
    wait = sim.scenario.board.repeat_weeks
    assert board.option_refusal(sim, "rebaseline") == (
        f"the board re-baselined in week 1; the new plan must run {wait} weeks before it "
        f"sets another (from week {1 + wait})")
    for _ in range(wait):
        advance_week(sim)
    assert not (board.option_refusal(sim, "rebaseline") or "").startswith(
        "the board re-baselined")


def test_the_request_says_what_the_board_would_decide(sim: Simulation) -> None:
    scope_breach(sim)
    sim.apply(d.RaiseException())
    [request] = sim.pending.values()
    previews = {o.id: o.preview for o in request.options}
    assert previews["recovery"].endswith("The board would agree now.")
    assert "The board would now turn down closing the project" in previews["close"]
    assert request.details["agrees:recovery"] == 1.0 and request.details["agrees:close"] == 0.0


# ---------------------------------------------------------------- quality and benefits


def test_quality_tolerance_watches_the_rework_found(
    sim: Simulation, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tolerances, "earned_share", lambda sim: 0.5)
    task = next(iter(sim.tasks.values()))
    task.done, task.found_flaws = 10.0, 1.0
    assert "quality" not in tolerances.breaches(sim)
    task.found_flaws = 2.0  # 20 % of the work done found flawed > 15 %
    assert tolerances.breaches(sim)["quality"] == (
        "20% of the work done so far was found flawed (tolerance 15%)")


def test_benefits_tolerance_watches_the_business_case(sim: Simulation) -> None:
    assert "benefits" not in tolerances.breaches(sim)
    scope_breach(sim)
    assert tolerances.breaches(sim)["benefits"].startswith("the forecast net benefit has fallen by")


# ---------------------------------------------------------------- escalation


def test_only_risks_beyond_the_pms_authority_may_be_escalated() -> None:
    sim = Simulation(load_scenario("office-move"), SEED)
    with pytest.raises(DecisionError, match="within your authority"):
        sim.apply(d.RespondToRisk("claims-resist", "escalate"))
    view = sim.view()
    assert "escalate" not in next(r for r in view.risks if r.id == "claims-resist").responses


def test_escalation_hands_the_risk_to_the_board_at_a_cost_in_goodwill() -> None:
    sim = Simulation(load_scenario("crm-rollout"), SEED)
    ruth = next(h for h in sim.stakeholders.values() if h.spec.sponsor)
    exposure = tolerances.register_exposure(sim)
    preview = sim.preview(d.RespondToRisk("connector-late", "escalate"))
    before = ruth.satisfaction
    sim.apply(d.RespondToRisk("connector-late", "escalate"))
    assert sim.board.escalated == {"connector-late": 1}
    assert ruth.satisfaction == before - sim.scenario.board.escalation_goodwill
    assert preview.sponsor_satisfaction == -sim.scenario.board.escalation_goodwill
    assert "connector-late" not in {r.id for r in sim.view().risks}
    assert tolerances.register_exposure(sim) < exposure
    risks.fire(sim, sim.risks["connector-late"], 6)  # it still happens: the board owns it
    assert not any(r.source == "connector-late" for r in sim.pending.values())
    assert "owned by the board" in sim.feed[-1].text


# ---------------------------------------------------------------- reserves


def test_contingency_is_for_fired_risks_or_a_forecast_gap(sim: Simulation) -> None:
    with pytest.raises(DecisionError, match="nothing to cover now"):
        sim.apply(d.DrawContingency(1000.0))
    sim.risks["payment-cert"].fired_weeks.append(1)
    cover = reserve_draws.contingency_cover(sim)
    assert 0 < cover < sim.ledger.money.contingency_left
    with pytest.raises(DecisionError, match="draw at most"):
        sim.apply(d.DrawContingency(cover + 100.0))
    sim.apply(d.DrawContingency(cover))
    with pytest.raises(DecisionError, match="nothing to cover now"):
        sim.apply(d.DrawContingency(100.0))


def test_management_reserve_costs_goodwill_and_is_refused_in_week_one(sim: Simulation) -> None:
    preview = sim.preview(d.RequestReserve(20000.0))
    assert preview.budget_added == 0.0
    assert preview.sponsor_satisfaction == -sim.scenario.board.reserve_goodwill
    assert "refuse now: the cost forecast is not trusted" in preview.text
    before = sponsor_satisfaction(sim)
    sim.apply(d.RequestReserve(20000.0))
    assert sim.ledger.money.reserve_granted == 0.0
    assert sponsor_satisfaction(sim) == before - sim.scenario.board.reserve_goodwill


def test_management_reserve_covers_only_the_gap_contingency_cannot(
    sim: Simulation, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tolerances, "cost_forecast_trusted", lambda sim: True)
    monkeypatch.setattr(reserve_draws, "cost_gap", lambda sim: 30000.0)  # within the 40,000 left
    assert reserve_draws.reserve_answer(sim, 10000.0)[0] == 0.0
    monkeypatch.setattr(reserve_draws, "cost_gap", lambda sim: 55000.0)  # 15,000 beyond it
    sim.apply(d.RequestReserve(20000.0))
    assert sim.ledger.money.reserve_granted == pytest.approx(15000.0)


# ---------------------------------------------------------------- the outcome


def test_a_justified_closure_is_stopped_whatever_the_points(sim: Simulation) -> None:
    for item in sim.scope.values():
        item.value = 0.0
    sim.apply(d.RecommendClosure())
    out = sim.outcome()
    assert out.outcome == "stopped" and out.summary.startswith("Stopped — good governance: ")
    assert "stopping was right" in out.summary
    facts = final_facts(sim)
    curves = sim.scenario.scoring.curves
    assert outcome_class(facts, 0, [], curves) == "stopped"
    unjustified = dataclasses.replace(facts, closure_justified=False)
    assert outcome_class(unjustified, out.score, ["not finished"], curves) == "failed"


# ---------------------------------------------------------------- no farming


class RepeatExceptions(CautiousPolicy):
    """Raises an exception several times every week and always recommends recovery."""

    name = "repeat-exceptions"

    def decide(self, view: PlayerView) -> list[d.Decision]:
        return [d.RaiseException()] * 3 + super().decide(view)

    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        return "recovery" if request.kind == "board" else super().answer(view, request)


class EscalateEverything(CautiousPolicy):
    """Escalates every threat on the register, every week."""

    name = "escalate-everything"

    def decide(self, view: PlayerView) -> list[d.Decision]:
        mine = [d.RespondToRisk(r.id, "escalate") for r in view.risks
                if r.kind == "threat" and r.response is None and not r.closed]
        return [*mine, *super().decide(view)]


class ReserveGrab(CautiousPolicy):
    """Takes all the contingency and management reserve it can, from week 1 on."""

    name = "reserve-grab"

    def decide(self, view: PlayerView) -> list[d.Decision]:
        grab: list[d.Decision] = []
        if view.money.contingency_left > 0:
            grab.append(d.DrawContingency(round(view.money.contingency_left, 2)))
        if view.money.reserve_left > 0:
            grab.append(d.RequestReserve(round(view.money.reserve_left, 2)))
        return [*grab, *super().decide(view)]


class AllTogether(RepeatExceptions, EscalateEverything, ReserveGrab):
    """All three habits at once."""

    name = "all-together"


def scores(policy: type[CautiousPolicy], seeds: range) -> list[int]:
    scenario = load_scenario("portal-launch")
    return [play_game(scenario, seed, policy()).outcome().score for seed in seeds]


@pytest.mark.parametrize("policy", [RepeatExceptions, EscalateEverything, ReserveGrab,
                                    AllTogether])
def test_governance_habits_do_not_beat_the_cautious_bot(policy: type[CautiousPolicy]) -> None:
    """Judged as `pmsim calibrate` judges the adversarial suite: not better on the mean
    by more than `ADVERSARY_MEAN_MARGIN`, and not more than `ADVERSARY_TIE_POINTS` above
    the bot on more than `ADVERSARY_WIN_SHARE` of the seeds."""
    seeds = range(40)
    cautious, habit = scores(CautiousPolicy, seeds), scores(policy, seeds)
    diffs = [h - c for h, c in zip(habit, cautious, strict=True)]
    assert statistics.mean(diffs) <= ADVERSARY_MEAN_MARGIN, (policy.name, habit, cautious)
    wins = sum(x > ADVERSARY_TIE_POINTS for x in diffs)
    assert wins <= ADVERSARY_WIN_SHARE * len(seeds), (policy.name, wins)


def test_escalating_everything_escalates_only_what_is_beyond_authority() -> None:
    """The degenerate part of the habit is refused; what is left (escalating the risks
    beyond the PM's authority) is what the cautious bot does too, as soon as it knows
    them."""
    scenario = load_scenario("crm-rollout")
    sim = play_game(scenario, 0, EscalateEverything())
    beyond = {"connector-late", "consultant-pulled", "managers-withhold"}
    assert set(sim.board.escalated) == beyond
    assert set(play_game(scenario, 0, CautiousPolicy()).board.escalated) == beyond


def small_breach_in_week_1() -> Simulation:
    """Week 1 of portal-launch with the deadline pulled in just far enough for a time
    breach a recovery plan can still win back."""
    base = load_scenario("portal-launch")
    sim = Simulation(base, SEED)
    p80 = sim.forecast().p80_week
    tolerance = base.tolerances.time_weeks
    scenario = with_changes(base, calendar={"deadline_week": int(p80 - tolerance - 1)})
    sim = Simulation(scenario, SEED)
    sim.stakeholders["helen"].satisfaction = 90.0
    size = tolerances.breach_list(sim)["time"].size
    assert 0 < size <= sim.scenario.board.recovery_weeks
    return sim


def test_the_board_does_not_replace_a_plan_it_has_just_approved_for_a_small_breach() -> None:
    """Dropping the status reports to free the hours for an exception in week 1 and
    getting a later deadline at once beat the sensible bot in refurbishment: early on,
    a breach a recovery plan can win back gets a recovery plan."""
    sim = small_breach_in_week_1()
    first = sim.scenario.board.first_rebaseline_week
    assert board.option_refusal(sim, "rebaseline") == (
        "the approved plan is only in its week 1 and a recovery plan can still win the "
        f"breach back; the board sets a new plan for a small breach only from week {first}")
    reason = raise_and_recommend(sim, "rebaseline")
    assert reason.endswith("chooses a recovery plan instead.")
    assert not sim.board.rebaselined


def test_a_scenario_may_let_the_board_rebaseline_an_inherited_plan_at_once() -> None:
    sim = small_breach_in_week_1()
    sim.scenario = with_changes(sim.scenario, board={"first_rebaseline_week": 1})
    assert board.option_refusal(sim, "rebaseline") is None
    assert load_scenario("rescue").board.first_rebaseline_week == 1


def test_a_big_breach_in_week_1_is_rebaselined_at_once() -> None:
    assert board.option_refusal(late_game(90.0), "rebaseline") is None


def test_releasing_the_tired_just_before_the_end_does_not_hide_their_fatigue() -> None:
    """Releasing an idle, tired person in conference's last weeks took them out of the
    team's fatigue at the end and won up to 15 team points: someone who left in the
    project's last weeks still counts, as tired as they left."""
    from pmsim.engine.people import CLOSING_WEEKS, closing_fatigue, team_fatigue

    sim = Simulation(load_scenario("portal-launch"), 0)
    for p in sim.people.values():
        p.fatigue = 0.0
    tired = next(iter(sim.people.values()))
    tired.fatigue = 0.6
    sim.apply(d.Release(tired.id))
    sim.advance()
    assert tired.status == "gone"
    assert team_fatigue(sim) == 0.0
    assert tired.fatigue > 0
    assert closing_fatigue(sim) == pytest.approx(tired.fatigue / len(sim.people))
    for _ in range(CLOSING_WEEKS):
        for request in list(sim.pending.values()):
            sim.answer(request.id, request.default)
        sim.advance()
    assert closing_fatigue(sim) == 0.0  # long gone: no longer the team at the end
