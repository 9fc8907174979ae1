"""README.md's summary of the reference model is generated from the code: the block
between its model markers is `render_model_summary()` (the schema's defaults and the
engine's constants), a changed default changes the text, the worked figures agree with
the engine's own functions, and `pmsim docs --write/--check README.md` keeps it so."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pmsim.cli import main
from pmsim.engine.turn import week_hours
from pmsim.engine.work import (
    communication_factor,
    fatigue_multiplier,
    hourly_productivity,
    morale_multiplier,
)
from pmsim.errors import UserError
from pmsim.model_summary import (
    COMMUNICATION_TEAMS,
    FATIGUE_EXAMPLE_HOURS,
    MODEL_END,
    MODEL_START,
    WEIGHTS_EXAMPLE,
    model_figures,
    render_model_summary,
    replace_model_summary,
)
from pmsim.scenario import load_scenario
from pmsim.scenario.parameters import Model, Scoring, ScoringCurves, Tolerances
from pmsim.scenario.schema import BoardRules

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_model_section_is_the_generated_summary() -> None:
    text = _readme()
    assert replace_model_summary(text) == text, (
        "README.md's model summary is out of date: run `pmsim docs --write README.md`")
    section = text.split("## The model", 1)[1].split("\n## ", 1)[0]
    assert MODEL_START in section and MODEL_END in section


def test_every_default_change_changes_the_text() -> None:
    default = render_model_summary()
    assert render_model_summary(Model(communication_overhead=0.001)) != default
    changed = render_model_summary(Model(communication_overhead=0.001))
    assert "0.001·n²" in changed and "(10 % at 10 people, 40 % at 20)" in changed
    heavier = render_model_summary(Model(fatigue_loss=1.0))
    assert "1 − 1·f" in heavier and "(0.77 at 48 h)" in heavier
    assert render_model_summary(scoring=Scoring(schedule=300, team=0)) != default
    curves = Scoring(curves=ScoringCurves(late_week_penalty=0.25))
    assert "loses 25 % per" in render_model_summary(scoring=curves)
    assert "time 3 weeks" in render_model_summary(tolerances=Tolerances(time_weeks=3))


def test_every_figure_moves_with_its_default() -> None:
    """Each field of the tables the summary quotes, nudged, changes some figure (the
    fields the summary does not quote are listed)."""
    unquoted = {"effort_distribution", "forecast_iterations", "forecast_risks",
                "justified_closure_share", "fatigue_penalty", "successful_points",
                "failed_points", "risk_exposure"}
    base = model_figures()
    tables: list[tuple[type[Any], str]] = [(Model, "model"), (ScoringCurves, "curves"),
                                           (Tolerances, "tolerances")]
    for table, where in tables:
        for name, info in table.model_fields.items():
            if name in unquoted:
                continue
            value = info.default
            nudged = table(**{name: value + 1 if isinstance(value, int) else value * 0.9})
            kwargs = ({"scoring": Scoring(curves=nudged)} if where == "curves"
                      else {where: nudged})
            assert model_figures(**kwargs) != base, f"{table.__name__}.{name}"


def test_worked_figures_agree_with_the_engine() -> None:
    model = Model()
    sim: Any = SimpleNamespace(scenario=SimpleNamespace(model=model))
    figures = model_figures()
    normal = week_hours(1.0, 5)
    for hours, key, now in ((FATIGUE_EXAMPLE_HOURS, "example_factor", "example_now"),
                            (week_hours(model.max_overtime, 5), "max_factor", "max_now")):
        level = hours / normal
        assert float(figures[key]) == pytest.approx(
            hourly_productivity(model, level, level - 1.0), abs=0.005)
        assert float(figures[now]) == pytest.approx(
            hourly_productivity(model, level, 0.0), abs=0.005)
        assert fatigue_multiplier(sim, level - 1.0) * float(figures[now]) == pytest.approx(
            float(figures[key]), abs=0.01)
    for n, key in zip(COMMUNICATION_TEAMS, ("overhead_small", "overhead_large"), strict=True):
        sim.lookups = SimpleNamespace(headcount=lambda n=n: n)
        assert float(figures[key]) == pytest.approx(100 * (1 - communication_factor(sim)))
    step = float(figures["morale_step"])
    normal_morale = float(figures["morale_normal"])
    assert morale_multiplier(normal_morale) == pytest.approx(1.0)
    assert 100 * (morale_multiplier(normal_morale + step) - 1) == pytest.approx(
        float(figures["morale_effect"]))


def test_the_weights_example_weighs_differently() -> None:
    scenario_id, dimension = WEIGHTS_EXAMPLE
    weights = load_scenario(scenario_id).scoring.weights()
    assert weights[dimension] != Scoring().weights()[dimension]
    summary = render_model_summary()
    for name, points in Scoring().weights().items():
        assert re.search(rf"\b{name} {points}\b", summary), name


def test_replace_model_summary_needs_both_markers() -> None:
    with pytest.raises(UserError, match="model:start"):
        replace_model_summary("# no markers here\n")
    stale = f"intro\n{MODEL_START}\nold text\n{MODEL_END}\nafter\n"
    fresh = replace_model_summary(stale)
    assert fresh.startswith("intro\n") and fresh.endswith(f"{MODEL_END}\nafter\n")
    assert "old text" not in fresh and replace_model_summary(fresh) == fresh


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pmsim_docs_checks_and_writes_the_readme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# pmsim\n\n{MODEL_START}\nstale\n{MODEL_END}\n", encoding="utf-8")
    code, _, err = run(capsys, "docs", "--check", str(readme))
    assert code == 1 and "model summary is out of date" in err
    code, out, _ = run(capsys, "docs", "--write", str(readme))
    assert code == 0 and "model summary updated" in out
    code, out, _ = run(capsys, "docs", "--check", str(readme))
    assert code == 0 and "model summary is up to date" in out
    assert replace_model_summary(readme.read_text(encoding="utf-8")) == readme.read_text(
        encoding="utf-8")

    code, out, _ = run(capsys, "docs", "--check", str(README))
    assert code == 0, out


def test_pmsim_docs_refreshes_both_blocks_in_one_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    both = tmp_path / "both.md"
    both.write_text(f"<!-- fields:start -->\nx\n<!-- fields:end -->\n"
                    f"{MODEL_START}\ny\n{MODEL_END}\n", encoding="utf-8")
    code, out, _ = run(capsys, "docs", "--write", str(both))
    assert code == 0 and "field reference and model summary updated" in out
    code, out, _ = run(capsys, "docs", "--check", str(both))
    assert code == 0 and "are up to date" in out


# ---------------------------------------------------------------- docs/model.md

MODEL_PAGE = REPO / "docs" / "model.md"


def test_the_model_page_figures_are_generated() -> None:
    """docs/model.md's figures are the code's: `pmsim docs --write docs/model.md`
    refreshes them and this fails when the page drifts."""
    from pmsim.model_doc import replace_figures

    text = MODEL_PAGE.read_text(encoding="utf-8")
    assert replace_figures(text) == text, (
        "docs/model.md's figures are out of date: run `pmsim docs --write docs/model.md`")


def test_the_model_page_has_every_block_and_every_parameter() -> None:
    """Every generated block appears once, and every field of the model, tolerance and
    scoring tables is in the page's tables, so a new parameter must be explained."""
    from pmsim.model_doc import BLOCKS, MARKER

    text = MODEL_PAGE.read_text(encoding="utf-8")
    starts = [m.group(1) for m in MARKER.finditer(text) if m.group(2) == "start"]
    assert sorted(starts) == sorted(BLOCKS)
    tables: list[tuple[type[Any], str]] = [
        (Model, "model"), (Tolerances, "tolerances"), (Scoring, "scoring"),
        (ScoringCurves, "scoring.curves"), (BoardRules, "board")]
    for table, where in tables:
        for name in table.model_fields:
            if name != "curves":
                assert f"`[{where}] {name}`" in text, f"[{where}] {name} is not explained"
    for section in ("Baseline control", "Governance", "Stakeholders", "Forecasts",
                    "Calibration and the adversarial suite", "Sources"):
        assert f"\n## {section}\n" in text
    assert "*To be written" not in text


def test_the_model_page_sources_are_listed_once() -> None:
    """The page's single Sources list names each work once (author and year)."""
    text = MODEL_PAGE.read_text(encoding="utf-8")
    sources = text.split("\n## Sources\n", 1)[1]
    cited = [line[2:].split(")", 1)[0] + ")" for line in sources.splitlines()
             if line.startswith("- ")]
    assert len(cited) > 20
    assert len(cited) == len(set(cited)), [c for c in cited if cited.count(c) > 1]


def test_the_model_page_blocks_are_checked(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pmsim.model_doc import replace_figures

    with pytest.raises(UserError, match="no figures block is called 'nope'"):
        replace_figures("<!-- figures:nope:start -->\n<!-- figures:nope:end -->\n")
    with pytest.raises(UserError, match="matching"):
        replace_figures("<!-- figures:overtime:start -->\nno end\n")
    page = tmp_path / "model.md"
    page.write_text("# M\n\n<!-- figures:overtime:start -->\nstale\n"
                    "<!-- figures:overtime:end -->\n", encoding="utf-8")
    code, _, err = run(capsys, "docs", "--check", str(page))
    assert code == 1 and "model figures are out of date" in err
    code, out, _ = run(capsys, "docs", "--write", str(page))
    assert code == 0 and "model figures updated" in out
    assert "| 60 | 0.90 |" in page.read_text(encoding="utf-8")
