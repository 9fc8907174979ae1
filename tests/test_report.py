"""`pmsim report`: debriefs (Markdown, JSON, HTML) for a game of every built-in scenario,
the facilitator's workshop summary and its CSV, and the errors a user can cause."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.engine.turn import FeedEvent
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, play_game
from pmsim.report.format import row_week
from pmsim.report.model import fold_timeline, strip_points
from pmsim.report.svg import Line, ReferenceLine, line_chart, nice_step
from pmsim.scenario import builtin_paths, load_scenario
from pmsim.scoring import advice

SCENARIOS = sorted(builtin_paths())
"""Every built-in scenario (`scenarios/*.toml`), found when the tests are collected."""
SEED = 11


def play_logged(scenario_id: str, path: Path, *, seed: int = SEED, team: str = "Blue",
                policy: str = "passive"):  # type: ignore[no-untyped-def]
    """Play a whole game with a bot, logged to `path` as the TUI does; the finished sim."""
    writer = GameLogWriter()
    sim = play_game(load_scenario(scenario_id), seed, get_policy(policy),
                    on_start=lambda s: writer.start(path, s, scenario_id, team))
    writer.finish(sim)
    return sim


SMALLEST = min(SCENARIOS, key=lambda s: load_scenario(s).calendar.deadline_week,
               default="")
"""The built-in with the earliest deadline: the cheapest game for the other tests."""


@pytest.fixture(scope="module")
def small_log(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One finished, logged game of the smallest built-in: (log path, outcome)."""
    path = tmp_path_factory.mktemp("log") / "game.jsonl"
    return path, play_logged(SMALLEST, path).outcome()


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's saved games or results store."""
    monkeypatch.setenv("PMSIM_DATA_DIR", str(tmp_path / "pmsim-data"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_built_in_scenarios() -> None:
    assert SCENARIOS, "no scenarios/*.toml found"


# ---------------------------------------------------------------- one game, every scenario


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_reports_render_for_every_built_in(scenario_id: str, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A bot's game of each built-in, logged as the game logs it, reported as Markdown,
    JSON and HTML: each has the score and every dimension's sentence."""
    path = tmp_path / f"{scenario_id}.jsonl"
    outcome = play_logged(scenario_id, path).outcome()
    check_markdown(capsys, scenario_id, path, outcome)
    check_json(capsys, scenario_id, path, outcome)
    check_html(capsys, path, outcome, tmp_path / "debrief.html")


def check_markdown(capsys, scenario_id: str, path: Path, outcome) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, str(path), "--no-luck")
    assert code == 0, err
    scenario = load_scenario(scenario_id)
    assert out.startswith(f"# Debrief: {scenario.meta.title} — team Blue")
    assert f"| Seed | {SEED} |" in out
    assert f"**{outcome.score} / 1000**" in out
    assert outcome.outcome.upper() in out
    for dim in outcome.dimensions:
        assert f"| {dim.name.capitalize()} | {dim.points} / {dim.max_points} |" in out
        assert strip_points(dim.sentence) in out
    for objective in scenario.meta.learning_objectives:
        assert objective in out
    for heading in ("## Result", "## Key figures by week", "## Decisions and events"):
        assert heading in out
    assert "| Week | PV | EV | AC | CPI | SPI(t) | EAC | Forecast finish |" in out
    tip = advice(outcome)  # the dimension that lost most, with what helps it
    assert tip in out and (tip.startswith("Most points lost: ") or outcome.score == 1000)


def check_json(capsys, scenario_id: str, path: Path, outcome) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, str(path), "--format", "json", "--no-luck")
    assert code == 0
    data = json.loads(out)
    assert data["report_version"] == 1
    assert (data["score"], data["outcome"], data["seed"], data["team"]) == (
        outcome.score, outcome.outcome, SEED, "Blue")
    assert [d["sentence"] for d in data["dimensions"]] == [d.sentence for d in
                                                          outcome.dimensions]
    assert sum(d["points"] for d in data["dimensions"]) == outcome.score
    assert data["weeks"] and data["timeline"]
    first = data["weeks"][0]
    assert set(first) >= {"week", "pv", "ev", "ac", "cpi", "spi_t", "eac", "forecast_week",
                          "morale", "satisfaction", "overtime"}
    assert data["learning_objectives"] == list(load_scenario(scenario_id).meta
                                               .learning_objectives)


def check_html(capsys, path: Path, outcome, target: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, str(path), "--out", str(target), "--no-luck")  # html: suffix
    assert code == 0, err
    assert out == "" and str(target) in err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert f"{outcome.score} / 1000" in html
    for dim in outcome.dimensions:
        assert escape(strip_points(dim.sentence)) in html
    assert escape(advice(outcome)) in html
    # self-contained: no scripts, stylesheets, images or fonts from elsewhere
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"""(src|href)\s*=""", html)
    assert "@import" not in html and "url(" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}
    # three inline charts, each well-formed XML, each line labelled in text
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        ET.fromstring(svg)
    assert "EV earned value" in svgs[0] and "AC actual cost" in svgs[0]
    assert "deadline week" in svgs[1]
    assert "team morale %" in svgs[2] and "stakeholder satisfaction" in svgs[2]
    assert "@media print" in html


def test_markdown_out_writes_the_charts_beside_it(small_log, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = small_log
    target = tmp_path / "debrief.md"
    target.write_text("old report", encoding="utf-8")  # a report may be replaced
    code, _, err = run(capsys, str(path), "--out", str(target), "--no-luck")
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    for name in ("s-curve", "forecast", "people"):
        chart = tmp_path / f"debrief-{name}.svg"
        assert f"](debrief-{name}.svg)" in text
        ET.fromstring(chart.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "debrief-forecast.svg", "debrief-people.svg", "debrief-s-curve.svg", "debrief.md"]


# ---------------------------------------------------------------- errors


def test_a_missing_log_is_one_paragraph_and_exit_1(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, str(tmp_path / "nope.jsonl"))
    assert code == 1 and out == ""
    assert err.startswith("pmsim: ") and "does not exist" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_file_that_is_not_a_log_is_refused(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "notes.jsonl"
    bad.write_text("hello\n", encoding="utf-8")
    code, _, err = run(capsys, str(bad), "--format", "html")
    assert code == 1 and "not a pmsim game log" in err


def test_an_unfinished_game_has_no_report_yet(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pmsim.engine.simulation import Simulation

    sim = Simulation(load_scenario(SCENARIOS[0]), 3)
    log = tmp_path / "half.jsonl"
    with GameLogWriter() as writer:
        writer.start(log, sim, SCENARIOS[0])
        sim.advance()
    code, _, err = run(capsys, str(log), "--no-luck")
    assert code == 1 and "unfinished" in err and "Traceback" not in err


def test_out_refuses_a_folder_and_a_missing_folder(small_log, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = small_log
    code, _, err = run(capsys, str(path), "--out", str(tmp_path))
    assert code == 1 and "is a folder" in err
    code, _, err = run(capsys, str(path), "--out", str(tmp_path / "no" / "such" / "r.md"))
    assert code == 1 and "does not exist" in err
    assert sorted(tmp_path.iterdir()) == []
    before = path.read_bytes()
    code, _, err = run(capsys, str(path), "--out", str(path), "--no-luck")
    assert code == 1 and "would destroy the saved game" in err
    assert path.read_bytes() == before


def test_log_or_workshop_but_not_both(small_log, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys)
    assert code == 1 and "either a game log" in err
    path, _ = small_log
    code, _, err = run(capsys, str(path), "--workshop", "K7M-Q4P")
    assert code == 1 and "not both" in err
    code, _, err = run(capsys, str(path), "--csv", "x.csv")
    assert code == 1 and "--csv goes with --workshop" in err


def test_the_luck_adjusted_result_from_the_cache(small_log, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With the baseline bot's scores cached in the store (fabricated here, so no bot
    games are played), the debrief says what the decisions were worth."""
    from pmsim.engine.simulation import ENGINE_VERSION
    from pmsim.results.luck_baseline import BASELINE_POLICY, REFERENCE_RUNS, bot_version
    from pmsim.results.store import ResultsStore
    from pmsim.scenario import scenario_hash

    scenario_id = SMALLEST
    path, outcome = small_log
    db = tmp_path / "results.sqlite"
    baseline = outcome.score - 37
    scores = {s: 500 + s for s in range(REFERENCE_RUNS + 1)} | {SEED: baseline}
    with ResultsStore(db) as store:
        store.add_bot_scores(scenario_hash(load_scenario(scenario_id)), ENGINE_VERSION,
                             BASELINE_POLICY, bot_version(), scores)
    code, out, err = run(capsys, str(path), "--db", str(db))
    assert code == 0, err
    assert "## Skill and luck" in out
    assert f"Your decisions were worth +37 points over a sensible PM facing the same luck " \
           f"(who scored {baseline})" in out
    code, out, _ = run(capsys, str(path), "--db", str(db), "--format", "json")
    luck = json.loads(out)["luck"]
    assert luck["margin"] == 37 and luck["baseline_score"] == baseline
    assert luck["reference_runs"] == REFERENCE_RUNS


# ---------------------------------------------------------------- pieces


def test_strip_points_keeps_the_reason() -> None:
    assert strip_points("Finished in week 27 against a deadline of week 26: 160 / 200") == \
        "Finished in week 27 against a deadline of week 26"
    assert strip_points("No colon here") == "No colon here"
    assert strip_points("Ratio: 3 to 4") == "Ratio: 3 to 4"


def test_repeated_events_in_consecutive_weeks_fold() -> None:
    events = [FeedEvent(w, 5.0 * w, "decision", "Working hours set to 40 h a week.")
              for w in (1, 2, 3)]
    events += [FeedEvent(3, 15.0, "risk", "Risk fired.", "bad luck"),
               FeedEvent(5, 25.0, "decision", "Working hours set to 40 h a week.")]
    entries = fold_timeline(events)
    assert [(e.weeks_label, e.times, e.kind_label) for e in entries] == [
        ("1–3", 3, "Decision"), ("3", 1, "Risk"), ("5", 1, "Decision")]
    assert entries[1].why == "bad luck"


def test_line_chart_is_valid_svg_with_labelled_lines() -> None:
    svg = line_chart("Money <&>", [1, 2, 3], [Line("PV planned", [1, 2, 3]),
                                              Line("AC actual", [1, 3, float("nan")])],
                     reference=ReferenceLine("budget", 4.0))
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "PV planned" in texts and "AC actual" in texts and "budget" in texts
    assert "Money <&>" in texts
    dashes = {p.get("stroke-dasharray") for p in
              root.iter("{http://www.w3.org/2000/svg}polyline")}
    assert len(dashes) == 2  # the lines differ by more than colour
    ET.fromstring(line_chart("Empty", [], [Line("x", [])]))
    ET.fromstring(line_chart("Flat", [1.0], [Line("x", [5.0])]))


def test_the_chart_draws_its_front_line_last_and_reaches_the_last_week() -> None:
    """The S-curve's EV was hidden under AC's marks where they met, and the chart of a
    game that ended in week 23 (22.5 weeks gone) stopped at week 22."""
    svg = line_chart("S", [1, 2, 22.5], [Line("PV", [1, 2, 3]), Line("EV", [1, 2, 3]),
                                         Line("AC", [1, 2, 3])], front=1)
    root = ET.fromstring(svg)
    drawn = [p.findtext("{http://www.w3.org/2000/svg}title")
             for p in root.iter("{http://www.w3.org/2000/svg}polyline")]
    assert drawn == ["PV", "AC", "EV"]
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "23" in texts


def test_a_game_that_ended_mid_week_ends_the_figures_table_in_that_week() -> None:
    assert [row_week(w) for w in (21, 21.02, 22.5)] == ["21", "21", "23 (end)"]


def test_nice_steps() -> None:
    assert nice_step(100) == 20
    assert nice_step(420_000) == 100_000
    assert nice_step(0) == 1.0


# ---------------------------------------------------------------- workshop summary


def fabricate_workshop(folder: Path) -> tuple[Path, str]:
    """A small fabricated workshop: three teams and a repeat recorded by script, and one
    entry whose score was edited in the store afterwards. (db path, code)."""
    import sqlite3

    from pmsim.results import create_workshop, format_code, record_game

    db = folder / "results.sqlite"
    scenario_id = SMALLEST
    created = create_workshop(db, scenario_id, seed=5, name="Tuesday group")
    for team, policy in (("Red", "cautious"), ("Blue", "passive"), ("=Green", "reckless"),
                         ("Gold", "passive"), ("red", "reckless")):
        log = folder / f"{team}-{policy}.jsonl"
        play_logged(scenario_id, log, seed=5, team=team, policy=policy)
        record_game(db, log, created.code)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE games SET score = score + 50 WHERE team = 'Gold'")
    conn.close()
    return db, format_code(created.code)


def test_workshop_summary_csv_and_html(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The facilitator's summary of a small fabricated workshop, as Markdown with its CSV
    (without luck), then as HTML with the baseline bot (on a few reference seeds)."""
    import csv

    from pmsim.report.workshop_summary import render_workshop_html, summary_from_leaderboard
    from pmsim.results import build_leaderboard

    db, code = fabricate_workshop(tmp_path)
    out = tmp_path / "room.md"
    rc, stdout, err = run(capsys, "--workshop", code.lower(), "--db", str(db), "--out",
                          str(out), "--no-luck")
    assert rc == 0, err
    assert stdout == "" and "room.csv" in err
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# Workshop {code} — Tuesday group: facilitator's summary")
    assert "3 teams ranked" in text and "1 game flagged" in text
    assert "| Rank | Team | Score | Schedule /" in text
    assert "Gold: " in text and "the score was edited" in text
    assert "## Where the room lost points" in text
    rows = list(csv.DictReader((tmp_path / "room.csv").open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["ranked", "ranked", "ranked", "repeat", "flagged"]
    assert [r["rank"] for r in rows] == ["1", "2", "3", "", ""]
    ranked = rows[:3]
    assert [int(r["score"]) for r in ranked] == sorted((int(r["score"]) for r in ranked),
                                                        reverse=True)
    for r in ranked:  # the dimensions add up to the score, every cell filled
        points = [int(r[f"{d}_points"]) for d in
                  ("schedule", "cost", "scope", "quality", "stakeholders", "team")]
        assert sum(points) == int(r["score"])
        assert r["finish_week"] and r["on_time"] in ("true", "false")
    assert {r["team"] for r in rows} == {"Red", "Blue", "'=Green", "Gold", "red"}
    assert rows[-1]["team"] == "Gold" and rows[-1]["score"] == ""
    assert all(r["margin_vs_baseline"] == "" for r in rows)  # --no-luck

    summary = summary_from_leaderboard(build_leaderboard(db, workshop=code, luck=True,
                                                         luck_runs=4))
    assert summary.baseline_score is not None
    red = next(r for r in summary.ranked if r.team == "Red")  # the cautious bot's own game
    assert red.margin == 0 and red.score == summary.baseline_score
    html = render_workshop_html(summary)
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 1
    ET.fromstring(svgs[0])
    assert "cautious bot (baseline)" in svgs[0]
    assert "vs baseline" in html and "FLAGGED" in html and "=Green" in html
    data = summary.to_dict()
    assert data["code"] == code and len(data["rows"]) == 5


def test_workshop_errors(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pmsim.results.store import ResultsStore

    db = tmp_path / "results.sqlite"
    ResultsStore(db).close()
    rc, _, err = run(capsys, "--workshop", "K7M-Q4P", "--db", str(db), "--no-luck")
    assert rc == 1 and "there is no workshop K7M-Q4P" in err
    rc, _, err = run(capsys, "--workshop", "K7M-Q4P", "--db", str(tmp_path / "none.sqlite"))
    assert rc == 1 and "there is no results store" in err
    assert not (tmp_path / "none.sqlite").exists()
    rc, _, err = run(capsys, "--workshop", "not a code", "--db", str(db), "--no-luck")
    assert rc == 1 and "is not a workshop code" in err
    rc, _, err = run(capsys, "--workshop", "K7M-Q4P", "--db", str(db), "--out",
                     str(tmp_path / "room.csv"))
    assert rc == 1 and "--csv" in err
    rc, _, err = run(capsys, "--workshop", "K7M-Q4P", "--db", str(db), "--csv", str(db))
    assert rc == 1 and "is the results store itself" in err


def test_names_are_escaped_in_html_and_markdown() -> None:
    from pmsim.report.html import render_html
    from pmsim.report.markdown import render_markdown
    from pmsim.report.model import build_report

    sim = play_game(load_scenario(SMALLEST), SEED, get_policy("passive"))
    report = build_report(sim, team='<b>Bold</b> & "quoted" | piped')
    html = render_html(report)
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot; | piped" in html
    markdown = render_markdown(report)
    assert "| Team | &lt;b&gt;Bold&lt;/b&gt; & \"quoted\" \\| piped |" in markdown
    assert "<b>" not in markdown
    assert report.to_dict()["team"] == '<b>Bold</b> & "quoted" | piped'
