"""Mechanical mutations of every built-in scenario file: refused cleanly, or playable.

Acceptance check: hundreds of mutations of the files in `scenarios/` (keys deleted,
values of the wrong type, negative, zero or huge numbers, emptied or duplicated
lists, broken references, cycles, reversed windows, broken bytes …) each either

- are refused: `read_scenario_file` raises `ScenarioError` whose problems all name
  the file and say something, and `pmsim validate FILE` exits 1 listing them; or
- validate, and then play to the end under every policy (seed 0, plus seed 1 for a
  sample), within `hard_stop_week * 10` calls of `advance()` and a wall-clock
  watchdog, with every score in range.

The suite spreads about `MUTATIONS_TOTAL` mutations over the files (at least
`MUTATIONS_MIN_PER_FILE` each), so it stays fast as the library grows; the by-hand
script runs thousands per file.

Any other exception is a traceback a user would see; it is a failure. Mutations are
generated from a seeded `random.Random` per (scenario, index), so a failure
reproduces by its test id, e.g. `pytest tests/test_mutations.py -k portal-launch-0042`,
or with `python benchmarks/fuzz_scenarios.py --show portal-launch:42`. The same
generator drives the by-hand `benchmarks/fuzz_scenarios.py`, which runs thousands.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import io
import math
import random
import signal
import threading
import tomllib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from toml_writer import dumps

from pmsim.cli import main as cli_main
from pmsim.policies import POLICIES, get_policy, play_game
from pmsim.scenario import ScenarioError, read_scenario_file
from pmsim.scenario.limits import MAX_WEEKS
from pmsim.scenario.schema import Scenario

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS_DIR.glob("*.toml"))

MUTATIONS_TOTAL = 320
"""Mutations in the test suite, shared out over the built-in files (the benchmark script,
`benchmarks/fuzz_scenarios.py`, runs thousands per file)."""
MUTATIONS_MIN_PER_FILE = 40
"""Fewest mutations of each file: more than one turn of `KIND_CYCLE`, so every file
meets every operator."""
MUTATIONS_PER_FILE = max(MUTATIONS_MIN_PER_FILE, MUTATIONS_TOTAL // max(1, len(SCENARIO_FILES)))
"""Mutations of each built-in file in the test suite: 320 with one file, 40 each with eight."""
CLI_EVERY = 10
"""Every n-th mutation is also run through `pmsim validate` (it is slower)."""
SECOND_SEED_EVERY = 4
"""Every n-th mutation that validates is also played with seed 1."""
ADVANCES_PER_WEEK = 10
"""A game may call `advance()` at most hard_stop_week × this many times."""
GAME_SECONDS = 20.0
"""Wall-clock backstop per game (and per validation), in seconds."""
MAX_SCORE = 1000

Path_ = tuple[str | int, ...]
"""A location in the parsed TOML: keys of tables and indexes of arrays."""


# ---------------------------------------------------------------- the mutations


@dataclass(frozen=True)
class Mutation:
    """One mutated scenario file and how it was made."""

    scenario: str
    """Stem of the built-in file it was made from."""
    index: int
    """Its number; with `scenario`, it seeds the generator."""
    kind: str
    """The mutation operator, e.g. `delete-key` or `truncate`."""
    description: str
    """What was changed, in words."""
    content: bytes
    """The whole mutated file."""
    original: bytes
    """The file it was made from, as the diff's left side."""

    @property
    def name(self) -> str:
        """The test id: `portal-launch-0042`."""
        return f"{self.scenario}-{self.index:04d}"

    def diff(self, max_lines: int = 40, width: int = 160) -> str:
        """A short unified diff from the original to the mutated file."""
        before = self.original.decode("utf-8", "replace").splitlines()
        after = self.content.decode("utf-8", "replace").splitlines()
        lines = list(difflib.unified_diff(before, after, "original", "mutated", n=1,
                                          lineterm=""))
        lines = [ln if len(ln) <= width else ln[:width] + f"… ({len(ln)} chars)"
                 for ln in lines]
        if len(lines) > max_lines:
            lines = [*lines[:max_lines], f"… ({len(lines) - max_lines} more diff lines)"]
        return "\n".join(lines)


class NotApplicable(Exception):
    """The operator found nothing to act on in this scenario; another one is tried."""


# Which fields refer to which ids. (table, field, target, many); target `skills`
# means the skill names of the team and hire pool.
REFERENCES = [
    ("tasks", "scope", "scope", False),
    ("tasks", "predecessors", "tasks", True),
    ("tasks", "staff", "team", True),
    ("tasks", "skill", "skills", False),
    ("risks", "tasks", "tasks", True),
    ("events", "requested_by", "stakeholders", False),
    ("events", "adds_scope", "scope", False),
]
ID_TABLES = ("scope", "tasks", "team", "hire_pool", "stakeholders", "risks", "events")

WRONG_TYPES: list[Any] = [
    "some text", "", "12", 42, 0, -7, 4.25, True, False, [], ["x"], [1, 2, 3],
    {}, {"id": "x"}, [{"id": "x"}], [[1], [2]],
]
ODD_NUMBERS: list[Any] = [
    -1, -0.5, 0, 0.0, -0.0, 1e-300, 0.49, 1e9, -1e9, 1e308, -1e308,
    math.inf, -math.inf, math.nan, 2**31, 2**63 - 1, -(2**63), 999_999, 1.0000001,
]
UNICODE: list[str] = [
    "Zoë Çelik", "Ærøskøbing über-straße", "東京 プロジェクト", "مشروع البوابة",
    "\u202eevil\u202c", "zero\u200bwidth", "e\u0301\u0301\u0301", "😀🚀🔥 emoji",
    "tab\tand\nnew line", "bell\x07 and del\x7f", "nul\x00inside", "  ",
    "ÅNGSTRÖM", "ǅungla", "İstanbul", "\ufeffbom", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a" + "\u0300" * 200,
]
LONG_LENGTHS = [121, 1_000, 50_000, 500_000]


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path_, value: Any) -> None:
    """Set a value, creating missing tables on the way."""
    for part in path[:-1]:
        if isinstance(data, dict) and part not in data:
            data[part] = {}
        data = data[part]
    data[path[-1]] = value


def _show(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the whole file)"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + f"… ({len(text)} chars)"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _pick_by_depth(rng: random.Random, paths: list[Path_]) -> Path_:
    """A path, the depth chosen first so top-level tables are hit as often as leaves."""
    if not paths:
        raise NotApplicable
    depths = sorted({len(p) for p in paths})
    depth = rng.choice(depths)
    return rng.choice([p for p in paths if len(p) == depth])


def _items(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    items = data.get(table)
    if not isinstance(items, list):
        return []
    return [x for x in items if isinstance(x, dict)]


def _ids(data: dict[str, Any], table: str) -> list[str]:
    if table == "skills":
        return sorted({k for t in ("team", "hire_pool") for p in _items(data, t)
                       if isinstance(p.get("skills"), dict) for k in p["skills"]})
    return [x["id"] for x in _items(data, table) if isinstance(x.get("id"), str)]


def _all_ids(data: dict[str, Any]) -> list[str]:
    return sorted({i for t in (*ID_TABLES, "skills") for i in _ids(data, t)})


# Each operator changes `data` in place and returns a description.


def op_delete_key(rng: random.Random, data: dict[str, Any]) -> str:
    path = _pick_by_depth(rng, [p for p, _ in _walk(data) if p and isinstance(p[-1], str)])
    parent = _get(data, path[:-1])
    del parent[path[-1]]
    return f"delete {_show(path)}"


def op_wrong_type(rng: random.Random, data: dict[str, Any]) -> str:
    path = _pick_by_depth(rng, [p for p, _ in _walk(data) if p])
    old = _get(data, path)
    choices = [v for v in WRONG_TYPES if type(v) is not type(old)]
    new = copy.deepcopy(rng.choice(choices))
    _set(data, path, new)
    return f"{_show(path)}: {_short(old)} → {_short(new)} (wrong type)"


def op_odd_number(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and _is_number(v)]
    if not paths:
        raise NotApplicable
    path = rng.choice(paths)
    old, new = _get(data, path), rng.choice(ODD_NUMBERS)
    _set(data, path, new)
    return f"{_show(path)}: {_short(old)} → {_short(new)}"


def op_empty_list(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and isinstance(v, list) and v]
    path = _pick_by_depth(rng, paths)
    _set(data, path, [])
    return f"empty the list {_show(path)}"


def op_empty_value(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and isinstance(v, dict | str) and v]
    path = _pick_by_depth(rng, paths)
    old = _get(data, path)
    new: Any = {} if isinstance(old, dict) else rng.choice(["", " ", "\n"])
    _set(data, path, new)
    return f"empty {_show(path)}: → {_short(new)}"


def op_duplicate_item(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and isinstance(v, list) and v]
    path = _pick_by_depth(rng, paths)
    items = _get(data, path)
    i = rng.randrange(len(items))
    items.insert(rng.randrange(len(items) + 1), copy.deepcopy(items[i]))
    return f"duplicate item {i} of {_show(path)} ({_short(items[i])})"


def op_drop_item(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and isinstance(v, list) and v]
    path = _pick_by_depth(rng, paths)
    items = _get(data, path)
    i = rng.randrange(len(items))
    gone = items.pop(i)
    what = gone.get("id", "") if isinstance(gone, dict) else gone
    return f"drop item {i} of {_show(path)} ({_short(what)})"


def op_duplicate_id(rng: random.Random, data: dict[str, Any]) -> str:
    tables = [t for t in ID_TABLES if len(_ids(data, t)) >= 2]
    if not tables:
        raise NotApplicable
    table = rng.choice(tables)
    items = [x for x in _items(data, table) if isinstance(x.get("id"), str)]
    a, b = rng.sample(items, 2)
    old = b["id"]
    b["id"] = a["id"]
    return f"{table}: rename '{old}' to '{a['id']}' (duplicate id)"


def _reference_slots(data: dict[str, Any]) -> list[tuple[str, int, str, str, bool]]:
    """(table, item index, field, target, many) for every reference field an item has."""
    slots = []
    for table, field, target, many in REFERENCES:
        for i, item in enumerate(data.get(table) or []):
            if isinstance(item, dict) and field in item:
                slots.append((table, i, field, target, many))
    return slots


def op_dangling_reference(rng: random.Random, data: dict[str, Any]) -> str:
    slots = _reference_slots(data)
    if not slots:
        raise NotApplicable
    table, i, field, target, many = rng.choice(slots)
    item = data[table][i]
    others = [x for x in _all_ids(data) if x not in _ids(data, target)]
    bad = rng.choice([f"no-such-{target}", *(others[:1] and [rng.choice(others)])])
    where = f"{table}[{i}].{field}"
    if many and isinstance(item[field], list) and item[field] and rng.random() < 0.5:
        j = rng.randrange(len(item[field]))
        old = item[field][j]
        item[field][j] = bad
        return f"{where}[{j}]: '{old}' → '{bad}' (not a {target} id)"
    if many:
        old = item[field]
        item[field] = [*(old if isinstance(old, list) else []), bad]
        return f"{where}: add '{bad}' (not a {target} id)"
    old = item[field]
    item[field] = bad
    return f"{where}: {_short(old)} → '{bad}' (not a {target} id)"


def op_rename_id(rng: random.Random, data: dict[str, Any]) -> str:
    """Rename an id that is referred to elsewhere, without following the references."""
    used: set[tuple[str, str]] = set()
    for table, field, target, _many in REFERENCES:
        for item in _items(data, table):
            value = item.get(field)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str):
                    used.add((target, v))
    candidates = sorted(used)
    if not candidates:
        raise NotApplicable
    target, old = rng.choice(candidates)
    new = rng.choice([f"{old}-renamed", f"{old}2", old.upper(), old.replace("-", "_")])
    if target == "skills":
        holders = [p for t in ("team", "hire_pool") for p in _items(data, t)
                   if isinstance(p.get("skills"), dict) and old in p["skills"]]
        if not holders:
            raise NotApplicable
        who = rng.choice(holders)
        who["skills"] = {(new if k == old else k): v for k, v in who["skills"].items()}
        return f"skill '{old}' of '{who.get('id')}' renamed to '{new}'"
    for item in _items(data, target):
        if item.get("id") == old:
            item["id"] = new
            return f"{target} id '{old}' renamed to '{new}' (references not updated)"
    raise NotApplicable


def _ancestors(data: dict[str, Any]) -> dict[str, set[str]]:
    preds = {t["id"]: [p for p in t.get("predecessors", []) if isinstance(p, str)]
             for t in _items(data, "tasks") if isinstance(t.get("id"), str)}
    out: dict[str, set[str]] = {}

    def visit(tid: str, seen: set[str]) -> set[str]:
        if tid in out:
            return out[tid]
        found: set[str] = set()
        for p in preds.get(tid, []):
            if p in preds and p not in seen:
                found |= {p, *visit(p, seen | {p})}
        out[tid] = found
        return found

    for tid in preds:
        visit(tid, {tid})
    return out


def op_cycle(rng: random.Random, data: dict[str, Any]) -> str:
    tasks = {t["id"]: t for t in _items(data, "tasks") if isinstance(t.get("id"), str)}
    if not tasks:
        raise NotApplicable
    ancestors = _ancestors(data)
    deep = [t for t, a in ancestors.items() if a]
    roll = rng.random()
    if roll < 0.2 or not deep:
        tid = rng.choice(sorted(tasks))
        tasks[tid].setdefault("predecessors", []).append(tid)
        return f"tasks '{tid}': add itself to its predecessors"
    if roll < 0.35 and len(tasks) >= 2:
        a, b = rng.sample(sorted(tasks), 2)
        tasks[a]["predecessors"] = [*tasks[a].get("predecessors", []), b]
        tasks[b]["predecessors"] = [*tasks[b].get("predecessors", []), a]
        return f"tasks '{a}' and '{b}': each made the other's predecessor"
    tid = rng.choice(deep)
    anc = rng.choice(sorted(ancestors[tid]))
    tasks[anc]["predecessors"] = [*tasks[anc].get("predecessors", []), tid]
    return f"tasks '{anc}': add '{tid}' (which depends on it) to its predecessors: a cycle"


def op_estimates(rng: random.Random, data: dict[str, Any]) -> str:
    tasks = [t for t in _items(data, "tasks")
             if all(_is_number(t.get(k)) for k in ("optimistic", "likely", "pessimistic"))]
    if not tasks:
        raise NotApplicable
    t = rng.choice(tasks)
    o, m, p = t["optimistic"], t["likely"], t["pessimistic"]
    variants: list[tuple[str, tuple[float, float, float]]] = [
        ("swap optimistic and pessimistic", (p, m, o)),
        ("likely above pessimistic", (o, p + 1, p)),
        ("likely below optimistic", (o, o - 1 if o >= 1 else 0, p)) if o > 0 else
        ("likely below optimistic", (1, 0.5, p)),
        ("all three zero", (0, 0, 0)),
        ("all three equal", (m, m, m)),
        ("zero optimistic", (0, m, p)),
        ("tiny effort", (1e-9, 1e-9, 1e-9)),
        ("pessimistic 100,000 days", (o, m, 100_000)),
        ("all 100,000 days", (100_000, 100_000, 100_000)),
    ]
    label, (o2, m2, p2) = rng.choice(variants)
    t["optimistic"], t["likely"], t["pessimistic"] = o2, m2, p2
    return f"tasks '{t.get('id')}': {label}: ({o}, {m}, {p}) → ({o2}, {m2}, {p2})"


def op_probability(rng: random.Random, data: dict[str, Any]) -> str:
    slots: list[Path_] = []
    for table, fields in (("risks", ("probability",)), ("events", ("probability",)),
                          ("stakeholders", ("power", "interest"))):
        for i, item in enumerate(data.get(table) or []):
            for f in fields:
                if isinstance(item, dict) and (f in item or f == "probability"):
                    slots.append((table, i, f))
    if not slots:
        raise NotApplicable
    path = rng.choice(slots)
    new = rng.choice([1.0000001, 1.5, 100, -0.01, -1, 1.0, 0.0])
    old = _get(data, path[:-1]).get(path[-1], "(absent)")
    _set(data, path, new)
    return f"{_show(path)}: {_short(old)} → {new}"


def op_window(rng: random.Random, data: dict[str, Any]) -> str:
    risks = [r for r in _items(data, "risks") if isinstance(r.get("window"), list)]
    if not risks:
        raise NotApplicable
    r = rng.choice(risks)
    old = list(r["window"])
    hard = data.get("calendar", {}).get("hard_stop_week", 30)
    hard = hard if isinstance(hard, int) and not isinstance(hard, bool) else 30
    variants = [
        ("reversed", old[::-1]), ("week zero", [0, 0]), ("after the hard stop",
                                                         [hard + 1, hard + 5]),
        ("ends after the hard stop", [1, hard + 10]), ("one week", [3, 3]),
        ("the whole game", [1, MAX_WEEKS]), ("beyond the schema", [1, MAX_WEEKS + 1]),
        ("one number", old[:1]), ("three numbers", [*old, old[-1] + 1]),
        ("fractional weeks", [1.5, 4.5]), ("negative", [-3, 2]),
    ]
    label, new = rng.choice(variants)
    r["window"] = new
    return f"risks '{r.get('id')}'.window: {old} → {new} ({label})"


def op_calendar(rng: random.Random, data: dict[str, Any]) -> str:
    cal = data.get("calendar")
    if not isinstance(cal, dict):
        raise NotApplicable
    old = dict(cal)
    dl, hs = cal.get("deadline_week", 10), cal.get("hard_stop_week", 20)
    variants = [
        ("deadline after the hard stop", {"deadline_week": hs + 1}),
        ("hard stop before the deadline", {"hard_stop_week": max(1, dl - 1)}),
        ("deadline on the hard stop", {"deadline_week": hs}),
        ("one-week game", {"deadline_week": 1, "hard_stop_week": 1}),
        ("deadline week 1", {"deadline_week": 1}),
        ("latest hard stop", {"hard_stop_week": MAX_WEEKS}),
        ("one day a week", {"days_per_week": 1}),
        ("seven days a week", {"days_per_week": 7}),
        ("zero days a week", {"days_per_week": 0}),
        ("hard stop week 0", {"hard_stop_week": 0}),
        ("hard stop just after deadline", {"hard_stop_week": dl}),
    ]
    label, change = rng.choice(variants)
    cal.update(change)
    if rng.random() < 0.3:
        events = _items(data, "events")
        if events:
            e = rng.choice(events)
            e["week"] = cal.get("hard_stop_week", 20) + 1
            label += f", and event '{e.get('id')}' after the hard stop"
    return f"calendar: {label}: {old} → {cal}"


def op_long_string(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and isinstance(v, str)]
    path = _pick_by_depth(rng, paths)
    old = _get(data, path)
    n = rng.choice(LONG_LENGTHS)
    new = ((old or "x") * (n // max(1, len(old)) + 1))[:n]
    _set(data, path, new)
    return f"{_show(path)}: a string of {n} characters"


def op_unicode(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if p and isinstance(v, str)]
    if rng.random() < 0.2:
        paths = [p for p in paths if p[-1] == "id"] or paths
    path = _pick_by_depth(rng, paths)
    old, new = _get(data, path), rng.choice(UNICODE)
    _set(data, path, new)
    return f"{_show(path)}: {_short(old)} → {_short(new)}"


def op_unknown_key(rng: random.Random, data: dict[str, Any]) -> str:
    paths = [p for p, v in _walk(data) if isinstance(v, dict)]
    path = rng.choice(paths)
    key = rng.choice(["colour", "Name", "id ", "", "predecessor", "über", "tasks"])
    table = _get(data, path)
    if key in table:
        raise NotApplicable
    table[key] = rng.choice(["x", 1, True, [], {}])
    return f"{_show(path)}: add unknown key {key!r}"


# ------------------------------------------------ schema-guided boundary values


@dataclass(frozen=True)
class Slot:
    """A number or choice the schema constrains, at a concrete path."""

    path: Path_
    low: float | None = None
    high: float | None = None
    whole: bool = False
    options: tuple[Any, ...] = ()


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for m in metadata:
        if isinstance(m, FieldInfo):
            lo2, hi2 = _bounds(m.metadata)
            low = lo2 if lo2 is not None else low
            high = hi2 if hi2 is not None else high
        for name in ("ge", "gt"):
            if getattr(m, name, None) is not None:
                low = getattr(m, name)
        for name in ("le", "lt"):
            if getattr(m, name, None) is not None:
                high = getattr(m, name)
    return low, high


def _slots(annotation: Any, metadata: list[Any], value: Any, path: Path_) -> Iterator[Slot]:
    """Every constrained number or choice under `path`, where `value` is what is there."""
    metadata = list(metadata)
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return
            annotation = rest[0]
        else:
            break
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        table = value if isinstance(value, dict) else {}
        if value is not None and not isinstance(value, dict):
            return
        for name, info in annotation.model_fields.items():
            yield from _slots(info.annotation, info.metadata, table.get(name), (*path, name))
    elif origin is list:
        (inner,) = get_args(annotation)
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _slots(inner, [], item, (*path, i))
    elif origin is dict:
        inner = get_args(annotation)[1]
        if isinstance(value, dict):
            for key, item in value.items():
                yield from _slots(inner, [], item, (*path, key))
    elif origin is Literal:
        yield Slot(path, options=get_args(annotation))
    elif annotation in (int, float):
        low, high = _bounds(metadata)
        yield Slot(path, low, high, whole=annotation is int)


def op_boundary(rng: random.Random, data: dict[str, Any]) -> str:
    """Set a constrained number (present or not) to an edge of its range or just past it,
    or a choice to another allowed option: this reaches [model], [scoring] and the rest."""
    slots = list(_slots(Scenario, [], data, ()))
    if not slots:
        raise NotApplicable
    slot = rng.choice(slots)
    old = _get_or(data, slot.path)
    if slot.options:
        new: Any = rng.choice([*slot.options, "bogus"])
    else:
        step = 1 if slot.whole else rng.choice([1e-9, 0.01, 1])
        candidates = []
        if slot.low is not None:
            candidates += [slot.low, slot.low - step]
        if slot.high is not None:
            candidates += [slot.high, slot.high + step]
        if slot.low is not None and slot.high is not None:
            mid = (slot.low + slot.high) / 2
            candidates.append(round(mid) if slot.whole else mid)
        if not candidates:
            candidates = [-1, 0, 1e9]
        new = rng.choice(candidates)
        if slot.whole and isinstance(new, float) and new.is_integer():
            new = int(new)
    _set(data, slot.path, new)
    return f"{_show(slot.path)}: {_short(old)} → {_short(new)} (schema boundary)"


STORM_SKIPS = {"optimistic", "likely", "pessimistic", "window", "impact", "scoring", "format"}


def op_edge_storm(rng: random.Random, data: dict[str, Any]) -> str:
    """Set three to eight constrained numbers at once to an allowed extreme (low, high or
    middle of their range) or choices to another allowed option: scenarios that mostly
    validate, and then push the engine to the corners of its model."""
    def keeps_valid(slot: Slot) -> bool:
        # Leave out what would surely be refused (new response tables, three-point
        # orders, windows, scoring totals) so that most storms reach the engine.
        parent = _get_or(data, slot.path[:-1])
        return (
            (len(slot.path) == 2 or isinstance(parent, dict | list))
            and not set(slot.path) & STORM_SKIPS
        )

    slots = [slot for slot in _slots(Scenario, [], data, ()) if keeps_valid(slot)]
    if not slots:
        raise NotApplicable
    changes = []
    for slot in rng.sample(slots, min(len(slots), rng.randint(3, 8))):
        if slot.options:
            new: Any = rng.choice(slot.options)
        else:
            ends = [v for v in (slot.low, slot.high) if v is not None]
            if slot.low is not None and slot.high is not None:
                ends.append((slot.low + slot.high) / 2)
            if not ends:
                continue
            new = rng.choice(ends)
            if slot.whole:
                new = round(new)
        _set(data, slot.path, new)
        changes.append(f"{_show(slot.path)} = {_short(new)}")
    if not changes:
        raise NotApplicable
    return "; ".join(changes)


def op_clone_item(rng: random.Random, data: dict[str, Any]) -> str:
    """Copy an item of an id table under a fresh id (a bigger but valid scenario), or
    copy it many times."""
    tables = [t for t in ID_TABLES if _items(data, t)]
    if not tables:
        raise NotApplicable
    table = rng.choice(tables)
    items = data[table]
    source = rng.choice(_items(data, table))
    copies = rng.choice([1, 1, 3, 20])
    taken = set(_all_ids(data))
    added = []
    for n in range(copies):
        clone = copy.deepcopy(source)
        new_id = f"{source.get('id', 'x')}-copy{n + 1}"[:48]
        if new_id in taken:
            raise NotApplicable
        clone["id"] = new_id
        if table == "tasks" and rng.random() < 0.5:
            clone["predecessors"] = [source.get("id")] if n == 0 else [added[-1]]
        if table == "events" and "adds_scope" in clone:
            del clone["adds_scope"]
            clone["kind"] = "message"
        items.append(clone)
        added.append(new_id)
        taken.add(new_id)
    return f"{table}: {copies} cop{'y' if copies == 1 else 'ies'} of '{source.get('id')}'"


def _get_or(data: Any, path: Path_) -> Any:
    try:
        return _get(data, path)
    except (KeyError, IndexError, TypeError):
        return "(absent)"


DICT_OPERATORS: dict[str, Callable[[random.Random, dict[str, Any]], str]] = {
    "delete-key": op_delete_key,
    "wrong-type": op_wrong_type,
    "odd-number": op_odd_number,
    "empty-list": op_empty_list,
    "empty-value": op_empty_value,
    "duplicate-item": op_duplicate_item,
    "drop-item": op_drop_item,
    "duplicate-id": op_duplicate_id,
    "dangling-ref": op_dangling_reference,
    "rename-id": op_rename_id,
    "cycle": op_cycle,
    "estimates": op_estimates,
    "probability": op_probability,
    "window": op_window,
    "calendar": op_calendar,
    "long-string": op_long_string,
    "unicode": op_unicode,
    "unknown-key": op_unknown_key,
    "boundary": op_boundary,
    "edge-storm": op_edge_storm,
    "clone-item": op_clone_item,
}


# ------------------------------------------------ text-level mutations (bytes)


def text_delete_line(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    lines = raw.splitlines(keepends=True)
    i = rng.randrange(len(lines))
    return b"".join(lines[:i] + lines[i + 1:]), f"delete line {i + 1}: {_short(lines[i])}"


def text_duplicate_line(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    lines = raw.splitlines(keepends=True)
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines) + 1)
    out = [*lines[:j], lines[i], *lines[j:]]
    return b"".join(out), f"copy line {i + 1} ({_short(lines[i])}) before line {j + 1}"


def text_swap_lines(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    lines = raw.splitlines(keepends=True)
    i, j = sorted(rng.sample(range(len(lines)), 2))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines), f"swap lines {i + 1} and {j + 1}"


def text_truncate(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    n = rng.choice([0, 1, rng.randrange(len(raw)), rng.randrange(len(raw)), len(raw) - 1])
    return raw[:n], f"truncate to {n} of {len(raw)} bytes"


def text_garbage(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    pieces = [b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\x1b[31m", b"\r", b"]]",
              b"[[", b"=", b'"', b"'''", b"\\", b"{", b"#", b"\t", b"\xef\xbb\xbf",
              bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))]
    junk = rng.choice(pieces)
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + junk + raw[at:], f"insert {junk!r} at byte {at}"


def text_flip_char(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(raw))
    new = rng.choice(b"0123456789-._=[]{}\"', \nazAZ#")
    old = raw[at:at + 1]
    return raw[:at] + bytes([new]) + raw[at + 1:], f"byte {at}: {old!r} → {bytes([new])!r}"


TEXT_OPERATORS: dict[str, Callable[[random.Random, bytes], tuple[bytes, str]]] = {
    "delete-line": text_delete_line,
    "duplicate-line": text_duplicate_line,
    "swap-lines": text_swap_lines,
    "truncate": text_truncate,
    "garbage-bytes": text_garbage,
    "flip-char": text_flip_char,
}

# The order in which mutation numbers cycle through the operators; the richer ones
# appear more than once. "combo" applies two to four dict operators in a row.
KIND_CYCLE: tuple[str, ...] = (
    "delete-key", "wrong-type", "odd-number", "dangling-ref", "boundary", "delete-line",
    "empty-list", "duplicate-item", "drop-item", "duplicate-id", "rename-id", "truncate",
    "cycle", "estimates", "probability", "window", "calendar", "boundary", "garbage-bytes",
    "long-string", "unicode", "unknown-key", "empty-value", "combo", "duplicate-line",
    "delete-key", "wrong-type", "odd-number", "dangling-ref", "boundary", "swap-lines",
    "combo", "flip-char", "edge-storm", "clone-item", "edge-storm",
)


def make_mutation(path: Path, index: int) -> Mutation:
    """Mutation number `index` of a scenario file; the same arguments give the same bytes."""
    original_raw = path.read_bytes()
    stem = path.stem
    rng = random.Random(f"pmsim-mutation:{stem}:{index}")
    kind = KIND_CYCLE[index % len(KIND_CYCLE)]
    if kind in TEXT_OPERATORS:
        content, description = TEXT_OPERATORS[kind](rng, original_raw)
        return Mutation(stem, index, kind, description, content, original_raw)
    base = tomllib.loads(original_raw.decode("utf-8"))
    original = dumps(base).encode()
    for _attempt in range(20):
        data = copy.deepcopy(base)
        try:
            if kind == "combo":
                names = rng.sample(sorted(DICT_OPERATORS), rng.randint(2, 4))
                steps = [f"{n}: {DICT_OPERATORS[n](rng, data)}" for n in names]
                description = "; ".join(steps)
            else:
                description = DICT_OPERATORS[kind](rng, data)
        except NotApplicable:
            kind = rng.choice(sorted(DICT_OPERATORS))
            continue
        content = dumps(data).encode()
        if content == original:
            kind = rng.choice(sorted(DICT_OPERATORS))
            continue
        return Mutation(stem, index, kind, description, content, original)
    raise RuntimeError(f"no applicable mutation for {stem}:{index}")


# ---------------------------------------------------------------- the checks


class Failure(AssertionError):
    """A mutation made pmsim misbehave: a traceback, a hang or a bad score."""


class GameHang(BaseException):
    """A game did not finish within its advance budget or its wall-clock time. A
    `BaseException`, so that no `except Exception` in the code under test swallows it."""


@contextlib.contextmanager
def watchdog(seconds: float, what: str) -> Iterator[None]:
    """Raise `GameHang` in the main thread after `seconds` (Linux/macOS); else no-op."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise GameHang(f"{what} took more than {seconds:g} s of wall-clock time")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _trace(exc: BaseException) -> str:
    frames = traceback.format_exception(type(exc), exc, exc.__traceback__)
    text = "".join(frames)
    tail = text.splitlines()[-14:]
    return "\n".join(tail)


def _fail(m: Mutation, what: str, exc: BaseException | None = None) -> Failure:
    parts = [
        f"mutation {m.scenario}:{m.index} [{m.kind}]: {m.description}",
        f"reproduce: pytest tests/test_mutations.py -k {m.name}   or   "
        f"python benchmarks/fuzz_scenarios.py --show {m.scenario}:{m.index}",
        f"what went wrong: {what}",
        "diff:",
        m.diff(),
    ]
    if exc is not None:
        parts += ["traceback (last lines):", _trace(exc)]
    return Failure("\n".join(parts))


def play_checked(m: Mutation, scenario: Any, policy_name: str, seed: int) -> int:
    """Play one game to the end under the watchdogs; return its score or raise `Failure`."""
    limit = max(1, scenario.calendar.hard_stop_week) * ADVANCES_PER_WEEK
    calls = [0]

    def count_advances(sim: Any) -> None:
        advance = sim.advance

        def counted() -> Any:
            calls[0] += 1
            if calls[0] > limit:
                raise GameHang(f"more than {limit} calls of advance() (hard stop week "
                               f"{scenario.calendar.hard_stop_week}); still in week {sim.week}")
            return advance()

        sim.advance = counted

    what = f"playing under policy '{policy_name}' with seed {seed}"
    try:
        with watchdog(GAME_SECONDS, what):
            sim = play_game(scenario, seed, get_policy(policy_name), on_start=count_advances)
            if not sim.finished:
                raise _fail(m, f"{what}: play_game returned an unfinished game")
            outcome = sim.outcome()
    except Failure:
        raise
    except GameHang as exc:
        raise _fail(m, f"{what}: hang: {exc}") from None
    except Exception as exc:
        raise _fail(m, f"{what}: {type(exc).__name__}: {exc}", exc) from None
    score = outcome.score
    if not (isinstance(score, int) and 0 <= score <= MAX_SCORE):
        raise _fail(m, f"{what}: score {score!r} is outside [0, {MAX_SCORE}] "
                    f"({outcome.summary})")
    for d in outcome.dimensions:
        if not 0 <= d.points <= d.max_points:
            raise _fail(m, f"{what}: {d.name} scored {d.points} of {d.max_points}")
    if not (math.isfinite(outcome.cost) and outcome.cost >= 0):
        raise _fail(m, f"{what}: final cost is {outcome.cost!r}")
    return score


def run_validate_cli(m: Mutation, path: Path, expect: int) -> None:
    """`pmsim validate FILE` exits `expect`; every problem line names the file."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with watchdog(GAME_SECONDS, "pmsim validate"), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            code = cli_main(["validate", str(path)])
    except GameHang as exc:
        raise _fail(m, f"`pmsim validate`: hang: {exc}") from None
    except SystemExit as exc:
        raise _fail(m, f"`pmsim validate` exited through SystemExit({exc.code}); "
                    f"stderr: {err.getvalue()!r}") from None
    except Exception as exc:
        raise _fail(m, f"`pmsim validate` raised {type(exc).__name__}: {exc}", exc) from None
    if code != expect:
        raise _fail(m, f"`pmsim validate` exited {code}, expected {expect}; "
                    f"stdout: {out.getvalue()[:500]!r}")
    if expect == 1:
        lines = out.getvalue().splitlines()
        problem_lines = [ln for ln in lines[1:] if ln.startswith("  ")]
        if not problem_lines:
            raise _fail(m, f"`pmsim validate` exited 1 but listed no problem: {lines!r}")
        for line in problem_lines:
            if str(path) not in line:
                raise _fail(m, f"`pmsim validate` problem line does not name the file: "
                            f"{line[:300]!r}")


def check_mutation(m: Mutation, workdir: Path, *, cli: bool, second_seed: bool) -> str:
    """Check one mutation; return "refused" or "played", or raise `Failure`."""
    path = workdir / f"{m.name}.toml"
    path.write_bytes(m.content)
    try:
        with watchdog(GAME_SECONDS, "validation"):
            scenario = read_scenario_file(path)
    except ScenarioError as exc:
        problems = list(getattr(exc, "problems", None) or [])
        if not problems:
            raise _fail(m, "ScenarioError carries no problems") from None
        for problem in problems:
            text = str(problem).strip()
            if not text or not str(getattr(problem, "message", "")).strip():
                raise _fail(m, f"a problem has no message: {problem!r}") from None
            if str(path) not in text:
                raise _fail(m, f"a problem does not name the file: {text[:300]!r}") from None
        if cli:
            run_validate_cli(m, path, expect=1)
        return "refused"
    except GameHang as exc:
        raise _fail(m, f"validation hung: {exc}") from None
    except Exception as exc:
        raise _fail(m, f"validation raised {type(exc).__name__} instead of ScenarioError: "
                    f"{exc}", exc) from None
    if cli:
        run_validate_cli(m, path, expect=0)
    for name in POLICIES:
        play_checked(m, scenario, name, 0)
        if second_seed:
            play_checked(m, scenario, name, 1)
    return "played"


# ---------------------------------------------------------------- the tests


def _cases() -> list[Any]:
    cases = []
    for path in SCENARIO_FILES:
        for index in range(MUTATIONS_PER_FILE):
            cases.append(pytest.param(path, index, id=f"{path.stem}-{index:04d}"))
    return cases


@pytest.mark.parametrize(("scenario_file", "index"), _cases())
def test_mutation_is_refused_or_plays(scenario_file: Path, index: int, tmp_path: Path) -> None:
    m = make_mutation(scenario_file, index)
    check_mutation(m, tmp_path, cli=index % CLI_EVERY == 0,
                   second_seed=index % SECOND_SEED_EVERY == 0)


def test_there_are_scenarios_to_mutate() -> None:
    assert SCENARIO_FILES, f"no scenario files in {SCENARIOS_DIR}"


@pytest.mark.parametrize("scenario_file", SCENARIO_FILES, ids=lambda p: p.stem)
def test_unmutated_file_round_trips_and_validates(scenario_file: Path, tmp_path: Path) -> None:
    """The generator's baseline (the file re-written by `toml_writer`) is the same
    scenario, so a refused mutation is refused because of the mutation."""
    data = tomllib.loads(scenario_file.read_text(encoding="utf-8"))
    text = dumps(data)
    assert tomllib.loads(text) == data
    rewritten = tmp_path / scenario_file.name
    rewritten.write_text(text, encoding="utf-8")
    assert read_scenario_file(rewritten) == read_scenario_file(scenario_file)


@pytest.mark.parametrize("scenario_file", SCENARIO_FILES, ids=lambda p: p.stem)
def test_generator_is_deterministic(scenario_file: Path) -> None:
    first = [make_mutation(scenario_file, i) for i in range(MUTATIONS_PER_FILE)]
    assert make_mutation(scenario_file, 17) == first[17]
    assert len({m.content for m in first}) > 0.9 * len(first)


def test_the_suite_uses_every_operator() -> None:
    """Over all the files, the mutations the suite runs use every operator (an operator
    with nothing to act on in one file gives way to another, so look at the union)."""
    kinds = {make_mutation(path, i).kind
             for path in SCENARIO_FILES for i in range(MUTATIONS_PER_FILE)}
    missing = (set(DICT_OPERATORS) | set(TEXT_OPERATORS) | {"combo"}) - kinds
    assert not missing, f"operators never used: {sorted(missing)}"


def test_toml_writer_round_trips_awkward_values() -> None:
    data = {
        "n": -(2**63), "f": 1e308, "tiny": 5e-324, "neg_zero": -0.0, "inf": math.inf,
        "ninf": -math.inf, "b": False, "s": 'quote " back \\ nul \x00 del \x7f \u202e 😀\n',
        "needs quotes": {"": 1, "a.b": [1, "two", 3.0, {"x": []}, [[]]]},
        "empty": {}, "empty_list": [],
        "aot": [{"k": {"deep": {"x": 1}}, "sub": [{"y": 2}, {"z": {}}]}, {}],
        "mixed": [{"a": 1}, 2],
    }
    back = tomllib.loads(dumps(data))
    assert back == data
    assert math.isnan(tomllib.loads(dumps({"x": math.nan}))["x"])


def test_watchdogs_catch_a_game_that_never_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness itself: a game whose `advance()` makes no progress is reported as a
    hang by the advance budget, and a busy loop by the wall-clock backstop."""
    from types import SimpleNamespace

    from pmsim.engine.simulation import Simulation

    real_advance = Simulation.advance

    def stuck(self: Simulation) -> Any:
        if self.plan_mode:  # the baseline plan is worked out by a game in plan mode
            return real_advance(self)
        return SimpleNamespace(pending=(), finished=False, week_ended=False)

    monkeypatch.setattr(Simulation, "advance", stuck)
    path = SCENARIO_FILES[0]
    m = Mutation(path.stem, -1, "none", "unchanged", path.read_bytes(), path.read_bytes())
    with pytest.raises(Failure, match=r"hang: more than \d+ calls of advance\(\)"):
        play_checked(m, read_scenario_file(path), "passive", 0)
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("the wall-clock backstop needs the main thread")
    with pytest.raises(GameHang), watchdog(0.2, "a busy loop"):
        while True:
            pass
