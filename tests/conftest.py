"""Shared fixtures. Keep this small: fixtures used by one test file belong in that file."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parent / "data"

_SMALL_SCENARIO: dict[str, Any] = {
    "meta": {"id": "small", "title": "Small", "briefing": "A small valid scenario."},
    "calendar": {"deadline_week": 6, "hard_stop_week": 10},
    "scope": [
        {"id": "core", "name": "Core", "priority": "must", "value": 50_000},
        {"id": "extra", "name": "Extra", "priority": "could", "value": 8_000,
         "proposed": True},
    ],
    "tasks": [
        {"id": "design", "name": "Design", "scope": "core", "skill": "dev",
         "optimistic": 3, "likely": 4, "pessimistic": 6, "staff": ["ann"]},
        {"id": "build", "name": "Build", "scope": "core", "skill": "dev",
         "optimistic": 8, "likely": 10, "pessimistic": 15, "predecessors": ["design"],
         "staff": ["ann", "bob"]},
        {"id": "test", "name": "Test", "scope": "core", "skill": "qa", "kind": "test",
         "optimistic": 2, "likely": 3, "pessimistic": 5, "predecessors": ["build"],
         "staff": ["bob"]},
        {"id": "extra-build", "name": "Extra build", "scope": "extra", "skill": "dev",
         "optimistic": 3, "likely": 4, "pessimistic": 6, "predecessors": ["design"],
         "staff": ["ann"]},
    ],
    "team": [
        {"id": "ann", "name": "Ann", "skills": {"dev": 1.0}, "daily_rate": 500},
        {"id": "bob", "name": "Bob", "skills": {"dev": 0.8, "qa": 1.0}, "daily_rate": 450},
    ],
    "hire_pool": [
        {"id": "cem", "name": "Cem", "skills": {"ux": 1.0}, "daily_rate": 600},
    ],
    "stakeholders": [
        {"id": "sponsor", "name": "Sam", "power": 0.9, "interest": 0.8, "sponsor": True},
    ],
    "risks": [
        {"id": "outage", "name": "Outage", "probability": 0.3, "window": [1, 5],
         "tasks": ["build"], "impact": {"delay_days": [1, 2, 4]}},
    ],
    "events": [
        {"id": "cr-extra", "week": 2, "kind": "change_request", "title": "Add extra",
         "requested_by": "sponsor", "adds_scope": "extra"},
    ],
}


@pytest.fixture
def scenario_data() -> dict[str, Any]:
    """A fresh, valid scenario as plain data (two scope items, one of them proposed and
    brought by a change request; four tasks; two people and one candidate; one sponsor;
    one risk). Tests change a copy and pass it to `parse_scenario_data`."""
    return copy.deepcopy(_SMALL_SCENARIO)


@pytest.fixture
def minimal_toml() -> Path:
    """The one-task, one-person scenario file in `tests/data/`."""
    return DATA_DIR / "minimal.toml"
