"""The small wording helpers players read everywhere: counts, lists, spans of weeks."""

from __future__ import annotations

from pmsim.wording import count, listed, signed, span, team_label


def test_counts_lists_and_signs_read_as_words() -> None:
    assert count(1, "game") == "1 game" and count(2, "person") == "2 people"
    assert listed(["a", "b", "c"]) == "a, b and c"
    assert signed(-3) == "−3" and signed(0) == "+0"
    assert team_label("Blue") == "team Blue" and team_label("Team Delta") == "Team Delta"


def test_a_span_of_one_week_is_that_week() -> None:
    """A risk whose window is one week read "1–1" in the register."""
    assert span(1, 1) == "1" and span(3, 5) == "3–5"
