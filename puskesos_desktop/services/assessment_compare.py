"""What changed between two assessments of one household, in plain Indonesian lines.

Each assessment is first described as an ordered ``label → text`` map using the labels of
the reference files (so a changed option reads "Jenis lantai terluas: Tanah → Keramik", not
codes); the comparison is then a plain diff of two maps. Members are matched by their
registry uid (by name for members typed in by hand).
"""

from __future__ import annotations

from collections.abc import Iterable

from puskesos_desktop.domain.assessment_enums import MetodeAsesmen
from puskesos_desktop.domain.assessment_facts import TingkatKesulitan
from puskesos_desktop.domain.eligibility import format_rupiah
from puskesos_desktop.services.assessment_types import (
    AssessmentDetail,
    AssessmentInput,
    MemberInput,
)
from puskesos_desktop.services.reference import (
    need_catalogue,
    ppks_catalogue,
    programme_catalogue,
    score_weights,
    sosek_catalogue,
)

__all__ = ["band_label", "compare_inputs", "describe"]

_NONE = "(tidak diisi)"


def _yes_no(value: bool | None) -> str:
    return _NONE if value is None else ("ya" if value else "tidak")


def _labels(codes: Iterable[str] | None, variable: str) -> str:
    if codes is None:
        return _NONE
    found = sosek_catalogue().variable(variable)
    names = [found.label_of(c) if found else c for c in sorted(codes)]
    return ", ".join(names) if names else "tidak ada"


def _programmes(codes: Iterable[str] | None) -> str:
    if codes is None:
        return _NONE
    names = {p.code: p.name for p in programme_catalogue().programmes}
    return ", ".join(names.get(c, c) for c in sorted(codes)) or "tidak ada"


def _number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return _NONE
    text = f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
    return f"{text}{unit}"


def _household(data: AssessmentInput) -> dict[str, str]:
    sosek = sosek_catalogue()
    ppks = {c.code: c.name for c in ppks_catalogue().categories}
    needs = {d.code: d.label for d in need_catalogue().domains}
    method = MetodeAsesmen.parse(data.metode)
    described: dict[str, str] = {
        "Cara asesmen": method.label if method else data.metode,
        "Kategori PPKS": "; ".join(
            f"{ppks.get(p.kode, p.kode)} ({p.kode})" + (f": {p.bukti}" if p.bukti else "")
            for p in data.ppks
        )
        or "tidak ada",
        "Kebutuhan": ", ".join(needs.get(c, c) for c in data.kebutuhan) or "tidak ada",
        "Desil DTSEN": _number(data.desil),
        "Luas lantai": _number(data.luas_lantai, " m²"),
        "Jumlah anggota": _number(data.jumlah_anggota),
    }
    for variable in sosek.variables:
        if variable.level != "keluarga":
            continue
        if variable.multiple:
            described[variable.label] = _labels(getattr(data, variable.code, None), variable.code)
        else:
            code = data.sosek.get(variable.code, "")
            described[variable.label] = variable.label_of(code) if code else _NONE
    described["Memiliki kartu KKS"] = _yes_no(data.punya_kks)
    described["Pernah menerima bantuan perumahan"] = _yes_no(data.pernah_bantuan_rumah)
    described["Kehilangan mata pencaharian"] = _yes_no(data.kehilangan_mata_pencaharian)
    described["Program bantuan yang diterima"] = _programmes(data.program_diterima)
    described["Rekomendasi"] = data.rekomendasi or _NONE
    return described


def _member(member: MemberInput) -> dict[str, str]:
    sosek = sosek_catalogue()
    scale = {int(step.code): step.label for step in sosek.difficulty_scale}
    described = {
        "umur": _number(member.umur, " tahun"),
        "hamil/nifas": _yes_no(member.hamil),
        "status sekolah": member.status_sekolah.replace("_", " ") or _NONE,
        "jenjang sekolah": member.jenjang_sekolah or _NONE,
        "akta kelahiran": _yes_no(member.punya_akta_lahir),
        "tingkat disabilitas": member.disabilitas or _NONE,
        "penyakit kronis": _labels(member.penyakit_kronis, "penyakit_kronis"),
        "jaminan kesehatan": _labels(member.jaminan_kesehatan, "jaminan_kesehatan"),
        "lansia tinggal sendiri": _yes_no(member.lansia_tinggal_sendiri),
        "penghasilan per bulan": _NONE
        if member.penghasilan_bulanan is None
        else format_rupiah(member.penghasilan_bulanan),
        "program yang diterima": _programmes(member.program_diterima or None),
    }
    for item in sosek.difficulty_items:
        level = member.kesulitan.get(item.code)
        described[f"kesulitan {item.label.lower()}"] = (
            _NONE if level is None else scale.get(int(TingkatKesulitan(level)), str(level))
        )
    return described


def band_label(code: str) -> str:
    """``SANGAT_PRIORITAS`` → ``sangat prioritas`` (the stored band code, readable)."""
    return next((band.label for band in score_weights().bands if band.code == code), code)


def describe(detail: AssessmentDetail) -> dict[str, str]:
    """Ordered ``label → text`` of one assessment (score first, then house, then members)."""
    summary = detail.summary
    described = {"Skor prioritas": f"{summary.skor} ({band_label(summary.kategori_skor)})"}
    described |= _household(detail.data)
    for member in detail.data.anggota:
        for label, text in _member(member).items():
            described[f"{member.nama}: {label}"] = text
    return described


def _member_keys(data: AssessmentInput) -> dict[str, str]:
    return {m.orang_uid or f"nama:{m.nama.lower()}": m.nama for m in data.anggota}


def compare_inputs(first: AssessmentDetail, second: AssessmentDetail) -> list[str]:
    """Lines such as ``Jenis lantai terluas: Tanah → Keramik``; empty when nothing changed."""
    lines: list[str] = []
    old_members, new_members = _member_keys(first.data), _member_keys(second.data)
    for key, name in new_members.items():
        if key not in old_members:
            lines.append(f"Anggota baru dinilai: {name}")
    for key, name in old_members.items():
        if key not in new_members:
            lines.append(f"Anggota tidak dinilai lagi: {name}")
    gone = {old_members[k] for k in old_members.keys() - new_members.keys()}
    added = {new_members[k] for k in new_members.keys() - old_members.keys()}
    before, after = describe(first), describe(second)
    for label, new_text in after.items():
        owner = label.split(": ", 1)[0]
        if owner in added:
            continue
        old_text = before.get(label, _NONE)
        if old_text != new_text:
            lines.append(f"{label}: {old_text} → {new_text}")
    for label in before.keys() - after.keys():
        if label.split(": ", 1)[0] not in gone:
            lines.append(f"{label}: {before[label]} → {_NONE}")
    return lines
