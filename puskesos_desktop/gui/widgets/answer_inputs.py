"""Inputs that can say "not asked yet", as the assessment rules need.

An assessment distinguishes "not asked" (``None``) from "no"/"none": an unasked question is
listed as missing instead of silently lowering someone's priority. Qt's stock inputs cannot
express that, so these small widgets add an explicit empty state ("—") and every one emits
``changed`` so the form can autosave and refresh the live score.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QSpinBox,
    QWidget,
)

from puskesos_desktop.i18n import _

NOT_ASKED = "—"


class CodeCombo(QComboBox):
    """Pick one code from ``(code, label)`` options, or "—" (``""``, not asked)."""

    changed = Signal()

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        blank: str = NOT_ASKED,
    ) -> None:
        super().__init__(parent)
        self.addItem(blank, "")
        for code, label in options:
            self.addItem(label, code)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str | None) -> None:
        index = self.findData(code or "")
        self.setCurrentIndex(max(index, 0))


class YesNoCombo(CodeCombo):
    """``None`` / ``True`` / ``False`` as "—" / "Ya" / "Tidak"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([("Y", _("Ya")), ("T", _("Tidak"))], parent)
        self.setMinimumContentsLength(6)

    def value(self) -> bool | None:
        code = self.code()
        return None if not code else code == "Y"

    def set_value(self, value: bool | None) -> None:
        self.set_code("" if value is None else ("Y" if value else "T"))


class OptionalNumber(QSpinBox):
    """A whole number or "—": the lowest value stands for "not asked"."""

    changed = Signal()

    def __init__(self, maximum: int, parent: QWidget | None = None, *, step: int = 1) -> None:
        super().__init__(parent)
        self.setRange(-1, maximum)
        self.setSingleStep(step)
        self.setSpecialValueText(NOT_ASKED)
        self.setValue(-1)
        self.setGroupSeparatorShown(True)
        self.valueChanged.connect(lambda _v: self.changed.emit())

    def number(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_number(self, value: int | None) -> None:
        self.setValue(-1 if value is None else value)


class OptionalDecimal(QDoubleSpinBox):
    """A decimal (floor area) or "—"."""

    changed = Signal()

    def __init__(self, maximum: float, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, maximum)
        self.setDecimals(1)
        self.setSuffix(suffix)
        self.setSpecialValueText(NOT_ASKED)
        self.setValue(0)
        self.valueChanged.connect(lambda _v: self.changed.emit())

    def number(self) -> float | None:
        return None if self.value() <= 0 else round(self.value(), 1)

    def set_number(self, value: float | None) -> None:
        self.setValue(0 if value is None else value)


class CodeChecklist(QWidget):
    """Yes/no per item (assets, illnesses…) plus "Tidak ada".

    Value: a tuple of the ticked codes; ``()`` when only "Tidak ada" is ticked (asked: none);
    ``None`` when nothing is ticked (not asked). Ticking an item clears "Tidak ada".
    """

    changed = Signal()

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        columns: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for index, (code, label) in enumerate(options):
            box = QCheckBox(label)
            box.toggled.connect(self._item_toggled)
            grid.addWidget(box, index // columns, index % columns)
            self.boxes[code] = box
        self.none_box = QCheckBox(_("Tidak ada"))
        self.none_box.toggled.connect(self._none_toggled)
        grid.addWidget(self.none_box, (len(options) + columns - 1) // columns, 0)
        self._quiet = False

    def _item_toggled(self, checked: bool) -> None:
        if checked and self.none_box.isChecked():
            self._quiet = True
            self.none_box.setChecked(False)
            self._quiet = False
        if not self._quiet:
            self.changed.emit()

    def _none_toggled(self, checked: bool) -> None:
        if checked:
            self._quiet = True
            for box in self.boxes.values():
                box.setChecked(False)
            self._quiet = False
        if not self._quiet:
            self.changed.emit()

    def value(self) -> tuple[str, ...] | None:
        ticked = tuple(code for code, box in self.boxes.items() if box.isChecked())
        if ticked:
            return ticked
        return () if self.none_box.isChecked() else None

    def set_value(self, codes: Sequence[str] | None) -> None:
        self._quiet = True
        chosen = set(codes or ())
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)
        self.none_box.setChecked(codes is not None and not chosen)
        self._quiet = False
        self.changed.emit()
