"""Workshop codes: one short code fixes the scenario (id and content hash) and the seed,
so every team in the room plays the same project with the same luck.

A code is six characters from `CODE_ALPHABET` — digits and capital letters without the
look-alikes 0/O, 1/I/L — shown in two groups of three (`K7M-Q4P`). Typed codes are
read leniently: lower case, spaces and dashes are fine.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

from pmsim.engine.simulation import ENGINE_VERSION
from pmsim.errors import UserError
from pmsim.results.store import ResultsStore, StoredGame, Workshop, open_store

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""31 characters: no 0/O, no 1/I/L, so a code read aloud or off a whiteboard is
unambiguous."""
CODE_LENGTH = 6
"""31^6 ≈ 890 million codes."""
DRAWN_SEED_LIMIT = 1_000_000
"""A seed drawn for a workshop is below this, so it stays short enough to read out."""


def new_code() -> str:
    """A fresh random code (canonical form: six characters, no dash)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """The code as shown to people: `K7MQ4P` → `K7M-Q4P`."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: str) -> str:
    """A typed code in canonical form; a `UserError` when it cannot be a code."""
    code = "".join(ch for ch in text.upper() if ch not in " -_")
    wrong = sorted({ch for ch in code if ch not in CODE_ALPHABET})
    if len(code) != CODE_LENGTH or wrong:
        hint = (f" ({', '.join(repr(c) for c in wrong)} never appear in a code: codes have "
                "no 0, O, 1, I or L)" if wrong else "")
        raise UserError(f"'{text}' is not a workshop code: a code is {CODE_LENGTH} letters "
                        f"and digits such as {format_code('K7MQ4P')}{hint}. Check it with "
                        "your facilitator.")
    return code


def create_workshop(db: ResultsStore | str | Path | None, scenario_ref: str | Path,
                    seed: int | None = None, name: str = "") -> Workshop:
    """Create a workshop on a scenario (built-in id or `.toml` path) and seed (drawn when
    None) and store it; returns it with its new code. A bad scenario raises its
    `ScenarioError`."""
    from pmsim.gamelog import scenario_reference
    from pmsim.scenario import load_scenario, scenario_hash

    scenario = load_scenario(scenario_ref)
    if seed is None:
        seed = secrets.randbelow(DRAWN_SEED_LIMIT)
    if not 0 <= seed < 2**63:
        raise UserError(f"a seed is from 0 to 2^63-1, got {seed}")
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with open_store(db) as store:
        for _ in range(100):
            workshop = Workshop(code=new_code(), name=name.strip(),
                                scenario_id=scenario.meta.id,
                                scenario_hash=scenario_hash(scenario),
                                scenario_ref=scenario_reference(scenario_ref), seed=seed,
                                engine=ENGINE_VERSION, created=created)
            if store.add_workshop(workshop):
                return workshop
    raise UserError("could not find an unused workshop code after 100 tries; the store "
                    "holds a suspicious number of workshops.")  # pragma: no cover


def get_workshop(db: ResultsStore | str | Path | None, code: str) -> Workshop:
    """The workshop of a typed code; a `UserError` when there is none."""
    canonical = normalise_code(code)
    with open_store(db) as store:
        workshop = store.workshop(canonical)
        path = store.path
    if workshop is None:
        raise UserError(f"there is no workshop {format_code(canonical)} in the results store "
                        f"{path}. Check the code with your facilitator, and that you use the "
                        "same store (--db) on the same machine.")
    return workshop


def resolve_workshop(code: str, db: ResultsStore | str | Path | None = None
                     ) -> tuple[str, int, str]:
    """What `pmsim play --workshop CODE` starts: (scenario_ref, seed, workshop name).

    `scenario_ref` is the built-in id or absolute path to pass to `load_scenario`; it is
    checked to still have the content hash the workshop fixed, so a scenario file edited
    since would not quietly give one team a different game (`UserError` then)."""
    from pmsim.scenario import ScenarioError, load_scenario, scenario_hash

    workshop = get_workshop(db, code)
    shown = format_code(workshop.code)
    try:
        scenario = load_scenario(workshop.scenario_ref)
    except ScenarioError as exc:
        raise UserError(f"workshop {shown} is played on scenario {workshop.scenario_ref}, "
                        f"which no longer loads ({exc.problems[0]}). Ask your facilitator to "
                        "restore the file or create a new workshop.") from None
    if scenario_hash(scenario) != workshop.scenario_hash:
        raise UserError(f"workshop {shown}: the scenario {workshop.scenario_ref} has changed "
                        "since the workshop was created, so teams would not play the same "
                        "game. Restore the scenario file as it was, or create a new workshop.")
    if workshop.engine != ENGINE_VERSION:
        raise UserError(f"workshop {shown} was created with engine version {workshop.engine}, "
                        f"and this pmsim runs engine version {ENGINE_VERSION}; every team of "
                        "a workshop must use the same engine. Create a new workshop.")
    return workshop.scenario_ref, workshop.seed, workshop.name


def workshop_games(db: ResultsStore | str | Path | None, code: str
                   ) -> tuple[Workshop, list[StoredGame]]:
    """A workshop and the games recorded for it, oldest first (not verified: the
    leaderboard verifies)."""
    workshop = get_workshop(db, code)
    with open_store(db) as store:
        return workshop, store.games(workshop_code=workshop.code)


__all__ = [
    "CODE_ALPHABET",
    "create_workshop",
    "format_code",
    "get_workshop",
    "new_code",
    "normalise_code",
    "resolve_workshop",
    "workshop_games",
]
