"""Page -> main content: body text (one paragraph per line) and metadata.

``extract_content`` is the only entry point the rest of the package uses.
"""

from __future__ import annotations

from .base import Content, extract_content

__all__ = ["Content", "extract_content"]
