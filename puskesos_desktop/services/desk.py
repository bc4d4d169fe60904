"""One running desk: its paths, context and services, started the same way by GUI and CLI."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cached_property

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import set_language
from puskesos_desktop.logs import setup_logging
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.backup import BackupService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.profile import ProfileService
from puskesos_desktop.services.setup import SetupService
from puskesos_desktop.services.startup import StartupReport, StartupStatus, prepare_database

log = logging.getLogger(__name__)


@dataclass
class Desk:
    context: ServiceContext
    startup: StartupReport

    @classmethod
    def start(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        lang: str | None = None,
        log_to_file: bool = True,
    ) -> Desk:
        """Resolve paths, start logging, pick the language, check and migrate the database."""
        paths = DataPaths.resolve(data_dir).ensure()
        if log_to_file:
            setup_logging(paths.logs)
        if lang:
            set_language(lang)
        context = ServiceContext.open(paths)
        report = prepare_database(context)
        log.info("start: %s (%s)", report.status, paths.root)
        desk = cls(context=context, startup=report)
        if report.status == StartupStatus.READY:
            desk.sign_in_default_operator()
        return desk

    @property
    def paths(self) -> DataPaths:
        return self.context.paths

    @cached_property
    def setup(self) -> SetupService:
        return SetupService(self.context)

    @cached_property
    def profile(self) -> ProfileService:
        return ProfileService(self.context)

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
    def demo(self):  # -> DemoService
        from puskesos_desktop.services.demo import DemoService

        return DemoService(self.context)

    def sign_in_default_operator(self) -> None:
        """Act as the first active admin until operator login arrives (roles issue)."""
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
