"""Where pmsim keeps its files: the user's data folder (saved games, the results store,
exports), from `platformdirs`, or the folder `$PMSIM_DATA_DIR` names (tests use a
temporary one). No user-interface imports: the results store and the session both use it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_DIR_VARIABLE = "PMSIM_DATA_DIR"
"""Environment variable that overrides where pmsim keeps its saved games and results."""


def data_dir() -> Path:
    """pmsim's own folder for saved games, the results store and exports."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override).expanduser() if override else Path(user_data_dir("pmsim"))
