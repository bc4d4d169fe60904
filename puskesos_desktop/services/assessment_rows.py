"""Stored assessment rows ↔ :class:`AssessmentInput`, and checks before saving.

Kept apart from the service so the translation (flat lists, ``"item:level"`` strings, the
JSON-text ``sosek`` map) has one home that both saving and reading use.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from puskesos_desktop.domain.assessment_enums import MetodeAsesmen
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.fact_registry import sosek_problems
from puskesos_desktop.i18n import _
from puskesos_desktop.services.assessment_types import (
    HOUSEHOLD_FLAGS,
    HOUSEHOLD_LISTS,
    AssessmentInput,
    MemberInput,
    PpksInput,
    to_facts,
)
from puskesos_desktop.services.reference import (
    need_catalogue,
    ppks_catalogue,
    sosek_catalogue,
)
from puskesos_desktop.store.models import Asesmen, AsesmenOrang, AsesmenPpks

MEMBER_SCALARS = (
    "orang_uid",
    "nama",
    "umur",
    "hamil",
    "punya_akta_lahir",
    "punya_nisn",
    "yatim_piatu",
    "lansia_tinggal_sendiri",
    "penghasilan_bulanan",
    "jenis_kelamin",
    "status_sekolah",
    "jenjang_sekolah",
    "disabilitas",
)


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def asesmen_values(data: AssessmentInput) -> dict[str, Any]:
    """Column values of the ``asesmen`` row (score fields are added by the service)."""
    return {
        "keluarga_uid": data.keluarga_uid,
        "orang_uid": data.orang_uid,
        "layanan_uid": data.layanan_uid,
        "tanggal": data.tanggal,
        "petugas": data.petugas.strip(),
        "metode": data.metode,
        "kebutuhan": list(dict.fromkeys(data.kebutuhan)),
        "catatan_kebutuhan": data.catatan_kebutuhan.strip(),
        "sosek": json.dumps({k: v for k, v in sorted(data.sosek.items()) if v}, ensure_ascii=False),
        "luas_lantai": data.luas_lantai,
        "jumlah_anggota": data.jumlah_anggota,
        "desil": data.desil,
        "desil_diperiksa": data.desil_diperiksa,
        "pengamatan": data.pengamatan.strip(),
        "rekomendasi": data.rekomendasi.strip(),
        **{name: _list(getattr(data, name)) for name in HOUSEHOLD_LISTS},
        **{name: getattr(data, name) for name in HOUSEHOLD_FLAGS},
    }


def member_values(member: MemberInput, asesmen_uid: str, order: int) -> dict[str, Any]:
    return {
        "asesmen_uid": asesmen_uid,
        "urutan": order,
        **{name: getattr(member, name) for name in MEMBER_SCALARS},
        "nama": member.nama.strip(),
        "ragam_disabilitas": sorted(member.ragam_disabilitas),
        "kesulitan": [f"{item}:{level}" for item, level in sorted(member.kesulitan.items())],
        "penyakit_kronis": _list(member.penyakit_kronis),
        "jaminan_kesehatan": _list(member.jaminan_kesehatan),
        "program_diterima": sorted(member.program_diterima),
    }


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def member_from_row(row: AsesmenOrang) -> MemberInput:
    levels = {}
    for text in row.kesulitan:
        item, _sep, level = text.partition(":")
        levels[item] = int(level)
    return MemberInput(
        **{name: getattr(row, name) for name in MEMBER_SCALARS},
        ragam_disabilitas=tuple(row.ragam_disabilitas),
        kesulitan=levels,
        penyakit_kronis=_tuple(row.penyakit_kronis),
        jaminan_kesehatan=_tuple(row.jaminan_kesehatan),
        program_diterima=tuple(row.program_diterima),
    )


def input_from_rows(
    row: Asesmen, ppks: list[AsesmenPpks], members: list[AsesmenOrang]
) -> AssessmentInput:
    return AssessmentInput(
        keluarga_uid=row.keluarga_uid,
        tanggal=row.tanggal,
        petugas=row.petugas,
        metode=row.metode,
        orang_uid=row.orang_uid,
        layanan_uid=row.layanan_uid,
        ppks=tuple(PpksInput(p.kode, p.bukti, p.orang_uid) for p in ppks),
        kebutuhan=tuple(row.kebutuhan),
        catatan_kebutuhan=row.catatan_kebutuhan,
        sosek=json.loads(row.sosek or "{}"),
        luas_lantai=row.luas_lantai,
        jumlah_anggota=row.jumlah_anggota,
        desil=row.desil,
        desil_diperiksa=row.desil_diperiksa,
        anggota=tuple(member_from_row(m) for m in sorted(members, key=lambda m: m.urutan)),
        pengamatan=row.pengamatan,
        rekomendasi=row.rekomendasi,
        **{name: _tuple(getattr(row, name)) for name in HOUSEHOLD_LISTS},
        **{name: getattr(row, name) for name in HOUSEHOLD_FLAGS},
    )


def check_input(data: AssessmentInput, today: date) -> None:
    """Raise a :class:`UserError` saying what to fix; the form keeps what was typed."""
    problems: list[str] = []
    if not data.petugas.strip():
        problems.append(_("Nama petugas asesmen belum diisi."))
    if MetodeAsesmen.parse(data.metode) is None:
        problems.append(_("Pilih cara asesmen (kunjungan rumah, di kantor, atau telepon)."))
    if data.tanggal > today:
        problems.append(_("Tanggal asesmen tidak boleh di masa depan."))
    if data.desil_diperiksa and data.desil_diperiksa > today:
        problems.append(_("Tanggal pemeriksaan desil tidak boleh di masa depan."))
    unknown_ppks = sorted({p.kode for p in data.ppks} - ppks_catalogue().codes)
    if unknown_ppks:
        problems.append(
            _("Kode PPKS tidak dikenal: {codes}.").format(codes=", ".join(unknown_ppks))
        )
    needs = {domain.code for domain in need_catalogue().domains}
    unknown_needs = sorted(set(data.kebutuhan) - needs)
    if unknown_needs:
        problems.append(
            _("Kode kebutuhan tidak dikenal: {codes}.").format(codes=", ".join(unknown_needs))
        )
    for index, member in enumerate(data.anggota, start=1):
        if not member.nama.strip():
            problems.append(_("Nama anggota ke-{number} belum diisi.").format(number=index))
    try:
        facts = to_facts(data)
    except ValueError as error:
        problems.append(
            _("Isian tidak masuk akal: {error}. Periksa kembali angkanya.").format(error=error)
        )
    else:
        problems += sosek_problems(facts, sosek_catalogue().options_map())
    if problems:
        listed = "\n- ".join(problems)
        raise UserError(_("Asesmen belum dapat disimpan:\n- {problems}").format(problems=listed))
