"""Editing the desk profile and officials after setup (services/profile_edit.py)."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from referral_kit import demo_keys_fixture, desk_fixture, new_referral  # noqa: F401 - fixtures

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.profile_edit import (
    MAX_LOGO_SIDE,
    official_problems,
    profile_problems,
)
from puskesos_desktop.services.setup import OfficialInput, PeranPejabat


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _settings_entries(desk: Any) -> list[Any]:
    return [row for row in desk.audit.search("", AuditAction.SETTINGS_CHANGE)]


def _head(desk: Any) -> Any:
    return next(o for o in desk.profile.officials() if o.peran == "kepala")


def test_update_changes_kop_contacts_and_logo_but_not_identity(desk: Any) -> None:
    before = desk.profile.get()
    edit = dataclasses.replace(
        desk.profile_edit.current(), kop_nama="DESA KEDUNGMALANG BARU",
        alamat="Jl. Balai Desa No. 7", telepon="(0291) 555 123", email="desa@kedung.id",
        logo_png=_png(120, 140))
    saved = desk.profile_edit.update(edit)
    assert set(saved.changed) == {"kop_nama", "alamat", "telepon", "email", "logo_png"}
    after = desk.profile.get()
    assert (after.kop_nama, after.telepon, after.email) == (
        "DESA KEDUNGMALANG BARU", "(0291) 555 123", "desa@kedung.id")
    assert (after.desk_id, after.kode_wilayah, after.mode) == (
        before.desk_id, before.kode_wilayah, before.mode)
    assert desk.profile_edit.current().logo_png == edit.logo_png
    entry = _settings_entries(desk)[0]
    assert entry.target_table == "desk_profile" and "telepon" in entry.detail
    assert desk.profile_edit.update(edit).changed == ()  # nothing new: nothing written
    assert len(_settings_entries(desk)) == 1


def test_problems_are_reported_per_field_and_nothing_is_saved(desk: Any) -> None:
    current = desk.profile_edit.current()
    bad = dataclasses.replace(current, kop_nama="  ", kode_pos="123", telepon="telp kantor",
                              email="desa@")
    assert set(profile_problems(bad)) == {"kop_nama", "kode_pos", "telepon", "email"}
    assert profile_problems(current) == {}
    with pytest.raises(UserError, match="Kode pos harus 5 angka"):
        desk.profile_edit.update(bad)
    assert desk.profile_edit.current() == current
    assert set(official_problems(OfficialInput(PeranPejabat.KEPALA, "", "x", "NIP?!"))) == {
        "jabatan", "nip"}


@pytest.mark.parametrize("logo", [
    b"bukan gambar sama sekali",
    _png(80, 80)[:120],  # cut off in transfer
    _png(MAX_LOGO_SIDE + 1, 10),  # tiny file, too many pixels
    b"\x89PNG\r\n\x1a\n" + b"\0" * 1_000_001,
], ids=["text", "truncated", "too-wide", "too-big"])
def test_bad_logo_is_refused_and_the_database_is_unchanged(desk: Any, logo: bytes) -> None:
    current = desk.profile_edit.current()
    with pytest.raises(UserError, match=r"[Ll]ogo"):
        desk.profile_edit.update(dataclasses.replace(current, telepon="0291 1234",
                                                     logo_png=logo))
    assert desk.profile_edit.current() == current
    assert _settings_entries(desk) == []


def test_operator_and_koordinator_may_not_edit(desk: Any) -> None:
    current = desk.profile_edit.current()
    head = _head(desk)
    for role in ("operator", "koordinator"):
        desk.context.operator_role = role
        with pytest.raises(UserError, match="admin"):
            desk.profile_edit.update(dataclasses.replace(current, telepon="0291 999999"))
        with pytest.raises(UserError, match="admin"):
            desk.profile_edit.add_official(OfficialInput(PeranPejabat.KEPALA, "Kepala Desa", "X"))
        with pytest.raises(UserError, match="admin"):
            desk.profile_edit.retire_official(head.id)
    desk.context.operator_role = "admin"
    assert desk.profile_edit.current() == current
    assert [o.nama for o in desk.profile.officials()] == ["Suwarno", "Siti Rahmawati"]


def test_new_head_signs_new_letters_while_old_letters_reprint_unchanged(desk: Any) -> None:
    old = desk.letters.issue(new_referral(desk))
    assert "Suwarno" in _text(old.pdf)
    saved = desk.profile_edit.add_official(
        OfficialInput(PeranPejabat.KEPALA, "Kepala Desa Kedungmalang", "Hj. Ratna Dewi", ""))
    assert [o.nama for o in saved.retired] == ["Suwarno"]  # one head at a time
    desk.profile_edit.update(dataclasses.replace(desk.profile_edit.current(),
                                                 telepon="0291 777888"))
    new_text = _text(desk.letters.issue(new_referral(desk, skip=1)).pdf)
    assert "Hj. Ratna Dewi" in new_text and "Suwarno" not in new_text
    assert "0291 777888" in new_text
    reprint = _text(desk.letters.render(old.surat_uid))
    assert "Suwarno" in reprint and "Ratna" not in reprint
    assert "0291 777888" not in reprint  # the kop as it was issued, too
    listed = {o.nama: o.aktif for o in desk.profile_edit.officials()}
    assert listed == {"Hj. Ratna Dewi": True, "Siti Rahmawati": True, "Suwarno": False}


def test_corrected_name_and_nip_print_on_the_next_letter(desk: Any) -> None:
    head = _head(desk)
    desk.profile_edit.update_official(head.id, OfficialInput(
        PeranPejabat.KEPALA, head.jabatan, "Suwarno, S.Sos.", "19700101 199003 1 002"))
    text = _text(desk.letters.issue(new_referral(desk)).pdf)
    assert "Suwarno, S.Sos." in text and "19700101 199003 1 002" in text


def test_retire_official_keeps_the_row_and_resets_the_chosen_signatory(desk: Any) -> None:
    koordinator = next(o for o in desk.profile.officials() if o.peran == "koordinator")
    settings = desk.letters.settings()
    desk.letters.save_settings(dataclasses.replace(settings, penanda_tangan_id=koordinator.id))
    desk.profile_edit.retire_official(koordinator.id)
    assert [o.nama for o in desk.profile.officials()] == ["Suwarno"]
    assert desk.letters.settings().penanda_tangan_id is None
    assert "Siti Rahmawati" not in _text(desk.letters.issue(new_referral(desk)).pdf)
    with pytest.raises(UserError, match="sudah nonaktif"):
        desk.profile_edit.retire_official(koordinator.id)
    with pytest.raises(UserError, match="satu-satunya"):
        desk.profile_edit.retire_official(_head(desk).id)
    entries = [e for e in _settings_entries(desk) if e.target_table == "pejabat"]
    assert entries and entries[0].target_uid == str(koordinator.id)


def test_previews_show_the_draft_and_write_nothing(desk: Any) -> None:
    current = desk.profile_edit.current()
    draft = dataclasses.replace(current, kop_nama="DESA PRATINJAU", telepon="0291 424242")
    kop = _text(desk.profile_edit.letterhead_preview(draft))
    assert "DESA PRATINJAU" in kop and "0291 424242" in kop
    sample = _text(desk.profile_edit.sample_letter(draft, "F4"))
    assert "DESA PRATINJAU" in sample and "Suwarno" in sample
    assert desk.profile_edit.current() == current
