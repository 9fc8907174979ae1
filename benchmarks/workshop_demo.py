"""A scripted workshop: ten teams play one workshop code, one cheats, the leaderboard
verifies, ranks and flags.

    .venv/bin/python benchmarks/workshop_demo.py [--scenario portal-launch] [--seed 2024]
                                                 [--jobs 2] [--db PATH]

1. `pmsim workshop new` creates a code for the scenario and seed.
2. Ten teams play it through the engine's API, each logging its game as the Textual
   game does and recording it with `record_game`: the four built-in bots, and six
   "mixed" teams that follow the cautious bot but, each week, with a team-specific
   probability take the random bot's decisions instead (seeded per team, so the demo
   is reproducible).
3. One team cheats: it raises its score in its log's end line, recomputes the log's
   check codes (the format is public, there is no secret key) and edits its row in
   the SQLite file to match.
4. `pmsim workshop show` and `pmsim leaderboard` print what a facilitator would see:
   the ranking verified by replaying every log, the margin over the cautious bot on
   the same seed and the seed's luck percentile, and the flagged entry with its reason.

The default seed, 2024, was picked among a dozen tried as one of middling luck on which
a team beats the bot; any seed works.

The first run on a scenario plays about 200 cautious games for the luck percentile
(cached in the store afterwards). A temporary store is used unless --db is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from pmsim.cli import main as pmsim
from pmsim.engine.rng import named_stream
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.gamelog import GameLogWriter, chain_hash
from pmsim.policies import CautiousPolicy, Policy, RandomPolicy, get_policy, play_game
from pmsim.results import build_leaderboard, create_workshop, format_code, record_game
from pmsim.scenario import load_scenario

CHEATER = "Team Lima"
CHEAT_POINTS = 150


class MixedPolicy:
    """The cautious bot, except that each week it follows the random bot with
    probability `wildness` (a team that sometimes improvises)."""

    name = "mixed"

    def __init__(self, wildness: float, team_seed: int) -> None:
        self.wildness = wildness
        self.cautious = CautiousPolicy()
        self.random = RandomPolicy()
        self.random.rng = named_stream(team_seed, "demo:random-decisions")
        self.coin = named_stream(team_seed, "demo:coin")

    def decide(self, view: PlayerView) -> list:  # type: ignore[type-arg]
        wild = self.coin.random() < self.wildness
        cautious = self.cautious.decide(view)  # keeps the cautious bot's notes current
        return self.random.decide(view) if wild else cautious

    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        if self.coin.random() < self.wildness:
            return self.random.answer(view, request)
        return self.cautious.answer(view, request)


def teams() -> list[tuple[str, Policy]]:
    """Ten teams and how each plays."""
    random_team = RandomPolicy()
    random_team.rng = np.random.default_rng(7)
    return [
        ("Team Alpha", get_policy("cautious")),
        ("Team Bravo", MixedPolicy(0.10, 101)),
        ("Team Charlie", MixedPolicy(0.20, 102)),
        ("Team Delta", MixedPolicy(0.30, 103)),
        ("Team Echo", get_policy("passive")),
        ("Team Foxtrot", MixedPolicy(0.15, 104)),
        ("Team Golf", get_policy("reckless")),
        ("Team Hotel", MixedPolicy(0.50, 105)),
        ("Team India", random_team),
        (CHEATER, MixedPolicy(0.40, 106)),
    ]


def play_and_record(db: Path, logs: Path, code: str, scenario_ref: str, seed: int) -> None:
    scenario = load_scenario(scenario_ref)
    for team, policy in teams():
        path = logs / f"{team.replace(' ', '-').lower()}.jsonl"
        writer = GameLogWriter()
        sim = play_game(scenario, seed, policy,
                        on_start=lambda s, w=writer, p=path, t=team: w.start(p, s, scenario_ref,
                                                                               t))
        writer.finish(sim)
        recorded = record_game(db, path, workshop_code=code)
        print(f"  {team:<13} played ({policy.name:<8}) and recorded as game #{recorded.id}: "
              f"{recorded.score} points, {recorded.outcome}")


def cheat(db: Path, team: str, points: int) -> None:
    """Raise a team's score in its stored log (check codes recomputed) and its row."""
    conn = sqlite3.connect(db)
    with conn:
        game_id, text, score = conn.execute(
            "SELECT id, log_text, score FROM games WHERE team = ?", (team,)).fetchone()
        lines, prev, forged = text.splitlines(), "", []
        for line in lines:
            record = json.loads(line)
            record.pop("h")
            if record.get("end"):
                record["result"]["score"] += points
            prev = chain_hash(prev, record)
            forged.append(json.dumps({**record, "h": prev}))
        conn.execute("UPDATE games SET log_text = ?, score = ? WHERE id = ?",
                     ("\n".join(forged) + "\n", score + points, game_id))
    conn.close()
    print(f"  {team} edits game #{game_id} in the SQLite file: score {score} -> "
          f"{score + points} in the row and in its log's end line, check codes recomputed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="portal-launch")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--db", default=None, help="results store (default: a temporary one)")
    args = parser.parse_args()
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="pmsim-workshop-demo-") as folder:
        db = Path(args.db) if args.db else Path(folder) / "results.sqlite"
        logs = Path(folder) / "logs"
        workshop = create_workshop(db, args.scenario, seed=args.seed, name="scripted demo")
        code = format_code(workshop.code)
        print(f"\n$ pmsim workshop new --scenario {args.scenario} --seed {args.seed}")
        print(f"Workshop code: {code}\n\nTen teams play {code}:")
        play_and_record(db, logs, workshop.code, workshop.scenario_ref, workshop.seed)
        print("\nOne team cheats:")
        cheat(db, CHEATER, CHEAT_POINTS)
        sys.stdout.flush()
        print(f"\n$ pmsim workshop show {code}")
        sys.stdout.flush()
        pmsim(["workshop", "show", code, "--db", str(db)])
        print(f"\n$ pmsim leaderboard --workshop {code}")
        sys.stdout.flush()
        started = time.perf_counter()
        status = pmsim(["leaderboard", "--workshop", code, "--db", str(db),
                        "--jobs", str(args.jobs)])
        took = time.perf_counter() - started
        print(f"\n(leaderboard built in {took:.1f} s, the cautious bot's games included; "
              "run again with the same --db it reads them from the cache)")
        board = build_leaderboard(db, workshop=code)  # all cached now
        print("\nIn the debrief (luck_report(...).explain(score)):")
        for entry in (board.ranked[0], board.ranked[len(board.ranked) // 2]):
            assert entry.luck is not None
            print(f"  {entry.game.team}: {entry.luck.explain(entry.game.score)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
