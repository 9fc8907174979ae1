"""Tutorial hints show in a tip box the moment they arrive (and stay in the feed); other
news is one toast a week, and a fast autoplay leaves no pile of toasts on the debrief."""

from __future__ import annotations

from helpers_tui import notices, press, run, settle, wait_for

from pmsim.engine.turn import FeedEvent
from pmsim.scenario import load_scenario
from pmsim.session.news import autoplay_toast_seconds, news_toast, tips
from pmsim.tui import make_app
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.dialogs.tips import TipsDialog
from pmsim.tui.screens.briefing import BriefingScreen
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen


def event(kind: str, text: str, week: int = 2, cause: str = "") -> FeedEvent:
    return FeedEvent(week, 5.0, kind, text, cause)  # type: ignore[arg-type]


def test_tips_keep_the_feed_order_and_the_scenario_headlines() -> None:
    tutorial = load_scenario("tutorial")
    feed = [event("hint", "Risks. Press 4 for the risk register, then k to respond to a "
                  "risk before it happens. A planned response is cheaper than repairing "
                  "the damage later.", 1),
            event("milestone", "Task 'Design the stall' finished.", 1),
            event("hint", "Something new.", 1)]
    found = tips(feed, tutorial)
    assert [t.title for t in found] == ["", "Risks"]  # newest first, as the feed reads
    assert found[0].text == "Something new." and found[1].text.startswith("Press 4 ")
    # "Running late?" keeps its own punctuation (the feed shows "Running late?. Press c")
    late = next(e for e in tutorial.events if e.title == "Running late?")
    assert tips([event("hint", f"{late.title}. {late.text}", 3)], tutorial)[0].title == \
        "Running late?"


def test_one_toast_for_a_week_of_news() -> None:
    news = [event("milestone", "Task done."), event("hint", "A tip."),
            event("risk", "Risk 'Vendor' happened.", cause="bad luck"),
            event("change", "Change accepted.")]
    toast = news_toast(news)
    assert toast is not None and toast.title == "Week 2" and toast.severity == "warning"
    assert toast.message.startswith("Risk 'Vendor' happened (bad luck).")
    assert "(+1 more" in toast.message  # the hint has its tip box; milestones are no news
    assert news_toast([event("milestone", "Task done."), event("hint", "A tip.")]) is None
    in_autoplay = news_toast(news, with_hints=True)
    assert in_autoplay is not None and in_autoplay.title == "Hint"
    assert in_autoplay.message.startswith("A tip.") and "(+2 more" in in_autoplay.message


def test_autoplay_toasts_only_when_there_is_time_to_read_them() -> None:
    assert autoplay_toast_seconds(0) is None and autoplay_toast_seconds(0.2) is None
    for delay in (0.5, 1.0, 2.0, 10.0):
        seconds = autoplay_toast_seconds(delay)
        assert seconds is not None and seconds <= 5 and seconds <= 2 * max(delay, 0.5)


@run
async def test_the_tutorial_shows_its_hints_as_they_arrive() -> None:
    app = make_app(scenario="tutorial", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(await press(pilot, "enter"), BriefingScreen)
        screen = await press(pilot, "enter")
        assert isinstance(screen, TipsDialog)  # before any key on the dashboard
        assert [t.title for t in screen.tips] == [
            "The Work view", "Assigning people", "Risks", "A change request is coming"]
        assert isinstance(await press(pilot, "enter"), DashboardScreen)
        await press(pilot, "e")
        screen = await press(pilot, "enter")  # play week 1: week 2 opens with its tips …
        assert isinstance(screen, TipsDialog)
        assert {t.week for t in screen.tips} == {2} and len(screen.tips) == 3
        assert isinstance(await press(pilot, "escape"), RequestDialog)  # … then Rosa asks
        await press(pilot, "4", "4")  # the Risks view's key, even twice, does not answer
        assert isinstance(app.screen, RequestDialog)
        await press(pilot, "enter")  # enter answers with the option 4 moved to
        assert isinstance(app.screen, DashboardScreen)
        hints = [e for e in app.session.view().feed if e.kind == "hint"]
        assert len(hints) == 7  # all still in the feed
        assert not [n for n in notices(app) if "Overtime" in n]  # no toast repeats a tip


@run
async def test_a_fast_autoplay_leaves_no_toasts_on_the_debrief() -> None:
    app = make_app(scenario="tutorial", seed=3, autoplay="cautious", delay=0)
    raised: list[str] = []
    original = app.notify

    def counting(message: str, **kwargs: object) -> None:
        raised.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = counting  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, DebriefScreen)
        assert notices(app) == [] and raised == []
