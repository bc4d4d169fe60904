"""Asesmen screen: find a household, read its assessments, assess it again, compare.

Left: search (the registry's typo-tolerant search) and the chosen household's history.
Right: either a saved assessment (read-only: saved assessments are never edited) or the
form with the live score panel. The form autosaves a draft every few seconds, when the
operator leaves the screen and when the app quits, so a power cut or a mis-click loses at
most a few seconds of typing; opening the household again restores the draft.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.views.asesmen_compare import CompareDialog, summary_label
from puskesos_desktop.gui.views.asesmen_form import AssessmentForm
from puskesos_desktop.gui.views.asesmen_score import ScorePanel, evaluation_html
from puskesos_desktop.gui.views.verivali_panel import VerivaliPanel, ask_save_path
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.assessment_types import AssessmentSummary

AUTOSAVE_MS = 5000
SCORE_DELAY_MS = 300
SEARCH_DELAY_MS = 250
PAGE_EMPTY, PAGE_FORM, PAGE_DETAIL = range(3)


class AsesmenView(QWidget):
    def __init__(self, desk: object, parent: QWidget | None = None, *, save_path=ask_save_path):
        super().__init__(parent)
        self.desk = desk
        self.keluarga_uid: str | None = None
        self.history: list[AssessmentSummary] = []
        self.dirty = False
        title = QLabel(_("Asesmen"))
        title.setObjectName("pageTitle")
        # -- left: search and history
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(_("Cari nama, NIK atau No. KK…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(self._pick_result)
        self.results.itemClicked.connect(self._pick_result)
        self.household_label = QLabel(_("Belum ada keluarga dipilih."))
        self.household_label.setWordWrap(True)
        self.household_label.setObjectName("chosen")
        self.history_list = QListWidget()
        self.history_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.history_list.itemActivated.connect(lambda _item: self.show_selected())
        self.history_list.itemClicked.connect(lambda _item: self.show_selected())
        self.new_button = QPushButton(_("Asesmen &baru"))
        self.new_button.clicked.connect(self.start_new)
        self.compare_button = QPushButton(_("Ban&dingkan…"))
        self.compare_button.clicked.connect(self.compare)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.compare_button)
        left = self.left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 2)
        left_layout.addWidget(self.household_label)
        left_layout.addWidget(QLabel(_("Riwayat asesmen (terbaru di atas):")))
        left_layout.addWidget(self.history_list, 2)
        left_layout.addLayout(buttons)
        # -- right: empty / form / detail
        self.pages = QStackedWidget()
        empty = QLabel(_("Cari dan pilih keluarga di sebelah kiri, lalu klik “Asesmen baru”."))
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setObjectName("hint")
        self.pages.addWidget(empty)
        self.form = AssessmentForm()
        self.score = ScorePanel()
        self.draft_label = QLabel()
        self.draft_label.setObjectName("hint")
        self.draft_label.setWordWrap(True)
        self.save_button = QPushButton(_("&Simpan (Ctrl+S)"))
        self.save_button.setToolTip(_("Simpan sebagai asesmen baru; asesmen lama tetap ada"))
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(_("Buang draf"))
        self.discard_button.clicked.connect(self.discard)
        self.close_button = QPushButton(_("Tutup"))
        self.close_button.setToolTip(_("Tutup formulir; drafnya tetap tersimpan"))
        self.close_button.clicked.connect(self.close_form)
        self.editing_label = QLabel()
        self.editing_label.setObjectName("chosen")
        self.editing_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.draft_label, 1)
        bar.addWidget(self.close_button)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        split = QSplitter()
        split.addWidget(self.form)
        split.addWidget(self.score)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 360])
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.editing_label)
        editor_layout.addWidget(split, 1)
        editor_layout.addLayout(bar)
        self.pages.addWidget(editor)
        self.detail = QTextBrowser()
        self.pages.addWidget(self.detail)
        main = QSplitter()
        main.addWidget(left)
        main.addWidget(self.pages)
        main.setSizes([280, 880])
        main.setStretchFactor(1, 1)
        self.verivali = VerivaliPanel(desk, save_path=save_path)
        self.tabs = QTabWidget()
        self.tabs.addTab(main, _("Asesmen keluarga"))
        self.tabs.addTab(self.verivali, _("Verivali"))
        # Made for 1366 px laptops; below that the panes squeeze rather than widen the window.
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 10)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        # -- timers and keys
        self.search_timer = self._timer(SEARCH_DELAY_MS, self.run_search, single=True)
        self.score_timer = self._timer(SCORE_DELAY_MS, self.refresh_score, single=True)
        self.autosave_timer = self._timer(AUTOSAVE_MS, self.flush_draft, single=False)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self.run_search)
        self.form.changed.connect(self._form_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush_draft)
        self.setFocusProxy(self.search)
        self._update_buttons()

    def _timer(self, interval: int, slot: object, *, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    # -- choosing a household ---------------------------------------------------------------
    def run_search(self) -> None:
        self.search_timer.stop()
        text = self.search.text().strip()
        self.results.clear()
        if not text:
            return
        for row in self.desk.registry.search(text, limit=50):
            label = f"{row.nama}\n{row.alamat or _('(tanpa alamat)')}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.keluarga_uid)
            if row.keluarga_uid is None:
                item.setToolTip(_("Belum tercatat dalam keluarga; daftarkan dulu di Registrasi."))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.results.addItem(item)

    def _pick_result(self, item: QListWidgetItem) -> None:
        uid = item.data(Qt.ItemDataRole.UserRole)
        if uid:
            self.open_household(uid)

    def open_household(self, keluarga_uid: str) -> None:
        """Show a household: its draft if one was left, otherwise its latest assessment."""
        self.flush_draft()
        self.autosave_timer.stop()
        detail = self.desk.registry.get_household(keluarga_uid)
        head = next((m.nama for m in detail.anggota if m.hubungan == "KEPALA"), None)
        head = head or (detail.anggota[0].nama if detail.anggota else _("(tanpa anggota)"))
        place = ", ".join(p for p in (detail.alamat, f"RT {detail.rt}/RW {detail.rw}") if p)
        label = f"{head} — {place}"
        self.keluarga_uid = keluarga_uid
        self.household_label.setText(_("Keluarga: {label}").format(label=label))
        self.editing_label.setText(_("Asesmen keluarga {label}").format(label=label))
        self.verivali.set_household(keluarga_uid, label)
        self.refresh_history()
        draft = self.desk.assessment.load_draft(keluarga_uid)
        if draft is not None:
            self._edit(draft, _("Draf yang belum disimpan dipulihkan."))
        elif self.history:
            self.history_list.setCurrentRow(0)
            self.show_assessment(self.history[0].uid)
        else:
            self.pages.setCurrentIndex(PAGE_EMPTY)
        self._update_buttons()

    def refresh_history(self) -> None:
        self.history = self.desk.assessment.history(self.keluarga_uid) if self.keluarga_uid else []
        self.history_list.clear()
        for summary in self.history:
            item = QListWidgetItem(summary_label(summary))
            item.setData(Qt.ItemDataRole.UserRole, summary.uid)
            self.history_list.addItem(item)

    # -- reading ----------------------------------------------------------------------------
    def show_selected(self) -> None:
        items = self.history_list.selectedItems()
        if len(items) == 1 and not self.editing:
            self.show_assessment(items[0].data(Qt.ItemDataRole.UserRole))
        self._update_buttons()

    def show_assessment(self, uid: str) -> None:
        from puskesos_desktop.services.assessment_compare import describe

        detail = self.desk.assessment.get(uid)
        evaluation = self.desk.assessment.evaluate_stored(uid)
        rows = "".join(
            f"<tr><td style='color:#555555; padding-right:10px'>{escape(label)}</td>"
            f"<td>{escape(text)}</td></tr>"
            for label, text in describe(detail).items()
            if text != "(tidak diisi)"
        )
        notes = escape(detail.data.pengamatan or "-")
        self.detail.setHtml(
            f"<h3>{escape(summary_label(detail.summary))}</h3>"
            f"<p><b>{escape(_('Skor saat disimpan:'))}</b> {escape(detail.penjelasan_skor)}</p>"
            f"<p><b>{escape(_('Pengamatan:'))}</b> {notes}</p><table>{rows}</table>"
            f"<hr/><p><i>{escape(_('Petunjuk program dengan aturan hari ini:'))}</i></p>"
            + evaluation_html(evaluation, with_score=False)
        )
        self.pages.setCurrentIndex(PAGE_DETAIL)

    # -- editing ----------------------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return self.pages.currentIndex() == PAGE_FORM

    def start_new(self) -> None:
        if self.keluarga_uid is None:
            return
        self._edit(self.desk.assessment.new_input(self.keluarga_uid), "")
        self.dirty = True  # a new form is worth keeping even before the first keystroke

    def _edit(self, data: object, note: str) -> None:
        self.form.set_input(data)
        self.form.setCurrentIndex(0)
        self.draft_label.setText(note)
        self.pages.setCurrentIndex(PAGE_FORM)
        self.dirty = False
        self.refresh_score()
        self.autosave_timer.start()
        self.form.petugas.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    def _form_changed(self) -> None:
        self.dirty = True
        self.score_timer.start()

    def refresh_score(self) -> None:
        self.score_timer.stop()
        try:
            self.score.show_evaluation(self.desk.assessment.evaluate(self.form.get_input()))
        except ValueError as error:
            self.score.show_problem(str(error))

    def flush_draft(self) -> None:
        """Autosave: write the form as a local draft if anything changed."""
        if not (self.editing and self.dirty and self.keluarga_uid):
            return
        self.desk.assessment.save_draft(self.form.get_input())
        self.dirty = False
        self.draft_label.setText(_("Draf tersimpan otomatis."))

    def save(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        if not self.editing:
            return
        try:
            saved = self.desk.assessment.save(self.form.get_input())
        except UserError as error:
            show_user_error(self, str(error))  # the form keeps what was typed
            return
        self.dirty = False
        self.autosave_timer.stop()
        self.refresh_history()
        self.history_list.setCurrentRow(0)
        self.show_assessment(saved.uid)
        self._update_buttons()

    def discard(self) -> None:
        if self.keluarga_uid is None:
            return
        self.desk.assessment.discard_draft(self.keluarga_uid)
        self.dirty = False
        self.autosave_timer.stop()
        self.pages.setCurrentIndex(PAGE_EMPTY)
        if self.history:
            self.history_list.setCurrentRow(0)
            self.show_assessment(self.history[0].uid)
        self._update_buttons()

    def compare(self) -> CompareDialog | None:
        if len(self.history) < 2:
            return None
        selected = [i.data(Qt.ItemDataRole.UserRole) for i in self.history_list.selectedItems()]
        if len(selected) != 2:
            selected = [self.history[1].uid, self.history[0].uid]
        by_date = {s.uid: s for s in self.history}
        older, newer = sorted(selected, key=lambda uid: by_date[uid].tanggal)
        self.compare_dialog = CompareDialog(self.desk.assessment, self.history, older, newer, self)
        self.compare_dialog.show()
        return self.compare_dialog

    def close_form(self) -> None:
        """Leave the form; its draft stays and comes back when the household is opened."""
        self.dirty = True
        self.flush_draft()
        self.autosave_timer.stop()
        self.pages.setCurrentIndex(PAGE_EMPTY)
        if self.history:
            self.history_list.setCurrentRow(0)
            self.show_assessment(self.history[0].uid)
        self._update_buttons()

    def _update_buttons(self) -> None:
        # While editing, the form takes the whole width (the household is fixed anyway).
        self.left.setVisible(not self.editing)
        self.new_button.setEnabled(self.keluarga_uid is not None and not self.editing)
        self.compare_button.setEnabled(len(self.history) >= 2)

    # -- plumbing ---------------------------------------------------------------------------
    def hideEvent(self, event: QHideEvent) -> None:
        self.flush_draft()
        super().hideEvent(event)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.VERIVALI) or changes.touches(ChangeKind.REGISTRY):
            self.verivali.refresh()
        if changes.touches(ChangeKind.ASSESSMENT) and self.keluarga_uid and not self.editing:
            self.refresh_history()
