"""`puskesos-desktop doctor`: a self-check an operator can photograph and send to the district.

Each check is independent and never raises: a broken installation is exactly when this
report is needed, so every failure becomes a line of the report instead.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from puskesos_desktop import __version__
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.services.startup import StartupStatus, check_integrity
from puskesos_desktop.store.migrate import SCHEMA_HEAD, stored_revision

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk

MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    results: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    def as_text(self) -> str:
        lines = [
            f"Puskesos Desk {__version__} — {platform.system()} {platform.release()}, "
            f"Python {sys.version.split()[0]}"
        ]
        for result in self.results:
            mark = "OK   " if result.ok else "GAGAL"
            lines.append(f"[{mark}] {result.name}: {result.detail}")
        lines.append(_("Semua pemeriksaan lulus.") if self.ok else _("Ada pemeriksaan yang gagal."))
        return "\n".join(lines)


def _data_dir(desk: Desk) -> CheckResult:
    root = desk.paths.root
    writable = os.access(root, os.W_OK)
    detail = str(root) if writable else _("{path} tidak dapat ditulisi").format(path=root)
    return CheckResult(_("Folder data"), writable, detail)


def _database(desk: Desk) -> CheckResult:
    if desk.context.on_server:  # a district's PostgreSQL server: reachable, current schema
        from puskesos_desktop.services.database_setting import check_server

        try:
            found = check_server(desk.context.database_url or "")
        except UserError as error:
            return CheckResult(_("Basis data"), False, error.message)
        ok = found.revision == SCHEMA_HEAD and desk.startup.status == StartupStatus.READY
        detail = _("{version} terhubung, skema {revision}, status {status}").format(
            version=found.version, revision=found.revision, status=desk.startup.status.value
        )
        return CheckResult(_("Basis data"), ok, detail)
    problem = check_integrity(desk.paths.database)
    if problem:
        return CheckResult(_("Basis data"), False, problem)
    revision = stored_revision(desk.paths.database)
    ok = revision == SCHEMA_HEAD and desk.startup.status == StartupStatus.READY
    detail = _("utuh, skema {revision}, status {status}").format(
        revision=revision, status=desk.startup.status.value
    )
    return CheckResult(_("Basis data"), ok, detail)


def _keys(desk: Desk) -> CheckResult:
    from puskesos_desktop.services.key_share import unavailable_message
    from puskesos_desktop.sync.keys import load_keys

    try:
        keys = load_keys(desk.paths.keys, desk.profile.key_passphrase())
    except UserError as error:
        return CheckResult(_("Kunci desk"), False, unavailable_message(desk.context, error.message))
    return CheckResult(
        _("Kunci desk"),
        True,
        _("{desk_id}, sidik jari {fingerprint}").format(
            desk_id=keys.desk_id, fingerprint=keys.fingerprint
        ),
    )


def _backups(desk: Desk) -> CheckResult:
    if desk.context.on_server:
        return CheckResult(
            _("Cadangan"), True, _("server PostgreSQL: pg_dump oleh petugas TI (docs/scale.md)")
        )
    latest = desk.backup.latest()
    if latest is None:
        return CheckResult(_("Cadangan"), False, _("belum ada cadangan"))
    return CheckResult(
        _("Cadangan"), True, _("terakhir {when:%d-%m-%Y %H:%M}").format(when=latest.created_at)
    )


def _free_disk(desk: Desk) -> CheckResult:
    free = shutil.disk_usage(desk.paths.root).free
    detail = _("{mb} MB kosong").format(mb=free // (1024 * 1024))
    return CheckResult(_("Ruang disk"), free >= MIN_FREE_BYTES, detail)


# --- installation self-test (issue 11) ----------------------------------------------------
# These prove that a (frozen) installation carries everything the desk needs: embedded fonts
# and reportlab for letters, the native crypto (minisign/cryptography, age/pyrage) and the
# bundle container codec. They work on a desk that is not set up yet: they use no data.
# The printer line is information only (ok=True): a desk without a printer can still save
# letters as PDF, and a missing printer must not make ``doctor`` exit 3 on a district laptop.
# It uses no Qt (services stay Qt-free); the GUI may add what Qt's QPrinterInfo reports.


def _letter_pdf(desk: Desk) -> CheckResult:
    from puskesos_desktop.letters.referral import render_referral_letter
    from puskesos_desktop.letters.sample import sample_letter_data

    pdf = render_referral_letter(sample_letter_data())
    ok = pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf
    detail = _("contoh surat {kb} KB, huruf tertanam") if ok else _("PDF contoh surat tidak sah")
    return CheckResult(_("Surat PDF"), ok, detail.format(kb=len(pdf) // 1024))


def _bundle_round_trip(desk: Desk) -> CheckResult:
    """Sign, encrypt, pack, unpack, verify and decrypt a small payload with throw-away keys."""
    import io
    import zlib

    import minisign
    import pyrage

    from puskesos_desktop.sync.container import read_layout, stream_payload, write_container
    from puskesos_desktop.sync.keys import DeskKeys, sign_bytes, verify_bytes

    keys = DeskKeys(
        "uji-doctor", minisign.KeyPair.generate().secret_key, pyrage.x25519.Identity.generate()
    )
    try:
        plain = b'{"uji":"putar-balik"}\n' * 64
        cipher = pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(keys.age_recipient)])
        manifest = b'{"format":"uji"}'
        signature = sign_bytes(keys, manifest, "uji doctor")
        out = io.BytesIO()
        write_container(
            out, manifest, signature, io.BytesIO(cipher), zlib.crc32(cipher), len(cipher)
        )
        layout = read_layout(out, len(out.getvalue()))
        verify_bytes(keys.public_key_b64, layout.manifest, layout.signature)
        sink = io.BytesIO()
        stream_payload(out, layout, sink)
        ok = pyrage.decrypt(sink.getvalue(), [keys.age_identity]) == plain
    finally:
        keys.wipe()
    detail = _("tanda tangan, enkripsi dan kemasan berfungsi") if ok else _("isi paket berubah")
    return CheckResult(_("Paket sinkron"), ok, detail)


def _default_printer() -> str | None:
    """The system's default printer, without Qt: winspool on Windows, CUPS ``lpstat`` else."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        winspool = ctypes.WinDLL("winspool.drv")
        size = wintypes.DWORD(0)
        winspool.GetDefaultPrinterW(None, ctypes.byref(size))
        if not size.value:
            return None
        buffer = ctypes.create_unicode_buffer(size.value)
        return buffer.value if winspool.GetDefaultPrinterW(buffer, ctypes.byref(size)) else None
    import subprocess

    lpstat = shutil.which("lpstat")
    if lpstat is None:
        raise FileNotFoundError("lpstat")
    env = {**os.environ, "LC_ALL": "C"}
    result = subprocess.run(
        [lpstat, "-d"], capture_output=True, text=True, timeout=5, env=env, check=False
    )
    _head, colon, name = result.stdout.partition(":")
    if not colon or "no system default" in result.stdout:
        return None
    return name.strip() or None


def _printer(desk: Desk) -> CheckResult:
    import subprocess

    name = _("Printer (info)")
    try:
        printer = _default_printer()
    except FileNotFoundError:
        return CheckResult(name, True, _("layanan cetak (CUPS) tidak terpasang"))
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        return CheckResult(name, True, _("tidak dapat diperiksa ({error})").format(error=error))
    if printer is None:
        return CheckResult(
            name, True, _("tidak ada printer bawaan; surat tetap bisa disimpan sebagai PDF")
        )
    return CheckResult(name, True, _("printer bawaan: {printer}").format(printer=printer))


CHECKS: tuple[Callable[[Desk], CheckResult], ...] = (
    _data_dir,
    _database,
    _keys,
    _backups,
    _free_disk,
    _letter_pdf,
    _bundle_round_trip,
    _printer,
)


def run_checks(desk: Desk) -> DoctorReport:
    results = []
    for check in CHECKS:
        try:
            results.append(check(desk))
        except Exception as error:
            results.append(CheckResult(check.__name__.strip("_"), False, repr(error)))
    return DoctorReport(tuple(results))
