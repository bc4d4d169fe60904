"""The data-subject JSON document turned into readable sections for the PDF copy.

Built from the JSON (:mod:`puskesos_desktop.services.subject_data`), never from the database
again, so the paper copy and the file hold the same facts. Codes become their Indonesian
labels and dates are written out ("12 November 2026"), because the reader is the resident.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from puskesos_desktop.domain import registry_enums as enums
from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.domain.privacy import AlasanPenghapusan, CaraPersetujuan, JenisPersetujuan
from puskesos_desktop.domain.referral_state import LABELS, StatusRujukan
from puskesos_desktop.letters.data_subject import Section

Record = tuple[tuple[str, str], ...]

_PERSON: tuple[tuple[str, str, type[enums.Choice] | None], ...] = (
    ("nama", "Nama", None),
    ("nik", "NIK", None),
    ("alasan_tanpa_nik", "Alasan tanpa NIK", enums.AlasanTanpaNik),
    ("jenis_kelamin", "Jenis kelamin", enums.JenisKelamin),
    ("tempat_lahir", "Tempat lahir", None),
    ("tanggal_lahir", "Tanggal lahir", None),
    ("hubungan", "Hubungan dalam keluarga", enums.HubunganKeluarga),
    ("status_kawin", "Status perkawinan", enums.StatusKawin),
    ("agama", "Agama", enums.Agama),
    ("pendidikan", "Pendidikan", enums.Pendidikan),
    ("pekerjaan", "Pekerjaan", None),
    ("disabilitas", "Disabilitas", enums.JenisDisabilitas),
    ("disabilitas_derajat", "Derajat disabilitas", enums.DerajatDisabilitas),
    ("penyakit_kronis", "Penyakit kronis", None),
    ("telepon", "Telepon", None),
    ("status_domisili", "Status domisili", enums.StatusDomisili),
    ("status_dasar", "Status", enums.StatusDasar),
)


def text(value: Any, choice: type[enums.Choice] | None = None) -> str:
    """A JSON value as a reader wants it: labels for codes, written-out dates, "Ya"/"Tidak"."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, list):
        return ", ".join(text(item, choice) for item in value)
    if choice is not None:
        member = choice.parse(value)
        return member.label if member else str(value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        day = format_date(date(moment.year, moment.month, moment.day))
        return day if len(value) == 10 else f"{day}, {moment.astimezone():%H.%M}"
    return str(value)


def _identity(data: dict) -> Record:
    person = data["orang"]
    return tuple((label, text(person.get(key), choice)) for key, label, choice in _PERSON)


def _household(data: dict) -> tuple[Record, ...]:
    household = data["keluarga"]
    if household is None:
        return ()
    record: Record = (
        ("No. KK", text(household["no_kk"])),
        ("Alamat", text(household["alamat"])),
        ("RT / RW", f"{household['rt'] or '-'} / {household['rw'] or '-'}"),
        ("Dusun", text(household["dusun"])),
        ("Kode wilayah", text(household["kode_wilayah"])),
        ("Desil DTSEN", text(household["desil"])),
        ("Desil diperiksa", text(household["desil_diperiksa"])),
    )
    changes = tuple(
        (("Perubahan No. KK", f"{text(c['no_kk_lama'])} → {text(c['no_kk_baru'])}"),
         ("Tanggal", text(c["tanggal"])),
         ("Alasan", text(c["alasan"], enums.AlasanPerubahanKK)))
        for c in household["riwayat_kk"]
    )
    return (record, *changes)


def _consents(data: dict) -> tuple[Record, ...]:
    return tuple(
        (("Jenis", text(c["jenis"], JenisPersetujuan)), ("Untuk", text(c["tujuan"])),
         ("Keputusan", "Diberikan" if c["diberikan"] else "Ditarik"),
         ("Tanggal", text(c["tanggal"])), ("Oleh", text(c["pemberi"], enums.PemberiPersetujuan)),
         ("Cara", text(c["cara"], CaraPersetujuan)), ("Dicatat oleh", text(c["dicatat_oleh"])))
        for c in data["persetujuan"]
    )


def _intakes(data: dict) -> tuple[Record, ...]:
    return tuple(
        (("Waktu", text(i["waktu"])), ("Saluran", text(i["saluran"], enums.SaluranLayanan)),
         ("Uraian", text(i["uraian"])), ("Kebutuhan", text(i["kebutuhan"])),
         ("Urgensi", text(i["urgensi"], enums.Urgensi)), ("Dicatat oleh", text(i["operator"])))
        for i in data["layanan_masuk"]
    )


def _assessments(data: dict) -> tuple[Record, ...]:
    records = []
    for a in data["asesmen"]:
        ppks = ", ".join(f["kode"] for f in a["ppks"]) or "-"
        records.append((
            ("Tanggal", text(a["tanggal"])), ("Petugas", text(a["petugas"])),
            ("Kebutuhan", text(a["kebutuhan"])), ("Kategori PPKS", ppks),
            ("Program diterima", text(a["program_diterima"])),
            ("Skor prioritas", f"{a['skor']} ({text(a['kategori_skor'])})"),
            ("Pengamatan", text(a["pengamatan"])), ("Rekomendasi", text(a["rekomendasi"])),
        ))
    return tuple(records)


def _status(code: str) -> str:
    try:
        return LABELS[StatusRujukan(code)]
    except ValueError:
        return code or "-"


def _referrals(data: dict) -> tuple[Record, ...]:
    records = []
    for r in data["rujukan"]:
        letters = "; ".join(f"{s['nomor']} ({text(s['tanggal'])}, {s['status']})"
                            for s in r["surat"]) or "-"
        records.append((
            ("Dibuat", text(r["dibuat"])), ("Lembaga tujuan", text(r["lembaga"])),
            ("Perihal", text(r["perihal"])), ("Alasan", text(r["alasan"])),
            ("Layanan dimohon", text(r["layanan_diminta"])),
            ("Status", f"{_status(r['status'])} sejak {text(r['status_tanggal'])}"),
            ("Setuju data dibagikan", text(r["setuju_dibagikan"])), ("Surat", letters),
        ))
    return tuple(records)


def _erasures(data: dict) -> tuple[Record, ...]:
    return tuple(
        (("Alasan", text(e["alasan"], AlasanPenghapusan)), ("Tanggal", text(e["tanggal"])),
         ("Oleh", text(e["oleh"])))
        for e in data["penghapusan"]
    )


def sections(data: dict) -> tuple[Section, ...]:
    """Every kind of record gets its section, even when empty ("Tidak ada data." tells the
    reader nothing is held); erasures only once there was one."""
    parts = [
        Section("1. Identitas", (_identity(data),)),
        Section("2. Keluarga dan alamat", _household(data),
                "Belum tercatat dalam keluarga (KK) mana pun."),
        Section("3. Persetujuan", _consents(data)),
        Section("4. Layanan masuk (permohonan dan pengaduan)", _intakes(data)),
        Section("5. Asesmen", _assessments(data)),
        Section("6. Rujukan", _referrals(data)),
    ]
    if data["penghapusan"]:
        parts.append(Section("7. Penghapusan data", _erasures(data)))
    return tuple(parts)
