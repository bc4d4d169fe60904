"""Writing bundle files onto USB sticks: all files appear whole, or none do.

Each file goes to a hidden temp file in the target folder (same file system, so the rename
is atomic), is fsynced, and is renamed only when *every* file of the export is safely
written. A split export is one step of its stream: parts left behind by a failed export
would carry seqs that the next export reuses with other content, which the district would
rightly report as a fork. So on any failure all temp files, and any part already renamed,
are removed.

Village laptops write to cheap, full, write-protected or yanked USB sticks; the OSError
that results becomes a :class:`UserError` that says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.sync.container import CHUNK

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass(frozen=True)
class Written:
    """What is being written, as the messages name it: a key card on a full stick must not
    be called a bundle, and there is no "kirim lagi" for a card, only "simpan lagi".

    Whole-sentence msgids per kind (``{directory}``, ``{error}``), translated when raised,
    so translators never see "paket"/"kirim lagi" as loose fragments.
    """

    full: str
    read_only: str
    failed: str


BUNDLE = Written(
    full=N_(
        "Flashdisk penuh: paket tidak dapat disimpan ke {directory}. Kosongkan sebagian isi "
        "flashdisk atau pilih tempat lain, lalu kirim lagi. Tidak ada berkas yang tertinggal "
        "setengah jadi."
    ),
    read_only=N_(
        "Folder {directory} tidak dapat ditulisi: flashdisk terkunci (hanya-baca) atau tidak "
        "ada izin menulis. Buka kunci flashdisk atau pilih folder lain, lalu kirim lagi."
    ),
    failed=N_(
        "Paket tidak dapat disimpan ke {directory} ({error}). Periksa flashdisk (mungkin "
        "tercabut atau rusak), lalu kirim lagi."
    ),
)
KEY_CARD = Written(
    full=N_(
        "Flashdisk penuh: kartu kunci tidak dapat disimpan ke {directory}. Kosongkan sebagian "
        "isi flashdisk atau pilih tempat lain, lalu simpan lagi. Tidak ada berkas yang "
        "tertinggal setengah jadi."
    ),
    read_only=N_(
        "Folder {directory} tidak dapat ditulisi: flashdisk terkunci (hanya-baca) atau tidak "
        "ada izin menulis. Buka kunci flashdisk atau pilih folder lain, lalu simpan lagi."
    ),
    failed=N_(
        "Kartu kunci tidak dapat disimpan ke {directory} ({error}). Periksa flashdisk (mungkin "
        "tercabut atau rusak), lalu simpan lagi."
    ),
)
KEY_FILE = Written(
    full=N_(
        "Flashdisk penuh: berkas kunci tidak dapat disimpan ke {directory}. Kosongkan sebagian "
        "isi flashdisk atau pilih tempat lain, lalu simpan lagi. Tidak ada berkas yang "
        "tertinggal setengah jadi."
    ),
    read_only=KEY_CARD.read_only,
    failed=N_(
        "Berkas kunci tidak dapat disimpan ke {directory} ({error}). Periksa flashdisk "
        "(mungkin tercabut atau rusak), lalu simpan lagi."
    ),
)


def write_error(err: OSError, directory: Path, what: Written = BUNDLE) -> UserError:
    """The message for a failed write of ``what`` into ``directory`` (a USB stick, usually)."""
    if err.errno in _FULL:
        return UserError(_(what.full).format(directory=directory))
    if err.errno in _READ_ONLY:
        return UserError(_(what.read_only).format(directory=directory))
    if err.errno == errno.ENOENT:
        return UserError(
            _(
                "Folder {directory} tidak ditemukan. Pastikan flashdisk masih terpasang, lalu "
                "pilih foldernya lagi."
            ).format(directory=directory)
        )
    reason = err.strerror or _("kesalahan I/O")
    return UserError(_(what.failed).format(directory=directory, error=reason))


def local_error(err: OSError, directory: Path | None) -> UserError:
    """The message for a failed temp file on this computer (not on the USB stick)."""
    where = str(directory) if directory is not None else _("folder sementara sistem")
    return UserError(
        _(
            "Berkas sementara tidak dapat ditulis di {where} ({error}). Kosongkan ruang disk "
            "komputer ini, lalu coba lagi."
        ).format(where=where, error=err.strerror or _("kesalahan I/O"))
    )


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` survive a power cut (POSIX; a no-op on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open directories; NTFS/FAT rename is what we have
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicFiles:
    """A group of new files in one folder, committed together. Use as a context manager:
    leaving the block without :meth:`commit` (an exception) removes everything written."""

    def __init__(self, directory: Path, what: Written = BUNDLE) -> None:
        self.directory = Path(directory)
        self.what = what
        self._pending: list[tuple[Path, Path, BinaryIO]] = []
        self._committed: list[Path] = []

    def open(self, name: str) -> BinaryIO:
        if Path(name).name != name or name.startswith("."):
            raise ValueError("nama berkas tidak sah")
        target = self.directory / name
        temp = self.directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = temp.open("xb")
        except OSError as err:
            raise write_error(err, self.directory, self.what) from None
        self._pending.append((temp, target, handle))
        return handle

    def commit(self) -> list[Path]:
        try:
            for _temp, _target, handle in self._pending:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            for temp, target, _handle in self._pending:
                temp.replace(target)
                self._committed.append(target)
            fsync_dir(self.directory)
        except OSError as err:
            self.abort()
            raise write_error(err, self.directory, self.what) from None
        done = [target for _, target, _ in self._pending]
        self._pending = []
        self._committed = []
        return done

    def abort(self) -> None:
        for temp, _target, handle in self._pending:  # best effort: the stick may be gone
            with contextlib.suppress(OSError):
                handle.close()
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
        for target in self._committed:
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)
        self._pending = []
        self._committed = []

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.abort()  # after commit() there is nothing left to abort


def copy_atomic(source: Path, directory: Path, name: str | None = None) -> Path:
    """Copy a finished bundle (the outbox copy, for "kirim ulang") byte for byte."""
    try:
        original = Path(source).open("rb")  # noqa: SIM115 - closed by the with below
    except OSError as err:
        raise UserError(
            _(
                "Salinan paket {name} tidak dapat dibaca ({strerror}). Periksa folder kotak keluar "
                "di folder data."
            ).format(name=Path(source).name, strerror=err.strerror)
        ) from None
    with original, AtomicFiles(directory) as files:
        handle = files.open(name or Path(source).name)
        try:
            shutil.copyfileobj(original, handle, CHUNK)
        except OSError as err:
            raise write_error(err, Path(directory)) from None
        return files.commit()[0]
