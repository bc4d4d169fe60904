"""Writing bundle files onto USB sticks: all files appear whole, or none do.

Each file goes to a hidden temp file in the target folder (same file system, so the rename
is atomic), is fsynced, and is renamed only when *every* file of the export is safely
written. A split export is one step of its stream: parts left behind by a failed export
would carry seqs that the next export reuses with other content, which the district would
rightly report as a fork. So on any failure all temp files, and any part already renamed,
are removed.

Village laptops write to cheap, full, write-protected or yanked USB sticks; the OSError
that results becomes a :class:`UserError` that says what to do, in Indonesian.
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
from puskesos_desktop.sync.container import CHUNK

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


@dataclass(frozen=True)
class Written:
    """What is being written, as the messages name it: a key card on a full stick must not
    be called a bundle, and there is no "kirim lagi" for a card, only "simpan lagi"."""

    noun: str  # "paket", "kartu kunci"
    again: str  # what the user does once the problem is fixed


BUNDLE = Written("paket", "kirim lagi")
KEY_CARD = Written("kartu kunci", "simpan lagi")


def write_error(err: OSError, directory: Path, what: Written = BUNDLE) -> UserError:
    """The message for a failed write of ``what`` into ``directory`` (a USB stick, usually)."""
    if err.errno in _FULL:
        return UserError(
            f"Flashdisk penuh: {what.noun} tidak dapat disimpan ke {directory}. Kosongkan "
            f"sebagian isi flashdisk atau pilih tempat lain, lalu {what.again}. Tidak ada berkas "
            "yang tertinggal setengah jadi."
        )
    if err.errno in _READ_ONLY:
        return UserError(
            f"Folder {directory} tidak dapat ditulisi: flashdisk terkunci (hanya-baca) atau "
            f"tidak ada izin menulis. Buka kunci flashdisk atau pilih folder lain, lalu "
            f"{what.again}."
        )
    if err.errno == errno.ENOENT:
        return UserError(
            f"Folder {directory} tidak ditemukan. Pastikan flashdisk masih terpasang, lalu "
            "pilih foldernya lagi."
        )
    return UserError(
        f"{what.noun.capitalize()} tidak dapat disimpan ke {directory} "
        f"({err.strerror or 'kesalahan I/O'}). Periksa flashdisk (mungkin tercabut atau rusak), "
        f"lalu {what.again}."
    )


def local_error(err: OSError, directory: Path | None) -> UserError:
    """The message for a failed temp file on this computer (not on the USB stick)."""
    where = str(directory) if directory is not None else "folder sementara sistem"
    return UserError(
        f"Berkas sementara tidak dapat ditulis di {where} ({err.strerror or 'kesalahan I/O'}). "
        "Kosongkan ruang disk komputer ini, lalu coba lagi."
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
            for _, _, handle in self._pending:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            for temp, target, _ in self._pending:
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
        for temp, _, handle in self._pending:  # best effort: the stick may be gone
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
            f"Salinan paket {Path(source).name} tidak dapat dibaca ({err.strerror}). "
            "Periksa folder kotak keluar di folder data."
        ) from None
    with original, AtomicFiles(directory) as files:
        handle = files.open(name or Path(source).name)
        try:
            shutil.copyfileobj(original, handle, CHUNK)
        except OSError as err:
            raise write_error(err, Path(directory)) from None
        return files.commit()[0]
