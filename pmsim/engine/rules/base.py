"""What every decision rule is: the `Decision` base of the frozen data a rule handles,
`DecisionError`, the `DecisionRule` base, the `Preview` it gives, the `Names` its
journal sentence reads, and the small look-ups several rules share.

A rule's `check` raises `DecisionError` and changes nothing; `apply` carries the
decision out (after `check`, with the attention already booked); `preview` computes
the figures `apply` will produce, from the same helpers and parameters, and words them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pmsim.engine.state import PersonState, TaskState

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.view import PlayerView


class DecisionError(ValueError):
    """A decision or answer that cannot be taken now; the message says why."""


@dataclass(frozen=True)
class Decision:
    """Base of every decision: plain frozen data, serialisable into the game log.

    Each kind is a frozen dataclass in the module of its rule; `kind` is its stable
    name in logs, its fields are what `to_dict` writes beside it."""

    kind: ClassVar[str] = ""
    attention: ClassVar[float] = 0.0
    """PM hours the decision takes from this week's attention."""

    def to_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready data, with its kind."""
        return {"kind": self.kind, **dataclasses.asdict(self)}


D = TypeVar("D", bound=Decision)


@dataclass(frozen=True)
class Preview:
    """What a decision costs and does, in figures and in one sentence built from them.

    `attention`, `money_now` and `ends_game` are given for every decision; the other
    figures only where the rule has them (None otherwise). Each figure is what `apply`
    then does, so tests can compare them with the game after the decision."""

    text: str
    """The sentence shown before the player confirms."""
    attention: float
    """PM hours the decision takes from this week."""
    money_now: float = 0.0
    """Money spent at once (hiring, contractors, a response, a course, an event)."""
    ends_game: bool = False
    """Whether the game ends with this decision."""
    cost_per_day: float | None = None
    """Change of the team's daily cost, starting now (overtime, an immediate hire)."""
    premium: float | None = None
    """Overtime: extra pay of someone working, as a share of their normal pay."""
    catch_up_days: float | None = None
    """Assign: days the person reads in before producing on a task in progress."""
    work_removed: float | None = None
    """Crash: person-days of work the contractors take off the task."""
    starts_now: bool | None = None
    """Fast-track: whether the task starts at once."""
    start_share: float | None = None
    """Fast-track: share of its predecessors' work that must be done before it starts."""
    arrival_week: int | None = None
    """Hire: the week the new person arrives."""
    daily_rate: float | None = None
    """Hire or release: the person's pay a day."""
    skill_after: float | None = None
    """Training: the skill level after the course."""
    morale: float | None = None
    """Change of the team's morale boost."""
    scope_value: float | None = None
    """Change of the value of the scope in this project."""
    probability_factor: float | None = None
    """Risk response: factor on the risk's probability."""
    impact_factor: float | None = None
    """Risk response: factor on its impact (on its cost impact, for a transfer)."""
    budget_added: float | None = None
    """Money moved into the authorised budget (contingency, or reserve if granted)."""
    hours_per_week: float | None = None
    """Reporting: standing PM hours a week at the new level."""
    heard_points: float | None = None
    """Satisfaction a stakeholder gains from being heard (after any surprise)."""
    deadline_weeks: int | None = None
    """Weeks the deadline moves (0 when the sponsor refuses)."""
    sponsor_satisfaction: float | None = None
    """Change of the sponsor's satisfaction."""


Figures = dict[str, Any]
"""A rule's preview figures by `Preview` field name (floats, ints or flags)."""

FIGURES: tuple[str, ...] = tuple(
    name for name in Preview.__dataclass_fields__ if name != "text"
)
"""The names of a preview's figures."""


@dataclass(frozen=True)
class Names:
    """What a journal sentence reads: names by id, and the length of the week."""

    names: Mapping[str, str] = field(default_factory=dict)
    days_per_week: int = 5

    def __call__(self, item_id: str) -> str:
        """The name of an id (the id itself when unknown)."""
        return self.names.get(item_id, item_id)


class DecisionRule(Generic[D]):
    """Everything about one decision kind: its menu entry, when it may be taken, what
    it does, what it is expected to do, and how the journal tells it.

    Subclasses set the class attributes and override `check`, `apply`, `figures`,
    `sentence` and `describe`; the base adds attention, once-a-week and the sentence's
    "(N h of your attention)"."""

    decision: ClassVar[type[Decision]]
    key: ClassVar[str]
    """Its key on the dashboard and in the menu."""
    menu: ClassVar[str]
    """Its line in the menu."""
    group: ClassVar[str]
    """Its group in the menu."""
    order: ClassVar[int] = 1000
    """Its place in the menu: rules are listed by `order` (then kind); the built-in ones
    are numbered in tens, so a new one can go between two of them."""
    once_a_week: ClassVar[bool] = False
    attention_varies: ClassVar[bool] = False
    """Whether its attention depends on the choice (the menu then says "varies")."""

    @property
    def kind(self) -> str:
        """The decision's stable name in logs."""
        return self.decision.kind

    def attention(self, sim: Simulation, x: D) -> float:
        """PM hours the decision takes."""
        return x.attention

    def check(self, sim: Simulation, x: D) -> None:
        """Raise `DecisionError` when the decision cannot be taken now; change nothing."""

    def apply(self, sim: Simulation, x: D) -> None:
        """Carry the decision out (it has been checked)."""
        raise NotImplementedError

    def figures(self, sim: Simulation, x: D) -> Figures:
        """The preview's figures other than attention (see `Preview`)."""
        return {}

    def sentence(self, sim: Simulation, x: D, p: Preview) -> str:
        """The preview's sentence, from its figures (without the attention)."""
        raise NotImplementedError

    def says_attention(self, x: D) -> bool:
        """Whether `sentence` already names the attention."""
        return False

    def preview(self, sim: Simulation, x: D) -> Preview:
        """The figures `apply` will produce, and a sentence saying them."""
        hours = self.attention(sim, x)
        p = replace(Preview(text="", attention=hours), **self.figures(sim, x))
        text = self.sentence(sim, x, p)
        if hours and not self.says_attention(x):
            text = f"{text} ({hours:g} h of your attention)"
        return replace(p, text=f"{text}.")

    def describe(self, x: D, names: Names) -> str:
        """The decision in a sentence for the journal."""
        raise NotImplementedError

    def candidates(self, view: PlayerView) -> list[Decision]:
        """Decisions of this kind that may be valid now, for bots that try anything (the
        random bot) and for tests that take one of each kind. By default the decision
        itself when it has no fields, else none: a rule with fields says which."""
        if dataclasses.fields(self.decision):
            return []
        return [self.decision()]


# ---------------------------------------------------------------- shared look-ups

def money(sim: Simulation, amount: float) -> str:
    """'1,200 EUR' in the scenario's currency."""
    return f"{amount:,.0f} {sim.scenario.budget.currency}"


def task_of(sim: Simulation, task_id: str) -> TaskState:
    """The task, or `DecisionError`."""
    task = sim.tasks.get(task_id)
    if task is None:
        raise DecisionError(f"there is no task '{task_id}'")
    return task


def person_of(sim: Simulation, person_id: str) -> PersonState:
    """A person on the team (not gone), or `DecisionError`."""
    p = sim.people.get(person_id)
    if p is None or p.status == "gone":
        raise DecisionError(f"'{person_id}' is not on the team")
    return p


def scope_status(sim: Simulation, item: str) -> str:
    """The status of a scope item, or `DecisionError`."""
    if item not in sim.scope:
        raise DecisionError(f"there is no scope item '{item}'")
    return sim.scope[item].status


def not_frozen(sim: Simulation, what: str) -> None:
    """`DecisionError` while the sponsor has frozen spending."""
    if sim.board.freeze_until_week >= sim.week:
        raise DecisionError(f"{what} is impossible: the sponsor has frozen spending until the "
                            f"end of week {sim.board.freeze_until_week}")


def has_stakeholders(sim: Simulation) -> None:
    """`DecisionError` when the scenario has nobody to meet (board decisions need some)."""
    if not sim.stakeholders:
        raise DecisionError("this scenario has no stakeholders to meet")


def plural(n: float, word: str) -> str:
    """'1 day', '2.5 days'."""
    return f"{n:g} {word}{'' if n == 1 else 's'}"
