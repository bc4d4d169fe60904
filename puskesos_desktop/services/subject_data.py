"""Everything the desk holds about one person, as one JSON document (data-subject access).

Shape (format ``puskesos-data-pribadi/1``; dates ISO ``YYYY-MM-DD``, moments ISO 8601 UTC,
choice fields as their stable codes, lists as lists; a missing value is ``null``)::

    {
      "format": "puskesos-data-pribadi/1",
      "dibuat_pada": "2026-11-23T08:00:00+00:00",
      "desk": {"desk_id": "3320012001-7f3a", "nama": "Puskesos Desa Bangsri"},
      "orang": {"uid": …, "nik": …, "nama": …, … every column of the person},
      "keluarga": {"uid", "no_kk", "alamat", "rt", "rw", "dusun", "kode_wilayah", "desil",
                   "desil_diperiksa", "riwayat_kk": [{"no_kk_lama", "no_kk_baru", "alasan",
                   "tanggal", "keterangan"}]} | null,
      "riwayat_pindah": [{"alasan", "tanggal", "hubungan_lama", "hubungan_baru",
                          "keterangan"}],
      "persetujuan": [{"jenis", "tujuan", "diberikan", "tanggal", "pemberi", "cara",
                       "dicatat_oleh", "catatan"}],
      "layanan_masuk": [{"uid", "waktu", "saluran", "uraian", "kebutuhan", "urgensi",
                         "setuju_diproses", "setuju_dibagikan", "persetujuan_tanggal",
                         "persetujuan_dari", "operator"}],
      "asesmen": [{"uid", "tanggal", "petugas", "metode", "kebutuhan", "catatan_kebutuhan",
                   "sosek": {variable: option}, "program_diterima", "desil", "pengamatan",
                   "rekomendasi", "skor", "kategori_skor", "penjelasan_skor",
                   "ppks": [{"kode", "bukti"}], "data_orang": {…this person's row} | null}],
      "rujukan": [{"uid", "dibuat", "lembaga", "perihal", "alasan", "layanan_diminta",
                   "urgensi", "dokumen_dibawa", "status", "status_tanggal",
                   "setuju_dibagikan", "persetujuan_tanggal",
                   "surat": [{"nomor", "tanggal", "berlaku_sampai", "status"}],
                   "riwayat_status": [{"dari", "ke", "tanggal", "oleh", "alasan",
                                       "catatan"}]}],
      "penghapusan": [{"alasan", "tanggal", "oleh", "catatan"}]
    }

"Nobody else's": other household members appear nowhere — not their names, not their rows
in an assessment, not PPKS findings about them — and intakes the person reported for
someone else are left out (they are that other person's data).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from puskesos_desktop.store.journal import to_json_value
from puskesos_desktop.store.models import (
    Asesmen,
    AsesmenOrang,
    AsesmenPpks,
    Keluarga,
    LayananMasuk,
    Lembaga,
    Orang,
    PenghapusanData,
    Persetujuan,
    RiwayatAnggota,
    RiwayatKK,
    RiwayatStatusRujukan,
    Rujukan,
    SuratKeluar,
    SyncedRecord,
)
from puskesos_desktop.store.models.base import SYNC_BOOKKEEPING_FIELDS

FORMAT = "puskesos-data-pribadi/1"


def _pick(row: SyncedRecord, *names: str) -> dict[str, Any]:
    return {name: to_json_value(getattr(row, name)) for name in names}


def _content(row: SyncedRecord, *skip: str) -> dict[str, Any]:
    names = [n for n in type(row).model_fields if n not in SYNC_BOOKKEEPING_FIELDS | set(skip)]
    return {"uid": row.uid, **_pick(row, *names)}


def _rows(session: Session, model: type[SyncedRecord], *where: Any, order: Any) -> list[Any]:
    return list(session.exec(select(model).where(~model.deleted, *where).order_by(order)).all())


def collect(session: Session, person: Orang, desk: dict[str, str], now: datetime) -> dict:
    """The document for ``person`` (see the module docstring for its shape)."""
    return {
        "format": FORMAT,
        "dibuat_pada": now.isoformat(),
        "desk": desk,
        "orang": _content(person),
        "keluarga": _household(session, person),
        "riwayat_pindah": [
            _pick(row, "alasan", "tanggal", "hubungan_lama", "hubungan_baru", "keterangan")
            for row in _rows(session, RiwayatAnggota, RiwayatAnggota.orang_uid == person.uid,
                             order=RiwayatAnggota.tanggal)
        ],
        "persetujuan": [
            _pick(row, "jenis", "tujuan", "diberikan", "tanggal", "pemberi", "cara",
                  "dicatat_oleh", "catatan")
            for row in _rows(session, Persetujuan, Persetujuan.orang_uid == person.uid,
                             order=Persetujuan.tanggal)
        ],
        "layanan_masuk": [
            {"uid": row.uid, **_pick(row, "waktu", "saluran", "uraian", "kebutuhan", "urgensi",
                                     "setuju_diproses", "setuju_dibagikan",
                                     "persetujuan_tanggal", "persetujuan_dari", "operator")}
            for row in _rows(session, LayananMasuk, LayananMasuk.penerima_uid == person.uid,
                             order=LayananMasuk.waktu)
        ],
        "asesmen": _assessments(session, person),
        "rujukan": _referrals(session, person),
        "penghapusan": [
            _pick(row, "alasan", "tanggal", "oleh", "catatan")
            for row in _rows(session, PenghapusanData, PenghapusanData.orang_uid == person.uid,
                             order=PenghapusanData.tanggal)
        ],
    }


def _household(session: Session, person: Orang) -> dict | None:
    household = session.get(Keluarga, person.keluarga_uid) if person.keluarga_uid else None
    if household is None:
        return None
    changes = _rows(session, RiwayatKK, RiwayatKK.keluarga_uid == household.uid,
                    order=RiwayatKK.tanggal)
    return {
        "uid": household.uid,
        **_pick(household, "no_kk", "alamat", "rt", "rw", "dusun", "kode_wilayah", "desil",
                "desil_diperiksa"),
        "riwayat_kk": [_pick(row, "no_kk_lama", "no_kk_baru", "alasan", "tanggal",
                             "keterangan") for row in changes],
    }


def _assessments(session: Session, person: Orang) -> list[dict]:
    """Assessments centred on the person or of their household, without other members."""
    mine = Asesmen.orang_uid == person.uid
    household = (Asesmen.keluarga_uid == person.keluarga_uid) if person.keluarga_uid else mine
    result = []
    for row in _rows(session, Asesmen, or_(mine, household), order=Asesmen.tanggal):
        if row.orang_uid not in (None, person.uid):
            continue  # centred on another member: theirs
        findings = _rows(session, AsesmenPpks, AsesmenPpks.asesmen_uid == row.uid,
                         or_(col(AsesmenPpks.orang_uid).is_(None),
                             AsesmenPpks.orang_uid == person.uid), order=AsesmenPpks.kode)
        member = session.exec(select(AsesmenOrang).where(
            AsesmenOrang.asesmen_uid == row.uid, AsesmenOrang.orang_uid == person.uid,
            ~AsesmenOrang.deleted)).first()
        result.append({
            "uid": row.uid,
            **_pick(row, "tanggal", "petugas", "metode", "kebutuhan", "catatan_kebutuhan"),
            "sosek": json.loads(row.sosek or "{}"),
            **_pick(row, "program_diterima", "desil", "pengamatan", "rekomendasi", "skor",
                    "kategori_skor", "penjelasan_skor"),
            "ppks": [_pick(f, "kode", "bukti") for f in findings],
            "data_orang": _content(member, "asesmen_uid", "orang_uid") if member else None,
        })
    return result


def _referrals(session: Session, person: Orang) -> list[dict]:
    result = []
    for row in _rows(session, Rujukan, Rujukan.orang_uid == person.uid, order=Rujukan.created_at):
        lembaga = session.get(Lembaga, row.lembaga_uid)
        letters = _rows(session, SuratKeluar, SuratKeluar.rujukan_uid == row.uid,
                        order=SuratKeluar.tanggal)
        steps = _rows(session, RiwayatStatusRujukan, RiwayatStatusRujukan.rujukan_uid == row.uid,
                      order=RiwayatStatusRujukan.created_at)
        result.append({
            "uid": row.uid,
            "dibuat": to_json_value(row.created_at),
            "lembaga": lembaga.nama if lembaga else "",
            **_pick(row, "perihal", "alasan", "layanan_diminta", "urgensi", "dokumen_dibawa",
                    "status", "status_tanggal", "setuju_dibagikan", "persetujuan_tanggal"),
            "surat": [_pick(s, "nomor", "tanggal", "berlaku_sampai", "status") for s in letters],
            "riwayat_status": [
                {"dari": s.dari_status, "ke": s.ke_status, "tanggal": to_json_value(s.tanggal),
                 "oleh": s.oleh, "alasan": s.alasan, "catatan": s.catatan} for s in steps
            ],
        })
    return result
