"""The shipped Kemendagri region list, loaded once on demand.

Loading takes ~0.1 s and ~20 MB, so nothing on the start-up path touches it: the setup
wizard and the NIK region check ask for it when they need it.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from functools import cache

from puskesos_desktop.domain.wilayah import Wilayah, parent_code
from puskesos_desktop.paths import resource

EDITION = "Kepmendagri 300.2.2-2430/2025 (cahyadsn/wilayah, 2026-08-08)"


class RegionIndex:
    """Lookup by code, children of a region, and type-to-search by name."""

    def __init__(self, regions: list[Wilayah]) -> None:
        self._by_code = {region.kode: region for region in regions}
        self._children: dict[str | None, list[Wilayah]] = defaultdict(list)
        for region in regions:
            self._children[parent_code(region.kode)].append(region)

    def get(self, kode: str) -> Wilayah | None:
        return self._by_code.get(kode)

    def children(self, kode: str | None) -> list[Wilayah]:
        """Direct sub-regions (provinces for ``None``), in code order."""
        return list(self._children.get(kode, ()))

    def lineage(self, kode: str) -> list[Wilayah]:
        """The region and its ancestors, province first."""
        chain: list[Wilayah] = []
        current: str | None = kode
        while current:
            region = self._by_code.get(current)
            if region is not None:
                chain.append(region)
            current = parent_code(current)
        return list(reversed(chain))

    def has_kecamatan(self, code6: str) -> bool:
        """Whether a plain 6-digit kecamatan code (the NIK region part) exists."""
        return f"{code6[0:2]}.{code6[2:4]}.{code6[4:6]}" in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)


@cache
def region_index() -> RegionIndex:
    with gzip.open(resource("wilayah", "wilayah.csv.gz"), "rb") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return RegionIndex([Wilayah(row["kode"], row["nama"]) for row in reader])
