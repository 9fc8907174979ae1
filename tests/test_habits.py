"""benchmarks/habits.py: the "typical mistakes" tables of the facilitator guides.

The full run (every scenario, 200 seeds, minutes) is by hand; here a few seeds and two
variants check that the table renders and goes into a guide, that the wrapper plays
exactly like the cautious bot when no habit is changed, that every name a variant
uses exists in its scenario, and that every guide carries a habits block.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "benchmarks") not in sys.path:  # the benchmarks are scripts, not a package
    sys.path.insert(0, str(ROOT / "benchmarks"))

import habits  # noqa: E402

from pmsim.policies import CautiousPolicy, play_game  # noqa: E402
from pmsim.scenario import builtin_paths, load_scenario  # noqa: E402


def test_table_for_one_scenario_three_seeds_two_variants(monkeypatch, tmp_path):
    monkeypatch.setattr(habits, "VARIANTS", [
        habits.Variant("long-weeks", "{hours}-hour weeks throughout",
                       habits.Habits(max_overtime=True)),
        habits.Variant("reject-changes", "rejects every change request",
                       habits.Habits(changes="reject")),
    ])
    result = habits.run_habits(["tutorial"], runs=3, seed=5, jobs=1)["tutorial"]
    assert [r.variant for r in result.rows] == ["cautious", "long-weeks", "reject-changes"]
    assert all(len(r.games) == 3 for r in result.rows)
    assert [g.result["seed"] for g in result.rows[1].games] == [5, 6, 7]

    block = habits.table(result)
    assert block.startswith(habits.START) and block.endswith(habits.END)
    assert "seeds (5–7)" in block
    assert "`.venv/bin/python benchmarks/habits.py tutorial --runs 3 --seed 5`" in block
    assert ("| variant | mean score | vs bot | on time | on budget | where the points go "
            "| biggest swing |") in block
    assert "| none: the cautious bot as it is |" in block
    assert "60-hour weeks throughout" in block  # the tutorial allows 1.5 × 40 hours
    long_weeks = result.rows[1]
    assert long_weeks.changed == 3 and long_weeks.diff < 0
    assert f"| {long_weeks.summary.score_mean:.0f} |" in block
    seed, bot_score, score = long_weeks.shows
    assert seed in (5, 6, 7) and score < bot_score
    assert f"| {seed}: {bot_score:.0f} → {score:.0f} |" in block

    guide = tmp_path / "docs" / "scenarios" / "tutorial.md"
    guide.parent.mkdir(parents=True)
    guide.write_text("# T\n\n## Typical mistakes and what they cost\n\nProse.\n\n"
                     "## Calibration\n", encoding="utf-8")
    habits.refresh_guide("tutorial", block, root=tmp_path)
    habits.refresh_guide("tutorial", block, root=tmp_path)  # replaces, never adds
    text = guide.read_text(encoding="utf-8")
    assert text.count(habits.START) == 1 and text.count(habits.END) == 1
    assert text.index("## Typical mistakes") < text.index(habits.START) < text.index("Prose.")


def test_no_habit_changed_plays_like_the_cautious_bot():
    scenario = load_scenario("tutorial")
    for seed in range(3):
        ours = play_game(scenario, seed, habits.HabitPolicy("same", habits.Habits()))
        theirs = play_game(scenario, seed, CautiousPolicy())
        assert ours.outcome().to_result() == theirs.outcome().to_result()


@pytest.mark.parametrize("scenario_id", list(builtin_paths()))
def test_variants_name_what_their_scenario_has(scenario_id):
    """A renamed task, person, candidate, risk or scope item in a scenario file would
    silently turn a variant into the bot; this catches it without playing."""
    s = load_scenario(scenario_id)
    tasks, risks = {t.id for t in s.tasks}, {r.id for r in s.risks}
    people, candidates = {p.id for p in s.team}, {c.id for c in s.hire_pool}
    scope = {x.id for x in s.scope} | {x.priority for x in s.scope}
    for v in habits.variants_for(s)[1:]:
        h = v.habits
        if h is None:
            continue
        assert {r for r, _ in h.responses} <= risks, v.id
        assert {i for i, _ in h.answers} <= {x.id for x in s.scope if x.proposed}, v.id
        assert {t for *_, t in h.crashes + h.fast_tracks + h.hires + h.assigns} <= tasks, v.id
        assert {c for _, c, _ in h.hires} <= candidates, v.id
        assert {p for _, p, _ in h.assigns} <= people | candidates, v.id
        assert {i for _, i in h.defers + h.defers_when_late} <= scope, v.id


@pytest.mark.parametrize("scenario_id", list(builtin_paths()))
def test_every_guide_has_a_habits_block(scenario_id):
    text = (ROOT / "docs" / "scenarios" / f"{scenario_id}.md").read_text(encoding="utf-8")
    assert text.count(habits.START) == 1 and text.count(habits.END) == 1, (
        f"write it with `.venv/bin/python benchmarks/habits.py {scenario_id}`")
    block = text.split(habits.START, 1)[1].split(habits.END, 1)[0]
    assert f"benchmarks/habits.py {scenario_id} --runs" in block
    assert "| none: the cautious bot as it is |" in block
    assert text.index(habits.END) < text.index("<!-- calibration:start -->")
