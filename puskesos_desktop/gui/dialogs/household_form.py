"""New household (Keluarga baru): the KK card typed top to bottom, members one after another.

Built for an operator copying a Kartu Keluarga with the card in one hand: every field is
reached with Enter or Tab, Enter on the last member field adds the member and returns to
the next member's NIK, Ctrl+S saves the family, Esc asks before throwing anything away.
Each member is checked when added (rules and duplicate candidates), and the save repeats
the service's own checks in one transaction; nothing typed is ever lost on an error.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.dialogs.save_flow import SaveFlow
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no
from puskesos_desktop.gui.widgets.keyboard import EnterMovesFocus
from puskesos_desktop.gui.widgets.member_editor import MemberEditor
from puskesos_desktop.gui.widgets.member_list import Member, MemberTable
from puskesos_desktop.gui.widgets.nik_field import NikField
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import (
        CreatedHousehold,
        FieldFinding,
        InvalidInput,
        KeluargaInput,
        OrangInput,
    )


class HouseholdForm(QDialog):
    """After ``accepted``: ``created`` holds the service's :class:`CreatedHousehold`."""

    def __init__(
        self, desk: Any, parent: QWidget | None = None, *, confirm: Confirm = ask_yes_no
    ) -> None:
        from puskesos_desktop.services.registry_write import known_kecamatan

        super().__init__(parent)
        self.desk = desk
        self.confirm = confirm
        self.members: list[Member] = []
        self.editing_row: int | None = None
        self.created: CreatedHousehold | None = None
        self.duplicate_dialog: QDialog | None = None
        self.dirty = False
        self.setWindowTitle(_("Keluarga baru"))
        self.kk = NikField("kk", known_region=known_kecamatan)
        self.kk.required = False
        self.kk.edit.setPlaceholderText(_("16 angka No. KK (boleh kosong jika belum ada)"))
        self.alamat = QLineEdit()
        self.alamat.setPlaceholderText(_("mis. Dk. Krajan atau Jl. Melati No. 5"))
        self.rt, self.rw = QLineEdit(), QLineEdit()
        for edit in (self.rt, self.rw):
            edit.setMaxLength(3)
            edit.setMaximumWidth(60)
            edit.setPlaceholderText("001")
        self.dusun = QLineEdit()
        self.editor = MemberEditor(known_region=known_kecamatan)
        self.add_button = QPushButton(_("Tambahkan ke daftar (Ctrl+Enter)"))
        self.clear_button = QPushButton(_("Kosongkan"))
        self.table = MemberTable()
        self.edit_button = QPushButton(_("Ubah"))
        self.remove_button = QPushButton(_("Hapus dari daftar"))
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.save_button = QPushButton(_("Simpan keluarga (Ctrl+S)"))
        self.cancel_button = QPushButton(_("Batal"))
        self._layout()
        self._wire()
        self._refresh_table()
        self.resize(1250, 700)
        self.kk.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -----------------------------------------------------------------------------
    def _layout(self) -> None:
        family = QGroupBox(_("Data keluarga (sesuai Kartu Keluarga)"))
        grid = QGridLayout(family)
        top = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        for column, (text, widget) in enumerate(((_("No. &KK:"), self.kk),
                                                 (_("&Alamat:"), self.alamat))):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column * 2, top)
            grid.addWidget(widget, 0, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
        place = QHBoxLayout()
        for text, widget in ((_("RT:"), self.rt), (_("RW:"), self.rw), (_("Dusun:"), self.dusun)):
            place.addWidget(QLabel(text))
            place.addWidget(widget, 1 if widget is self.dusun else 0)
        grid.addLayout(place, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        members = QGroupBox(_("Anggota keluarga"))
        self.members_box = members
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.edit_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        left = QVBoxLayout(members)
        left.addWidget(self.table, 1)
        left.addLayout(list_buttons)

        editor_box = QGroupBox(_("Data anggota"))
        self.editor_box = editor_box
        right = QVBoxLayout(editor_box)
        right.addWidget(self.editor)
        right.addStretch(1)
        editor_buttons = QHBoxLayout()
        editor_buttons.addStretch(1)
        editor_buttons.addWidget(self.clear_button)
        editor_buttons.addWidget(self.add_button)
        right.addLayout(editor_buttons)

        middle = QHBoxLayout()
        middle.addWidget(members, 4)
        middle.addWidget(editor_box, 6)
        bottom = QHBoxLayout()
        hint = QLabel(_("Enter: kolom berikutnya · Ctrl+Enter: tambah anggota · Ctrl+S: simpan"))
        hint.setObjectName("hint")
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(family)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problems)
        layout.addLayout(bottom)

    def _wire(self) -> None:
        chain = [
            self.kk.edit, self.kk.confirm, self.alamat, self.rt, self.rw, self.dusun,
            *self.editor.inputs, self.clear_button, self.add_button, self.table,
            self.edit_button, self.remove_button, self.cancel_button, self.save_button,
        ]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        enter = EnterMovesFocus(self)
        enter.watch(self.kk.edit, self.alamat, self.rt, self.rw, self.dusun, *self.editor.inputs)
        enter.on_enter(self.editor.nik.edit, self._after_nik)
        enter.on_enter(self.editor.status_domisili, self.add_member)
        enter.on_enter(self.table, self.edit_selected)
        for button in (self.add_button, self.clear_button, self.edit_button, self.remove_button,
                       self.save_button, self.cancel_button):  # fmt: skip
            button.setAutoDefault(True)
            button.setDefault(False)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.add_member)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.add_member)
        self.add_button.clicked.connect(lambda: self.add_member())
        self.clear_button.clicked.connect(self.clear_editor)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        for edit in (self.alamat, self.rt, self.rw, self.dusun):
            edit.textChanged.connect(self._mark_dirty)
        self.kk.changed.connect(self._mark_dirty)
        self.editor.changed.connect(self._mark_dirty)

    def _after_nik(self) -> None:
        nik = self.editor.nik
        (nik.confirm if nik.confirm.isVisible() else self.editor.nama).setFocus()

    def _mark_dirty(self, *_args: object) -> None:
        self.dirty = True

    # -- members ------------------------------------------------------------------------------
    def add_member(self, then: Any = None) -> None:
        """Check the person in the editor and put it in the list (asking about duplicates)."""
        errors, warnings = self.editor.submit_problems()
        if errors:
            self.editor.focus_first()
            return
        if warnings and not self.confirm(
            self, _("Periksa peringatan"),
            "\n".join(f"• {w}" for w in warnings) + "\n\n" + _("Data sudah benar? Lanjutkan?"),
        ):  # fmt: skip
            return
        data = self.editor.get_input()
        check = self.desk.registry.check_person(data)
        if not check.candidates:
            self._store(Member(data))
            if then:
                then()
            return
        from puskesos_desktop.gui.dialogs.duplicate_check import DuplicateDialog

        dialog = DuplicateDialog(
            data, check.candidates, typed_kk=self.kk.value(), typed_address=self._address(),
            parent=self,
        )  # fmt: skip
        self.duplicate_dialog = dialog

        def answered(result: int) -> None:
            decision = dialog.decision
            dialog.deleteLater()
            self.duplicate_dialog = None
            if result != QDialog.DialogCode.Accepted or decision is None:
                self.editor.focus_first()
                return
            if decision.same_person_uid:
                chosen = next(c for c in check.candidates if c.uid == decision.same_person_uid)
                note = _("Sudah terdaftar ({kk}) — data lama dipakai, tidak dibuat ulang").format(
                    kk=chosen.no_kk or _("tanpa KK")
                )
            else:
                note = _("Orang berbeda (keputusan dicatat)")
            self._store(Member(data, decision, note))
            if then:
                then()

        dialog.finished.connect(answered)
        dialog.open()

    def _store(self, member: Member) -> None:
        if self.editing_row is not None and self.editing_row < len(self.members):
            self.members[self.editing_row] = member
        else:
            self.members.append(member)
        self.editing_row = None
        self.editor.clear()
        self._refresh_table()
        self.problems.hide()
        self.editor.focus_first()

    def clear_editor(self) -> None:
        if not self.editor.is_blank() and not self.confirm(
            self, _("Kosongkan?"), _("Data anggota yang sedang diketik akan dihapus. Lanjutkan?")
        ):
            return
        self.editing_row = None
        self.editor.clear()
        self._refresh_table()
        self.editor.focus_first()

    def selected_row(self) -> int | None:
        return self.table.selected_row()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not self.editor.is_blank() and self.editing_row != row and not self.confirm(
            self, _("Ganti isi formulir?"),
            _("Data anggota yang sedang diketik belum ditambahkan dan akan diganti. Lanjutkan?"),
        ):  # fmt: skip
            return
        self.editing_row = row
        self.editor.set_input(self.members[row].data)
        self._refresh_table()
        self.editor.focus_first()

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        name = self.members[row].data.nama
        if not self.confirm(
            self, _("Hapus dari daftar?"),
            _("{name} dihapus dari daftar anggota (belum tersimpan). Lanjutkan?").format(
                name=name
            ),
        ):  # fmt: skip
            return
        del self.members[row]
        if self.editing_row == row:
            self.editing_row = None
        self._refresh_table()

    def _refresh_table(self) -> None:
        self.table.show_members(self.members)
        self.members_box.setTitle(_("Anggota keluarga ({n})").format(n=len(self.members)))
        editing = self.editing_row is not None
        self.editor_box.setTitle(
            _("Ubah anggota ke-{n}").format(n=self.editing_row + 1)  # type: ignore[operator]
            if editing
            else _("Anggota baru")
        )
        self.add_button.setText(
            _("Simpan perubahan anggota (Ctrl+Enter)") if editing
            else _("Tambahkan ke daftar (Ctrl+Enter)")
        )  # fmt: skip
        has_rows = bool(self.members)
        self.edit_button.setEnabled(has_rows)
        self.remove_button.setEnabled(has_rows)

    # -- saving -------------------------------------------------------------------------------
    def _address(self) -> str:
        from puskesos_desktop.services.registry_types import format_address

        return format_address(self.alamat.text().strip(), self.rt.text().strip(),
                              self.rw.text().strip(), self.dusun.text().strip())  # fmt: skip

    def household_input(self) -> KeluargaInput:
        from puskesos_desktop.services.registry_types import KeluargaInput

        return KeluargaInput(
            no_kk=self.kk.value() or None,
            alamat=self.alamat.text(),
            rt=self.rt.text(),
            rw=self.rw.text(),
            dusun=self.dusun.text(),
            anggota=tuple(member.data for member in self.members),
        )

    def save(self) -> None:
        if not self.editor.is_blank():  # never drop a member still in the editor
            self.add_member(then=self.save)
            return
        if not self.members:
            self._show_problems([_("Tambahkan minimal satu anggota keluarga sebelum menyimpan.")])
            self.editor.focus_first()
            return
        self.kk.validate()
        if self.kk.has_errors():
            self._show_problems([f.message for f in self.kk.findings()])
            self.kk.setFocus()
            return
        decided = {i: m.decision for i, m in enumerate(self.members) if m.decision is not None}
        flow = SaveFlow(
            parent=self,
            attempt=lambda confirm, decisions: self.desk.registry.create_household(
                self.household_input(), confirm_warnings=confirm,
                decisions={**decided, **decisions},
            ),
            on_success=self._saved,
            on_invalid=self._invalid,
            confirm=self.confirm,
            describe=self._describe,
            pre_confirmed=self._pre_confirmed,
            on_duplicate_dialog=self._remember_dialog,
        )  # fmt: skip
        flow.start()

    def _remember_dialog(self, dialog: QDialog) -> None:
        self.duplicate_dialog = dialog

    def _describe(self, index: int | None) -> tuple[OrangInput, str, str]:
        member = self.members[index or 0]
        return member.data, self.kk.value(), self._address()

    def _pre_confirmed(self, findings: tuple[FieldFinding, ...]) -> bool:
        """Member warnings were confirmed when each member was added; the No. KK's with
        its own box."""
        return all(
            f.field.startswith("anggota[") or (f.field == "no_kk" and self.kk.confirm.isChecked())
            for f in findings
        )

    def _invalid(self, error: InvalidInput) -> None:
        messages = []
        for finding in error.findings:
            if not finding.is_error:
                continue
            prefix = ""
            if finding.field.startswith("anggota["):
                index = int(finding.field[len("anggota[") : finding.field.index("]")])
                prefix = f"{self.members[index].data.nama}: " if index < len(self.members) else ""
            messages.append(prefix + finding.message)
        self._show_problems(messages)

    def _show_problems(self, messages: list[str]) -> None:
        self.problems.setText("\n".join(f"• {m}" for m in messages))
        self.problems.show()

    def _saved(self, created: CreatedHousehold) -> None:
        self.created = created
        self.dirty = False
        self.accept()

    # -- leaving ------------------------------------------------------------------------------
    def has_unsaved_work(self) -> bool:
        return self.dirty and (bool(self.members) or not self.editor.is_blank() or any(
            w.text().strip() for w in (self.kk.edit, self.alamat, self.rt, self.rw, self.dusun)
        ))  # fmt: skip

    def reject(self) -> None:
        if self.has_unsaved_work() and not self.confirm(
            self, _("Buang data?"),
            _("Data keluarga yang sudah diketik belum disimpan dan akan hilang. Tutup formulir?"),
        ):  # fmt: skip
            return
        self.dirty = False
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_work() and not self.confirm(
            self, _("Buang data?"),
            _("Data keluarga yang sudah diketik belum disimpan dan akan hilang. Tutup formulir?"),
        ):  # fmt: skip
            event.ignore()
            return
        self.dirty = False
        event.accept()
