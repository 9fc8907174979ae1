"""The game log: writing as the game goes, reading, replaying, and refusing bad logs."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from pmsim.cli import main
from pmsim.engine import decisions as d
from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import ENGINE_VERSION, Simulation
from pmsim.gamelog import GameLogWriter, LogError, chain_hash, read_log, replay
from pmsim.scenario import load_scenario
from pmsim.scenario.builtin import builtin_paths

SCENARIO_ID = "portal-launch"
SEED = 7
PLAN: dict[int, list[d.Decision]] = {
    1: [d.SetOvertime(1.2), d.SetReporting("detailed")],
    3: [d.MeetStakeholder("helen")],
    9: [d.SetOvertime(1.0)],
}
"""Decisions taken at the start of a week in the reference game."""


def play(sim: Simulation, plan: dict[int, list[d.Decision]] = PLAN, *,
         until_week: int | None = None, stop_at_request: bool = False) -> None:
    """Play on: the planned decisions at the start of their week, default answers."""
    planned: set[int] = set()
    while not sim.finished:
        if until_week is not None and sim.week >= until_week:
            return
        if sim.week not in planned:
            planned.add(sim.week)
            for decision in plan.get(sim.week, ()):
                sim.apply(decision)
        report = sim.advance()
        if stop_at_request and report.pending:
            return
        for request in report.pending:
            sim.answer(request.id, request.default)


def new_game(seed: int = SEED) -> Simulation:
    return Simulation(load_scenario(SCENARIO_ID), seed)


@pytest.fixture
def finished_log(tmp_path: Path) -> tuple[Simulation, Path]:
    """A whole reference game logged to its end line."""
    sim = new_game()
    path = tmp_path / "game.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, SCENARIO_ID, "Blue")
    play(sim)
    writer.finish(sim)
    return sim, path


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def rechain(lines: list[str]) -> list[str]:
    """Recompute every check code: a log that is well chained whatever its content."""
    out, prev = [], ""
    for line in lines:
        record = json.loads(line)
        record.pop("h", None)
        prev = chain_hash(prev, record)
        out.append(json.dumps({**record, "h": prev}) + "\n")
    return out


def refused(path: Path, capsys: pytest.CaptureFixture[str], *phrases: str) -> str:
    """Assert the log is refused by `replay` and by `pmsim replay` (exit 1, no traceback)."""
    with pytest.raises(LogError) as info:
        replay(path)
    message = str(info.value)
    for phrase in phrases:
        assert phrase in message
    capsys.readouterr()
    assert main(["replay", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("pmsim: ") and "Traceback" not in err
    assert err.count("\n") == 1  # one paragraph
    return message


# ---------------------------------------------------------------- round trips


def test_round_trip_gives_the_same_game(finished_log: tuple[Simulation, Path]) -> None:
    sim, path = finished_log
    replayed = replay(path)
    assert replayed.finished
    assert replayed.outcome().to_result() == sim.outcome().to_result()
    assert replayed.actions == sim.actions
    assert replayed.feed == sim.feed
    log = read_log(path)
    assert (log.seed, log.team, log.scenario_id) == (SEED, "Blue", SCENARIO_ID)
    assert log.scenario_hash == sim.scenario_hash
    assert log.result == sim.outcome().to_result()
    kinds = [a["decision"]["kind"] for a in log.actions if a["action"] == "apply"]
    assert kinds == ["overtime", "reporting", "meet", "overtime"]


def test_log_format(finished_log: tuple[Simulation, Path]) -> None:
    sim, path = finished_log
    records = [json.loads(line) for line in lines_of(path)]
    header = records[0]
    assert header["pmsim_log"] == 1 and header["scenario_path"] == SCENARIO_ID
    assert (header["seed"], header["engine"], header["team"]) == (SEED, ENGINE_VERSION, "Blue")
    assert [r["n"] for r in records[1:-1]] == list(range(len(sim.actions)))
    assert records[-1]["end"] is True
    assert all(re.fullmatch("[0-9a-f]{16}", r["h"]) for r in records)
    assert path.read_bytes().endswith(b"\n")


def test_unfinished_game_replays_to_the_same_week_and_requests(tmp_path: Path) -> None:
    sim = new_game()
    path = tmp_path / "saves" / "unfinished.jsonl"
    with GameLogWriter() as writer:
        writer.start(path, sim, SCENARIO_ID)
        play(sim, stop_at_request=True)
    assert not sim.finished
    replayed = replay(path)
    assert not replayed.finished
    assert (replayed.week, replayed.day()) == (sim.week, sim.day())
    assert list(replayed.pending) == list(sim.pending)
    assert sim.pending, "the reference game should stop at a request"
    assert replayed.ledger.money.actual_cost == sim.ledger.money.actual_cost


def test_replayed_game_goes_on_like_the_original(tmp_path: Path) -> None:
    """Save mid-game, replay, finish both: same outcome; `resume` extends the same log."""
    sim = new_game(11)
    path = tmp_path / "g.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, SCENARIO_ID)
    play(sim, until_week=6)
    writer.close()
    again = replay(path)
    resumed = GameLogWriter()
    resumed.resume(path, again)
    play(sim)
    play(again)
    resumed.finish(again)
    assert again.outcome().to_result() == sim.outcome().to_result()
    assert replay(path).actions == sim.actions


def test_every_action_is_on_disk_when_it_returns(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    sim = new_game()
    path = tmp_path / "g.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, SCENARIO_ID)
    checks = 0

    def check(action: dict[str, object]) -> None:
        nonlocal checks
        log = read_log(path)  # a fresh read of the file, as another process would see it
        assert list(log.actions) == sim.actions
        assert log.actions[-1] == action
        checks += 1

    sim.listeners.append(check)  # runs after the writer's listener
    play(sim, until_week=5)
    assert checks == len(sim.actions) > 5
    lines = len(lines_of(path))
    assert lines == len(sim.actions) + 1
    assert len(synced) >= lines  # one fsync per line (plus the folder's)
    writer.close()


def test_writer_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text("precious\n")
    with pytest.raises(LogError, match="already exists"):
        GameLogWriter().start(path, new_game(), SCENARIO_ID)
    assert path.read_text() == "precious\n"
    with GameLogWriter() as writer:
        writer.start(path, new_game(), SCENARIO_ID, overwrite=True)
    assert read_log(path).actions == ()


def test_writer_attached_late_records_earlier_actions(tmp_path: Path) -> None:
    sim = new_game()
    play(sim, until_week=3)
    path = tmp_path / "late.jsonl"
    with GameLogWriter() as writer:
        writer.start(path, sim, SCENARIO_ID)
        play(sim, until_week=5)
    assert list(read_log(path).actions) == sim.actions
    assert replay(path).week == sim.week


def test_writer_stops_listening_when_closed(tmp_path: Path) -> None:
    sim = new_game()
    writer = GameLogWriter()
    writer.start(tmp_path / "g.jsonl", sim, SCENARIO_ID)
    writer.close()
    assert sim.listeners == []
    with pytest.raises(ValueError, match="not over"):
        writer.finish(sim)


def test_refused_decisions_leave_no_trace(tmp_path: Path) -> None:
    """Decisions the engine refuses are not logged and change nothing, so the replay
    of a game full of refusals is the same game."""
    sim = new_game(3)
    path = tmp_path / "g.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, SCENARIO_ID)
    refusals = 0
    for decision in (d.MeetStakeholder("nobody"), d.SetOvertime(3.0), d.CutScope("nothing"),
                     d.Hire("nobody"), d.NegotiateDeadline(-4)):
        with pytest.raises(DecisionError):
            sim.apply(decision)
        refusals += 1
    play(sim)
    writer.finish(sim)
    assert refusals == 5
    assert replay(path).outcome().to_result() == sim.outcome().to_result()


def chaotic_game(path: Path, seed: int, look: bool) -> Simulation:
    """A game of random decisions (many refused) and random answers, logged; `look`
    also reads `view()` between actions, as the game's screens do."""
    scenario = load_scenario(SCENARIO_ID)
    choices: list[d.Decision] = [d.SetOvertime(x) for x in (1.0, 1.1, 1.2, 1.3, 1.5)]
    choices += [d.SetReporting(x) for x in ("none", "summary", "detailed")]
    for t in scenario.tasks:
        for p in scenario.team:
            choices += [d.Assign(p.id, t.id), d.Unassign(p.id, t.id)]
        choices += [d.Crash(t.id, 2.0), d.FastTrack(t.id)]
    choices += [d.Hire(c.id) for c in scenario.hire_pool]
    choices += [d.Release(p.id) for p in scenario.team]
    for s in scenario.scope:
        choices += [d.CutScope(s.id), d.DeferScope(s.id), d.RestoreScope(s.id),
                    d.NegotiateScope(s.id)]
    choices += [d.RespondToRisk(r.id, response) for r in scenario.risks for response in (
        "avoid", "mitigate", "transfer", "accept", "escalate", "exploit", "enhance", "share")]
    choices += [d.MeetStakeholder(h.id) for h in scenario.stakeholders]
    choices += [d.SteeringCommittee(), d.NegotiateDeadline(2), d.Recognise(), d.TeamEvent(),
                d.RaiseException(), d.DrawContingency(5000.0), d.RequestReserve(20000.0)]
    choices += [d.Train(p.id, skill) for p in scenario.team for skill in p.skills]
    rng = np.random.default_rng(seed)
    sim = Simulation(scenario, seed)
    writer = GameLogWriter()
    writer.start(path, sim, SCENARIO_ID)

    def maybe_look() -> None:
        if rng.random() < 0.5 and look:
            sim.view()

    while not sim.finished:
        for _ in range(rng.integers(0, 4)):
            with contextlib.suppress(DecisionError):
                sim.apply(choices[rng.integers(len(choices))])
            maybe_look()
        while sim.pending:
            request = next(iter(sim.pending.values()))
            try:
                sim.answer(request.id, request.options[rng.integers(len(request.options))].id)
            except DecisionError:
                sim.answer(request.id, request.default)
            maybe_look()
        if not sim.finished:
            sim.advance()
            maybe_look()
    writer.finish(sim)
    return sim


@pytest.mark.parametrize("seed", range(50, 60))
def test_chaotic_games_replay_exactly(tmp_path: Path, seed: int) -> None:
    sim = chaotic_game(tmp_path / "g.jsonl", seed, look=False)
    again = replay(tmp_path / "g.jsonl")
    assert again.outcome().to_result() == sim.outcome().to_result()
    assert again.ledger.money.actual_cost == sim.ledger.money.actual_cost


def test_looking_at_the_game_does_not_change_it(tmp_path: Path) -> None:
    diverged = []
    for seed in range(50, 58):
        sim = chaotic_game(tmp_path / f"{seed}.jsonl", seed, look=True)
        try:
            same = replay(tmp_path / f"{seed}.jsonl").outcome().to_result() == \
                sim.outcome().to_result()
        except LogError:
            same = False
        if not same:
            diverged.append(seed)
    assert diverged == []


# ---------------------------------------------------------------- refusals


def edit(path: Path, change: Callable[[list[str]], list[str]]) -> Path:
    path.write_text("".join(change(lines_of(path))), encoding="utf-8")
    return path


def test_truncated_mid_line(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    lines = lines_of(path)
    path.write_text("".join(lines[:9]) + lines[9][:20], encoding="utf-8")
    refused(path, capsys, "truncated", "line 10", "delete line 10")
    edit(path, lambda lines: lines[:-1])  # the advice works: the game up to there
    assert len(replay(path).actions) == 8


def test_truncated_header(tmp_path: Path, capsys) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"pmsim_log": 1, "engine": "1", "scen', encoding="utf-8")
    refused(path, capsys, "line 1", "interrupted")


def test_flipped_character(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [lines[0], lines[1].replace("1.2", "1.3"), *lines[2:]])
    refused(path, capsys, "tampered", "line 2")


def test_flipped_check_code(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    lines = lines_of(path)
    h = json.loads(lines[6])["h"]
    flipped = h[:-1] + ("0" if h[-1] != "0" else "1")
    edit(path, lambda lines: [*lines[:6], lines[6].replace(h, flipped), *lines[7:]])
    refused(path, capsys, "tampered", "line 7")


def test_deleted_line(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: lines[:4] + lines[5:])
    refused(path, capsys, "tampered", "line 5")


def test_swapped_lines(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [*lines[:5], lines[6], lines[5], *lines[7:]])
    refused(path, capsys, "tampered", "line 6")


def test_inserted_line(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [*lines[:8], lines[7], *lines[8:]])
    refused(path, capsys, "tampered", "line 9")


def test_deleted_end_line_is_an_unfinished_game(finished_log, capsys) -> None:
    """Dropping trailing lines cannot be told from a game saved earlier: it replays as
    the shorter, unfinished game (nothing is invented)."""
    _, path = finished_log
    edit(path, lambda lines: lines[:-3])
    assert not replay(path).finished


def test_line_after_the_end(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: rechain([*lines, lines[-2]]))
    refused(path, capsys, "after the end-of-game line")


def test_edited_seed_in_header(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [lines[0].replace(f'"seed": {SEED}', '"seed": 8'), *lines[1:]])
    refused(path, capsys, "edited in line 1")


def test_corrupt_json_line(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [*lines[:3], '{"n": 2, "action": \n', *lines[4:]])
    refused(path, capsys, "corrupt", "line 4")


def test_blank_line_inside(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [*lines[:3], "\n", *lines[3:]])
    refused(path, capsys, "line 4 is empty")


def test_malformed_action(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: rechain([*lines[:3], lines[3].replace('"action"', '"act"'),
                                      *lines[4:]]))
    refused(path, capsys, "malformed action on line 4")


def test_action_the_engine_refuses(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: rechain([lines[0], lines[1].replace("1.2", "9.5"), *lines[2:]]))
    refused(path, capsys, "refuses the action on line 2")


def test_unknown_decision_kind(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: rechain([lines[0], lines[1].replace('"overtime"', '"bribe"'),
                                      *lines[2:]]))
    refused(path, capsys, "line 2", "unknown decision kind")


def test_end_result_that_differs(finished_log: tuple[Simulation, Path], capsys) -> None:
    sim, path = finished_log
    score = sim.outcome().score
    edit(path, lambda lines: rechain([*lines[:-1], lines[-1].replace(
        f'"score": {score}', f'"score": {score + 100}')]))
    refused(path, capsys, f"final score of {score + 100}", f"gives score {score}")


def test_other_engine_version(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: rechain([re.sub(r'"engine": "[^"]*"', '"engine": "0-old"',
                                             lines[0]), *lines[1:]]))
    refused(path, capsys, "engine version 0-old")


def test_newer_log_format(finished_log: tuple[Simulation, Path], capsys) -> None:
    _, path = finished_log
    edit(path, lambda lines: [lines[0].replace('"pmsim_log": 1', '"pmsim_log": 2'),
                              *lines[1:]])
    refused(path, capsys, "format version 2")


@pytest.mark.parametrize(("content", "phrase"), [
    (b"", "is empty"),
    (b"\n  \n", "is empty"),
    (b"hello, this is a shopping list\nmilk\n", "is not a pmsim game log"),
    (b'{"game": "chess"}\n', "is not a pmsim game log"),
    (b'[1, 2, 3]\n', "is not a pmsim game log"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\xff\xfe caf\xe9\n", "not UTF-8"),
])
def test_files_that_are_not_logs(tmp_path: Path, capsys, content: bytes, phrase: str) -> None:
    path = tmp_path / "thing.jsonl"
    path.write_bytes(content)
    refused(path, capsys, phrase)


def test_missing_file_and_folder(tmp_path: Path, capsys) -> None:
    refused(tmp_path / "nope.jsonl", capsys, "does not exist")
    refused(tmp_path, capsys, "is a folder")


# ---------------------------------------------------------------- the scenario


def game_on_copied_scenario(tmp_path: Path) -> tuple[Simulation, Path, Path]:
    """A game on a trainer's own variant of the default scenario, saved in week 4."""
    scenario_file = tmp_path / "scenarios" / "workshop.toml"
    scenario_file.parent.mkdir()
    text = builtin_paths()[SCENARIO_ID].read_text(encoding="utf-8")
    scenario_file.write_text(text.replace("value = 150000", "value = 150500", 1),
                             encoding="utf-8")
    sim = Simulation(load_scenario(scenario_file), SEED)
    path = tmp_path / "logs" / "team-a.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, scenario_file, "A")
    play(sim, until_week=4)
    writer.close()
    return sim, path, scenario_file


def test_scenario_file_changed(tmp_path: Path, capsys) -> None:
    _, path, scenario_file = game_on_copied_scenario(tmp_path)
    assert read_log(path).scenario_path == str(scenario_file.resolve())
    text = scenario_file.read_text(encoding="utf-8")
    scenario_file.write_text(text.replace("value = 150500", "value = 151000", 1),
                             encoding="utf-8")
    refused(path, capsys, "the scenario file has changed since this game was played")
    with pytest.raises(LogError, match="changed since this game was played"):
        replay(path, load_scenario(scenario_file))


def test_scenario_file_gone(tmp_path: Path, capsys) -> None:
    _, path, scenario_file = game_on_copied_scenario(tmp_path)
    scenario_file.unlink()
    refused(path, capsys, "cannot be found", "--scenario")


def test_scenario_file_gone_but_built_in_is_the_same(tmp_path: Path) -> None:
    """A game started from a copy of a built-in replays on the built-in once the copy is
    gone, because the content hash proves they are the same scenario."""
    scenario_file = tmp_path / "copy.toml"
    shutil.copy(builtin_paths()[SCENARIO_ID], scenario_file)
    sim = Simulation(load_scenario(scenario_file), SEED)
    with GameLogWriter() as writer:
        writer.start(tmp_path / "logs" / "g.jsonl", sim, scenario_file)
        play(sim, until_week=3)
    scenario_file.unlink()
    assert replay(tmp_path / "logs" / "g.jsonl").week == sim.week


def test_scenario_file_broken(tmp_path: Path, capsys) -> None:
    _, path, scenario_file = game_on_copied_scenario(tmp_path)
    scenario_file.write_text("this is = = not toml", encoding="utf-8")
    refused(path, capsys, "no longer loads")


def test_scenario_found_beside_the_moved_log(tmp_path: Path) -> None:
    """A trainer collects logs and the scenario into one folder: it still replays."""
    sim, path, scenario_file = game_on_copied_scenario(tmp_path)
    inbox = tmp_path / "collected"
    inbox.mkdir()
    shutil.move(path, inbox / path.name)
    shutil.move(scenario_file, inbox / scenario_file.name)
    assert replay(inbox / path.name).week == sim.week


def test_scenario_named_on_the_command_line(tmp_path: Path, capsys) -> None:
    sim, path, scenario_file = game_on_copied_scenario(tmp_path)
    elsewhere = tmp_path / "elsewhere.toml"
    shutil.move(scenario_file, elsewhere)
    assert main(["replay", str(path), "--json", "--scenario", str(elsewhere)]) == 0
    assert json.loads(capsys.readouterr().out) == {"finished": False, "week": sim.week}


# ---------------------------------------------------------------- pmsim replay


def test_cli_replay_prints_the_outcome(finished_log, capsys) -> None:
    sim, path = finished_log
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    outcome = sim.outcome()
    assert str(outcome.score) in out and outcome.outcome in out.lower()
    for dim in outcome.dimensions:
        assert dim.sentence in out


def test_cli_replay_json(finished_log, capsys) -> None:
    sim, path = finished_log
    assert main(["replay", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == sim.outcome().to_result()
    assert out.count("\n") == 1


def test_cli_replay_unfinished(tmp_path: Path, capsys) -> None:
    sim = new_game()
    path = tmp_path / "g.jsonl"
    with GameLogWriter() as writer:
        writer.start(path, sim, SCENARIO_ID)
        play(sim, until_week=5)
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "unfinished" in out and f"week {sim.week}" in out
    assert main(["replay", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"finished": False, "week": sim.week}


def test_cli_replay_in_a_fresh_process_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_bytes(b'{"pmsim_log": 1, "eng')
    run = subprocess.run([sys.executable, "-m", "pmsim", "replay", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and run.stderr.startswith("pmsim: ")


def test_gamelog_imports_no_user_interface() -> None:
    code = "import sys, pmsim.gamelog; print('textual' in sys.modules or 'rich' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.stdout.strip() == "False", run.stderr


def test_a_failing_disk_stops_the_log_not_the_game(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    sim = new_game()
    path = tmp_path / "g.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, SCENARIO_ID)
    play(sim, until_week=3)

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    play(sim)  # the game goes on
    monkeypatch.undo()
    assert sim.finished and writer.error is not None
    assert "No space left" in str(writer.error)
    with pytest.raises(LogError, match="no longer saved"):
        writer.finish(sim)
    assert not replay(path).finished  # what was saved is still a valid log


def test_byte_order_mark_and_windows_line_ends_are_harmless(finished_log) -> None:
    sim, path = finished_log
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert replay(path).outcome().to_result() == sim.outcome().to_result()


def test_header_only_log_is_a_game_not_started(tmp_path: Path, capsys) -> None:
    path = tmp_path / "g.jsonl"
    with GameLogWriter() as writer:
        writer.start(path, new_game(), SCENARIO_ID)
    assert replay(path).week == 1
    assert main(["replay", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"finished": False, "week": 1}
