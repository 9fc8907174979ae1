"""A hostile scenario and team name played through the whole TUI with Pilot: the start
screen, the briefing, every dashboard view, every decision's dialogs, the help, every
request and end-of-week dialog, every debrief tab and the leaderboard.

On every screen: no escape byte in the text drawn, no link or click action made from
the data, the app still running; over the game, every marker of the corpus shows
literally. (`tests/hostile.py` holds the corpus.)"""

from __future__ import annotations

from pathlib import Path

from helpers_tui import dismiss_tips, next_keys, press, run, settle
from textual.screen import ModalScreen

from pmsim.tui import make_app
from pmsim.tui.actions import ACTIONS
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.leaderboard import LeaderboardScreen
from tests.hostile import HOSTILE_TEAM, MARKERS, hostile_scenario

PWNED = Path("/tmp/pwned")


class Seen:
    """What the player has seen so far: every line drawn, and any click action in it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.clicks: list[str] = []
        self.screens: set[str] = set()

    def look(self, app) -> None:  # type: ignore[no-untyped-def]
        assert app.is_running, "the app stopped"
        self.screens.add(type(app.screen).__name__)
        for strip in app.screen._compositor.render_strips():
            line = "".join(segment.text for segment in strip)
            assert "\x1b" not in line and "\x07" not in line, line
            self.lines.append(line)
            for segment in strip:
                meta = segment.style.meta if segment.style else {}
                if "@click" in meta:
                    self.clicks.append(str(meta["@click"]))

    def text(self) -> str:
        return "\n".join(self.lines)


async def look(pilot, seen: Seen, *keys: str):  # type: ignore[no-untyped-def]
    screen = await press(pilot, *keys) if keys else pilot.app.screen
    await settle(pilot)
    seen.look(pilot.app)
    return screen


async def every_decision(pilot, seen: Seen) -> None:  # type: ignore[no-untyped-def]
    """Open each decision, look at each of its dialogs (choosing the first item), and
    back out before confirming."""
    for action in ACTIONS:
        screen = await look(pilot, seen, action.key)
        for _ in range(6):
            if not isinstance(screen, ModalScreen):
                break
            title = type(screen).__name__
            screen = await look(pilot, seen, "escape" if title == "ConfirmDialog" else "enter")
        while isinstance(pilot.app.screen, ModalScreen):
            await press(pilot, "escape")
        assert isinstance(pilot.app.screen, DashboardScreen)


@run
async def test_hostile_text_is_shown_as_written_everywhere(tmp_path: Path) -> None:
    scenario = hostile_scenario(tmp_path)
    seen = Seen()
    app = make_app(scenario=str(scenario), seed=3, team=HOSTILE_TEAM, db=tmp_path / "r.sqlite")
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await look(pilot, seen)  # the start screen and its preview
        await look(pilot, seen, "question_mark")
        await press(pilot, "escape")
        await look(pilot, seen, "enter")  # the briefing
        await press(pilot, "enter")
        await dismiss_tips(pilot)
        for view in "123456":
            await look(pilot, seen, view)
        await look(pilot, seen, "a")
        await press(pilot, "escape")
        await look(pilot, seen, "question_mark")
        await press(pilot, "escape")
        await every_decision(pilot, seen)
        for _ in range(300):
            screen = app.screen
            if isinstance(screen, DebriefScreen):
                break
            if isinstance(screen, DashboardScreen) and screen.view.week % 2 == 0:
                await look(pilot, seen, "1")  # the work view as the weeks go by
            await look(pilot, seen, *next_keys(screen))
        assert isinstance(app.screen, DebriefScreen)
        for tab in "1234":
            await look(pilot, seen, tab)
        await look(pilot, seen, "question_mark")
        await press(pilot, "escape")
        assert isinstance(await look(pilot, seen, "l"), LeaderboardScreen)
        await settle(pilot, 6)
        seen.look(app)
        assert app.is_running
    assert not [c for c in seen.clicks if "screenshot" in c or "quit" in c], seen.clicks
    text = seen.text()
    for marker in MARKERS:
        assert marker in text, f"{marker!r} is not shown literally"
    assert "[@click=app.quit]T[/]" in text  # the team name
    assert not any(line.lstrip("│ ").startswith("fake row") for line in seen.lines)
    assert {"StartScreen", "BriefingScreen", "DashboardScreen", "ActionsMenu", "HelpDialog",
            "DebriefScreen", "LeaderboardScreen"} <= seen.screens, seen.screens
    assert not PWNED.exists()



@run
async def test_a_served_start_screen_shows_a_hostile_team_name_as_typed() -> None:
    """Served to a browser: a team name typed as markup (`x[/]` crashed the start screen)
    shows as typed, and the game starts and plays."""
    from textual.widgets import Input

    from pmsim.tui.screens.briefing import BriefingScreen
    from pmsim.tui.screens.start import StartScreen

    seen = Seen()
    app = make_app(seed=3, served=True, owner="4" * 32)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        team = app.screen.query_one("#team", Input)
        team.focus()
        team.value = "x[/] [@click=app.quit]Q[/] [bold"
        await settle(pilot)
        seen.look(app)
        await look(pilot, seen, "enter")
        screen = app.screen
        if not isinstance(screen, BriefingScreen):
            screen = await look(pilot, seen, "enter")
        assert isinstance(screen, BriefingScreen), type(screen).__name__
        await press(pilot, "enter")
        assert isinstance(await dismiss_tips(pilot), DashboardScreen)
        seen.look(app)
        assert app.is_running
    assert "[@click=app.quit]Q[/] [bold" in seen.text()  # in the input box, as typed
    assert not [c for c in seen.clicks if "quit" in c]
