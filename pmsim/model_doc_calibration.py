"""Generated blocks of docs/model.md about calibration and the forecast (see
`pmsim.model_doc`)."""

from __future__ import annotations

from pmsim.model_doc_tables import (
    EXAMPLE_SCENARIO,
    const_row,
    constants_table,
    parameters,
)
from pmsim.model_summary import _pct
from pmsim.scenario.parameters import Model


def block_calibration() -> str:
    """The calibration criteria's thresholds and the suite's settings."""
    import inspect

    from pmsim import calibrate
    from pmsim.policies import adversarial

    sizes = inspect.signature(adversarial.random_combos).parameters["sizes"].default
    out = constants_table((
        const_row(calibrate, "SKILL_MARGIN_SD",
                  "criterion 1: standard deviations of its own scores by which cautious must beat "
                  "passive and reckless on the mean"),
        const_row(calibrate, "LUCK_MIN_SD",
                  "criterion 2: the least sd of the cautious bot's scores across seeds"),
        const_row(calibrate, "HEADROOM",
                  "criterion 3: points cautious must leave below the total on average"),
        const_row(calibrate, "ADVERSARY_MEAN_MARGIN",
                  "criterion 5: the most an adversarial policy's mean may be above cautious's"),
        ("calibrate.ADVERSARY_WIN_SHARE", f"{_pct(calibrate.ADVERSARY_WIN_SHARE)} %",
         "criterion 6: the largest share of seeds an adversarial policy may beat "
         "cautious on"),
        const_row(calibrate, "ADVERSARY_TIE_POINTS",
                  "criterion 6: a seed counts as won only when the policy scores more than "
                  "this many points above cautious (a point or two is rounding, or an "
                  "insurance skipped on a seed where the risk stayed away)"),
        const_row(calibrate, "SEARCH",
                  "random combinations of habits the suite adds unless told otherwise "
                  "(`--search`)"),
        const_row(adversarial, "ROUNDS",
                  "rounds of decisions a week: a habit acts once in each"),
        const_row(adversarial, "POWERFUL",
                  "meeting spam meets every stakeholder with at least this power"),
    ))
    out += (f"\nThe random search draws combinations of {sizes[0]} to {sizes[1]} single "
            "habits. The named combinations:\n\n| Combination | Its habits |\n|---|---|\n")
    for name, habits in adversarial.COMBINATIONS.items():
        out += f"| `{name}` | " + ", ".join(f"`{h}`" for h in habits) + " |\n"
    return out


def block_forecast() -> str:
    """The forecast's settings, an example with and without risks, and its plan against
    the engine's."""
    import inspect

    from pmsim.engine import schedule
    from pmsim.engine.forecast import forecast_scenario
    from pmsim.scenario.builtin import load_scenario

    runs = inspect.signature(forecast_scenario).parameters["iterations"].default
    out = parameters(Model, ("forecast_iterations", "forecast_risks", "attention_hours"),
                     "model") + "\n"
    out += constants_table((
        const_row(schedule, "MIN_RATE",
                  "person-days a day the plan gives a task nobody can work on (effectively never)"),
    ))
    out += (f"\n`pmsim forecast` plays {runs:,} iterations unless told otherwise "
            "(`--iterations`). Its forecast of the plan of "
            f"`{EXAMPLE_SCENARIO}` (seed 0), in working days:\n\n"
            "| Forecast | Plan | Mean | P50 | P80 | Chance of meeting the deadline |\n"
            "|---|---|---|---|---|---|\n")
    scenario = load_scenario(EXAMPLE_SCENARIO)
    for with_risks in (False, True):
        f = forecast_scenario(scenario, iterations=runs, seed=0, risks=with_risks)
        out += (f"| {'with risks' if with_risks else 'no risks'} | "
                f"{f.deterministic_days:.1f} | {f.mean_days:.1f} | {f.p50_days:.1f} | "
                f"{f.p80_days:.1f} | {round(100 * f.p_on_time)} % |\n")
    return out + "\n" + _plan_agreement()


def _plan_agreement() -> str:
    """The forecast's deterministic plan against the engine's baseline plan, per
    built-in scenario."""
    from pmsim.engine.baseline import compute_baseline
    from pmsim.engine.forecast import forecast_scenario
    from pmsim.scenario.builtin import list_builtin

    out = ("| Built-in scenario | The engine's plan (days) | The forecast's plan (days) | "
           "Difference |\n|---|---|---|---|\n")
    for scenario in list_builtin():
        engine = compute_baseline(scenario).planned_days
        forecast = forecast_scenario(scenario, iterations=1, seed=0).deterministic_days
        out += (f"| `{scenario.meta.id}` | {engine:.1f} | {forecast:.1f} | "
                f"{forecast - engine:+.1f} |\n")
    return out
