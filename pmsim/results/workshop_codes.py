"""Workshop codes: one short code fixes the scenario (id and content hash) and the seed,
so every team in the room plays the same project with the same luck.

Codes are written in `CODE_ALPHABET` — digits and capital letters without the
look-alikes 0/O, 1/I/L — and typed codes are read leniently (lower case, spaces and
dashes are fine). There are two kinds:

- A **portable code** (`K7QX-M3RT-AC`: ten characters, shown 4-4-2) carries the
  workshop itself, so any computer with the same pmsim can play it without the
  trainer's results store. Its first nine characters are one number in base 31 holding
  the seed (below `PORTABLE_SEED_LIMIT`) and a fingerprint of the scenario's content
  hash and the engine version (one of `FINGERPRINTS`), scrambled by a fixed invertible
  map so that codes of one scenario do not look alike. The tenth is a check character
  (weights 1…10, sum 0 modulo 31): any single mistyped character and any two swapped
  neighbours are caught. Decoding looks for the built-in scenario with that fingerprint.
- A **store code** (`K7M-Q4P`: six random characters, shown 3-3) means nothing by
  itself: it is looked up in the results store that created it. Workshops on a scenario
  that is not built in, on a seed too big for a portable code (or on the rare built-in
  whose fingerprint another built-in shares) get one, and so did every workshop before
  portable codes existed; such codes keep working with their store.

`resolve_workshop` and the other look-ups try the store first, then decode a portable
code; the workshop's name is known only to the store that created it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from datetime import UTC, datetime
from pathlib import Path

from pmsim.engine.simulation import ENGINE_VERSION
from pmsim.errors import UserError
from pmsim.results.store import ResultsStore, StoredGame, Workshop, default_db_path, open_store
from pmsim.wording import listed

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""31 characters: no 0/O, no 1/I/L, so a code read aloud or off a whiteboard is
unambiguous."""
BASE = len(CODE_ALPHABET)
PORTABLE_LENGTH = 10
"""Nine characters of payload and a check character."""
STORE_CODE_LENGTH = 6
"""31^6 ≈ 890 million store codes."""
PORTABLE_SEED_LIMIT = 2**30
"""Seeds a portable code can carry: 0 to 2^30 − 1."""
_PAYLOAD_RANGE = BASE ** (PORTABLE_LENGTH - 1)
FINGERPRINTS = _PAYLOAD_RANGE // PORTABLE_SEED_LIMIT
"""24,623 fingerprints: the chance that a scenario of another pmsim version passes for
one of ours is about 1 in 25,000 (the check on the game log still tells them apart when
a game is recorded)."""
_SCRAMBLE_FACTOR = 0x5DEECE66D  # not a multiple of 31, so the map below is invertible
_SCRAMBLE_OFFSET = 0x2545F4914F6
DRAWN_SEED_LIMIT = 1_000_000
"""A seed drawn for a workshop is below this, so it stays short to read (and well within
`PORTABLE_SEED_LIMIT`)."""
EXAMPLE_CODE = "K7QX-M3RT-AC"
"""How a code looks, in messages (not a valid code: its check character is wrong)."""


# ---------------------------------------------------------------- the code itself


def scenario_fingerprint(scenario_hash: str, engine: str = ENGINE_VERSION) -> int:
    """The number a portable code carries for its scenario: a digest of the scenario's
    content hash and the engine version (another engine plays the same seed
    differently, so its codes must not resolve here)."""
    digest = hashlib.sha256(f"pmsim-workshop:{engine}:{scenario_hash}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % FINGERPRINTS


def _check_value(values: list[int]) -> int:
    """The check character's value for nine payload values: the weighted sum of all ten
    (weights 1…10) is then 0 modulo 31."""
    total = sum((i + 1) * v for i, v in enumerate(values))
    return (-total * pow(PORTABLE_LENGTH, -1, BASE)) % BASE


def encode_portable(fingerprint: int, seed: int) -> str:
    """The portable code (canonical form, no dashes) of a fingerprint and a seed."""
    if not 0 <= seed < PORTABLE_SEED_LIMIT:
        raise ValueError(f"a portable code carries seeds below 2^30, not {seed}")
    if not 0 <= fingerprint < FINGERPRINTS:
        raise ValueError(f"fingerprint {fingerprint} is out of range")
    number = fingerprint * PORTABLE_SEED_LIMIT + seed
    number = (number * _SCRAMBLE_FACTOR + _SCRAMBLE_OFFSET) % _PAYLOAD_RANGE
    values = []
    for _ in range(PORTABLE_LENGTH - 1):
        number, digit = divmod(number, BASE)
        values.append(digit)
    values.reverse()
    values.append(_check_value(values))
    return "".join(CODE_ALPHABET[v] for v in values)


def decode_portable(code: str) -> tuple[int, int]:
    """(fingerprint, seed) of a canonical portable code whose check character is right
    (`normalise_code` checks it); a `UserError` when it carries no workshop."""
    number = 0
    for ch in code[:PORTABLE_LENGTH - 1]:
        number = number * BASE + CODE_ALPHABET.index(ch)
    number = ((number - _SCRAMBLE_OFFSET) * pow(_SCRAMBLE_FACTOR, -1, _PAYLOAD_RANGE)
              % _PAYLOAD_RANGE)
    fingerprint, seed = divmod(number, PORTABLE_SEED_LIMIT)
    if fingerprint >= FINGERPRINTS:
        raise UserError(f"{format_code(code)} is not a workshop code that pmsim made. Check "
                        "it with your facilitator.")
    return fingerprint, seed


def new_code() -> str:
    """A fresh random store code (canonical form: six characters, no dash)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(STORE_CODE_LENGTH))


def is_portable(code: str) -> bool:
    """Whether a canonical code is a portable one (it carries scenario and seed)."""
    return len(code) == PORTABLE_LENGTH


def format_code(code: str) -> str:
    """The code as shown to people: `K7QXM3RTAC` → `K7QX-M3RT-AC`, `K7MQ4P` → `K7M-Q4P`."""
    if len(code) == PORTABLE_LENGTH:
        return f"{code[:4]}-{code[4:8]}-{code[8:]}"
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: str) -> str:
    """A typed code in canonical form; a `UserError` when it cannot be a code."""
    code = "".join(ch for ch in text.upper() if ch not in " -_")
    wrong = sorted({ch for ch in code if ch not in CODE_ALPHABET})
    problem = ""
    if wrong:
        quoted = listed([f"'{ch}'" for ch in wrong])
        verb = "never appears" if len(wrong) == 1 else "never appear"
        problem = f"{quoted} {verb} in a code (codes have no 0, O, 1, I or L)"
    elif len(code) not in (PORTABLE_LENGTH, STORE_CODE_LENGTH):
        problem = (f"a code has {PORTABLE_LENGTH} letters and digits, such as "
                   f"{EXAMPLE_CODE} (or {STORE_CODE_LENGTH} for a workshop on a scenario file, "
                   f"such as K7M-Q4P), and this has {len(code)}")
    elif len(code) == PORTABLE_LENGTH:
        values = [CODE_ALPHABET.index(ch) for ch in code]
        if _check_value(values[:-1]) != values[-1]:
            problem = "its check character does not match, so a character was mistyped"
    if problem:
        raise UserError(f"'{text.strip()}' is not a workshop code: {problem}. Check it with "
                        "your facilitator.")
    return code


# ---------------------------------------------------------------- built-in scenarios


def _builtin_hashes() -> dict[str, str]:
    """Built-in scenario id → content hash (the loads are cached)."""
    from pmsim.scenario import ScenarioError, builtin_paths, load_scenario, scenario_hash

    hashes = {}
    for scenario_id in builtin_paths():
        try:
            hashes[scenario_id] = scenario_hash(load_scenario(scenario_id))
        except ScenarioError:  # pragma: no cover - built-ins are checked by their tests
            continue
    return hashes


def builtins_with_fingerprint(fingerprint: int) -> dict[str, str]:
    """The built-in scenarios (id → content hash) whose fingerprint, with this engine,
    is `fingerprint`."""
    return {sid: digest for sid, digest in _builtin_hashes().items()
            if scenario_fingerprint(digest) == fingerprint}


def store_only_reason(scenario_hash: str, seed: int) -> str | None:
    """Why a workshop on this scenario and seed cannot have a portable code (a phrase
    to follow "because"), or None when it can."""
    if seed >= PORTABLE_SEED_LIMIT:
        return (f"its seed, {seed}, is too big for a portable code (which carries seeds "
                "below 2^30 = 1073741824)")
    matches = builtins_with_fingerprint(scenario_fingerprint(scenario_hash))
    if scenario_hash not in matches.values():
        return "its scenario is not one of pmsim's built-in scenarios (as they are now)"
    if len(matches) > 1:
        return (f"its scenario shares a code fingerprint with built-in scenario "
                f"{listed(sorted(sid for sid, d in matches.items() if d != scenario_hash))}")
    return None


def decode_workshop(code: str) -> Workshop:
    """The workshop a portable code carries, found among the built-in scenarios (not in
    any store: no name, `stored` False); a `UserError` when this pmsim has no scenario
    with its fingerprint."""
    code = normalise_code(code)
    if not is_portable(code):
        raise ValueError("only a portable code carries its workshop")
    fingerprint, seed = decode_portable(code)
    matches = builtins_with_fingerprint(fingerprint)
    shown = format_code(code)
    if not matches:
        raise UserError(f"workshop {shown} was made for a scenario this pmsim does not have "
                        f"(or for another engine version) — does your facilitator use the same "
                        f"pmsim version (`pmsim --version`)? Or play through the facilitator's "
                        f"`pmsim serve`.")
    if len(matches) > 1:
        raise UserError(f"workshop {shown} fits several built-in scenarios of this pmsim "
                        f"({listed(sorted(matches))}), so it cannot tell which one to play. "
                        "Play through the facilitator's `pmsim serve`, or ask for a code "
                        "made with this pmsim version.")
    ((scenario_id, digest),) = matches.items()
    return Workshop(code=code, name="", scenario_id=scenario_id, scenario_hash=digest,
                    scenario_ref=scenario_id, seed=seed, engine=ENGINE_VERSION, created="",
                    stored=False)


# ---------------------------------------------------------------- workshops in the store


def _check_seed(seed: int) -> None:
    if not 0 <= seed < 2**63:
        raise UserError(f"a seed is a whole number from 0 to 2^63-1, and {seed} is not.")


def _planned_code(scenario_hash: str, seed: int) -> str | None:
    """The portable code of this scenario and seed, when it can have one."""
    if store_only_reason(scenario_hash, seed) is not None:
        return None
    return encode_portable(scenario_fingerprint(scenario_hash), seed)


def _same_game(workshop: Workshop, scenario_hash: str, seed: int) -> bool:
    return (workshop.scenario_hash, workshop.seed, workshop.engine) == (
        scenario_hash, seed, ENGINE_VERSION)


def existing_workshop(db: ResultsStore | str | Path | None, scenario_ref: str | Path,
                      seed: int) -> Workshop | None:
    """The workshop of the store that `create_workshop(db, scenario_ref, seed)` would
    give back instead of a new one: the same scenario and seed always give the same
    portable code. None when there is none (or the code would be a store code)."""
    from pmsim.scenario import load_scenario, scenario_hash

    _check_seed(seed)
    digest = scenario_hash(load_scenario(scenario_ref))
    code = _planned_code(digest, seed)
    if code is None or not _store_exists(db):
        return None  # looking never creates a store
    with open_store(db) as store:
        workshop = store.workshop(code)
    return workshop if workshop is not None and _same_game(workshop, digest, seed) else None


def create_workshop(db: ResultsStore | str | Path | None, scenario_ref: str | Path,
                    seed: int | None = None, name: str = "") -> Workshop:
    """Create a workshop on a scenario (built-in id or `.toml` path) and seed (drawn
    below `DRAWN_SEED_LIMIT` when None) and store it; returns it with its code: a
    portable code when the scenario is built in and the seed fits, else a store code
    (`store_only_reason` says why). The same scenario and seed give the same portable
    code, so asking again returns the workshop already stored (its name unchanged). A
    bad scenario raises its `ScenarioError`."""
    from pmsim.gamelog import scenario_reference
    from pmsim.scenario import load_scenario, scenario_hash

    scenario = load_scenario(scenario_ref)
    digest = scenario_hash(scenario)
    drawn = seed is None
    if seed is not None:
        _check_seed(seed)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    store_code_only = False
    with open_store(db, create_folder=True) as store:
        for _ in range(100):
            if drawn:
                seed = secrets.randbelow(DRAWN_SEED_LIMIT)
            assert seed is not None
            code = None if store_code_only else _planned_code(digest, seed)
            workshop = Workshop(code=code or new_code(), name=name.strip(),
                                scenario_id=scenario.meta.id, scenario_hash=digest,
                                scenario_ref=scenario_reference(scenario_ref), seed=seed,
                                engine=ENGINE_VERSION, created=created)
            if store.add_workshop(workshop):
                return workshop
            if code is None or drawn:
                continue  # a store code taken, or a drawn seed used already: draw again
            existing = store.workshop(code)
            if existing is not None and _same_game(existing, digest, seed):
                return existing
            store_code_only = True  # another game has this code (a fingerprint clash)
    raise UserError("could not find an unused workshop code after 100 tries; the store "
                    "holds a suspicious number of workshops.")  # pragma: no cover


def get_workshop(db: ResultsStore | str | Path | None, code: str) -> Workshop:
    """The workshop of a typed code: from the store, else decoded from a portable code
    (then `stored` is False); a `UserError` when there is none."""
    canonical = normalise_code(code)
    workshop, path = None, _store_path(db)
    if _store_exists(db):  # looking never creates a store
        with open_store(db) as store:
            workshop = store.workshop(canonical)
    if workshop is not None:
        return workshop
    if is_portable(canonical):
        return decode_workshop(canonical)
    raise UserError(f"there is no workshop {format_code(canonical)} in the results store "
                    f"{path}. A six-character code works only with the store that created "
                    "it: play on your facilitator's computer or through its `pmsim serve` "
                    "(or name that store with --db), and check the code with your "
                    "facilitator.")


def _store_path(db: ResultsStore | str | Path | None) -> Path:
    if isinstance(db, ResultsStore):
        return db.path
    return Path(db).expanduser() if db is not None else default_db_path()


def _store_exists(db: ResultsStore | str | Path | None) -> bool:
    """An open store, or a store file that is there (a look-up opens no new store)."""
    return isinstance(db, ResultsStore) or _store_path(db).exists()


def adopt_workshop(store: ResultsStore, workshop: Workshop) -> Workshop:
    """The workshop as stored in `store`: a workshop decoded from its portable code is
    added first (with no name), so games can be recorded for it."""
    if workshop.stored:
        return workshop
    created = datetime.now(UTC).isoformat(timespec="seconds")
    store.add_workshop(dataclasses.replace(workshop, created=created, stored=True))
    return store.workshop(workshop.code) or workshop


def resolve_workshop(code: str, db: ResultsStore | str | Path | None = None
                     ) -> tuple[str, int, str]:
    """What `pmsim play --workshop CODE` starts: (scenario_ref, seed, workshop name).

    `scenario_ref` is the built-in id or absolute path to pass to `load_scenario`. A
    workshop of the store is checked to still have the content hash it fixed, so a
    scenario file edited since would not quietly give one team a different game
    (`UserError` then); a portable code not in the store is decoded (no name)."""
    from pmsim.scenario import ScenarioError, load_scenario, scenario_hash

    workshop = get_workshop(db, code)
    if not workshop.stored:
        return workshop.scenario_ref, workshop.seed, ""
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
