"""What the dashboard and the briefing say, checked without a screen: feed headings and
labels, the register's states, names in the stakeholder grid, the team's hours, the
attention budget, the Work view's bars against the forecast, the offers in a task's
detail and a risk's exposure."""

from __future__ import annotations

import dataclasses

from rich.cells import cell_len

from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import FeedEvent
from pmsim.engine.view import StakeholderView
from pmsim.policies import get_policy, take_turn
from pmsim.scenario import load_scenario
from pmsim.session.game import look
from pmsim.tui.format import short_money
from pmsim.tui.screens.briefing import attention_line, scope_table
from pmsim.tui.widgets.feed import event_label, feed_text, week_heading
from pmsim.tui.widgets.figures import figures_lines
from pmsim.tui.widgets.money import ScopeTable
from pmsim.tui.widgets.risks import RiskTable, days_text, exposure_text, risk_state
from pmsim.tui.widgets.stakeholders import fit_name, grid_room, power_interest_grid
from pmsim.tui.widgets.work import task_detail, timeline, timeline_span


def test_only_this_week_and_last_week_are_marked_in_the_feed() -> None:
    assert week_heading(4, 4) == "Week 4 (this week)"
    assert week_heading(3, 4) == "Week 3 (last week)"
    assert week_heading(2, 4) == "Week 2"
    assert week_heading(4, 4, newest_first=False) == "Week 4"  # the debrief's timeline
    events = [FeedEvent(w, 5.0 * w, "info", f"news {w}") for w in (1, 2, 3)]
    from rich.console import Console

    console = Console(width=80, record=True)
    console.print(feed_text(events, 3))
    text = console.export_text()
    assert text.count("(this week)") == 1 and text.count("(last week)") == 1
    assert "(latest)" not in text


def test_the_players_own_decisions_are_labelled_you() -> None:
    label = event_label(FeedEvent(1, 1.0, "decision", "Risk 'X': mitigate."))
    assert label.plain == "► you"


def test_an_opportunity_that_came_true_is_not_marked_as_a_failure() -> None:
    sim = Simulation(load_scenario("portal-launch"), 3)
    view = look(sim)
    opportunity = next(r for r in view.risks if r.kind == "opportunity")
    threat = next(r for r in view.risks if r.kind == "threat")
    happened = dataclasses.replace(opportunity, fired_weeks=(2,), closed=True)
    fired = dataclasses.replace(threat, fired_weeks=(2,))
    assert risk_state(view, happened).plain == "▲ happened"
    assert risk_state(view, fired).plain == "✗ fired"


def holder(hid: str, name: str, quadrant: str, satisfaction: float = 60.0
           ) -> StakeholderView:
    return StakeholderView(hid, name, "", 0.5, 0.5, quadrant, "neutral", satisfaction,
                           0.0, {}, False, (satisfaction,))


def test_names_show_in_full_where_they_fit_and_are_never_cut_to_a_first_word() -> None:
    assert fit_name("Riverside Harriers", 18) == "Riverside Harriers"
    assert fit_name("Riverside Harriers", 13) == "Riverside Ha…"
    assert fit_name("Helen Marsh", 12) == "Helen Marsh"
    holders = [holder("h", "Helen Marsh", "manage closely", 65),
               holder("d", "Derek Hollins", "keep satisfied", 50),
               holder("r", "Riverside Harriers", "keep informed", 60)]
    wide = power_interest_grid(holders, room=59).plain
    assert "Riverside Harriers 60 ✓" in wide and "Derek Hollins 50 ~" in wide
    narrow = power_interest_grid(holders).plain  # 80 columns: 35 for the grid
    assert max(cell_len(line) for line in narrow.splitlines()) <= 35
    assert "Derek Hollins ~" in narrow and "Helen Marsh ✓" in narrow
    assert "Riverside Ha…" in narrow
    assert grid_room(80) == 35 and grid_room(160) == 56


def test_the_header_counts_hours_in_the_scenarios_own_week() -> None:
    scenario = load_scenario("tutorial")
    four_days = scenario.model_copy(update={"calendar": scenario.calendar.model_copy(
        update={"days_per_week": 4})})
    for sc, hours in ((scenario, scenario.calendar.days_per_week * 8), (four_days, 32)):
        lines = figures_lines(look(Simulation(sc, 1)))
        assert f"{hours} h weeks" in lines[2].plain


def test_the_briefing_says_what_the_status_report_takes_of_the_attention() -> None:
    view = look(Simulation(load_scenario("portal-launch"), 3))
    assert view.reporting == "summary"
    assert attention_line(view).startswith(
        "20 h a week, 19 after the weekly summary status report (1 h")
    quiet = dataclasses.replace(view, reporting="none", attention_budget=20.0)
    assert attention_line(quiet).startswith("20 h a week for meetings")


def test_a_task_bar_ends_where_the_forecast_likely_has_it_finish() -> None:
    sim = Simulation(load_scenario("portal-launch"), 3)
    policy = get_policy("cautious")
    checked = 0
    for _ in range(6):
        view = look(sim)
        span = timeline_span(view)
        for task in view.tasks:
            if task.status != "active" or not task.likely_finish_week:
                continue
            bar = timeline(view, task, 3 * span, span).plain  # three cells a week
            last = max(i for i, ch in enumerate(bar) if ch in "█▓")
            assert 1 + last // 3 == max(view.week, task.likely_finish_week), task.id
            checked += 1
        for _ in range(20):
            take_turn(sim, policy)
            if sim.week > view.week:
                break
    assert checked > 5


def test_solid_blocks_mark_work_done_and_waiting_bars_end_at_the_likely_finish() -> None:
    """█ is the share of an active task's work done (none at 0%), in the weeks gone by;
    a waiting task's ░ ends in the week its detail line says it likely finishes."""
    sim = Simulation(load_scenario("office-move"), 5)
    policy = get_policy("cautious")
    active = waiting = 0
    for _ in range(8):
        view = look(sim)
        span = timeline_span(view)
        for task in view.tasks:
            bar = timeline(view, task, 3 * span, span).plain  # three cells a week
            cells = [i for i, ch in enumerate(bar) if ch in "█▓░"]
            solid = [i for i, ch in enumerate(bar) if ch == "█"]
            if task.status == "active":
                assert len(solid) <= round(task.progress * len(cells)), task.id
                assert all(1 + i // 3 <= view.week for i in solid), task.id
                if task.progress == 0:
                    assert not solid, task.id
                active += 1
            elif task.status == "waiting" and task.likely_finish_week and cells:
                # (a task whose people have all left may not start within the window)
                assert 1 + cells[-1] // 3 == min(task.likely_finish_week, span), task.id
                assert f"likely done in week {task.likely_finish_week}" in task_detail(
                    view, task).plain
                waiting += 1
        for _ in range(20):
            take_turn(sim, policy)
            if sim.week > view.week:
                break
    assert active > 5 and waiting > 5


def test_only_open_tasks_offer_a_crash_in_days_and_the_games_money() -> None:
    view = look(Simulation(load_scenario("tutorial"), 5))
    build = view.task("stall-build")
    assert build.can_crash_days > 0
    one_day = dataclasses.replace(build, status="active", can_crash_days=1.0)
    text = task_detail(view, one_day).plain
    assert "up to 1 day at 300 EUR for the next day" in text and "1 days" not in text
    done = dataclasses.replace(build, status="done", progress=1.0, finish_week=1)
    assert "crash" not in task_detail(view, done).plain


def test_the_scope_detail_says_when_a_must_have_is_not_negotiable() -> None:
    view = look(Simulation(load_scenario("portal-launch"), 0))
    assert "Not negotiable" in ScopeTable().detail(view, "launch").plain
    assert "Not negotiable" not in ScopeTable().detail(view, "billing").plain
    table = scope_table(view)
    cells = [[str(cell) for cell in column._cells] for column in table.columns]
    rows = {name: note for name, note in zip(cells[1], cells[3], strict=True)}
    launch = next(s.name for s in view.scope if s.id == "launch")
    billing = next(s.name for s in view.scope if s.id == "billing")
    assert rows[launch] == "not negotiable" and rows[billing] == ""


def test_a_risk_that_costs_only_time_shows_its_exposure_in_money_and_days() -> None:
    """A threat with no cost impact still costs money: its delay is priced at the
    project's daily cost; the detail line gives the days beside the money."""
    view = look(Simulation(load_scenario("office-move"), 5))
    schedule_only = [r for r in view.risks if r.kind == "threat" and r.cost_impact == 0
                     and r.exposure_days > 0]
    assert schedule_only
    r = schedule_only[0]
    assert r.exposure > 0 and exposure_text(r) == short_money(r.exposure)
    assert days_text(3.5) == "3.5 d" and days_text(12.4) == "12 d"
    assert f"and {r.exposure_days:.1f} days" in RiskTable().detail(view, r.id).plain
    time_only = dataclasses.replace(r, exposure=0.0)
    assert exposure_text(time_only) == days_text(r.exposure_days)
    costly = dataclasses.replace(r, exposure=1200.0)
    assert exposure_text(costly) == "1.2k"
    assert exposure_text(dataclasses.replace(time_only, exposure_days=0.0)) == "–"


def test_someone_paid_with_no_active_task_is_idle_not_ready() -> None:
    from pmsim.tui.widgets.team import person_state

    view = look(Simulation(load_scenario("portal-launch"), 0))
    states = {p.id: person_state(view, p).plain for p in view.people}
    working = {p.id for p in view.people
               if any(view.task(t).status == "active" for t in p.assignments)}
    assert working and len(working) < len(view.people)
    assert all(states[p] == "✓ ready" for p in working)
    assert all(states[p.id] == "idle, paid" for p in view.people if p.id not in working)


def test_the_header_names_the_eac_formula_and_the_alert_line_explains_a_jump() -> None:
    from pmsim.tui.widgets.figures import alert_line, eac_jump

    sim = Simulation(load_scenario("portal-launch"), 0)
    assert "EAC 363k (=BAC)" in figures_lines(look(sim), "")[0].plain
    policy = get_policy("cautious")
    for _ in range(3):
        take_turn(sim, policy)
    view = look(sim)
    assert "(÷CPI)" in figures_lines(view, "")[0].plain
    last = view.history[-1]
    jumped = dataclasses.replace(view, breaches={}, pending=(), history=(
        dataclasses.replace(last, eac_cpi=view.money.bac), dataclasses.replace(
            last, eac_cpi=view.money.bac * 1.2)))
    line = alert_line(jumped, False).plain
    bac = view.money.bac
    assert line == eac_jump(jumped)
    assert line.startswith(f"EAC {short_money(bac)} → {short_money(1.2 * bac)} last week: CPI ")
    assert "EAC = BAC / CPI (5: money)" in line
    steady = dataclasses.replace(jumped, history=(last, last))
    assert eac_jump(steady) == "" and alert_line(steady, False).plain.startswith("Plan week")


def test_task_names_cut_to_the_same_text_keep_their_ends() -> None:
    from pmsim.tui.format import distinct_cuts

    cuts = distinct_cuts(["Payment provider integration", "Payment provider testing",
                          "Short", "Accounts testing"], 16)
    assert cuts == ["Payment pro…tion", "Payment pro…ting", "Short", "Accounts testing"]
    assert all(cell_len(x) <= 16 for x in cuts)
    assert distinct_cuts(["Billing system integration A", "Billing system integration B"],
                         16) == ["Billing sys…on A", "Billing sys…on B"]
