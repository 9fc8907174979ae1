"""Games of one workshop that made the same decisions in the same order.

A log handed in twice under two team names (its header edited and its chain of hashes
recomputed, `pmsim.gamelog.chain_hash`) replays to a valid game, so verification
passes. What gives it away is that its actions, the decisions in the order taken, are
those of another game on the same seed. Two teams deciding independently almost never
do that; two teams that decided nothing of their own (only ended weeks and answered
requests) easily do, so a group is reported only when its games share at least one
decision taken unprompted (an `apply` action). The words are "the same decisions":
the trainer judges (one team may have played twice under two names).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from pmsim.results.rows import StoredGame
from pmsim.wording import team_label


@dataclass(frozen=True)
class SameDecisions:
    """Games (two or more) whose logs hold the same actions in the same order."""

    game_ids: tuple[int, ...]
    """Oldest recorded first."""
    teams: tuple[str, ...]
    """The team of each game, in the same order (data: render as plain text)."""
    decisions: int
    """How many decisions they share (actions other than ending a week)."""

    def others(self, game_id: int) -> tuple[int, ...]:
        """The other games of the group."""
        return tuple(i for i in self.game_ids if i != game_id)

    def note(self) -> str:
        """One plain sentence for the trainer."""
        named = [f"#{i} ({team_label(t)})" for i, t in zip(self.game_ids, self.teams,
                                                            strict=True)]
        games = ", ".join(named[:-1]) + f" and {named[-1]}"
        return (f"games {games} made the same {self.decisions} decisions in the same "
                "order — one log may be a copy (or one team played twice under two names); "
                "identical decisions, for you to judge.")

    def to_json(self) -> dict[str, object]:
        """The group as data (`pmsim leaderboard --json`)."""
        return {"game_ids": list(self.game_ids), "teams": list(self.teams),
                "decisions": self.decisions, "note": self.note()}


def decision_sequence(log_text: str) -> tuple[str, int, int] | None:
    """(digest of the actions in order, how many decisions, how many `apply` actions)
    of a stored log, or None when its lines cannot be read (verification says why)."""
    digest = hashlib.sha256()
    decisions = applied = 0
    for number, line in enumerate(log_text.splitlines()):
        if number == 0 or not line.strip():
            continue  # the header: team, time and chain differ between copies
        try:
            record = json.loads(line)
        except ValueError:
            return None
        if not isinstance(record, dict):
            return None
        if "action" not in record:
            continue  # the end line
        action = {k: v for k, v in record.items() if k not in ("h", "n")}
        digest.update(json.dumps(action, sort_keys=True, separators=(",", ":")).encode())
        digest.update(b"\n")
        if action.get("action") != "advance":
            decisions += 1
        if action.get("action") == "apply":
            applied += 1
    return digest.hexdigest(), decisions, applied


def same_decisions(games: Iterable[StoredGame]) -> tuple[SameDecisions, ...]:
    """The groups of games on the same seed with the same decisions in the same order
    and at least one decision taken unprompted, oldest game first in each, groups in
    the order of their first game."""
    groups: dict[tuple[int, str], list[StoredGame]] = {}
    counts: dict[tuple[int, str], int] = {}
    for game in sorted(games, key=lambda g: (g.recorded, g.id)):
        sequence = decision_sequence(game.log_text)
        if sequence is None or sequence[2] == 0:
            continue
        key = (game.seed, sequence[0])
        groups.setdefault(key, []).append(game)
        counts[key] = sequence[1]
    return tuple(SameDecisions(tuple(g.id for g in group), tuple(g.team for g in group),
                               counts[key])
                 for key, group in groups.items() if len(group) > 1)


def by_game(groups: Iterable[SameDecisions]) -> dict[int, SameDecisions]:
    """Each game id of a group, to its group."""
    return {game_id: group for group in groups for game_id in group.game_ids}


MARK = "≡"
"""Beside a team's name wherever its game shares its decisions with another."""
