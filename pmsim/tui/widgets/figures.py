"""The dashboard's header of key figures: week, money, forecast, indices, people."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from pmsim.engine.metrics import EAC_CPI, EAC_FALLBACK, EAC_NO_COST
from pmsim.engine.view import PlayerView
from pmsim.tui.format import c, level, percent, ratio, short_money
from pmsim.tui.plain import Static
from pmsim.tui.widgets.panes import TABS
from pmsim.wording import count


def overall_satisfaction(view: PlayerView) -> float:
    """Power-weighted mean stakeholder satisfaction (0–100), as the engine records it."""
    holders = view.stakeholders
    weight = sum(h.power for h in holders)
    if not weight:
        return 0.0
    return sum(h.power * h.satisfaction for h in holders) / weight


def _sep() -> Text:
    return Text(" │ ", style=c("muted"))


def _join(*parts: Text | str) -> Text:
    line = Text()
    for i, part in enumerate(parts):
        if i:
            line.append_text(_sep())
        line.append_text(part if isinstance(part, Text) else Text(part))
    return line


def _eac(view: PlayerView, text: str) -> Text:
    """The EAC's figure, judged against the authorised budget."""
    m = view.money
    return level(-m.eac, -m.authorised * 1.05, -m.authorised, text)


def _finish(view: PlayerView, week: str) -> Text:
    """'P50 wk 21 ✓ P80 wk 22 ~' (`week`: 'wk ' or '' before each number), judged
    against the deadline."""
    fc, due = view.forecast, view.deadline_week
    return (Text().append_text(level(-fc.p50_week, -due - 1, -due, f"P50 {week}{fc.p50_week}"))
            .append(" ")
            .append_text(level(-fc.p80_week, -due - 2, -due, f"P80 {week}{fc.p80_week}")))


def _index(name: str, value: float | None) -> Text:
    """'CPI 0.95 ~': a performance index, judged against 1.0 and 0.9."""
    return Text(f"{name} ").append_text(ratio(value, 1.0, 0.9))


def _people(view: PlayerView, holders: str, attention: str) -> list[Text]:
    """Morale, stakeholder satisfaction and attention left, each judged (`holders` and
    `attention` format their figures: {sat}, {left}, {budget})."""
    sat, left = overall_satisfaction(view), view.attention_left
    return [level(view.morale, 0.45, 0.6, f"Morale {percent(view.morale)}"),
            level(sat, 40, 60, holders.format(sat=sat)),
            level(left, 0.5, 3.0, attention.format(left=left, budget=view.attention_budget))]


def figures_lines(view: PlayerView, label: str = "", width: int = 80) -> list[Text]:
    """The three header lines, each short enough for 80 columns; a wide terminal gets
    more figures on each, a narrow one the same figures in fewer words
    (`narrow_lines`). The label (seed, team) shows where it fits."""
    if width < NARROW:
        return narrow_lines(view)
    wide = width >= 150
    m = view.money
    met = view.metrics
    fc = view.forecast
    week = Text(f"Week {view.week}", style="bold")
    week.append(f" of {view.deadline_week}")
    if view.deadline_week != view.original_deadline_week:
        week.append(f" (was {view.original_deadline_week})")
    spent_share = m.actual_cost / m.bac if m.bac else 0.0
    spent = Text(f"Spent {short_money(m.actual_cost)}/{short_money(m.bac)} {m.currency}"
                 f" ({percent(spent_share)})")
    formula = EAC_TAGS.get(met.eac_method, "?") if met else "=BAC"
    line1 = _join(week, spent, _eac(view, f"EAC {short_money(m.eac)} ({formula})"))
    if label and line1.cell_len + len(label) + 3 <= width - 2:
        line1 = _join(line1, Text(label, style=c("muted")))

    chance = Text(f"on time {percent(fc.p_on_time)}")
    spi_t = _index("SPI(t)", met.spi_t if met else None)
    cpi = _index("CPI", met.cpi if met else None)
    finish = Text("Finish ").append_text(_finish(view, "wk "))
    # which forecast this is, where the line has room (always on a wide terminal; the
    # Work view's legend says it too)
    basis = " (with risks)" if fc.risk_adjusted else " (no risks)"
    if wide or _join(finish, chance, spi_t, cpi).cell_len + len(basis) <= width - 2:
        finish.append(basis, style=c("muted"))
    line2 = _join(finish, chance, spi_t, cpi)

    line3 = _join(*_people(view, "Stakeholders {sat:.0f}/100",
                           "Attention {left:g}/{budget:g} h"),
                  Text(f"{view.week_hours:.0f} h weeks"))
    if wide:
        cv = f"CV {short_money(met.cv)}" if met else "CV –"
        line1 = _join(line1, f"Contingency left {short_money(m.contingency_left)}",
                      f"Reserve left {short_money(m.reserve_left)}", cv)
        es = f"ES {met.es:.1f} wk" if met else "ES –"
        tcpi = f"TCPI {met.tcpi:.2f}" if met and met.tcpi is not None else "TCPI –"
        exposure = sum(r.exposure for r in view.risks)
        line2 = _join(line2, es, tcpi, f"Risk exposure {short_money(exposure)}")
        live = sum(1 for r in view.risks if r.in_window and not r.closed)
        line3 = _join(line3, f"Fatigue {percent(view.fatigue)}",
                      f"Reports {view.reporting}", f"{live} risks live")
    return [line1, line2, line3]


NARROW = 80
"""Terminal width below which the header says the same figures in fewer words, so each
line still fits on one row and the view keeps its room (at 60×20)."""


def narrow_lines(view: PlayerView) -> list[Text]:
    """The header's three lines on a narrow terminal (60 columns): week, spend, EAC and
    CPI; the forecast and SPI(t); morale, stakeholders, attention and hours, each figure
    in its short form."""
    m, met, fc = view.money, view.metrics, view.forecast
    spent = m.actual_cost / m.bac if m.bac else 0.0
    line1 = _join(Text(f"Wk {view.week}/{view.deadline_week}", style="bold"),
                  f"{short_money(m.actual_cost)}/{short_money(m.bac)} ({percent(spent)})",
                  _eac(view, f"EAC {short_money(m.eac)}"),
                  _index("CPI", met.cpi if met else None))
    line2 = _join(_finish(view, ""), f"on time {percent(fc.p_on_time)}",
                  _index("SPI(t)", met.spi_t if met else None))
    line3 = _join(*_people(view, "Stakeh. {sat:.0f}", "{left:g}/{budget:g} h"),
                  f"{view.week_hours:.0f} h wk")
    return [line1, line2, line3]


EAC_TAGS = {EAC_CPI: "÷CPI", EAC_NO_COST: "=BAC", EAC_FALLBACK: "AC+rest"}
"""The header's short name for each EAC formula (the money view spells it out)."""
MONEY_KEY = next(str(i) for i, tab in enumerate(TABS, start=1) if tab.id == "scope")
"""The key of the view with the earned-value figures."""
EAC_JUMP = 0.05
"""A change of the EAC over a week, as a share of the BAC, that the alert line explains."""


def eac_jump(view: PlayerView, width: int = NARROW) -> str:
    """'EAC 363k → 437k last week: CPI 0.83, EAC = BAC / CPI' when the EAC moved by
    `EAC_JUMP` of the BAC or more over the last week ('' otherwise); without the
    formula on a narrow terminal."""
    if len(view.history) < 2 or view.money.bac <= 0:
        return ""
    before, now = view.history[-2], view.history[-1]
    if abs(now.eac_cpi - before.eac_cpi) < EAC_JUMP * view.money.bac:
        return ""
    why = (f"CPI {now.cpi:.2f}, EAC = BAC / CPI" if now.eac_method == EAC_CPI
           else f"EAC = {now.eac_method}")
    if width < NARROW:
        why = f"CPI {now.cpi:.2f}" if now.eac_method == EAC_CPI else now.eac_method
    return (f"EAC {short_money(before.eac_cpi)} → {short_money(now.eac_cpi)} last week: "
            f"{why} ({MONEY_KEY}: money).")


def alert_line(view: PlayerView, week_open: bool, width: int = NARROW,
               note: str = "") -> Text:
    """What needs the player now: requests, breaches, a week under way, the end (the
    quiet planning line in fewer words on a narrow terminal); a `note` on what the
    player just did (an undo) comes first, on the one line, until the next change."""
    if view.finished:
        return Text("■ The project is over — press enter for the debrief.", style=c("accent"))
    if note:
        line = Text(note, style=f"bold {c('accent')}", no_wrap=True, overflow="ellipsis")
        line.truncate(max(10, width - 2), overflow="ellipsis")
        return line
    if view.pending:
        n = len(view.pending)
        return Text(f"? {count(n, 'request')} {'waits' if n == 1 else 'wait'} for your "
                    "answer — press e to answer.",
                    style=f"bold {c('warn')}")
    if view.breaches:
        names = (f"tolerance ({', '.join(sorted(view.breaches))})" if len(view.breaches) <= 2
                 else f"{len(view.breaches)} tolerances")
        out = "Out of" if width < NARROW else "Forecast out of"
        if set(view.breaches) & set(view.raisable):
            return Text(f"! {out} {names} — raise an exception (z)?",
                        style=f"bold {c('bad')}")
        again = "z if it worsens" if width < NARROW else "z again if it worsens"
        return Text(f"! {out} {names} — reported ({again})", style=c("warn"))
    if week_open:
        return Text(f"▶ Week {view.week} is under way — press e to play on.",
                    style=c("accent"))
    jump = eac_jump(view, width)
    if jump:
        return Text(jump, style=c("warn"))
    if width < NARROW:
        return Text(f"Plan week {view.week}: a for decisions, e ends it.", style=c("muted"))
    return Text(f"Plan week {view.week}: take decisions (a for the menu), then e to end "
                "the week.", style=c("muted"))


class KeyFigures(Static):
    """Week, spend, EAC, forecast, SPI(t), CPI, morale, satisfaction, attention."""

    DEFAULT_CSS = """
    KeyFigures { height: auto; padding: 0 1; background: $boost; }
    """

    view: reactive[PlayerView | None] = reactive(None, always_update=True)
    label: reactive[str] = reactive("")
    base_label = ""
    """The label as the screen set it (seed, team), for when a round clock stops."""
    week_open: reactive[bool] = reactive(False)
    note: reactive[str] = reactive("")
    """A word on what the player just did (an undo), shown in place of the alert line
    until the screen clears it: a toast would cover the view under it."""

    def watch_view(self) -> None:
        self._render_view()

    def watch_note(self) -> None:
        self._render_view()

    def watch_week_open(self) -> None:
        self._render_view()

    def watch_label(self) -> None:
        self._render_view()

    def on_resize(self) -> None:
        # after this layout pass: the new lines' height takes effect in the next one
        self.call_after_refresh(self._render_view)

    def _render_view(self) -> None:
        if self.view is None:
            return
        width = self.outer_size.width or 80  # the terminal's columns, padding included
        lines = figures_lines(self.view, self.label, width)
        lines.append(alert_line(self.view, self.week_open, width, self.note))
        self.update(Text("\n").join(lines))
