"""Small wording helpers the command-line output shares."""

from __future__ import annotations


def listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def count(n: int, noun: str) -> str:
    """'1 game', '3 games', '2 entries'."""
    plural = {"entry": "entries"}.get(noun, f"{noun}s")
    return f"{n} {noun if n == 1 else plural}"


def team_name(name: str) -> str:
    """A team's name as shown, also when it has none."""
    return name or "(no team name)"


def when(stamp: str) -> str:
    """An ISO 8601 time stamp to the minute: '2026-11-26 13:09'."""
    return stamp[:16].replace("T", " ")
