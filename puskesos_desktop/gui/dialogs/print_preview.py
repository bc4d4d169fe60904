"""Print preview of a letter PDF: see the pages, pick A4 or F4, print or save the PDF.

Pages are rasterised with PDFium (pypdfium2): QtPdf is not part of PySide6-Essentials, and
PDFium draws exactly what a PDF reader would. Printing renders each page again at the
printer's resolution and paints it onto the QPrinter page, so what comes out of a cheap
inkjet is the letter as previewed, with crisp text and a scannable QR.

``render(paper)`` supplies the PDF bytes for a paper size; ``on_output`` runs after each
print or save (the caller counts reprints there). A report too big to lay out on the GUI
thread passes its first ``pdf`` and ``request(paper)`` instead: the caller renders on its
JobRunner and answers with :meth:`show_pdf`, while the dialog says it is re-laying out.
A landscape PDF (district recap, letter register) is printed on a landscape page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.i18n import _

PREVIEW_WIDTH = 620  # px: a whole A4 width fits a 1366×768 screen with room to spare
AskPath = Callable[[QWidget, str], str | None]


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Simpan surat sebagai PDF"), suggested, _("Dokumen PDF (*.pdf)"))
    return path or None


def pdf_page_images(pdf: bytes, width_px: int | None = None, dpi: float = 96) -> list[QImage]:
    """Each page as a QImage, ``width_px`` wide (preview) or at ``dpi`` (printing)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images: list[QImage] = []
    try:
        for page in document:
            width_pt = page.get_width()
            scale = width_px / width_pt if width_px else dpi / 72
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB byte order
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()  # own the pixels
            images.append(image)
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def page_size(paper: str) -> QPageSize:
    if paper == "F4":
        return QPageSize(QSizeF(215, 330), QPageSize.Unit.Millimeter, "F4")
    return QPageSize(QPageSize.PageSizeId.A4)


class PrintPreviewDialog(QDialog):
    def __init__(
        self,
        render: Callable[[str], bytes] | None,
        *,
        title: str,
        file_name: str,
        paper: str = "A4",
        on_output: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
        ask_path: AskPath = ask_save_path,
        pdf: bytes = b"",
        request: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._render = render
        self._request = request
        self._on_output = on_output
        self._ask_path = ask_path
        self._file_name = file_name
        self.pdf = b""
        self.landscape = False
        self.page_count = 0
        self.paper = QComboBox()
        self.paper.addItem(_("A4 (210 × 297 mm)"), "A4")
        self.paper.addItem(_("F4/Folio (215 × 330 mm)"), "F4")
        self.paper.setCurrentIndex(max(self.paper.findData(paper), 0))
        self.page_info = QLabel()
        self.page_info.setObjectName("hint")
        self.pages = QVBoxLayout()
        self.pages.setSpacing(12)
        holder = QWidget()
        holder.setObjectName("previewBackground")
        holder.setStyleSheet("QWidget#previewBackground { background: #8a8f96; }")
        holder_layout = QVBoxLayout(holder)
        holder_layout.addLayout(self.pages)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        self.print_button = QPushButton(_("Cetak…"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Simpan PDF…"))
        close = QPushButton(_("Tutup"))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Ukuran kertas:")))
        top.addWidget(self.paper)
        top.addWidget(self.page_info, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.paper.currentIndexChanged.connect(lambda _i: self.refresh())
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.choose_and_save)
        close.clicked.connect(self.reject)
        self.resize(PREVIEW_WIDTH + 80, 700)
        if pdf:
            self.show_pdf(pdf)
        else:
            self.refresh()

    @property
    def paper_name(self) -> str:
        return str(self.paper.currentData())

    def refresh(self) -> None:
        """Render the letter for the chosen paper (or ask the caller to) and show its pages."""
        if self._request is not None:
            self.set_busy(True)
            self._request(self.paper_name)
            return
        assert self._render is not None
        try:
            pdf = self._render(self.paper_name)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.show_pdf(pdf)

    def set_busy(self, busy: bool) -> None:
        """While the caller re-renders: no paper switch, print or save of the old pages."""
        for widget in (self.paper, self.print_button, self.save_button):
            widget.setEnabled(not busy)
        if busy:
            self.page_info.setText(_("Menyusun ulang halaman untuk kertas {kertas}…").format(
                kertas=self.paper_name))
        else:
            self.page_info.setText(_("{n} halaman").format(n=self.page_count))

    def show_pdf(self, pdf: bytes) -> None:
        """Show ``pdf`` (rendered for the chosen paper); also the answer to ``request``."""
        self.pdf = pdf
        while self.pages.count():
            item = self.pages.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        images = pdf_page_images(self.pdf, width_px=PREVIEW_WIDTH)
        self.landscape = bool(images) and images[0].width() > images[0].height()
        self.page_count = len(images)
        self.set_busy(False)
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages.addWidget(label)

    def choose_and_save(self) -> None:
        path = self._ask_path(self, self._file_name)
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            path.write_bytes(self.pdf)
        except OSError as error:
            show_user_error(self, _("PDF tidak dapat disimpan ke {path}: {reason}").format(
                path=path, reason=error.strerror or error))
            return
        if self._on_output is not None:
            self._on_output("simpan")

    def print_letter(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._file_name)
        printer.setPageSize(page_size(self.paper_name))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if self.landscape
                                   else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)  # the PDF page already holds the letter's margins
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Cetak surat"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.paint_on(printer)
        if self._on_output is not None:
            self._on_output("cetak")

    def paint_on(self, printer: object) -> None:
        """Paint every page at the printer's resolution (capped: old printers, small RAM)."""
        dpi = min(printer.resolution(), 300)  # type: ignore[attr-defined]
        painter = QPainter(printer)  # type: ignore[arg-type]
        try:
            for number, image in enumerate(pdf_page_images(self.pdf, dpi=dpi)):
                if number:
                    printer.newPage()  # type: ignore[attr-defined]
                target: QRect = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()),
                                  image)
        finally:
            painter.end()
