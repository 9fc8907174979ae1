"""Pickers that do not trap a player: a list's cursor stops at its ends (down from the
last item does not land on the first), and a number key in a request moves to its
option without answering (the same keys switch the dashboard's views)."""

from __future__ import annotations

from helpers_tui import press, run
from textual.app import App, ComposeResult

from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.scenario import load_scenario
from pmsim.session.game import look
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.plain import OptionList


class ListApp(App[None]):
    """One list of three items, the middle one disabled."""

    def compose(self) -> ComposeResult:
        yield OptionList("first", "second", "third")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.disable_option_at_index(1)
        options.highlighted = 0
        options.focus()


@run
async def test_a_list_stops_at_its_ends_and_skips_what_is_disabled() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.query_one(OptionList)
        await press(pilot, "up")
        assert options.highlighted == 0  # not round to the last
        await press(pilot, "down")
        assert options.highlighted == 2  # the disabled one skipped
        await press(pilot, "down", "down")
        assert options.highlighted == 2  # not round to the first


REQUEST = DecisionRequest(
    id="change:test", kind="change_request", title="Add live chat", text="The sponsor asks.",
    options=(RequestOption("accept", "Accept", "More scope."),
             RequestOption("reject", "Reject", "Nothing changes.")),
    default="reject")


class RequestApp(App[None]):
    """Shows one request and keeps its answer."""

    answer: str | None = "unanswered"

    def on_mount(self) -> None:
        view = look(Simulation(load_scenario("tutorial"), 0))

        def keep(answer: str | None) -> None:
            self.answer = answer

        self.push_screen(RequestDialog(REQUEST, view), keep)


@run
async def test_a_number_key_moves_to_its_option_and_answers_only_when_pressed_again() -> None:
    app = RequestApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press(pilot)
        assert isinstance(screen, RequestDialog)
        options = screen.query_one(OptionList)
        assert options.highlighted == 1  # the default
        assert isinstance(await press(pilot, "1"), RequestDialog)  # a view key, say
        assert options.highlighted == 0 and app.answer == "unanswered"
        assert isinstance(await press(pilot, "9"), RequestDialog)  # no such option
        await press(pilot, "1")
        assert app.answer == "accept"


@run
async def test_enter_answers_with_the_option_a_number_key_moved_to() -> None:
    app = RequestApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot)
        await press(pilot, "1", "enter")
        assert app.answer == "accept"
