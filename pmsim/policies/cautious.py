"""`cautious`: a sensible project manager.

Keeps stakeholders informed and plays the power/interest grid (meets each stakeholder
as often as their quadrant wants, holds a monthly steering committee), responds to
risks whose expected loss exceeds the cost of the response, keeps the bottleneck
staffed and lines up a second tester for each test ahead while on course, uses a
little overtime only in a real crunch and with a rested team, buys days on the critical
path (near-critical too when far behind) while the next day bought costs less than the
day it saves (the burn, more when the P80 forecast is late), fast-tracks critical tasks
when the original commitment needs it, rejects changes that do not pay for themselves,
hires early (when the P80 forecast is late) or not at all, and, once its own authority is
used (the risk register, the contingency a fired threat or a forecast gap allows), raises
an exception to the board when a tolerance is still forecast to break, recommending what
the board would accept. A project it takes over already far behind (`RECOVERY_LATE_WEEKS`)
gets the recovery playbook besides: a key person backed up at once and every overlap the
network allows, tests too.
"""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.rules.morale import RECOGNITION_CADENCE, TEAM_EVENT_CADENCE
from pmsim.engine.stakeholders import MEETING_CADENCE, STEERING_CADENCE, STEERING_POWER
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.policies.change_plan import judge_change
from pmsim.policies.common import (
    CRITICAL,
    OFF_PATH,
    critical_people,
    idle_releases,
    replacement_hire,
    second_testers,
    sole_holder,
    staff_orphans,
)
from pmsim.policies.hiring_plan import early_hire, key_person_hire
from pmsim.policies.reporting_plan import reporting_level, wants_detail
from pmsim.policies.risk_plan import responses
from pmsim.policies.scope_plan import past_hard_stop, restore
from pmsim.policies.staffing_plan import idle_hands, second_hands

DELAY_DAY_VALUE = 2.0
"""What a day of delay is worth to the cautious PM when the forecast is late, in days of
the project's burn: the burn itself and as much again for what lateness costs the
business and the sponsor's confidence (the most a day bought by compression may cost)."""
EXCEPTION_SPACING = 2
"""Weeks the bot leaves between exception reports."""
TEAM_EVENT_MORALE = 0.6
"""Morale below which the bot holds a team event (when one is fresh again)."""
CONTINGENCY_AFTER_EV = 0.25
"""Share of the budget earned before the bot trusts the EAC enough to draw contingency."""
CRASH_FROM = 0.25
"""In a recovery (`CRASH_WIDE_LATE`), the criticality index from which a task is worth
crashing: its price per day saved (price over criticality) decides the rest."""
CRASH_WIDE_LATE = 3
"""Weeks the P50 forecast runs late from which the bot crashes near-critical tasks too
(`CRASH_FROM`, not `CRITICAL`), as rescue's payments integration; nearer the date, the
hour each purchase takes is worth more to the week's meetings."""
CRASH_STEP = 1.0
"""Days bought at a time when crashing (the price is checked for each)."""
FAST_TRACK_MARGIN_WEEKS = 1
"""Fast-track a critical task once the P80 forecast is this near the deadline or past it
(the overlap is worth its rework only when the date needs days)."""
RECOVERY_LATE_WEEKS = 3
"""Weeks late the P50 forecast already is at the bot's first look for the project to be
a recovery (rescue: taken over four weeks late): the team as it is cannot make the date,
so it backs up a key person (`hiring_plan.key_person_hire`) and overlaps every task it
can (`_fast_tracking`), tests too, trading their quality for the weeks."""
SHORT_PROJECT_WEEKS = 8
"""A project shorter than this many weeks meets its manage-closely stakeholders weekly
until they are engaged (`_stakeholders`)."""
OVERTIME_LATE_WEEKS = 2
"""Weeks the P50 forecast must run late before the bot asks for longer weeks."""
OVERTIME_LEVEL = 1.1
"""The longer weeks it then asks for (10 % more hours)."""
OVERTIME_MAX_FATIGUE = 0.12
"""Fatigue above which the team works normal weeks whatever the forecast."""
OVERTIME_MIN_MORALE = 0.5
"""Morale below which the team works normal weeks whatever the forecast."""


class CautiousPolicy:
    """A sensible PM."""

    name = "cautious"

    def __init__(self) -> None:
        self.exception_week = -99
        self.reserve_week = -99
        self.scope_week = -99
        self.staffed_week = -99
        self.staffing_first = False
        """Whether this week's first look only staffed orphaned work (`decide`)."""
        self.recovery: bool | None = None
        """Whether it took the project over in trouble (`RECOVERY_LATE_WEEKS`), decided
        at its first look; None until then."""

    # ------------------------------------------------------------------ weekly
    def decide_again(self, view: PlayerView, round_: int) -> list[d.Decision]:
        """A second look at the dashboard after the week's decisions and answers: a
        breach they brought to light goes to the board now, not next week; tasks the
        week's restores and accepted changes brought in get people now (or the forecast
        jumps and the bot defers them again); in a recovery, tasks whose predecessors
        the week's fast-tracking started may overlap too."""
        if self.staffing_first:  # the week's decisions, on a forecast with everyone on
            self.staffing_first = False
            return self.decide(view)
        out = staff_orphans(view) + (self._exception(view) if round_ == 1 else [])
        return out + (self._fast_tracking(view, everything=True) if self.recovery else [])

    def _exception(self, view: PlayerView) -> list[d.Decision]:
        """An exception report when the board would hear a breach (not more often than
        every `EXCEPTION_SPACING` weeks)."""
        if view.raisable and view.week - self.exception_week >= EXCEPTION_SPACING:
            self.exception_week = view.week
            return [d.RaiseException()]
        return []

    def _must_haves(self, view: PlayerView) -> list[d.Decision]:
        """When the P80 forecast runs past the hard stop, a must-have will be
        missing: ask the sponsor to make the least-advanced one a should-have (MoSCoW
        renegotiation), at most every `EXCEPTION_SPACING` weeks."""
        if (view.forecast.p80_week <= view.hard_stop_week
                or view.week - self.scope_week < EXCEPTION_SPACING):
            return []
        musts = [s for s in view.scope if s.priority == "must" and s.status == "planned"
                 and s.progress < 1.0 and s.negotiable]
        if not musts:
            return []
        self.scope_week = view.week
        return [d.NegotiateScope(min(musts, key=lambda s: (s.progress, s.value)).id)]

    def decide(self, view: PlayerView) -> list[d.Decision]:
        """This week's decisions, most important first (attention runs out)."""
        if self.recovery is None:
            self.recovery = self._late(view) >= RECOVERY_LATE_WEEKS
        out: list[d.Decision] = []
        if view.week == 1 and view.stakeholders:
            out.append(d.SetReporting(reporting_level(view)))
        orphans = staff_orphans(view)
        if orphans and self.staffed_week != view.week:
            # work nobody is on (an accepted change, a leaver's) makes the forecast
            # late for no reason: staff it, and decide the rest on the second look
            self.staffing_first = True
            self.staffed_week = view.week
            return out + orphans
        if self.recovery:  # the backup's lead time runs from the first hour
            out += self._hiring(view, backup=True)
        out += self._must_haves(view)
        out += past_hard_stop(view)
        out += restore(view)
        out += self._risks(view)
        if view.money.eac <= view.money.authorised:
            # risks further off too, planned early while the money allows
            out += self._risks(view, near=False)
        money = self._money(view)
        draws = [x for x in money if isinstance(x, d.DrawContingency)]
        # what the PM's own authority covers first (the register, then the contingency);
        # what is still beyond tolerance then goes to the board
        out += draws
        out += self._exception(view)
        out += self._focus(view)
        out += self._staffing(view)
        out += self._hiring(view)
        out += self._crashing(view)
        out += self._fast_tracking(view)
        out.append(self._overtime(view))
        out += [x for x in money if x not in draws]
        out += self._stakeholders(view)  # the meetings due first; a kick-off when it fits
        out += self._team(view)
        if (view.stakeholders and view.week > 1 and view.reporting != "detailed"
                and wants_detail(view)):
            out.append(d.SetReporting("detailed"))  # late in the week: when its hours allow
        if view.forecast.p80_week <= view.original_deadline_week:
            # on course for the original commitment: a second tester for each test ahead
            given = {x.person for x in out if isinstance(x, d.Assign)}
            out += second_testers(view, critical_people(view) | given)
        if self.recovery:
            tracked = {x.task for x in out if isinstance(x, d.FastTrack)}
            out += [x for x in self._fast_tracking(view, everything=True)
                    if isinstance(x, d.FastTrack) and x.task not in tracked]
        return out + idle_releases(view, {x.person for x in out if isinstance(x, d.Assign)})

    def _late(self, view: PlayerView) -> float:
        """Forecast weeks late (P50)."""
        return view.forecast.p50_week - view.deadline_week

    def _risks(self, view: PlayerView, near: bool = True) -> list[d.Decision]:
        """This week's responses (`pmsim.policies.risk_plan.responses`)."""
        return responses(view, near)

    def _focus(self, view: PlayerView) -> list[d.Decision]:
        """Protect the critical path's people: while the P80 forecast is late, someone on
        a critical task who is also on a could-have task off the path stops switching:
        they leave it when someone else carries it; else the item is deferred (one a
        week), and `scope_plan.restore` brings it back when the forecast allows."""
        if view.forecast.p80_week <= view.deadline_week:
            return []
        active = [t for t in view.tasks if t.status == "active"]
        on_path = critical_people(view)
        could = {s.id for s in view.scope if s.priority == "could" and s.status == "planned"}
        out: list[d.Decision] = []
        for t in active:
            if t.criticality >= OFF_PATH or t.scope not in could or t.kind == "test":
                continue
            torn = [a for a in t.assignees if a in on_path]
            if not torn:
                continue
            if len(torn) < len(t.assignees):
                out += [d.Unassign(a, t.id) for a in torn]
            elif not any(isinstance(x, d.DeferScope) for x in out):
                out.append(d.DeferScope(t.scope))
        return out

    def _staffing(self, view: PlayerView) -> list[d.Decision]:
        out = staff_orphans(view)
        out += second_hands(view, out)
        # someone the project could hand back is not paid either way: only the
        # critical path is worth their pay
        free = idle_releases(view, {x.person for x in out if isinstance(x, d.Assign)})
        return out + idle_hands(view, out, {x.person for x in free if isinstance(x, d.Release)})

    def _hiring(self, view: PlayerView, backup: bool = False) -> list[d.Decision]:
        """Hire early for a big critical task (`early_hire`), else at any time for a
        skill the open work needs and nobody has (`replacement_hire`); with `backup` (a
        recovery's first decisions), only a key person's backup (`key_person_hire`)."""
        if backup:
            return key_person_hire(view)
        return early_hire(view) or replacement_hire(view)

    def _crashing(self, view: PlayerView) -> list[d.Decision]:
        """Compress the critical path where it pays (the time–cost trade-off of Kelley &
        Walker): buy days on the critical tasks (the near-critical ones too, in a
        recovery: `CRASH_WIDE_LATE`), always the best-value next day first
        (its price over the task's criticality, the chance the day moves the finish),
        while that costs less than a day of the project: its burn, which an earlier
        finish saves, and `DELAY_DAY_VALUE` times the burn for the days the P80 forecast
        is late. Each day on a task costs more than the one before, so the purchase
        stops where it stops paying."""
        if view.frozen_until_week >= view.week:
            return []
        burn = max(view.money.burn_per_day, 1.0)
        late = max(0, view.forecast.p80_week - view.deadline_week) * view.days_per_week
        low = CRASH_FROM if self._late(view) >= CRASH_WIDE_LATE else CRITICAL
        tasks = {t.id: t for t in view.tasks
                 if t.status in ("waiting", "active") and t.criticality >= low
                 and t.can_crash_days > 0 and t.crash_cost_per_day is not None}
        bought: dict[str, float] = {}

        def unit(tid: str) -> float:  # the price of the next day per day it saves
            t = tasks[tid]
            step = min(CRASH_STEP, t.can_crash_days - bought.get(tid, 0.0))
            mid = (t.crash_cost_per_day or 0.0) + t.crash_cost_slope * (
                bought.get(tid, 0.0) + step / 2)
            return mid / t.criticality

        total = 0.0
        while tasks:
            tid = min(tasks, key=unit)
            value = burn * (DELAY_DAY_VALUE if total < late else 1.0)
            if unit(tid) >= value:
                break
            step = min(CRASH_STEP, tasks[tid].can_crash_days - bought.get(tid, 0.0))
            bought[tid] = bought.get(tid, 0.0) + step
            total += step
            if tasks[tid].can_crash_days - bought[tid] <= 1e-9:
                del tasks[tid]
        return [d.Crash(tid, round(days, 3)) for tid, days in bought.items()]

    def _fast_tracking(self, view: PlayerView, everything: bool = False) -> list[d.Decision]:
        """Overlap a critical task with its predecessors only when the P80 forecast is
        late or nearly so (`FAST_TRACK_MARGIN_WEEKS`): the overlap buys days at the price
        of rework that grows with it, worth it only for days the deadline needs. Late
        against the original commitment, not a moved deadline: the schedule is judged
        against it, and each week used of a move still counts half. With `everything`
        (a recovery's second pass, with the week's hours left), every task that may
        overlap, tests too: their quality is the price of the weeks."""
        target = min(view.deadline_week, view.original_deadline_week)
        if view.forecast.p80_week <= target - FAST_TRACK_MARGIN_WEEKS:
            return []
        out: list[d.Decision] = []
        for t in view.tasks:
            if t.status != "waiting" or t.fast_tracked:
                continue
            # a test cannot check work not yet done: overlapping one is a recovery's call
            if not everything and (t.criticality < CRITICAL or t.kind == "test"):
                continue
            preds = [view.task(p).status for p in t.predecessors]
            if "active" in preds and "waiting" not in preds:
                out.append(d.FastTrack(t.id))
        return out

    def _overtime(self, view: PlayerView) -> d.Decision:
        """Longer weeks only in a real crunch (the P50 forecast `OVERTIME_LATE_WEEKS`
        late) and only a little (`OVERTIME_LEVEL`), never for a tired or unhappy team:
        every hour of overtime is worth less than a normal one from the first week and
        the loss grows (docs/model.md), so a little late is better met otherwise."""
        if view.fatigue > OVERTIME_MAX_FATIGUE or view.morale < OVERTIME_MIN_MORALE:
            return d.SetOvertime(1.0)
        return d.SetOvertime(OVERTIME_LEVEL if self._late(view) >= OVERTIME_LATE_WEEKS
                             else 1.0)

    def _money(self, view: PlayerView) -> list[d.Decision]:
        """Contingency for the cost of a fired threat at once, and for a forecast gap
        once `CONTINGENCY_AFTER_EV` of the work is earned (earlier, a CPI says little);
        management reserve (at most every 4 weeks: asking costs goodwill) for what the
        contingency cannot cover."""
        m = view.money
        out: list[d.Decision] = []
        gap = m.eac - m.authorised
        if gap <= 0 or not view.metrics or view.metrics.ev <= CONTINGENCY_AFTER_EV * m.bac:
            if m.contingency_cover > 1.0:  # a fired threat's cost: what contingency is for
                out.append(d.DrawContingency(round(m.contingency_cover - 0.005, 2)))
            return out
        if m.contingency_left > 0:
            want = max(gap, m.contingency_cover)
            out.append(d.DrawContingency(round(min(want, m.contingency_left), 2)))
        need = gap - m.contingency_left
        if need > 0.01 * m.bac and m.reserve_left > 0 and view.week - self.reserve_week >= 4:
            self.reserve_week = view.week
            out.append(d.RequestReserve(round(min(need, m.reserve_left), 2)))
        return out

    def _stakeholders(self, view: PlayerView) -> list[d.Decision]:
        """Play the power/interest grid: a steering committee at the kick-off and monthly
        after, and a one-to-one with each stakeholder when their quadrant's cadence says
        one is due (manage closely fortnightly, keep informed every three weeks, keep
        satisfied monthly and no more, monitor every two months), the most powerful and
        interested first. One that did not fit in the week is still due the next. In a
        project of under eight weeks, a manage-closely stakeholder is met weekly until
        they are as engaged as the project needs, then by the grid: a fortnight is a
        third of such a project and the score weighs every week, but a stakeholder met
        weekly for long is met too often."""
        out: list[d.Decision] = []
        board = [h for h in view.stakeholders if h.power >= STEERING_POWER]
        if board and view.week - board[0].last_steering_week >= STEERING_CADENCE:
            out.append(d.SteeringCommittee())
        for h in sorted(view.stakeholders, key=lambda h: -h.power * h.interest):
            short = (view.original_deadline_week < SHORT_PROJECT_WEEKS
                     and h.quadrant == "manage closely" and h.engagement != h.desired_engagement)
            cadence = 1 if short else MEETING_CADENCE[h.quadrant]
            if view.week - h.last_meeting_week >= cadence:
                out.append(d.MeetStakeholder(h.id))
        return out

    def _team(self, view: PlayerView) -> list[d.Decision]:
        """Recognition about monthly from the first month (mid-way in a shorter project),
        for work done (a task finished since the last; else the week one does); a team
        event at the kick-off (the first week its hours fit) and when morale sags; each no
        sooner than its cadence, when it is fresh again (what comes every week becomes
        routine)."""
        out: list[d.Decision] = []
        since = view.recognition_week
        new_work = any(t.finish_week is not None and t.finish_week >= since
                       for t in view.tasks if t.status == "done")
        first = min(RECOGNITION_CADENCE, view.original_deadline_week // 2)
        due = since == 0 or view.week - since >= RECOGNITION_CADENCE
        if new_work and view.week >= first and due:
            out.append(d.Recognise())
        never = view.team_event_week == 0
        kick_off = never and view.week <= TEAM_EVENT_CADENCE
        fresh = never or view.week - view.team_event_week >= TEAM_EVENT_CADENCE
        if (kick_off or view.morale < TEAM_EVENT_MORALE) and fresh:
            out.append(d.TeamEvent())
        return out

    # ------------------------------------------------------------------ requests
    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        """Answer like a sensible PM, within this week's attention."""
        options = {o.id: o for o in request.options}

        def can(option: str) -> bool:
            o = options.get(option)
            return o is not None and o.attention <= view.attention_left

        if request.kind == "change_request":
            return judge_change(view, request, can)
        if request.kind == "risk":
            task_ids = [r.tasks for r in view.risks if r.id == request.source]
            critical = any(
                view.task(t).criticality >= CRITICAL for ids in task_ids for t in ids
            )
            if critical and can("recover"):
                return "recover"
            return "mitigate" if can("mitigate") else request.default
        if request.kind == "escalation":
            return next((o for o in ("recovery", "meet") if can(o)), request.default)
        if request.kind == "resignation":
            person = request.source
            on_critical = any(
                t.criticality >= CRITICAL and person in t.assignees for t in view.tasks
            )
            key = on_critical or sole_holder(view, person)
            return "counter" if key and can("counter") else "accept"
        if request.kind == "board":
            return self._recommend(view, request)
        return request.default

    def _recommend(self, view: PlayerView, request: DecisionRequest) -> str:
        """Recommend what the situation calls for, preferring what the board would accept
        (the request's details say, as each option's preview does): closure when the
        business case has failed; for a time breach, a re-baseline (the bot has used its
        own authority first, so the plan cannot be met within tolerance, and PRINCE2's
        exception plan replaces it); else a recovery plan; the could-haves deferred
        last."""
        if not view.business_case_holds:
            return "close"
        order = (["rebaseline", "recovery", "descope"] if "time" in view.breaches
                 else ["recovery", "rebaseline", "descope"])
        agreed = {o.id for o in request.options if request.details.get(f"agrees:{o.id}")}
        return next((o for o in order if o in agreed), order[0])
