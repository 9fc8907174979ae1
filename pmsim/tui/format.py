"""Small formatting helpers shared by the widgets: money, bars, symbols.

Colour is never the only cue: every status has a symbol and a word, every bar a number.
Colours come from the current Textual theme (`use_theme`), so light and dark themes both
read well; widgets re-render when the theme changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.color import Color

from pmsim.engine.outlook import Outlook


@dataclass(frozen=True)
class Palette:
    """The few colours the game uses, as Rich colour strings."""

    good: str = "#4EBF71"
    warn: str = "#FEA62B"
    bad: str = "#E0577A"
    accent: str = "#3FA9F5"
    muted: str = "#8A8A8A"
    text: str = "#E0E0E0"


PALETTE = Palette()


def use_theme(variables: dict[str, str], dark: bool) -> None:
    """Take the colours from a theme's CSS variables (`App.theme_variables`)."""
    global PALETTE

    def pick(name: str, fallback: str) -> str:
        for key in ((f"{name}-lighten-1", name) if dark else (f"{name}-darken-2", name)):
            if key in variables:
                try:
                    return Color.parse(variables[key]).hex6
                except Exception:
                    continue
        return fallback

    base = Palette()
    try:
        fg = Color.parse(variables.get("foreground", base.text))
        bg = Color.parse(variables.get("background", "#000000" if dark else "#ffffff"))
        muted = bg.blend(fg.with_alpha(1.0), 0.6).hex6
        text = fg.with_alpha(1.0).hex6
    except Exception:
        muted, text = base.muted, base.text
    PALETTE = Palette(good=pick("success", base.good), warn=pick("warning", base.warn),
                      bad=pick("error", base.bad), accent=pick("primary", base.accent),
                      muted=muted, text=text)

STATUS_SYMBOLS = {
    "done": ("✓", "done", "good"),
    "active": ("▶", "active", "accent"),
    "waiting": ("·", "waiting", "muted"),
    "proposed": ("?", "proposed", "muted"),
    "cut": ("✗", "cut", "bad"),
    "deferred": ("‖", "deferred", "warn"),
    "delivered": ("✓", "delivered", "good"),
    "planned": ("·", "planned", "text"),
}
"""Task and scope status → (symbol, word, colour role)."""


def status_marks(*names: str) -> str:
    """These statuses as their symbol and word, for the help: '✓ done, ✗ cut'."""
    return ", ".join(f"{STATUS_SYMBOLS[n][0]} {STATUS_SYMBOLS[n][1]}" for n in names)


def c(role: str) -> str:
    """The colour of a role (good, warn, bad, accent, muted, text) in the current theme."""
    return getattr(PALETTE, role)

def tab_label(number: int, label: str) -> str:
    """A tab's label with the number key that shows it: "1 Work"."""
    return f"{number} {label}"


def tab_keys(count: int) -> str:
    """The number keys of `count` tabs, for a help: "1 … 6"."""
    return f"1 … {count}" if count > 1 else "1"


PRIORITY = {"must": "MUST", "should": "Should", "could": "could", "wont": "won't"}


def money(amount: float, currency: str = "") -> str:
    """12,345 EUR (whole units)."""
    text = f"{amount:,.0f}"
    return f"{text} {currency}" if currency else text


def short_money(amount: float) -> str:
    """Compact money for tight columns: 950, 12.3k, 1.25M."""
    sign = "-" if amount < 0 else ""
    a = abs(amount)
    if a >= 1_000_000:
        return f"{sign}{a / 1_000_000:.2f}M"
    if a >= 10_000:
        return f"{sign}{a / 1000:.0f}k"
    if a >= 1000:
        return f"{sign}{a / 1000:.1f}k"
    return f"{sign}{a:.0f}"


def percent(x: float) -> str:
    """0.72 → '72%'."""
    return f"{x * 100:.0f}%"


def bar(fraction: float, width: int = 10, role: str = "accent") -> Text:
    """A horizontal bar of `width` cells, filled to `fraction`, without a number."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    text = Text("█" * filled, style=c(role))
    text.append("░" * (width - filled), style=c("muted"))
    return text


def status(name: str) -> Text:
    """Symbol and word for a status, in its colour."""
    symbol, word, role = STATUS_SYMBOLS.get(name, ("•", name, "text"))
    return Text(f"{symbol} {word}", style=c(role))


def trend(delta: float, threshold: float = 0.5) -> Text:
    """▲ up, ▼ down, ► steady (with the change), coloured as well."""
    if delta > threshold:
        return Text(f"▲{delta:+.0f}", style=c("good"))
    if delta < -threshold:
        return Text(f"▼{delta:+.0f}", style=c("bad"))
    return Text("► 0", style=c("muted"))


def ratio(value: float | None, good: float = 1.0, warn: float = 0.9) -> Text:
    """An index such as CPI or SPI(t): number plus ✓ / ~ / ✗ by how close it is to good."""
    if value is None:
        return Text("–", style=c("muted"))
    if value >= good - 1e-9:
        return Text(f"{value:.2f} ✓", style=c("good"))
    if value >= warn:
        return Text(f"{value:.2f} ~", style=c("warn"))
    return Text(f"{value:.2f} ✗", style=c("bad"))


def level(value: float, low: float, high: float, text: str) -> Text:
    """`text` marked ✓ (≥ high), ~ (between) or ✗ (< low), coloured to match."""
    if value >= high:
        return Text(f"{text} ✓", style=c("good"))
    if value >= low:
        return Text(f"{text} ~", style=c("warn"))
    return Text(f"{text} ✗", style=c("bad"))


def names(people: dict[str, str], ids: tuple[str, ...], limit: int = 0) -> str:
    """Short first names of the people with these ids."""
    firsts = [people.get(i, i).split()[0] for i in ids]
    if limit and len(firsts) > limit:
        return ", ".join(firsts[:limit]) + f" +{len(firsts) - limit}"
    return ", ".join(firsts) or "—"


def forecast_change(before: Outlook, after: Outlook) -> str:
    """'Forecast: P50 week 20 → 19, on time 81% → 99%' (or 'unchanged'), for a preview."""
    if (before.p50_week, round(before.p_on_time, 2)) == (after.p50_week,
                                                        round(after.p_on_time, 2)):
        return (f"Forecast unchanged: P50 week {after.p50_week}, "
                f"{percent(after.p_on_time)} chance of meeting the deadline.")
    return (f"Forecast: P50 week {before.p50_week} → {after.p50_week}; chance of meeting the "
            f"deadline {percent(before.p_on_time)} → {percent(after.p_on_time)}.")


def distinct_cuts(names: list[str], width: int) -> list[str]:
    """Each name cut to `width` cells with an ellipsis, as Rich would cut it, except that
    names whose cuts would read the same keep their ends instead ('Payment pro…test',
    'Payment pro…ment'), so two rows never look alike."""
    def cut(name: str, tail: int) -> str:
        if cell_len(name) <= width:
            return name
        head = width - 1 - tail
        return set_cell_size(name, head) + "…" + (name[-tail:] if tail else "")

    cuts = [cut(n, 0) for n in names]
    for tail in range(4 if width >= 12 else 1, max(2, width // 2)):  # a readable end
        seen: dict[str, int] = {}
        for c_ in cuts:
            seen[c_] = seen.get(c_, 0) + 1
        clashing = [i for i, c_ in enumerate(cuts) if seen[c_] > 1 and names[i] != c_]
        if not clashing:
            break
        for i in clashing:
            cuts[i] = cut(names[i], tail)
    return cuts
