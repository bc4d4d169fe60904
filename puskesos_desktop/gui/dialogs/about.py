"""Tentang Puskesos Desk: version, desk id and data folder (what a helper asks for first)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from puskesos_desktop import __version__
from puskesos_desktop.i18n import _


def show_about(parent: QWidget, desk: object) -> QMessageBox:
    """Non-blocking about box; returns it so callers (and tests) can close it."""
    profile = desk.profile.get() if desk is not None else None
    desk_id = profile.desk_id if profile else "—"
    text = (
        f"<h3>Puskesos Desk {html.escape(__version__)}</h3>"
        + "<p>"
        + html.escape(
            _(
                "Layanan Puskesos desa secara luring (offline): registrasi warga, "
                "asesmen, rujukan, dan pengiriman data ke Dinas Sosial."
            )
        )
        + "</p><p>"
        + html.escape(_("ID desk: {desk_id}").format(desk_id=desk_id))
        + "<br>"
        + html.escape(_("Folder data: {path}").format(path=desk.paths.root))
        + "</p>"
    )
    box = QMessageBox(parent)
    box.setWindowTitle(_("Tentang Puskesos Desk"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(text)
    box.setIcon(QMessageBox.Icon.Information)
    box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
