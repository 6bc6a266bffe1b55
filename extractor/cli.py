"""Command line: ``extractor <command> ...`` (also ``python -m extractor``).

Each command lives in ``extractor/commands/<name>.py`` with ``add_parser`` and
``run``; this module only dispatches. Errors the user can fix print one line.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import Config, default_patterns_dir, load_config
from .errors import ExtractorError

__all__ = ["COMMANDS", "config_from_args", "main"]

COMMANDS: tuple[str, ...] = ("extract", "eval", "crawl", "batch", "report")


def add_config_flags(p: argparse.ArgumentParser) -> None:
    """Flags shared by every command that builds a pipeline."""
    p.add_argument("--config", type=Path, help="TOML configuration file")
    p.add_argument("--patterns", type=Path, help="patterns directory (default: bundled)")
    p.add_argument(
        "--no-nlp",
        dest="nlp",
        action="store_false",
        default=None,
        help="regex only: skip the NLP context layer",
    )
    p.add_argument(
        "--segmenter",
        choices=["pyvi", "underthesea", "none"],
        default=None,
        help="word segmenter/POS tagger of the NLP layer (default: pyvi)",
    )


def config_from_args(args: argparse.Namespace, extra: dict[str, Any] | None = None) -> Config:
    overrides: dict[str, Any] = {
        "patterns_dir": getattr(args, "patterns", None),
        "nlp.enabled": getattr(args, "nlp", None),
        "nlp.segmenter": getattr(args, "segmenter", None),
    }
    overrides.update(extra or {})
    config = load_config(getattr(args, "config", None), overrides)
    if Path(config.patterns_dir).resolve() != default_patterns_dir().resolve():
        # a patterns directory of the user's own: read it now, so that a bad file is one
        # line before any work, not an error on every page in the workers
        from .attributes.picker import organizer_model
        from .lexicon import cached_lexicon

        organizer_model(cached_lexicon(Path(config.patterns_dir)))
    return config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Turn Vietnamese trade-union news into grounded figure records.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"extractor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"extractor.commands.{name}":
                continue  # command not part of this build
            raise
        mod.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rc: int = args.run(args)
        return rc
    except ExtractorError as exc:
        print(f"extractor: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
