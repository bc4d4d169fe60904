"""Letter service: issue, numbering, register, reprint, void, verification."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import minisign
import pytest
from pypdf import PdfReader
from referral_kit import (  # noqa: F401 - fixtures
    demo_keys_fixture,
    desk_fixture,
    make_lembaga,
    new_referral,
)

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.numbering import roman_month
from puskesos_desktop.domain.referral_state import StatusRujukan
from puskesos_desktop.letters.qr import QrFields, make_qr_payload
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.letters import LetterService
from puskesos_desktop.services.referral_types import StatusChange

MM = 72 / 25.4


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _next_number(desk: Any) -> int:
    """The running number the next letter of this year gets (the demo year issued some)."""
    return len(desk.letters.register()) + 1


def _register_is_gapless(rows: list[Any]) -> None:
    numbers = [row.urut for row in rows]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({row.nomor for row in rows}) == len(rows)


def test_no_letter_without_consent(desk: Any) -> None:
    uid = new_referral(desk, consent=False)
    issued = desk.letters.register()
    with pytest.raises(UserError, match="persetujuan"):
        desk.letters.issue(uid)
    assert desk.letters.register() == issued
    assert desk.referral.get(uid).status == StatusRujukan.DRAF


def test_issued_letter_carries_number_name_nik_destination_and_date(desk: Any) -> None:
    uid = new_referral(desk)
    number = _next_number(desk)
    issued = desk.letters.issue(uid)
    today = date.today()
    assert issued.nomor == f"460/{number:03d}/2001/{roman_month(today.month)}/{today.year}"
    view = desk.referral.get(uid)
    assert view.status == StatusRujukan.DIRUJUK and view.nomor_surat == issued.nomor
    assert not view.dapat_diterbitkan
    text = _text(issued.pdf)
    for expected in (issued.nomor, view.orang_nama, view.orang_nik, view.lembaga_nama,
                     format_date(today), view.kode_balik, "LEMBAR BALIK"):
        assert expected in text, expected
    page = PdfReader(io.BytesIO(issued.pdf)).pages[0]
    assert round(float(page.mediabox.width) / MM) == 210
    assert round(float(page.mediabox.height) / MM) == 297
    f4 = PdfReader(io.BytesIO(desk.letters.render(issued.surat_uid, "F4"))).pages[0]
    assert round(float(f4.mediabox.height) / MM) == 330
    assert desk.referral.history(uid)[-1].catatan == f"Surat nomor {issued.nomor} diterbitkan"


def test_void_needs_koordinator_and_reason_and_keeps_the_number(desk: Any) -> None:
    uid = new_referral(desk)
    earlier = desk.letters.register()
    first = desk.letters.issue(uid)
    with pytest.raises(UserError, match="sudah memiliki surat"):
        desk.letters.issue(uid)
    desk.context.operator_role = "operator"
    with pytest.raises(UserError, match="koordinator"):
        desk.letters.void(first.surat_uid, "Salah ketik nama")
    desk.context.operator_role = "koordinator"
    with pytest.raises(UserError, match="alasan"):
        desk.letters.void(first.surat_uid, " ")
    desk.letters.void(first.surat_uid, "Salah ketik nama")
    with pytest.raises(UserError, match="dibatalkan"):
        desk.letters.render(first.surat_uid)
    second = desk.letters.issue(uid)
    rows = desk.letters.register()
    _register_is_gapless(rows)
    assert rows[: len(earlier)] == earlier
    assert [(r.nomor, r.status) for r in rows[len(earlier):]] == [(first.nomor, "BATAL"),
                                                                  (second.nomor, "TERBIT")]
    voided = rows[len(earlier)]
    assert voided.alasan_batal == "Salah ketik nama" and voided.dibatalkan_oleh == "admin"
    assert desk.referral.get(uid).status == StatusRujukan.DIRUJUK


def test_numbers_run_per_year_and_restart_in_january(desk: Any) -> None:
    december = LetterService(desk.context, today=lambda: date(2026, 12, 31))
    january = LetterService(desk.context, today=lambda: date(2027, 1, 2))
    # Each year's numbers continue after the letters the demo year already issued.
    first, first_2027 = len(december.register(2026)) + 1, len(january.register(2027)) + 1
    numbers = [december.issue(new_referral(desk, skip=i)).nomor for i in range(3)]
    numbers.append(january.issue(new_referral(desk, skip=3)).nomor)
    assert numbers == [f"460/{first + i:03d}/2001/XII/2026" for i in range(3)] + [
        f"460/{first_2027:03d}/2001/I/2027"]
    _register_is_gapless(december.register(2026))
    _register_is_gapless(january.register(2027))


def test_settings_change_the_pattern_and_bad_patterns_are_refused(desk: Any) -> None:
    from dataclasses import replace

    current = desk.letters.settings()
    assert current.kode_klasifikasi == "460" and current.kode_unit == "2001"
    with pytest.raises(UserError, match="urut"):
        desk.letters.save_settings(replace(current, pola_nomor="{kode}/{tahun}"))
    desk.letters.save_settings(replace(current, pola_nomor="{kode}/{urut:04d}/PSK/{tahun}",
                                       kode_klasifikasi="400.9.1", kertas="F4"))
    number = _next_number(desk)
    issued = desk.letters.issue(new_referral(desk))
    assert issued.nomor == f"400.9.1/{number:04d}/PSK/{date.today().year}"
    page = PdfReader(io.BytesIO(issued.pdf)).pages[0]
    assert round(float(page.mediabox.height) / MM) == 330


def test_reprint_is_the_same_letter_and_is_counted(desk: Any) -> None:
    issued = desk.letters.issue(new_referral(desk))
    again = desk.letters.render(issued.surat_uid)
    assert _text(again) == _text(issued.pdf)
    desk.letters.log_reprint(issued.surat_uid)
    desk.letters.log_reprint(issued.surat_uid)
    (row,) = [r for r in desk.letters.register() if r.uid == issued.surat_uid]
    assert row.jumlah_cetak_ulang == 2


def test_verify_valid_tampered_voided_expired_and_unknown(desk: Any, tmp_path: Path) -> None:
    issued = desk.letters.issue(new_referral(desk))
    (row,) = [r for r in desk.letters.register() if r.uid == issued.surat_uid]
    qr = _payload_of(desk, row.uid)
    result = desk.letters.verify_letter(qr)
    assert result.sah and result.nomor == issued.nomor and result.judul == "SAH"
    assert result.kode_verifikasi == row.kode_verifikasi
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(issued.pdf)
    from_file = desk.letters.verify_letter(pdf)
    assert from_file.sah and from_file.sumber == pdf
    assert desk.letters.verify_letter(str(pdf)).sah

    index = 30
    flipped = qr[:index] + ("B" if qr[index] != "B" else "C") + qr[index + 1:]
    assert desk.letters.verify_letter(flipped).status in {"tampered", "malformed"}
    assert not desk.letters.verify_letter(flipped).sah

    later = LetterService(desk.context, today=lambda: date.today() + timedelta(days=91))
    assert later.verify_letter(qr).status == "expired"

    stranger = _Signer("3320012002-0b1c", minisign.KeyPair.generate().secret_key)
    foreign = make_qr_payload(QrFields(__import__("uuid").uuid4(), "460/001/2002/I/2027",
                                       date.today(), date.today(), "Puskesmas", "3" * 16),
                              stranger)
    assert desk.letters.verify_letter(foreign).status == "unknown_desk"

    desk.context.operator_role = "koordinator"
    desk.letters.void(issued.surat_uid, "Surat hilang, diganti baru")
    voided = desk.letters.verify_letter(qr)
    assert voided.status == "voided" and voided.judul == "DIBATALKAN"
    with pytest.raises(UserError, match="tidak dapat dibaca"):
        desk.letters.verify_letter(tmp_path / "tidak-ada.pdf")
    other = tmp_path / "lain.pdf"
    other.write_bytes(b"%PDF-1.4 bukan surat")
    assert desk.letters.verify_letter(other).status == "malformed"


def test_verification_without_unlocking_the_keys(desk: Any) -> None:
    issued = desk.letters.issue(new_referral(desk))
    qr = _payload_of(desk, issued.surat_uid)
    del desk.context.extras[KEYS_EXTRA]
    assert desk.letters.verify_letter(qr).sah  # public key read from minisign.pub


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf tidak terpasang")
def test_generated_letter_passes_qpdf_check(desk: Any, tmp_path: Path) -> None:
    path = tmp_path / "surat.pdf"
    path.write_bytes(desk.letters.issue(new_referral(desk)).pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


class _Signer:
    def __init__(self, desk_id: str, signing: minisign.SecretKey) -> None:
        self.desk_id = desk_id
        self.signing = signing


def _payload_of(desk: Any, surat_uid: str) -> str:
    from sqlmodel import Session

    from puskesos_desktop.store.models import SuratKeluar

    with Session(desk.context.engine) as session:
        return session.get(SuratKeluar, surat_uid).qr_payload  # type: ignore[union-attr]


def test_referral_service_is_untouched_by_letter_failures(desk: Any) -> None:
    """A letter that cannot be rendered (no officials) leaves no number used."""
    from sqlmodel import Session, update

    from puskesos_desktop.store.models import Pejabat

    uid = new_referral(desk)
    issued = desk.letters.register()
    with Session(desk.context.engine) as session:
        session.exec(update(Pejabat).values(aktif=False))  # type: ignore[call-overload]
        session.commit()
    with pytest.raises(UserError, match="penanda tangan"):
        desk.letters.issue(uid)
    assert desk.letters.register() == issued
    assert desk.referral.get(uid).status == StatusRujukan.DRAF
    with Session(desk.context.engine) as session:
        session.exec(update(Pejabat).values(aktif=True))  # type: ignore[call-overload]
        session.commit()
    assert desk.letters.issue(uid).nomor.startswith(f"460/{len(issued) + 1:03d}/")
    desk.referral.change_status(uid, StatusChange(StatusRujukan.DITERIMA))
