"""The list behind a row of a recap table (Laporan: double-click or Enter on a row).

Each :class:`Baris` carries a stable key (``SALURAN:WA``, ``PPKS:LUT``, ``JENIS:PUSKESMAS``…);
this module is the one mapping from such a key to the records the row counts, under the
same conditions as the figure: the same period helper, the same "first sent" date of a
referral, the same SPM mapping, the same desks in district mode (``resolve_scope``). So a
row that says 3 opens a list of 3, and a test holds every mapped row to that.

District rows (``DESK:``, ``KECAMATAN:``) are not lists of people: the screen narrows the
recap to that village or kecamatan instead (:data:`NARROWING_KINDS`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, select
from sqlmodel import Session

from puskesos_desktop.domain.assessment_enums import HasilVerivali
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.registry_enums import AlasanTanpaNik, JenisKelamin, SaluranLayanan
from puskesos_desktop.i18n import _
from puskesos_desktop.services.lembaga import JenisLembaga
from puskesos_desktop.services.reference import need_catalogue, ppks_catalogue, spm_catalogue
from puskesos_desktop.services.reports_daftar import (
    Daftar,
    _day,
    _head_name,
    _intakes,
    _label,
    _referrals,
    _rows,
    _verivali,
    _without_nik,
)
from puskesos_desktop.services.reports_district import Scope, resolve_scope
from puskesos_desktop.services.reports_people import assessed_people
from puskesos_desktop.services.reports_sql import json_items, on_days
from puskesos_desktop.services.reports_types import RekapFilter
from puskesos_desktop.store.models import (
    Asesmen,
    AsesmenPpks,
    Keluarga,
    LayananMasuk,
    Lembaga,
    Orang,
    Rujukan,
    Verivali,
)

__all__ = ["LIST_KINDS", "NARROWING_KINDS", "opens_list", "row_daftar"]

LIST_KINDS = frozenset(
    {"SALURAN", "KEBUTUHAN", "PPKS", "SPM", "JENIS", "VERIVALI", "TANPA_NIK"}
)
"""Key prefixes whose row opens a list of the records it counts."""
NARROWING_KINDS = frozenset({"DESK", "KECAMATAN"})
"""District rows: the screen shows the recap of that village / kecamatan instead."""


def opens_list(kunci: str) -> bool:
    return kunci.partition(":")[0] in LIST_KINDS


def _persons(session: Session, scope: Scope, codes: list[str], sex: str, title: str) -> Daftar:
    """Distinct persons with a PPKS among ``codes`` in a FINAL assessment of the period,
    then the household-level findings (no member named), as the PPKS table counts them."""
    person, condition = assessed_people(scope)
    base = (
        select()
        .select_from(AsesmenPpks)
        .join(Asesmen, Asesmen.uid == AsesmenPpks.asesmen_uid)
        .where(condition, AsesmenPpks.kode.in_(codes))
    )
    people = (
        base.add_columns(
            Orang.nama,
            Orang.nik,
            Orang.jenis_kelamin,
            Orang.tanggal_lahir,
            func.max(Asesmen.tanggal),
        )
        .join(Orang, Orang.uid == person)
        .group_by(Orang.uid, Orang.nama, Orang.nik, Orang.jenis_kelamin, Orang.tanggal_lahir)
        .order_by(Orang.nama)
    )
    if sex:
        people = people.where(Orang.jenis_kelamin == sex)
    found, cut = _rows(session, people)
    rows = [
        (name, nik or "", _label(JenisKelamin, jk), _day(born), _day(last))
        for name, nik, jk, born, last in found
    ]
    if not sex:  # the SPM rows are by sex, so they never count household-level findings
        families = (
            base.add_columns(_head_name(), Keluarga.no_kk, func.max(Asesmen.tanggal))
            .join(Keluarga, Keluarga.uid == Asesmen.keluarga_uid)
            .where(person.is_(None))
            .group_by(Keluarga.uid, Keluarga.no_kk)
            .order_by(Keluarga.no_kk)
        )
        more, cut_more = _rows(session, families)
        cut = cut or cut_more
        rows += [
            (_("Keluarga {nama}").format(nama=head or "-"), _("KK {nomor}").format(nomor=kk or "-"),
             "", "", _day(last))
            for head, kk, last in more
        ]
    return Daftar(
        title,
        (_("Nama"), _("NIK"), _("Jenis kelamin"), _("Tanggal lahir"), _("Asesmen terakhir")),
        tuple(rows),
        cut,
    )


def _spm_codes(group: str, include_judgement: bool) -> tuple[str, list[str]]:
    for item in spm_catalogue().groups:
        if item.code == group:
            codes = [m.ppks_code for m in item.members if include_judgement or not m.judgement]
            return item.name, codes
    raise UserError(_("Layanan SPM {kode} tidak dikenal.").format(kode=group))


def _verivali_row(session: Session, scope: Scope, code: str, title: str) -> Daftar:
    periode = scope.periode
    visited = (Verivali.hasil != "", on_days(Verivali.tanggal_kunjungan, periode))
    own = scope.where(Verivali)
    if code == "DITANDAI":
        return _verivali(session, periode, done=False, title=title,
                         where=(on_days(Verivali.ditandai_pada, periode), *own))
    if code == "TERBUKA":  # marked before the end and not visited by then
        end = periode.end_exclusive
        still_open = (Verivali.hasil == "") | (Verivali.tanggal_kunjungan >= end)
        return _verivali(session, periode, done=False, title=title,
                         where=(Verivali.ditandai_pada < end, still_open, *own))
    if code != "DIKUNJUNGI":
        visited += (Verivali.hasil == code,)
    return _verivali(session, periode, done=True, title=title, where=(*visited, *own))


def row_daftar(session: Session, chosen: RekapFilter, kunci: str) -> Daftar:
    """The records behind the recap row ``kunci`` of the recap ``chosen``."""
    kind, _sep, code = kunci.partition(":")
    scope = resolve_scope(session, chosen)
    periode = chosen.periode
    when = periode.label
    if kind == "SALURAN":
        title = _("Layanan masuk lewat {saluran} — {periode}").format(
            saluran=_label(SaluranLayanan, code), periode=when)
        return _intakes(session, periode, title=title,
                        where=(LayananMasuk.saluran == code, *scope.where(LayananMasuk)))
    if kind == "KEBUTUHAN":
        labels = {d.code: d.label for d in need_catalogue().domains}
        item: Any = json_items(session, LayananMasuk.kebutuhan)
        has_need = exists(select(item.c.value).where(item.c.value == code))
        title = _("Layanan masuk dengan kebutuhan {kebutuhan} — {periode}").format(
            kebutuhan=labels.get(code, code), periode=when)
        return _intakes(session, periode, title=title,
                        where=(has_need, *scope.where(LayananMasuk)))
    if kind == "PPKS":
        names = {c.code: c.name for c in ppks_catalogue().categories}
        title = _("PPKS {kode} ({nama}) — {periode}").format(
            kode=code, nama=names.get(code, code), periode=when)
        return _persons(session, scope, [code], "", title)
    if kind == "SPM":
        group, _sep, sex = code.partition(":")
        name, codes = _spm_codes(group, chosen.spm_pertimbangan)
        title = _("Layanan SPM {layanan}, {jk} — {periode}").format(
            layanan=name, jk=_label(JenisKelamin, sex), periode=when)
        return _persons(session, scope, codes, sex, title)
    if kind == "JENIS":
        title = _("Rujukan ke {jenis} — {periode}").format(
            jenis=_label(JenisLembaga, code), periode=when)
        return _referrals(session, periode, outcome=False, title=title,
                          where=(Lembaga.jenis == code, *scope.where(Rujukan)))
    if kind == "VERIVALI":
        labels = {"DITANDAI": _("ditandai"), "DIKUNJUNGI": _("dikunjungi"),
                  "TERBUKA": _("belum dikunjungi pada akhir periode")}
        title = _("Verivali {keadaan} — {periode}").format(
            keadaan=labels.get(code) or _label(HasilVerivali, code).lower(), periode=when)
        return _verivali_row(session, scope, code, title)
    if kind == "TANPA_NIK":
        reason = (Orang.alasan_tanpa_nik == code) if code else (
            Orang.alasan_tanpa_nik.is_(None) | (Orang.alasan_tanpa_nik == ""))
        title = _("Penduduk tanpa NIK: {alasan}").format(
            alasan=_label(AlasanTanpaNik, code) if code else _("alasan belum diisi"))
        return _without_nik(session, title=title, where=(reason, *scope.where(Orang)))
    raise UserError(_("Baris ini tidak mempunyai daftar rincian."))
