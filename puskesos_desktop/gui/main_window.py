"""Main window: navigation, menus and status bar only; each screen lives in ``views/``.

Navigation is a plain list on the left (large targets, always visible, Ctrl+1…7) because
operators switch between registering, assessing and printing all day. Views refresh
themselves when the JobRunner reports which kinds of data a job changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.navigation import open_target
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.settings import KEY_GEOMETRY, KEY_STATE, store_language
from puskesos_desktop.gui.status_bar import StatusLabels
from puskesos_desktop.i18n import LANGUAGES, _
from puskesos_desktop.paths import resource
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:  # the views load in attach_desk: the empty shell paints before them
    from puskesos_desktop.gui.desk_status import DeskStatus
    from puskesos_desktop.gui.views.beranda import BerandaView
    from puskesos_desktop.gui.views.pengaturan import PengaturanView
    from puskesos_desktop.gui.views.registrasi import RegistrasiView
    from puskesos_desktop.services.desk import Desk

SMALL_SCREEN_WIDTH = 1440  # 1366×768 village laptops: start maximised
PAGE_KEYS = ("beranda", "registrasi", "asesmen", "rujukan", "sinkronisasi", "laporan", "pengaturan")
UPKEEP_GRACE_MS = 300  # nobody types a user name and password faster: see start_upkeep


def nav_icon(key: str) -> QIcon:
    """The page's white line icon (``@2x`` is picked on high-DPI screens); drawn by
    ``packaging/make_nav_icons.py``."""
    return QIcon(str(resource("icons", "nav", f"{key}.png")))


def set_keys(action: QAction, keys: str) -> None:
    """``action.setShortcut`` would build all of Qt's Python enums to pick an overload (about
    25 ms before the first paint on an old laptop); the list form does not."""
    action.setShortcuts([QKeySequence.fromString(keys)])


def _page_titles() -> dict[str, str]:
    return {
        "beranda": _("Beranda"),
        "registrasi": _("Registrasi"),
        "asesmen": _("Asesmen"),
        "rujukan": _("Rujukan"),
        "sinkronisasi": _("Sinkronisasi"),
        "laporan": _("Laporan"),
        "pengaturan": _("Pengaturan"),
    }


class MainWindow(QMainWindow):
    """Navigation, menus and status bar; the screens arrive with :meth:`attach_desk`.

    The shell paints before the database stack is imported (about a second on an old
    laptop), so the operator sees the window at once and the data a moment later.
    """

    screens_ready = Signal()  # every screen, the title and the status bar are filled in

    def __init__(
        self,
        desk: Desk | None,
        settings: QSettings,
        language: str,
        parent: QWidget | None = None,
        **backup_options: object,
    ) -> None:
        super().__init__(parent)
        self.desk: Desk | None = None
        self.complete = False  # True once screens_ready was emitted
        self.settings = settings
        self.language = language
        self.backup_options = backup_options
        self.runner = JobRunner(self)
        self.upkeep_timer = QTimer(self)
        self.upkeep_timer.setSingleShot(True)
        self.upkeep_timer.setInterval(UPKEEP_GRACE_MS)
        self.upkeep_timer.timeout.connect(self.start_upkeep)
        self.views: dict[str, QWidget] = {}
        self.registrasi: RegistrasiView  # built by attach_desk
        self.beranda: BerandaView  # built by _attach_rest
        self.language_choice = language  # for Pengaturan, which is built on first use
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.loading = self._waiting_page()
        self.stack.addWidget(self.loading)
        titles = _page_titles()
        for number, key in enumerate(PAGE_KEYS, start=1):
            item = QListWidgetItem(nav_icon(key), titles[key])
            item.setToolTip(f"{titles[key]} (Ctrl+{number})")
            self.nav.addItem(item)
        self.nav.setEnabled(False)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setWindowTitle(_("Puskesos Desk"))

        self._build_actions(language)
        self._build_status_bar()
        self.runner.data_changed.connect(self._on_data_changed)
        self.runner.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.restore_geometry()
        if desk is not None:
            self.attach_desk(desk)

    def attach_desk(self, desk: Desk) -> None:
        """Build the screens over a started, READY desk.

        The registry screen comes first: its search needs only the database connection.
        Beranda, Pengaturan, the title and the status bar read through the ORM. For a desk
        started with ``defer_upkeep`` a worker first finishes the start (daily backup,
        operator, loading the ORM: about half a second on an old laptop); meanwhile those
        two pages say "Memuat data…" and the operator can already search.
        """
        from puskesos_desktop.gui.desk_status import read_status
        from puskesos_desktop.gui.screens import LAZY_KEYS, build_screen
        from puskesos_desktop.gui.views.lazy import LazyView
        from puskesos_desktop.gui.views.placeholder import PlaceholderView
        from puskesos_desktop.gui.views.registrasi import RegistrasiView

        self.desk = desk
        self.registrasi = RegistrasiView(desk, self.runner)
        views: dict[str, QWidget] = {
            "registrasi": self.registrasi,
            **{
                key: LazyView(lambda key=key: build_screen(key, self, desk))
                for key in LAZY_KEYS
            },
        }
        for key in PAGE_KEYS:
            if key == "beranda":  # filled in by _attach_rest
                self.stack.addWidget(self._waiting_page())
                continue
            views[key] = views.get(key) or PlaceholderView.for_screen(key)
            self.stack.addWidget(views[key])
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        self.views = views
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.stack.setCurrentIndex(0)
        self.nav.setEnabled(True)
        for action in self.desk_actions:
            action.setEnabled(action is not self.backup_action)  # it lives in Pengaturan
        if desk.upkeep_pending:
            self.upkeep_timer.start()
        else:
            self._attach_rest(read_status(desk))

    def postpone_upkeep(self) -> None:
        """The operator just did something (signed in): give them the processor first."""
        if self.upkeep_timer.isActive():
            self.upkeep_timer.start()

    def start_upkeep(self) -> None:
        """Finish a deferred start on a worker: daily backup, operator, the ORM.

        Idle-time work: it starts once the GUI has waited ``UPKEEP_GRACE_MS`` for the
        operator (typing a password takes longer), because its half second of imports would
        otherwise compete with the sign-in and the first search for the processor.
        """
        desk = self.desk
        if desk is None or not desk.upkeep_pending:
            return
        from puskesos_desktop.gui.desk_status import finish_start

        self.runner.run(
            lambda _progress, _cancel: finish_start(desk),
            title=_("Menyiapkan data"),
            on_success=self._attach_rest,
            dialog=False,
        )

    @staticmethod
    def _waiting_page() -> QLabel:
        """Centred by style sheet: the first use of the ``Qt`` namespace builds about a
        hundred Python enums (some 25 ms), which the first paint does not wait for."""
        label = QLabel(_("Memuat data…"))
        label.setStyleSheet("qproperty-alignment: AlignCenter;")
        return label

    def _attach_rest(self, status: DeskStatus) -> None:
        """The screens, title and status bar that read through the ORM."""
        from puskesos_desktop.gui.views.beranda import BerandaView

        desk = self.desk
        assert desk is not None
        self.beranda = BerandaView(desk, self.runner)
        index = PAGE_KEYS.index("beranda")
        waiting = self.stack.widget(index)
        self.stack.insertWidget(index, self.beranda)
        self.stack.removeWidget(waiting)
        waiting.deleteLater()
        self.views["beranda"] = self.beranda
        self.stack.setCurrentIndex(self.nav.currentRow())
        self.backup_action.setEnabled(True)
        self.beranda.navigate.connect(self._navigate)
        self.beranda.open_target.connect(lambda tujuan: open_target(self, tujuan))
        self._show_status(status)
        message = getattr(desk.startup, "message", "")
        if getattr(desk.startup, "status", None) == "damaged":  # found by the daily check
            self.damage_box = show_user_error(self, message + "\n\n" + _(
                "Tutup aplikasi lalu buka lagi; Puskesos Desk akan menawarkan pemulihan."
            ))  # fmt: skip
        elif message:
            self.statusBar().showMessage(message, 10000)
        if status.keys_notice:  # an officer's laptop on a shared server without the keys
            self.keys_box = show_user_error(self, status.keys_notice)
        self.complete = True
        self.screens_ready.emit()

    # -- construction -------------------------------------------------------------------
    def _build_actions(self, language: str) -> None:
        self.page_actions: list[QAction] = []
        for number in range(1, len(PAGE_KEYS) + 1):
            action = QAction(self)
            set_keys(action, f"Ctrl+{number}")
            action.triggered.connect(lambda _checked=False, row=number - 1: self.show_page(row))
            self.addAction(action)
            self.page_actions.append(action)
        self.find_action = QAction(_("Cari warga"), self)
        self.find_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        menu_file = self.menuBar().addMenu(_("&Berkas"))
        self.backup_action = menu_file.addAction(_("&Cadangkan sekarang…"))
        self.backup_action.triggered.connect(lambda: self.pengaturan.backups.backup_now())
        self.lock_action = menu_file.addAction(_("&Kunci layar"))
        set_keys(self.lock_action, "Ctrl+L")
        self.lock_action.triggered.connect(lambda: self.session.lock())
        self.desk_actions = [
            *self.page_actions, self.find_action, self.backup_action, self.lock_action
        ]
        menu_file.addSeparator()
        quit_action = menu_file.addAction(_("&Keluar"))
        set_keys(quit_action, "Ctrl+Q")
        quit_action.triggered.connect(self.close)

        menu_view = self.menuBar().addMenu(_("&Tampilan"))
        menu_language = menu_view.addMenu(_("&Bahasa"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, label in (("id", _("Indonesia")), ("en", _("English"))):
            if code not in LANGUAGES:
                continue
            action = menu_language.addAction(label)
            action.setCheckable(True)
            action.setChecked(code == language)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            self.language_actions[code] = action

        menu_help = self.menuBar().addMenu(_("Ba&ntuan"))
        self.about_action = menu_help.addAction(_("&Tentang Puskesos Desk"))
        set_keys(self.about_action, "F1")
        self.about_action.triggered.connect(self.show_about)

    def _build_status_bar(self) -> None:
        self.status_labels = StatusLabels(self.statusBar())
        for action in self.desk_actions:
            action.setEnabled(False)

    # -- actions ------------------------------------------------------------------------
    def show_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.nav.currentRow()]

    def focus_search(self) -> None:
        self.show_page(PAGE_KEYS.index("registrasi"))
        self.registrasi.focus_search()

    def _navigate(self, target: str) -> None:
        if target == "cari":
            self.focus_search()
        elif target in PAGE_KEYS:
            self.show_page(PAGE_KEYS.index(target))

    @property
    def pengaturan(self) -> PengaturanView:
        """The settings screen, built now if it was not opened yet (menu actions, tests)."""
        return self.views["pengaturan"].build()  # type: ignore[attr-defined,return-value]

    def require_login(self) -> None:
        """Start-up (GUI only): cover the window until an operator signs in."""
        self.session.require_login()

    @property
    def session(self):  # -> SessionGuard: login, idle lock, switch user
        from puskesos_desktop.gui.session_guard import SessionGuard

        if getattr(self, "_session", None) is None:
            self._session = SessionGuard(self)
        return self._session

    def show_about(self) -> None:
        from puskesos_desktop.gui.dialogs.about import show_about

        self.about_box = show_about(self, self.desk)

    def choose_language(self, code: str) -> None:
        """Store the choice; texts are built once, so it applies after a restart."""
        store_language(self.settings, code)
        self.language_choice = code
        if code in self.language_actions:
            self.language_actions[code].setChecked(True)
        built = getattr(self.views.get("pengaturan"), "view", None)
        if built is not None:
            built.set_language_choice(code)
        self.statusBar().showMessage(
            _("Bahasa disimpan. Berlaku setelah aplikasi dibuka ulang."), 8000
        )

    def bring_to_front(self) -> None:
        """Another start of the app asked us to show ourselves."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- refreshing ---------------------------------------------------------------------
    def refresh_status(self) -> None:
        """Title and status bar after data changed (at start-up a worker reads them)."""
        if self.complete and self.desk is not None:
            from puskesos_desktop.gui.desk_status import read_status

            self._show_status(read_status(self.desk))

    def _show_status(self, status: DeskStatus) -> None:
        profile = status.profile
        title = _("Puskesos Desk — {name}").format(name=profile.display_name if profile else "")
        if profile is not None and profile.is_demo:
            title += " " + _("(DEMO)")
        self.setWindowTitle(title)
        actor = self.desk.context.actor if self.desk is not None else None
        self.status_labels.show(status, actor.operator if actor else None)

    def _on_data_changed(self, changes: Changes) -> None:
        for view in self.views.values():
            view.on_data_changed(changes)  # type: ignore[attr-defined]
        status_kinds = (ChangeKind.BACKUP, ChangeKind.PROFILE, ChangeKind.SYNC)
        if any(changes.touches(kind) for kind in status_kinds):
            self.refresh_status()

    # -- geometry -----------------------------------------------------------------------
    def present(self) -> None:
        """Show the window; on a first start on a small laptop screen, use all of it."""
        screen = QGuiApplication.primaryScreen()
        small = screen is not None and screen.availableGeometry().width() <= SMALL_SCREEN_WIDTH
        if not self._geometry_restored and small:
            self.showMaximized()
        else:
            self.show()

    def restore_geometry(self) -> None:
        geometry = self.settings.value(KEY_GEOMETRY)
        self._geometry_restored = geometry is not None and self.restoreGeometry(geometry)
        if self._geometry_restored:
            state = self.settings.value(KEY_STATE)
            if state is not None:
                self.restoreState(state)
            return
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width = min(1280, available.width() - 40) if available else 1200
        height = min(760, available.height() - 40) if available else 700
        self.resize(max(width, 900), max(height, 600))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.writing:
            show_user_error(self, _("Tunggu sampai proses yang sedang berjalan selesai."))
            event.ignore()
            return
        self.settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(KEY_STATE, self.saveState())
        self.settings.sync()
        self.runner.shutdown()
        event.accept()
