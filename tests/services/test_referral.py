"""Referral service: creation, the status machine through the service, follow-up, slips."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from referral_kit import (  # noqa: F401 - fixtures
    adult,
    child,
    demo_keys_fixture,
    desk_fixture,
    make_lembaga,
    new_referral,
    referral_input,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import ALLOWED, StatusRujukan
from puskesos_desktop.services.referral import ReferralService, normalise_return_code
from puskesos_desktop.services.referral_types import (
    FILTER_TANPA_KABAR,
    FILTER_TERLAMBAT,
    ReturnSlip,
    StatusChange,
)

S = StatusRujukan
NEEDS_REASON = {S.DITOLAK, S.TIDAK_MEMENUHI_SYARAT, S.DIBATALKAN}
# How to reach each status from a fresh draft, through allowed steps only.
PATHS: dict[StatusRujukan, tuple[StatusRujukan, ...]] = {
    S.DRAF: (),
    S.DIRUJUK: (S.DIRUJUK,),
    S.DITERIMA: (S.DIRUJUK, S.DITERIMA),
    S.DIPROSES: (S.DIRUJUK, S.DITERIMA, S.DIPROSES),
    S.SELESAI_DILAYANI: (S.DIRUJUK, S.SELESAI_DILAYANI),
    S.DITOLAK: (S.DIRUJUK, S.DITOLAK),
    S.TIDAK_MEMENUHI_SYARAT: (S.DIRUJUK, S.TIDAK_MEMENUHI_SYARAT),
    S.DIALIHKAN: (S.DIRUJUK, S.DIALIHKAN),
    S.DIBATALKAN: (S.DIBATALKAN,),
}


def _move(desk: Any, uid: str, to: StatusRujukan, other_lembaga: str) -> str:
    if to == S.DIALIHKAN:
        return desk.referral.redirect(uid, other_lembaga, alasan="Perlu rumah sakit").uid
    alasan = "Alasan uji" if to in NEEDS_REASON else ""
    desk.referral.change_status(uid, StatusChange(to, alasan=alasan, catatan="uji"))
    return uid


def test_create_makes_a_draft_with_history_code_and_default_follow_up(desk: Any) -> None:
    uid = new_referral(desk)
    view = desk.referral.get(uid)
    assert view.status == S.DRAF
    assert view.tanggal_tindak_lanjut == date.today() + timedelta(days=14)
    assert normalise_return_code(view.kode_balik) == view.kode_balik
    assert view.kode_balik.startswith("RB-") and len(view.kode_balik) == 10
    assert view.layanan_diminta == ("Pemeriksaan kesehatan lanjutan",)
    assert view.dokumen_dibawa == ("Fotokopi KTP", "Fotokopi Kartu Keluarga")
    assert [e.ke for e in desk.referral.history(uid)] == ["DRAF"]
    assert view.boleh_menjadi == (S.DIRUJUK, S.DIBATALKAN)


@pytest.mark.parametrize("start", list(S))
def test_every_transition_is_allowed_or_refused_by_the_service(desk: Any,
                                                               start: StatusRujukan) -> None:
    lembaga = make_lembaga(desk, "Puskesmas Awal")
    other = make_lembaga(desk, "RSUD Kartini", jenis="RUMAH_SAKIT")
    for target in S:
        uid = new_referral(desk, lembaga_uid=lembaga)
        for step in PATHS[start]:
            uid_after = _move(desk, uid, step, other)
            assert uid_after  # redirect returns the new referral; the old one moved
        assert desk.referral.get(uid).status == start
        if target in ALLOWED[start]:
            _move(desk, uid, target, other)
            assert desk.referral.get(uid).status == target
            assert desk.referral.history(uid)[-1].ke == target.value
        else:
            with pytest.raises(UserError):
                _move(desk, uid, target, other)
            assert desk.referral.get(uid).status == start


@pytest.mark.parametrize("target", sorted(NEEDS_REASON))
def test_reason_is_required(desk: Any, target: StatusRujukan) -> None:
    uid = new_referral(desk)
    desk.referral.change_status(uid, StatusChange(S.DIRUJUK))
    with pytest.raises(UserError, match="alasan"):
        desk.referral.change_status(uid, StatusChange(target, alasan="  "))
    assert desk.referral.get(uid).status == S.DIRUJUK


def test_no_referring_without_consent(desk: Any) -> None:
    uid = new_referral(desk, consent=False)
    with pytest.raises(UserError, match="persetujuan"):
        desk.referral.change_status(uid, StatusChange(S.DIRUJUK))
    assert not desk.referral.get(uid).dapat_diterbitkan


def test_redirect_links_a_new_draft_that_asks_consent_again(desk: Any) -> None:
    uid = new_referral(desk)
    other = make_lembaga(desk, "Dinas Sosial Kabupaten Jepara", jenis="DINSOS")
    desk.referral.change_status(uid, StatusChange(S.DIRUJUK))
    new_uid = desk.referral.redirect(uid, other, alasan="Perlu rehabilitasi sosial").uid
    old, new = desk.referral.get(uid), desk.referral.get(new_uid)
    assert old.status == S.DIALIHKAN and old.rujukan_baru_uid == new_uid
    assert new.status == S.DRAF and new.lembaga_uid == other and not new.setuju_dibagikan
    assert new.alasan == old.alasan and new.orang_uid == old.orang_uid
    with pytest.raises(UserError):
        desk.referral.change_status(uid, StatusChange(S.DIALIHKAN))


def test_draft_can_be_edited_but_a_referred_one_cannot(desk: Any) -> None:
    uid = new_referral(desk)
    view = desk.referral.get(uid)
    data = referral_input(view.orang_uid, view.lembaga_uid, alasan="Alasan diperbaiki.")
    desk.referral.update_draft(uid, data)
    assert desk.referral.get(uid).alasan == "Alasan diperbaiki."
    desk.referral.change_status(uid, StatusChange(S.DIRUJUK))
    with pytest.raises(UserError, match="tidak dapat diubah"):
        desk.referral.update_draft(uid, data)


def test_form_problems_are_listed_together(desk: Any) -> None:
    person = adult(desk)
    data = referral_input(person.uid, "", alasan=" ", urgensi="??",
                          tanggal_tindak_lanjut=date.today() - timedelta(days=1))
    with pytest.raises(UserError) as caught:
        desk.referral.create(data)
    message = caught.value.message
    for part in ("lembaga", "alasan", "urgensi", "tindak lanjut"):
        assert part in message.lower()


def test_a_child_cannot_consent_alone(desk: Any) -> None:
    lembaga = make_lembaga(desk)
    young = child(desk)
    with pytest.raises(UserError, match="orang tua"):
        desk.referral.create(referral_input(young.uid, lembaga, persetujuan_dari="SENDIRI"))
    saved = desk.referral.create(referral_input(young.uid, lembaga,
                                                persetujuan_dari="ORANG_TUA_WALI"))
    assert desk.referral.get(saved.uid).persetujuan_dari == "ORANG_TUA_WALI"


def test_overdue_and_tanpa_kabar_are_derived_from_the_follow_up_date(desk: Any) -> None:
    due = date.today() + timedelta(days=3)
    later = ReferralService(desk.context, today=lambda: due + timedelta(days=1))
    on_time = ReferralService(desk.context, today=lambda: due)
    seeded = {  # the demo village's own late referrals, by filter
        name: {r.uid for r in fetch()}
        for name, fetch in (
            ("overdue", later.overdue),
            ("tanpa_kabar", lambda: later.list(FILTER_TANPA_KABAR)),
            ("terlambat", lambda: later.list(FILTER_TERLAMBAT)),
            ("on_time", on_time.overdue),
        )
    }
    waiting = new_referral(desk, tanggal_tindak_lanjut=due)
    answered = new_referral(desk, skip=1, tanggal_tindak_lanjut=due)
    draft = new_referral(desk, skip=2, tanggal_tindak_lanjut=due)
    desk.referral.change_status(waiting, StatusChange(S.DIRUJUK))
    desk.referral.change_status(answered, StatusChange(S.DIRUJUK))
    desk.referral.change_status(answered, StatusChange(S.DITERIMA))
    overdue = {row.uid: row for row in later.overdue()}
    assert set(overdue) - seeded["overdue"] == {waiting, answered}
    assert overdue[waiting].tanpa_kabar and not overdue[answered].tanpa_kabar
    assert overdue[waiting].status_label == "Dirujuk (tanpa kabar)"
    assert {r.uid for r in later.list(FILTER_TANPA_KABAR)} - seeded["tanpa_kabar"] == {waiting}
    assert {r.uid for r in later.list(FILTER_TERLAMBAT)} - seeded["terlambat"] == {
        waiting,
        answered,
    }
    assert draft not in overdue
    assert {r.uid for r in on_time.overdue()} == seeded["on_time"]
    assert not on_time.get(waiting).tanpa_kabar


def test_return_slip_code_records_the_outcome(desk: Any) -> None:
    uid = new_referral(desk)
    desk.referral.change_status(uid, StatusChange(S.DIRUJUK))
    code = desk.referral.get(uid).kode_balik
    typed = code.lower().replace("-", " ")
    assert desk.referral.find_by_return_code(typed).uid == uid
    with pytest.raises(UserError, match="alasan"):
        desk.referral.record_return_slip(ReturnSlip(typed, S.DITOLAK))
    desk.referral.record_return_slip(ReturnSlip(typed, S.SELESAI_DILAYANI, petugas="dr. Ani",
                                                keterangan="Sudah diperiksa"))
    assert desk.referral.get(uid).status == S.SELESAI_DILAYANI
    last = desk.referral.history(uid)[-1]
    assert "Lembar balik" in last.catatan and "dr. Ani" in last.catatan
    with pytest.raises(UserError):
        desk.referral.record_return_slip(ReturnSlip(code, S.DITERIMA))
    with pytest.raises(UserError, match="Tidak ada rujukan"):
        desk.referral.record_return_slip(ReturnSlip("RB-2222-22", S.DITERIMA))


def test_dates_in_the_future_are_refused(desk: Any) -> None:
    uid = new_referral(desk)
    with pytest.raises(UserError, match="belum terjadi"):
        desk.referral.change_status(uid, StatusChange(
            S.DIRUJUK, tanggal=date.today() + timedelta(days=1)))


def test_list_filters_and_search(desk: Any) -> None:
    def uids(*args: str) -> set[str]:
        return {r.uid for r in desk.referral.list(*args)}

    seeded_open, seeded_cancelled = uids("TERBUKA"), uids(S.DIBATALKAN.value)
    first = new_referral(desk)
    second = new_referral(desk, skip=1)
    desk.referral.change_status(second, StatusChange(S.DIBATALKAN, alasan="Pindah"))
    assert uids("TERBUKA") - seeded_open == {first}
    assert uids(S.DIBATALKAN.value) - seeded_cancelled == {second}
    assert second not in uids("TERBUKA") and first not in uids(S.DIBATALKAN.value)
    name = desk.referral.get(first).orang_nama
    assert first in {r.uid for r in desk.referral.list(text=name[:5])}
    person = desk.referral.get(first).orang_uid
    assert desk.referral.for_person(person)[0].uid == first  # newest first
    assert all(r.orang_nama == name for r in desk.referral.for_person(person))
