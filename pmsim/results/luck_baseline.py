"""The luck-adjusted result: how much of a score was the team's decisions, and how kind
the dice were.

- **Baseline on the same luck**: the `cautious` bot — a sensible PM — plays the same
  scenario on the same seed, so it meets exactly the same efforts and risk draws
  (common random numbers). A team's *margin* is its score minus the bot's: the
  points its decisions were worth.
- **Luck percentile**: the bot's score on this seed is compared with its scores on
  `REFERENCE_RUNS` other seeds, drawn deterministically: 0, 1, 2, … skipping the seed
  itself. `kinder_than` is the share of those games that scored lower (ties count
  half), in percent: 70 means the dice were kinder than in 70 % of games.

A bot's score on one seed never changes for a given scenario content hash, engine
version and bot source, so each is computed once and cached in the results store
(table `bot_scores`, keyed by those and the seed). The first luck report of a scenario
costs a batch of about 200 games (seconds to a minute: pass `progress` and run it in
a background worker); every other seed of the same scenario then costs one game.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmsim.results.store import ResultsStore, open_store
from pmsim.wording import signed

BASELINE_POLICY = "cautious"
"""The bot whose play on the same seed is the baseline."""
REFERENCE_RUNS = 200
"""How many other seeds the luck percentile compares against."""
POOL_FROM = 24
"""Seeds to play before a batch is worth spreading over worker processes."""

Progress = Callable[[int, int], None]
"""Called with (games done, games to play)."""


@dataclass(frozen=True)
class LuckReport:
    """The bot's baseline on a seed and how lucky the seed is."""

    scenario_id: str
    scenario_hash: str
    seed: int
    engine: str
    policy: str
    baseline_score: int
    """The bot's score on this seed: the baseline on the same luck."""
    kinder_than: float
    """Percent of the reference games (the bot on other seeds) that scored lower than
    the bot did on this seed; ties count half."""
    reference_runs: int
    reference_mean: float
    """The bot's mean score over the reference seeds."""

    @property
    def kinder_percent(self) -> int:
        """`kinder_than` as a whole percentage (never 100 or 0 unless exactly so)."""
        return _percent(self.kinder_than)

    def margin(self, score: int) -> int:
        """A team's points over the baseline (negative: below it)."""
        return score - self.baseline_score

    def skill_sentence(self, score: int) -> str:
        """What the team's decisions were worth, in one plain sentence."""
        margin = self.margin(score)
        if margin == 0:
            return (f"Your decisions scored exactly what a sensible PM scored facing the same "
                    f"luck ({self.baseline_score} points).")
        word = "over" if margin > 0 else "against"
        return (f"Your decisions were worth {_signed(margin)} points {word} a sensible PM "
                f"facing the same luck (who scored {self.baseline_score}).")

    def luck_sentence(self) -> str:
        """How kind the dice were, in one plain sentence."""
        if self.kinder_than >= 50:
            return f"The dice were kinder than in {self.kinder_percent}% of games."
        return f"The dice were harsher than in {_percent(100 - self.kinder_than)}% of games."

    def explain(self, score: int) -> str:
        """Both sentences, for a debrief."""
        return f"{self.skill_sentence(score)} {self.luck_sentence()}"

    def to_json(self) -> dict[str, Any]:
        """The `luck` object of `pmsim leaderboard --json`."""
        return {
            "policy": self.policy,
            "baseline_score": self.baseline_score,
            "kinder_than": self.kinder_than,
            "reference_runs": self.reference_runs,
            "reference_mean": self.reference_mean,
            "sentence": self.luck_sentence(),
        }


def _percent(value: float) -> int:
    """A whole percentage that says 100 or 0 only when it is exactly so."""
    whole = round(value)
    if whole == 100 and value < 100:
        return 99
    if whole == 0 and value > 0:
        return 1
    return whole


def _signed(value: int) -> str:
    return signed(value, zero="0")


def bot_version(policy: str = BASELINE_POLICY) -> str:
    """A fingerprint of the bots' source code: the cache forgets scores of an older bot
    (a bot may be improved without a new engine version)."""
    import pmsim.policies

    digest = hashlib.sha256(policy.encode())
    for path in sorted(Path(pmsim.policies.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def reference_seeds(seed: int, runs: int) -> list[int]:
    """The seeds the luck of `seed` is compared with: the first `runs` of 0, 1, 2, …
    other than `seed`."""
    return [s for s in range(runs + 1) if s != seed][:runs]


def kinder_than(score: int, others: list[int]) -> float:
    """Percent of `others` below `score`, ties counting half, to one decimal."""
    below = sum(1 for s in others if s < score)
    equal = sum(1 for s in others if s == score)
    return round(100.0 * (below + 0.5 * equal) / len(others), 1)


def cached_luck(scenario_ref: str | Path, seed: int,
                db: ResultsStore | str | Path | None = None, *,
                runs: int | None = None) -> LuckReport | None:
    """The luck report when every game it needs is cached already, else None (cheap:
    lets a screen show the numbers at once, or start a worker)."""
    from pmsim.engine.simulation import ENGINE_VERSION
    from pmsim.scenario import load_scenario, scenario_hash

    runs = runs or REFERENCE_RUNS
    scenario = load_scenario(scenario_ref)
    digest, version = scenario_hash(scenario), bot_version()
    needed = [*reference_seeds(seed, runs), seed]
    with open_store(db) as store:
        scores = store.bot_scores(digest, ENGINE_VERSION, BASELINE_POLICY, version, needed)
    if len(scores) < len(set(needed)):
        return None
    return _report(scenario.meta.id, digest, seed, runs, scores)


def luck_report(scenario_ref: str | Path, seed: int,
                db: ResultsStore | str | Path | None = None, *,
                runs: int | None = None, jobs: int = 1,
                progress: Progress | None = None) -> LuckReport:
    """The luck report of a (scenario, seed): plays the games not yet cached (the bot on
    the seed and on `runs` reference seeds; `jobs` worker processes for a batch),
    caches them, and calls `progress(done, to_play)` as games finish. Safe to call from
    a background thread; a `UserError` or `ScenarioError` when the scenario is bad.
    `runs` defaults to `REFERENCE_RUNS`."""
    from pmsim.batch import run_batch
    from pmsim.engine.simulation import ENGINE_VERSION
    from pmsim.gamelog import scenario_reference
    from pmsim.scenario import load_scenario, scenario_hash

    runs = runs or REFERENCE_RUNS
    scenario = load_scenario(scenario_ref)
    ref = scenario_reference(scenario_ref)
    digest, version = scenario_hash(scenario), bot_version()
    needed = sorted({*reference_seeds(seed, runs), seed})
    key = (digest, ENGINE_VERSION, BASELINE_POLICY, version)
    with open_store(db) as store:
        scores = store.bot_scores(*key, needed)
        missing = [s for s in needed if s not in scores]
        total, done = len(missing), 0
        if progress is not None:
            progress(0, total)
        for start, count in _spans(missing):
            def step(n: int, base: int = done) -> None:
                if progress is not None:
                    progress(base + n, total)

            batch = run_batch(ref, BASELINE_POLICY, start, count,
                              jobs=jobs if count >= POOL_FROM else 1, progress=step)
            played = {start + i: int(r["score"]) for i, r in enumerate(batch.results)}
            store.add_bot_scores(*key, played)
            scores.update(played)
            done += count
    return _report(scenario.meta.id, digest, seed, runs, scores)


def _spans(seeds: list[int]) -> list[tuple[int, int]]:
    """Sorted seeds as (first, count) runs of consecutive numbers."""
    spans: list[tuple[int, int]] = []
    for s in seeds:
        if spans and spans[-1][0] + spans[-1][1] == s:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
        else:
            spans.append((s, 1))
    return spans


def _report(scenario_id: str, digest: str, seed: int, runs: int,
            scores: dict[int, int]) -> LuckReport:
    from pmsim.engine.simulation import ENGINE_VERSION

    others = [scores[s] for s in reference_seeds(seed, runs)]
    return LuckReport(
        scenario_id=scenario_id, scenario_hash=digest, seed=seed, engine=ENGINE_VERSION,
        policy=BASELINE_POLICY, baseline_score=scores[seed],
        kinder_than=kinder_than(scores[seed], others), reference_runs=runs,
        reference_mean=round(sum(others) / len(others), 2))
