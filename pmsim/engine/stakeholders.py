"""Stakeholders: perceived vs actual performance, satisfaction, engagement, escalations.

Each stakeholder judges the project on what they *believe* (perceived performance per
dimension). Status reports and meetings move belief toward the truth; without them
belief lags and drifts toward rumour. Satisfaction follows perceived performance,
weighted by what the stakeholder cares about, and engagement.

Where they sit on the power/interest grid (Mendelow) sets how often they want to be
met: a one-to-one is worth its full points when they are due one (`MEETING_CADENCE`
weeks after the last), less when they were met recently, and a stakeholder met again and
again within days is annoyed (nagging costs goodwill); a keep-satisfied stakeholder met
more often than they want is annoyed sooner. Meetings move engagement toward the level
the project needs from them (PMBOK's engagement assessment matrix), never past it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine.state import ENGAGEMENT_LEVELS, STAKEHOLDER_CONCERNS, StakeholderState
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.scenario.schema import Stakeholder

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

REPORT_UPDATE = {"none": 0.1, "summary": 0.35, "detailed": 0.7}
"""Share of the gap between belief and truth that a week of reporting closes."""
REPORT_BONUS = {"none": -8.0, "summary": 4.0, "detailed": 8.0}
"""Satisfaction points (times interest) for being kept informed."""
DETAIL_OVERLOAD = 4.0
"""Satisfaction points (times 1 − interest) detailed reports cost a stakeholder: detail
they did not ask for (keep satisfied and monitor want the summary). Detailed beats summary
for a stakeholder only above interest 0.5."""
ENGAGEMENT_BONUS = {
    "unaware": -5.0, "resistant": -15.0, "neutral": 0.0, "supportive": 8.0, "leading": 12.0,
}
ESCALATION_SATISFACTION = 30.0
"""Satisfaction below which a powerful stakeholder escalates."""
ESCALATION_POWER = 0.5
"""Power from which an unhappy stakeholder escalates (others only grumble)."""
ESCALATION_INTERVAL_WEEKS = 4
"""Weeks a stakeholder waits after an escalation before escalating again."""
SPENDING_FREEZE_WEEKS = 4
"""Weeks the sponsor freezes spending (no hires or contractors) after an escalation of
theirs went unanswered."""
ESCALATION_ANSWER_POINTS = {"recovery": 12.0, "meet": 5.0, "ignore": -5.0}
"""Satisfaction each answer to an escalation moves the stakeholder by."""
SATISFACTION_PACE = 0.3
"""Share of the gap between a stakeholder's satisfaction and what they now think of the
project (their target) that a week closes: satisfaction follows the picture slowly."""
MEET_POINTS = 5.0
"""Satisfaction a stakeholder gains from a one-to-one when they are due one (after any
surprise); less when they were met recently (`meeting_points`)."""
GRID_SPLIT = 0.5
"""Power or interest (0-1) from which a stakeholder is on the high side of the
power/interest grid."""
MEETING_CADENCE = {"manage closely": 2, "keep informed": 3, "keep satisfied": 4, "monitor": 8}
"""Weeks after a one-to-one until a stakeholder of each grid quadrant is due another:
manage closely fortnightly, keep informed every three weeks (status reports carry the
rest), keep satisfied monthly, monitor every two months."""
MEETING_FILL = 0.8
"""Contact load one one-to-one adds; the load falls by `MEETING_FILL / cadence` a week,
so a stakeholder met every cadence weeks is always due. A meeting is worth
`MEET_POINTS × (1 − load)`, negative above a full load: from due, a second one the same
week is worth a fifth, a third costs three points (nagging)."""
OVERCOMMUNICATION_POINTS = 4.0
"""Satisfaction a keep-satisfied stakeholder loses from a one-to-one at a full contact
load (in proportion below it): they want to be kept satisfied, not managed closely."""
ENGAGE_BELOW_LOAD = 0.5
"""A one-to-one moves engagement a step toward the desired level only when the contact
load is below this (extra meetings the same week change nothing)."""
LEADING_SATISFACTION = 70.0
"""Satisfaction from which a supportive stakeholder can be brought to leading."""
DESIRED_BY_QUADRANT = {"manage closely": "supportive", "keep informed": "supportive",
                       "keep satisfied": "neutral", "monitor": "neutral"}
"""Default desired engagement by grid quadrant (the sponsor's is leading)."""
STEERING_POINTS = 3.0
"""Satisfaction each high-power stakeholder gains from a steering committee held when
one is due; less when the last was recent (`steering_points`)."""
STEERING_CADENCE = 4
"""Weeks between steering committees at which each is worth its full points (monthly);
one held sooner is worth the share of those weeks that has passed, less
`STEERING_EARLY_COST` for the board's time."""
STEERING_EARLY_COST = 4.0
"""Satisfaction each board member loses from a steering committee called before it is
due, in proportion to how early (all of it the week after the last): the board manages
by exception (PRINCE2) and its time is not free. Weekly committees lose points."""
STEERING_SURPRISE = 0.5
"""Weight of the surprise a steering committee's news causes (a one-to-one's is 1)."""
STEERING_POWER = 0.5
"""Power from which a stakeholder sits on the steering committee."""
SURPRISE_PENALTY = 30.0


def initial_state(sim: Simulation, spec: Stakeholder) -> StakeholderState:
    """A stakeholder at the start: they believe the plan."""
    return StakeholderState(
        spec=spec, satisfaction=spec.satisfaction, engagement=spec.engagement,
        perceived=dict.fromkeys(STAKEHOLDER_CONCERNS, 1.0), history=[spec.satisfaction],
        desired=desired_engagement(spec), engagement_history=[spec.engagement],
    )


def quadrant(spec: Stakeholder) -> str:
    """Power/interest grid quadrant."""
    high_p, high_i = spec.power >= GRID_SPLIT, spec.interest >= GRID_SPLIT
    if high_p and high_i:
        return "manage closely"
    if high_p:
        return "keep satisfied"
    if high_i:
        return "keep informed"
    return "monitor"


def desired_engagement(spec: Stakeholder) -> str:
    """The engagement level the project needs from them: the scenario's, else the
    sponsor leading and the others by grid quadrant (`DESIRED_BY_QUADRANT`)."""
    if spec.desired_engagement is not None:
        return spec.desired_engagement
    return "leading" if spec.sponsor else DESIRED_BY_QUADRANT[quadrant(spec)]


def engagement_gap(h: StakeholderState, level: str | None = None) -> int:
    """Columns of the engagement matrix the level (now, by default) is below the
    desired one (0 at or above it)."""
    now = ENGAGEMENT_LEVELS.index(level or h.engagement)
    return max(0, ENGAGEMENT_LEVELS.index(h.desired) - now)


def actual_performance(sim: Simulation) -> dict[str, float]:
    """How the project really does on each dimension (1.0 = to plan)."""
    last = sim.history[-1] if sim.history else None
    planned_value = sum(
        s.value for s in sim.scenario.scope if not s.proposed
    ) or 1.0
    in_scope_value = sum(
        item.value for item in sim.scope.values() if item.in_scope
    )
    done = sum(t.done for t in sim.tasks.values()) or 1.0
    found = sum(t.found_flaws for t in sim.tasks.values())
    return {
        "schedule": min(1.2, max(0.0, last.spi_t if last else 1.0)),
        "cost": min(1.2, max(0.0, last.cpi if last else 1.0)),
        "scope": min(1.2, max(0.0, in_scope_value / planned_value)),
        "quality": min(1.1, max(0.0, 1.05 - 2.0 * found / done)),
    }


def satisfaction_target(sim: Simulation, h: StakeholderState) -> float:
    """Where satisfaction heads, given belief, engagement and communication."""
    cares = h.spec.cares
    weights = {d: getattr(cares, d) for d in STAKEHOLDER_CONCERNS}
    total = sum(weights.values()) or 1.0
    judged = sum(weights[d] * (h.perceived[d] - 1.0) for d in STAKEHOLDER_CONCERNS) / total
    target = 60.0 + 120.0 * judged
    target += ENGAGEMENT_BONUS[h.engagement]
    target += report_bonus(sim.attention.reporting, h.spec.interest)
    return min(100.0, max(0.0, target))


def report_bonus(level: str, interest: float) -> float:
    """Satisfaction points a reporting level is worth to a stakeholder of this interest:
    `REPORT_BONUS` times interest, less `DETAIL_OVERLOAD` times the lack of it for
    detailed reports (tailor the reports to the audience)."""
    overload = DETAIL_OVERLOAD * (1.0 - interest) if level == "detailed" else 0.0
    return REPORT_BONUS[level] * interest - overload


def reveal(sim: Simulation, h: StakeholderState, surprise_weight: float = 1.0) -> float:
    """They learn the true state; bad news they had not heard costs satisfaction."""
    actual = actual_performance(sim)
    weights = {d: getattr(h.spec.cares, d) for d in STAKEHOLDER_CONCERNS}
    total = sum(weights.values()) or 1.0
    gap = sum(weights[d] * max(0.0, h.perceived[d] - actual[d])
              for d in STAKEHOLDER_CONCERNS) / total
    h.perceived = dict(actual)
    penalty = SURPRISE_PENALTY * gap * surprise_weight
    h.satisfaction = max(0.0, h.satisfaction - penalty)
    return penalty


def nudge(h: StakeholderState, points: float) -> None:
    """Change satisfaction by some points, within 0-100."""
    h.satisfaction = min(100.0, max(0.0, h.satisfaction + points))


def next_engagement(h: StakeholderState) -> str:
    """Where a well-timed one-to-one moves engagement: a step toward the desired level
    (unaware → neutral, resistant → neutral → supportive, to leading only from supportive
    when satisfaction ≥ `LEADING_SATISFACTION`), never past the desired level."""
    if engagement_gap(h) == 0:
        return h.engagement
    if h.engagement == "unaware":
        step = "neutral"  # now they know; a first meeting does not breed resistance
    elif h.engagement == "supportive" and h.satisfaction < LEADING_SATISFACTION:
        return h.engagement
    else:
        step = ENGAGEMENT_LEVELS[ENGAGEMENT_LEVELS.index(h.engagement) + 1]
    desired = ENGAGEMENT_LEVELS.index(h.desired)
    return ENGAGEMENT_LEVELS[min(ENGAGEMENT_LEVELS.index(step), desired)]


def lower_engagement(h: StakeholderState) -> None:
    """An escalation hardens positions: engagement falls a step, not below resistant."""
    idx = ENGAGEMENT_LEVELS.index(h.engagement)
    if idx > ENGAGEMENT_LEVELS.index("resistant"):
        h.engagement = ENGAGEMENT_LEVELS[idx - 1]


def meeting_points(h: StakeholderState) -> float:
    """Satisfaction a one-to-one now adds (after any surprise): `MEET_POINTS` when they
    are due one, less the higher their contact load, and less than nothing above a full
    load (met again and again within days); a keep-satisfied stakeholder loses up to
    `OVERCOMMUNICATION_POINTS` more when met more often than they want."""
    load = h.contact_load
    points = MEET_POINTS * (1.0 - load)
    if quadrant(h.spec) == "keep satisfied":
        points -= OVERCOMMUNICATION_POINTS * min(1.0, load)
    return points


def steering_points(sim: Simulation, h: StakeholderState) -> float:
    """Satisfaction a steering committee held now adds for a high-power stakeholder:
    `STEERING_POINTS` times the share of `STEERING_CADENCE` weeks since the last, less
    `STEERING_EARLY_COST` times the share still to go (negative when called too soon)."""
    since = sim.week - h.last_steering_week
    due = min(1.0, max(0.0, since / STEERING_CADENCE))
    return STEERING_POINTS * due - STEERING_EARLY_COST * (1.0 - due)


def end_week(sim: Simulation) -> None:
    """Beliefs update through reporting, satisfaction moves, the unhappy escalate."""
    actual = actual_performance(sim)
    rate = REPORT_UPDATE[sim.attention.reporting]
    for h in sim.stakeholders.values():
        pace = rate * (0.5 + 0.5 * h.spec.interest)
        for d in STAKEHOLDER_CONCERNS:
            h.perceived[d] += pace * (actual[d] - h.perceived[d])
            if sim.attention.reporting == "none":
                h.perceived[d] -= 0.02 * h.spec.interest  # rumour fills the silence
        h.satisfaction += SATISFACTION_PACE * (satisfaction_target(sim, h) - h.satisfaction)
        h.satisfaction = min(100.0, max(0.0, h.satisfaction))
        h.history.append(h.satisfaction)
        cadence = MEETING_CADENCE[quadrant(h.spec)]
        h.contact_load = max(0.0, h.contact_load - MEETING_FILL / cadence)
        if (
            h.spec.power >= ESCALATION_POWER and h.satisfaction < ESCALATION_SATISFACTION
            and sim.week - h.last_escalation_week >= ESCALATION_INTERVAL_WEEKS
        ):
            h.last_escalation_week = sim.week
            lower_engagement(h)
            escalate(sim, h)
        h.engagement_history.append(h.engagement)


def sponsor(sim: Simulation) -> StakeholderState | None:
    """The sponsor (or, if none is marked, the most powerful stakeholder)."""
    holders = list(sim.stakeholders.values())
    if not holders:
        return None
    marked = [h for h in holders if h.spec.sponsor]
    return marked[0] if marked else max(holders, key=lambda h: (h.spec.power, h.spec.interest))


def escalate(sim: Simulation, h: StakeholderState) -> None:
    """A powerful, unhappy stakeholder escalates; the PM must respond."""
    is_sponsor = sponsor(sim) is h
    ignore_text = "Their satisfaction drops further."
    if is_sponsor:
        ignore_text += (" The sponsor freezes spending: no hires or contractors for "
                        f"{SPENDING_FREEZE_WEEKS} weeks.")
    req = DecisionRequest(
        id=f"escalation:{h.id}:w{sim.week}", kind="escalation",
        title=f"{h.spec.name} escalates",
        text=(f"{h.spec.name} ({h.spec.role or 'stakeholder'}) is unhappy (satisfaction "
              f"{h.satisfaction:.0f}/100) and has escalated to senior management."),
        options=(
            RequestOption("recovery", "Present a recovery plan",
                          "They see the true state and your plan: satisfaction "
                          f"{ESCALATION_ANSWER_POINTS['recovery']:+.0f}.",
                          attention=4.0),
            RequestOption("meet", "Meet and explain",
                          "They see the true state: satisfaction "
                          f"{ESCALATION_ANSWER_POINTS['meet']:+.0f}.", attention=2.0),
            RequestOption("ignore", "Do nothing", ignore_text),
        ),
        default="ignore", source=h.id,
    )

    def handle(option: str) -> None:
        if option == "recovery":
            reveal(sim, h, 0.5)
            nudge(h, ESCALATION_ANSWER_POINTS["recovery"])
            sim.note("stakeholder", f"Recovery plan presented to {h.spec.name}.")
        elif option == "meet":
            reveal(sim, h, 0.5)
            nudge(h, ESCALATION_ANSWER_POINTS["meet"])
            sim.note("stakeholder", f"Met {h.spec.name} about the escalation.")
        else:
            nudge(h, ESCALATION_ANSWER_POINTS["ignore"])
            if is_sponsor:
                sim.board.freeze_until_week = sim.week + SPENDING_FREEZE_WEEKS
            sim.note("stakeholder", f"{h.spec.name}'s escalation went unanswered.",
                     "unanswered escalations harden positions")

    sim.request(req, handle)


def meet(sim: Simulation, h: StakeholderState) -> None:
    """A one-to-one: they learn the truth, feel heard as far as they were due a meeting,
    and (when due) engage a step more, toward the desired level."""
    points = meeting_points(h)
    engagement = next_engagement(h) if h.contact_load < ENGAGE_BELOW_LOAD else h.engagement
    penalty = reveal(sim, h)
    nudge(h, points)
    h.engagement = engagement
    h.contact_load += MEETING_FILL
    h.last_contact_week = h.last_meeting_week = sim.week
    extra = f" They had not expected the news (−{penalty:.0f})." if penalty >= 1 else ""
    if points < 0:
        extra += f" They did not want another meeting so soon ({points:+.1f})."
    sim.note("stakeholder", f"Met {h.spec.name}; engagement now {h.engagement}.{extra}")


def steering(sim: Simulation) -> None:
    """A steering committee: every high-power stakeholder sees the true state."""
    early = False
    for h in sim.stakeholders.values():
        if h.spec.power >= STEERING_POWER:
            points = steering_points(sim, h)
            reveal(sim, h, STEERING_SURPRISE)
            nudge(h, points)
            h.last_contact_week = h.last_steering_week = sim.week
            early = early or points < 0
    extra = (f" It came before it was due (about every {STEERING_CADENCE} weeks): the "
             "board's time is not free." if early else "")
    sim.note("board", f"Steering committee held; the board has the true picture.{extra}")
