"""Value types shared by the scenario tables, and their strict base class."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pmsim.scenario.limits import MAX_WEEKS
from pmsim.text import clean_block, clean_line

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,47}$"
"""What an identifier looks like: lower-case letters, digits, '-' and '_', 1-48
characters."""
Id = Annotated[str, Field(pattern=ID_PATTERN)]
"""An identifier (`ID_PATTERN`)."""
Line = Annotated[str, AfterValidator(clean_line)]
"""One line of text (a name, a title, a role): control characters, tabs and line breaks
are replaced when the file is read, so the text shows as written and never moves a
terminal's cursor. Brackets are kept: no text in a scenario is ever read as markup."""
Prose = Annotated[str, AfterValidator(clean_block)]
"""Text that may run over several lines (a briefing, a description); as `Line`, but line
breaks are kept."""
MAX_NAME = 80
"""Longest name of a person or stakeholder, in characters."""
MAX_TITLE = 120
"""Longest title of a scenario, scope item, task, risk or change request, in characters."""
MAX_ROLE = 80
"""Longest role, domain or currency label, in characters."""
MAX_TEXT = 2_000
"""Longest description, change-request text or learning objective, in characters."""
MAX_BRIEFING = 20_000
"""Longest briefing, in characters (about ten pages)."""
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Money = Annotated[float, Field(ge=0.0, le=1e12, allow_inf_nan=False)]
Days = Annotated[float, Field(ge=0.0, le=100_000, allow_inf_nan=False)]
Week = Annotated[int, Field(ge=1, le=MAX_WEEKS)]
Skill = Annotated[float, Field(ge=0.0, le=2.0, allow_inf_nan=False)]
Range = Annotated[
    list[Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]],
    Field(min_length=3, max_length=3),
]
"""A three-point range written `[low, most likely, high]`."""


class Strict(BaseModel):
    """Base for every table: unknown keys are errors, values are frozen, and types are
    strict (a quoted "4" is not a number; a whole number is fine where a decimal is)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=False,
        strict=True,
    )
