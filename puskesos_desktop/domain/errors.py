"""Errors the user is meant to read."""

from __future__ import annotations


class UserError(Exception):
    """An Indonesian message saying what went wrong and what to do; shown to the user as-is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
