"""The hub's messages, validated at the boundary: a game's WebSocket sends `Hello`,
then `Lines` of its log and `Status` figures; the hub answers `Welcome`, `Ack`,
commands (`Command`) and `Refusal`. Every field is bounded, so a stranger's client
cannot make the hub hold more than a game's worth of text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

TEAM_LIMIT = 80
"""Longest team name a game may join with (the store shortens it further)."""
LINE_LIMIT = 16_384
"""Longest log line accepted, in characters (a real line is a few hundred)."""
LINES_LIMIT = 200
"""Most log lines in one message (a game sends a week's lines at a time)."""
TEXT_LIMIT = 500
"""Longest broadcast message, in characters."""
MESSAGE_BYTES = LINES_LIMIT * LINE_LIMIT + 4096
"""The largest WebSocket message the hub reads."""


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Hello(_Message):
    """A game joining: its team, and the team's token when the name was seen before
    (a game that reconnects, or the same team on another machine)."""

    type: Literal["hello"]
    team: Annotated[str, Field(min_length=1, max_length=TEAM_LIMIT)]
    team_token: Annotated[str, Field(max_length=100)] | None = None


class Lines(_Message):
    """Log lines from line number `first` (0 is the header) on, verbatim."""

    type: Literal["lines"]
    first: Annotated[int, Field(ge=0, le=1_000_000)]
    lines: Annotated[list[Annotated[str, Field(max_length=LINE_LIMIT)]],
                     Field(max_length=LINES_LIMIT)]


class Status(_Message):
    """The game's figures at the end of a turn, for the console."""

    type: Literal["status"]
    week: Annotated[int, Field(ge=0, le=10_000)]
    spi_t: float | None = None
    cpi: float | None = None
    p_on_time: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    waiting: Annotated[int, Field(ge=0, le=1000)] = 0


ClientMessage = Annotated[Hello | Lines | Status, Field(discriminator="type")]
CLIENT = TypeAdapter(ClientMessage)
"""Parses one message from a game (raises `pydantic.ValidationError`)."""


class Welcome(_Message):
    """The hub took the game in: its team token (keep it) and how many lines it holds."""

    type: Literal["welcome"] = "welcome"
    team: str
    team_token: str
    have: int
    recorded: int | None = None
    """The results-store id, when the team's finished game is recorded already."""
    problem: str | None = None


class Ack(_Message):
    """How many of the team's log lines the hub holds now (send from there)."""

    type: Literal["ack"] = "ack"
    have: int
    recorded: int | None = None
    """The results-store id once the finished game was recorded."""
    problem: str | None = None
    """Why the finished game could not be recorded, if it could not."""


class Command(_Message):
    """The facilitator's word to every game: pause, resume, a message to show, the round
    clock (`seconds` left in this round; 0 stops it), an inject of the scenario's
    catalogue (`inject`, met at the start of `week`), or, in lockstep, a round (`round`:
    a game may end weeks up to `week`, for `seconds`; `week` 0 ends lockstep) and its
    end (`round_end`: a game still in `week` or before ends its week as it is now)."""

    type: Literal["pause", "resume", "message", "clock", "inject", "round", "round_end"]
    text: Annotated[str, Field(max_length=TEXT_LIMIT)] = ""
    seconds: Annotated[int, Field(ge=0, le=24 * 3600)] = 0
    inject: Annotated[str, Field(max_length=48, pattern=r"^[a-z0-9_-]*$")] = ""
    week: Annotated[int, Field(ge=0, le=10_000)] = 0


class Refusal(_Message):
    """Why the hub will not go on with this connection (it closes it)."""

    type: Literal["refusal"] = "refusal"
    message: str
