"""NIK / No. KK input that checks the number while it is typed, with the domain's own words.

The rules live in :mod:`puskesos_desktop.domain.nik` (the importer and the bundle reader use
the same ones); this widget only shows their findings: errors in red under the field,
warnings in amber with a "Saya sudah memeriksa" box, because a warning (an old region code,
a NIK date part that differs from the birth date) is often right and must never block —
Dukcapil never reissues a NIK. While fewer than 16 digits are typed the field shows a calm
counter instead of an error, so the operator is not scolded halfway through a number.

Pasted text is cleaned at once (spaces, Excel's leading apostrophe, invisible characters),
so ``'3320 0101 0190 0001`` becomes ``3320010101900001``. Numbers damaged by a numeric
spreadsheet cell (``3.32E+15``) are left as pasted and explained.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from puskesos_desktop.domain.nik import (
    NUMBER_LENGTH,
    Finding,
    Severity,
    check_nik,
    check_no_kk,
    clean_nik_input,
    clean_no_kk_input,
)
from puskesos_desktop.i18n import _

KnownRegion = Callable[[str], bool]


def set_state(widget: QWidget, state: str) -> None:
    """Colour a line edit by its ``state`` property ("error", "warning" or "")."""
    if widget.property("state") == state:
        return
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class NikField(QWidget):
    """``kind`` is ``"nik"`` or ``"kk"``. ``changed`` fires on every edit and confirm toggle."""

    changed = Signal()

    def __init__(
        self,
        kind: str = "nik",
        *,
        known_region: KnownRegion | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.known_region = known_region
        self.required = True
        self._birth_date: date | None = None
        self._sex: str | None = None
        self._findings: list[Finding] = []
        self._cleaning = False
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("16 angka"))
        self.edit.setMaxLength(64)  # pasted text may carry spaces; cleaned to 16 digits
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.confirm = QCheckBox(_("Saya sudah memeriksa, nomor ini benar"))
        self.confirm.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.confirm)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text)
        self.edit.editingFinished.connect(self.validate)
        self.confirm.toggled.connect(lambda _on: self.changed.emit())

    # -- values -------------------------------------------------------------------------------
    def raw_text(self) -> str:
        return self.edit.text()

    def value(self) -> str:
        """The cleaned number ("" when empty)."""
        return self._clean(self.edit.text())[0]

    def set_value(self, text: str | None) -> None:
        self.edit.setText(text or "")
        self.confirm.setChecked(False)
        self.validate()

    def set_person(self, birth_date: date | None, sex: str | None) -> None:
        """The person's own birth date and sex, compared with the NIK's date part."""
        if (birth_date, sex) != (self._birth_date, self._sex):
            self._birth_date, self._sex = birth_date, sex
            self.validate()

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self._findings)

    def warnings(self) -> list[Finding]:
        return [f for f in self._findings if f.severity is Severity.WARNING]

    def warnings_confirmed(self) -> bool:
        return not self.warnings() or self.confirm.isChecked()

    # -- checking -----------------------------------------------------------------------------
    def _clean(self, text: str) -> tuple[str, list[Finding]]:
        return clean_nik_input(text) if self.kind == "nik" else clean_no_kk_input(text)

    def _on_text(self, text: str) -> None:
        if self._cleaning:
            return
        cleaned, damage = self._clean(text)
        if not damage and cleaned != text and cleaned.isdigit():
            self._cleaning = True  # a paste with spaces or an apostrophe: tidy it at once
            self.edit.setText(cleaned)
            self._cleaning = False
        self.validate(typing=True)

    def validate(self, typing: bool = False) -> list[Finding]:
        """Run the domain rules and show the result; ``typing`` keeps short numbers calm."""
        previous = {f.code for f in self._findings}
        cleaned, damage = self._clean(self.edit.text())
        if damage:
            findings = damage
        elif not cleaned:
            findings = self._check("") if self.required and not typing else []
        elif typing and cleaned.isdigit() and len(cleaned) < NUMBER_LENGTH:
            self._findings = []
            self._show_progress(len(cleaned))
            self.changed.emit()
            return []
        else:
            findings = self._check(cleaned)
        self._findings = findings
        if {f.code for f in findings} != previous:
            self.confirm.setChecked(False)
        self._show(findings)
        self.changed.emit()
        return findings

    def _check(self, cleaned: str) -> list[Finding]:
        if self.kind == "nik":
            return check_nik(
                cleaned,
                known_region=self.known_region,
                birth_date=self._birth_date,
                sex=self._sex,
            )
        return check_no_kk(cleaned, known_region=self.known_region)

    def _show_progress(self, count: int) -> None:
        self.message.setObjectName("fieldProgress")
        self.message.setText(_("{n} dari 16 angka").format(n=count))
        self._repolish(self.message)
        self.message.show()
        self.confirm.hide()
        set_state(self.edit, "")

    def _show(self, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.severity is Severity.ERROR]
        shown = errors or findings
        if not shown:
            self.message.hide()
            self.confirm.hide()
            set_state(self.edit, "")
            return
        self.message.setObjectName("fieldError" if errors else "fieldWarning")
        self.message.setText("\n".join(f.message for f in shown))
        self._repolish(self.message)
        self.message.show()
        self.confirm.setVisible(not errors)
        set_state(self.edit, "error" if errors else "warning")

    @staticmethod
    def _repolish(label: QLabel) -> None:
        label.style().unpolish(label)
        label.style().polish(label)
