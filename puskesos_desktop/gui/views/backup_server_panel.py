"""Pengaturan → Cadangan on a district desk that runs on a PostgreSQL server.

The desk's own backup copies a SQLite file; on a shared server there is none here, so this
panel replaces the backup list and buttons. It says plainly where the data is and who backs
it up, and gives the server's administrator the exact ``pg_dump``/``pg_restore`` lines
(without any password) to copy (see :mod:`puskesos_desktop.services.backup_server`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import Changes


class ServerBackupPanel(QGroupBox):
    def __init__(self, desk: Any, parent: QWidget | None = None) -> None:
        from puskesos_desktop.services.backup_server import server_backup_advice

        super().__init__(_("Cadangan data"), parent)
        advice = server_backup_advice(desk.context.database_url)
        intro = QLabel(
            _(
                "Data kantor ini tersimpan di server PostgreSQL, bukan di komputer ini, jadi "
                "aplikasi tidak membuat cadangan dan tidak memulihkan data. Pencadangan "
                "dilakukan oleh pengelola server, sebaiknya setiap hari, dengan pg_dump."
            )
        )
        intro.setWordWrap(True)
        where = QFormLayout()
        self.server = QLabel(advice.server)
        self.database = QLabel(advice.database)
        where.addRow(_("Server:"), self.server)
        where.addRow(_("Basis data:"), self.database)
        self.commands = QPlainTextEdit(
            "\n".join(
                (
                    _("# cadangkan"),
                    advice.backup_command,
                    _("# pulihkan (menimpa isi basis data)"),
                    advice.restore_command,
                )
            )
        )
        self.commands.setReadOnly(True)
        self.commands.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)  # copied whole anyway
        self.commands.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.commands.setFixedHeight(self.commands.fontMetrics().lineSpacing() * 7 + 12)
        self.copy_button = QPushButton(_("Salin perintah"))
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.commands.toPlainText())
        )
        advice_text = QLabel(
            _(
                "Berikan perintah ini kepada pengelola server. Simpan hasil cadangan di luar "
                "server (komputer lain atau flashdisk), dan sesekali coba pulihkan ke basis "
                "data percobaan untuk memastikan cadangannya bisa dipakai."
            )
        )
        advice_text.setObjectName("hint")
        advice_text.setWordWrap(True)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(where)
        layout.addWidget(QLabel(_("Perintah untuk pengelola server:")))
        layout.addWidget(self.commands)
        layout.addLayout(copy_row)
        layout.addWidget(advice_text)
        layout.addStretch(1)

    def on_data_changed(self, changes: Changes) -> None:
        """Nothing here changes with the data."""
