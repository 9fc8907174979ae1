"""Hostile text through every command: a scenario with a hostile string in every text
field, and a game log whose team name tries markup and terminal escapes.

Nothing may crash, no escape byte or line break from the data may reach the terminal,
and the text shows literally (markup stays brackets)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, play_game
from pmsim.scenario import load_scenario
from tests.hostile import HOSTILE_TEAM, hostile_scenario

ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (a newline aside) and bidi overrides: none may be printed."""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run a command; return its exit status and everything it printed."""
    status = main(list(args))
    out, err = capsys.readouterr()
    printed = out + err
    assert not ESCAPES.search(printed), f"control character in the output of {args}"
    assert "Traceback" not in printed
    return status, printed


def no_fake_rows(printed: str) -> None:
    """The newline inside the team name never starts a line of its own."""
    assert not any(line.lstrip().startswith("fake row") for line in printed.splitlines())


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_scenario(tmp_path)


def logged(path: Path, scenario: Path, seed: int, team: str) -> Path:
    writer = GameLogWriter()
    sim = play_game(load_scenario(scenario), seed, get_policy("cautious"),
                    on_start=lambda s: writer.start(path, s, scenario, team))
    writer.finish(sim)
    return path


def test_validate_forecast_and_run_show_the_text_as_written(capsys, hostile: Path) -> None:
    status, printed = cli(capsys, "validate", str(hostile))
    assert status == 0 and "valid" in printed
    status, printed = cli(capsys, "forecast", str(hostile), "--iterations", "200")
    assert status == 0
    assert "[@click=app.quit]Quit[/] #1" in printed  # the title, literally
    assert "<script>alert(1)</script>" in printed  # a person's name in the busy days
    status, printed = cli(capsys, "run", str(hostile), "--policy", "cautious", "--runs", "2")
    assert status == 0


def test_a_name_past_the_longest_is_refused_with_a_message(capsys, hostile: Path) -> None:
    text = hostile.read_text(encoding="utf-8")
    long_name = "N" * 1000
    text = text.replace('"' + "W" * 80 + '"', f'"{long_name}"', 1)
    hostile.write_text(text, encoding="utf-8")
    status, printed = cli(capsys, "validate", str(hostile))
    assert status == 1 and "at most" in printed


def test_a_hostile_team_name_stays_one_plain_line(capsys, hostile: Path, tmp_path: Path) -> None:
    log = logged(tmp_path / "game.jsonl", hostile, 3, HOSTILE_TEAM)
    db = str(tmp_path / "results.sqlite")
    for args in (("replay", str(log)), ("replay", str(log), "--json")):
        status, printed = cli(capsys, *args)
        assert status == 0
        no_fake_rows(printed)
    md, html = tmp_path / "debrief.md", tmp_path / "debrief.html"
    assert cli(capsys, "report", str(log), "--out", str(md), "--no-luck")[0] == 0
    assert cli(capsys, "report", str(log), "--out", str(html), "--no-luck")[0] == 0
    page = html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "\x1b" not in page
    assert "[@click=app.quit]T[/]" in page or "[@click=app.quit]T[/]" in page.replace(
        "&#x27;", "'")
    assert "\x1b" not in md.read_text(encoding="utf-8")

    status, printed = cli(capsys, "workshop", "new", "--scenario", str(hostile), "--seed", "3",
                          "--name", "[bold]Tuesday[/] x[/] \x1b[2J", "--no-luck", "--db", db)
    assert status == 0
    code = re.search(r"\b[2-9A-Z]{3}-[2-9A-Z]{3}\b", printed)
    assert code is not None
    copy = logged(tmp_path / "other.jsonl", hostile, 3, "Team [red]Beta[/]")
    status, printed = cli(capsys, "record", str(log), str(copy), "--workshop", code.group(0),
                          "--db", db)
    assert status == 0
    no_fake_rows(printed)
    for args in (("workshop", "show", code.group(0)), ("leaderboard", "--workshop",
                                                        code.group(0)),
                 ("workshop", "list")):
        status, printed = cli(capsys, *args, "--db", db)
        assert status == 0, printed
        no_fake_rows(printed)
        assert "x[/]" in printed
    summary = tmp_path / "summary.html"
    status, printed = cli(capsys, "report", "--workshop", code.group(0), "--out", str(summary),
                          "--db", db, "--no-luck")
    assert status == 0
    page = summary.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "\x1b" not in page


def test_a_log_file_named_to_harm_is_listed_plainly(capsys, hostile: Path,
                                                    tmp_path: Path) -> None:
    folder = tmp_path / "handed-in"
    folder.mkdir()
    logged(folder / "\x1b]0;PWNED\x07\x1b[2J\nfake row.jsonl", hostile, 3, "Blue")
    (folder / "\x1b[31mbroken.jsonl").write_text("not a log\n", encoding="utf-8")
    status, printed = cli(capsys, "record", str(folder), "--db", str(tmp_path / "r.sqlite"))
    assert status == 1  # the broken one is refused, by its name in plain characters
    no_fake_rows(printed)
    assert "broken.jsonl" in printed and "Recorded" in printed
