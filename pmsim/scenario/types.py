"""Value types shared by the scenario tables, and their strict base class."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
"""An identifier: lower-case letters, digits, '-' and '_', 1-48 characters."""
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Money = Annotated[float, Field(ge=0.0, le=1e12, allow_inf_nan=False)]
Days = Annotated[float, Field(ge=0.0, le=100_000, allow_inf_nan=False)]
Week = Annotated[int, Field(ge=1, le=520)]
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
