"""The start screen: pick a scenario (built-in or a file), a team name and a seed, or
continue the last unfinished game. In a workshop (`pmsim play --workshop CODE`) the
scenario and seed are the workshop's and a team name is required.

Served to browsers (`pmsim serve`, see `pmsim.session.saves.served`), the games of a whole
room lie in one folder: continue then offers only a game started in this browser, never
one found by a team name (`pmsim.tui.screens.continuing`); in a workshop, only a game of
that workshop. A served player plays the built-in scenarios or the trainer's: no file
is opened from a browser. A saved game whose log is damaged is listed, with what is
wrong, and r recovers the part before the damage as a new game."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.widgets.option_list import Option

from pmsim.errors import UserError
from pmsim.results.workshop_codes import format_code
from pmsim.scenario import DEFAULT_SCENARIO, Scenario, ScenarioError, builtin_paths, load_scenario
from pmsim.session.saves import DamagedSave, SavedGame, same_team
from pmsim.tui.dialogs.ask import AskText
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.format import c
from pmsim.tui.messages import ContinueGame, NewGame, ShowLeaderboard
from pmsim.tui.plain import Group, Label, OptionList, Static
from pmsim.tui.prose import blocks, render_block
from pmsim.tui.screens.continuing import DAMAGED_ROWS, continue_line, find_saves

MAX_SEED = 2**63 - 1
ROWS_BESIDE_THE_LIST = 15
"""Rows the start screen needs besides the scenario list: title, the list's label, the
team and seed labels and inputs with their margins, the continue line and the footer."""


def scenario_preview(scenario: Scenario) -> RenderableType:
    """Title, difficulty, length, deadline and the first paragraph (or list) of the
    briefing."""
    meta = scenario.meta
    first = blocks(meta.briefing)
    facts = Text(f"{meta.difficulty} · about {meta.play_minutes} min · deadline week "
                 f"{scenario.calendar.deadline_week} · {len(scenario.tasks)} tasks · "
                 f"{len(scenario.team)} people", style=c("muted"))
    parts: list[RenderableType] = [Text(meta.title, style="bold"), facts]
    if first:  # the first paragraph, and its list if it leads into one
        parts += [Text(""), render_block(first[0])]
        if len(first) > 1 and first[1].follows:
            parts.append(render_block(first[1]))
    if meta.learning_objectives:
        parts += [Text(""), Text("You will practise:", style="bold")]
        parts += [Text(f"• {o}") for o in meta.learning_objectives]
    return Group(*parts)


def seed_of(text: str) -> int | None:
    """The seed typed, or None if it is not a whole number from 0 to 2^63 − 1."""
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if 0 <= value <= MAX_SEED else None


class StartScreen(Screen[None]):
    """Choose what to play."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "play", "Play", priority=False),
        Binding("o", "open_file", "Open file"),
        Binding("c", "continue_game", "Continue"),
        Binding("r", "recover", "Recover"),
        Binding("l", "leaderboard", "Leaderboard"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, scenario: str | None, seed: int, team: str = "",
                 workshop: str | None = None, workshop_name: str = "",
                 served: bool = False, owner: str | None = None) -> None:
        super().__init__()
        self.served = served
        """Served to a browser: continue only this browser's game, open no files."""
        self.owner = owner
        """Served: the id of this browser (None: unknown, nothing to continue)."""
        self.scenarios: dict[str, Scenario] = {}
        self.refs: list[str] = []
        self.chosen = scenario or DEFAULT_SCENARIO
        self.seed, self.team = seed, team
        self.workshop, self.workshop_name = workshop, workshop_name
        self.saved: SavedGame | None = None
        self.damaged: DamagedSave | None = None

    def compose(self) -> ComposeResult:
        title = "pmsim — a project management training simulator"
        if self.workshop:
            title = f"pmsim — workshop {format_code(self.workshop)}" + (
                f" ({self.workshop_name})" if self.workshop_name else "")
        yield Static(title, id="start-title")
        with Horizontal(id="start-main"):
            with Vertical(id="start-left"):
                yield Label("Workshop scenario (enter plays)" if self.workshop
                            else "Scenarios (enter plays)", classes="section first")
                yield OptionList(id="scenarios")
                yield Label("Team name (required)" if self.workshop else "Team name",
                            classes="section")
                yield Input(value=self.team, id="team",
                            placeholder="your team's name" if self.workshop else
                            "optional")
                yield Label("Seed (the workshop's)" if self.workshop
                            else "Seed (same seed, same luck)", classes="section")
                yield Input(value=str(self.seed), type="integer", id="seed",
                            disabled=bool(self.workshop))
            with VerticalScroll(id="start-preview"):
                yield Static(id="preview")
        yield Static(id="continue")
        yield Footer()

    def on_mount(self) -> None:
        if self.workshop:
            refs = [self.chosen]  # a workshop fixes its scenario
        else:
            refs = sorted(builtin_paths(), key=_difficulty_order)
            if self.chosen and self.chosen not in refs:
                refs.insert(0, self.chosen)
        for ref in refs:
            self._add(ref)
        options = self.query_one("#scenarios", OptionList)
        if self.chosen in self.refs:
            options.highlighted = self.refs.index(self.chosen)
        elif self.refs:
            options.highlighted = 0
        if self.workshop and not self.team.strip():
            self.query_one("#team", Input).focus()
        else:
            options.focus()
        self.refresh_saved()

    def on_resize(self) -> None:
        """The scenario list gets the height the inputs below it leave."""
        options = self.query_one("#scenarios", OptionList)
        below = ROWS_BESIDE_THE_LIST + (DAMAGED_ROWS if self.damaged is not None else 0)
        options.styles.max_height = max(3, self.size.height - below)
        self.call_after_refresh(options.scroll_to_highlight)

    def _add(self, ref: str) -> bool:
        try:
            scenario = load_scenario(ref)
        except ScenarioError as exc:
            self.notify(f"{ref}: {exc.problems[0] if exc.problems else exc}",
                        title="Scenario not loaded", severity="error", timeout=10)
            return False
        if ref in self.scenarios:
            return True
        self.scenarios[ref] = scenario
        self.refs.append(ref)
        label = Text(scenario.meta.title, style="bold")
        label.append(f"\n{scenario.meta.difficulty} · {scenario.meta.play_minutes} min"
                     + ("" if ref in builtin_paths() else f" · {Path(ref).name}"),
                     style=c("muted"))
        self.query_one("#scenarios", OptionList).add_option(Option(label, id=ref))
        return True

    def refresh_saved(self) -> None:
        """Look for the saved games to offer: the last unfinished one (served: of this
        browser; in a workshop: of this workshop), and the last damaged one."""
        self.saved, self.damaged = find_saves(self.served, self.owner, self.workshop)
        self.query_one("#continue", Static).update(
            continue_line(self.saved, self.damaged, self.served, self.owner))
        self.refresh_bindings()
        self.on_resize()  # the list makes room for a damaged save's line

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """r only when there is a damaged game; no file opened from a browser."""
        if action == "recover":
            return self.damaged is not None
        if action == "open_file":
            return not self.served
        return True

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _show_preview(self, event: OptionList.OptionHighlighted) -> None:
        ref = event.option.id
        if ref in self.scenarios:
            preview = scenario_preview(self.scenarios[ref])
            if self.workshop:
                note = Text(f"Workshop {format_code(self.workshop)}: every team plays this "
                            f"scenario with seed {self.seed}, so all face the same luck. Your "
                            "result is recorded for the workshop's leaderboard.\n",
                            style=c("accent"))
                preview = Group(note, preview)
            self.query_one("#preview", Static).update(preview)

    @on(OptionList.OptionSelected, "#scenarios")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_play()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_play()

    # ------------------------------------------------------------ actions
    def action_play(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None:
            self.notify("Choose a scenario first.", severity="warning")
            return
        ref = self.refs[options.highlighted]
        seed = seed_of(self.query_one("#seed", Input).value)
        if seed is None:
            self.notify("The seed is a whole number from 0 to 2^63-1.", severity="error")
            self.query_one("#seed", Input).focus()
            return
        team = self.query_one("#team", Input).value.strip()
        if self.workshop and not team:
            self.notify("Type your team's name first: the workshop's leaderboard ranks "
                        "teams by name.", title="Team name needed", severity="warning")
            self.query_one("#team", Input).focus()
            return
        if self.served:
            self.refresh_saved()
            if self.saved is not None and (not team or same_team(team, self.saved.log.team)):
                # most likely back after the tab closed: continue, or really start anew?
                self.ask_continue_or_new(ref, seed, team, self.saved)
                return
        self.post_message(NewGame(ref, seed, team))

    @work(exclusive=True, group="ask")
    async def ask_continue_or_new(self, ref: str, seed: int, team: str,
                                  saved: SavedGame) -> None:
        """A served player with an unfinished game in this browser who presses enter
        most likely comes back to it (the browser tab was closed): offer it first."""
        title = self.scenarios[ref].meta.title
        choice = await self.app.push_screen_wait(ChooseDialog(
            "This browser has an unfinished game", saved.describe(), [
                ("continue", Text("Continue it, where it stopped", style="bold")),
                ("new", Text(f"Start a new game: {title}, seed {seed}")),
            ], "continue"))
        if choice == "continue":
            self.action_continue_game()
        elif choice == "new":
            self.post_message(NewGame(ref, seed, team))

    @work(exclusive=True)
    async def action_open_file(self) -> None:
        if self.served:  # never a file of the server's, named in a browser
            return
        if self.workshop:
            self.notify("A workshop fixes its scenario and seed; start pmsim without "
                        "--workshop to play another.", severity="warning")
            return
        path = await self.app.push_screen_wait(AskText(
            "Open a scenario file", "The path of a scenario .toml file "
            "(`pmsim validate FILE` checks one).", placeholder="path/to/scenario.toml"))
        if not path:
            return
        ref = str(Path(path).expanduser().resolve())
        if self._add(ref):
            self.query_one("#scenarios", OptionList).highlighted = self.refs.index(ref)

    def action_continue_game(self) -> None:
        self.refresh_saved()  # as the folder is now, not a moment ago
        if self.saved is None:
            self.notify("No unfinished game was started in this browser: a game is "
                        "continued only in the browser that started it." if self.served
                        else "There is no unfinished game to continue.", severity="warning")
            return
        self.post_message(ContinueGame(self.saved.path))

    def action_recover(self) -> None:
        """Play on from the part of the damaged game before the damage (the damaged
        file is kept, renamed); set aside one with nothing to recover."""
        from pmsim.session.recover import recover, set_aside

        damaged = self.damaged
        if damaged is None:
            return
        try:
            if damaged.intact is None:
                kept = set_aside(damaged.path)
                self.notify(f"Nothing could be recovered; the file is kept as {kept}."
                            if kept else f"{damaged.path} could not be renamed.",
                            title="Set aside", timeout=15)
                self.refresh_saved()
                return
            recovered = recover(damaged)
            self.notify(recovered.describe(), title="Recovered", timeout=20)
            self.refresh_saved()
            if not recovered.finished:
                self.post_message(ContinueGame(recovered.path, failure="Cannot recover"))
        except UserError as exc:
            self.notify(str(exc), title="Cannot recover", severity="error", timeout=20)

    @work(exclusive=True, group="ask")
    async def action_leaderboard(self) -> None:
        from pmsim.tui.screens.leaderboard import Selection

        options = self.query_one("#scenarios", OptionList)
        ref = self.refs[options.highlighted] if options.highlighted is not None else None
        seed = seed_of(self.query_one("#seed", Input).value)
        if ref is not None and seed is not None:
            title = self.scenarios[ref].meta.title
            other = f"Leave it empty for everyone who played {title} with seed {seed}."
        else:
            other = ""
        code = await self.app.push_screen_wait(AskText(
            "Leaderboard", f"A workshop code, e.g. K7QX-M3RT-AC. {other}".strip(),
            default=format_code(self.workshop) if self.workshop else "",
            placeholder="K7QX-M3RT-AC", allow_empty=bool(other),
            keys="enter: show · esc: back"))
        if code is None or (not code and not other):
            return
        selection = (Selection(workshop=code) if code
                     else Selection(scenario=ref, seed=seed))
        self.post_message(ShowLeaderboard(selection))

    def action_quit(self) -> None:
        self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog("Start", [
            ("↑ ↓", "choose a scenario (its briefing shows on the right)"),
            ("enter", "play it: read the briefing, then start"),
            ("tab", "move between the list, the team name and the seed"),
            *([] if self.served else [("o", "open a scenario file (.toml)")]),
            ("c", "continue the unfinished game started in this browser, where it "
             "stopped (enter offers it too)" if self.served else
             "continue the last unfinished game, where it stopped"),
            ("r", "recover a damaged saved game: the part before the damage becomes a "
             "new game (the damaged file is kept)"),
            ("l", "a leaderboard: of a workshop code, or of the highlighted scenario and "
             "seed"),
            ("q", "quit"),
        ], "Everyone in the room who types the same scenario and seed faces the same "
           "luck; the game is saved as you play."))


DIFFICULTY_ORDER = ("tutorial", "beginner", "standard", "advanced")


def _difficulty_order(ref: str) -> tuple[int, str]:
    """Built-ins listed from the tutorial up, then by id."""
    try:
        level = DIFFICULTY_ORDER.index(load_scenario(ref).meta.difficulty)
    except (ScenarioError, ValueError):
        level = len(DIFFICULTY_ORDER)
    return level, ref
