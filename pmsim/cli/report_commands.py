"""`pmsim report`: the debrief of one game log, or the facilitator's summary of a
workshop, as Markdown, HTML or JSON."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsim.errors import UserError
from pmsim.parallel import default_jobs
from pmsim.text import clean_line

if TYPE_CHECKING:
    from pmsim.gamelog import LoadedLog
    from pmsim.report.takeover import TakeoverAdvice

FORMATS = ("md", "json", "html")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `pmsim report`."""
    p = sub.add_parser(
        "report", help="write the debrief of a game log, or a workshop's summary",
        description="Write the debrief of a finished game from its log: score by dimension "
        "with the reasons, key figures per week, the decisions and events, and charts (in "
        "HTML). With --workshop, write the facilitator's summary of every team of a "
        "workshop side by side, and a CSV of the same rows.",
        epilog="Examples: pmsim report game.jsonl --format html --out debrief.html; "
        "pmsim report --workshop K7QX-M3RT-AC --out room.md (also writes room.csv).")
    p.add_argument("log", nargs="?", default=None, metavar="LOG",
                   help="the game log of a finished game (.jsonl)")
    p.add_argument("--workshop", metavar="CODE", default=None,
                   help="summarise every recorded game of this workshop instead")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="md (default; Markdown), html (one self-contained file with charts) "
                   "or json (the same content as data); without it, --out's suffix decides")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="write to this file (replaced if it exists) instead of printing; "
                   "a Markdown debrief gets its charts as .svg files beside it")
    p.add_argument("--scenario", metavar="SCENARIO", default=None,
                   help="replay the log on this scenario (built-in id or .toml) when its "
                   "file has moved; it must be unchanged")
    p.add_argument("--db", metavar="PATH", default=None,
                   help="the results store: the workshop's games, and the cache of the "
                   "baseline bot's games (default: your own store)")
    p.add_argument("--csv", metavar="FILE", default=None,
                   help="with --workshop: where to write the CSV (default: beside --out)")
    p.add_argument("--no-luck", dest="luck", action="store_false",
                   help="leave out the luck-adjusted result: the margin over the cautious "
                   "bot on the same seed and the seed's luck percentile (the first time for "
                   "a scenario, it plays about 200 bot games, then they are cached)")
    p.set_defaults(func=cmd_report)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.out).suffix.lower() if args.out else ""
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "md")


def cmd_report(args: argparse.Namespace) -> int:
    """Check the arguments, build the report, write or print it."""
    if (args.log is None) == (args.workshop is None):
        raise UserError("name either a game log (pmsim report LOG) or a workshop "
                        "(pmsim report --workshop CODE), not both and not neither.")
    fmt = _format(args)
    if args.workshop is not None:
        if args.scenario:
            raise UserError("--scenario applies to one game log; a workshop's games are "
                            "replayed on the workshop's own scenario.")
        return _workshop(args, fmt)
    if args.csv:
        raise UserError("--csv goes with --workshop: a game log's report has no CSV.")
    return _game(args, fmt)


def _game(args: argparse.Namespace, fmt: str) -> int:
    from pmsim.gamelog import read_log
    from pmsim.report.model import report_from_log
    from pmsim.report.output import check_output_path, write_text

    out = check_output_path(args.out) if args.out else None  # before the replay's work
    if out is not None and out.exists() and Path(args.log).exists() \
            and out.samefile(args.log):
        raise UserError(f"--out {args.out} is the game log itself; writing the report there "
                        "would destroy the saved game. Choose another file name.")
    if out is not None and fmt == "md":
        for path in _chart_paths(out).values():  # refused before any file is written
            check_output_path(path, "chart")
    log = read_log(args.log)
    report = report_from_log(log, args.scenario)
    measured = _measured(log)
    if measured is not None:
        report = dataclasses.replace(
            report, advice=" ".join(x for x in (measured.sentence(), report.advice) if x),
            beside_bot=tuple((w.week, w.yours, w.bot) for w in measured.beside))
    if args.luck:
        luck = _luck(args.scenario or log.scenario_path, log.seed, report.score, args.db)
        report = dataclasses.replace(report, luck=luck)
    if fmt == "json":
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        from pmsim.report.html import render_html

        text = render_html(report)
    else:
        from pmsim.report.markdown import render_markdown

        links = _write_charts(report, out) if out is not None else None
        text = render_markdown(report, links)
    if out is None:
        sys.stdout.write(text)
        return 0
    write_text(out, text)
    print(clean_line(f"Wrote the debrief of {args.log} to {out} ({fmt})."), file=sys.stderr)
    return 0


def _luck(scenario_ref: str, seed: int, score: int, db: str | None) -> dict[str, Any] | None:
    """The luck-adjusted result of a game (the baseline bot's games are cached in the
    results store), or None with a note on stderr when it cannot be had."""
    from pmsim.results.luck_baseline import REFERENCE_RUNS, cached_luck, luck_report
    from pmsim.scenario import ScenarioError

    try:
        luck = cached_luck(scenario_ref, seed, db)
        if luck is not None:
            return _luck_data(luck, score)
        print(f"pmsim: playing the baseline bot on this seed and {REFERENCE_RUNS} others for "
              "the luck-adjusted result (once per scenario: the games are cached; "
              "--no-luck skips it)…", file=sys.stderr)
        with _progress() as progress:
            luck = luck_report(scenario_ref, seed, db, jobs=default_jobs(),
                               progress=(lambda done, total: progress("baseline", done, total))
                               if progress else None)
    except (UserError, ScenarioError) as exc:
        why = exc.problems[0] if isinstance(exc, ScenarioError) else exc
        print(f"pmsim: the report leaves out the luck-adjusted result ({why}).",
              file=sys.stderr)
        return None
    return _luck_data(luck, score)


def _luck_data(luck: Any, score: int) -> dict[str, Any]:
    return {"policy": luck.policy, "baseline_score": luck.baseline_score,
            "margin": luck.margin(score), "kinder_than": luck.kinder_than,
            "reference_runs": luck.reference_runs, "text": luck.explain(score)}


def _chart_paths(out: Path) -> dict[str, Path]:
    """Where a Markdown debrief's charts go: <out's stem>-<chart>.svg beside it."""
    from pmsim.report.svg import CHART_NAMES

    return {name: out.with_name(f"{out.stem}-{name}.svg") for name in CHART_NAMES}


def _write_charts(report, out: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The charts as SVG files beside a Markdown debrief; names relative to it. Every
    path is checked before the first is written."""
    from pmsim.report.output import check_output_path, write_text
    from pmsim.report.svg import report_charts

    paths = _chart_paths(out)
    for path in paths.values():
        check_output_path(path, "chart")
    links = {}
    for name, svg in report_charts(report).items():
        write_text(paths[name], svg + "\n", "chart")
        links[name] = paths[name].name
    return links


def _workshop(args: argparse.Namespace, fmt: str) -> int:
    from pmsim.report.output import check_output_path, write_text
    from pmsim.report.workshop_summary import render_csv, summarise_workshop

    out = check_output_path(args.out) if args.out else None
    csv_path = None
    if args.csv:
        csv_path = check_output_path(args.csv, "CSV")
    elif out is not None:
        csv_path = check_output_path(out.with_suffix(".csv"), "CSV")
    if csv_path is not None and out is not None and csv_path.resolve() == out.resolve():
        raise UserError(f"the summary and its CSV would both be written to {out}; give the "
                        "summary another suffix (.md or .html) or name the CSV with --csv.")
    _not_the_store(args.db, out, csv_path)
    with _progress() as progress:
        summary = summarise_workshop(args.workshop, args.db, luck=args.luck,
                                     jobs=default_jobs(), progress=progress)
    if fmt == "json":
        text = json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        from pmsim.report.workshop_summary import render_workshop_html

        text = render_workshop_html(summary)
    else:
        from pmsim.report.workshop_summary import render_workshop_markdown

        text = render_workshop_markdown(summary)
    if out is None:
        sys.stdout.write(text)
    else:
        write_text(out, text, "summary")
        print(f"Wrote the summary of workshop {summary.code} to {out} ({fmt}).",
              file=sys.stderr)
    if csv_path is not None:
        write_text(csv_path, render_csv(summary), "CSV")
        print(f"Wrote the CSV of the same rows to {csv_path}.", file=sys.stderr)
    elif out is None:
        print("No CSV written: give --out FILE (the CSV goes beside it) or --csv FILE.",
              file=sys.stderr)
    return 0


def _not_the_store(db: str | None, *paths: Path | None) -> None:
    """Refuse to write a summary or CSV over the results store itself."""
    from pmsim.results.store import default_db_path

    store = Path(db).expanduser() if db else default_db_path()
    for path in paths:
        if path is not None and path.exists() and store.exists() and path.samefile(store):
            raise UserError(f"{path} is the results store itself; writing there would "
                            "destroy every recorded game. Choose another file name.")


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on stderr while the games are replayed and the baseline bot plays
    (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pmsim.cli.terminal import console as make_console

    labels = {"verifying": "replaying the teams' logs", "baseline": "baseline bot games"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=make_console(stderr=True), transient=True) as bar:
        tasks: dict[str, object] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]

        yield update


def _measured(log: LoadedLog) -> TakeoverAdvice | None:
    """What this game's decisions were worth against the cautious bot on its own luck
    (`pmsim.report.takeover`), or None when the log cannot be rewound here (its scenario
    given by hand elsewhere, say)."""
    from pmsim.report.takeover import takeover_advice

    try:
        return takeover_advice(log)
    except UserError:
        return None
