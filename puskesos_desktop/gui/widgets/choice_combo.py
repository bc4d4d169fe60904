"""A combo box over a :class:`~puskesos_desktop.domain.registry_enums.Choice` list.

Items show the Indonesian label and carry the stable code; the first item is an empty
choice ("—") so an unknown value is never silently replaced by the first real one.
Typing the first letters of a label selects it (Qt's keyboard search), so "p" picks
"Perempuan" without opening the list. The typed prefix starts afresh each time the field
is entered, so a fast typist's "l" for one person and "p" for the next are not read
together as "lp".
"""

from __future__ import annotations

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QWidget

from puskesos_desktop.domain.registry_enums import Choice


class ChoiceCombo(QComboBox):
    def __init__(
        self,
        choice: type[Choice],
        *,
        empty_text: str | None = "—",
        default: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = choice
        # Long labels ("Kepercayaan terhadap Tuhan YME") must not widen whole forms.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        if empty_text is not None:
            self.addItem(empty_text, "")
        for code, label in choice.choices():
            self.addItem(label, code)
        self.set_code(default)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, value: str) -> None:
        member = self.choice.parse(value) if value else None
        index = self.findData(member.value if member else "")
        self.setCurrentIndex(max(index, 0))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.view().keyboardSearch("")  # forget letters typed for the previous person
        super().focusInEvent(event)
