"""Why a bundle was refused: one exception type, a machine-readable reason, Indonesian text.

A bundle is hostile until proven otherwise, and the parsers below it (zip headers, JSON,
gzip, age) fail in many different ways. Callers must not have to know that zoo: everything
that is wrong with a *file* becomes :class:`BundleRejected`, whose ``reason`` tells the
service what to do (queue it, alert about a revoked key, ask to update the app, give up)
and whose message tells the user, in plain words (translated), what happened and what to do next.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import N_, _

if TYPE_CHECKING:
    from puskesos_desktop.sync.manifest import Manifest


class RejectReason(StrEnum):
    """Stable codes (stored in the bundle log, printed by the CLI with ``--json``)."""

    UNREADABLE = "unreadable"  # the file could not be read at all (I/O): try again
    LOCAL_IO = "local_io"  # this computer could not write its temporary files: try again
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"  # not a canonical bundle container or manifest
    NEWER_VERSION = "newer_version"  # newer format or schema: update the app, keep the file
    UNKNOWN_DESK = "unknown_desk"  # origin not enrolled: keep aside until its card is trusted
    REVOKED = "revoked"
    BAD_SIGNATURE = "bad_signature"
    NOT_FOR_THIS_DESK = "not_for_this_desk"
    TAMPERED = "tampered"  # payload does not match the signed manifest, or fails age's MAC
    WRONG_KEY = "wrong_key"  # authentic, but encrypted to a key this desk does not hold
    INVALID_CONTENT = "invalid_content"  # a change line fails validation, or counts differ


_MESSAGES: dict[RejectReason, str] = {
    RejectReason.UNREADABLE: N_(
        "Berkas paket tidak dapat dibaca dari penyimpanan. Periksa flashdisk atau salin "
        "berkasnya ke komputer, lalu coba lagi."
    ),
    RejectReason.LOCAL_IO: N_(
        "Komputer ini tidak dapat menulis berkas sementara untuk membuka paket. Kosongkan "
        "ruang disk, lalu coba lagi."
    ),
    RejectReason.TOO_LARGE: N_(
        "Berkas terlalu besar untuk sebuah paket sinkronisasi. Pastikan berkas yang dipilih "
        "adalah paket .psb yang benar."
    ),
    RejectReason.MALFORMED: N_(
        "Berkas ini bukan paket sinkronisasi yang utuh: rusak, terpotong, atau telah diubah. "
        "Minta pengirim mengirim ulang berkas aslinya."
    ),
    RejectReason.NEWER_VERSION: N_(
        "Paket ini dibuat oleh versi aplikasi yang lebih baru. Perbarui aplikasi Puskesos "
        "Desk, lalu impor paket ini lagi."
    ),
    RejectReason.UNKNOWN_DESK: N_(
        "Paket berasal dari desk yang belum terdaftar. Impor kartu kunci desk tersebut dan "
        "cocokkan sidik jarinya lewat telepon; paket disimpan sampai desk itu dipercaya."
    ),
    RejectReason.REVOKED: N_(
        "Paket ditandatangani dengan kunci yang sudah dicabut. Paket tidak diterapkan; "
        "hubungi desk pengirim dan Dinas Sosial."
    ),
    RejectReason.BAD_SIGNATURE: N_(
        "Tanda tangan paket tidak sah: berkas telah diubah atau tidak ditandatangani oleh "
        "desk yang diakui. Minta pengirim mengirim ulang berkas aslinya."
    ),
    RejectReason.NOT_FOR_THIS_DESK: N_(
        "Paket ini ditujukan untuk desk lain, bukan untuk desk ini. Periksa kembali berkas "
        "yang dipilih."
    ),
    RejectReason.TAMPERED: N_(
        "Isi paket tidak cocok dengan tanda tangannya: berkas rusak atau telah diubah. Minta "
        "pengirim mengirim ulang berkas aslinya."
    ),
    RejectReason.WRONG_KEY: N_(
        "Paket ini dienkripsi untuk kunci lain, bukan kunci desk ini (mungkin kunci sudah "
        "diganti). Minta pengirim memperbarui kartu kunci lalu mengirim ulang."
    ),
    RejectReason.INVALID_CONTENT: N_(
        "Isi paket tidak lolos pemeriksaan data, sehingga seluruh paket ditolak. Laporkan ke "
        "desk pengirim agar datanya diperbaiki lalu dikirim ulang."
    ),
}


class BundleRejected(UserError):  # noqa: N818 - name fixed by the sync design
    """A bundle file that must not be applied, with the reason and what is known about it.

    ``manifest`` is set once the manifest parsed (it is *authenticated* only for reasons
    after the signature check: NOT_FOR_THIS_DESK, TAMPERED, WRONG_KEY, NEWER_VERSION of the
    schema, INVALID_CONTENT). ``raw`` holds the whole bundle for UNKNOWN_DESK and
    NEWER_VERSION so the caller can queue it. ``line`` is the 1-based payload line for
    INVALID_CONTENT. ``detail`` is a short technical note for the log and the CLI; it never
    contains personal data or key material.
    """

    def __init__(
        self,
        reason: RejectReason,
        detail: str = "",
        *,
        manifest: Manifest | None = None,
        manifest_sha256: str | None = None,
        line: int | None = None,
    ) -> None:
        message = _(_MESSAGES[reason])
        if line is not None:
            message = _("{message} (baris {line}: {detail})").format(
                message=message, line=line, detail=detail
            )
        super().__init__(message)
        self.reason = reason
        self.detail = detail
        self.manifest = manifest
        self.manifest_sha256 = manifest_sha256
        self.line = line
        self.raw: bytes | None = None

    def __repr__(self) -> str:
        return f"BundleRejected({self.reason.value!r}, {self.detail!r})"
