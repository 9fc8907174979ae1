"""What-if previews in the game (`pmsim.whatif`): the run a decision's confirm dialog
plays when the player presses `w`, and the debrief's "what if you had … in week K":
the game rewound (in memory, nothing saved) to the start of a week it played, a decision
chosen from the same menu and pickers as on the dashboard, and its futures from there.

The futures play in the app's worker processes when it has them (`PmsimApp.futures_pool`,
warm after the first preview), else in the dialog's thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from pmsim.engine.decisions import Decision
from pmsim.engine.view import PlayerView
from pmsim.errors import UserError
from pmsim.executors import Executor
from pmsim.gamelog import LogError
from pmsim.tui.actions import ACTION_BY_KEY
from pmsim.tui.dialogs.actions_menu import ActionsMenu
from pmsim.tui.dialogs.ask import AskNumber
from pmsim.tui.dialogs.confirm import FIRST_FUTURES, ConfirmDialog, WhatIfRun

if TYPE_CHECKING:
    from pmsim.session.game import GameSession

PAST_INTRO = (
    "Go back to the start of an earlier week and try a decision there. "
    "The game plays on from that week many times, with the decision and without it; "
    "the cautious bot makes the later decisions. "
    "Your game and its log do not change. Which week (1 to {last})?")


def futures_run(session: GameSession, decision: Decision, app: App[Any]) -> WhatIfRun:
    """What the confirm dialog's `w` plays: the decision's futures from where
    `session` stands (`GameSession.what_if`), in the app's pool when it has one."""
    currency = session.view().money.currency
    pool_of: Callable[[], Executor | None] | None = getattr(app, "futures_pool", None)

    def run(progress: Callable[[int, int], None],
            partial: Callable[[list[str]], None]) -> list[str]:
        first = (FIRST_FUTURES, lambda w: partial(w.lines(currency)))
        pool = pool_of() if pool_of is not None else None
        return session.what_if(decision, on_progress=progress, on_partial=first,
                               executor=pool).lines(currency)

    return run


class _Then:
    """What a decision's picker may use (`pmsim.tui.actions.ActionContext`), on the view
    of a rewound week: nothing is under a cursor there."""

    def __init__(self, app: App[Any], view: PlayerView) -> None:
        self.app, self.view = app, view

    async def ask(self, dialog: Any) -> Any:
        return await self.app.push_screen_wait(dialog)

    def selected(self, kind: str) -> str | None:
        return None


async def what_if_in_the_past(app: App[Any], session: GameSession, last_week: int) -> None:
    """The debrief's what-if: ask for a week, rewind a copy of the game to its start,
    let the player choose a decision, and show its futures (nothing to confirm). Every
    refusal is a notification; the game shown in the debrief is untouched."""
    week = await app.push_screen_wait(AskNumber(
        "What if: a decision in an earlier week", PAST_INTRO.format(last=last_week),
        low=1, high=last_week, default=max(1, last_week // 3), integer=True))
    if week is None:
        return
    try:
        then = await asyncio.to_thread(session.rewind, int(week))
    except (UserError, LogError) as exc:
        app.notify(str(exc), title="No what-if", severity="warning", timeout=10)
        return
    view = then.view()
    while True:  # esc from a decision's picker goes back to the menu, not out
        key = await app.push_screen_wait(ActionsMenu(
            view.attention_left, f"What if, in week {view.week}: a decision — attention at "
            f"the start of the week: {view.attention_left:g} h"))
        if not key:
            return
        action = ACTION_BY_KEY[key]
        try:
            decision = await action.build(_Then(app, view))
        except (KeyError, StopIteration, ValueError) as exc:
            app.notify(f"{action.name}: {exc}", severity="error")
            return
        if decision is not None:
            break
    await app.push_screen_wait(ConfirmDialog(
        f"What if, in week {view.week}: {action.name}", then.preview(decision),
        then.check(decision), view.attention_left, futures_run(then, decision, app),
        confirm=False))
