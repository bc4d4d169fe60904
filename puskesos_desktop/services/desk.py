"""One running desk: its paths, context and services, started the same way by GUI and CLI."""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import set_language
from puskesos_desktop.logs import setup_logging
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.backup import BackupService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.startup import (
    StartupReport,
    StartupStatus,
    prepare_database,
    take_daily_backup,
)

if TYPE_CHECKING:  # these import the ORM and the models, which search does not need
    from puskesos_desktop.services.profile import ProfileService
    from puskesos_desktop.services.search import SearchService
    from puskesos_desktop.services.setup import SetupService

log = logging.getLogger(__name__)


@dataclass
class Desk:
    context: ServiceContext
    startup: StartupReport
    upkeep_pending: bool = False  # see ``start(defer_upkeep=True)`` and ``finish_start``
    login_required: bool = False  # GUI: nobody acts until the login dialog succeeded

    @classmethod
    def start(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        lang: str | None = None,
        log_to_file: bool = True,
        database_url: str | None = None,
        defer_upkeep: bool = False,
    ) -> Desk:
        """Resolve paths, start logging, pick the language, check and migrate the database.

        ``database_url`` (``--database-url``) points a district office at PostgreSQL; see
        :func:`puskesos_desktop.services.database_setting.resolve` for the order of choice.

        ``defer_upkeep`` (the GUI) stops once the database is checked and current, so the
        registry search works without the ORM; :meth:`finish_start` then does the rest.
        """
        paths = DataPaths.resolve(data_dir).ensure()
        if log_to_file:
            setup_logging(paths.logs)
        if lang:
            set_language(lang)
        from puskesos_desktop.services import database_setting

        url = database_setting.resolve(paths, database_url)
        context = ServiceContext.open(paths, database_url=url)
        report = prepare_database(context, daily_backup=not defer_upkeep)
        log.info("start: %s (%s)", report.status, paths.root)
        desk = cls(context=context, startup=report)
        if report.status == StartupStatus.READY:
            if defer_upkeep:
                desk.upkeep_pending = True
                context.deferred.hold()  # a login's audit entry waits for the ORM
            else:
                desk.sign_in_default_operator()
        return desk

    def unlock(self, username: str, password: str) -> None:
        """Open an encrypted (LOCKED) desk with an operator's password; LoginGuard applies."""
        from puskesos_desktop.services.encryption import unlock_with_password

        self._open_with_key(unlock_with_password(self.paths, username, password))

    def unlock_with_recovery(self, typed_key: str) -> None:
        """Open an encrypted desk with the printed recovery key (then set a new password)."""
        from puskesos_desktop.services.encryption import unlock_with_recovery

        self._open_with_key(unlock_with_recovery(self.paths, typed_key))

    def _open_with_key(self, key: bytes) -> None:
        self.context.db_key = key
        self.context.reopen_engine()
        self.startup = prepare_database(self.context)
        log.info("buka kunci: %s", self.startup.status)
        if self.startup.status == StartupStatus.READY:
            self.sign_in_default_operator()

    def finish_start(self) -> None:
        """What ``start(defer_upkeep=True)`` left: today's backup and the operator.

        Runs on a worker after the first search answered; it also loads the ORM and the
        models (about half a second on an old laptop) that every other screen needs, then
        writes the audit entries of logins made meanwhile.
        """
        if not self.upkeep_pending:
            return
        try:
            daily = take_daily_backup(self.context)  # DAMAGED if the daily full check says so
            _load_orm()
            self.sign_in_default_operator()
        finally:  # write what a login made meanwhile (services.deferred)
            self.context.deferred.release()
        self.startup = dataclasses.replace(
            self.startup,
            status=daily.status,
            message=daily.message,
            latest_backup=daily.latest_backup,
        )
        self.upkeep_pending = False

    @property
    def paths(self) -> DataPaths:
        return self.context.paths

    @cached_property
    def setup(self) -> SetupService:
        from puskesos_desktop.services.setup import SetupService

        return SetupService(self.context)

    @cached_property
    def profile(self) -> ProfileService:
        from puskesos_desktop.services.profile import ProfileService

        return ProfileService(self.context)

    @cached_property
    def profile_edit(self):  # -> ProfileEditService (Pengaturan → Profil desk dan pejabat)
        from puskesos_desktop.services.profile_edit import ProfileEditService

        return ProfileEditService(self.context)

    @cached_property
    def search(self) -> SearchService:
        """Search as you type; also ``registry.search``, but without loading the ORM."""
        from puskesos_desktop.services.search import SearchService

        return SearchService(self.context)

    @cached_property
    def key_share(self):  # -> KeyShareService (Pengaturan → Kunci desk untuk petugas lain)
        from puskesos_desktop.services.key_share import KeyShareService

        return KeyShareService(self.context)

    @cached_property
    def backup(self) -> BackupService:
        return BackupService(self.context)

    @cached_property
    def registry(self):  # -> RegistryService; imported lazily to keep start-up light
        from puskesos_desktop.services.registry import RegistryService

        return RegistryService(self.context)

    @cached_property
    def assessment(self):  # -> AssessmentService
        from puskesos_desktop.services.assessment import AssessmentService

        return AssessmentService(self.context)

    @cached_property
    def verivali(self):  # -> VerivaliService
        from puskesos_desktop.services.verivali import VerivaliService

        return VerivaliService(self.context)

    @cached_property
    def lembaga(self):  # -> LembagaService
        from puskesos_desktop.services.lembaga import LembagaService

        return LembagaService(self.context)

    @cached_property
    def referral(self):  # -> ReferralService
        from puskesos_desktop.services.referral import ReferralService

        return ReferralService(self.context)

    @cached_property
    def letters(self):  # -> LetterService
        from puskesos_desktop.services.letters import LetterService

        return LetterService(self.context)

    @cached_property
    def sync(self):  # -> SyncService
        from puskesos_desktop.services.sync import SyncService

        return SyncService(self.context)

    @cached_property
    def intake(self):  # -> IntakeService
        from puskesos_desktop.services.intake import IntakeService

        return IntakeService(self.context)

    @cached_property
    def timeline(self):  # -> TimelineService
        from puskesos_desktop.services.timeline import TimelineService

        return TimelineService(self.context)

    @cached_property
    def list_import(self):  # -> ListImportService
        from puskesos_desktop.services.list_import import ListImportService

        return ListImportService(self.context)

    @cached_property
    def audit(self):  # -> AuditService
        from puskesos_desktop.services.audit import AuditService

        return AuditService(self.context)

    @cached_property
    def operators(self):  # -> OperatorService
        from puskesos_desktop.services.operators import OperatorService

        return OperatorService(self.context)

    @cached_property
    def encryption(self):  # -> EncryptionService
        from puskesos_desktop.services.encryption import EncryptionService

        return EncryptionService(self.context)

    @cached_property
    def database(self):  # -> DatabaseSettingService
        from puskesos_desktop.services.database_setting import DatabaseSettingService

        return DatabaseSettingService(self.context)

    @cached_property
    def demo(self):  # -> DemoService
        from puskesos_desktop.services.demo import DemoService

        return DemoService(self.context)

    @cached_property
    def consent(self):  # -> ConsentService
        from puskesos_desktop.services.consent import ConsentService

        return ConsentService(self.context)

    @cached_property
    def retention(self):  # -> RetentionService
        from puskesos_desktop.services.retention import RetentionService

        return RetentionService(self.context)

    @cached_property
    def subject_request(self):  # -> SubjectRequestService
        from puskesos_desktop.services.subject_request import SubjectRequestService

        return SubjectRequestService(self.context)

    @cached_property
    def reports(self):  # -> ReportService
        from puskesos_desktop.services.reports import ReportService

        return ReportService(self.context)

    def sign_in_default_operator(self) -> None:
        """CLI and tests act as the first active admin (local administration).

        The GUI sets ``login_required`` and signs in through the login dialog instead, so
        a worker finishing the start can never make the admin the actor behind its back.
        """
        if not self.login_required:
            self.profile.act_as_default_operator()

    def mark_ready(self) -> None:
        """After the setup wizard (or demo setup) finished."""
        self.startup = StartupReport(
            status=StartupStatus.READY,
            message="",
            latest_backup=self.startup.latest_backup,
            migrated_from=self.startup.migrated_from,
            pre_migration_backup=self.startup.pre_migration_backup,
        )

    def require_ready(self, *, allow_demo_setup: bool = False) -> None:
        """For CLI commands that need a set-up, healthy database."""
        status = self.startup.status
        if status == StartupStatus.NEEDS_SETUP and allow_demo_setup:
            self.demo.create_demo_desk()
            self.mark_ready()
            return
        if status == StartupStatus.NEEDS_SETUP:
            raise UserError(
                "Aplikasi belum disiapkan. Jalankan 'puskesos-desktop' untuk wizard penyiapan, "
                "atau 'puskesos-desktop --demo' untuk mencoba desa demo."
            )
        if status != StartupStatus.READY:
            raise UserError(self.startup.message)


def _load_orm() -> None:
    """Import the models and configure their mappers here, on the start-up worker.

    Whoever touches the ORM first pays for this (about half a second on an old laptop); a
    login on the GUI thread must not be that one, so the held writes are released after it.
    """
    from sqlalchemy.orm import configure_mappers

    import puskesos_desktop.store.models  # noqa: F401  (registers every table)

    configure_mappers()
