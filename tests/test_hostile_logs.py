"""Handed-in files forged to break the tools: each ends in a one-paragraph message or
plain output, never a traceback, a hang or an escape byte (found by an adversarial
trial)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from pmsim.cli import main
from pmsim.gamelog import chain_hash
from tests.test_hostile_cli import ESCAPES, logged

NO_TRACE = "Traceback"


def forge(source: Path, target: Path, header: dict[str, Any] | None = None,
          action: tuple[int, dict[str, Any]] | None = None) -> Path:
    """A copy of a log with header fields or one action replaced, its chain recomputed."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record.pop("h")
    records[0].update(header or {})
    if action is not None:
        records[action[0]] = action[1]
    previous, lines = "", []
    for record in records:
        previous = chain_hash(previous, record)
        lines.append(json.dumps({**record, "h": previous}))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert NO_TRACE not in out + err and not ESCAPES.search(out + err), out + err
    return status, out + err


@pytest.fixture
def game(tmp_path: Path) -> Path:
    return logged(tmp_path / "game.jsonl", Path("tutorial"), 5, "Blue")


def test_a_fifo_or_a_device_is_refused_unread(capsys, tmp_path: Path) -> None:
    fifo_toml, fifo_log = tmp_path / "f.toml", tmp_path / "f.jsonl"
    os.mkfifo(fifo_toml)
    os.mkfifo(fifo_log)
    zero = tmp_path / "z.toml"
    zero.symlink_to("/dev/zero")
    for args in (("validate", str(fifo_toml)), ("forecast", str(zero)),
                 ("replay", str(fifo_log)), ("report", str(fifo_log))):
        status, printed = run(capsys, *args)
        assert status == 1 and ("named pipe" in printed or "device" in printed), printed


def test_forged_headers_and_actions_end_in_messages(capsys, game: Path, tmp_path: Path) -> None:
    surrogate = forge(game, tmp_path / "s.jsonl", {"team": "A\ud800B",
                                                    "created": "\x1b]0;PWN\x07=HYPERLINK(1)"})
    status, printed = run(capsys, "replay", str(surrogate))
    assert status == 0 and "A\ufffdB" in printed
    html = tmp_path / "s.html"
    assert run(capsys, "report", str(surrogate), "--out", str(html), "--no-luck")[0] == 0
    assert "\x1b" not in html.read_text(encoding="utf-8")
    db = str(tmp_path / "r.sqlite")
    assert run(capsys, "record", str(surrogate), "--db", db)[0] == 0

    long_path = forge(game, tmp_path / "p.jsonl", {"scenario_path": "a" * 5000})
    status, printed = run(capsys, "replay", str(long_path))
    assert status in (0, 1)  # found as the built-in of the same id, or refused

    records = [json.loads(line) for line in game.read_text(encoding="utf-8").splitlines()]
    first_action = next(i for i, r in enumerate(records) if r.get("action") == "advance")
    huge = forge(game, tmp_path / "h.jsonl", action=(first_action, {
        "n": records[first_action]["n"], "action": "apply",
        "decision": {"kind": "overtime", "level": 10 ** 400}}))
    status, printed = run(capsys, "replay", str(huge))
    assert status == 1 and "refuses the action" in printed

    engine = forge(game, tmp_path / "e.jsonl", {"engine": "9" * 100_000})
    status, printed = run(capsys, "replay", str(engine))
    assert status == 1 and len(printed) < 2_000


def test_a_workshop_csv_defuses_formulas_in_every_text_column(capsys, game: Path,
                                                              tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    _, printed = run(capsys, "workshop", "new", "--scenario", "tutorial", "--seed", "5",
                          "--no-luck", "--db", db)
    code = re.search(r"Workshop code: (\S+)", printed)
    assert code is not None, printed
    formula = forge(game, tmp_path / "f.jsonl", {"created": "=HYPERLINK(\"http://x\")"})
    assert run(capsys, "record", str(formula), "--workshop", code.group(1), "--db", db)[0] == 0
    csv_path = tmp_path / "summary.csv"
    assert run(capsys, "report", "--workshop", code.group(1), "--format", "md", "--out",
               str(tmp_path / "summary.md"), "--db", db, "--no-luck")[0] == 0
    assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8")


def test_an_argument_that_is_not_utf8_is_refused(capsys) -> None:
    status, printed = run(capsys, "report", "x.jsonl", "--out", "/tmp/\udcff.md")
    assert status == 2 and "not valid UTF-8" in printed
