"""Authoring commands: `new` (a commented starter scenario) and `docs` (the field
reference of the scenario format, rendered from the schema, and the README's summary of
the model's defaults)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmsim.errors import UserError
from pmsim.files import check_target, write_file

DEFAULT_GUIDE = Path("docs") / "authoring.md"
"""The authoring guide `pmsim docs --write` refreshes, relative to the current folder."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `new` and `docs`."""
    p = sub.add_parser(
        "new", help="write a commented starter scenario to edit",
        description="Write a starter scenario with the id ID: a small complete project, "
        "commented table by table, that validates and plays as it stands. Edit it, then "
        "check it with `pmsim validate`, `pmsim forecast` and `pmsim calibrate`.")
    p.add_argument("id", metavar="ID",
                   help="scenario id: lower-case letters, digits, '-' and '_' (e.g. office-move)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="where to write it (default: ID.toml in the current folder); an "
                   "existing file is never overwritten")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "docs", help="print the scenario field reference, or refresh it in the guide",
        description="Print the reference of every key of the scenario format (Markdown, "
        "generated from the schema). With --write, replace the reference between the "
        "<!-- fields:start --> and <!-- fields:end --> lines of FILE, and the summary of "
        "the model's defaults between its <!-- model:start --> and <!-- model:end --> "
        "lines (README.md has those), the blocks between <!-- figures:NAME:start --> "
        "and <!-- figures:NAME:end --> lines (docs/model.md has those), or a facilitator "
        "guide's scenario figures between its <!-- facts:start --> and "
        "<!-- figures:start --> markers (FILE named after its scenario, e.g. "
        "docs/scenarios/portal-launch.md); with --check, exit 1 if FILE is out of date.")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="update FILE in place")
    group.add_argument("--check", action="store_true",
                       help="exit 1 if FILE's reference differs from the schema")
    p.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE",
                   help=f"the guide for --write and --check (default: {DEFAULT_GUIDE})")
    p.set_defaults(func=cmd_docs)


def cmd_new(args: argparse.Namespace) -> int:
    """Write the starter scenario; refuse a bad id or an existing file."""
    from pmsim.authoring import check_scenario_id, starter_scenario

    scenario_id = check_scenario_id(args.id)
    path: Path = args.out if args.out is not None else Path(f"{scenario_id}.toml")
    text = starter_scenario(scenario_id, str(path))
    example = f"{scenario_id}.toml"
    if path.parent.is_dir():  # a folder, link, device or existing file: refused first
        check_target(path, "scenario", example=example, overwrite=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {path.parent} for {path} "
                        f"({exc.strerror or exc}); choose another path with --out.") from None
    write_file(path, text, "scenario", example=example, overwrite=False)
    print(f"wrote {path}: scenario '{scenario_id}', ready to edit. Next:\n"
          f"  pmsim validate {path}\n"
          f"  pmsim forecast {path}\n"
          f"  pmsim calibrate {path} --runs 100\n"
          f"  pmsim play {path}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Print the reference, or write / check it in the guide."""
    from pmsim.authoring import render_reference

    reference = render_reference()
    if not (args.write or args.check):
        if args.file is not None:
            raise UserError("FILE is for --write or --check; `pmsim docs` alone prints "
                            "the reference")
        sys.stdout.write(reference)
        return 0
    path: Path = args.file if args.file is not None else DEFAULT_GUIDE
    if args.write and (path.exists() or path.is_symlink()):
        check_target(path, "guide", example=DEFAULT_GUIDE.name)
    elif path.exists() and not path.is_file():  # never wait on a FIFO or read a device
        raise UserError(f"{path} is not a regular file; name the guide to check as FILE")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path} does not exist; name the guide to update as FILE") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path} ({exc})") from None
    try:
        updated, what = _refresh(text, reference, path.stem)
    except UserError as exc:
        raise UserError(f"{path}: {exc}") from None
    verb = "are" if " and " in what or what.endswith("s") else "is"
    if args.check:
        if updated != text:
            print(f"{path}: the {what} {verb} out of date; run "
                  f"`pmsim docs --write {path}`", file=sys.stderr)
            return 1
        print(f"{path}: the {what} {verb} up to date")
        return 0
    if updated == text:
        print(f"{path}: already up to date")
        return 0
    write_file(path, updated, "guide")
    print(f"{path}: {what} updated")
    return 0


def _refresh(text: str, reference: str, stem: str = "") -> tuple[str, str]:
    """`text` with its generated blocks refreshed, and what they are ("field reference",
    "model summary", "model figures", "scenario figures", or several). A facilitator
    guide (with the scenario figures' markers) is the guide of the built-in scenario its
    file is named after; a file with none of the markers needs the field reference's (and
    is told so)."""
    from pmsim.authoring import FIELDS_START, replace_reference
    from pmsim.guide_facts import FACTS_START, FIGURES_START, replace_blocks
    from pmsim.model_doc import has_figures, replace_figures
    from pmsim.model_summary import MODEL_START, replace_model_summary

    names = []
    guide = FACTS_START in text or FIGURES_START in text
    figures = has_figures(text)
    if guide:
        from pmsim.scenario import builtin_paths, load_scenario

        if stem not in builtin_paths():
            raise UserError(f"a guide with scenario figures is named after a built-in "
                            f"scenario ({', '.join(builtin_paths())}), not '{stem}'")
        text = replace_blocks(text, load_scenario(stem))
        names.append("scenario figures")
    if not guide and (FIELDS_START in text or not (MODEL_START in text or figures)):
        text = replace_reference(text, reference)
        names.append("field reference")
    if MODEL_START in text:
        text = replace_model_summary(text)
        names.append("model summary")
    if figures:
        text = replace_figures(text)
        names.append("model figures")
    return text, " and ".join(names)
