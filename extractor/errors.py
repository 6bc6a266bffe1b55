"""Exception tree. Expected outcomes are values (models.Rejection); these are for
bad input and misuse, each carrying a one-line message fit for a terminal."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ExtractorError",
    "InputError",
    "NotAnArticle",
    "PatternError",
]


class ExtractorError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(ExtractorError):
    """The configuration file or a flag is invalid."""


class PatternError(ExtractorError):
    """A data file under patterns/ is malformed."""


class InputError(ExtractorError):
    """An input cannot be read (missing, binary, empty, undecodable)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotAnArticle(ExtractorError):
    """Raised by the convenience API when the page is not an article."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"not an article ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail
