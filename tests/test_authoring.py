"""The scenario author's tools: the guide's field reference matches the schema, every
field has a docstring, the guide's example is a valid scenario, and `pmsim new` writes
a commented starter that validates and plays; `pmsim docs` prints and refreshes the
reference."""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from pydantic import BaseModel

from pmsim.authoring import (
    FIELDS_END,
    FIELDS_START,
    STARTER,
    STARTER_ID,
    field_docs,
    render_reference,
    replace_reference,
    starter_scenario,
    tables,
    undocumented,
)
from pmsim.cli import main
from pmsim.policies import get_policy, play_game
from pmsim.scenario import parameters, parse_scenario_text, read_scenario_file, register, schema
from pmsim.scenario import types as value_types
from pmsim.scenario.limits import MAX_WEEKS
from pmsim.scenario.schema import Scenario

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "authoring.md"
SCHEMA_MODULES = (schema, parameters, register, value_types)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `pmsim ARGV` in-process; return (exit status, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def schema_models() -> list[type[BaseModel]]:
    """Every pydantic model defined in the schema modules."""
    found = {}
    for module in SCHEMA_MODULES:
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                found[obj.__name__] = obj
    return [found[name] for name in sorted(found)]


def guide_example() -> str:
    """The TOML code block between the guide's example markers."""
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split("<!-- example:start -->", 1)[1].split("<!-- example:end -->", 1)[0]
    match = re.search(r"```toml\n(.*?)```", block, re.S)
    assert match, "no ```toml block between the example markers of docs/authoring.md"
    return match.group(1)


def play_to_the_end(scenario: Scenario, policy: str = "passive", seed: int = 0) -> None:
    sim = play_game(scenario, seed, get_policy(policy))
    assert sim.finished
    outcome = sim.outcome()
    assert 0 <= outcome.score <= 1000


# ---------------------------------------------------------------- the field reference


def test_guide_field_reference_matches_the_schema():
    text = GUIDE.read_text(encoding="utf-8")
    assert replace_reference(text) == text, (
        "docs/authoring.md's field reference differs from the schema; run "
        "`pmsim docs --write` from the repository's top folder to update it")


def test_every_field_of_the_schema_has_a_docstring():
    models = schema_models()
    assert {"Scenario", "Task", "Risk", "Model", "Trigger"} <= {m.__name__ for m in models}
    missing = []
    for model in models:
        if not (model.__doc__ or "").strip():
            missing.append(model.__name__)
        for name, info in model.model_fields.items():
            if not (info.description or "").strip():
                missing.append(f"{model.__name__}.{name}")
    assert not missing, f"fields without a docstring: {missing}"
    assert undocumented() == []


def test_the_reference_covers_every_model_of_the_format():
    """Every model a scenario can hold is a section of the reference (a model added to
    the schema modules but never used by `Scenario` would be a dead table)."""
    listed = {t.model for t in tables()}
    unused = [m.__name__ for m in schema_models()
              if m not in listed and m is not value_types.Strict
              and not any(issubclass(t, m) for t in listed)]  # a base: its fields are listed
    assert not unused, f"models not reachable from Scenario: {unused}"
    reference = render_reference()
    for table in tables():
        assert f"### {table.heading}" in reference
        for row in field_docs(table.model):
            assert f"| `{row.name}` |" in reference


def test_reference_rows_show_types_defaults_and_ranges():
    reference = render_reference()
    rows = {line.split("|")[1].strip(): line for line in reference.splitlines()
            if line.startswith("| `")}
    assert "required" in rows["`deadline_week`"]
    assert f"1 to {MAX_WEEKS}" in rows["`deadline_week`"]
    assert "`1.5`" in rows["`max_overtime`"] and "1 to 2" in rows["`max_overtime`"]
    assert '`"tutorial"`' in rows["`difficulty`"] and '`"standard"`' in rows["`difficulty`"]
    assert "`[low, likely, high]`" in rows["`delay_days`"]
    # an empty default that breaks its own minimum length is shown as required
    assert "| required |" in rows["`staff`"]
    assert "[Task](#table-task)" in reference
    assert "### `[risks.responses.<response>]`" in reference


def test_reference_is_plain_markdown_tables():
    for line in render_reference().splitlines():
        if line.startswith("| `"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) == 6, line  # 4 cells between 5 unescaped pipes


def test_replace_reference_needs_both_markers():
    from pmsim.errors import UserError

    with pytest.raises(UserError, match="fields:start"):
        replace_reference("# no markers here\n")
    stale = f"intro\n{FIELDS_START}\nold text\n{FIELDS_END}\nafter\n"
    fresh = replace_reference(stale)
    assert fresh.startswith("intro\n") and fresh.endswith(f"{FIELDS_END}\nafter\n")
    assert "old text" not in fresh and replace_reference(fresh) == fresh


def test_pmsim_docs_prints_checks_and_writes(capsys, tmp_path):
    code, out, _ = run(capsys, "docs")
    assert code == 0 and out == render_reference()

    guide = tmp_path / "guide.md"
    guide.write_text(f"# Guide\n\n{FIELDS_START}\nstale\n{FIELDS_END}\n", encoding="utf-8")
    code, _, err = run(capsys, "docs", "--check", str(guide))
    assert code == 1 and "pmsim docs --write" in err
    code, out, _ = run(capsys, "docs", "--write", str(guide))
    assert code == 0 and "updated" in out
    code, _, _ = run(capsys, "docs", "--check", str(guide))
    assert code == 0
    assert replace_reference(guide.read_text(encoding="utf-8")) == guide.read_text(
        encoding="utf-8")

    code, _, err = run(capsys, "docs", "--write", str(tmp_path / "missing.md"))
    assert code == 1 and "does not exist" in err


# ---------------------------------------------------------------- the guide


def test_guide_example_is_a_valid_scenario_that_plays():
    scenario = parse_scenario_text(guide_example(), "docs/authoring.md example")
    assert scenario.meta.id == "bakery-refit"
    kinds = {r.kind for r in scenario.risks}
    assert kinds == {"threat", "opportunity"}
    assert any(e.kind == "change_request" for e in scenario.events)
    play_to_the_end(scenario)


def test_guide_walks_through_the_authors_loop():
    text = GUIDE.read_text(encoding="utf-8")
    steps = re.findall(r"^### \d\. (.*)$", text, re.M)
    words = ["new", "validate", "forecast", "calibrate", "play"]
    assert len(steps) == len(words), steps
    for step, word in zip(steps, words, strict=True):
        assert word in step.lower() or (word == "new" and "starter" in step.lower()), step
    for command in ("pmsim new", "pmsim validate", "pmsim forecast", "pmsim calibrate",
                    "pmsim play"):
        assert command in text


# ---------------------------------------------------------------- pmsim new


def test_starter_template_ships_inside_the_package():
    """The template is a data file of `pmsim.scenario`; the wheel packs all of `pmsim/`
    (hatchling, `packages = ["pmsim"]`), so an installed pmsim finds it the same way."""
    template = resources.files("pmsim.scenario").joinpath(STARTER)
    assert template.is_file()
    assert Path(str(template)).resolve().is_relative_to(REPO / "pmsim")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["pmsim"]
    assert f'id = "{STARTER_ID}"' in template.read_text(encoding="utf-8")


def test_pmsim_new_writes_a_starter_that_validates_and_plays(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "city-library-app")
    assert code == 0, err
    path = tmp_path / "city-library-app.toml"
    assert "city-library-app.toml" in out and "pmsim validate" in out
    scenario = read_scenario_file(path)
    assert scenario.meta.id == "city-library-app"
    assert scenario.meta.title == "City library app"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and "valid" in out
    play_to_the_end(scenario, "passive")
    play_to_the_end(scenario, "cautious", seed=3)


def test_starter_comments_explain_every_table():
    text = starter_scenario("commented")
    lines = text.splitlines()
    seen = set()
    for i, line in enumerate(lines):
        header = re.match(r"^\[\[?([a-z_]+)\]\]?$", line)
        if not header or header.group(1) in seen:
            continue
        seen.add(header.group(1))
        above = next(ln for ln in reversed(lines[:i]) if ln.strip())
        assert above.startswith("#"), f"no comment above the first {line}"
    assert {"meta", "calendar", "budget", "scope", "tasks", "team", "hire_pool",
            "stakeholders", "risks", "events"} <= seen
    # it names the file it will be written to in its opening commands
    assert "pmsim validate commented.toml" in text
    assert STARTER_ID not in starter_scenario("other", "drafts/x.toml").split("[[scope]]")[0]


def test_pmsim_new_out_and_never_overwrites(capsys, tmp_path):
    target = tmp_path / "drafts" / "library.toml"
    target.parent.mkdir()
    code, _, err = run(capsys, "new", "library", "--out", str(target))
    assert code == 0, err
    assert read_scenario_file(target).meta.id == "library"
    assert f"pmsim validate {target}" in target.read_text(encoding="utf-8")

    target.write_text("# my work\n", encoding="utf-8")
    code, _, err = run(capsys, "new", "library", "--out", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_text(encoding="utf-8") == "# my work\n"

    code, _, err = run(capsys, "new", "library", "--out", str(tmp_path / "new" / "x.toml"))
    assert code == 0 and (tmp_path / "new" / "x.toml").is_file()  # the folder is made
    code, _, err = run(capsys, "new", "library.toml")
    assert code == 1 and "give the id without '.toml' (`pmsim new library`" in err
    code, _, err = run(capsys, "new", "library", "--out", str(tmp_path))
    assert code == 1 and "is a folder" in err


@pytest.mark.parametrize("bad", ["Office Move", "", "_lead", "a" * 49, "café", "x/y", "UP"])
def test_pmsim_new_refuses_an_invalid_id(capsys, tmp_path, monkeypatch, bad):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "new", bad)
    assert code == 1
    assert "is not a valid scenario id" in err and "lower-case" in err
    assert list(tmp_path.iterdir()) == []


def test_invalid_id_message_suggests_a_fix(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "new", "Office Move")
    assert "'office-move'" in err


def test_help_lists_the_authoring_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "new" in out and "docs" in out
