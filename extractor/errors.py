"""Exception tree. Expected outcomes are values (models.Rejection); these are for
bad input and misuse, each carrying a one-line message fit for a terminal."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ExtractorError",
    "InputError",
    "NotAnArticle",
    "OverBudget",
    "PatternError",
]


class ExtractorError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(ExtractorError):
    """The configuration file or a flag is invalid."""


class PatternError(ExtractorError):
    """A data file under patterns/ is malformed."""


class InputError(ExtractorError):
    """An input, archive record or member cannot be read (missing, corrupt,
    truncated...). The one bad-input type of the package: readers yield it as a
    value (one bad record never stops the rest) and commands print it as one line
    naming the input (``file.warc.gz@OFFSET``, ``archive.zip::member``,
    ``dump.jsonl:LINE`` or the path)."""

    def __init__(self, source: str, reason: str, url: str | None = None) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.url = url

    @property
    def source_ref(self) -> str:
        return self.source

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str | None]]:
        return (InputError, (self.source, self.reason, self.url))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InputError) and (self.source, self.reason, self.url) == (
            other.source,
            other.reason,
            other.url,
        )

    def __hash__(self) -> int:
        return hash((self.source, self.reason, self.url))


class NotAnArticle(ExtractorError):
    """Raised by the convenience API when the page is not an article."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"not an article ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail


class OverBudget(ExtractorError):
    """Raised by the convenience API when a page used up its time or memory
    budget (``reason`` is ``timeout`` or ``too_large``)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"page over budget ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail
