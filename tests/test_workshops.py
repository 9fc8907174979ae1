"""Workshop codes: easy to read, round trip through the store, fix scenario and seed, and
(portable codes) work on a computer that has never seen the workshop."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.errors import UserError
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, play_game
from pmsim.results import (
    create_workshop,
    format_code,
    normalise_code,
    record_game,
    resolve_workshop,
    workshop_games,
)
from pmsim.results import luck_baseline as luck_module
from pmsim.results.luck_baseline import cached_luck
from pmsim.results.workshop_codes import (
    CODE_ALPHABET,
    FINGERPRINTS,
    PORTABLE_SEED_LIMIT,
    STORE_CODE_LENGTH,
    decode_portable,
    encode_portable,
    new_code,
    scenario_fingerprint,
    store_only_reason,
)
from pmsim.scenario import builtin_paths, load_scenario, scenario_hash

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"


def play_logged(path: Path, scenario_ref: str, seed: int, team: str,
                policy: str = "cautious") -> Path:
    """A finished bot game, logged as the game would log it."""
    writer = GameLogWriter()
    sim = play_game(load_scenario(scenario_ref), seed, get_policy(policy),
                    on_start=lambda s: writer.start(path, s, scenario_ref, team))
    writer.finish(sim)
    return path


def test_codes_avoid_look_alike_characters() -> None:
    assert not set("0O1IL") & set(CODE_ALPHABET)
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == STORE_CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert re.fullmatch(r"[2-9A-Z]{3}-[2-9A-Z]{3}", format_code(code))
    portable = encode_portable(1234, 567)
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}", format_code(portable))
    assert set(portable) <= set(CODE_ALPHABET)


@pytest.mark.parametrize(("fingerprint", "seed"), [
    (0, 0), (FINGERPRINTS - 1, PORTABLE_SEED_LIMIT - 1), (4711, 2025), (17, 999_999)])
def test_a_portable_code_carries_its_fingerprint_and_seed(fingerprint: int, seed: int) -> None:
    code = encode_portable(fingerprint, seed)
    assert decode_portable(normalise_code(format_code(code).lower())) == (fingerprint, seed)


def test_the_check_character_catches_one_wrong_character_and_swapped_neighbours() -> None:
    code = encode_portable(4711, 2025)
    typos = [code[:i] + ch + code[i + 1:] for i in range(len(code)) for ch in CODE_ALPHABET
             if ch != code[i]]
    typos += [code[:i] + code[i + 1] + code[i] + code[i + 2:] for i in range(len(code) - 1)
              if code[i] != code[i + 1]]
    for typo in typos:
        with pytest.raises(UserError, match="check character does not match"):
            normalise_code(typo)


def test_every_built_in_scenario_has_its_own_fingerprint() -> None:
    prints = {scenario_fingerprint(scenario_hash(load_scenario(s))) for s in builtin_paths()}
    assert len(prints) == len(builtin_paths())


def test_typed_codes_are_read_leniently() -> None:
    assert normalise_code("k7m-q4p") == "K7MQ4P"  # a store code
    assert normalise_code(" K7M Q4P ") == "K7MQ4P"
    code = encode_portable(4711, 2025)
    assert normalise_code(" " + format_code(code).lower().replace("-", " ") + " ") == code
    with pytest.raises(UserError, match=r"^'K7M-Q4O' is not a workshop code: 'O' never "
                       r"appears in a code \(codes have no 0, O, 1, I or L\)\. Check it"):
        normalise_code("K7M-Q4O")
    with pytest.raises(UserError, match="'0' and 'O' never appear in a code"):
        normalise_code("K7M-Q0O")
    with pytest.raises(UserError, match="a code has 10 letters and digits, such as "
                       r"K7QX-M3RT-AC \(or 6 for a workshop on a scenario file, such as "
                       r"K7M-Q4P\), and this has 3"):
        normalise_code("K7M")


def test_workshop_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, str(MINIMAL), seed=42, name="Monday group")
    ref, seed, name = resolve_workshop(format_code(workshop.code).lower(), db)
    assert (ref, seed, name) == (str(MINIMAL.resolve()), 42, "Monday group")
    assert load_scenario(ref).meta.id == "minimal"
    # the game started from the workshop is recorded for it and listed by `show`
    log = play_logged(tmp_path / "blue.jsonl", ref, seed, "Blue")
    recorded = record_game(db, log, workshop_code=workshop.code)
    assert recorded.workshop_code == workshop.code
    again, games = workshop_games(db, workshop.code)
    assert again == workshop
    assert [(g.team, g.score, g.workshop_code) for g in games] == [
        ("Blue", recorded.score, workshop.code)]


def test_a_drawn_seed_is_short_and_stored(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, "portal-launch")
    assert 0 <= workshop.seed < 1_000_000
    assert resolve_workshop(workshop.code, db) == ("portal-launch", workshop.seed, "")


def test_unknown_code_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    create_workshop(db, str(MINIMAL), seed=1)
    with pytest.raises(UserError, match="there is no workshop ZZZ-ZZZ"):
        resolve_workshop("ZZZ-ZZZ", db)


def test_a_scenario_changed_since_the_workshop_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "minimal.toml"
    shutil.copy(MINIMAL, scenario)
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, str(scenario), seed=3)
    scenario.write_text(scenario.read_text().replace("likely = 10", "likely = 11"))
    with pytest.raises(UserError, match="has changed since the workshop was created"):
        resolve_workshop(workshop.code, db)


def test_a_game_of_another_seed_cannot_be_recorded_for_the_workshop(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, str(MINIMAL), seed=3)
    log = play_logged(tmp_path / "other.jsonl", str(MINIMAL), 4, "Sneaky")
    with pytest.raises(UserError, match="cannot count for workshop"):
        record_game(db, log, workshop_code=workshop.code)


def test_cli_workshop_new_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "results.sqlite")
    assert main(["workshop", "new", "--scenario", str(MINIMAL), "--seed", "9",
                 "--name", "Day 1", "--db", db, "--no-luck"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Workshop code: (\S+)", out).group(1)  # type: ignore[union-attr]
    assert len(code) == 7  # a store code: the scenario is not built in
    assert "works only with this results store, because its scenario is not one of" in out
    assert f"pmsim play --workshop {code} --team NAME --db {db}" in out
    assert f"pmsim serve --host 0.0.0.0 -- --workshop {code} --db {db}" in out
    assert "pmsim play FILE --seed 9 --team NAME" in out
    assert f"pmsim record LOGS… --workshop {code} --db {db}" in out
    assert "--no-luck" in out
    assert main(["workshop", "show", code, "--db", db]) == 0
    assert "No games recorded yet" in capsys.readouterr().out
    log = play_logged(tmp_path / "g.jsonl", str(MINIMAL.resolve()), 9, "Green")
    assert main(["record", str(log), "--workshop", code, "--db", db]) == 0
    assert f"for workshop {code}" in capsys.readouterr().out
    assert main(["workshop", "show", code, "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["code"], shown["name"], shown["scenario"], shown["seed"]) == (
        code, "Day 1", "minimal", 9)
    assert shown["in_store"] is True
    assert [g["team"] for g in shown["games"]] == ["Green"]
    assert main(["workshop", "list", "--db", db]) == 0
    assert code in capsys.readouterr().out


def test_cli_workshop_new_computes_the_luck_baseline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(luck_module, "REFERENCE_RUNS", 6)
    db = tmp_path / "results.sqlite"
    assert cached_luck(str(MINIMAL), 9, db) is None
    assert main(["workshop", "new", "--scenario", str(MINIMAL), "--seed", "9", "--db",
                 str(db), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    report = cached_luck(str(MINIMAL), 9, db)
    assert report is not None  # the debriefs find every bot game cached
    assert (f"Luck baseline ready for the debriefs: the cautious bot scored "
            f"{report.baseline_score} on this seed.") in out


def test_a_portable_code_works_without_the_store_that_made_it(tmp_path: Path) -> None:
    trainer, laptop = tmp_path / "trainer.sqlite", tmp_path / "laptop.sqlite"
    workshop = create_workshop(trainer, "tutorial", seed=2025, name="Tuesday")
    assert len(workshop.code) == 10 and workshop.code == encode_portable(
        scenario_fingerprint(workshop.scenario_hash), 2025)
    # a team's own computer has never heard of it, and still plays the same game
    assert resolve_workshop(format_code(workshop.code).lower(), laptop) == (
        "tutorial", 2025, "")
    log = play_logged(tmp_path / "t.jsonl", "tutorial", 2025, "Teal")
    on_laptop = record_game(laptop, log, workshop_code=workshop.code)
    assert on_laptop.workshop_code == workshop.code
    adopted, games = workshop_games(laptop, workshop.code)
    assert adopted.stored and adopted.name == "" and [g.team for g in games] == ["Teal"]
    # the trainer records the handed-in log against the named workshop
    on_trainer = record_game(trainer, log, workshop_code=workshop.code)
    assert on_trainer.score == on_laptop.score
    named, games = workshop_games(trainer, workshop.code)
    assert named.name == "Tuesday" and [g.team for g in games] == ["Teal"]


def test_the_same_scenario_and_seed_give_the_same_code(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    first = create_workshop(db, "tutorial", seed=7, name="Monday")
    again = create_workshop(db, "tutorial", seed=7, name="Tuesday")
    assert again == first and again.name == "Monday"
    assert create_workshop(db, "office-move", seed=7).code != first.code


def test_a_seed_too_big_for_a_portable_code_gets_a_store_code(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, "tutorial", seed=PORTABLE_SEED_LIMIT)
    assert len(workshop.code) == STORE_CODE_LENGTH
    assert store_only_reason(workshop.scenario_hash, workshop.seed).startswith(
        "its seed, 1073741824, is too big")
    assert resolve_workshop(workshop.code, db) == ("tutorial", PORTABLE_SEED_LIMIT, "")
    with pytest.raises(UserError, match="A six-character code works only with the store"):
        resolve_workshop(workshop.code, tmp_path / "elsewhere.sqlite")


def test_a_code_for_a_scenario_this_pmsim_lacks_is_explained(tmp_path: Path) -> None:
    used = {scenario_fingerprint(scenario_hash(load_scenario(s))) for s in builtin_paths()}
    stranger = next(f for f in range(FINGERPRINTS) if f not in used)
    code = format_code(encode_portable(stranger, 5))
    with pytest.raises(UserError, match=rf"^workshop {code} was made for a scenario this "
                       r"pmsim does not have .*pmsim --version"):
        resolve_workshop(code, tmp_path / "results.sqlite")


def test_cli_unknown_code_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "results.sqlite")
    assert main(["workshop", "new", "--scenario", str(MINIMAL), "--db", db]) == 0
    capsys.readouterr()
    assert main(["workshop", "show", "ABC-DEF", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pmsim: there is no workshop ABC-DEF") and err.count("\n") == 1
    assert main(["workshop", "show", "ABC-DEF", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "no results store" in capsys.readouterr().err


# ---------------------------------------------------------------- taking games out


@pytest.fixture
def room(tmp_path: Path) -> tuple[str, str, dict[str, int]]:
    """A store with a workshop on the minimal scenario, seed 9, and three teams' games:
    (db, shown code, team → game id)."""
    db = str(tmp_path / "results.sqlite")
    code = create_workshop(db, str(MINIMAL), seed=9, name="Day 1").code
    ids = {}
    for team, policy in (("Test", "reckless"), ("Blue", "cautious"), ("Green", "passive")):
        log = play_logged(tmp_path / f"{team}.jsonl", str(MINIMAL), 9, team, policy)
        ids[team] = record_game(db, log, workshop_code=code).id
    return db, format_code(code), ids


def counted(db: str, code: str) -> list[str]:
    """The teams a workshop's leaderboard ranks (verified by replay)."""
    from pmsim.results import build_leaderboard

    return sorted(e.game.team for e in build_leaderboard(db, workshop=code, luck=False).ranked)


def test_a_dropped_game_leaves_the_workshop_but_stays_in_the_store(
        room: tuple[str, str, dict[str, int]], capsys: pytest.CaptureFixture[str]) -> None:
    from pmsim.report.workshop_summary import summarise_workshop
    from pmsim.results import build_leaderboard

    db, code, ids = room
    test = ids["Test"]
    score = next(g.score for g in workshop_games(db, code)[1] if g.team == "Test")
    assert main(["workshop", "drop", code.lower(), str(test), "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Took game #{test} (team Test, {score} points) out of workshop "
                          f"{code}; it stays in the store.\n")
    assert f"`pmsim workshop undrop {code} {test} --db {db}` puts it back" in out
    # no longer counted: leaderboard, show, list and the facilitator's summary
    assert counted(db, code) == ["Blue", "Green"]
    assert [g.team for g in workshop_games(db, code)[1]] == ["Blue", "Green"]
    summary = summarise_workshop(code, db, luck=False)
    assert sorted(row.team for row in summary.ranked) == ["Blue", "Green"]
    assert main(["workshop", "show", code, "--db", db]) == 0
    out = capsys.readouterr().out
    assert "2 games recorded" in out and f"(game #{test})" not in out
    assert (f"1 game taken out (kept in the store, not counted): #{test} (team Test) — "
            f"`pmsim workshop undrop {code} GAME_ID` puts one back.") in out
    assert main(["workshop", "show", code, "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [g["team"] for g in shown["games"]] == ["Blue", "Green"]
    assert [g["game_id"] for g in shown["taken_out"]] == [test]
    assert main(["workshop", "list", "--db", db]) == 0
    assert "seed 9, 2 games" in capsys.readouterr().out
    # still in the store, and verified by replay on its scenario's and seed's leaderboard
    board = build_leaderboard(db, scenario=str(MINIMAL), seed=9, luck=False)
    assert sorted(e.game.team for e in board.ranked) == ["Blue", "Green", "Test"]
    assert not board.flagged
    assert main(["leaderboard", "--scenario", str(MINIMAL), "--seed", "9", "--no-luck",
                 "--db", db]) == 0
    assert "Test" in capsys.readouterr().out
    # dropping it again changes nothing; recording its log again says it stays out
    assert main(["workshop", "drop", code, str(test), "--db", db]) == 0
    assert "was already out of workshop" in capsys.readouterr().out
    log = Path(db).parent / "Test.jsonl"
    assert main(["record", str(log), "--workshop", code, "--db", db]) == 0
    assert f"It stays taken out of workshop {code}" in capsys.readouterr().out
    assert counted(db, code) == ["Blue", "Green"]
    # undrop puts it back
    assert main(["workshop", "undrop", code, str(test), "--db", db]) == 0
    assert capsys.readouterr().out == (f"Put game #{test} (team Test, {score} points) back "
                                       f"into workshop {code}.\n")
    assert counted(db, code) == ["Blue", "Green", "Test"]
    assert main(["workshop", "show", code, "--db", db]) == 0
    assert "taken out" not in capsys.readouterr().out


def test_several_games_are_dropped_together(room: tuple[str, str, dict[str, int]],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db, code, ids = room
    assert main(["workshop", "drop", code, str(ids["Test"]), str(ids["Green"]),
                 str(ids["Test"]), "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in lines[:2]] == [
        f"Took game #{ids['Test']}", f"Took game #{ids['Green']}"]
    assert "puts them back" in lines[2]
    assert counted(db, code) == ["Blue"]


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The one-paragraph message of a command that must exit 1."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("pmsim: ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    return captured.err


def test_drop_and_undrop_refuse_what_is_not_there_and_change_nothing(
        room: tuple[str, str, dict[str, int]], capsys: pytest.CaptureFixture[str]) -> None:
    db, code, ids = room
    test, blue = str(ids["Test"]), str(ids["Blue"])
    other = format_code(create_workshop(db, str(MINIMAL), seed=10).code)
    err = refused(["workshop", "drop", "ABC-DEF", test, "--db", db], capsys)
    assert err.startswith("pmsim: the results store ") and "has no workshop ABC-DEF" in err
    err = refused(["workshop", "drop", "K7QX-M3RT-AC", test, "--db", db], capsys)
    assert "is not a workshop code" in err and "`pmsim workshop list`" in err
    # a game id that does not exist: the good one named with it stays in
    err = refused(["workshop", "drop", code, test, "999", "--db", db], capsys)
    assert "there is no game #999 in the results store" in err
    assert err.rstrip().endswith("Nothing was changed.")
    assert counted(db, code) == ["Blue", "Green", "Test"]
    # a game of another workshop says which one it is in
    err = refused(["workshop", "drop", other, blue, "--db", db], capsys)
    assert (f"game #{blue} (team Blue, " in err and f"is not in workshop {other}: it counts "
            f"for workshop {code} (`pmsim workshop drop {code} {blue}`" in err)
    # undrop: only a game taken out of that workshop goes back
    err = refused(["workshop", "undrop", code, "999", "--db", db], capsys)
    assert "there is no game #999" in err
    assert main(["workshop", "drop", code, test, "--db", db]) == 0
    capsys.readouterr()
    err = refused(["workshop", "undrop", other, test, "--db", db], capsys)
    assert (f"was not taken out of workshop {other}: it is in no workshop, having been "
            f"taken out of workshop {code} (`pmsim workshop undrop {code} {test}`") in err
    err = refused(["workshop", "drop", other, test, "--db", db], capsys)
    assert f"is not in workshop {other}: it is in no workshop, having been taken" in err
    assert main(["workshop", "undrop", code, blue, "--db", db]) == 0
    assert "is already in workshop" in capsys.readouterr().out
    err = refused(["workshop", "drop", code, test, "--db", str(Path(db).parent / "no.sqlite")],
                  capsys)
    assert "no results store" in err


def test_a_game_recorded_without_a_workshop_is_in_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "results.sqlite")
    code = format_code(create_workshop(db, str(MINIMAL), seed=9).code)
    loose = record_game(db, play_logged(tmp_path / "x.jsonl", str(MINIMAL), 9, "Loose"))
    for action in ("drop", "undrop"):
        err = refused(["workshop", action, code, str(loose.id), "--db", db], capsys)
        assert "it is in no workshop (it was recorded without one)" in err


def test_the_summary_calls_a_tie_a_tie() -> None:
    """Three teams that all scored 125 of 125 for scope: no 'best team' is picked for it,
    and two teams level at the top are named together."""
    from pmsim.report.workshop_summary import (
        ALL_TIED,
        TeamRow,
        WorkshopSummary,
        render_workshop_markdown,
    )

    def row(team: str, scope: int, cost: int) -> TeamRow:
        return TeamRow(rank=1, team=team, status="ranked", score=scope + cost,
                       outcome="challenged", points={"scope": scope, "cost": cost})

    summary = WorkshopSummary(
        code="T1", name="", scenario_id="s", scenario_title="S", seed=1, currency="EUR",
        deadline_week=10, dimensions=(("scope", 125), ("cost", 200)),
        rows=(row("Alpha", 125, 90), row("Beta", 125, 150), row("Gamma", 125, 150)))
    room = {n: summary.best_label(b) for n, _, b in summary.room()}
    assert room == {"scope": ALL_TIED, "cost": "Beta and Gamma (tied)"}
    text = render_workshop_markdown(summary)
    assert "ask Beta and Gamma, who did best there" in text
    assert "Alpha" not in text.split("Where the room lost points")[1]
