"""Every option of the main commands says what it does; ``extract --help`` names
every kind of input it reads."""

from __future__ import annotations

import argparse

import pytest

from extractor.cli import build_parser


def _sub(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub = action.choices[name]
    assert isinstance(sub, argparse.ArgumentParser)
    return sub


@pytest.mark.parametrize("command", ["extract", "batch", "report"])
def test_every_option_has_help(command: str) -> None:
    missing = [a.option_strings for a in _sub(command)._actions if a.option_strings and not a.help]
    assert missing == []


def test_extract_help_names_json_and_archives() -> None:
    text = " ".join(_sub("extract").format_help().split())
    for word in (".json", "WARC", "zip", "tar", "JSONL", "stdin", "directory"):
        assert word in text
