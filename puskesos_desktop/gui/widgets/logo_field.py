"""Optional letterhead logo: pick a PNG/JPG, shrink it, store it as PNG bytes.

Village logos arrive as phone photos or scans of several megabytes; letters need only a small
emblem, and the database should not grow by megabytes per desk. So the picture is decoded,
scaled down and re-encoded as PNG; a broken file gives a message and the wizard goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.i18n import _

MAX_LOGO_BYTES = 1_000_000
MAX_SOURCE_BYTES = 20_000_000
MAX_SIDE_PX = 600


def load_logo_png(path: str | Path) -> bytes:
    """Read an image file and return PNG bytes ≤ 1 MB; raises UserError for unusable files."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UserError(_("Berkas logo tidak dapat dibuka.")) from error
    if size > MAX_SOURCE_BYTES:
        raise UserError(_("Berkas logo terlalu besar. Pilih gambar yang lebih kecil dari 20 MB."))
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise UserError(
            _("Berkas ini bukan gambar PNG/JPG yang dapat dibaca. Pilih berkas logo lain.")
        )
    side = MAX_SIDE_PX
    while True:
        scaled = image
        if max(image.width(), image.height()) > side:
            scaled = image.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        data = _png_bytes(scaled)
        if len(data) <= MAX_LOGO_BYTES or side <= 100:
            break
        side //= 2
    if len(data) > MAX_LOGO_BYTES:
        raise UserError(_("Logo terlalu besar walau sudah diperkecil. Pilih gambar lain."))
    return data


def _png_bytes(image: QImage) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(array.data())


def choose_image_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Pilih logo"), "", _("Gambar (*.png *.jpg *.jpeg)")
    )
    return path or None


class LogoField(QWidget):
    """Thumbnail plus "Pilih logo…" / "Hapus logo"; ``changed`` carries the PNG bytes or None."""

    changed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        choose_file: Callable[[QWidget], str | None] = choose_image_file,
    ) -> None:
        super().__init__(parent)
        self._choose_file = choose_file
        self.png: bytes | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(56, 56)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("logoPreview")
        self.choose_button = QPushButton(_("Pilih logo…"))
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QPushButton(_("Hapus logo"))
        self.clear_button.clicked.connect(self.clear)
        hint = QLabel(_("Opsional. PNG atau JPG; gambar besar diperkecil otomatis."))
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(buttons)
        column.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(column, 1)
        self._refresh()

    def choose(self) -> None:
        path = self._choose_file(self)
        if path:
            self.load(path)

    def load(self, path: str | Path) -> bool:
        try:
            self.png = load_logo_png(path)
        except UserError as error:
            show_user_error(self, error.message)
            return False
        self._refresh()
        self.changed.emit(self.png)
        return True

    def clear(self) -> None:
        self.png = None
        self._refresh()
        self.changed.emit(None)

    def set_png(self, png: bytes | None) -> None:
        """Show a stored logo (e.g. when a settings form loads); no ``changed`` signal."""
        self.png = png or None
        self._refresh()

    def pixmap(self, side: int) -> QPixmap | None:
        if not self.png:
            return None
        pixmap = QPixmap()
        pixmap.loadFromData(self.png, "PNG")
        return pixmap.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )

    def _refresh(self) -> None:
        pixmap = self.pixmap(52)
        if pixmap is None:
            self.preview.clear()
            self.preview.setText(_("(tanpa\nlogo)"))
        else:
            self.preview.setPixmap(pixmap)
        self.clear_button.setEnabled(self.png is not None)
