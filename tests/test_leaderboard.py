"""The leaderboard: every entry verified by replaying its stored log; tampered logs and
edited rows flagged and left out; stable JSON; deterministic luck-adjusted numbers.

The games are bot games of `tests/data/minimal.toml` (a millisecond each); on seed 3
the cautious and passive bots happen to tie, which exercises shared ranks.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.gamelog import GameLogWriter, chain_hash
from pmsim.policies import get_policy, play_game
from pmsim.policies.adversarial import policy_by_name
from pmsim.results import build_leaderboard, create_workshop, luck_report, record_game
from pmsim.results import luck_baseline as luck_module
from pmsim.results import verify as verify_module
from pmsim.results.luck_baseline import cached_luck, kinder_than, reference_seeds
from pmsim.results.store import ResultsStore
from pmsim.scenario import load_scenario

MINIMAL = str((Path(__file__).parent / "data" / "minimal.toml").resolve())
SEED = 3
TEAMS = {"Blue": "cautious", "Green": "repeat-reporting", "Red": "reckless", "Gold": "random"}
"""Green is the cautious bot re-setting its own reporting level every week: different
decisions, the same game, so Blue and Green tie exactly."""
LUCK_RUNS = 20


def play_logged(path: Path, seed: int, team: str, policy: str) -> Path:
    writer = GameLogWriter()
    sim = play_game(load_scenario(MINIMAL), seed, policy_by_name(policy),
                    on_start=lambda s: writer.start(path, s, MINIMAL, team))
    writer.finish(sim)
    return path


def bot_score(policy: str, seed: int) -> int:
    return play_game(load_scenario(MINIMAL), seed, policy_by_name(policy)).outcome().score


@pytest.fixture
def workshop(tmp_path: Path) -> tuple[Path, str]:
    """A store with a workshop on the minimal scenario, seed 3, and four teams' games."""
    db = tmp_path / "results.sqlite"
    code = create_workshop(db, MINIMAL, seed=SEED, name="test").code
    for team, policy in TEAMS.items():
        record_game(db, play_logged(tmp_path / f"{team}.jsonl", SEED, team, policy), code)
    return db, code


def edit(db: Path, sql: str, *params: object) -> None:
    """Change the store as someone with an SQLite editor would."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(sql, params)
    conn.close()


def stored_log(db: Path, team: str) -> str:
    conn = sqlite3.connect(db)
    (text,) = conn.execute("SELECT log_text FROM games WHERE team = ?", (team,)).fetchone()
    conn.close()
    return text


def rechained(text: str, change: dict[int, dict[str, object]]) -> str:
    """The log with some lines' fields changed and every check code recomputed, as a
    cheater who read the log format would do it (there is no secret key)."""
    lines, prev, out = text.splitlines(), "", []
    for number, line in enumerate(lines):
        record = json.loads(line)
        record.pop("h")
        for key, value in change.get(number, {}).items():
            if isinstance(value, dict):
                record[key] = {**record[key], **value}
            else:
                record[key] = value
        prev = chain_hash(prev, record)
        out.append(json.dumps({**record, "h": prev}))
    return "\n".join(out) + "\n"


def verdicts(board) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e.game.team: e.reason for e in board.flagged}


# ---------------------------------------------------------------- ranking


def test_verified_ranking_with_shared_ranks_and_repeats(workshop: tuple[Path, str],
                                                        tmp_path: Path) -> None:
    db, code = workshop
    record_game(db, play_logged(tmp_path / "again.jsonl", SEED, "blue ", "reckless"), code)
    board = build_leaderboard(db, workshop=code, luck=False)
    scores = {team: bot_score(policy, SEED) for team, policy in TEAMS.items()}
    assert scores["Blue"] == scores["Green"]  # the tie this test relies on
    ranked = [(e.rank, e.game.team, e.game.score) for e in board.ranked]
    assert ranked == [(1, "Blue", scores["Blue"]), (1, "Green", scores["Green"]),
                      (3, "Gold", scores["Gold"]), (4, "Red", scores["Red"])]
    assert [e.game.team for e in board.repeats] == ["blue "]
    assert board.flagged == () and board.rank_by == "score"
    assert [e.margin for e in board.ranked] == [None] * 4


def test_games_without_a_team_name_are_not_repeats_of_each_other(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    code = create_workshop(db, MINIMAL, seed=SEED).code
    for policy in ("reckless", "random"):
        record_game(db, play_logged(tmp_path / f"{policy}.jsonl", SEED, "", policy), code)
    board = build_leaderboard(db, workshop=code, luck=False)
    assert len(board.ranked) == 2 and board.repeats == ()


def test_a_tampered_log_is_flagged_and_left_out(workshop: tuple[Path, str]) -> None:
    db, code = workshop
    text = stored_log(db, "Red")
    score = bot_score("reckless", SEED)
    lines = text.splitlines(keepends=True)
    assert f'"score": {score}' in lines[-1]
    lines[-1] = lines[-1].replace(f'"score": {score}', '"score": 999')  # the end line
    edit(db, "UPDATE games SET log_text = ? WHERE team = 'Red'", "".join(lines))
    board = build_leaderboard(db, workshop=code, luck=False)
    assert verdicts(board)["Red"].startswith(
        f"its log has been tampered with: line {len(lines)} does not follow")
    assert "Red" not in [e.game.team for e in board.ranked]
    assert [e.rank for e in board.ranked] == [1, 1, 3]


def test_a_cleverly_tampered_log_with_its_score_is_flagged(
        workshop: tuple[Path, str]) -> None:
    """The end line and the row both claim 999, the check codes recomputed: only the
    replay can tell."""
    db, code = workshop
    text = stored_log(db, "Gold")
    last = len(text.splitlines()) - 1
    forged = rechained(text, {last: {"result": {"score": 999}}})
    edit(db, "UPDATE games SET log_text = ?, score = 999 WHERE team = 'Gold'", forged)
    board = build_leaderboard(db, workshop=code, luck=False)
    reason = verdicts(board)["Gold"]
    true = play_game(load_scenario(MINIMAL), SEED, get_policy("random")).outcome()
    assert reason == (f"its log's end line claims 999 points ({true.outcome}) but replaying "
                      f"its actions gives {true.score} ({true.outcome}): the log was edited")


def test_an_edited_score_is_flagged(workshop: tuple[Path, str]) -> None:
    db, code = workshop
    true = play_game(load_scenario(MINIMAL), SEED, get_policy("reckless")).outcome()
    edit(db, "UPDATE games SET score = 990 WHERE team = 'Red'")
    board = build_leaderboard(db, workshop=code, luck=False)
    assert verdicts(board) == {"Red": f"the store records 990 points ({true.outcome}) but "
                               f"its log replays to {true.score} ({true.outcome}): the score "
                               "was edited"}
    assert [e.game.team for e in board.ranked] == ["Blue", "Green", "Gold"]


@pytest.mark.parametrize(("sql", "expected"), [
    ("UPDATE games SET dimensions = replace(dimensions, '\"points\": 200', "
     "'\"points\": 199') WHERE team = 'Red'", "dimensions were edited"),
    ("UPDATE games SET team = 'Purple' WHERE team = 'Red'", "team 'Purple'"),
    ("UPDATE games SET log_text = char(65279) || log_text WHERE team = 'Red'",
     "changed after the game was recorded"),
], ids=["dimensions", "team", "log-text"])
def test_other_edits_are_flagged(workshop: tuple[Path, str], sql: str, expected: str) -> None:
    db, code = workshop
    edit(db, sql)
    board = build_leaderboard(db, workshop=code, luck=False)
    (reason,) = verdicts(board).values()
    assert expected in reason


def test_a_game_of_another_seed_moved_into_the_workshop_is_flagged(
        workshop: tuple[Path, str], tmp_path: Path) -> None:
    db, code = workshop
    record_game(db, play_logged(tmp_path / "late.jsonl", SEED + 1, "Late", "cautious"))
    edit(db, "UPDATE games SET workshop_code = ?, seed = ? WHERE team = 'Late'", code, SEED)
    board = build_leaderboard(db, workshop=code, luck=False)
    assert verdicts(board)["Late"] == ("the store says seed 3 but its log says 4 (the "
                                       "database was edited)")
    edit(db, "UPDATE games SET seed = 4 WHERE team = 'Late'")
    board = build_leaderboard(db, workshop=code, luck=False)
    assert verdicts(board)["Late"] == ("it was played with seed 4, not the seed of workshop "
                                       f"{code[:3]}-{code[3:]} ({SEED})")


def test_verification_over_a_process_pool_agrees(workshop: tuple[Path, str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db, code = workshop
    edit(db, "UPDATE games SET score = 1 WHERE team = 'Green'")
    sequential = build_leaderboard(db, workshop=code, luck=False, jobs=1)
    monkeypatch.setattr(verify_module, "POOL_FROM", 1)
    steps: list[tuple[str, int, int]] = []
    pooled = build_leaderboard(db, workshop=code, luck=False, jobs=2,
                               progress=lambda *step: steps.append(step))
    assert pooled == sequential
    assert steps[0] == ("verifying", 0, 4) and steps[-1] == ("verifying", 4, 4)


# ---------------------------------------------------------------- JSON and the CLI


def test_leaderboard_json_is_stable(workshop: tuple[Path, str],
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db, code = workshop
    monkeypatch.setattr(luck_module, "REFERENCE_RUNS", LUCK_RUNS)
    edit(db, "UPDATE games SET score = 990 WHERE team = 'Red'")
    args = ["leaderboard", "--workshop", code, "--json", "--db", str(db), "--jobs", "1"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0  # the second time the bot scores come from the cache
    assert capsys.readouterr().out == first
    board = json.loads(first)
    assert list(board) == ["workshop", "scenario", "seed", "rank_by", "dimensions", "luck",
                           "ranking", "repeats", "flagged", "same_decisions"]
    baseline = bot_score("cautious", SEED)
    assert board["luck"] == [json.loads(json.dumps({
        "seed": SEED, **luck_report(MINIMAL, SEED, db, runs=LUCK_RUNS).to_json()}))]
    assert board["luck"][0]["baseline_score"] == baseline
    assert [(r["rank"], r["team"]) for r in board["ranking"]] == [
        (1, "Blue"), (1, "Green"), (3, "Gold")]
    for row in board["ranking"]:
        assert list(row) == ["rank", "team", "game_id", "seed", "score", "outcome",
                             "dimensions", "margin", "kinder_than", "played", "recorded"]
        assert row["margin"] == row["score"] - baseline
        assert sum(row["dimensions"].values()) == row["score"]
    assert [(f["team"], f["recorded_score"]) for f in board["flagged"]] == [("Red", 990)]
    assert board["workshop"]["code"] == f"{code[:3]}-{code[3:]}"


def test_cli_table_shows_margins_luck_and_the_flagged_entry(
        workshop: tuple[Path, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db, code = workshop
    monkeypatch.setattr(luck_module, "REFERENCE_RUNS", LUCK_RUNS)
    monkeypatch.setenv("COLUMNS", "160")
    edit(db, "UPDATE games SET score = 990 WHERE team = 'Red'")
    assert main(["leaderboard", "--workshop", code, "--db", str(db), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "vs bot" in out and "±0" in out  # Blue is the cautious bot
    # one seed for every team: its luck is said once, above the table, not on each row
    assert out.count("%") == 1 and "harsher than in" in out  # said once, above the table
    assert "FLAGGED" in out and "Red (game #3, recorded 990 points)" in out
    assert main(["leaderboard", "--db", str(db)]) == 1
    assert "--workshop CODE" in capsys.readouterr().err


# ---------------------------------------------------------------- luck


def test_kinder_than_counts_ties_half() -> None:
    assert kinder_than(50, [10, 20, 50, 60]) == 62.5  # (2 + 0.5) / 4
    assert kinder_than(5, [10, 20]) == 0.0
    assert reference_seeds(3, 5) == [0, 1, 2, 4, 5]
    assert reference_seeds(900, 3) == [0, 1, 2]


def test_luck_numbers_are_deterministic_and_cached(tmp_path: Path) -> None:
    runs = 30
    steps: list[tuple[int, int]] = []
    first = luck_report(MINIMAL, SEED, tmp_path / "a.sqlite", runs=runs,
                        progress=lambda done, total: steps.append((done, total)))
    assert steps[0] == (0, runs + 1) and steps[-1] == (runs + 1, runs + 1)
    # another store, the reference batch over two worker processes: the same numbers
    assert luck_report(MINIMAL, SEED, tmp_path / "b.sqlite", runs=runs, jobs=2) == first
    others = [bot_score("cautious", s) for s in reference_seeds(SEED, runs)]
    assert first.baseline_score == bot_score("cautious", SEED)
    assert first.kinder_than == kinder_than(first.baseline_score, others)
    assert first.reference_mean == round(sum(others) / runs, 2)
    # cached: nothing to play again; a far seed costs its own game only
    steps.clear()
    assert luck_report(MINIMAL, SEED, tmp_path / "a.sqlite", runs=runs,
                       progress=lambda d, t: steps.append((d, t))) == first
    assert steps == [(0, 0)]
    assert cached_luck(MINIMAL, SEED, tmp_path / "a.sqlite", runs=runs) == first
    assert cached_luck(MINIMAL, 5000, tmp_path / "a.sqlite", runs=runs) is None
    steps.clear()
    far = luck_report(MINIMAL, 5000, tmp_path / "a.sqlite", runs=runs,
                      progress=lambda d, t: steps.append((d, t)))
    assert steps[-1] == (1, 1) and far.baseline_score == bot_score("cautious", 5000)
    with ResultsStore(tmp_path / "a.sqlite") as store:
        assert store.integrity_check() == "ok"


def test_luck_sentences() -> None:
    report = luck_module.LuckReport("minimal", "h", 3, "3", "cautious", baseline_score=700,
                                    kinder_than=69.6, reference_runs=200,
                                    reference_mean=650.0)
    assert report.explain(785) == (
        "Your decisions were worth +85 points over a sensible PM facing the same luck "
        "(who scored 700). The dice were kinder than in 70% of games.")
    assert report.skill_sentence(660).startswith("Your decisions were worth −40 points "
                                                 "against a sensible PM")
    low = luck_module.LuckReport("minimal", "h", 3, "3", "cautious", 700, 20.0, 200, 650.0)
    assert low.luck_sentence() == "The dice were harsher than in 80% of games."
    lucky = luck_module.LuckReport("minimal", "h", 3, "3", "cautious", 700, 99.8, 200, 650.0)
    assert lucky.luck_sentence() == "The dice were kinder than in 99% of games."


def test_every_seed_of_a_scenario_is_ranked_by_margin(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    record_game(db, play_logged(tmp_path / "a.jsonl", 2, "Hard seed", "cautious"))
    record_game(db, play_logged(tmp_path / "b.jsonl", 5, "Easy seed", "reckless"))
    board = build_leaderboard(db, scenario=MINIMAL, luck_runs=LUCK_RUNS)
    assert board.rank_by == "margin" and board.seed is None
    margins = {e.game.team: e.margin for e in board.ranked}
    assert margins == {"Hard seed": 0, "Easy seed": bot_score("reckless", 5)
                       - bot_score("cautious", 5)}
    assert board.ranked[0].game.team == "Hard seed"
    assert {r.seed for r in board.luck} == {2, 5}
    one_seed = build_leaderboard(db, scenario=MINIMAL, seed=5, luck=False)
    assert [e.game.team for e in one_seed.ranked] == ["Easy seed"]


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_cli_table_never_cuts_a_number(workshop: tuple[Path, str], columns: int,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db, code = workshop
    monkeypatch.setattr(luck_module, "REFERENCE_RUNS", LUCK_RUNS)
    monkeypatch.setenv("COLUMNS", str(columns))
    board = build_leaderboard(db, workshop=code, luck=True, jobs=1)
    assert main(["leaderboard", "--workshop", code, "--db", str(db), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= columns
    rows = {line.split()[1]: line for line in out.splitlines()
            if line.split() and line.split()[0].isdigit() and "ranked" not in line}
    assert set(rows) == {e.game.team for e in board.ranked}
    for entry in board.ranked:
        words = rows[entry.game.team].split()
        assert words[2] == str(entry.game.score)  # whole, never "6…"
        assert "…" not in rows[entry.game.team]
    if columns >= 200:
        assert "Left out" not in out and "vs bot" in out and "qual" in out
    else:
        assert f"Left out at {columns} columns:" in out and "--json" in out
