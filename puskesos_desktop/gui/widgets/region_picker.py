"""Province → kabupaten/kota → kecamatan → desa/kelurahan, each a type-to-search combo.

Indonesia has ~84,000 villages; scrolling is hopeless, so every level is an editable combo
whose completer matches any part of the name, ignoring case ("jepa" finds "Kabupaten
Jepara"). A level counts as chosen only when its text names an item of its list exactly, so a
half-typed name never slips through as a region.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLabel, QWidget

from puskesos_desktop.domain.wilayah import Wilayah
from puskesos_desktop.i18n import _
from puskesos_desktop.services.wilayah import RegionIndex, region_index


class SearchCombo(QComboBox):
    """Editable combo over regions; ``code_changed`` fires when the chosen code changes."""

    code_changed = Signal(object)  # str | None

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(28)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lineEdit().setPlaceholderText(placeholder)
        self.lineEdit().setClearButtonEnabled(True)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._code: str | None = None
        self.currentIndexChanged.connect(self._recheck)
        self.editTextChanged.connect(self._recheck)

    def set_regions(self, regions: list[Wilayah]) -> None:
        """Replace the list and clear the choice (a new parent means a new list)."""
        self.blockSignals(True)
        self.clear()
        for region in regions:
            self.addItem(region.nama, region.kode)
        self.setCurrentIndex(-1)
        self.setEditText("")
        self.blockSignals(False)
        self.setEnabled(bool(regions))
        self._recheck()

    def selected_code(self) -> str | None:
        return self._code

    def select_code(self, code: str) -> bool:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)
            self.setEditText(self.itemText(index))
        return index >= 0

    def _match(self) -> str | None:
        text = self.currentText().strip()
        if not text:
            return None
        current = self.currentIndex()
        if current >= 0 and self.itemText(current).casefold() == text.casefold():
            return self.itemData(current)
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def _recheck(self, *_args: object) -> None:
        code = self._match()
        if code != self._code:
            self._code = code
            self.code_changed.emit(code)


class RegionPicker(QWidget):
    """Four cascading :class:`SearchCombo`; district mode shows only the first two."""

    region_changed = Signal(object)  # the deepest chosen code, or None

    def __init__(self, parent: QWidget | None = None, index: RegionIndex | None = None) -> None:
        super().__init__(parent)
        self._index = index or region_index()
        self.provinsi = SearchCombo(_("Ketik nama provinsi…"))
        self.kabupaten = SearchCombo(_("Ketik nama kabupaten/kota…"))
        self.kecamatan = SearchCombo(_("Ketik nama kecamatan…"))
        self.desa = SearchCombo(_("Ketik nama desa/kelurahan…"))
        self.levels = [self.provinsi, self.kabupaten, self.kecamatan, self.desa]
        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        labels = (_("&Provinsi:"), _("&Kabupaten/Kota:"), _("K&ecamatan:"), _("&Desa/Kelurahan:"))
        for label_text, combo in zip(labels, self.levels, strict=True):
            label = QLabel(label_text)
            label.setBuddy(combo)
            self._form.addRow(label, combo)
        for position, combo in enumerate(self.levels):
            combo.code_changed.connect(lambda code, p=position: self._on_level_changed(p, code))
        self._depth = 4
        self.provinsi.set_regions(self._index.children(None))

    def set_depth(self, depth: int) -> None:
        """4 levels for a village desk, 2 (province, kabupaten/kota) for the district office."""
        self._depth = depth
        for position, combo in enumerate(self.levels):
            self._form.setRowVisible(combo, position < depth)
        self.region_changed.emit(self.selected_code())

    def selected_code(self) -> str | None:
        """The code at the required depth, or None while the choice is incomplete."""
        return self.levels[self._depth - 1].selected_code()

    def select(self, code: str) -> bool:
        """Pre-select a region and its ancestors (used by tests and when going back)."""
        lineage = self._index.lineage(code)
        for combo, region in zip(self.levels, lineage, strict=False):
            if not combo.select_code(region.kode):
                return False
        return bool(lineage)

    def _on_level_changed(self, position: int, code: str | None) -> None:
        if position + 1 < len(self.levels):
            child = self.levels[position + 1]
            child.set_regions(self._index.children(code) if code else [])
        self.region_changed.emit(self.selected_code())
