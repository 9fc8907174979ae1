"""The debrief's what-if (f): back to the start of an earlier week in a copy of the game,
a decision chosen from the same menu as on the dashboard, and its real futures from that
week beside the futures without it; nothing to confirm, the game and its log untouched."""

from __future__ import annotations

from pathlib import Path

from helpers_tui import press, run, wait_for, wait_until

from pmsim.tui import make_app
from pmsim.tui.dialogs.actions_menu import ActionsMenu
from pmsim.tui.dialogs.ask import AskNumber
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.plain import Static
from pmsim.tui.screens.debrief import DebriefScreen

MINIMAL = str(Path(__file__).resolve().parents[1] / "data" / "minimal.toml")


def _text(screen: ConfirmDialog) -> str:
    return "\n".join(str(s.render()) for s in screen.query(Static))


@run
async def test_what_if_in_an_earlier_week_plays_its_futures() -> None:
    app = make_app(scenario=MINIMAL, seed=3, team="Red", autoplay="cautious", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        debrief = await wait_for(pilot, DebriefScreen)
        log = debrief.session.log_path
        before, actions = log.read_bytes(), debrief.session.actions
        last = debrief.session.view().week
        dialog = await press(pilot, "f")
        assert isinstance(dialog, AskNumber) and (dialog.low, dialog.high) == (1, last)
        await pilot.press("backspace", "backspace", "1")
        menu = await press(pilot, "enter")
        assert isinstance(menu, ActionsMenu) and "week 1" in menu.title_text
        picker = await press(pilot, "o")
        assert isinstance(picker, ChooseDialog)
        menu = await press(pilot, "escape")  # back to the menu, not out of the what-if
        assert isinstance(menu, ActionsMenu)
        screen = await press(pilot, "o", "down", "enter")  # longer weeks
        assert isinstance(screen, ConfirmDialog) and not screen.confirm
        await wait_until(pilot, lambda: "Expected:" in _text(screen)
                         and "Playing the futures" not in _text(screen), "the futures")
        shown = _text(screen)
        assert "futures from week 1" in shown and "with it" in shown
        assert "enter or esc: back" in shown and "confirm" not in shown
        back = await press(pilot, "enter")
        assert isinstance(back, DebriefScreen) and back is debrief
    assert debrief.session.actions == actions
    assert log.read_bytes() == before


def test_the_futures_use_worker_processes_only_in_a_terminal_game(monkeypatch) -> None:
    """A terminal game plays what-if futures in its own warm pool once it may use several
    processes; a browser game, whose machine the other players share, never does."""
    import pmsim.tui.app as app_module
    from pmsim.executors import LocalPool

    monkeypatch.setattr(app_module, "worker_jobs", lambda: 1)
    assert make_app(served=False).futures_pool() is None  # one process: the dialog's thread
    monkeypatch.setattr(app_module, "worker_jobs", lambda: 2)
    served = make_app(served=True)
    assert served.futures_pool() is None
    terminal = make_app(served=False)
    pool = terminal.futures_pool()
    assert isinstance(pool, LocalPool) and pool.jobs == 2
    assert terminal.futures_pool() is pool  # kept warm for the next preview
    pool.close()
