"""Undo (issue 12): the last decision or answer of the week is taken back exactly. The
game is replayed without it, so it stands as it was before, to the byte of its view and
its log; only while no day has passed since; a failure to rewrite the log changes
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsim.engine import decisions as d
from pmsim.errors import UserError
from pmsim.gamelog import LogError, read_log, replay
from pmsim.session.game import GameSession

SCENARIO, SEED = "portal-launch", 3


def saved(tmp_path: Path) -> GameSession:
    session = GameSession.new(SCENARIO, SEED, team="Red")
    session.start_log(tmp_path / "game.jsonl")
    return session


def test_undo_takes_back_the_last_decision_exactly(tmp_path: Path) -> None:
    session = saved(tmp_path)
    session.apply(d.SetReporting("detailed"))
    session.advance()
    while session.view().pending:
        request = session.view().pending[0]
        session.answer(request.id, request.default)
    before_view, before_log = session.view(), session.log_path.read_bytes()  # type: ignore[union-attr]
    before_journal = list(session.journal)
    session.apply(d.SetOvertime(1.1))
    session.apply(d.Crash(next(t.id for t in session.view().tasks
                               if t.can_crash_days > 0 and t.status != "done"), 1.0))
    assert session.undoable()
    assert session.undo().startswith("Crashed '")  # the last first, in words
    assert session.undo() == "Working hours set to 44 h a week."
    assert session.view() == before_view
    assert session.journal == before_journal
    assert session.log_path.read_bytes() == before_log  # type: ignore[union-attr]
    # the log goes on from there, and replays to the game in play
    session.apply(d.SetOvertime(1.2))
    assert list(read_log(session.log_path).actions) == list(session.actions)  # type: ignore[arg-type]
    assert replay(session.log_path).view() == session.view()  # type: ignore[arg-type]


def test_nothing_to_undo_once_the_week_has_gone_on(tmp_path: Path) -> None:
    session = saved(tmp_path)
    assert not session.undoable()
    with pytest.raises(UserError, match="nothing to undo"):
        session.undo()
    session.apply(d.SetReporting("detailed"))
    session.advance()
    assert not session.undoable()  # days have passed since: it stands


def test_a_log_that_cannot_be_rewritten_leaves_the_game_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = saved(tmp_path)
    session.apply(d.SetReporting("detailed"))
    view, log = session.view(), session.log_path.read_bytes()  # type: ignore[union-attr]

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pmsim.session.saves.os.replace", refuse)
    with pytest.raises(LogError, match="the game is as it was"):
        session.undo()
    assert session.view() == view and session.log_path.read_bytes() == log  # type: ignore[union-attr]
    assert not (tmp_path / "game.jsonl.new").exists()
    monkeypatch.undo()
    session.apply(d.SetOvertime(1.1))  # still saving
    assert list(read_log(session.log_path).actions) == list(session.actions)  # type: ignore[arg-type]


def test_an_undone_answer_puts_its_request_back(tmp_path: Path) -> None:
    session = saved(tmp_path)
    for _ in range(30):
        if session.view().pending:
            break
        session.advance()
    request = session.view().pending[0]
    other = next(o.id for o in request.options if o.id != request.default)
    session.answer(request.id, other)
    assert request.id not in [r.id for r in session.view().pending]
    session.undo()
    assert session.view().pending[0].id == request.id
    session.answer(request.id, request.default)  # answered anew, and saved so
    assert read_log(session.log_path).actions[-1]["option"] == request.default  # type: ignore[arg-type]


def test_an_unsaved_game_undoes_in_memory() -> None:
    session = GameSession.new(SCENARIO, SEED)
    before = session.view()
    session.apply(d.SetReporting("detailed"))
    assert session.undo() and session.view() == before and session.log_path is None
