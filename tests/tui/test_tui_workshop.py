"""Workshop games: `pmsim play --workshop CODE` plays the workshop's scenario and seed,
asks for a team name, and records the finished game in the results store; a store that
cannot be written is reported and the game log kept."""

from __future__ import annotations

from pathlib import Path

from helpers_tui import notices, play_to_the_end, press, run, settle, wait_until

from pmsim.gamelog import read_log
from pmsim.results import ResultsStore, create_workshop, default_db_path, resolve_workshop
from pmsim.tui import make_app
from pmsim.tui.screens.briefing import BriefingScreen
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.start import StartScreen

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal.toml"


@run
async def test_a_workshop_game_asks_for_a_team_and_is_recorded_at_the_end() -> None:
    workshop = create_workshop(None, MINIMAL, seed=3, name="Tuesday group")
    ref, seed, name = resolve_workshop(workshop.code)
    app = make_app(scenario=ref, seed=seed, workshop=workshop.code, workshop_name=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.refs == [ref]
        assert "workshop" in str(start.query_one("#start-title").render()).lower()
        assert await press(pilot, "enter") is start  # no team name yet: refused
        assert any("Team name needed" in n for n in notices(app))
        await pilot.press(*"Red")
        assert isinstance(await press(pilot, "enter"), BriefingScreen)
        assert isinstance(await press(pilot, "enter"), DashboardScreen)
        session = app.session
        assert session.team == "Red" and session.view().seed == 3
        debrief = await play_to_the_end(pilot)
        await wait_until(pilot, session.record_done.is_set, what="the game recorded")
        await settle(pilot)
        assert session.recorded is not None and session.recorded.new
        assert "Recorded for workshop" in str(debrief.query_one("#log-line").render())
    with ResultsStore(default_db_path()) as store:
        games = store.games(workshop_code=workshop.code)
    assert [(g.team, g.seed, g.score) for g in games] == [
        ("Red", 3, debrief.outcome.score)]


@run
async def test_a_store_that_cannot_be_written_is_reported_and_the_log_kept(
        tmp_path: Path) -> None:
    app = make_app(scenario=str(MINIMAL), seed=4, team="Red",
                   db=tmp_path)  # a folder, not a database file
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter")  # the start screen, then the briefing
        await play_to_the_end(pilot)
        await wait_until(pilot, app.session.record_done.is_set, what="recording")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert any(n.startswith("Result not recorded") and "pmsim record" in n
                   for n in notices(app))
        log = app.session.log_path
    assert read_log(log).result is not None  # the game is kept, to be recorded later


def test_a_resumed_workshop_game_still_counts_for_its_workshop() -> None:
    """The log header has no field for the workshop: a note beside the log keeps it."""
    from pmsim.session.game import GameSession
    from pmsim.session.saves import read_meta

    workshop = create_workshop(None, MINIMAL, seed=5)
    session = GameSession.new(MINIMAL, 5, "Teal", workshop_code=workshop.code)
    path = session.start_log()
    session.advance()
    session.close()  # the terminal is closed mid-game
    assert read_meta(path) == {"workshop": workshop.code}
    again = GameSession.resume(path)
    assert again.workshop_code == workshop.code and again.team == "Teal"
    while not again.finished:
        if again.view().pending:
            request = again.view().pending[0]
            again.answer(request.id, request.default)
        else:
            again.advance()
    again.finish()
    recorded = again.record()
    assert recorded.workshop_code == workshop.code and again.record_done.is_set()
