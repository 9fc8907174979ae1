"""H hands the game to the bot, as a trainer does to replay a branch point by hand
(`pmsim play --from LOG --week K`, another team's decisions of the week, then H): after a
confirmation the bot ends the week and plays on to the debrief, and the game is not
recorded on a leaderboard."""

from __future__ import annotations

from helpers_tui import dismiss_tips, notices, press, run, wait_for, wait_until
from test_tui_rewind import finished_log

from pmsim.gamelog import read_log, replay
from pmsim.session.game import GameSession
from pmsim.tui import make_app
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen


@run
async def test_h_hands_a_rewound_game_to_the_bot() -> None:
    app = make_app(branch=GameSession.branch(finished_log(), 2), delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, DashboardScreen)
        assert isinstance(await dismiss_tips(pilot), DashboardScreen)
        session = app.session
        assert session is not None and session.policy is None
        dialog = await press(pilot, "H")
        assert isinstance(dialog, ConfirmDialog)
        assert isinstance(await press(pilot, "n"), DashboardScreen)  # changed their mind
        assert session.policy is None and not session.handed_over
        await press(pilot, "H", "y")
        debrief = await wait_for(pilot, DebriefScreen)
        await wait_until(pilot, session.record_done.is_set, what="recording")
        assert session.recorded is None
        assert any("not recorded on a leaderboard" in n for n in notices(app))
        line = str(debrief.query_one("#log-line").render())
        assert f"A bot played this game from week {session.handed_over_week}:" in line
        assert session.handed_over_week == 2  # rewound to week 2 and handed over there
    log = read_log(session.log_path)
    assert {"action": "handover", "bot": "cautious"} in log.actions
    assert replay(log).outcome().score == debrief.outcome.score
