"""The game being played: a `Simulation`, its scenario and its autosaved log.

This is a front end's one piece of game state. Its simulation is private: screens and
widgets read `view()` (a `PlayerView`) and change the game only through the intents
`apply`, `answer`, `advance`, `autoplay_step` and `rewind` (and ask `check` and `preview`
first), which call the engine and nothing else; the log writer appends every action as
it is taken. No Textual or Rich here: the same session can be driven by tests without a
screen.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pmsim.engine.decisions import Decision, DecisionError, decision_from_dict
from pmsim.engine.outlook import Outlook
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import TurnReport
from pmsim.engine.view import PlayerView
from pmsim.errors import UserError
from pmsim.gamelog import UNEDITED, GameLogWriter, LogError, read_log, replay, scenario_reference
from pmsim.policies import SENSIBLE, Policy, end_week_as_left, get_policy, take_turn
from pmsim.scenario import Scenario, load_scenario
from pmsim.scoring import Outcome
from pmsim.session.journal import Decided, answered, decided, describe
from pmsim.session.saves import new_log_path, read_meta, rewrite_log, write_meta
from pmsim.whatif import FUTURES, WhatIf, what_if

if TYPE_CHECKING:
    from pmsim.executors import Executor
    from pmsim.results import RecordedGame



@dataclass
class GameSession:
    """One game in play, and where it is saved."""

    scenario: Scenario
    scenario_ref: str
    """Built-in id or absolute path, as recorded in the log."""
    _sim: Simulation
    """The game itself: private, read through `view()` and changed through the intents."""
    team: str = ""
    policy: Policy | None = None
    """The bot that plays, in autoplay; None when a person plays."""
    policy_name: str = ""
    workshop_code: str | None = None
    """The workshop the game counts for (canonical code), if any."""
    branched_from: tuple[str, int] | None = None
    """(log path, week) when the game was rewound from another game's log."""
    writer: GameLogWriter = field(default_factory=GameLogWriter)
    recorded: RecordedGame | None = None
    """The entry in the results store, once the finished game is recorded."""
    record_done: threading.Event = field(default_factory=threading.Event)
    """Set when recording has ended, stored or not (a leaderboard waits for it)."""
    journal: list[Decided] = field(default_factory=list)
    """The player's decisions and answers in order, with their week (not the bot's)."""
    injects_due: dict[str, int] = field(default_factory=dict)
    """The facilitator's injects a workshop hub scheduled: id → the week to meet it."""
    _view: PlayerView | None = None
    _week_to_end: bool = False
    """Set by a hand-over: the bot's first step ends the player's week."""

    # ------------------------------------------------------------ making a game
    @classmethod
    def new(cls, scenario_ref: str | Path, seed: int, team: str = "",
            autoplay: str | None = None, workshop_code: str | None = None) -> GameSession:
        """A fresh game (not yet saved: `start_log` begins the log)."""
        scenario = load_scenario(scenario_ref)
        policy = get_policy(autoplay) if autoplay else None
        sim = Simulation(scenario, seed)
        if autoplay:  # the log says the bot played it all: a team's entry it is not
            sim.hand_over(autoplay)
        return cls(scenario=scenario, scenario_ref=scenario_reference(scenario_ref),
                   _sim=sim, team=team, policy=policy,
                   policy_name=autoplay or "", workshop_code=workshop_code)

    @classmethod
    def branch(cls, log_path: str | Path, week: int,
               workshop_code: str | None = None) -> GameSession:
        """The game saved in `log_path`, rewound to the start of `week`, to play on with
        the same luck (not yet saved: `start_log` writes a new log; the old one is left
        as it is). Raises `UserError` for a week outside the game or a bad log."""
        from pmsim.rewind import rewind

        log = read_log(log_path)
        sim = rewind(log, week)
        if workshop_code is None:
            code = read_meta(Path(log_path)).get("workshop")
            workshop_code = code if isinstance(code, str) else None
        return cls(scenario=sim.scenario, scenario_ref=log.scenario_path, _sim=sim,
                   team=log.team, workshop_code=workshop_code,
                   branched_from=(str(Path(log_path).resolve()), week))

    @classmethod
    def resume(cls, path: str | Path) -> GameSession:
        """The unfinished game saved in `path`, replayed to where it stopped, with its
        log open for the actions still to come."""
        log = read_log(path)
        if log.result is not None:
            raise UserError(f"the game in {path} is over; there is nothing to continue. "
                            "Replay it with `pmsim replay` to see its outcome.")
        # the engine and scenario checks of a replay, on a game not yet begun; its actions
        # are then taken here, so the journal knows each decision's week and words
        sim = replay(dataclasses.replace(log, actions=(), action_lines=()))
        meta = read_meta(Path(path))
        code = meta.get("workshop")
        session = cls(scenario=sim.scenario, scenario_ref=log.scenario_path, _sim=sim,
                      team=log.team, workshop_code=code if isinstance(code, str) else None)
        for action, number in zip(log.actions, log.action_lines, strict=True):
            try:
                session._take(action, functools.partial(sim.perform, action))
            except DecisionError as exc:
                raise LogError(f"the game log {path} cannot be continued: the engine "
                               f"refuses the action on line {number} ({exc}). {UNEDITED}"
                               ) from None
        session.writer.resume(path, sim)
        return session

    def start_log(self, path: Path | None = None) -> Path:
        """Begin saving: write the log's header (and any actions already taken) and,
        when there is any, the note of its workshop and where it branched from (a note
        that cannot be written is only skipped: the log is the game)."""
        suffix = f"-from-week-{self.branched_from[1]}" if self.branched_from else ""
        path = path or new_log_path(self.scenario.meta.id, self._sim.seed, suffix=suffix)
        self.writer.start(path, self._sim, self.scenario_ref, self.team)
        meta: dict[str, object] = {}
        if self.workshop_code:
            meta["workshop"] = self.workshop_code
        if self.branched_from:
            meta.update(branched_from=self.branched_from[0], from_week=self.branched_from[1])
        if meta:
            with contextlib.suppress(OSError):
                write_meta(path, meta)
        return path

    @property
    def log_path(self) -> Path | None:
        """The game's log file, once saving has begun."""
        return self.writer.path

    # ------------------------------------------------------------ reading
    def view(self) -> PlayerView:
        """What the player sees now (built once per change of the game)."""
        if self._view is None:
            self._view = look(self._sim)
        return self._view

    @property
    def finished(self) -> bool:
        """Whether the game is over."""
        return self._sim.finished

    @property
    def handed_over(self) -> bool:
        """Whether a bot plays or played the game: from the start (autoplay) or since
        the player handed it over (`hand_over`)."""
        return self._sim.handed_over is not None

    @property
    def handed_over_week(self) -> int:
        """The week a bot took the game over in (0: it did not)."""
        return self._sim.handed_over_week

    @property
    def bot_from_start(self) -> bool:
        """Whether a bot played the game from its very start (autoplay)."""
        actions = self._sim.actions
        return bool(actions) and actions[0].get("action") == "handover"

    def outcome(self) -> Outcome:
        """The scored result, once the game is over."""
        return self._sim.outcome()

    @property
    def actions(self) -> tuple[dict[str, object], ...]:
        """Every decision and answer taken so far, as the log records them."""
        return tuple(self._sim.actions)

    def check(self, decision: Decision) -> str | None:
        """Why the engine would refuse `decision` now, or None if it would take it."""
        try:
            self._sim.check(decision)
        except DecisionError as exc:
            return str(exc)
        return None

    def preview(self, decision: Decision) -> str:
        """What `decision` would cost and do now, in a sentence (empty when it names
        something unknown: `check` then says why)."""
        try:
            return self._sim.preview(decision).text
        except DecisionError:
            return ""

    def forecast_with(self, decision: Decision) -> tuple[Outlook, Outlook] | None:
        """The forecast now and as it would be right after `decision`, or None when the
        engine would refuse it. The decision is taken on a replica (this game replayed
        from its actions, same seed), so this game, its luck and its log are untouched;
        both forecasts draw the same efforts, so the difference is the decision's."""
        replica = Simulation(self.scenario, self._sim.seed)
        for action in self._sim.actions:
            replica.perform(action)
        try:
            replica.apply(decision)
        except DecisionError:
            return None
        return self.view().forecast, look(replica).forecast

    def what_if(self, decision: Decision, futures: int = FUTURES,
                on_progress: Callable[[int, int], None] | None = None,
                on_partial: tuple[int, Callable[[WhatIf], None]] | None = None,
                executor: Executor | None = None) -> WhatIf:
        """The decision's futures beside the futures without it (`pmsim.whatif`), played
        on replicas of this game under fresh luck (in `executor`'s processes, if given):
        this game, its luck and its log are untouched. Raises `UserError` when the
        engine would refuse the decision."""
        return what_if(self.scenario, self._sim.seed, self._sim.actions, decision,
                       futures, executor, on_progress=on_progress, on_partial=on_partial)

    # ------------------------------------------------------------ playing
    def apply(self, decision: Decision) -> None:
        """Take a decision (raises `DecisionError` when the engine refuses it)."""
        self._take({"action": "apply", "decision": decision.to_dict()},
                   lambda: self._sim.apply(decision))

    def answer(self, request_id: str, option: str) -> None:
        """Answer a pending request (raises `DecisionError` when refused)."""
        self._take({"action": "answer", "request": request_id, "option": option},
                   lambda: self._sim.answer(request_id, option))

    def advance(self) -> TurnReport:
        """Play on to the end of the week or the next request."""
        try:
            return self._sim.advance()
        finally:
            self._changed()

    def decided_this_week(self) -> list[str]:
        """What the player decided and answered in the current week, in order, one
        line each."""
        week = self._sim.week
        return [" ".join(entry.lines) for entry in self.journal if entry.week == week]

    def _take(self, action: dict[str, object], do: Callable[[], object]) -> None:
        """Take a player's decision or answer (`action`, as logged) and note in the
        journal what it did; a refused one raises `DecisionError` and is not noted."""
        sim = self._sim
        week, before = sim.week, len(sim.feed)
        request = sim.pending.get(str(action.get("request")))
        try:
            do()
        finally:
            self._changed()
        if action["action"] == "apply":
            fallback = describe(decision_from_dict(action["decision"]), self.scenario)
        elif action["action"] == "answer" and request is not None:
            fallback = answered(request, str(action["option"]))
        else:
            return
        self.journal.append(decided(week, sim.feed[before:], fallback))

    def undoable(self) -> bool:
        """Whether `undo` has something to take back: the last action is a decision or
        an answer (no day of the game has passed since), by the player, not a bot."""
        actions = self._sim.actions
        return (self.policy is None and not self._sim.finished and bool(actions)
                and actions[-1].get("action") in ("apply", "answer"))

    def undo(self) -> str:
        """Take back the last decision or answer, exactly: the game is replayed from the
        start without it (same seed, same luck), so it stands as it was just before, and
        its log is rewritten to match. Only while no day has passed since (`undoable`):
        decisions of this week, last first. Returns what was undone, in words. Raises
        `UserError` when there is nothing to undo, and `LogError` when the log cannot be
        rewritten (the game is then unchanged)."""
        if not self.undoable():
            raise UserError("There is nothing to undo: only this week's decisions and "
                            "answers can be taken back, the last first, before the week "
                            "goes on.")
        actions = self._sim.actions[:-1]
        undone = self.journal[-1].lines if self.journal else ()
        again = GameSession(scenario=self.scenario, scenario_ref=self.scenario_ref,
                            _sim=Simulation(self.scenario, self._sim.seed), team=self.team)
        for action in actions:
            again._take(action, functools.partial(again._sim.perform, action))
        if self.writer.path is not None and self.writer.saving:  # else: unsaved, in memory
            created = read_log(self.writer.path).created
            self.writer = rewrite_log(self.writer, again._sim, self.scenario_ref, self.team,
                                      created)
        self._sim, self.journal = again._sim, again.journal
        self._changed()
        return " ".join(undone) or "the last decision"

    def rewind(self, week: int) -> GameSession:
        """This game, rewound from its log to the start of `week`, to play on with the
        same luck in a new game (not yet saved: `start_log` writes its new log; this
        one is left as it is). Raises `UserError` when the game was not saved, or for a
        week outside it."""
        if self.log_path is None:
            raise UserError("This game was not saved, so there is no log to rewind.")
        return GameSession.branch(self.log_path, week, self.workshop_code)

    def autoplay_step(self) -> None:
        """Let the bot play one step, exactly as `pmsim run` does; the first step after a
        hand-over ends the week as the player left it (`end_week_as_left`)."""
        assert self.policy is not None, "autoplay_step needs a policy"
        try:
            if self._week_to_end:
                self._week_to_end = False
                end_week_as_left(self._sim, self.policy)
            else:
                take_turn(self._sim, self.policy)
        finally:
            self._changed()

    def hand_over(self) -> None:
        """Let the sensible bot play the rest of this game: it ends this week as the
        player left it, answering what comes, then plays on (`autoplay_step`), as a
        debrief's replays do. The log records the hand-over, so the game is not recorded
        on a leaderboard. Raises `UserError` when the game is over or a bot plays it."""
        if self._sim.finished or self.policy is not None:
            raise UserError("A bot plays this game already, or it is over: there is "
                            "nothing to hand over.")
        if self._sim.handed_over is None:  # a continued game a bot played is marked already
            self._take({"action": "handover", "bot": SENSIBLE},
                       lambda: self._sim.hand_over(SENSIBLE))
        self.policy, self.policy_name, self._week_to_end = get_policy(SENSIBLE), SENSIBLE, True

    def finish(self) -> None:
        """Write the end line with the result to the log (once the game is over)."""
        if self._sim.finished and self.writer.path is not None and self.writer.error is None:
            self.writer.finish(self._sim)

    def record(self, db: str | Path | None = None) -> RecordedGame:
        """Record the finished, saved game in the results store (the default one when
        `db` is None), for its workshop if any. Blocking (it replays the log): call it
        from a worker thread. Raises `UserError` when the game cannot be recorded."""
        from pmsim.results import record_game

        try:
            if self.writer.path is None or read_log(self.writer.path).result is None:
                raise UserError("the game was not saved to its end, so there is no log to "
                                "record.")
            self.recorded = record_game(db, self.writer.path, self.workshop_code)
            return self.recorded
        finally:
            self.record_done.set()

    def close(self) -> None:
        """Stop saving (an unfinished log stays valid, to be continued later)."""
        self.writer.close()

    def take_log_error(self) -> UserError | None:
        """A saving failure not yet reported to the player, if any (reported once)."""
        error, self.writer.error = self.writer.error, None
        return error

    def schedule_inject(self, inject_id: str, week: int) -> bool:
        """The hub scheduled an inject for `week`: the game meets it at that week's start
        (at once, if that is now: then True). One the scenario does not have is ignored."""
        if not any(x.id == inject_id for x in self.scenario.injects):
            return False
        self.injects_due[inject_id] = week
        self._changed()
        return inject_id in self._sim.board.injected

    def end_week_as_it_stands(self) -> int:
        """End the current week as the player left it, every request waiting taking its
        default answer (a lockstep round's time ran out); the week ended."""
        week = self._sim.week
        with contextlib.suppress(DecisionError):
            while not self._sim.finished and self._sim.week == week:
                for request in self.view().pending:
                    self.answer(request.id, request.default)
                self.advance()
        return week

    def _meet_injects(self) -> None:
        """Meet every scheduled inject whose week has come, at the start of a week (a
        game that lost the hub meets one late rather than never)."""
        sim = self._sim
        if sim.finished or sim.week_started:
            return
        for inject_id, week in sorted(self.injects_due.items(), key=lambda kv: kv[1]):
            if week <= sim.week and inject_id not in sim.board.injected:
                sim.inject(inject_id)

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback` after each action is taken and logged (the log writer listens
        first, so the line is in the file)."""
        self._sim.listeners.append(lambda action: callback())

    def _changed(self) -> None:
        self._view = None
        if self.injects_due:
            self._meet_injects()


def look(sim: Simulation) -> PlayerView:
    """`sim.view()` without the side effect of the engine's forecast cache
    (`Simulation.look`): merely looking must not make the game differ from its log."""
    return sim.look()
