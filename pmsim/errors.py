"""Errors a user can cause; the CLI turns each into a one-paragraph message and exit 1."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix (a bad file, flag or id); the message says how."""
