"""Registry screen: find a person by NIK, No. KK or (misspelled) name, and open them.

Keyboard first, because this is where operators spend the day: type, Down arrow into the
results, Enter opens the household. The search waits 250 ms after the last keystroke so a
name does not run a query per letter; it runs on the GUI thread because the registry
search is index-only and bounded by the page size (milliseconds on a million persons,
see ``benchmarks/search.py``), which keeps results in step with the text without the
bookkeeping of stale background answers. New households, intakes and list imports start
here too; dialogs open window-modal without a nested event loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.gui.models.person_table import COL_ALAMAT, PersonTableModel
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner

SEARCH_DELAY_MS = 250
RESULT_LIMIT = 200
ROWS_MEASURED = 40  # about two screens of rows at 1366×768


class RegistrasiView(QWidget):
    def __init__(
        self, desk: Any, runner: JobRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.runner = runner
        self.open_dialog: QDialog | None = None
        title = QLabel(_("Registrasi warga"))
        title.setObjectName("pageTitle")
        self.new_button = QPushButton(_("Keluarga baru"))
        self.new_button.setToolTip(_("Daftarkan keluarga baru sesuai Kartu Keluarga (Ctrl+N)"))
        self.intake_button = QPushButton(_("Layanan masuk baru"))
        self.intake_button.setToolTip(
            _("Catat permohonan atau pengaduan; warga yang dipilih di daftar jadi penerima "
              "(Ctrl+L)")
        )  # fmt: skip
        self.import_button = QPushButton(_("Impor daftar…"))
        self.import_button.setToolTip(_("Impor daftar warga dari berkas CSV atau Excel"))
        for button in (self.new_button, self.intake_button, self.import_button):
            button.setObjectName("quickButton")
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("Cari nama, NIK, atau No. KK…  (Ctrl+F)  ·  ↓ ke hasil, Enter membuka")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("searchBox")
        self.result_label = QLabel()
        self.result_label.setObjectName("hint")
        self.model = PersonTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Size columns by the first rows only: measuring every cell of all 200 rows (through
        # the Python model) took longer than the rest of building this screen.
        header.setResizeContentsPrecision(ROWS_MEASURED)
        header.setSectionResizeMode(COL_ALAMAT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        actions = QHBoxLayout()  # under the title: the view stays usable at 720 px wide
        for button in (self.new_button, self.intake_button, self.import_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.addWidget(title)
        layout.addLayout(actions)
        layout.addWidget(self.search)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self.timer.start)
        self.search.returnPressed.connect(self._search_enter)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.activated.connect(self.open_index)
        self.new_button.clicked.connect(self.new_household)
        self.intake_button.clicked.connect(lambda: self.new_intake())
        self.import_button.clicked.connect(self.import_list)
        for keys, slot in (("Ctrl+N", self.new_household), ("Ctrl+L", self.new_intake)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.search)
        self.run_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- search -------------------------------------------------------------------------------
    def run_search(self) -> None:
        self.timer.stop()
        text = self.search.text()
        rows = self.desk.search.search(text, limit=RESULT_LIMIT)  # no ORM needed
        self.model.set_rows(rows)
        searching = bool(text.strip())
        if not rows:
            message = _("Tidak ada yang cocok.") if searching else _("Belum ada warga terdaftar.")
        elif len(rows) >= RESULT_LIMIT:
            message = _("Menampilkan {n} orang pertama (urut nama). Ketik untuk mencari.")
        elif searching:
            message = _("{n} orang ditemukan. Tekan ↓ lalu Enter untuk membuka.")
        else:
            message = _("{n} orang terdaftar (urut nama).")
        self.result_label.setText(message.format(n=format_count(len(rows))))

    def _search_enter(self) -> None:
        """Enter in the search box: search now; a single hit opens at once."""
        self.run_search()
        if self.model.rowCount() == 1:
            self.open_index(self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.search and event.key() == Qt.Key.Key_Down:
            if self.timer.isActive():
                self.run_search()  # the results must match what was typed
            if self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.table.selectRow(0)
            return True
        if watched is self.table and event.key() == Qt.Key.Key_Up:
            current = self.table.currentIndex()
            if not current.isValid() or current.row() == 0:
                self.focus_search()
                return True
        return False

    # -- opening ------------------------------------------------------------------------------
    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        self.open_person(row.uid, row.keluarga_uid)

    def open_person(self, orang_uid: str, keluarga_uid: str | None = None) -> None:
        from puskesos_desktop.gui.views.timeline import TimelineDialog

        dialog = TimelineDialog(self.desk, keluarga_uid=keluarga_uid, orang_uid=orang_uid,
                                parent=self)  # fmt: skip
        dialog.data_changed.connect(self.notify)
        self._show(dialog, None)

    def _show(self, dialog: QDialog, on_accept: Any) -> None:
        self.open_dialog = dialog

        def finished(result: int) -> None:
            if self.open_dialog is dialog:
                self.open_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted and on_accept is not None:
                on_accept(dialog)

        dialog.finished.connect(finished)
        dialog.open()

    def new_household(self) -> None:
        from puskesos_desktop.gui.dialogs.household_form import HouseholdForm

        self._show(HouseholdForm(self.desk, parent=self), self._household_created)

    def _household_created(self, form: Any) -> None:
        created = form.created
        self.notify(created.changes)
        message = _("Keluarga tersimpan dengan {n} anggota.").format(n=len(created.orang_uids))
        if created.reused:
            message += " " + _(
                "{n} anggota sudah terdaftar di KK lain dan tidak dibuat ulang; pindahkan "
                "mereka dari layar keluarga bila memang pindah KK."
            ).format(n=len(created.reused))
        self.result_label.setText(message)
        first = next((uid for uid in created.orang_uids if uid not in created.reused), None)
        self.open_person(first or created.orang_uids[0], created.keluarga_uid)

    def new_intake(self, penerima_uid: str | None = None) -> None:
        from puskesos_desktop.gui.dialogs.intake_form import IntakeForm

        if penerima_uid is None and self.table.hasFocus() and self.table.currentIndex().isValid():
            penerima_uid = self.model.row_at(self.table.currentIndex().row()).uid
        form = IntakeForm(self.desk, penerima_uid=penerima_uid, parent=self)
        self._show(form, lambda f: self.notify(f.saved.changes))

    def import_list(self) -> None:
        from puskesos_desktop.gui.dialogs.list_import_wizard import ListImportWizard
        from puskesos_desktop.gui.runner import JobRunner

        runner = self.runner or JobRunner(self)
        wizard = ListImportWizard(self.desk, runner, parent=self)
        self._show(wizard, None)
        if self.runner is None:
            runner.data_changed.connect(self.notify)

    # -- refreshing ---------------------------------------------------------------------------
    def notify(self, changes: Changes) -> None:
        """Tell every view (through the runner) or at least this one."""
        if self.runner is not None:
            self.runner.data_changed.emit(changes)
        else:
            self.on_data_changed(changes)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.REGISTRY):
            self.run_search()
