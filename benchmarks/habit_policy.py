"""The habits of `habits.py`: the cautious bot with one habit changed, and the variants.

`HabitPolicy` is `CautiousPolicy` with the switches of a `Habits` record. With every
switch at its default it plays exactly like `CautiousPolicy` (tests/test_habits.py
checks this). `VARIANTS` names the rows of the guides' tables; each applies to every
scenario where it can come into play, or only to the scenarios it names. They live
here, not in `pmsim.policies`: they exist to measure habits, not to be played against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pmsim.engine import decisions as d
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView, ScopeView
from pmsim.policies import CautiousPolicy, Policy, get_policy
from pmsim.policies.reckless import panic_hires
from pmsim.policies.risk_plan import RESPONSE_LEAD_WEEKS
from pmsim.scenario import Scenario

Week = int  # a week number, to tell it apart from the ids in the tuples below


# --------------------------------------------------------------------------- habits
@dataclass(frozen=True)
class Habits:
    """What a variant does differently from the cautious bot (defaults: nothing)."""

    risk_responses: bool = True
    """Plan responses from the register; recover or mitigate a risk that fires."""
    responses: tuple[tuple[str, str], ...] = ()
    """(risk, response) planned when the risk's window comes near, whatever it is worth."""
    meetings: bool = True
    """Meet stakeholders (and answer an escalation with a meeting if need be)."""
    resistant_first: bool = False
    """Meet resistant (and unaware) stakeholders first, every other week until won."""
    reporting: str | None = None
    """The reporting level set in week 1 and kept (None: the cautious bot's choice)."""
    max_overtime: bool = False
    """The most overtime the scenario allows, every week."""
    changes: str = "judge"
    """'judge' (the bot's rule), or 'accept', 'negotiate', 'reject' every change."""
    answers: tuple[tuple[str, str], ...] = ()
    """(scope item a change request adds, answer): overrides `changes` for that one."""
    crashing: str = "judge"
    """'judge' (critical tasks, cheaper than a day of the team), 'never', 'any_price'."""
    crashes: tuple[tuple[Week, Week, str], ...] = ()
    """(first week, last week, task): 2 days a week off the task, critical or not."""
    fast_track_when_late: bool = False
    """Fast-track every critical waiting task it can while the P50 forecast is late."""
    fast_tracks: tuple[tuple[Week, str], ...] = ()
    """(from week, task): fast-track the task as soon as the engine allows it."""
    hiring: str = "judge"
    """'judge' (early, for the critical path), 'never', or 'panic' (late: everyone)."""
    hires: tuple[tuple[Week, str, str], ...] = ()
    """(week, candidate, task) hired and assigned that week; no other hiring."""
    replace_leavers: bool = False
    """When someone resigns, hire the best candidate for their skill that week."""
    keep_idle: bool = False
    """Keep everyone to the end (the bot releases people with no work left that others
    on the team can cover)."""
    assigns: tuple[tuple[Week, str, str], ...] = ()
    """(week, person, task): put a person on a task from that week."""
    counter_offers: bool = True
    exceptions: bool = True
    rebaseline: bool = True
    """Take the board's re-baseline when offered and more than 3 weeks late."""
    team_care: bool = True
    """The bot's care of the team: monthly recognition for work done, a kick-off team
    event and one when morale sags."""
    defers: tuple[tuple[Week, str], ...] = ()
    """(week, scope item or priority): deferred that week."""
    defers_when_late: tuple[tuple[Week, str], ...] = ()
    """(from week, scope item or priority): deferred, if not yet half done, once the
    P50 forecast is past the deadline."""
    ask_reserve: bool = False
    """Ask the sponsor for management reserve once contingency cannot cover the EAC."""


class HabitPolicy(CautiousPolicy):
    """The cautious bot with some habits changed."""

    def __init__(self, name: str, habits: Habits) -> None:
        super().__init__()
        self.name = name
        self.habits = habits
        self.released: set[str] = set()
        self.replaced: set[str] = set()
        self.last_reserve = -99
        self.resistant_met: dict[str, int] = {}

    # ------------------------------------------------------------------ weekly
    def decide(self, view: PlayerView) -> list[d.Decision]:
        h, week = self.habits, view.week
        front: list[d.Decision] = []
        for when, key in h.defers:
            if week == when:
                front += [d.DeferScope(s.id) for s in _scope(view, key)]
        if self._late(view) > 0:
            for when, key in h.defers_when_late:
                if week >= when:
                    front += [d.DeferScope(s.id) for s in _scope(view, key) if s.progress < 0.5]
        for when, candidate, task in h.hires:
            if week == when:
                front += [d.Hire(candidate), d.Assign(candidate, task)]
        for when, person, task in h.assigns:
            if week >= when and _can_join(view, person, task):
                front.append(d.Assign(person, task))
        if h.replace_leavers:
            front += self._replace_leavers(view)
        if h.resistant_first:
            front += self._meet_resistant(view)
        out = []
        for x in super().decide(view):
            if isinstance(x, d.SetReporting) and h.reporting is not None:
                x = d.SetReporting(h.reporting)  # type: ignore[arg-type]
            elif isinstance(x, d.RaiseException) and not h.exceptions:
                continue
            elif isinstance(x, d.Release):
                if h.keep_idle:
                    continue
                self.released.add(x.person)  # a release is not a leaver to replace
            out.append(x)
        if front and out and isinstance(out[0], d.SetReporting):
            return [out[0], *front, *out[1:]]  # reporting first: it sets the hours left
        return front + out

    def _risks(self, view: PlayerView, near: bool = True) -> list[d.Decision]:
        forced = dict(self.habits.responses)
        out = [d.RespondToRisk(r.id, forced[r.id])  # type: ignore[arg-type]
               for r in view.risks if near and r.id in forced and r.response is None
               and not r.closed and r.window[0] - view.week <= RESPONSE_LEAD_WEEKS
               and view.week <= r.window[1]]
        if self.habits.risk_responses:
            out += [x for x in super()._risks(view, near)
                    if not (isinstance(x, d.RespondToRisk) and x.risk in forced)]
        return out

    def _staffing(self, view: PlayerView) -> list[d.Decision]:
        out = super()._staffing(view)
        return out

    def _hiring(self, view: PlayerView, backup: bool = False) -> list[d.Decision]:
        # a habit's hiring replaces all of the bot's, a recovery's backup included
        if self.habits.hiring == "never" or self.habits.hires:
            return []
        if self.habits.hiring == "panic":
            return [] if backup else _panic_hires(view)
        return super()._hiring(view, backup)

    def _crashing(self, view: PlayerView) -> list[d.Decision]:
        h = self.habits
        if h.crashing == "never":
            out: list[d.Decision] = []
        elif h.crashing == "any_price":
            out = _crash_any_price(view, self._late(view))
        else:
            out = super()._crashing(view)
        for first, last, task in h.crashes:
            t = next((t for t in view.tasks if t.id == task), None)
            if first <= view.week <= last and t is not None and t.can_crash_days > 0:
                out.append(d.Crash(task, min(2.0, t.can_crash_days)))
        if h.fast_track_when_late and self._late(view) >= 1:
            out += _fast_tracks(view)
        out += [d.FastTrack(task) for when, task in h.fast_tracks
                if view.week >= when and _fast_trackable(view, task)]
        return out

    def _overtime(self, view: PlayerView) -> d.Decision:
        return d.SetOvertime(view.max_overtime) if self.habits.max_overtime \
            else super()._overtime(view)

    def _money(self, view: PlayerView) -> list[d.Decision]:
        out = super()._money(view)
        if self.habits.ask_reserve:
            out += self._reserve(view, out)
        return out

    def _stakeholders(self, view: PlayerView) -> list[d.Decision]:
        return super()._stakeholders(view) if self.habits.meetings else []

    def _team(self, view: PlayerView) -> list[d.Decision]:
        return super()._team(view) if self.habits.team_care else []

    # ------------------------------------------------------------------ requests
    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        h = self.habits
        if request.kind == "change_request":
            answer = dict(h.answers).get(str(request.details.get("scope", "")), h.changes)
            if answer != "judge":
                return answer
        if request.kind == "risk" and not h.risk_responses:
            return "absorb"
        if request.kind == "resignation" and not h.counter_offers:
            return "accept"
        if request.kind == "escalation" and not h.meetings:
            recovery = request.option("recovery")
            ok = recovery is not None and recovery.attention <= view.attention_left
            return "recovery" if ok else request.default
        if request.kind == "board" and not h.rebaseline:
            return "recovery"
        return super().answer(view, request)

    # ------------------------------------------------------------------ extras
    def _replace_leavers(self, view: PlayerView) -> list[d.Decision]:
        """Hire the best-suited candidate for each resignation (not for a release)."""
        out: list[d.Decision] = []
        taken: set[str] = set()
        for p in view.people:
            if p.status != "leaving" or p.id in self.released or p.id in self.replaced:
                continue
            self.replaced.add(p.id)
            skill = max(p.skills, key=lambda s: p.skills[s])
            options = [c for c in view.candidates
                       if c.skills.get(skill, 0.0) >= 0.5 and c.id not in taken]
            if not options:
                continue
            best = max(options, key=lambda c: c.skills[skill] / c.daily_rate)
            taken.add(best.id)
            out.append(d.Hire(best.id))
            tasks = sorted((view.task(t) for t in p.assignments), key=lambda t: -t.criticality)
            for t in tasks:
                if best.skills.get(t.skill, 0.0) > 0.3:
                    out.append(d.Assign(best.id, t.id))
                    break
        return out

    def _meet_resistant(self, view: PlayerView) -> list[d.Decision]:
        out: list[d.Decision] = []
        for s in sorted(view.stakeholders, key=lambda s: -s.power):
            if s.engagement not in ("resistant", "unaware"):
                continue
            if view.week - self.resistant_met.get(s.id, -99) >= 2:
                self.resistant_met[s.id] = view.week
                out.append(d.MeetStakeholder(s.id))
        return out

    def _reserve(self, view: PlayerView, drawn: list[d.Decision]) -> list[d.Decision]:
        m = view.money
        if view.week - self.last_reserve < 3 or m.reserve_left <= 0 or not view.metrics:
            return []
        if view.metrics.ev <= 0.25 * m.bac:
            return []
        drawing = sum(x.amount for x in drawn if isinstance(x, d.DrawContingency))
        gap = m.eac - m.authorised - drawing
        if gap <= 0 or m.contingency_left - drawing > 1.0:
            return []
        sponsor = next((s for s in view.stakeholders if s.sponsor), None)
        if sponsor is not None and sponsor.satisfaction < 45:
            return []  # the guides tell players the sponsor refuses below 45
        self.last_reserve = view.week
        return [d.RequestReserve(round(min(gap, m.reserve_left), 2))]


def _scope(view: PlayerView, key: str) -> list[ScopeView]:
    """Planned scope items with this id, or of this priority."""
    return [s for s in view.scope if s.status == "planned" and key in (s.id, s.priority)]


def _can_join(view: PlayerView, person: str, task: str) -> bool:
    ids = {p.id for p in view.people if p.status in ("active", "arriving")}
    t = next((t for t in view.tasks if t.id == task), None)
    return (person in ids and t is not None and t.status in ("waiting", "active")
            and person not in t.assignees and len(t.assignees) < t.max_staff)


def _fast_trackable(view: PlayerView, task: str) -> bool:
    """Waiting, not fast-tracked, every predecessor started and one still under way."""
    t = next((t for t in view.tasks if t.id == task), None)
    if t is None or t.status != "waiting" or t.fast_tracked or not t.predecessors:
        return False
    preds = [view.task(p) for p in t.predecessors]
    return (all(p.status != "waiting" for p in preds)
            and any(p.status == "active" for p in preds))


def _fast_tracks(view: PlayerView) -> list[d.Decision]:
    """Every critical waiting task that can be fast-tracked."""
    return [d.FastTrack(t.id) for t in view.tasks
            if t.criticality >= 0.5 and _fast_trackable(view, t.id)]


def _panic_hires(view: PlayerView) -> list[d.Decision]:
    """The reckless bot's hiring (`panic_hires`), except while the staffing is frozen."""
    return [] if view.frozen_until_week >= view.week else panic_hires(view)


def _crash_any_price(view: PlayerView, late: float) -> list[d.Decision]:
    """The bot's crashing without its price test: 2 days a week off every critical
    active task that can be crashed, whatever the contractors cost."""
    if late < 1 or view.frozen_until_week >= view.week:
        return []
    return [
        d.Crash(t.id, min(2.0, t.can_crash_days)) for t in view.tasks
        if t.status == "active" and t.criticality >= 0.6 and t.can_crash_days > 0
        and t.crash_cost_per_day is not None
    ]


# --------------------------------------------------------------------------- variants
@dataclass(frozen=True)
class Variant:
    """A row of the table: the cautious bot with `habits`, or (habits None) a bot as is."""

    id: str
    label: str
    """What the row says; `{hours}` becomes the longest week the scenario allows."""
    habits: Habits | None
    scenarios: tuple[str, ...] = ()
    """Only these scenarios (empty: any)."""
    needs: Callable[[Scenario], bool] | None = None
    """Only scenarios where this holds."""
    bot: str = "cautious"
    """The bot played when `habits` is None."""

    def applies(self, scenario: Scenario) -> bool:
        if self.scenarios and scenario.meta.id not in self.scenarios:
            return False
        return self.needs is None or self.needs(scenario)

    def text(self, scenario: Scenario) -> str:
        return self.label.format(hours=round(40 * scenario.model.max_overtime))

    def policy(self) -> Policy:
        return get_policy(self.bot) if self.habits is None else HabitPolicy(self.id, self.habits)


def _has_changes(s: Scenario) -> bool:
    return any(x.proposed for x in s.scope)


def _has_could(s: Scenario) -> bool:
    return any(x.priority == "could" and not x.proposed for x in s.scope)


def _has_candidates(s: Scenario) -> bool:
    return bool(s.hire_pool)


def _has_crashable(s: Scenario) -> bool:
    return any(t.crash_cost_per_day is not None for t in s.tasks)


def _has_resistant(s: Scenario) -> bool:
    return any(h.engagement in ("resistant", "unaware") for h in s.stakeholders)


BASELINE = "cautious"
BOT = Variant(BASELINE, "none: the cautious bot as it is", None)

_RESCUE_HIRES = ((1, "carla", "checkout-app"), (1, "tess", "purchase-test"))
_RESCUE_DEFERS = ((1, "journey"), (1, "season"), (1, "concessions"))

VARIANTS: list[Variant] = [
    # habits any scenario can show
    Variant("no-risk-responses", "no risk responses (none planned; absorbs risks that fire)",
            Habits(risk_responses=False)),
    Variant("no-meetings", "never meets stakeholders (reports kept)", Habits(meetings=False)),
    Variant("no-reports", "no status reports (meetings kept)", Habits(reporting="none")),
    Variant("silent", "no status reports and no meetings",
            Habits(reporting="none", meetings=False)),
    Variant("resistant-first", "meets resistant stakeholders first, from week 1",
            Habits(resistant_first=True), needs=_has_resistant),
    Variant("long-weeks", "{hours}-hour weeks throughout", Habits(max_overtime=True)),
    Variant("accept-changes", "accepts every change request", Habits(changes="accept"),
            needs=_has_changes),
    Variant("negotiate-changes", "negotiates every change request down",
            Habits(changes="negotiate"), needs=_has_changes),
    Variant("reject-changes", "rejects every change request", Habits(changes="reject"),
            needs=_has_changes),
    Variant("no-crashing", "never crashes", Habits(crashing="never"), needs=_has_crashable),
    Variant("crash-any-price", "crashes critical tasks while late, whatever the price per day",
            Habits(crashing="any_price"), needs=_has_crashable),
    Variant("fast-track", "fast-tracks the critical waiting tasks while late",
            Habits(fast_track_when_late=True)),
    Variant("panic-hiring", "panic hiring: once late, from 60 % of the schedule, everyone",
            Habits(hiring="panic"), needs=_has_candidates),
    Variant("no-hiring", "never hires", Habits(hiring="never"), needs=_has_candidates),
    Variant("replace-leavers", "hires a replacement the week someone resigns",
            Habits(replace_leavers=True), needs=_has_candidates),
    Variant("no-counter-offers", "no counter-offers", Habits(counter_offers=False)),
    Variant("no-exceptions", "never raises an exception to the board",
            Habits(exceptions=False)),
    Variant("no-rebaseline", "never takes a re-baseline (recovery plan instead)",
            Habits(rebaseline=False)),
    Variant("no-team-care", "no recognition, no team events", Habits(team_care=False)),
    Variant("defer-could-when-late", "defers the could-haves (if not half done) once the "
            "forecast is late",
            Habits(defers_when_late=((1, "could"),)), needs=_has_could),
    Variant("keep-idle", "keeps everyone to the end, idle or not",
            Habits(keep_idle=True)),
    Variant("ask-reserve", "asks the sponsor for management reserve when over budget",
            Habits(ask_reserve=True)),
    # the habits a guide discusses for its own scenario
    Variant("tom-on-stall", "puts Tom on the stall build too, from week 2",
            Habits(assigns=((2, "tom", "stall-build"),)), scenarios=("tutorial",)),
    Variant("mood-risks", "mitigates the two mood risks (Claims, the staff forum)",
            Habits(responses=(("claims-resist", "mitigate"), ("grievance", "mitigate"))),
            scenarios=("office-move",)),
    Variant("office-advice", "the guide's advice together: suite negotiated, Sandra and "
            "Aisha met first, mood risks mitigated, reserve asked for",
            Habits(changes="negotiate", resistant_first=True, ask_reserve=True,
                   responses=(("claims-resist", "mitigate"), ("grievance", "mitigate"))),
            scenarios=("office-move",)),
    Variant("reject-gift-cards", "rejects the gift cards (privacy page judged as usual)",
            Habits(answers=(("gift-cards", "reject"),)), scenarios=("website-relaunch",)),
    Variant("accept-gift-cards", "accepts the gift cards",
            Habits(answers=(("gift-cards", "accept"),)), scenarios=("website-relaunch",)),
    Variant("accept-privacy", "accepts the privacy page",
            Habits(answers=(("privacy", "accept"),)), scenarios=("website-relaunch",)),
    Variant("defer-could-week-1", "defers the could-haves in week 1",
            Habits(defers=((1, "could"),)), scenarios=("website-relaunch", "conference")),
    Variant("website-advice", "gift cards rejected, could-haves deferred in week 1",
            Habits(answers=(("gift-cards", "reject"),), defers=((1, "could"),)),
            scenarios=("website-relaunch",)),
    Variant("defer-workshops-when-late", "defers the workshop track once the P50 forecast "
            "passes week 15 (from week 10)", Habits(defers_when_late=((10, "workshops"),)),
            scenarios=("conference",)),
    Variant("defer-workshops-week-9", "defers the workshop track in week 9, whatever the "
            "forecast", Habits(defers=((9, "workshops"),)), scenarios=("conference",)),
    Variant("fast-track-plastering", "fast-tracks the plastering from week 10",
            Habits(fast_tracks=((10, "plastering"),)), scenarios=("refurbishment",)),
    Variant("crash-elec-first", "crashes the electrics first fix, weeks 10–12",
            Habits(crashes=((10, 12, "elec-first"),)),
            scenarios=("refurbishment",)),
    Variant("summary-reports", "summary status reports only, where the stakeholders "
            "want the detail", Habits(reporting="summary"), scenarios=("crm-rollout",)),
    Variant("hire-bottleneck-week-1", "hires Carla (checkout) and Tess (testing) in week 1, "
            "only those", Habits(hires=_RESCUE_HIRES), scenarios=("rescue",)),
    Variant("hire-bottleneck-week-7", "hires Carla (checkout) and Tess (testing) in week 7, "
            "only those", Habits(hires=tuple((7, c, t) for _, c, t in _RESCUE_HIRES)),
            scenarios=("rescue",)),
    Variant("defer-three-week-1", "defers the journey planner, season and concession fares "
            "in week 1", Habits(defers=_RESCUE_DEFERS), scenarios=("rescue",)),
    Variant("hire-and-defer", "week 1: hires Carla and Tess, defers those three items",
            Habits(hires=_RESCUE_HIRES, defers=_RESCUE_DEFERS), scenarios=("rescue",)),
    # for scale: the other two bots, not variants of the cautious one
    Variant("passive", "for scale: doing nothing at all (the passive bot)", None,
            bot="passive"),
    Variant("reckless", "for scale: everything at once (the reckless bot: longest weeks, "
            "yes to every change, no reports, panic hiring)", None, bot="reckless"),
]
"""Every variant; a scenario plays those that apply to it."""
