"""Form validation of households and persons: cleaned column values plus findings.

The NIK/No. KK rules themselves live in :mod:`puskesos_desktop.domain.nik`; this module
applies them to a whole form (with the person's own birth date and sex, so the NIK's date
and sex parts are compared) and adds the field rules around them. No database access, so
forms can call it on every keystroke and the list importer on every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from puskesos_desktop.domain.nik import (
    Finding,
    Severity,
    check_nik,
    check_no_kk,
    clean_nik_input,
    clean_no_kk_input,
)
from puskesos_desktop.domain.registry_enums import (
    Agama,
    AlasanTanpaNik,
    Choice,
    DerajatDisabilitas,
    HubunganKeluarga,
    JenisDisabilitas,
    JenisKelamin,
    Pendidikan,
    StatusDomisili,
    StatusKawin,
)
from puskesos_desktop.domain.wilayah import is_valid_code
from puskesos_desktop.services.registry_types import FieldFinding, KeluargaData, OrangInput

KnownRegion = Callable[[str], bool]

OLDEST_AGE = 115
_PHONE_NOISE = re.compile(r"[\s\-./()]")
_SPACES = re.compile(r"\s+")

_CHOICE_FIELDS: tuple[tuple[str, type[Choice], str], ...] = (
    ("hubungan", HubunganKeluarga, "Hubungan dalam keluarga"),
    ("status_kawin", StatusKawin, "Status perkawinan"),
    ("agama", Agama, "Agama"),
    ("pendidikan", Pendidikan, "Pendidikan"),
    ("status_domisili", StatusDomisili, "Status domisili"),
    ("disabilitas", JenisDisabilitas, "Jenis disabilitas"),
    ("disabilitas_derajat", DerajatDisabilitas, "Tingkat disabilitas"),
)
_TEXT_LIMITS = {"tempat_lahir": 60, "pekerjaan": 60, "penyakit_kronis": 100}


def error(field: str, code: str, message: str) -> FieldFinding:
    return FieldFinding(field, code, Severity.ERROR, message)


def warning(field: str, code: str, message: str) -> FieldFinding:
    return FieldFinding(field, code, Severity.WARNING, message)


def _from_domain(field: str, findings: list[Finding]) -> list[FieldFinding]:
    return [FieldFinding(field, f.code, f.severity, f.message) for f in findings]


def clean_text(value: str) -> str:
    """Trim and collapse inner whitespace (pasted text often carries tabs and double spaces)."""
    return _SPACES.sub(" ", value or "").strip()


def parse_choice(
    value: str, choice: type[Choice], label: str, field: str
) -> tuple[str, list[FieldFinding]]:
    """Code of a choice field ("" stays ""), or an error naming the accepted values."""
    text = clean_text(value)
    if not text:
        return "", []
    member = choice.parse(text)
    if member is None:
        return text, [
            error(
                field,
                "PILIHAN_TIDAK_DIKENAL",
                f"{label} “{text}” tidak dikenal. Pilih salah satu: {choice.accepted_text()}.",
            )
        ]
    return member.value, []


def clean_phone(value: str, field: str = "telepon") -> tuple[str, list[FieldFinding]]:
    text = _PHONE_NOISE.sub("", value or "")
    if not text:
        return "", []
    digits = text[1:] if text.startswith("+") else text
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 15:
        return text, [
            error(
                field,
                "TELEPON_SALAH",
                f"Nomor telepon “{value.strip()}” tidak sah: isi 8–15 angka, misalnya "
                "081234567890 atau +6281234567890.",
            )
        ]
    return text, []


def check_person(
    data: OrangInput,
    *,
    today: date,
    known_region: KnownRegion | None,
    prefix: str = "",
) -> tuple[dict[str, Any], list[FieldFinding]]:
    """Column values for ``Orang`` (NIK cleaned, choices as codes) and all findings.

    ``nik`` is None in the values when the person has none; the caller then issues a
    temporary NIK (``alasan_tanpa_nik`` is guaranteed valid if no ERROR is returned).
    ``prefix`` is put before field names, e.g. ``"anggota[1]."``.
    """
    findings: list[FieldFinding] = []
    values: dict[str, Any] = {}
    nama = clean_text(data.nama)
    if not nama:
        findings.append(error(f"{prefix}nama", "NAMA_KOSONG", "Nama belum diisi."))
    elif len(nama) > 100:
        findings.append(
            error(f"{prefix}nama", "NAMA_PANJANG", "Nama terlalu panjang (lebih dari 100 huruf).")
        )
    elif nama[0] in "=+-@":
        findings.append(
            error(
                f"{prefix}nama",
                "NAMA_TANDA_AWAL",
                f"Nama “{nama[:30]}” diawali tanda {nama[0]}. Nama harus diawali huruf.",
            )
        )
    elif not any(c.isalpha() for c in nama):
        findings.append(
            error(f"{prefix}nama", "NAMA_TANPA_HURUF", f"Nama “{nama}” tidak berisi huruf.")
        )
    elif any(c.isdigit() for c in nama):
        findings.append(
            warning(
                f"{prefix}nama",
                "NAMA_BERANGKA",
                f"Nama “{nama}” berisi angka. Periksa apakah NIK atau nomor lain ikut terketik.",
            )
        )
    values["nama"] = nama

    sex = JenisKelamin.parse(clean_text(data.jenis_kelamin))
    if sex is None:
        findings.append(
            error(
                f"{prefix}jenis_kelamin",
                "JENIS_KELAMIN_KOSONG" if not data.jenis_kelamin.strip() else "JENIS_KELAMIN_SALAH",
                "Jenis kelamin harus diisi: Laki-laki (L) atau Perempuan (P).",
            )
        )
    values["jenis_kelamin"] = sex.value if sex else ""

    born = data.tanggal_lahir
    if born is not None and born > today:
        findings.append(
            error(
                f"{prefix}tanggal_lahir",
                "LAHIR_MASA_DEPAN",
                f"Tanggal lahir {born:%d-%m-%Y} belum terjadi. Periksa tahun lahirnya.",
            )
        )
    elif born is not None and (today.year - born.year) > OLDEST_AGE:
        findings.append(
            warning(
                f"{prefix}tanggal_lahir",
                "UMUR_TIDAK_WAJAR",
                f"Menurut tanggal lahir {born:%d-%m-%Y}, umurnya lebih dari {OLDEST_AGE} tahun. "
                "Periksa tahun lahirnya.",
            )
        )
    values["tanggal_lahir"] = born

    findings += _check_person_nik(data, values, sex, known_region, prefix)

    for name, choice, label in _CHOICE_FIELDS:
        values[name], problems = parse_choice(getattr(data, name), choice, label, prefix + name)
        findings += problems
    if values["disabilitas_derajat"] and not values["disabilitas"]:
        findings.append(
            error(
                f"{prefix}disabilitas",
                "DISABILITAS_TANPA_JENIS",
                "Tingkat disabilitas diisi tetapi jenis disabilitasnya belum. Pilih jenisnya.",
            )
        )
    findings += _check_relation_sex(values, prefix)
    for name, limit in _TEXT_LIMITS.items():
        values[name] = clean_text(getattr(data, name))[:limit]
    values["telepon"], problems = clean_phone(data.telepon, f"{prefix}telepon")
    findings += problems
    return values, findings


def _check_person_nik(
    data: OrangInput,
    values: dict[str, Any],
    sex: JenisKelamin | None,
    known_region: KnownRegion | None,
    prefix: str,
) -> list[FieldFinding]:
    field = f"{prefix}nik"
    raw = (data.nik or "").strip()
    if not raw:
        values["nik"] = None
        reason = AlasanTanpaNik.parse(clean_text(data.alasan_tanpa_nik))
        values["alasan_tanpa_nik"] = reason.value if reason else ""
        if reason is None:
            return [
                error(
                    field,
                    "NIK_KOSONG",
                    "NIK belum diisi. Ketik 16 angka NIK sesuai KTP atau Kartu Keluarga. Jika "
                    "warga belum punya NIK, pilih alasannya; aplikasi akan membuatkan NIK "
                    "sementara dan menandainya untuk diurus ke Dukcapil.",
                )
            ]
        return []
    nik, problems = clean_nik_input(raw)
    values["nik"], values["alasan_tanpa_nik"] = nik, ""
    if problems:
        return _from_domain(field, problems)
    return _from_domain(
        field,
        check_nik(
            nik,
            known_region=known_region,
            birth_date=data.tanggal_lahir,
            sex=sex.value if sex else None,
        ),
    )


def _check_relation_sex(values: dict[str, Any], prefix: str) -> list[FieldFinding]:
    expected = {HubunganKeluarga.ISTRI.value: "P", HubunganKeluarga.SUAMI.value: "L"}
    wanted = expected.get(values["hubungan"])
    if wanted and values["jenis_kelamin"] and values["jenis_kelamin"] != wanted:
        relation = HubunganKeluarga(values["hubungan"]).label.lower()
        return [
            warning(
                f"{prefix}jenis_kelamin",
                "JENIS_KELAMIN_HUBUNGAN",
                f"Hubungan “{relation}” tidak cocok dengan jenis kelamin yang dipilih. Periksa "
                "kembali hubungan dan jenis kelaminnya.",
            )
        ]
    return []


def check_household(
    data: KeluargaData,
    *,
    known_region: KnownRegion | None,
    known_village: Callable[[str], bool] | None,
    default_region: str,
) -> tuple[dict[str, Any], list[FieldFinding]]:
    """Column values for ``Keluarga`` and findings (No. KK rules, RT/RW, region, desil)."""
    findings: list[FieldFinding] = []
    values: dict[str, Any] = {}
    raw_kk = (data.no_kk or "").strip()
    if raw_kk:
        no_kk, problems = clean_no_kk_input(raw_kk)
        if not problems:
            problems = check_no_kk(no_kk, known_region=known_region)
        findings += _from_domain("no_kk", problems)
        values["no_kk"] = no_kk
    else:
        values["no_kk"] = None
    values["alamat"] = clean_text(data.alamat)[:250]
    values["dusun"] = clean_text(data.dusun)[:60]
    for name in ("rt", "rw"):
        text = clean_text(getattr(data, name))
        if text and not (text.isascii() and text.isdigit() and len(text) <= 3):
            findings.append(
                error(
                    name, f"{name.upper()}_SALAH", f"{name.upper()} harus angka, paling banyak 3."
                )
            )
            values[name] = text[:3]
        else:
            values[name] = text.zfill(3) if text else ""
    region = clean_text(data.kode_wilayah) or default_region
    values["kode_wilayah"] = region
    if region and not is_valid_code(region):
        findings.append(
            error(
                "kode_wilayah",
                "WILAYAH_SALAH",
                f"Kode wilayah “{region}” tidak sah; tulis seperti 33.20.01.2001.",
            )
        )
    elif region and known_village is not None and not known_village(region):
        findings.append(
            warning(
                "kode_wilayah",
                "WILAYAH_TIDAK_DIKENAL",
                f"Kode wilayah {region} tidak ada dalam daftar wilayah aplikasi. Pastikan "
                "kodenya benar.",
            )
        )
    values["desil"], values["desil_diperiksa"] = data.desil, data.desil_diperiksa
    if data.desil is not None and not 1 <= data.desil <= 10:
        findings.append(error("desil", "DESIL_SALAH", "Desil DTSEN harus antara 1 dan 10."))
    if data.desil is not None and data.desil_diperiksa is None:
        findings.append(
            error(
                "desil_diperiksa",
                "DESIL_TANPA_TANGGAL",
                "Isi tanggal desil DTSEN diperiksa: desil berubah tiap pemutakhiran.",
            )
        )
    return values, findings


def split(
    findings: list[FieldFinding],
) -> tuple[tuple[FieldFinding, ...], tuple[FieldFinding, ...]]:
    """(errors, warnings)."""
    return (
        tuple(f for f in findings if f.is_error),
        tuple(f for f in findings if not f.is_error),
    )
