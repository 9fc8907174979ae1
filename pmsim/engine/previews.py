"""One-line previews of what a decision costs and is expected to do, shown before the
player confirms it. They are read from the `PlayerView` only, like everything the
player sees, and state the model's rules in plain words."""

from __future__ import annotations

from pmsim.engine import board
from pmsim.engine import decisions as d
from pmsim.engine.actions import OVERTIME_LEVELS, SKILL_CAP, TRAINING_DAYS
from pmsim.engine.reports import money_text, week_hours
from pmsim.engine.view import PlayerView
from pmsim.wording import count


def _money(view: PlayerView, amount: float) -> str:
    return f"{amount:,.0f} {view.money.currency}"


def preview(view: PlayerView, decision: d.Decision) -> str:
    """Plain-words cost and expected effect of a decision."""
    hours = f"{decision.attention:g} h of your attention" if decision.attention else ""
    text = _effect(view, decision)
    return f"{text} ({hours})." if hours else f"{text}."


def _effect(view: PlayerView, x: d.Decision) -> str:
    if isinstance(x, d.SetOvertime):
        normal = week_hours(1.0, view.days_per_week)
        hours = week_hours(x.level, view.days_per_week)
        if x.level <= 1.0:
            return f"{normal:.0f}-hour weeks: no premium; fatigue eases over the coming weeks"
        premium = (x.level - 1.0) * 1.5
        long_weeks = week_hours(1.5, view.days_per_week)
        return (f"{hours:.0f}-hour weeks: pay +{premium:.0%} for those working; more output "
                "at first, then fatigue lowers productivity and quality (beyond ~8 weeks "
                f"at {long_weeks:.0f} h, less output than at {normal:.0f} h)")
    if isinstance(x, d.Assign):
        task = view.task(x.task)
        person = view.person(x.person)
        skill = person.skills.get(task.skill, 0.0)
        days = 10 * min(task.progress, 1.0) / max(person.experience, 0.1)
        catch = "" if task.status != "active" or days < 0.5 else (
            f"; needs about {days:.0f} days to catch up on the work in progress"
        )
        load = sum(1 for a in person.assignments if view.task(a).status == "active")
        split = f"; splits their time over {load + 1} tasks" if load else ""
        return f"{person.name} works on '{task.name}' at skill {skill:.1f}{catch}{split}"
    if isinstance(x, d.Unassign):
        return f"{view.person(x.person).name} stops working on '{view.task(x.task).name}'"
    if isinstance(x, d.Hire):
        c = next(c for c in view.candidates if c.id == x.candidate)
        return (f"{c.name} starts in week {view.week + c.lead_time_weeks} at "
                f"{_money(view, c.daily_rate)} a day (+{_money(view, c.hiring_cost)} "
                "once); new hires start at half productivity, take experienced people's "
                "time to coach, and add communication overhead")
    if isinstance(x, d.Release):
        p = view.person(x.person)
        return (f"{p.name} leaves at the end of this week, saving "
                f"{_money(view, p.daily_rate)} a day; their tasks lose them; morale dips")
    if isinstance(x, d.Crash):
        t = view.task(x.task)
        cost = x.days * (t.crash_cost_per_day or 0.0)
        left = max(t.can_crash_days - x.days, 0.0)
        after = ("no more days can be bought after this" if left <= 0 else
                 f"{left:g} more day{'' if left == 1 else 's'} can be bought after this")
        days = f"{x.days:g} day{'' if x.days == 1 else 's'}"
        return (f"Contractors take {days} off '{t.name}' for {_money(view, cost)} ({after})")
    if isinstance(x, d.FastTrack):
        return ("Starts as soon as its predecessors are 60 % done; the overlap means more "
                "rework")
    if isinstance(x, d.CutScope | d.DeferScope):
        s = next(s for s in view.scope if s.id == x.item)
        verb = "Drops for good" if isinstance(x, d.CutScope) else "Moves to a later release"
        return (f"{verb} '{s.name}' ({_money(view, s.value)} of value); stakeholders who "
                "care about scope are disappointed" + ("" if isinstance(x, d.CutScope)
                                                       else ", less so; it can be restored"))
    if isinstance(x, d.RestoreScope):
        return "Brings the deferred scope back into the plan"
    if isinstance(x, d.RespondToRisk):
        r = next(r for r in view.risks if r.id == x.risk)
        if x.response == "accept":
            return f"Accept '{r.name}' as it is (half an hour to record it)"
        resp = r.responses[x.response]
        effects = [f"{name} ×{float(resp[key]):g}" for name, key in (
            ("probability", "probability_factor"),
            ("cost impact" if x.response == "transfer" else "impact", "impact_factor"))
            if abs(float(resp[key]) - 1.0) > 1e-9]
        return (f"{str(resp['description']).rstrip('.') or x.response.capitalize()}: "
                f"{money_text(float(resp['cost']), view.money.currency)}, "
                f"{float(resp['attention']):g} h of your attention"
                + (f"; {', '.join(effects)}" if effects else ""))
    if isinstance(x, d.DrawContingency):
        return (f"Moves {_money(view, x.amount)} of contingency into the budget "
                f"({_money(view, view.money.contingency_left)} left)")
    if isinstance(x, d.RequestReserve):
        return (f"Asks the sponsor for {_money(view, x.amount)} of management reserve; "
                f"granted when their satisfaction is at least {board.RESERVE_SATISFACTION:.0f}")
    if isinstance(x, d.MeetStakeholder):
        h = next(h for h in view.stakeholders if h.id == x.stakeholder)
        return (f"{h.name} learns the true state (bad news they had not heard costs "
                "satisfaction), feels heard (+5) and engages more")
    if isinstance(x, d.SetReporting):
        hours = {"none": 0, "summary": 1, "detailed": 3}[x.level]
        label = {"none": "No", "summary": "Summary", "detailed": "Detailed"}[x.level]
        return (f"{label} status reports: {hours} h a week; stakeholders' "
                "picture follows the truth " + {"none": "slowly and drifts toward rumour",
                                                "summary": "steadily",
                                                "detailed": "closely"}[x.level])
    if isinstance(x, d.SteeringCommittee):
        return "Every high-power stakeholder sees the true state (+3 each)"
    if isinstance(x, d.NegotiateDeadline):
        return (f"Ask to move the deadline {count(x.weeks, 'week')}; the sponsor agrees at "
                f"satisfaction ≥ {board.DEADLINE_SATISFACTION:.0f}, and it costs "
                f"{4 * x.weeks} points of their satisfaction")
    if isinstance(x, d.NegotiateScope):
        return (f"Ask the sponsor to make '{x.item}' a should-have; agreed at satisfaction "
                f"≥ {board.SCOPE_SATISFACTION:.0f}")
    if isinstance(x, d.Recognise):
        return "A public thank-you: a small lift to morale"
    if isinstance(x, d.TeamEvent):
        cost = 0.5 * sum(p.daily_rate for p in view.people if p.status == "active")
        return f"Costs {_money(view, cost)}; lifts morale and eases fatigue"
    if isinstance(x, d.Train):
        p = view.person(x.person)
        now = p.skills.get(x.skill, 0.0)
        return (f"{p.name} is away {TRAINING_DAYS:g} days; '{x.skill}' {now:.1f} → "
                f"{min(SKILL_CAP, now + 0.1):.1f}; course fee {_money(view, 2 * p.daily_rate)}")
    if isinstance(x, d.RaiseException):
        return ("Report the forecast breach to the board, who choose: recovery plan, "
                "re-baseline, descope or close; reporting early earns trust")
    if isinstance(x, d.RecommendClosure):
        holds = "still holds" if view.business_case_holds else "no longer holds"
        return (f"Ends the project now; the business case {holds}, so this is scored as "
                + ("a waste of the work so far" if view.business_case_holds
                   else "the right call"))
    return "No preview available"


__all__ = ["OVERTIME_LEVELS", "preview"]
