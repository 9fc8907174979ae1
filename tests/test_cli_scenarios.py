"""The scenario commands: `list`, `validate`, `schema`, `forecast`, and how SCENARIO
arguments and bad flags are handled. Most tests call `pmsim.cli.main` in-process; a few
go through `python -m pmsim` to prove the entry point works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.scenario import DEFAULT_SCENARIO, builtin_paths

FORECAST_KEYS = {"iterations", "deterministic_days", "mean_days", "p50_days", "p80_days",
                 "p_on_time", "criticality"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `pmsim ARGV` in-process; return (exit status, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors, --help, --version
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text, text


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- list ---------------------------------------------------------------------------

def test_list_json(capsys):
    code, out, err = run(capsys, "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["id"] for r in rows} == set(builtin_paths())
    for row in rows:
        assert {"id", "title", "difficulty", "deadline_week", "tasks", "default"} <= set(row)
        assert isinstance(row["tasks"], int) and row["tasks"] >= 1
        assert isinstance(row["deadline_week"], int)
    assert [r["id"] for r in rows if r["default"]] == [DEFAULT_SCENARIO]


def test_list_table(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert DEFAULT_SCENARIO in out and "portal-launch *" in out


# --- validate -----------------------------------------------------------------------

def test_validate_builtin_files_exit_0(capsys):
    files = [str(p) for p in builtin_paths().values()]
    code, out, err = run(capsys, "validate", *files)
    assert code == 0, out + err
    assert out.count(": valid") == len(files)


def test_validate_accepts_a_builtin_id(capsys):
    code, out, _ = run(capsys, "validate", DEFAULT_SCENARIO)
    assert code == 0 and "valid" in out


def test_validate_minimal(capsys, minimal_toml):
    code, out, _ = run(capsys, "validate", str(minimal_toml))
    assert code == 0 and "valid" in out


BROKEN_FILES = {
    "not-toml.toml": ("x = [\n", "not valid TOML"),
    "empty.toml": ("", "is empty"),
    "blank.toml": ("\n   \n# only a comment\n", "is empty"),
    "binary.toml": (bytes(range(256)), "binary"),
    "latin1.toml": ('title = "caf\xe9"\n'.encode("latin-1"), "not UTF-8"),
    "array-root.toml": ("meta = 1\n", "must be a table"),
    "deep.toml": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "too deeply"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_FILES))
def test_validate_unreadable_files(capsys, tmp_path, name):
    content, words = BROKEN_FILES[name]
    path = write(tmp_path, name, content)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}: " in out and words in out
    assert_no_traceback(out, err)


def test_validate_missing_file(capsys, tmp_path):
    path = tmp_path / "nope.toml"
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and f"{path}: does not exist" in out
    assert_no_traceback(out, err)


def test_validate_directory(capsys, tmp_path):
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert code == 1 and "is a directory" in out
    assert_no_traceback(out, err)


def test_validate_lists_every_problem_with_item_and_field(capsys, tmp_path, minimal_toml):
    text = minimal_toml.read_text(encoding="utf-8")
    text = text.replace('skills = { dev = 1.0 }', 'skills = { dev = "high" }')
    text = text.replace('staff = ["ann"]', 'staff = ["ann"]\ncolour = "red"')
    text = text.replace("deadline_week = 4", "deadline_week = 40")
    path = write(tmp_path, "bad.toml", text)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert_no_traceback(out, err)
    assert f"{path}: team 'ann': skills.dev: must be a number (got 'high')" in out
    assert f"{path}: tasks 'build': colour: unknown key; allowed here: id, name," in out
    # schema problems come first; the meaning checks run once the schema passes
    fixed = text.replace('skills = { dev = "high" }', 'skills = { dev = 1.0 }')
    fixed = fixed.replace('colour = "red"', "")
    write(tmp_path, "bad.toml", fixed)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}: calendar: deadline_week: is 40, after hard_stop_week 10" in out


def test_validate_several_files_reports_each(capsys, tmp_path, minimal_toml):
    bad = write(tmp_path, "bad.toml", "nonsense")
    code, out, err = run(capsys, "validate", str(minimal_toml), str(bad),
                         str(tmp_path / "gone.toml"))
    assert code == 1
    assert f"{minimal_toml}: valid" in out
    assert f"{bad}: " in out and "gone.toml: does not exist" in out
    assert "2 of 3 files invalid" in err


@pytest.mark.parametrize("old,new", [
    ('id = "build"', 'id = ["build"]'),
    ("[[team]]", "[[team]]\n[team.extra]\nx = 1\n[[team]]"),
    ("likely = 10", "likely = { days = 10 }"),
    ('priority = "must"', "priority = 1"),
    ("daily_rate = 500", "daily_rate = 1e400"),
    ("daily_rate = 500", "daily_rate = nan"),
    ("[calendar]", "[calendar.inner]\nx = 1\n[calendar]"),
    ('[meta]\nid = "minimal"', "[meta]\nid = 1979-05-27"),
    ("optimistic = 8", "optimistic = -8"),
])
def test_validate_wrong_types_and_unknown_keys_never_crash(capsys, tmp_path, minimal_toml,
                                                           old, new):
    text = minimal_toml.read_text(encoding="utf-8")
    assert old in text
    path = write(tmp_path, "mutant.toml", text.replace(old, new, 1))
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1, out
    assert_no_traceback(out, err)
    assert f"{path}: " in out


def test_validate_needs_a_file(capsys):
    code, _, err = run(capsys, "validate")
    assert code == 2 and "FILE" in err


# --- schema -------------------------------------------------------------------------

def test_schema_is_json_with_descriptions_and_no_extra_keys(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert {"meta", "calendar", "tasks", "team", "scope"} <= set(schema["required"])
    task = schema["$defs"]["Task"]
    assert task["additionalProperties"] is False
    assert "Most likely effort" in task["properties"]["likely"]["description"]
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition.get("additionalProperties") is False, name


# --- forecast -----------------------------------------------------------------------

def test_forecast_json(capsys):
    code, out, err = run(capsys, "forecast", DEFAULT_SCENARIO, "--iterations", "500",
                         "--seed", "3", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) >= FORECAST_KEYS
    assert result["iterations"] == 500
    assert result["deterministic_days"] > 0
    assert result["p50_days"] <= result["p80_days"]
    assert 0 <= result["p_on_time"] <= 1
    assert all(0 <= share <= 1 for share in result["criticality"].values())


def test_forecast_json_is_identical_for_the_same_seed(capsys):
    args = ("forecast", DEFAULT_SCENARIO, "--iterations", "800", "--seed", "11", "--json")
    first = run(capsys, *args)
    second = run(capsys, *args)
    assert first[0] == second[0] == 0
    assert first[1] == second[1]
    other = run(capsys, "forecast", DEFAULT_SCENARIO, "--iterations", "800", "--seed", "12",
                "--json")
    assert other[1] != first[1]


def test_forecast_of_a_file_path(capsys, minimal_toml):
    code, out, _ = run(capsys, "forecast", str(minimal_toml), "--iterations", "200")
    assert code == 0
    assert "Minimal" in out and "build" in out


@pytest.mark.parametrize("name, words", [
    ("no-such-scenario", "is neither a built-in scenario"),
    ("missing.toml", "does not exist"),
])
def test_unknown_scenario_is_one_paragraph_and_exit_1(capsys, tmp_path, name, words):
    code, out, err = run(capsys, "forecast", str(tmp_path / name) if name.endswith(".toml")
                         else name)
    assert code == 1
    assert out == ""
    assert words in err and err.startswith("pmsim: ")
    assert "\n\n" not in err.strip()
    assert_no_traceback(err)


def test_forecast_of_an_invalid_file(capsys, tmp_path):
    path = write(tmp_path, "bad.toml", "x = 1\n")
    code, _, err = run(capsys, "forecast", str(path))
    assert code == 1 and "problems" in err and "meta" in err
    assert_no_traceback(err)


@pytest.mark.parametrize("flags, words", [
    (["--iterations", "-5"], "--iterations"),
    (["--iterations", "0"], "--iterations"),
    (["--iterations", "ten"], "--iterations"),
    (["--iterations", "99999999999"], "--iterations"),
    (["--seed", "abc"], "--seed"),
    (["--seed", "-1"], "--seed"),
    (["--seed", "1.5"], "--seed"),
    (["--bogus"], "unrecognized arguments"),
])
def test_bad_flags_exit_2_with_argparse_message(capsys, flags, words):
    code, out, err = run(capsys, "forecast", DEFAULT_SCENARIO, *flags)
    assert code == 2
    assert "usage: pmsim" in err and words in err
    assert_no_traceback(out, err)


def test_unknown_command_exits_2(capsys):
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("pmsim ")


# --- the real entry point -------------------------------------------------------------

def _python_m_pmsim(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-m", "pmsim", *argv], capture_output=True,
                          text=True, timeout=120, env=env, check=False)


def test_python_m_pmsim_forecast_json():
    proc = _python_m_pmsim("forecast", DEFAULT_SCENARIO, "--iterations", "300", "--json")
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) >= FORECAST_KEYS


def test_python_m_pmsim_validate_failure_and_bad_flag(tmp_path):
    path = write(tmp_path, "binary.toml", b"\x00\x01\x02")
    proc = _python_m_pmsim("validate", str(path))
    assert proc.returncode == 1
    assert "binary" in proc.stdout
    assert_no_traceback(proc.stdout, proc.stderr)
    proc = _python_m_pmsim("forecast", DEFAULT_SCENARIO, "--seed", "x")
    assert proc.returncode == 2 and "usage:" in proc.stderr
    assert_no_traceback(proc.stderr)


def test_play_without_a_terminal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Piped or redirected, `pmsim play` cannot draw: a message and exit 1, no hang."""
    assert main(["play", "--autoplay", "cautious", "--seed", "1"]) == 1
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "pmsim run" in err
