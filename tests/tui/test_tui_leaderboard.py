"""The leaderboard screen: from the start screen (a workshop code, or the highlighted
scenario and seed) and from the debrief; verified ranking with each dimension and the
margin over the bot, flagged entries with their reason, readable at 80x24."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers_tui import play_to_the_end, press, run, settle, wait_until

from pmsim.engine.simulation import Simulation
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, take_turn
from pmsim.report.workshop_summary import decisions_and_branches
from pmsim.results import create_workshop, default_db_path, record_game
from pmsim.scenario import load_scenario
from pmsim.session.saves import new_log_path
from pmsim.tui import make_app
from pmsim.tui.dialogs.ask import AskText
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.leaderboard import (
    LeaderboardScreen,
    Selection,
    fitting_columns,
    table_columns,
)
from pmsim.tui.screens.start import StartScreen
from pmsim.tui.widgets.decisions import DecisionsPanel

MINIMAL = str(Path(__file__).resolve().parents[1] / "data" / "minimal.toml")
SEED = 3


def play(team: str, policy: str, code: str | None) -> None:
    """A bot's game of the minimal scenario, logged and recorded as the game does."""
    sim = Simulation(load_scenario(MINIMAL), SEED)
    path = new_log_path("minimal", SEED)
    writer = GameLogWriter()
    writer.start(path, sim, MINIMAL, team)
    bot = get_policy(policy)
    while not sim.finished:
        take_turn(sim, bot)
    writer.finish(sim)
    record_game(None, path, code)


@pytest.fixture
def workshop() -> str:
    """A workshop with three teams, a repeat, and one entry whose score was edited."""
    code = create_workshop(None, MINIMAL, seed=SEED, name="Room 4").code
    for team, policy in (("Red", "cautious"), ("Blue", "reckless"), ("Cheat", "passive"),
                         ("Red", "random")):
        play(team, policy, code)
    with sqlite3.connect(default_db_path()) as conn:
        conn.execute("UPDATE games SET score = score + 150 WHERE team = 'Cheat'")
    conn.close()
    return code


def rows(screen: LeaderboardScreen) -> list[list[str]]:
    table = screen.query_one("#lb-table")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@run
async def test_a_workshop_from_the_start_screen(workshop: str) -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(await press(pilot, "l"), AskText)
        await pilot.press(*workshop.lower())
        screen = await press(pilot, "enter")
        assert isinstance(screen, LeaderboardScreen)
        await wait_until(pilot, lambda: screen.board is not None, what="the leaderboard")
        await settle(pilot)
        board = screen.board
        assert [e.game.team for e in board.ranked] == ["Red", "Blue"]
        assert [e.game.team for e in board.repeats] == ["Red"]
        assert [e.game.team for e in board.flagged] == ["Cheat"]
        shown = rows(screen)
        assert [row[1] for row in shown] == ["Red", "Blue"]
        assert screen._dropped == []  # every dimension fits at 80 columns
        red = board.ranked[0]
        assert shown[0][2] == str(red.game.score)
        assert shown[0][3] in (f"+{red.margin}", f"−{-red.margin}", "±0")
        assert len(shown[0]) == 5 + len(board.dimensions)
        notes = str(screen.query_one("#lb-notes").render())
        assert "FLAGGED" in notes and "Cheat" in notes and board.flagged[0].reason[:30] in notes
        assert "Repeats" in notes
        summary = str(screen.query_one("#lb-summary").render())
        assert "2 teams ranked, each verified" in summary and "Baseline" in summary
        # below: the teams' decisions side by side and where Blue parted from Red, the
        # same branch points as `pmsim report --workshop`
        panel = screen.query_one(DecisionsPanel)
        await wait_until(pilot, lambda: "Branch points" in str(panel.render()),
                         what="the branch points")
        text = str(panel.render())
        _, branches = decisions_and_branches(board.ranked)
        assert "Decisions side by side" in text and "Week 1" in text
        assert branches and all(b.question()[:60] in " ".join(text.split())
                                for b in branches)
        assert isinstance(await press(pilot, "escape"), StartScreen)


@run
async def test_an_unknown_code_and_the_scenario_and_seed(workshop: str) -> None:
    app = make_app(scenario=MINIMAL, seed=SEED)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        await pilot.press(*"K7M-Q4P")
        screen = await press(pilot, "enter")
        await wait_until(pilot, lambda: screen.problem, what="the problem")
        await settle(pilot)
        assert "no workshop K7M-Q4P" in str(screen.query_one("#lb-summary").render())
        await press(pilot, "escape")
        await press(pilot, "l")
        screen = await press(pilot, "enter")  # empty: the scenario and seed on screen
        assert screen.selection == Selection(scenario=MINIMAL, seed=SEED)
        await wait_until(pilot, lambda: screen.board is not None, what="the leaderboard")
        assert [e.game.team for e in screen.board.ranked] == ["Red", "Blue"]


@run
async def test_from_the_debrief_with_the_players_own_game_marked(workshop: str) -> None:
    app = make_app(scenario=MINIMAL, seed=SEED, team="Green", workshop=workshop)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter")  # the start screen, then the briefing
        await play_to_the_end(pilot)
        await wait_until(pilot, app.session.record_done.is_set, what="recording")
        screen = await press(pilot, "l")
        assert isinstance(screen, LeaderboardScreen)
        await wait_until(pilot, lambda: screen.board is not None, what="the leaderboard")
        await settle(pilot)
        teams = [row[1] for row in rows(screen)]
        assert "► Green" in teams and "Red" in teams and "Blue" in teams
        debrief = await press(pilot, "escape")
        assert isinstance(debrief, DebriefScreen)
        await wait_until(pilot, lambda: debrief.luck is not None, what="the debrief's luck")
        assert debrief.luck == screen.board.luck[0]  # the same baseline games, cached


def test_narrow_terminals_drop_whole_columns_least_telling_first(workshop: str) -> None:
    from pmsim.results import build_leaderboard

    board = build_leaderboard(workshop=workshop, luck=False)
    columns = table_columns(board, None)
    wide = fitting_columns(columns, 200)
    assert [c.key for c in wide] == [c.key for c in columns]
    at_80 = fitting_columns(columns, 78)
    assert "outcome-mark" in [c.key for c in at_80] and len(at_80) == len(columns)
    narrow = [c.key for c in fitting_columns(columns, 50)]
    assert narrow[:3] == ["rank", "team", "score"] and "dimension:team" not in narrow
    assert sum(c.width + 2 for c in fitting_columns(columns, 50)) <= 50
