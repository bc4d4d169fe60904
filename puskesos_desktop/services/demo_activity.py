"""A year of work at the demo desk: intakes, visits, referrals, letters and verivali.

So that a newcomer's Beranda, its 12-month chart, Laporan, Rujukan and Asesmen show a
working village desk rather than zeros. Everything is written through the same service
calls the screens use, so the change journal, the consent ledger and the audit chain hold
every record exactly as if an operator had typed it.

Backdating uses what the services already offer: the ``today`` clock that the assessment,
referral, letter and verivali services take (the demo moves one clock along the year), and
the intake's own ``waktu`` and consent date. Only the bookkeeping stamps (``created_at``,
journal and audit times) say "now": the records really were entered now.

Speed: :mod:`services.demo_batch` hands every service call the same open session, so the
year commits once and rolls back as a whole if anything fails. Deterministic: one
``random.Random(seed)`` over people sorted by NIK, so the same day gives the same figures
(letter numbers and return codes are the services' own and stay unique).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from puskesos_desktop.domain.referral_state import StatusRujukan
from puskesos_desktop.reports.model import Periode
from puskesos_desktop.services import demo_cases as cases
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.demo_batch import Clock, batched, rows_kept
from puskesos_desktop.services.demo_visit import (
    FITS,
    Resident,
    residents,
    verivali_rounds,
    visit_form,
)
from puskesos_desktop.services.desk_keys import desk_keys
from puskesos_desktop.services.referral_types import (
    HASIL_LEMBAR_BALIK,
    ReferralInput,
    ReturnSlip,
    StatusChange,
)

MONTHS = 12
LETTER_DAYS = 60
"""Referrals of the last two months get a printed, numbered letter. Letters are the
costliest part of the demo (unlocking the signing key once, ~1.5 s of scrypt, then ~0.1 s
of PDF per letter), so older referrals are recorded as handed over in person."""
DRAFT_DAYS = 4
"""Formal referrals of the last days are still drafts: a newcomer can print their letter."""
FORMAL = frozenset({"DINSOS", "PUSKESMAS", "RUMAH_SAKIT", "DUKCAPIL", "BPJS", "PPA"})
"""Services that want a numbered letter; the others are told in person or by WhatsApp."""
_PARENTS = ("KEPALA", "ISTRI")
_NEEDS_REASON = frozenset(
    {StatusRujukan.DITOLAK, StatusRujukan.TIDAK_MEMENUHI_SYARAT, StatusRujukan.DIBATALKAN}
)


@dataclass(frozen=True)
class ActivitySummary:
    intakes: int
    assessments: int
    referrals: int
    letters: int
    verivali: int


@dataclass
class _Case:
    kind: cases.CaseKind
    person: Resident
    waktu: datetime
    tujuan: str
    uraian: str = ""
    urgensi: str = "BIASA"
    intake_uid: str = ""
    asesmen_uid: str | None = None
    rujukan_uid: str = ""
    letter: bool = False
    data: dict[str, Any] = field(default_factory=dict)


class DemoActivity:
    """Plans the year with one seeded random generator, then plays it day by day."""

    def __init__(self, context: ServiceContext, *, today: date, seed: int = 2) -> None:
        self._context = context
        self._today = today
        self._rnd = random.Random(seed)
        self._clock = Clock(today)
        self._events: list[tuple[date, int, Callable[[], None]]] = []
        self._counts = dict.fromkeys(("intakes", "assessments", "referrals", "letters"), 0)
        self._used: set[str] = set()
        self._people: list[Resident] = []
        self._households: dict[str, list[Resident]] = {}
        self._letters_planned = 0
        self._keys: Future[object] | None = None
        self._session: Session | None = None
        # Shares (judgement): 2 in 5 requests that a service could help are referred; 1 in 6
        # of the others is still visited; 1 in 8 services never answers; most serve.
        self._refers = cases.Deck(self._rnd, (True, True, False, False, False))
        self._assesses = cases.Deck(self._rnd, (True,) + (False,) * 5)
        self._silent = cases.Deck(self._rnd, (True,) + (False,) * 7)
        self._outcomes = cases.Deck(
            self._rnd, ("SELESAI",) * 15 + ("DITOLAK",) * 2 + ("TMS", "BATAL", "ALIH")
        )

    def run(self) -> ActivitySummary:
        """Plan the year, then play it through the services in one transaction."""
        with self._context.transaction() as session, rows_kept(session):
            self._session = session
            self._people = residents(session)
            for person in self._people:
                self._households.setdefault(person.keluarga_uid or "", []).append(person)
            self._plan_intakes()
            self._plan_verivali()
            with ThreadPoolExecutor(max_workers=1) as pool:
                # Unlocking the signing key costs a second or two of scrypt, which releases
                # the GIL: it runs while the first months are played (letters come last).
                if self._letters_planned:
                    self._keys = pool.submit(desk_keys, self._context)
                self._play(session)
            marks = len(self.verivali.visit_list(include_done=True))
        return ActivitySummary(**self._counts, verivali=marks)

    def _play(self, session: Session) -> None:
        from puskesos_desktop.services.assessment import AssessmentService
        from puskesos_desktop.services.intake import IntakeService
        from puskesos_desktop.services.lembaga import LembagaService
        from puskesos_desktop.services.letters import LetterService
        from puskesos_desktop.services.referral import ReferralService
        from puskesos_desktop.services.verivali import VerivaliService

        batch = batched(self._context, session)
        self.intake = IntakeService(batch)
        self.assessment = AssessmentService(batch, today=self._clock)
        self.referral = ReferralService(batch, today=self._clock)
        self.letters = LetterService(batch, today=self._clock)
        self.verivali = VerivaliService(batch, today=self._clock)
        directory = LembagaService(batch)
        self._lembaga = {data.jenis: directory.create(data).uid for data in cases.LEMBAGA}
        for day, _order, action in sorted(self._events, key=lambda e: (e[0], e[1])):
            self._clock.day = day
            action()

    # -- planning -------------------------------------------------------------------------
    def _at(self, day: date, action: Callable[[], None]) -> None:
        if day <= self._today:
            self._events.append((day, len(self._events), action))

    def _plan_intakes(self) -> None:
        rnd = self._rnd
        for month in Periode.bulan_dari(self._today).previous_months(MONTHS):
            last = min(month.sampai, self._today)
            count = cases.monthly_intakes(month.mulai.month, rnd.random())
            if last < month.sampai:  # the month so far
                count = max(1, round(count * last.day / month.sampai.day))
            days = [month.mulai + timedelta(days=i) for i in range((last - month.mulai).days + 1)]
            workdays = [d for d in days if d.weekday() < 5] or [last]
            weights = cases.case_weights(month.mulai.month)
            for day in sorted(rnd.choice(workdays) for _ in range(count)):
                kind = rnd.choices(cases.CASES, weights=weights)[0]
                person = self._pick(kind.who, day)
                self._plan_case(kind, person, day)

    def _plan_case(self, kind: cases.CaseKind, person: Resident, day: date) -> None:
        rnd = self._rnd
        moment = datetime.combine(day, time(rnd.randint(8, 13), rnd.choice((0, 15, 30, 45))))
        if day == self._today:  # nothing later than now
            moment = min(moment, datetime.now().replace(second=0, microsecond=0))
            moment = max(moment, datetime.combine(day, time()))
        tujuan = rnd.choice(kind.tujuan) if kind.tujuan and self._refers.draw() else ""
        case = _Case(kind, person, moment.astimezone(), tujuan)
        self._at(day, lambda: self._record_intake(case))
        visit = day + timedelta(days=rnd.choice((0, 0, 1, 2, 3, 5, 7)))
        if tujuan or self._assesses.draw():
            self._at(visit, lambda: self._assess(case, visit))
        if not tujuan:
            return
        sent = visit + timedelta(days=rnd.choice((0, 0, 1, 2)))
        case.letter = tujuan in FORMAL and (self._today - sent).days <= LETTER_DAYS
        self._letters_planned += case.letter
        if case.letter and (self._today - sent).days <= DRAFT_DAYS:
            self._at(sent, lambda: self._refer(case, sent, send=False))  # a letter to print
            return
        self._at(sent, lambda: self._refer(case, sent))
        self._plan_outcome(case, sent)

    def _plan_outcome(self, case: _Case, sent: date) -> None:
        """The service's answer over the following weeks (a path of status changes)."""
        rnd = self._rnd
        first = sent + timedelta(days=rnd.randint(2, 8))
        if 15 < (self._today - sent).days < 100 and self._silent.draw():
            return  # never heard back: "tanpa kabar", the follow-up date has passed
        outcome = self._outcomes.draw(lambda card: card != "ALIH" or case.tujuan != "DINSOS")
        if outcome == "DITOLAK":
            path = [(first, StatusRujukan.DITOLAK, rnd.choice(cases.DITOLAK_ALASAN))]
        elif outcome == "TMS":
            path = [
                (first, StatusRujukan.DITERIMA, ""),
                (
                    first + timedelta(days=rnd.randint(3, 15)),
                    StatusRujukan.TIDAK_MEMENUHI_SYARAT,
                    rnd.choice(cases.TMS_ALASAN),
                ),
            ]
        elif outcome == "BATAL":
            path = [(first, StatusRujukan.DIBATALKAN, rnd.choice(cases.BATAL_ALASAN))]
        elif outcome == "ALIH":  # then Dinas Sosial serves the new referral
            served = first + timedelta(days=rnd.randint(7, 30))
            path = [
                (first, StatusRujukan.DIALIHKAN, "Ditangani oleh Dinas Sosial"),
                (first + timedelta(days=rnd.randint(1, 5)), StatusRujukan.DITERIMA, ""),
                (served, StatusRujukan.SELESAI_DILAYANI, rnd.choice(cases.SELESAI_CATATAN)),
            ]
        else:
            done = first + timedelta(days=rnd.randint(5, 40))
            path = [(first, StatusRujukan.DITERIMA, "")]
            if rnd.random() < 0.6:
                path.append((first + timedelta(days=rnd.randint(1, 4)), StatusRujukan.DIPROSES, ""))
            path.append(
                (
                    max(done, path[-1][0]),
                    StatusRujukan.SELESAI_DILAYANI,
                    rnd.choice(cases.SELESAI_CATATAN),
                )
            )
        by_slip = case.letter and rnd.random() < 0.5
        for day, status, text in path:
            self._at(day, lambda s=status, t=text, d=day: self._answer(case, s, t, d, by_slip))

    def _plan_verivali(self) -> None:
        for marked, households, programme, visits in verivali_rounds(
            self._rnd, self._people, self._today
        ):
            self._at(marked, lambda c=households, p=programme: self._mark(c, p))
            for uid, result, visit in visits:
                self._at(
                    visit, lambda u=uid, r=result, v=visit, p=programme: self._visit(u, r, v, p)
                )

    def _pick(self, who: str, on: date) -> Resident:
        """Someone the case fits: mostly the poorer households (better-off ones rarely come
        to the desk), now and then someone who came before."""
        fits = [p for p in self._people if p.born is None or p.born < on]
        test = FITS[who]
        chosen = [p for p in fits if test(p, p.age(on))] or fits
        weights = [
            cases.POVERTY_WEIGHT.get(p.desil, 0.1) * (0.25 if p.uid in self._used else 1.0)
            for p in chosen
        ]
        person = self._rnd.choices(chosen, weights=weights)[0]
        self._used.add(person.uid)
        return person

    # -- playing (each runs on its day, through the services) ------------------------------
    def _record_intake(self, case: _Case) -> None:
        from puskesos_desktop.services.intake import IntakeInput

        rnd, person, day = self._rnd, case.person, case.waktu.date()
        child = person.age(day) < 18  # a parent consents (checked on the day and today)
        household = self._households.get(person.keluarga_uid or "", [])
        parent = next((p for p in household if p.hubungan in _PARENTS), None) if child else None
        reporter: dict[str, Any] = {}
        channels, shares = zip(*cases.CHANNELS, strict=True)
        saluran = rnd.choices(channels, weights=shares)[0]
        if parent is not None:
            reporter = {"pelapor_uid": parent.uid, "pelapor_hubungan": "Orang tua"}
        elif case.kind.who == cases.LANSIA and rnd.random() < 0.5:
            nama, hubungan = rnd.choice(cases.PELAPOR)
            reporter = {
                "pelapor_nama": nama,
                "pelapor_hubungan": hubungan,
                "pelapor_telepon": f"08{rnd.randint(1, 9)}{rnd.randint(10**8, 10**9 - 1)}",
            }
            saluran = "KUNJUNGAN_RUMAH"
        case.uraian = rnd.choice(case.kind.uraian)
        if rnd.random() < case.kind.urgent:
            case.urgensi = "DARURAT" if rnd.random() < 0.1 else "SEGERA"
        case.intake_uid = self.intake.record(
            IntakeInput(
                penerima_uid=person.uid,
                saluran=saluran,
                uraian=case.uraian,
                urgensi=case.urgensi,
                kebutuhan=case.kind.kebutuhan,
                waktu=case.waktu,
                **reporter,
                setuju_diproses=True,
                setuju_dibagikan=bool(case.tujuan),
                persetujuan_tanggal=day,
                persetujuan_dari="ORANG_TUA_WALI" if child else "SENDIRI",
                persetujuan_cara="CAP_JEMPOL" if person.age(day) >= 70 else "TERTULIS",
            )
        ).uid
        self._counts["intakes"] += 1

    def _assess(self, case: _Case, on: date) -> None:
        household = case.person.keluarga_uid
        if household is None:
            return
        # The intake must be in the database first: one flush orders its inserts by table,
        # not by foreign key (between calls that would have committed, nothing orders them).
        assert self._session is not None
        self._session.flush()
        filled = visit_form(
            self._rnd,
            self._households[household],
            kind=case.kind,
            subject=case.person,
            intake_uid=case.intake_uid,
            tujuan=case.tujuan,
            on=on,
        )
        case.asesmen_uid = self.assessment.save(filled).uid
        self._counts["assessments"] += 1

    def _refer(self, case: _Case, on: date, *, send: bool = True) -> None:
        child = case.person.age(on) < 18
        case.data = {
            "orang_uid": case.person.uid,
            "alasan": case.uraian,
            "layanan_diminta": case.kind.layanan,
            "dokumen_dibawa": case.kind.dokumen,
            "urgensi": case.urgensi,
            "setuju_dibagikan": True,
            "persetujuan_tanggal": on,
            "persetujuan_dari": "ORANG_TUA_WALI" if child else "SENDIRI",
            "layanan_masuk_uid": case.intake_uid,
            "asesmen_uid": case.asesmen_uid,
        }
        case.rujukan_uid = self.referral.create(
            ReferralInput(lembaga_uid=self._lembaga[case.tujuan], **case.data)
        ).uid
        self._counts["referrals"] += 1
        if send:
            self._send(case)

    def _send(self, case: _Case) -> None:
        """A numbered letter for a formal service; the others are told directly."""
        if case.letter:
            if self._keys is not None:
                self._keys.result()  # unlocked by now (or its error, raised here)
            self.letters.issue(case.rujukan_uid)
            self._counts["letters"] += 1
        else:
            self.referral.change_status(
                case.rujukan_uid,
                StatusChange(StatusRujukan.DIRUJUK, catatan="Disampaikan langsung kepada petugas"),
            )

    def _answer(
        self, case: _Case, status: StatusRujukan, text: str, on: date, by_slip: bool
    ) -> None:
        if not case.rujukan_uid:  # the referral's own day had not come yet
            return
        if status == StatusRujukan.DIALIHKAN:
            case.rujukan_uid = self.referral.redirect(
                case.rujukan_uid, self._lembaga["DINSOS"], alasan=text
            ).uid
            case.tujuan = "DINSOS"
            case.letter = (self._today - on).days <= LETTER_DAYS
            self.referral.update_draft(
                case.rujukan_uid,
                ReferralInput(
                    lembaga_uid=self._lembaga["DINSOS"], **{**case.data, "persetujuan_tanggal": on}
                ),
            )
            self._counts["referrals"] += 1
            self._send(case)
            return
        if by_slip and status in {s for s, _label in HASIL_LEMBAR_BALIK}:
            kode = self.referral.get(case.rujukan_uid).kode_balik
            self.referral.record_return_slip(
                ReturnSlip(kode, status, tanggal=on, petugas="Petugas layanan", keterangan=text)
            )
            return
        reason = text if status in _NEEDS_REASON else ""
        self.referral.change_status(
            case.rujukan_uid,
            StatusChange(status, alasan=reason, catatan="" if reason else text, tanggal=on),
        )

    def _mark(self, households: list[str], programme: str) -> None:
        reason = "Pemutakhiran DTSEN: periksa kondisi rumah, penghasilan dan anggota keluarga"
        self.verivali.mark(households, reason, program=programme)

    def _visit(self, keluarga_uid: str, result: str, on: date, programme: str) -> None:
        mark = next((row for row in self.verivali.for_household(keluarga_uid) if row.is_open), None)
        if mark is None:
            return
        sticker = None
        if programme == "PKH":
            sticker = "TERPASANG" if result == "MASIH_LAYAK" else "DICABUT"
        self.verivali.record_outcome(
            mark.uid,
            result,
            tanggal=on,
            petugas=cases.PETUGAS[0],
            catatan="Kunjungan rumah",
            status_stiker=sticker,
        )
