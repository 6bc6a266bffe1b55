"""The province of an outlet: from its host name (a provincial paper, union or
government site) or from its article URL path ("/tin-tuc/yen-bai/...").

The lookups are indexed once per table set: a host is matched by dictionary look-ups
of its own labels and suffixes instead of a scan of every province's sites and slugs
(the first province in table order wins, as in the scan).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..textnorm import fold_diacritics

__all__ = ["OutletIndex", "host_of", "slug"]

_SLUG_PART = re.compile(r"[a-z0-9]+")


def slug(text: str, sep: str) -> str:
    return sep.join(_SLUG_PART.findall(fold_diacritics(text)))


def host_of(site: str | None, url: str | None) -> str | None:
    """The host name of the outlet (``site`` first, else the URL's)."""
    for cand in (site, url):
        if not cand:
            continue
        cand = cand.strip().lower()
        if " " in cand or "." not in cand:
            continue
        host = urlsplit(cand if "//" in cand else f"//{cand}").hostname
        if host:
            return host
    return None


def _first_index(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, i in pairs:
        out.setdefault(key, i)
    return out


@dataclass(frozen=True, slots=True)
class OutletIndex:
    """Province names (table order) and what points at each: site domains, host-name
    slugs (``bao<slug>``, ``congdoan<slug>``, ``ldld<slug>``, ``<slug>.gov.vn``) and
    URL path slugs."""

    names: tuple[str, ...]
    sites: dict[str, int]  # domain -> first province listing it
    host_labels: dict[str, int]  # "baoyenbai" -> first province with that slug
    gov_labels: dict[str, int]  # "yenbai" -> first province with that slug
    url_slugs: tuple[tuple[str, ...], ...]  # per province: "-yen-bai-" ...

    @classmethod
    def build(cls, rows: Iterable[tuple[str, Iterable[str], Iterable[str], Iterable[str]]]) -> OutletIndex:
        """``rows``: (name, sites, host slugs, url slugs) per province, in table order."""
        names: list[str] = []
        sites: list[tuple[str, int]] = []
        labels: list[tuple[str, int]] = []
        gov: list[tuple[str, int]] = []
        urls: list[tuple[str, ...]] = []
        for i, (name, site_list, host_slugs, url_slugs) in enumerate(rows):
            names.append(name)
            sites += [(d, i) for d in site_list]
            for s in host_slugs:
                labels += [(f"bao{s}", i), (f"congdoan{s}", i), (f"ldld{s}", i)]
                gov.append((s, i))
            urls.append(tuple(f"-{s}-" for s in url_slugs))
        return cls(tuple(names), _first_index(sites), _first_index(labels), _first_index(gov), tuple(urls))

    def province_of_host(self, host: str) -> str | None:
        """The first province with a site the host is (or is under), else the first
        whose slug names a label of the host."""
        best = self.sites.get(host)
        for k, ch in enumerate(host):
            if ch == ".":
                got = self.sites.get(host[k + 1 :])
                if got is not None and (best is None or got < best):
                    best = got
        if best is not None:
            return self.names[best]
        labels = host.split(".")
        hits = [self.host_labels[lab] for lab in labels if lab in self.host_labels]
        if host.endswith(".gov.vn"):
            hits += [self.gov_labels[lab] for lab in labels[:-2] if lab in self.gov_labels]
        return self.names[min(hits)] if hits else None

    def province_of_url_path(self, url: str) -> str | None:
        """The one province whose slug the URL path holds (None for none or several)."""
        path = urlsplit(url).path if "//" in url else url
        folded = "-" + slug(path, "-") + "-"
        hits = [self.names[i] for i, marks in enumerate(self.url_slugs) if any(m in folded for m in marks)]
        return hits[0] if len(hits) == 1 else None
