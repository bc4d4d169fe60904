"""Settings screen: the desk profile and officials, users, security, backups and language.

Each section is its own panel module; this screen only arranges them and passes on changes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.audit_panel import AuditPanel
from puskesos_desktop.gui.views.backup_panel import BackupPanel
from puskesos_desktop.gui.views.backup_server_panel import ServerBackupPanel
from puskesos_desktop.gui.views.database_panel import DatabasePanel
from puskesos_desktop.gui.views.keamanan_panel import KeamananPanel
from puskesos_desktop.gui.views.key_share_panel import KeySharePanel
from puskesos_desktop.gui.views.profil_panel import ProfilPanel
from puskesos_desktop.gui.views.retensi_panel import RetensiPanel
from puskesos_desktop.gui.views.users_panel import UsersPanel
from puskesos_desktop.i18n import LANGUAGES, _
from puskesos_desktop.services.changes import Changes


class PengaturanView(QWidget):
    language_selected = Signal(str)

    def __init__(
        self,
        desk: object,
        runner: JobRunner,
        language: str,
        parent: QWidget | None = None,
        **backup_options: object,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        title = QLabel(_("Pengaturan"))
        title.setObjectName("pageTitle")

        language_box = QGroupBox(_("Bahasa tampilan"))
        self.language = QComboBox()
        self.language.setMaximumWidth(280)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        self.language_note = QLabel(_("Bahasa baru berlaku setelah aplikasi dibuka ulang."))
        self.language_note.setObjectName("hint")
        self.language_note.setWordWrap(True)
        language_layout = QVBoxLayout(language_box)
        language_layout.addWidget(self.language)
        language_layout.addWidget(self.language_note)
        self.language.activated.connect(
            lambda index: self.language_selected.emit(self.language.itemData(index))
        )

        self.backups: BackupPanel | ServerBackupPanel
        if desk.context.on_server:  # type: ignore[attr-defined]
            self.backups = ServerBackupPanel(desk)  # the server's administrator backs it up
        else:
            self.backups = BackupPanel(desk, runner, **backup_options)  # type: ignore[arg-type]
        confirm = backup_options.get("confirm")
        self.retention = RetensiPanel(desk, runner, **({"confirm": confirm} if confirm else {}))
        self.security = KeamananPanel(desk, runner, **({"confirm": confirm} if confirm else {}))
        for button, permission in (
            (self.retention.save_button, Permission.EDIT_SETTINGS),
            (self.retention.apply_button, Permission.RUN_RETENTION),
            (self.security.enable_button, Permission.MANAGE_KEYS),
            (self.security.renew_button, Permission.MANAGE_KEYS),
        ):
            require_permission(button, permission, desk)

        self.profile_panel = ProfilPanel(desk, runner,
                                         **({"confirm": confirm} if confirm else {}))
        left = QVBoxLayout()
        left.addWidget(self.profile_panel)
        left.addWidget(language_box)
        self.database = DatabasePanel(desk, runner)
        left.addWidget(self.database)
        self.key_share: KeySharePanel | None = None
        if desk.context.on_server:  # type: ignore[attr-defined]  # officers share one desk
            self.key_share = KeySharePanel(desk, runner)
            left.addWidget(self.key_share)
        self.users = UsersPanel(desk, runner)  # type: ignore[arg-type]
        left.addWidget(self.users)
        left.addWidget(self.security)
        left.addWidget(self.retention)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 3)
        columns.addWidget(self.backups, 2)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(28, 24, 28, 16)
        content_layout.addWidget(title)
        content_layout.addLayout(columns, 1)
        self.audit = AuditPanel(desk, runner)  # type: ignore[arg-type]
        content_layout.addWidget(self.audit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def set_language_choice(self, code: str) -> None:
        """Mirror a choice made in the menu (no signal back)."""
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(self.language.findData(code), 0))
        self.language.blockSignals(False)

    def on_data_changed(self, changes: Changes) -> None:
        self.profile_panel.on_data_changed(changes)
        self.backups.on_data_changed(changes)
        self.users.on_data_changed(changes)
        self.audit.on_data_changed(changes)
        self.retention.on_data_changed(changes)
        self.security.on_data_changed(changes)
