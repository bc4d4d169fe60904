"""Sync between desks by file (USB stick or e-mail): one entry point over the sync modules.

Format and guarantees: ``shared/docs/sync-bundle.md``; codec choices:
``docs/sync-format-notes.md``. The work is split by job:

* :mod:`~puskesos_desktop.services.sync_trust` key cards, trusted desks, rotate, revoke
* :mod:`~puskesos_desktop.services.sync_export` Kirim, receipts, outbox, kirim ulang
* :mod:`~puskesos_desktop.services.sync_import` Terima, ordering, queue
* :mod:`~puskesos_desktop.services.sync_apply` one bundle or part group, all or nothing
* :mod:`~puskesos_desktop.services.sync_merge` fast-forward, field merge, conflicts
* :mod:`~puskesos_desktop.services.sync_conflicts` the conflict inbox
* :mod:`~puskesos_desktop.services.sync_district` district overview, duplicate NIKs
* :mod:`~puskesos_desktop.services.sync_rules` form rules for incoming changes

Only this facade adds behaviour across them: trusting a card retries the bundles that
waited for it.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sync_conflicts import ConflictService
from puskesos_desktop.services.sync_district import DistrictService
from puskesos_desktop.services.sync_export import ExportService
from puskesos_desktop.services.sync_import import FileResult, ImportService
from puskesos_desktop.services.sync_trust import TrustResult, TrustService


class SyncService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    @cached_property
    def trust(self) -> TrustService:
        return TrustService(self._context)

    @cached_property
    def exports(self) -> ExportService:
        return ExportService(self._context)

    @cached_property
    def imports(self) -> ImportService:
        return ImportService(self._context)

    @cached_property
    def conflicts(self) -> ConflictService:
        return ConflictService(self._context)

    @cached_property
    def district(self) -> DistrictService:
        return DistrictService(self._context)

    def trust_card(
        self, source: Path | bytes, confirmed_fingerprint: str
    ) -> tuple[TrustResult, list[FileResult]]:
        """Enrol a desk, then apply the bundles of it that waited in ``kotak-masuk``."""
        result = self.trust.trust_card(source, confirmed_fingerprint)
        return result, self.imports.retry_queue()
