"""After a game: `n` on the debrief sets the start screen for the next game (same team
and scenario with a fresh seed; a workshop's game, that workshop again), and quitting
mid-game says in the terminal how to continue."""

from __future__ import annotations

from pathlib import Path

from helpers_tui import notices, play_to_the_end, press, run, settle, wait_for
from textual.widgets import Input, OptionList

from pmsim.results import create_workshop, resolve_workshop
from pmsim.session.game import GameSession
from pmsim.tui import make_app
from pmsim.tui.app import saved_note
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.start import StartScreen

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal.toml"


def start_fields(screen: StartScreen) -> tuple[str, str, str]:
    """(highlighted scenario, team, seed) as the start screen shows them."""
    options = screen.query_one("#scenarios", OptionList)
    assert options.highlighted is not None
    return (screen.refs[options.highlighted], screen.query_one("#team", Input).value,
            screen.query_one("#seed", Input).value)


@run
async def test_a_new_game_keeps_the_team_and_scenario_and_draws_a_fresh_seed() -> None:
    app = make_app(scenario=str(MINIMAL), seed=4, team="Red", autoplay="passive", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, DebriefScreen)
        start = await press(pilot, "n")
        assert isinstance(start, StartScreen) and not start.workshop
        ref, team, seed = start_fields(start)
        assert ref == str(MINIMAL) and team == "Red" and seed != "4"
        assert any("fresh seed" in n and seed in n and "Type 4" in n for n in notices(app))


@run
async def test_a_workshop_game_comes_back_to_its_workshop() -> None:
    workshop = create_workshop(None, MINIMAL, seed=3, name="Tuesday group")
    ref, seed, name = resolve_workshop(workshop.code)
    app = make_app(scenario=ref, seed=seed, team="Red", autoplay="passive", delay=0,
                   workshop=workshop.code, workshop_name=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, DebriefScreen)
        start = await press(pilot, "n")
        assert isinstance(start, StartScreen) and start.workshop == workshop.code
        assert start_fields(start) == (ref, "Red", "3")
        assert start.query_one("#seed", Input).disabled
        assert not any("fresh seed" in n for n in notices(app))


@run
async def test_a_continued_workshop_game_also_comes_back_to_its_workshop() -> None:
    workshop = create_workshop(None, MINIMAL, seed=5)
    session = GameSession.new(MINIMAL, 5, "Teal", workshop_code=workshop.code)
    path = session.start_log()
    session.advance()
    session.close()
    app = make_app(resume=path)  # pmsim play --resume: no --workshop
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_to_the_end(pilot)
        start = await press(pilot, "n")
        assert isinstance(start, StartScreen) and start.workshop == workshop.code
        assert start_fields(start)[1:] == ("Teal", "5")
        await press(pilot, "enter")  # plays the workshop's game again, for the workshop
        assert app.session is not None and app.session.workshop_code == workshop.code


def test_quitting_an_unfinished_game_says_how_to_continue_it() -> None:
    assert saved_note(None) is None
    session = GameSession.new(MINIMAL, 5, "Teal")
    assert saved_note(session) is None  # not saved yet: nothing to continue
    session.start_log()
    session.advance()
    note = saved_note(session)
    assert note is not None and "saved" in note and "pmsim play --resume" in note
    assert "c on the start screen" in note and "\n" not in note
    while not session.finished:
        if session.view().pending:
            request = session.view().pending[0]
            session.answer(request.id, request.default)
        else:
            session.advance()
    assert saved_note(session) is None
    session.close()
