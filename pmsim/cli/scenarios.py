"""Scenario commands: `list`, `validate`, `schema`, `forecast`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmsim.cli.common import iterations_int, seed_int
from pmsim.errors import UserError
from pmsim.scenario import (
    DEFAULT_SCENARIO,
    ScenarioError,
    builtin_paths,
    load_scenario,
    read_scenario_file,
)
from pmsim.scenario.schema import Scenario

if TYPE_CHECKING:
    from pmsim.engine.forecast import ForecastResult
from pmsim.text import clean_line
from pmsim.wording import count

MAX_FORECAST_CELLS = 40_000_000
"""Most iterations × tasks a forecast may sample (about 0.3 GB per array of floats)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the scenario commands."""
    p = sub.add_parser("list", help="list the built-in scenarios")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("validate", help="check scenario files and list every problem")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="scenario .toml files (or built-in ids)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("forecast", help="Monte Carlo forecast of a scenario's baseline plan")
    p.add_argument("scenario", metavar="SCENARIO", help="built-in id or path to a .toml file")
    p.add_argument("--iterations", type=iterations_int, default=10_000, metavar="N",
                   help="Monte Carlo iterations, 1 to 1,000,000 (default 10,000)")
    p.add_argument("--seed", type=seed_int, default=0, metavar="S",
                   help="seed of the random draws (default 0); same seed, same output")
    p.add_argument("--risks", action="store_true",
                   help="risk-adjusted: each iteration also draws the known risks of the "
                        "register (whether each fires, when, and its delay and extra work)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_forecast)


def scenario_summary(s: Scenario) -> dict[str, object]:
    """One entry of `pmsim list --json`."""
    return {
        "id": s.meta.id,
        "title": s.meta.title,
        "difficulty": s.meta.difficulty,
        "domain": s.meta.domain,
        "deadline_week": s.calendar.deadline_week,
        "hard_stop_week": s.calendar.hard_stop_week,
        "tasks": len(s.tasks),
        "play_minutes": s.meta.play_minutes,
        "unwinnable": s.meta.unwinnable,
        "default": s.meta.id == DEFAULT_SCENARIO,
    }


def cmd_list(args: argparse.Namespace) -> int:
    """List built-in scenarios (a broken one is reported, the rest still listed)."""
    rows, broken = [], []
    for name in builtin_paths():
        try:
            rows.append(scenario_summary(load_scenario(name)))
        except ScenarioError as exc:
            broken.append((name, exc))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        from rich.table import Table

        from pmsim.cli.terminal import console as make_console

        table = Table(title="Built-in scenarios (* = the default `pmsim play` starts)")
        table.add_column("id", no_wrap=True)
        table.add_column("level", no_wrap=True)
        table.add_column("min", justify="right", no_wrap=True)
        table.add_column("deadline", no_wrap=True)
        table.add_column("title", ratio=1)
        levels = ("tutorial", "beginner", "standard", "advanced")
        order = sorted(rows, key=lambda r: (levels.index(str(r["difficulty"])), str(r["id"])))
        for r in order:
            mark = " *" if r["default"] else ""
            table.add_row(f"{r['id']}{mark}", str(r["difficulty"]), str(r["play_minutes"]),
                          f"week {r['deadline_week']}", str(r["title"]))
        make_console().print(table)
    for name, error in broken:
        print(f"pmsim: built-in scenario '{name}' is broken: {error.problems[0]}",
              file=sys.stderr)
    return 1 if broken else 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate files; exit 1 if any has a problem, listing every one."""
    bad = 0
    builtins = builtin_paths()
    for name in args.files:
        path = Path(name)
        if name in builtins and not path.exists():
            path = builtins[name]
        try:
            s = read_scenario_file(path)
        except ScenarioError as exc:
            bad += 1
            fixed = "it is" if len(exc.problems) == 1 else "they are"
            waiting = ("" if exc.complete else " so far: references, dependency cycles and "
                       f"the plan are checked once {fixed} fixed")
            print(f"{clean_line(name)}: {count(len(exc.problems), 'problem')}{waiting}")
            for problem in exc.problems:
                print(f"  {problem}")
            continue
        print(f"{clean_line(name)}: valid ({s.meta.id}: {len(s.tasks)} tasks, "
              f"{len(s.team)} people, {len(s.risks)} risks)")
    if bad:  # after every problem, on its own line, even with the streams interleaved
        sys.stdout.flush()
        print(f"{bad} of {count(len(args.files), 'file')} invalid", file=sys.stderr)
    return 1 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pmsim scenario"
    print(json.dumps(schema, indent=2))
    return 0


def cmd_forecast(args: argparse.Namespace) -> int:
    """Forecast the baseline plan."""
    from pmsim.engine.forecast import forecast_scenario, planned_busy_days

    scenario = load_scenario(args.scenario)
    if args.iterations * len(scenario.tasks) > MAX_FORECAST_CELLS:
        most = MAX_FORECAST_CELLS // len(scenario.tasks)
        raise UserError(f"{args.iterations:,} iterations of a {len(scenario.tasks)}-task "
                        f"network would need too much memory; use --iterations {most:,} "
                        "or fewer")
    try:
        result = forecast_scenario(scenario, iterations=args.iterations, seed=args.seed,
                                   risks=args.risks)
    except MemoryError:
        raise UserError(f"{args.iterations:,} iterations of a {len(scenario.tasks)}-task "
                        "network do not fit in memory; use fewer --iterations") from None
    busy = planned_busy_days(scenario)
    if args.json:
        print(json.dumps({**result.to_json(), "busy_days": busy}, indent=2))
        return 0
    _print_forecast(scenario, result, busy)
    return 0


def _print_forecast(scenario: Scenario, result: ForecastResult, busy: dict[str, float]) -> None:
    """The forecast as text: the plan, the percentiles, criticality and float, loads."""
    from rich.table import Table
    from rich.text import Text

    from pmsim.cli.terminal import console as make_console

    dpw = scenario.calendar.days_per_week
    console = make_console()
    basis = ("risk-adjusted (estimates and the known risks of the register)"
             if result.risk_adjusted else "estimates only, risks not counted")
    console.print(Text.assemble((clean_line(scenario.meta.title), "bold"),
                                f" — baseline plan, {result.iterations:,} iterations, "
                                f"{basis} (working days from the start)"))
    console.print(f"  deterministic plan (expected efforts, the engine's rules): "
                  f"{result.deterministic_days:.1f} days")
    console.print(f"  mean {result.mean_days:.1f}   P50 {result.p50_days:.1f}   "
                  f"P80 {result.p80_days:.1f}")
    console.print(f"  deadline: day {result.deadline_days:g} (week "
                  f"{result.deadline_days / dpw:g}); chance of meeting it "
                  f"{result.p_on_time:.0%}")
    table = Table(title="Criticality index and total float")
    table.add_column("task")
    table.add_column("critical in", justify="right")
    table.add_column("total float (days)", justify="right")
    for tid, share in sorted(result.criticality.items(), key=lambda kv: -kv[1]):
        table.add_row(tid, f"{share:.0%}", f"{result.total_float.get(tid, 0.0):.1f}")
    console.print(table)
    names = {p.id: clean_line(p.name) for p in scenario.team}
    loads = ", ".join(f"{names[pid]} {days:.0f}" for pid, days in
                      sorted(busy.items(), key=lambda kv: -kv[1]))
    console.print(f"Busy days per person (their planned tasks one after another, of "
                  f"{result.deadline_days:g} to the deadline): {loads}")
    over = {pid: days for pid, days in busy.items() if days > result.deadline_days + 1e-9}
    if over:
        console.print(Text.assemble(
            ("Overloaded people", "bold"), " — more planned work than working days to the "
            "deadline (the forecast above already splits their time between their tasks, "
            "as the game does):"))
        for pid, days in sorted(over.items(), key=lambda kv: -kv[1]):
            console.print(f"  {names[pid]} ({pid}): {days:.1f} working days of planned tasks "
                          f"one after another, against {result.deadline_days:g} to the "
                          "deadline")
