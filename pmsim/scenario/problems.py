"""Problems found in a scenario file, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass

from pmsim.text import clean_line


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where it is and what is allowed instead."""

    file: str
    """The file (or built-in id) the problem is in."""
    item: str
    """The table and item, e.g. `tasks 'build-api'` or `calendar`; empty for the file."""
    field: str
    """The field within the item, e.g. `likely`; empty when the item as a whole is wrong."""
    message: str
    """What is wrong and what is allowed."""

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.item, self.field) if part)
        return clean_line(f"{where}: {self.message}")


class ScenarioError(Exception):
    """A scenario could not be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[Problem], *, complete: bool = True) -> None:
        self.problems = problems
        self.complete = complete
        """False when checking stopped early (the file is not TOML, or keys, types or
        ranges are wrong), so the meaning checks (references, cycles, the plan) have not
        run yet and may find more once these are fixed."""
        super().__init__("\n".join(str(p) for p in problems))
