"""Duplicate check before a person is saved, and the log of the operator's decisions.

Three ways a person may already be registered (issue 4, §3):

* the same NIK (duplicate NIKs exist in real life, so even this is a question, not a block);
* the same person in another household (a NIK or a name match whose KK differs);
* a fuzzy match: same birth date and a similar name (:func:`name_similarity` understands
  Moch./Muhammad, ch/kh, old spelling, token order), preferably in the same desa.

Blocking on the birth date keeps it fast (about 30 people share a birth date per million)
and is what stops two different "SITI AMINAH"s born on different days from being flagged.
When the birth date is unknown, the dates the NIK can encode are used instead. The check
only proposes; the operator decides, and :func:`record_decision` keeps the answer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from puskesos_desktop.domain.names import name_similarity, phonetic_tokens
from puskesos_desktop.domain.nik import is_temporary_nik, possible_birth_dates
from puskesos_desktop.domain.registry_enums import AlasanDuplikat, JenisKelamin, KeputusanDuplikat
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.registry_types import (
    DuplicateCandidate,
    OrangInput,
    format_address,
)
from puskesos_desktop.store import journal, queries
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import KeputusanDuplikat as KeputusanRow
from puskesos_desktop.store.models.base import utcnow

SIMILAR_NAME = 0.68
"""name_similarity at or above which two people born the same day are shown as candidates.

Tuned on pairs: "SOLICHIN" vs "MUHAMMAD SOLICHIN" scores 0.69 (same person, name part
missing); "SITI AMINAH" vs "SITI RAHMAH" 0.65 (different people sharing a common name).
"""
SIMILAR_NAME_OTHER_DESA = 0.85
"""Stricter when both desa are known and differ: the district database holds many villages."""
SIMILAR_NAME_OTHER_SEX = 0.99
"""Twins of different sex often get near-identical names (Nur Hidayah / Nur Hidayat)."""


@dataclass
class _Found:
    row: tuple
    score: float = 0.0
    reasons: list[AlasanDuplikat] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _desa(kode_wilayah: str | None) -> str:
    """A full village code (4 parts) or "" when unknown."""
    code = kode_wilayah or ""
    return code if code.count(".") == 3 else ""


def _contained(a: str, b: str) -> bool:
    """Every phonetic token of the shorter name is in the longer ("SOLICHIN" in
    "MUHAMMAD SOLICHIN"): a single name against the full one."""
    ta, tb = set(phonetic_tokens(a)), set(phonetic_tokens(b))
    shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return bool(shorter) and shorter <= longer


def find_candidates(
    connection: sqlite3.Connection,
    *,
    nik: str | None,
    nama: str,
    jenis_kelamin: str,
    tanggal_lahir: date | None,
    keluarga_uid: str | None,
    kode_wilayah: str,
    exclude_uid: str | None,
    today: date,
) -> tuple[DuplicateCandidate, ...]:
    """Candidates for one person's data, best first. Read-only; works inside a write
    transaction too (it then also sees rows added earlier in that transaction)."""
    found: dict[str, _Found] = {}
    if nik:
        for row in queries.persons_by_nik(connection, nik):
            hit = found.setdefault(row[0], _Found(row))
            hit.score = 1.0
            hit.reasons.append(AlasanDuplikat.NIK_SAMA)
            kind = "NIK sementara" if is_temporary_nik(nik) else "NIK"
            hit.notes.append(f"{kind} {nik} sudah dipakai oleh {row[2]}.")
    dates = [tanggal_lahir] if tanggal_lahir else (possible_birth_dates(nik, today) if nik else [])
    if dates and nama:
        my_desa = _desa(kode_wilayah)
        for row in queries.persons_born_on(connection, [d.isoformat() for d in dates]):
            _consider_fuzzy(found, row, nama, jenis_kelamin, my_desa)
    candidates = []
    for uid, hit in found.items():
        if uid == exclude_uid:
            continue
        other_kk = hit.row[5]
        if keluarga_uid and other_kk and other_kk != keluarga_uid:
            hit.reasons.append(AlasanDuplikat.KK_LAIN)
            hit.notes.append(
                f"{hit.row[2]} tercatat di KK lain ({hit.row[7] or 'tanpa No. KK'}). Jika orang "
                "yang sama, pindahkan anggota itu ke KK ini, jangan didaftarkan ulang."
            )
        candidates.append(_candidate(hit))
    return tuple(sorted(candidates, key=lambda c: (-c.skor, c.nama)))


def _consider_fuzzy(
    found: dict[str, _Found], row: tuple, nama: str, jenis_kelamin: str, my_desa: str
) -> None:
    other_desa = _desa(row[12])
    both_known = bool(my_desa and other_desa)
    same_desa = both_known and my_desa == other_desa
    threshold = SIMILAR_NAME if (same_desa or not both_known) else SIMILAR_NAME_OTHER_DESA
    if jenis_kelamin and row[3] and jenis_kelamin != row[3]:
        threshold = SIMILAR_NAME_OTHER_SEX
    score = name_similarity(nama, row[2])
    if score < threshold and not (threshold <= SIMILAR_NAME and _contained(nama, row[2])):
        return
    hit = found.setdefault(row[0], _Found(row))
    hit.score = max(hit.score, score)
    hit.reasons.append(AlasanDuplikat.NAMA_MIRIP)
    born = date.fromisoformat(row[4]) if isinstance(row[4], str) else row[4]
    hit.notes.append(
        f"Nama “{row[2]}” mirip (skor {score:.2f}) dan tanggal lahir sama ({born:%d-%m-%Y})."
    )
    if same_desa:
        hit.reasons.append(AlasanDuplikat.DESA_SAMA)


def _candidate(hit: _Found) -> DuplicateCandidate:
    (uid, nik, nama, sex, born, keluarga_uid, status, no_kk, alamat, rt, rw, dusun, region) = (
        hit.row[:13]
    )
    return DuplicateCandidate(
        uid=uid,
        nik=nik,
        nama=nama,
        jenis_kelamin=sex,
        tanggal_lahir=date.fromisoformat(born) if isinstance(born, str) else born,
        keluarga_uid=keluarga_uid,
        no_kk=no_kk,
        alamat=format_address(alamat or "", rt or "", rw or "", dusun or ""),
        kode_wilayah=region or "",
        status_dasar=status,
        skor=round(hit.score, 3),
        alasan=tuple(dict.fromkeys(hit.reasons)),
        keterangan=tuple(hit.notes),
    )


def record_decision(
    session: Session,
    actor: Actor,
    *,
    orang_uid: str,
    keputusan: KeputusanDuplikat,
    candidates: tuple[DuplicateCandidate, ...],
) -> str:
    """Journal the operator's answer with the candidates and reasons that were shown."""
    row = journal.create(
        session,
        actor,
        KeputusanRow(
            orang_uid=orang_uid,
            keputusan=keputusan.value,
            kandidat_uids=[c.uid for c in candidates],
            alasan=[f"{c.uid}:{'+'.join(r.value for r in c.alasan)}" for c in candidates],
            operator=actor.operator,
            diputuskan_pada=utcnow(),
        ),
    )
    return row.uid


@dataclass(frozen=True)
class DecisionView:
    uid: str
    orang_uid: str
    keputusan: str
    kandidat_uids: tuple[str, ...]
    operator: str
    diputuskan_pada: datetime


class DuplicateService:
    """Read side for forms: the candidates before saving, and past decisions."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def find(
        self,
        data: OrangInput,
        *,
        keluarga_uid: str | None = None,
        exclude_uid: str | None = None,
        today: date | None = None,
    ) -> tuple[DuplicateCandidate, ...]:
        from puskesos_desktop.domain.nik import clean_nik_input

        nik = clean_nik_input(data.nik)[0] if data.nik else None
        sex = JenisKelamin.parse(data.jenis_kelamin)
        with self._context.read_connection() as connection:
            region = ""
            if keluarga_uid:
                row = connection.execute(
                    "SELECT kode_wilayah FROM keluarga WHERE uid = ?", (keluarga_uid,)
                ).fetchone()
                region = row[0] if row else ""
            return find_candidates(
                connection,
                nik=nik,
                nama=data.nama,
                jenis_kelamin=sex.value if sex else "",
                tanggal_lahir=data.tanggal_lahir,
                keluarga_uid=keluarga_uid,
                kode_wilayah=region,
                exclude_uid=exclude_uid,
                today=today or date.today(),
            )

    def decisions_for(self, orang_uid: str) -> tuple[DecisionView, ...]:
        from sqlmodel import select

        with self._context.transaction() as session:
            rows = session.exec(
                select(KeputusanRow)
                .where(KeputusanRow.orang_uid == orang_uid, ~KeputusanRow.deleted)
                .order_by(KeputusanRow.diputuskan_pada)
            ).all()
            return tuple(
                DecisionView(
                    r.uid,
                    r.orang_uid,
                    r.keputusan,
                    tuple(r.kandidat_uids),
                    r.operator,
                    r.diputuskan_pada,
                )
                for r in rows
            )
