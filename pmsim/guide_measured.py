"""Results of played games have no place in a guide's prose: they live in the generated
tables (calibration, habits), which are refreshed when the scenario or the engine
changes; a figure copied into a sentence goes stale without anyone noticing.

`measured_problems` finds figures in the prose (outside the generated blocks) that can
only come from playing games: a score ("averages about 765", "117 points"), a
difference between games ("+14", "−180"), a rate over games ("74 % of games") or an
amount in thousands ("£693k"). A number the scenario file or the engine's constants
hold is not measured and may be quoted ("4 points of the sponsor's goodwill", "+8 for
accepting"): each problem quotes the text around it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache

import pmsim.engine
from pmsim.guide_facts import prose
from pmsim.scenario.schema import Scenario

THOUSANDS = re.compile(r"[€£$]\s?\d+(?:\.\d+)?k\b")
"""An amount in thousands, as guides write what the bots spent ('€616k')."""
POINTS = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?) points?\b")
"""A number of points."""
SCORE = re.compile(r"\b(?:about|above|below|around|averages?|scores?|of) (\d{3})\b"
                   r"(?![\d,]| ?%| (?:working |person-)?days?| hours?| weeks?| people| reps"
                   r"| users| customers| households| delegates| staff| seats| m2| square)")
"""A three-figure number said as a score ('averages about 765', 'above 800')."""
SIGNED = re.compile(r"(?<![\w/.])([+−])(\d+(?:\.\d+)?)(?![\d.,]| ?%)")
"""A signed number, as guides write a difference between games ('+14', '−180')."""
RATE = re.compile(r"\d+(?:\.\d+)? ?% of (?:the |its |their )?(?:games|seeds|runs|plays)"
                  r"|on time in \d+|from \d+ ?% to \d+ ?%|week \d+\.\d")
"""A share of played games, or a mean week ('week 24.2')."""


def _numbers(value: object) -> Iterator[float]:
    """Every number in a scenario's data, nested."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _numbers(v)


@cache
def _engine_constants() -> tuple[float, ...]:
    """The numeric constants (upper-case module names) of every engine module (read
    once: every guide checks against the same)."""
    return tuple(_constants())


def _constants() -> Iterator[float]:
    for info in pkgutil.walk_packages(pmsim.engine.__path__, "pmsim.engine."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, int | float) and not isinstance(value,
                                                                                   bool):
                yield float(value)


def known_numbers(scenario: Scenario) -> set[float]:
    """Numbers a guide may quote as they are: the scenario file's and the engine's
    constants, fractions also as points or per cent (0.08 → 8)."""
    found = {abs(f) for f in (*_numbers(scenario.model_dump()), *_engine_constants())}
    return {round(x, 6) for f in found for x in ((f, f * 100) if f < 1 else (f,))}


def _known(text: str, known: set[float]) -> bool:
    return round(float(text), 6) in known


def measured_problems(text: str, scenario: Scenario) -> list[str]:
    """Figures in the guide's prose that only played games can give (see the module's
    docstring), each with the text around it."""
    body = " ".join(prose(text).split())
    known = known_numbers(scenario)
    found: list[tuple[int, str]] = []
    found += [(m.start(), m.group(0)) for m in THOUSANDS.finditer(body)]
    found += [(m.start(), m.group(0)) for m in RATE.finditer(body)]
    found += [(m.start(), m.group(0)) for m in SCORE.finditer(body)
              if not _known(m.group(1), known)]
    found += [(m.start(), m.group(0)) for m in POINTS.finditer(body)
              if not _known(m.group(1), known)]
    found += [(m.start(), m.group(0)) for m in SIGNED.finditer(body)
              if not _known(m.group(2), known)]
    return [f"{what!r} looks measured from games; say it from the tables instead: "
            f"…{body[max(0, at - 60):at + len(what) + 20]}…" for at, what in sorted(found)]
