"""A workshop's decisions side by side and its branch points: each team's key decisions by
week, the first week a team parted from the best team, and what the best team's choice
that week is worth in the team's own game, matching a replay done by hand (rewind the
log to the week, take the other team's decisions, let the cautious bot play on)."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from test_report import fabricate_workshop, play_logged

from pmsim.engine.decisions import DecisionError, decision_from_dict
from pmsim.gamelog import read_log, replay
from pmsim.policies.base import play_game
from pmsim.policies.cautious import CautiousPolicy
from pmsim.report.branches import branch_points, week_actions
from pmsim.report.workshop_summary import render_workshop_markdown, summary_from_leaderboard
from pmsim.results import build_leaderboard
from pmsim.scenario import load_scenario
from pmsim.session.game import GameSession


def test_the_week_a_team_parted_and_its_worth_match_a_replay_by_hand(tmp_path: Path) -> None:
    scenario = "tutorial"
    logs = {}
    for team, policy in (("Alpha", "cautious"), ("Beta", "passive")):
        path = tmp_path / f"{team}.jsonl"
        play_logged(scenario, path, seed=3, team=team, policy=policy)
        logs[team] = read_log(path)
    weeks, points = branch_points(logs, "Alpha")
    assert [t.team for t in weeks] == ["Alpha", "Beta"]
    (branch,) = points
    assert (branch.team, branch.other) == ("Beta", "Alpha")
    assert branch.did != branch.other_did and branch.week == 1  # passive never decides
    assert "Beta took no key decision" in branch.question()
    # by hand, as `pmsim play --from LOG --week K` has a player do it: Beta's game at the
    # start of that week, Alpha's decisions of the week, then H hands it to the bot
    session = GameSession.branch(tmp_path / "Beta.jsonl", branch.week)
    for action in week_actions(replay(logs["Alpha"]), branch.week):
        with suppress(DecisionError):  # Alpha's requests that Beta's game never had
            if action["action"] == "apply":
                session.apply(decision_from_dict(action["decision"]))
            else:
                session.answer(str(action["request"]), str(action["option"]))
    session.hand_over()
    while not session.finished:
        session.autoplay_step()
    sim = session
    assert branch.swapped == sim.outcome().score
    assert branch.worth == branch.swapped - branch.kept


def test_the_workshop_summary_shows_decisions_and_branch_points(tmp_path: Path) -> None:
    db, code = fabricate_workshop(tmp_path)
    summary = summary_from_leaderboard(build_leaderboard(db, workshop=code, luck=False))
    teams = [t.team for t in summary.decisions]
    assert teams == [r.team for r in summary.ranked]
    assert summary.branches and all(b.other == teams[0] for b in summary.branches)
    text = render_workshop_markdown(summary)
    assert "## Decisions side by side" in text and "## Branch points" in text
    assert any(f"{b.team}'s game with {b.other}'s decisions" in text
               for b in summary.branches)
    data = summary.to_dict()
    assert data["branches"][0]["question"].startswith("Week ")


def test_a_weeks_actions_are_those_taken_in_it_even_when_a_request_stops_the_week() -> None:
    """An advance stops mid-week when a request needs an answer, so counting advances
    does not count weeks: each action keeps the week it was taken in."""
    sim = play_game(load_scenario("rescue"), 65, CautiousPolicy())
    taken = [a for a in sim.actions if a["action"] != "advance"]
    advances = sum(a["action"] == "advance" for a in sim.actions)
    assert advances > sim.week  # requests stopped some weeks part-way
    by_week = [week_actions(sim, w) for w in range(1, sim.week + 1)]
    assert [a for week in by_week for a in week] == taken
    for week, actions in enumerate(by_week, start=1):  # a request is answered once raised
        raised = [int(str(a["request"]).rsplit(":w", 1)[1]) for a in actions
                  if a["action"] == "answer"]
        assert all(w <= week for w in raised), (week, raised)
    assert sim.action_weeks[-1] == sim.week and sorted(sim.action_weeks) == sim.action_weeks


def test_each_weeks_decisions_show_the_dimensions_they_moved_against_the_bot(
        tmp_path: Path) -> None:
    """Beside a team's decisions of a week, the points each dimension gained or lost by
    them: the bot taking the game over at the start of the next week, against at the
    start of this one (same luck); checked by hand for the first week."""
    from pmsim.report.branches import markdown_sections
    from pmsim.report.takeover import played_out
    from pmsim.rewind import rewind

    path = tmp_path / "Beta.jsonl"
    play_logged("tutorial", path, seed=3, team="Beta", policy="reckless")
    log = read_log(path)
    weeks, _ = branch_points({"Beta": log}, "Beta")
    (beta,) = weeks
    first = played_out(rewind(log, 1)).outcome().to_result()["dimensions"]
    second = played_out(rewind(log, 2)).outcome().to_result()["dimensions"]
    moved = {k: second[k] - first[k] for k in first if abs(second[k] - first[k]) >= 3}
    assert dict(dict(beta.moved)[1]) == moved and moved  # reckless week 1 costs points
    text = "\n".join(markdown_sections(weeks, ()))
    assert "⇒" in text and "against the cautious bot's decisions of the same week" in text
