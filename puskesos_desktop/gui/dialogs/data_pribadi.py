"""A person's data-protection page: consent history, and the resident's rights in three
buttons — a copy of their data, a correction, deletion.

Opened from the household screen ("Data pribadi…"). Recording a consent needs only what
the person says (what, yes/no, how, who gave it); the date defaults to today and the
operator is filled in by the service. Deletion asks once more, naming what will be lost,
because it cannot be undone and travels to the district.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.privacy import CaraPersetujuan, JenisPersetujuan
from puskesos_desktop.domain.registry_enums import PemberiPersetujuan
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no, choose_directory
from puskesos_desktop.gui.widgets.choice_combo import ChoiceCombo
from puskesos_desktop.gui.widgets.date_field import DateField
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from puskesos_desktop.services.registry_types import PersonDetail

class DataPribadiDialog(QDialog):
    """``data_changed`` carries the service's ``Changes``; ``edit_requested`` asks the
    household screen to open its normal edit form for this person (a correction)."""

    data_changed = Signal(object)
    edit_requested = Signal(str)

    def __init__(self, desk: Any, person: PersonDetail, parent: QWidget | None = None, *,
                 confirm: Confirm = ask_yes_no,
                 choose_folder: Callable[[QWidget], str | None] = choose_directory) -> None:
        super().__init__(parent)
        self.desk = desk
        self.person = person
        self.confirm = confirm
        self.choose_folder = choose_folder
        self.setWindowTitle(_("Data pribadi warga"))
        title = QLabel(_("Data pribadi: {nama}").format(nama=person.nama))
        title.setObjectName("pageTitle")
        headers = [_("Tanggal"), _("Jenis"), _("Untuk"), _("Keputusan"), _("Diberikan oleh"),
                   _("Cara"), _("Dicatat oleh")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.jenis = ChoiceCombo(JenisPersetujuan, empty_text=None)
        self.keputusan = QComboBox()
        self.keputusan.addItem(_("Memberikan persetujuan"), True)
        self.keputusan.addItem(_("Menarik persetujuan"), False)
        self.pemberi = ChoiceCombo(PemberiPersetujuan, empty_text=None)
        self.cara = ChoiceCombo(CaraPersetujuan, empty_text=None)
        self.tanggal = DateField()
        self.tanggal.set_value(date.today())
        self.record_button = QPushButton(_("Catat persetujuan"))
        self.export_button = QPushButton(_("Salinan data (PDF + JSON)…"))
        self.correct_button = QPushButton(_("Koreksi data…"))
        self.delete_button = QPushButton(_("Hapus data atas permintaan…"))
        self.delete_button.setObjectName("dangerButton")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton(_("Tutup"))
        self._layout(title, close)
        self.record_button.clicked.connect(self.record_consent)
        self.export_button.clicked.connect(self.export)
        self.correct_button.clicked.connect(self.correct)
        self.delete_button.clicked.connect(self.delete)
        close.clicked.connect(self.accept)
        self.resize(1000, 600)
        self.load()

    def _layout(self, title: QLabel, close: QPushButton) -> None:
        consent = QGroupBox(_("Persetujuan (UU 27/2022)"))
        form = QGridLayout()
        for column, (label, widget) in enumerate((
            (_("Jenis"), self.jenis), (_("Keputusan"), self.keputusan),
            (_("Diberikan oleh"), self.pemberi), (_("Cara"), self.cara),
            (_("Tanggal"), self.tanggal),
        )):
            form.addWidget(QLabel(label), 0, column)
            form.addWidget(widget, 1, column)
        form.addWidget(self.record_button, 1, 5)
        hint = QLabel(_("Persetujuan pembagian data untuk satu lembaga dicatat di formulir "
                        "rujukan. Di sini: persetujuan umum, atau penarikannya."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        box = QVBoxLayout(consent)
        box.addWidget(self.table, 1)
        box.addLayout(form)
        box.addWidget(hint)
        rights = QGroupBox(_("Permintaan warga atas datanya"))
        buttons = QHBoxLayout(rights)
        for button in (self.export_button, self.correct_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(consent, 1)
        layout.addWidget(rights)
        layout.addLayout(bottom)

    def load(self) -> None:
        rows = self.desk.consent.for_person(self.person.uid)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (format_date(row.tanggal), row.jenis_label, row.tujuan,
                      _("Diberikan") if row.diberikan else _("Ditarik"), row.pemberi_label,
                      row.cara_label, row.dicatat_oleh)
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        if not rows:
            self.status.setText(_("Belum ada persetujuan tercatat untuk warga ini."))

    # -- actions ------------------------------------------------------------------------------
    def record_consent(self) -> None:
        from puskesos_desktop.domain.errors import UserError
        from puskesos_desktop.services.consent import ConsentInput

        data = ConsentInput(orang_uid=self.person.uid, jenis=self.jenis.code(),
                            diberikan=bool(self.keputusan.currentData()), cara=self.cara.code(),
                            pemberi=self.pemberi.code(), tanggal=self.tanggal.value())
        try:
            saved = self.desk.consent.record(data)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.load()
        self.status.setText(_("Persetujuan tercatat."))
        self.data_changed.emit(saved.changes)

    def export(self) -> None:
        from pathlib import Path

        from puskesos_desktop.domain.errors import UserError

        folder = self.choose_folder(self)
        if not folder:
            return
        try:
            pdf, js = self.desk.subject_request.save_export(self.person.uid, Path(folder))
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.status.setText(_("Salinan tersimpan: {pdf} dan {json}").format(pdf=pdf, json=js))

    def correct(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        try:
            self.desk.subject_request.log_correction(self.person.uid)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.accept()  # the edit form takes over
        self.edit_requested.emit(self.person.uid)

    def delete(self) -> None:
        from puskesos_desktop.domain.errors import UserError
        from puskesos_desktop.services.subject_request import deletion_consequences

        try:
            preview = self.desk.subject_request.deletion_preview(self.person.uid)
            if preview.sudah_dianonimkan:
                raise UserError(_("Data warga ini sudah dihapus (dianonimkan) sebelumnya."))
            text = deletion_consequences(preview, date.today())
            if not self.confirm(self, _("Hapus data pribadi?"), text):
                return
            deleted = self.desk.subject_request.delete(self.person.uid)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.data_changed.emit(deleted.changes)
        self.accept()
