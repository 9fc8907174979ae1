"""What a decision actually did, figure by figure, measured on a copy of the game (the
same actions replayed into a fresh `Simulation`), for comparison with its preview."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pmsim.engine import decisions as d
from pmsim.engine import stakeholders, tolerances
from pmsim.engine.rules import FIGURES, Preview
from pmsim.engine.simulation import Simulation


def replayed(sim: Simulation) -> Simulation:
    """A copy of the game: its actions taken again in a fresh simulation."""
    twin = Simulation(sim.scenario, sim.seed)
    for action in sim.actions:
        twin.perform(action)
    return twin


def _scope_value(sim: Simulation) -> float:
    return sum(item.value for item in sim.scope.values() if item.in_scope)


def _revealed(sim: Simulation, x: d.Decision) -> dict[str, float]:
    """Each stakeholder the decision informs, and their satisfaction once the truth is
    out but before any points for being heard."""
    if isinstance(x, d.MeetStakeholder):
        told, weight = [x.stakeholder], 1.0
    elif isinstance(x, d.SteeringCommittee):
        told = [h for h, s in sim.stakeholders.items()
                if s.spec.power >= stakeholders.STEERING_POWER]
        weight = stakeholders.STEERING_SURPRISE
    else:
        return {}
    out = {}
    for h in told:
        state = copy.deepcopy(sim.stakeholders[h])
        stakeholders.reveal(sim, state, weight)
        out[h] = state.satisfaction
    return out


def observe(sim: Simulation, x: d.Decision) -> dict[str, Any]:
    """The figures a decision may change, as they stand now."""
    boss = stakeholders.sponsor(sim)
    out: dict[str, Any] = {
        "attention_used": sim.attention.used, "spent": sim.ledger.money.actual_cost,
        "finished": sim.finished, "cost_rate": sim.ledger.cost_rate, "overtime": sim.mood.overtime,
        "morale_boost": sim.mood.morale_boost, "scope_value": _scope_value(sim),
        "authorised": sim.ledger.money.authorised, "budget": sim.attention.budget(),
        "attention_hours": sim.scenario.model.attention_hours,
        "deadline": tolerances.deadline(sim), "day": sim.day(),
        "sponsor": boss.satisfaction if boss else 0.0,
        "revealed": _revealed(sim, x),
        "satisfaction": {h: s.satisfaction for h, s in sim.stakeholders.items()},
        "paid": sum(p.daily_rate * p.availability for p in sim.people.values()
                    if p.id in sim.ledger.overtime_now),
    }
    task = getattr(x, "task", None)
    if task in sim.tasks:
        t = sim.tasks[task]
        out.update(work_total=t.work_total, status=t.status,
                   joined=t.joined.get(getattr(x, "person", ""), None))
    risk = getattr(x, "risk", None)
    if risk in sim.risks:
        r = sim.risks[risk]
        out.update(pf=r.probability_factor, imf=r.cost_factor if x.response == "transfer"
                   else r.impact_factor)
    who = getattr(x, "person", None) or getattr(x, "candidate", None)
    if who in sim.people:
        p = sim.people[who]
        out.update(arrival=p.arrival_week, rate=p.daily_rate,
                   skill=p.skills.get(getattr(x, "skill", ""), 0.0))
    return out


def _heard(pre: dict[str, Any], post: dict[str, Any]) -> float | None:
    """Points for being heard, when no stakeholder hit the 0-100 limits."""
    gains = {post["satisfaction"][h] - s for h, s in pre["revealed"].items()
             if 0.0 < post["satisfaction"][h] < 100.0}
    if not gains:
        return None
    assert max(gains) - min(gains) < 1e-9, gains
    return gains.pop()


def measured(pre: dict[str, Any], post: dict[str, Any], x: d.Decision) -> dict[str, Any]:
    """What the decision did, under the names of the preview's figures (a figure the
    game cannot show in this state is left out)."""
    out: dict[str, Any] = {
        "attention": post["attention_used"] - pre["attention_used"],
        "money_now": post["spent"] - pre["spent"], "ends_game": post["finished"],
        "cost_per_day": post["cost_rate"] - pre["cost_rate"],
        "morale": post["morale_boost"] - pre["morale_boost"],
        "scope_value": post["scope_value"] - pre["scope_value"],
        "budget_added": post["authorised"] - pre["authorised"],
        "hours_per_week": post["attention_hours"] - post["budget"],
        "deadline_weeks": post["deadline"] - pre["deadline"],
        "sponsor_satisfaction": post["sponsor"] - pre["sponsor"],
        "heard_points": _heard(pre, post),
    }
    if pre["overtime"] == 1.0 and post["paid"] > 0:
        out["premium"] = (post["cost_rate"] - pre["cost_rate"]) / post["paid"]
    if "work_total" in pre:
        out["work_removed"] = pre["work_total"] - post["work_total"]
        out["starts_now"] = pre["status"] == "waiting" and post["status"] == "active"
        if post.get("joined") is not None:
            out["catch_up_days"] = post["joined"] - pre["day"]
        elif "status" in post:
            out["catch_up_days"] = 0.0
    if "pf" in pre:
        out["probability_factor"] = post["pf"] / pre["pf"] if pre["pf"] else None
        out["impact_factor"] = post["imf"] / pre["imf"] if pre["imf"] else None
    if "arrival" in post:
        out.update(arrival_week=post["arrival"], daily_rate=post["rate"],
                   skill_after=post["skill"])
    return out


def compare(preview: Preview, did: dict[str, Any], x: d.Decision) -> list[str]:
    """Every preview figure that disagrees with what the decision did."""
    wrong = []
    for name in FIGURES:
        promised = getattr(preview, name)
        actual = did.get(name)
        if promised is None or actual is None:
            continue
        if promised != pytest.approx(actual, rel=1e-9, abs=1e-6):
            wrong.append(f"{x!r}: preview {name}={promised!r}, the game did {actual!r}")
    return wrong


def check_preview(sim: Simulation, x: d.Decision) -> list[str]:
    """Preview `x` on `sim`, apply it to a copy, and list the figures that disagree."""
    preview = sim.preview(x)
    assert preview.text and "No preview" not in preview.text
    twin = replayed(sim)
    twin.sync_all()
    twin.recompute_cost_rate()
    pre = observe(twin, x)
    twin.apply(x)
    post = observe(twin, x)
    return compare(preview, measured(pre, post, x), x)

