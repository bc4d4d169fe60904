"""Qt's own button and menu texts through our gettext catalogue.

PySide6 ships no Indonesian ``qtbase`` translation, so stock texts such as "Cancel" or the
line-edit context menu would appear in English. This translator maps the handful of stock
texts an operator meets to Indonesian msgids and lets :func:`_` do the rest, so English
users still get English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from puskesos_desktop.i18n import N_, _

_STOCK: dict[str, str] = {
    "OK": N_("OK"),
    "&OK": N_("OK"),
    "Cancel": N_("Batal"),
    "&Cancel": N_("Batal"),
    "Close": N_("Tutup"),
    "&Close": N_("Tutup"),
    "&Yes": N_("&Ya"),
    "&No": N_("&Tidak"),
    "Yes": N_("Ya"),
    "No": N_("Tidak"),
    "Save": N_("Simpan"),
    "&Save": N_("Simpan"),
    "Open": N_("Buka"),
    "&Open": N_("Buka"),
    "Help": N_("Bantuan"),
    "&Help": N_("Bantuan"),
    "Apply": N_("Terapkan"),
    "Discard": N_("Buang"),
    "Reset": N_("Atur ulang"),
    "< &Back": N_("< &Kembali"),
    "&Next >": N_("&Lanjut >"),
    "&Finish": N_("&Selesai"),
    "&Undo": N_("&Urungkan"),
    "&Redo": N_("&Ulangi"),
    "Cu&t": N_("Po&tong"),
    "&Copy": N_("&Salin"),
    "&Paste": N_("&Tempel"),
    "Delete": N_("Hapus"),
    "Select All": N_("Pilih semua"),
    "Look in:": N_("Cari di:"),
    "File &name:": N_("&Nama berkas:"),
    "Files of type:": N_("Jenis berkas:"),
    "Directory:": N_("Folder:"),
    "&Choose": N_("&Pilih"),
}


class StockTextTranslator(QTranslator):
    """Answers only for known stock texts; everything else falls through to Qt."""

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        msgid = _STOCK.get(source_text)
        return _(msgid) if msgid is not None else None

    def isEmpty(self) -> bool:
        return False


def install_stock_translator(app: QCoreApplication) -> StockTextTranslator:
    """Install and return the translator (keep the reference: Qt does not own it)."""
    translator = StockTextTranslator(app)
    app.installTranslator(translator)
    return translator
