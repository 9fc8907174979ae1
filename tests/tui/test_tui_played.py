"""What first-time play of the tutorial, rescue and conference at 80×24 turned up: an
exception is answered by the board at once, assigning offers a hire still to come but
not who is on the task already, and the debrief says how the game ended in words."""

from __future__ import annotations

from helpers_tui import press, run, settle, start_new_game

from pmsim.engine import decisions as d
from pmsim.session.game import GameSession
from pmsim.tui import make_app
from pmsim.tui.actions import assign, person_items
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import END_REASONS


@run
async def test_the_board_answers_an_exception_at_once() -> None:
    app = make_app(scenario="rescue", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(await start_new_game(pilot), DashboardScreen)
        assert app.session is not None and app.session.view().breaches  # late from day one
        assert isinstance(await press(pilot, "z"), ConfirmDialog)
        screen = await press(pilot, "enter")
        assert isinstance(screen, RequestDialog) and screen.request.kind == "board"
        assert isinstance(await press(pilot, "2", "enter"), DashboardScreen)  # re-baseline
        raised, answer = app.session.decided_this_week()
        assert raised == "Raised an exception to the project board."
        assert answer.startswith("The board turns down a re-baseline (the sponsor's "
                                 "satisfaction")  # the board decides, and says why


class Answers:
    """An `ActionContext` that picks the given ids in turn and keeps what was offered."""

    def __init__(self, view: object, *picks: str) -> None:
        self.view, self.picks, self.offered = view, list(picks), []  # type: ignore[var-annotated]

    async def ask(self, dialog: ChooseDialog) -> str:
        self.offered.append([key for key, _ in dialog.items])
        return self.picks.pop(0)

    def selected(self, kind: str) -> None:
        return None


@run
async def test_assigning_offers_only_who_can_join() -> None:
    session = GameSession.new("rescue", 3)
    session.apply(d.Hire("carla"))
    ctx = Answers(session.view(), "inspector-app", "carla")
    decision = await assign(ctx)  # type: ignore[arg-type]
    assert decision == d.Assign("carla", "inspector-app")
    assert "ana" not in ctx.offered[1]  # on the task already
    assert ctx.offered[1][0] == "carla"  # arriving next week, the best at mobile


def test_assigning_offers_a_hire_still_to_come() -> None:
    session = GameSession.new("rescue", 3)
    session.apply(d.Hire("carla"))
    offered = dict(person_items(session.view(), "mobile", ("active", "arriving")))
    assert "arrives week 2" in offered["carla"].plain
    assert "carla" not in dict(person_items(session.view(), "mobile"))  # e.g. to train


def test_the_end_of_a_game_in_words() -> None:
    assert set(END_REASONS) == {"complete", "hard_stop", "closed", "closed_by_board"}
    assert "_" not in "".join(END_REASONS.values())
