"""Rewrite the golden game logs and their expected outcomes.

    .venv/bin/python tests/golden/regenerate.py

Run it only when the engine or the default scenario changed *on purpose* (and bump
`ENGINE_VERSION` in `pmsim/engine/simulation.py` when the same decisions now make a
different game), then review the diff of `expected.json` before committing: every
change there is a change in how the game plays.

Each golden game plays the default scenario with one seed and a fixed plan: decisions
taken at the start of given weeks, and preferred answers to requests (the request's
default when the preferred option is not offered or not affordable). A planned decision
the engine refuses is skipped and reported, so the script always finishes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pmsim.batch import run_batch
from pmsim.engine import decisions as d
from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.gamelog import GameLogWriter
from pmsim.scenario import DEFAULT_SCENARIO, load_scenario
from pmsim.scenario.builtin import builtin_paths

GOLDEN_DIR = Path(__file__).resolve().parent
EXPECTED = GOLDEN_DIR / "expected.json"
RUNS = GOLDEN_DIR / "runs.json"
"""`pmsim run --json` for every built-in scenario and bot (RUNS_PER_BATCH games each)."""
RUNS_PER_BATCH = 5
BOTS = ("cautious", "passive", "reckless", "random")
CREATED = "2026-01-01T00:00:00+00:00"
"""A fixed creation time, so regenerating changes the files only when the game does."""

GAMES: dict[str, dict] = {
    "steady-pm": {
        "seed": 7,
        "plan": {
            1: [d.SetReporting("detailed"), d.MeetStakeholder("helen")],
            3: [d.SetOvertime(1.2), d.MeetStakeholder("martin")],
            8: [d.SetOvertime(1.0), d.Recognise()],
            12: [d.SteeringCommittee()],
        },
        "answers": ("reject", "mitigate"),
    },
    "firefighter": {
        "seed": 2024,
        "plan": {
            1: [d.SetReporting("none")],
            4: [d.SetOvertime(1.5), d.Hire("eli")],
            9: [d.TeamEvent()],
            14: [d.SetOvertime(1.3)],
        },
        "answers": ("accept", "recover"),
    },
    "risk-manager": {
        "seed": 99,
        "plan": {
            1: [d.RespondToRisk("billing-vendor", "mitigate"),
                d.RespondToRisk("cloud-credits", "exploit"), d.MeetStakeholder("priya")],
            6: [d.DeferScope("outage"), d.SetOvertime(1.1)],
            10: [d.RaiseException()],
        },
        "answers": ("negotiate", "absorb"),
    },
}
"""Golden game name → seed, decisions by week, preferred answer options in order."""


def play_golden(name: str, path: Path) -> Simulation:
    """Play one golden game, logging it to `path` (overwritten); return the game."""
    spec = GAMES[name]
    sim = Simulation(load_scenario(DEFAULT_SCENARIO), spec["seed"])
    writer = GameLogWriter()
    writer.start(path, sim, DEFAULT_SCENARIO, name, overwrite=True, created=CREATED)
    planned: set[int] = set()
    while not sim.finished:
        if sim.week not in planned:
            planned.add(sim.week)
            for decision in spec["plan"].get(sim.week, ()):
                try:
                    sim.apply(decision)
                except DecisionError as exc:
                    print(f"{name}: week {sim.week}: skipped {decision}: {exc}")
        while sim.pending and not sim.finished:
            request = next(iter(sim.pending.values()))
            for option in (*spec["answers"], request.default):
                try:
                    sim.answer(request.id, option)
                    break
                except DecisionError:
                    continue
        if not sim.finished:
            sim.advance()
    writer.finish(sim)
    return sim


def main() -> int:
    """Rewrite every golden log and `expected.json`; print the new results."""
    expected = {}
    for name in GAMES:
        sim = play_golden(name, GOLDEN_DIR / f"{name}.jsonl")
        expected[f"{name}.jsonl"] = sim.outcome().to_result()
        print(f"{name}: {expected[f'{name}.jsonl']}")
    EXPECTED.write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    RUNS.write_text(json.dumps(run_outputs(), indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return 0


def run_output(scenario_id: str, bot: str) -> dict:
    """What `pmsim run SCENARIO --policy BOT --runs RUNS_PER_BATCH --seed 0 --json` prints."""
    return run_batch(scenario_id, bot, 0, RUNS_PER_BATCH).to_json()


def run_outputs() -> dict[str, dict]:
    """`run_output` for every built-in scenario and bot, keyed "scenario/bot"."""
    return {f"{sid}/{bot}": run_output(sid, bot)
            for sid in sorted(builtin_paths()) for bot in BOTS}


if __name__ == "__main__":
    sys.exit(main())
