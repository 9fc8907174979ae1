"""The pieces the screens are made of: figures that fit 80 columns every week of a game,
charts that read without colour (each axis value labelled once), the theme switch, the
debrief saved as SVG."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from helpers_tui import press, run, start_new_game, wait_for
from rich.cells import cell_len

from pmsim.engine.simulation import Simulation
from pmsim.policies import get_policy, take_turn
from pmsim.scenario import DEFAULT_SCENARIO, load_scenario
from pmsim.session.game import look
from pmsim.tui import make_app
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.widgets.chart import Reference, Series, axis_labels, draw_chart
from pmsim.tui.widgets.figures import alert_line, figures_lines
from pmsim.tui.widgets.stakeholders import power_interest_grid


def test_header_lines_fit_80_columns_all_game() -> None:
    sim = Simulation(load_scenario(DEFAULT_SCENARIO), 4)
    policy = get_policy("reckless")
    weeks = 0
    while not sim.finished:
        view = look(sim)
        lines = [*figures_lines(view, "seed 4 · team Blue"), alert_line(view, True),
                 alert_line(view, False)]
        for line in lines:
            assert cell_len(line.plain) <= 78, line.plain
        narrow = [*figures_lines(view, "seed 4", 60), alert_line(view, False, 60)]
        for line in narrow:  # at 60 columns each line still fits one row
            assert cell_len(line.plain) <= 58, line.plain
        grid = power_interest_grid(view.stakeholders)
        assert max(cell_len(x) for x in grid.plain.splitlines()) <= 38
        take_turn(sim, policy)
        weeks += 1
    assert weeks > 10


def test_the_alert_suggests_an_exception_only_when_the_board_would_hear_it() -> None:
    view = look(Simulation(load_scenario(DEFAULT_SCENARIO), 4))
    fresh = dataclasses.replace(view, breaches={"cost": "over", "time": "late"},
                                raisable=("cost",))
    heard = dataclasses.replace(fresh, raisable=())
    assert "raise an exception (z)?" in alert_line(fresh, False).plain
    told = alert_line(heard, False).plain
    assert "reported (z again" in told and "raise an exception" not in told
    assert cell_len(told) <= 78


def test_looking_does_not_change_the_game() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    watched, unwatched = Simulation(scenario, 54), Simulation(scenario, 54)
    for sim, watch in ((watched, True), (unwatched, False)):
        policy = get_policy("random")
        while not sim.finished:
            take_turn(sim, policy)
            if watch:
                look(sim)
    assert watched.outcome().to_result() == unwatched.outcome().to_result()


def test_chart_marks_each_series_with_its_letter() -> None:
    chart = draw_chart([Series("planned", "P", "muted", [0, 10, 20, 30]),
                        Series("earned", "E", "good", [0, 8, 15, 25])], 60, 10,
                       reference=Reference("budget", 30)).plain
    lines = chart.splitlines()
    assert lines[0].startswith("P planned") and "E earned" in lines[0] and "budget" in lines[0]
    body = "\n".join(lines[1:])
    meet = body.count("*")
    assert body.count("P") + meet >= 3 and body.count("E") + meet >= 3 and "╌" in body
    assert "* lines meet" in lines[0]
    assert len(lines) == 10 and all(cell_len(x) <= 60 for x in lines)


@run
async def test_light_and_dark_themes() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot)
        dark = app.theme
        await press(pilot, "ctrl+t")
        assert app.theme != dark and not app.current_theme.dark
        from pmsim.tui import format as fmt

        light_palette = fmt.PALETTE
        await press(pilot, "ctrl+t")
        assert app.theme == dark and light_palette != fmt.PALETTE


@run
async def test_the_debrief_saves_itself_as_svg_beside_the_log() -> None:
    app = make_app(autoplay="cautious", seed=2, delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DebriefScreen)
        assert isinstance(screen, DebriefScreen)
        log = app.session.log_path
        await press(pilot, "2", "s")
        svg = Path(log).with_name(Path(log).stem + "-debrief.svg")
        assert svg.is_file()
        text = svg.read_text(encoding="utf-8")
        assert text.startswith("<svg") and "forecast" in text
        assert isinstance(await press(pilot, "question_mark"), HelpDialog)
        await press(pilot, "escape")
        await press(pilot, "n")
        from pmsim.tui.screens.start import StartScreen

        assert isinstance(app.screen, StartScreen)


def test_chart_labels_each_value_of_its_axis_once() -> None:
    weeks = axis_labels(4.0, 5.4, 8, lambda v: f"wk {v:.0f}")  # 5.4, 4.6 and 4.0
    assert sorted(weeks.values()) == ["wk 4", "wk 5"] and weeks[0] == "wk 5"
    assert list(axis_labels(0, 100, 8, lambda v: f"{v:.0f}%").values()) == [
        "100%", "0%", "57%"]
    chart = draw_chart([Series("forecast finish week", "F", "accent", [11, 11, 10.6, 10])],
                       40, 10, lambda v: f"wk {v:.0f}").plain
    labels = [line.split("┤")[0].strip() for line in chart.splitlines() if "┤" in line]
    assert len(labels) == len(set(labels)) == 2


def test_the_chart_always_labels_its_last_week() -> None:
    for weeks in (5, 9, 13, 21, 31):  # a two-digit last week never fitted its column
        values = [float(v) for v in range(weeks)]
        bottom = draw_chart([Series("x", "X", "accent", values)], 46, 8).plain.splitlines()[-1]
        assert bottom.rstrip().endswith(str(weeks)), bottom


@run
async def test_at_60_by_20_the_header_is_four_rows_and_every_view_tab_shows() -> None:
    """At 60×20 the header wrapped to eight rows, leaving the view three, and the tab
    bar cut '6 Feed' off."""
    app = make_app(seed=7)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_new_game(pilot)
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#figures").region.height == 4
        tabs = [t.region for t in screen.query("ContentTab")]
        assert len(tabs) == 6 and max(r.right for r in tabs) <= 60
