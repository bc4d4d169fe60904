"""A household (or a person without one) on one screen: members and what happened, in order.

Opened from the registry search. Shows the members as they are now and every event the
timeline service knows (registration, No. KK changes, moves, intakes, and whatever later
modules register: assessments, referrals), newest first, so the operator sees the family's
story before taking the next step. The actions that change a family's history (new
No. KK, moving a member) live here, next to the history they add to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
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

from puskesos_desktop.domain.permissions import Permission, allows
from puskesos_desktop.domain.registry_enums import HubunganKeluarga, StatusDasar
from puskesos_desktop.gui.formatting import format_date, format_datetime
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import HouseholdDetail, PersonDetail
    from puskesos_desktop.services.timeline import TimelineEvent


def _label(choice: type, code: str) -> str:
    member = choice.parse(code) if code else None
    return member.label if member else (code or "")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


class TimelineDialog(QDialog):
    """``data_changed`` carries the service's ``Changes`` after any save made from here."""

    data_changed = Signal(object)

    def __init__(
        self,
        desk: Any,
        *,
        keluarga_uid: str | None = None,
        orang_uid: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.keluarga_uid = keluarga_uid
        self.orang_uid = orang_uid
        self.household: HouseholdDetail | None = None
        self.people: list[PersonDetail] = []
        self.child_dialog: QDialog | None = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.members = _table([_("Nama"), _("NIK"), _("Hubungan"), _("JK"), _("Tgl lahir"),
                               _("Status"), _("Catatan")])  # fmt: skip
        self.members.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.events = _table([_("Waktu"), _("Peristiwa"), _("Keterangan")])
        self.events.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.events.setWordWrap(True)
        self.add_button = QPushButton(_("Tambah anggota…"))
        self.edit_button = QPushButton(_("Ubah data anggota…"))
        self.move_button = QPushButton(_("Pindahkan ke keluarga lain…"))
        self.intake_button = QPushButton(_("Layanan masuk baru…"))
        self.privacy_button = QPushButton(_("Data pribadi…"))
        self.privacy_button.setToolTip(_("Persetujuan, salinan data, koreksi dan hapus data "
                                         "atas permintaan warga"))
        self.viewed_button = QPushButton(_("Siapa yang membuka?"))
        self.viewed_button.setToolTip(_("Jejak audit: siapa saja yang membuka data anggota ini"))
        self.viewed_button.setVisible(allows(desk.context.operator_role, Permission.VIEW_AUDIT))
        self.kk_button = QPushButton(_("Ubah No. KK…"))
        self.close_button = QPushButton(_("Tutup"))
        self._layout()
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.move_button.clicked.connect(self.move_member)
        self.intake_button.clicked.connect(self.new_intake)
        self.privacy_button.clicked.connect(self.open_privacy)
        self.viewed_button.clicked.connect(self.show_who_viewed)
        self.kk_button.clicked.connect(self.change_kk)
        self.close_button.clicked.connect(self.accept)
        self.members.itemActivated.connect(lambda _item: self.edit_member())
        self.resize(1180, 680)
        self.load()

    def _layout(self) -> None:
        members_box = QGroupBox(_("Anggota keluarga"))
        member_buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.move_button, self.intake_button,
                       self.privacy_button, self.viewed_button):
            member_buttons.addWidget(button)
        member_buttons.addStretch(1)
        box = QVBoxLayout(members_box)
        box.addWidget(self.members, 1)
        box.addLayout(member_buttons)
        events_box = QGroupBox(_("Riwayat (terbaru di atas)"))
        QVBoxLayout(events_box).addWidget(self.events)
        head = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.info)
        head.addLayout(text, 1)
        head.addWidget(self.kk_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(members_box, 2)
        layout.addWidget(events_box, 3)
        layout.addLayout(bottom)

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        if self.keluarga_uid is None and self.orang_uid is not None:
            person = self.desk.registry.get_person(self.orang_uid)
            self.keluarga_uid = person.keluarga_uid
        if self.keluarga_uid is not None:
            story = self.desk.timeline.household(self.keluarga_uid)
            self.household = story.keluarga
            self.people = list(story.keluarga.anggota)
            self._show_household(story.keluarga)
        else:
            story = self.desk.timeline.person(self.orang_uid)
            self.household = None
            self.people = [story.orang]
            self.title.setText(story.orang.nama)
            self.info.setText(_("Belum tercatat dalam keluarga (KK) mana pun."))
        self.kk_button.setEnabled(self.household is not None)
        self.add_button.setEnabled(self.household is not None)
        self._fill_members()
        self._fill_events(story.peristiwa)

    def _show_household(self, household: HouseholdDetail) -> None:
        head = next((m for m in household.anggota if m.hubungan == "KEPALA"), None)
        name = head.nama if head else (household.anggota[0].nama if household.anggota else "")
        self.title.setText(_("Keluarga {name}").format(name=name) if name else _("Keluarga"))
        parts = [
            _("No. KK: {kk}").format(kk=household.no_kk or _("(belum ada)")),
            _("Alamat: {address}").format(address=household.alamat_lengkap or "—"),
        ]
        if household.desil is not None:
            parts.append(_("Desil DTSEN: {desil} (diperiksa {when})").format(
                desil=household.desil, when=format_date(household.desil_diperiksa)))  # fmt: skip
        if household.riwayat_kk:
            parts.append(_("{n} kali ganti No. KK").format(n=len(household.riwayat_kk)))
        self.info.setText("  ·  ".join(parts))

    def _fill_members(self) -> None:
        self.members.setRowCount(len(self.people))
        selected = 0
        for row, person in enumerate(self.people):
            notes = []
            if person.tindak_lanjut_dukcapil:
                notes.append(_("NIK sementara — bantu urus ke Dukcapil"))
            if person.disabilitas:
                notes.append(_("disabilitas"))
            if person.penyakit_kronis:
                notes.append(person.penyakit_kronis)
            values = [
                person.nama, person.nik or "—", _label(HubunganKeluarga, person.hubungan),
                person.jenis_kelamin, format_date(person.tanggal_lahir),
                _label(StatusDasar, person.status_dasar), "; ".join(notes),
            ]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if person.status_dasar != StatusDasar.HIDUP.value:
                    item.setForeground(QBrush(QColor("#888888")))
                self.members.setItem(row, column, item)
            if person.uid == self.orang_uid:
                selected = row
        if self.people:
            self.members.selectRow(selected)

    def _fill_events(self, events: tuple[TimelineEvent, ...]) -> None:
        ordered = list(reversed(events))
        self.events.setRowCount(len(ordered))
        for row, event in enumerate(ordered):
            for column, value in enumerate((format_datetime(event.waktu), event.judul,
                                            event.uraian)):  # fmt: skip
                self.events.setItem(row, column, QTableWidgetItem(value))
        self.events.resizeRowsToContents()

    def selected_person(self) -> PersonDetail | None:
        rows = self.members.selectionModel().selectedRows()
        return self.people[rows[0].row()] if rows else None

    # -- actions ------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, after: Any) -> None:
        self.child_dialog = dialog

        def finished(result: int) -> None:
            self.child_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                after(dialog)

        dialog.finished.connect(finished)
        dialog.open()

    def _changed(self, changes: object) -> None:
        self.load()
        if changes is not None:
            self.data_changed.emit(changes)

    def _household_text(self) -> tuple[str, str]:
        if self.household is None:
            return "", ""
        return self.household.no_kk or "", self.household.alamat_lengkap

    def add_member(self) -> None:
        from puskesos_desktop.gui.dialogs.member_form import MemberDialog

        dialog = MemberDialog(self.desk, keluarga_uid=self.keluarga_uid,
                              household_text=self._household_text(), parent=self)  # fmt: skip
        self._open(dialog, self._member_saved)

    def edit_member(self) -> None:
        from puskesos_desktop.gui.dialogs.member_form import MemberDialog

        person = self.selected_person()
        if person is None:
            return
        dialog = MemberDialog(self.desk, keluarga_uid=self.keluarga_uid, person=person,
                              household_text=self._household_text(), parent=self)  # fmt: skip
        self._open(dialog, self._member_saved)

    def _member_saved(self, dialog: Any) -> None:
        if dialog.existing_uid:  # "same person": open that record instead
            self.orang_uid = dialog.existing_uid
            self.keluarga_uid = None
        elif dialog.saved is not None:
            self.orang_uid = dialog.saved.uid
        self._changed(dialog.saved.changes if dialog.saved else None)

    def move_member(self) -> None:
        from puskesos_desktop.gui.dialogs.household_changes import MoveMemberDialog

        person = self.selected_person()
        if person is None:
            return
        dialog = MoveMemberDialog(self.desk, person, self.household, parent=self)
        self._open(dialog, lambda d: self._changed(d.result_value.changes))

    def change_kk(self) -> None:
        from puskesos_desktop.gui.dialogs.household_changes import ChangeKKDialog

        if self.household is None:
            return
        dialog = ChangeKKDialog(self.desk, self.household, parent=self)
        self._open(dialog, lambda d: self._changed(d.result_value.changes))

    def new_intake(self) -> None:
        from puskesos_desktop.gui.dialogs.intake_form import IntakeForm

        person = self.selected_person()
        dialog = IntakeForm(self.desk, penerima_uid=person.uid if person else None, parent=self)
        self._open(dialog, lambda d: self._changed(d.saved.changes))

    def show_who_viewed(self) -> None:
        from puskesos_desktop.gui.dialogs.who_viewed import WhoViewedDialog

        person = self.selected_person()
        if person is not None:
            self._open(WhoViewedDialog(self.desk, person.uid, person.nama, self), lambda _d: None)

    def open_privacy(self) -> None:
        from puskesos_desktop.gui.dialogs.data_pribadi import DataPribadiDialog

        person = self.selected_person()
        if person is None:
            return
        self.orang_uid = person.uid  # reloads keep this person selected (for a correction)
        dialog = DataPribadiDialog(self.desk, person, parent=self)
        for button in (dialog.export_button, dialog.correct_button, dialog.delete_button):
            require_permission(button, Permission.SUBJECT_REQUEST, self.desk)
        dialog.data_changed.connect(self._changed)
        dialog.edit_requested.connect(lambda _uid: self.edit_member())
        self._open(dialog, lambda _d: self.load())
