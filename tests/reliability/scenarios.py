"""The operations a power cut can interrupt at a village desk, each as a kill -9 scenario.

Used by ``test_kill_nine.py`` (a few trials each) and ``benchmarks/stress.py`` (hundreds).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from crashkit import Base, Kill, Trial, copy_desk, rows, run_child, scalar, service_context
from scenario_base import (
    MEMBERS,
    STREET,
    Scenario,
    ScenarioError,
    common_checks,
    expect,
    export_bundle,
    import_bundle,
    import_list,
    issue_letters,
    restore_backup,
    save_household,
    save_households,
    saved_households,
    take_backup,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_no_kk

TEMP_BACKUP = ".puskesos-sementara-*"  # services/backup_files.py writes a copy here first


class SaveHousehold(Scenario):
    """Saving a household with its members (one form, one transaction)."""

    name = "simpan keluarga"
    steps_per_run = 3

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        steps = self.steps_per_run if kill == Kill(delay=None) else 10_000
        return run_child(save_households, (root, base.village_keys, steps), kill, root)

    def check(self, base: Base, root: Path) -> str:
        common_checks(root)
        database = root / "puskesos.db"
        sizes = rows(database, "SELECT k.uid, count(o.uid) FROM keluarga k LEFT JOIN orang o "
                     "ON o.keluarga_uid = k.uid AND o.deleted = 0 WHERE k.alamat = ? "
                     "GROUP BY k.uid", STREET)  # fmt: skip
        expect(all(size == MEMBERS for _, size in sizes), f"half-saved households: {sizes}")
        for table in ("keluarga", "orang"):
            unjournalled = scalar(database, f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                                  "(SELECT 1 FROM change_journal j WHERE j.table_name = ? "
                                  "AND j.uid = t.uid)", table)  # fmt: skip
            expect(unjournalled == 0, f"{unjournalled} {table} rows missing from the journal")
        orphans = scalar(
            database,
            "SELECT count(*) FROM change_journal j WHERE j.table_name = "
            "'orang' AND NOT EXISTS (SELECT 1 FROM orang o WHERE o.uid = j.uid)",
        )
        expect(orphans == 0, f"{orphans} journal entries without their row")
        unindexed = scalar(
            database,
            "SELECT count(*) FROM orang o WHERE o.deleted = 0 AND NOT "
            "EXISTS (SELECT 1 FROM orang_cari c WHERE c.uid = o.uid)",
        )
        expect(unindexed == 0, f"{unindexed} persons missing from the search index")
        return f"{len(sizes)} tersimpan"

    def redo(self, base: Base, root: Path) -> None:
        before = saved_households(root)
        with service_context(root, base.village_keys) as context:
            save_household(context, before)
        expect(saved_households(root) == before + 1, "the household could not be saved again")


class ImportBundle(Scenario):
    """The district receives the village's bundle (verify, decrypt, merge, one transaction)."""

    name = "impor paket"
    bundle: Path = Path()
    persons: int = 0

    def setup(self, base: Base) -> None:
        from puskesos_desktop.services.sync_export import ExportService

        sender = copy_desk(base.village, self.workdir / "pengirim")
        (self.workdir / "usb").mkdir()
        with service_context(sender, base.village_keys) as context:
            [self.bundle] = ExportService(context).export(self.workdir / "usb").files
        self.persons = scalar(sender / "puskesos.db", "SELECT count(*) FROM orang")

    def prepare(self, base: Base, trial: Path) -> Path:
        return copy_desk(base.district, trial / "desk")

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        return run_child(import_bundle, (root, base.district_keys, self.bundle), kill, root)

    def state(self, root: Path) -> tuple[int, int]:
        database = root / "puskesos.db"
        origin = scalar(database, "SELECT desk_id FROM desk_profile")
        persons = scalar(database, "SELECT count(*) FROM orang WHERE origin != ?", origin)
        return persons, scalar(database, "SELECT count(*) FROM log_paket")

    def check(self, base: Base, root: Path) -> str:
        common_checks(root)
        state = self.state(root)
        expect(state in ((0, 0), (self.persons, 1)), f"bundle half applied: {state}")
        return "semua" if state[1] else "tidak ada"

    def redo(self, base: Base, root: Path) -> None:
        from puskesos_desktop.services.sync_import import ImportService, Outcome

        with service_context(root, base.district_keys) as context:
            [result] = ImportService(context).import_files([self.bundle]).results
        expect(result.outcome in (Outcome.APPLIED, Outcome.ALREADY), result.message)
        expect(self.state(root) == (self.persons, 1), "re-import did not apply the bundle")


class ExportBundle(Scenario):
    """The village writes its bundle to a USB stick (outbox, journal bookkeeping, copy)."""

    name = "ekspor paket"

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        usb = root.parent / "usb"
        usb.mkdir(exist_ok=True)
        return run_child(export_bundle, (root, base.village_keys, usb), kill, root)

    def check(self, base: Base, root: Path) -> str:
        from puskesos_desktop.sync.bundle import BUNDLE_SUFFIX

        common_checks(root)
        database = root / "puskesos.db"
        recorded = scalar(database, "SELECT count(*) FROM paket_keluar")
        last_seq = scalar(database, "SELECT coalesce(max(last_seq), 0) FROM aliran_keluar")
        expect(recorded == last_seq, f"outbox rows {recorded} but stream at seq {last_seq}")
        for (name,) in rows(database, "SELECT file_name FROM paket_keluar"):
            expect((root / "kotak-keluar" / name).is_file(), f"recorded bundle {name} missing")
        usb = root.parent / "usb"
        empty = [p.name for p in usb.iterdir() if p.name.endswith(BUNDLE_SUFFIX)
                 and p.stat().st_size == 0]  # fmt: skip
        expect(not empty, f"empty bundle files on the stick: {empty}")
        return "tercatat" if recorded else "tidak ada"

    def redo(self, base: Base, root: Path) -> None:
        """Export again; the district must then apply everything sent, with no fork."""
        from puskesos_desktop.services.sync_export import ExportService
        from puskesos_desktop.services.sync_import import ImportService, Outcome

        with service_context(root, base.village_keys) as context:
            ExportService(context).export(root.parent / "usb")
        district = copy_desk(base.district, root.parent / "dinas")
        with service_context(district, base.district_keys) as context:
            report = ImportService(context).import_files([root / "kotak-keluar"])
        outcomes = {result.outcome for result in report.results}
        expect(outcomes == {Outcome.APPLIED}, f"district import: {report.results}")
        sent = scalar(root / "puskesos.db", "SELECT count(*) FROM orang")
        arrived = scalar(district / "puskesos.db", "SELECT count(*) FROM orang")
        expect(arrived == sent, f"district has {arrived} of {sent} persons")


class TakeBackup(Scenario):
    """A manual backup into the backups folder (online copy, check, fsync, rename)."""

    name = "cadangkan"
    watch = f"cadangan/{TEMP_BACKUP}"

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        return run_child(take_backup, (root, base.village_keys), kill, root)

    def check(self, base: Base, root: Path) -> str:
        from puskesos_desktop.services.backup import BackupService, verify_backup_file

        common_checks(root)
        with service_context(root) as context:
            backups = BackupService(context).list_backups()
        for info in backups:
            try:
                verify_backup_file(info.path)
            except UserError as error:
                raise ScenarioError(f"a listed backup is unusable: {error.message}") from None
        return f"{len(backups)} cadangan"

    def redo(self, base: Base, root: Path) -> None:
        from puskesos_desktop.services.backup import BackupService, verify_backup_file

        with service_context(root) as context:
            verify_backup_file(BackupService(context).backup_now().path)


class RestoreBackup(Scenario):
    """Restore an older backup over a desk that has more data since."""

    name = "pulihkan"
    watch = TEMP_BACKUP  # the restored copy is written beside the live database
    backup: Path = Path()
    grown: Path = Path()
    before: int = 0

    def setup(self, base: Base) -> None:
        from puskesos_desktop.services.backup import BackupService

        (self.workdir / "simpanan").mkdir()
        self.grown = copy_desk(base.village, self.workdir / "baru")
        with service_context(self.grown, base.village_keys) as context:
            self.backup = BackupService(context).backup_now(self.workdir / "simpanan").path
            save_household(context, 0)
        self.before = scalar(self.backup, "SELECT count(*) FROM orang")

    def prepare(self, base: Base, trial: Path) -> Path:
        return copy_desk(self.grown, trial / "desk")

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        return run_child(restore_backup, (root, base.village_keys, self.backup), kill, root)

    def check(self, base: Base, root: Path) -> str:
        common_checks(root)
        persons = scalar(root / "puskesos.db", "SELECT count(*) FROM orang")
        expect(persons in (self.before, self.before + MEMBERS), f"{persons} persons after a cut")
        return "dipulihkan" if persons == self.before else "belum"

    def redo(self, base: Base, root: Path) -> None:
        from puskesos_desktop.services.backup import BackupService

        with service_context(root) as context:
            BackupService(context).restore(self.backup)
        common_checks(root)
        persons = scalar(root / "puskesos.db", "SELECT count(*) FROM orang")
        expect(persons == self.before, "restore did not bring the backup back")


class AllocateLetterNumber(Scenario):
    """Issue (number allocation, signed QR, PDF, register row) and void letters."""

    name = "nomor surat"
    steps_per_run = 4  # two issues and two voids
    referral: str = ""
    with_referral: Path = Path()

    def setup(self, base: Base) -> None:
        import puskesos_desktop.letters.referral  # noqa: F401 - forked children inherit it
        from puskesos_desktop.services.lembaga import LembagaInput, LembagaService
        from puskesos_desktop.services.referral import ReferralService
        from puskesos_desktop.services.referral_types import ReferralInput

        self.with_referral = copy_desk(base.village, self.workdir / "rujukan")
        person = rows(
            self.with_referral / "puskesos.db",
            "SELECT uid FROM orang WHERE "
            "length(nik) = 16 AND tanggal_lahir < '1990-01-01' ORDER BY uid",
        )[0][0]
        with service_context(self.with_referral, base.village_keys) as context:
            lembaga = LembagaService(context).create(
                LembagaInput("Puskesmas Uji", "PUSKESMAS", "Kepala Puskesmas", "Jl. Raya 1")
            )
            self.referral = ReferralService(context).create(ReferralInput(
                person, lembaga.uid, "Perlu pemeriksaan lanjutan.", ("Pemeriksaan",),
                setuju_dibagikan=True, persetujuan_dari="SENDIRI",
            )).uid  # fmt: skip

    def prepare(self, base: Base, trial: Path) -> Path:
        return copy_desk(self.with_referral, trial / "desk")

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        steps = self.steps_per_run // 2 if kill == Kill(delay=None) else 10_000
        return run_child(issue_letters, (root, base.village_keys, self.referral, steps),
                         kill, root)  # fmt: skip

    def check(self, base: Base, root: Path) -> str:
        common_checks(root)
        database = root / "puskesos.db"
        year = date.today().year
        numbers = [r[0] for r in rows(database, "SELECT urut FROM surat_keluar WHERE tahun = ? "
                                      "ORDER BY urut", year)]  # fmt: skip
        expect(numbers == list(range(1, len(numbers) + 1)), f"gaps or duplicates: {numbers}")
        counter = rows(database, "SELECT terakhir FROM nomor_surat_terakhir WHERE tahun = ?", year)
        expect(not counter or counter[0][0] == len(numbers), f"counter {counter} vs {numbers}")
        unarchived = scalar(database, "SELECT count(*) FROM surat_keluar WHERE uid NOT IN "
                            "(SELECT surat_uid FROM arsip_surat)")  # fmt: skip
        expect(unarchived == 0, f"{unarchived} letters without their archived content")
        distinct = scalar(database, "SELECT count(DISTINCT nomor) FROM surat_keluar")
        expect(distinct == len(numbers), "a letter number was given twice")
        journalled = scalar(database, "SELECT count(DISTINCT uid) FROM change_journal "
                            "WHERE table_name = 'surat_keluar'")  # fmt: skip
        expect(journalled == len(numbers), "a register row is missing from the sync journal")
        return f"{len(numbers)} nomor"

    def redo(self, base: Base, root: Path) -> None:
        before = scalar(root / "puskesos.db", "SELECT count(*) FROM surat_keluar")
        issue_letters(root, base.village_keys, self.referral, 1, lambda: None)
        self.check(base, root)
        after = scalar(root / "puskesos.db", "SELECT count(*) FROM surat_keluar")
        expect(after == before + 1, "no new letter after the cut")


class ImportList(Scenario):
    """Importing a village list (CSV) of whole households: all rows or none."""

    name = "impor daftar"
    households: ClassVar[int] = 300
    table: Path = Path()

    def setup(self, base: Base) -> None:
        from crashkit import person_nik

        lines = ["NIK;NO_KK;NAMA;JK;TGL_LAHIR;ALAMAT;SHDK"]
        for index in range(self.households):
            no_kk = make_no_kk("332001", date(2014, 1 + index % 12, 1 + index % 28), 7000 + index)
            for number, role in enumerate(("KEPALA KELUARGA", "ISTRI", "ANAK")):
                sex = "P" if role == "ISTRI" else "L"
                nik = person_nik(100_000 + index * MEMBERS + number, sex)
                lines.append(f"'{nik};'{no_kk};WARGA DAFTAR {index} {number};{sex};"
                             f"01/0{1 + number}/19{70 + number * 10};Dk. Uji;{role}")  # fmt: skip
        self.table = self.workdir / "daftar.csv"
        self.table.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        return run_child(import_list, (root, base.village_keys, self.table), kill, root)

    def imported(self, root: Path) -> int:
        return scalar(root / "puskesos.db", "SELECT count(*) FROM orang WHERE nama LIKE "
                      "'WARGA DAFTAR %'")  # fmt: skip

    def check(self, base: Base, root: Path) -> str:
        common_checks(root)
        count = self.imported(root)
        expect(count in (0, self.households * MEMBERS), f"{count} rows of the list imported")
        journal = scalar(
            root / "puskesos.db",
            "SELECT count(*) FROM change_journal j JOIN "
            "orang o ON o.uid = j.uid WHERE o.nama LIKE 'WARGA DAFTAR %'",
        )
        expect(journal == count, f"{count} persons but {journal} journal entries")
        return "semua" if count else "tidak ada"

    def redo(self, base: Base, root: Path) -> None:
        from puskesos_desktop.services.list_import import ListImportService

        was = self.imported(root)
        with service_context(root, base.village_keys) as context:
            try:
                ListImportService(context).run(self.table)
            except UserError as error:  # everything already there: refused, not doubled
                expect(was > 0 and "bermasalah" in error.message, error.message)
        expect(self.imported(root) == self.households * MEMBERS, "list incomplete after redo")


SCENARIOS: tuple[type[Scenario], ...] = (
    SaveHousehold,
    ImportBundle,
    ExportBundle,
    TakeBackup,
    RestoreBackup,
    AllocateLetterNumber,
    ImportList,
)


def ready(kind: type[Scenario], base: Base, workdir: Path) -> Scenario:
    """A scenario with its inputs built and its window measured."""
    workdir.mkdir(parents=True, exist_ok=True)
    scenario = kind(workdir=workdir)
    scenario.setup(base)
    scenario.measure(base)
    return scenario
