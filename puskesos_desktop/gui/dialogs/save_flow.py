"""The conversation a registry save has with the operator: errors, warnings, duplicates.

The registry service answers a save with a question rather than a silent choice
(:mod:`puskesos_desktop.services.registry`): errors keep the form open, warnings must be
confirmed, possible duplicates must be decided. This helper repeats the save with each
answer until it succeeds or the operator stops — the form stays as typed all along.
The duplicate dialog opens window-modal without a nested event loop, so the flow is
plain callbacks (and tests can press the dialog's real buttons).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.prompts import Confirm
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import (
        DuplicateDecision,
        DuplicatesFound,
        FieldFinding,
        InvalidInput,
    )

Attempt = Callable[[bool, dict[int | None, "DuplicateDecision"]], Any]


@dataclass
class SaveFlow:
    """``attempt(confirm_warnings, decisions)`` calls the service once.

    ``pre_confirmed(findings)`` says whether the form itself already confirmed those
    warnings (the NIK field's "Saya sudah memeriksa" box); otherwise ``confirm`` asks.
    ``describe(member_index)`` gives the typed person, No. KK and address for the
    duplicate dialog.
    """

    parent: QWidget
    attempt: Attempt
    on_success: Callable[[Any], None]
    on_invalid: Callable[[InvalidInput], None]
    confirm: Confirm
    describe: Callable[[int | None], tuple[Any, str, str]]
    pre_confirmed: Callable[[tuple[FieldFinding, ...]], bool] = lambda _findings: False
    on_duplicate_dialog: Callable[[QDialog], None] = lambda _dialog: None
    confirm_warnings: bool = False
    decisions: dict[int | None, DuplicateDecision] = field(default_factory=dict)

    def start(self) -> None:
        from puskesos_desktop.domain.errors import UserError
        from puskesos_desktop.services.registry_types import (
            DuplicatesFound,
            InvalidInput,
            WarningsNeedConfirmation,
        )

        try:
            result = self.attempt(self.confirm_warnings, dict(self.decisions))
        except InvalidInput as error:
            self.on_invalid(error)
        except WarningsNeedConfirmation as error:
            if self.pre_confirmed(error.findings) or self.confirm(
                self.parent, _("Periksa peringatan"), self._warning_text(error.findings)
            ):
                self.confirm_warnings = True
                self.start()
        except DuplicatesFound as error:
            self._ask_duplicate(error)
        except UserError as error:
            show_user_error(self.parent, error.message)
        else:
            self.on_success(result)

    @staticmethod
    def _warning_text(findings: tuple[FieldFinding, ...]) -> str:
        lines = "\n".join(f"• {finding.message}" for finding in findings)
        return _("{lines}\n\nData sudah diperiksa dan benar? Simpan tetap?").format(lines=lines)

    def _ask_duplicate(self, error: DuplicatesFound) -> None:
        from puskesos_desktop.gui.dialogs.duplicate_check import DuplicateDialog

        typed, kk, address = self.describe(error.member_index)
        dialog = DuplicateDialog(
            typed, error.candidates, typed_kk=kk, typed_address=address, parent=self.parent
        )

        def answered(result: int) -> None:
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted or dialog.decision is None:
                return
            self.decisions[error.member_index] = dialog.decision
            self.start()

        dialog.finished.connect(answered)
        self.on_duplicate_dialog(dialog)
        dialog.open()
