"""A known bit of desk activity on top of the demo village's year: intakes, assessments,
referrals, verivali.

The demo village already has a year of work; the Beranda tests add this exact amount so
they can check what each number grows by. Everything goes through the services.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from puskesos_desktop.domain.referral_state import StatusRujukan
from puskesos_desktop.services.intake import IntakeInput
from puskesos_desktop.services.lembaga import LembagaInput
from puskesos_desktop.services.referral import ReferralService
from puskesos_desktop.services.referral_types import ReferralInput, StatusChange


def add_activity(desk: Any, today: date | None = None) -> None:
    """5 intakes and 2 assessments this month, 4 referrals (one refused, one late), 3 verivali
    marks (one visited)."""
    today = today or date.today()
    adult = today - timedelta(days=365 * 25)
    people = [row for row in desk.registry.search("a", limit=60)
              if row.nik and row.tanggal_lahir and row.tanggal_lahir < adult]
    lembaga = desk.lembaga.create(LembagaInput(nama="Puskesmas Kedung I", jenis="PUSKESMAS"))
    lembaga_uid = getattr(lembaga, "uid", lembaga)
    for number, person in enumerate(people[:5]):
        desk.intake.record(IntakeInput(
            penerima_uid=person.uid, saluran="DATANG_LANGSUNG", uraian="Minta bantuan",
            waktu=datetime.combine(today.replace(day=1), datetime.min.time())
            + timedelta(hours=9 + number)))
    households = list(dict.fromkeys(p.keluarga_uid for p in people if p.keluarga_uid))
    for keluarga_uid in households[:2]:
        data = desk.assessment.new_input(keluarga_uid)
        desk.assessment.save(data)
    outcomes = [None, StatusRujukan.DITOLAK, StatusRujukan.SELESAI_DILAYANI, None]
    late = ReferralService(desk.context, today=lambda: today - timedelta(days=10))
    for number, person in enumerate(people[5:9]):
        service = late if number == 3 else desk.referral  # the last one is overdue now
        due = today - timedelta(days=3) if number == 3 else None
        saved = service.create(ReferralInput(
            orang_uid=person.uid, lembaga_uid=lembaga_uid, alasan="Perlu pemeriksaan",
            tanggal_tindak_lanjut=due, setuju_dibagikan=True, persetujuan_dari="SENDIRI",
            persetujuan_tanggal=today - timedelta(days=10)))
        service.change_status(saved.uid, StatusChange(StatusRujukan.DIRUJUK))
        if outcomes[number] is not None:
            desk.referral.change_status(
                saved.uid, StatusChange(outcomes[number], alasan="Tidak memenuhi syarat"))
    desk.verivali.mark(households[2:5], "Periksa kondisi rumah")
    visited = desk.verivali.visit_list()[0]
    desk.verivali.record_outcome(visited.uid, "MASIH_LAYAK", tanggal=today, petugas="Sri")
