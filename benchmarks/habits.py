"""Typical mistakes and what they cost: the cautious bot with one habit changed.

Run by hand from the project root (minutes; the tests never run the full thing):

    .venv/bin/python benchmarks/habits.py [ID ...] [--runs 200] [--seed 0] [--jobs 2]
    .venv/bin/python benchmarks/habits.py conference --runs 1 --seed 14 --no-write

For each scenario (default: every built-in) it plays the `cautious` bot and variants
of it — the same bot with one habit changed (no risk responses, long weeks, yes to
every change request, …) — on the same seeds, so a difference between two rows is the
habit and not the luck; the passive and reckless bots are played too, for scale. It
prints every figure per scenario (each scoring dimension, finish week, final cost) and
rewrites the block between `<!-- habits:start -->` and `<!-- habits:end -->` in
`docs/scenarios/<id>.md`. `--no-write` leaves the guides alone: with `--runs 1` it
shows what each habit does on one seed. `--jobs` changes the speed, never the figures.

The habits and the variants (which rows a scenario gets) are in `habit_policy.py`.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from guide_blocks import guide_path, replace_block
from habit_policy import BASELINE, BOT, VARIANTS, HabitPolicy, Habits, Variant

from pmsim.batch import BatchSummary, GameRecord, summarise
from pmsim.engine.simulation import ENGINE_VERSION
from pmsim.policies import play_game
from pmsim.scenario import Scenario, builtin_paths, load_scenario
from pmsim.scoring import DIMENSIONS

__all__ = ["BASELINE", "BOT", "VARIANTS", "HabitPolicy", "Habits", "Variant", "run_habits",
           "table"]

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- habits:start -->", "<!-- habits:end -->"
CHUNK = 10
"""Seeds per task sent to a worker."""
MOVED = 3
"""Points a dimension's mean must move by to be named in "where the points go"."""


def variants_for(scenario: Scenario) -> list[Variant]:
    """The bot, then the variants that apply to the scenario."""
    return [BOT, *(v for v in VARIANTS if v.applies(scenario))]


# --------------------------------------------------------------------------- playing
@cache
def _scenario(scenario_id: str) -> Scenario:
    return load_scenario(scenario_id)


def _variant(variant_id: str) -> Variant:
    return next(v for v in [BOT, *VARIANTS] if v.id == variant_id)


def play_seeds(scenario_id: str, variant_id: str, start: int, stop: int) -> list[GameRecord]:
    """Play seeds start … stop − 1 of a scenario with one variant."""
    scenario, variant = _scenario(scenario_id), _variant(variant_id)
    out = []
    for seed in range(start, stop):
        outcome = play_game(scenario, seed, variant.policy()).outcome()
        out.append(GameRecord(outcome.to_result(), outcome.on_time, outcome.on_budget))
    return out


def _play_task(scenario_id: str, variant_id: str, start: int, stop: int
               ) -> tuple[str, str, int, list[GameRecord]]:
    return scenario_id, variant_id, start, play_seeds(scenario_id, variant_id, start, stop)


@dataclass(frozen=True)
class Row:
    """One variant's games and how they compare with the bot's on the same seeds."""

    variant: str
    label: str
    games: tuple[GameRecord, ...]
    summary: BatchSummary
    diff: float
    """Mean of the per-seed score differences from the bot."""
    diff_ci: float
    """Half-width of the 95 % interval of that mean (normal approximation)."""
    dims: dict[str, float]
    """Mean points per dimension."""
    dim_diff: dict[str, float]
    """Mean change per dimension against the bot."""
    finish_week: float
    cost: float
    changed: int
    """Games whose result differs from the bot's on the same seed."""
    for_scale: bool
    """Another bot, not a variant of the cautious one."""
    shows: tuple[int, float, float] | None
    """The seed where the score moved most in the direction of `diff`: (seed, the
    bot's score, this row's); None for the bot and for a row that never moved."""

    def where(self) -> str:
        """The (at most three) dimensions whose mean moved by `MOVED` points or more."""
        moved = sorted((n for n in DIMENSIONS if round(abs(self.dim_diff[n])) >= MOVED),
                       key=lambda n: -abs(self.dim_diff[n]))
        return ", ".join(f"{n} {_signed(self.dim_diff[n])}" for n in moved[:3]) or "—"

    def seed_text(self) -> str:
        if self.shows is None:
            return "—"
        seed, bot, ours = self.shows
        return f"{seed}: {bot:.0f} → {ours:.0f}"


@dataclass(frozen=True)
class HabitsResult:
    scenario: str
    seed: int
    runs: int
    rows: list[Row] = field(default_factory=list)

    @property
    def bot(self) -> Row:
        return self.rows[0]


def make_row(variant: Variant, scenario: Scenario, games: Sequence[GameRecord],
             base: Sequence[GameRecord] | None) -> Row:
    """Summarise a variant's games against the bot's (`base`; None: this is the bot)."""
    base = games if base is None else base
    scores = np.array([g.result["score"] for g in games], dtype=float)
    diffs = scores - np.array([g.result["score"] for g in base], dtype=float)
    ci = 1.96 * float(diffs.std(ddof=1)) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0

    def dim_mean(gs: Sequence[GameRecord], name: str) -> float:
        return float(np.mean([g.result["dimensions"][name] for g in gs]))

    dims = {n: dim_mean(games, n) for n in DIMENSIONS}
    shows = None
    sign = 1.0 if diffs.mean() >= 0 else -1.0
    at = int(np.argmax(sign * diffs))  # the first such seed on a tie
    if sign * diffs[at] > 0:
        shows = (games[at].result["seed"], base[at].result["score"], scores[at])
    return Row(
        variant=variant.id, label=variant.text(scenario), games=tuple(games),
        summary=summarise(list(scores), [g.on_time for g in games],
                          [g.on_budget for g in games]),
        diff=float(diffs.mean()), diff_ci=ci, dims=dims,
        dim_diff={n: dims[n] - dim_mean(base, n) for n in DIMENSIONS},
        finish_week=float(np.mean([g.result["finish_week"] for g in games])),
        cost=float(np.mean([g.result["cost"] for g in games])),
        changed=sum(g.result != b.result for g, b in zip(games, base, strict=True)),
        for_scale=variant.habits is None and variant.bot != BASELINE, shows=shows,
    )


def run_habits(ids: Sequence[str], runs: int, seed: int = 0, jobs: int = 1,
               progress: Callable[[str, int, int], None] | None = None
               ) -> dict[str, HabitsResult]:
    """Play every applicable variant of each scenario over seeds seed … seed+runs−1."""
    plan = {sid: variants_for(_scenario(sid)) for sid in ids}
    tasks = [(sid, v.id, s, min(s + CHUNK, seed + runs))
             for sid, vs in plan.items() for v in vs for s in range(seed, seed + runs, CHUNK)]
    got: dict[tuple[str, str, int], list[GameRecord]] = {}
    done = {sid: 0 for sid in ids}
    total = {sid: len(vs) * runs for sid, vs in plan.items()}

    def record(sid: str, vid: str, start: int, games: list[GameRecord]) -> None:
        got[(sid, vid, start)] = games
        done[sid] += len(games)
        if progress is not None:
            progress(sid, done[sid], total[sid])

    if jobs <= 1:
        for sid, vid, start, stop in tasks:
            record(sid, vid, start, play_seeds(sid, vid, start, stop))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            pending = {pool.submit(_play_task, *t) for t in tasks}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    record(*f.result())
    results = {}
    for sid, vs in plan.items():
        scenario, starts = _scenario(sid), range(seed, seed + runs, CHUNK)
        games = {v.id: [g for s in starts for g in got[(sid, v.id, s)]] for v in vs}
        base = games[BASELINE]
        rows = [make_row(BOT, scenario, base, None)]
        rows += [make_row(v, scenario, games[v.id], base) for v in vs[1:]]
        results[sid] = HabitsResult(sid, seed, runs, rows)
    return results


# --------------------------------------------------------------------------- output
def _signed(x: float) -> str:
    r = round(x)
    return "0" if r == 0 else f"{r:+d}".replace("-", "−")


def command(result: HabitsResult) -> str:
    return (f".venv/bin/python benchmarks/habits.py {result.scenario} "
            f"--runs {result.runs} --seed {result.seed}")


def table(result: HabitsResult) -> str:
    """The habits block of a facilitator guide, in Markdown."""
    first, last = result.seed, result.seed + result.runs - 1
    lines = [
        START,
        f"Every row is played on the same {result.runs} seeds ({first}–{last}), engine "
        f"version {ENGINE_VERSION}: the cautious bot, then the same bot with one habit "
        "changed (best first), then the passive and reckless bots for scale. Reproduce "
        f"with `{command(result)}` (`--jobs N` changes the speed, not the figures). "
        "*vs bot*: the mean of the per-seed differences from the cautious bot, ± its 95 % "
        f"interval. *Where the points go*: the scoring dimensions whose mean moved by {MOVED} "
        "points or more. *Biggest swing*: the seed where the habit moved the score most "
        "in that direction, as seed: the bot's score → the variant's (luck can add to a "
        "swing: replay a seed before showing it to a room).",
        "",
        "| variant | mean score | vs bot | on time | on budget | where the points go "
        "| biggest swing |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    bot, same = result.bot, [r for r in result.rows[1:] if r.changed == 0]
    moved = sorted((r for r in result.rows[1:] if r.changed),
                   key=lambda r: (r.for_scale, -r.diff))
    for r in [bot, *moved]:
        vs = "—" if r is bot else f"{_signed(r.diff)} ± {r.diff_ci:.0f}"
        lines.append(
            f"| {r.label} | {r.summary.score_mean:.0f} | {vs} | "
            f"{r.summary.on_time_rate:.0%} | {r.summary.on_budget_rate:.0%} | "
            f"{r.where()} | {r.seed_text()} |"
        )
    if same:
        lines += ["", "Played exactly the bot's games on every seed (the bot already does "
                  "this, or the habit never came into play): "
                  + "; ".join(r.label for r in same) + "."]
    lines.append(END)
    return "\n".join(lines)


def details(result: HabitsResult) -> str:
    """Every figure of every row, for the terminal."""
    head = (f"{'variant':<27}{'mean':>6}{'vs bot':>10}{'time':>6}{'budget':>7}"
            + "".join(f"{n[:6]:>8}" for n in DIMENSIONS)
            + f"{'finish':>8}{'cost':>12}{'changed':>8}  biggest swing")
    lines = [f"{result.scenario}: seeds {result.seed}–{result.seed + result.runs - 1}", head]
    for r in result.rows:
        s = r.summary
        vs = "" if r is result.bot else f"{r.diff:+.0f}±{r.diff_ci:.0f}"
        dims = "".join(
            f"{r.dims[n]:>8.0f}" if r is result.bot else f"{r.dim_diff[n]:>+8.0f}"
            for n in DIMENSIONS)
        lines.append(f"{r.variant:<27}{s.score_mean:>6.0f}{vs:>10}{s.on_time_rate:>6.0%}"
                     f"{s.on_budget_rate:>7.0%}{dims}{r.finish_week:>8.1f}{r.cost:>12,.0f}"
                     f"{r.changed:>8}  {r.seed_text()}")
    return "\n".join(lines)


def refresh_guide(scenario_id: str, block: str, root: Path = ROOT) -> Path:
    """Write the block into the scenario's guide, replacing any earlier one; a guide
    without one gets it under its "Typical mistakes" heading, or before "## Calibration"."""
    path = guide_path(scenario_id, root)
    text = path.read_text(encoding="utf-8")
    replaced = replace_block(text, START, END, block)
    if replaced is not None:
        text = replaced
    else:
        lines = text.split("\n")
        at = next((i + 1 for i, line in enumerate(lines)
                   if line.startswith("## Typical mistakes")), None)
        if at is None:
            at = next((i for i, line in enumerate(lines) if line == "## Calibration"),
                      len(lines))
            lines[at:at] = ["## Typical mistakes and what they cost", ""]
            at += 1
        lines[at:at] = ["", block, ""]
        text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="scenario ids (default: every built-in)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="do not touch the guides")
    args = parser.parse_args(argv)
    ids = args.ids or list(builtin_paths())
    unknown = [i for i in ids if i not in builtin_paths()]
    if unknown:
        parser.error(f"not a built-in scenario: {', '.join(unknown)}")
    started = time.perf_counter()
    shown: dict[str, int] = {}

    def progress(sid: str, done: int, total: int) -> None:
        step = done * 10 // total
        if step > shown.get(sid, -1):
            shown[sid] = step
            print(f"  {sid}: {done}/{total} games", file=sys.stderr, flush=True)

    results = run_habits(ids, args.runs, args.seed, args.jobs, progress)
    for sid, result in results.items():
        print(details(result))
        if not args.no_write:
            print(f"  wrote {refresh_guide(sid, table(result)).relative_to(ROOT)}")
        print()
    print(f"{sum(len(r.rows) * r.runs for r in results.values())} games in "
          f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
