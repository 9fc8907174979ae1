"""Small wording helpers for the texts players and trainers read (engine, reports and
command line alike): counts with the right plural, and lists in words."""

from __future__ import annotations

PLURALS = {"entry": "entries", "person": "people", "activity": "activities"}
"""Nouns whose plural is not the noun with an "s"."""


def count(n: int | float, noun: str) -> str:
    """'1 game', '3 games', '2 entries', '1.5 weeks'."""
    plural = PLURALS.get(noun, f"{noun}s")
    return f"{n:g} {noun if n == 1 else plural}"


def listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def span(first: int, last: int) -> str:
    """'3–5', and '3' when the span is one week: a risk's window, say."""
    return f"{first}" if first == last else f"{first}–{last}"


def team_label(name: str) -> str:
    """'team Blue', but 'Team Delta' and 'The A team' as they are (no 'team Team …')."""
    words = name.strip().lower().split()
    if not words:
        return "no team name"
    return name if "team" in (words[0], words[-1]) else f"team {name}"


def signed(points: float, zero: str = "+0") -> str:
    """'+5', '−3' (a typeset minus), and `zero` for nothing: a change in points."""
    text = f"{points:+.0f}".replace("-", "−")
    return zero if text in ("+0", "−0") else text
