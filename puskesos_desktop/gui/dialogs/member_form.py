"""Add one person to a registered household, or edit a registered person.

Same fields and live checks as the household form (:class:`MemberEditor`) and the same
save conversation (:class:`SaveFlow`): errors keep the dialog open, warnings are
confirmed, possible duplicates are decided in the duplicate dialog. When the operator
says "this is the same person", nothing new is saved and ``existing_uid`` names the
record the caller should open instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from puskesos_desktop.gui.dialogs.save_flow import SaveFlow
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no
from puskesos_desktop.gui.widgets.keyboard import EnterMovesFocus
from puskesos_desktop.gui.widgets.member_editor import MemberEditor
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import (
        DuplicateDecision,
        InvalidInput,
        OrangInput,
        PersonDetail,
        SavedPerson,
    )


class MemberDialog(QDialog):
    """After ``accepted``: ``saved`` is the :class:`SavedPerson`; ``existing_uid`` is set
    when the operator chose an already registered person."""

    def __init__(
        self,
        desk: Any,
        *,
        keluarga_uid: str | None,
        person: PersonDetail | None = None,
        household_text: tuple[str, str] = ("", ""),
        parent: QWidget | None = None,
        confirm: Confirm = ask_yes_no,
    ) -> None:
        from puskesos_desktop.services.registry_write import known_kecamatan

        super().__init__(parent)
        self.desk = desk
        self.keluarga_uid = keluarga_uid
        self.person = person
        self.household_text = household_text
        self.confirm = confirm
        self.saved: SavedPerson | None = None
        self.existing_uid: str | None = None
        self.duplicate_dialog: QDialog | None = None
        self.dirty = False
        self.setWindowTitle(_("Ubah data {name}").format(name=person.nama) if person
                            else _("Tambah anggota keluarga"))  # fmt: skip
        self.editor = MemberEditor(known_region=known_kecamatan)
        if person is not None:
            self.editor.set_input(person)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.save_button = QPushButton(_("Simpan (Ctrl+S)"))
        self.cancel_button = QPushButton(_("Batal"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        enter = EnterMovesFocus(self)
        enter.watch(*self.editor.inputs)
        enter.on_enter(self.editor.status_domisili, self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.editor.changed.connect(self._mark_dirty)
        self.dirty = False
        self.resize(900, 520)
        self.editor.focus_first()

    def _mark_dirty(self) -> None:
        self.dirty = True

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> None:
        errors, warnings = self.editor.submit_problems()
        if errors:
            self._show(errors)
            self.editor.focus_first()
            return
        if warnings and not self.confirm(
            self, _("Periksa peringatan"),
            "\n".join(f"• {w}" for w in warnings) + "\n\n" + _("Data sudah benar? Simpan?"),
        ):  # fmt: skip
            return
        data = self.editor.get_input()
        SaveFlow(
            parent=self,
            attempt=lambda confirm, decisions: self._attempt(data, confirm, decisions),
            on_success=self._saved,
            on_invalid=self._invalid,
            confirm=self.confirm,
            describe=lambda _index: (data, *self.household_text),
            pre_confirmed=lambda _findings: True,  # confirmed just above
            on_duplicate_dialog=self._remember_dialog,
        ).start()

    def _attempt(
        self, data: OrangInput, confirm: bool, decisions: dict[int | None, DuplicateDecision]
    ) -> SavedPerson:
        decision = decisions.get(None)
        if self.person is not None:
            return self.desk.registry.update_person(
                self.person.uid,
                data,
                confirm_warnings=confirm,
                different_person=bool(decision and decision.different_person),
                expected_rev=self.person.rev,
            )
        return self.desk.registry.add_person(
            self.keluarga_uid,
            data,
            confirm_warnings=confirm,
            same_person_uid=decision.same_person_uid if decision else None,
            different_person=bool(decision and decision.different_person),
        )

    def _remember_dialog(self, dialog: QDialog) -> None:
        self.duplicate_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "duplicate_dialog", None))

    def _invalid(self, error: InvalidInput) -> None:
        self._show([f.message for f in error.findings if f.is_error])

    def _show(self, messages: list[str]) -> None:
        self.problems.setText("\n".join(f"• {m}" for m in messages))
        self.problems.show()

    def _saved(self, saved: SavedPerson) -> None:
        self.saved = saved
        if self.person is None and not saved.created:
            self.existing_uid = saved.uid
        self.dirty = False
        self.accept()

    # -- leaving ------------------------------------------------------------------------------
    def _may_leave(self) -> bool:
        return not self.dirty or self.confirm(
            self, _("Buang perubahan?"),
            _("Data yang sudah diketik belum disimpan dan akan hilang. Tutup?"),
        )  # fmt: skip

    def reject(self) -> None:
        if self._may_leave():
            self.dirty = False
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_leave():
            self.dirty = False
            event.accept()
        else:
            event.ignore()
