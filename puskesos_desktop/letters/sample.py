"""A complete, fictitious referral letter: for the letterhead settings preview, tests and
benchmarks. The people, numbers and officials are invented; the village and puskesmas names
are real places only so the layout is tried with realistic lengths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from puskesos_desktop.letters.kop import Letterhead
from puskesos_desktop.letters.referral import (
    Addressee,
    Consent,
    LetterData,
    PersonIdentity,
    Signatory,
)

SAMPLE_REASON = (
    "Yang bersangkutan adalah ibu tunggal dengan dua anak balita yang sejak tiga bulan "
    "terakhir batuk berkepanjangan dan berat badannya menurun, sehingga tidak mampu bekerja.\n\n"
    "Keluarga termasuk desil 2 DTSEN, tidak memiliki kartu JKN aktif, dan tidak sanggup "
    "membiayai pemeriksaan lanjutan."
)


def sample_letter_data(**overrides: Any) -> LetterData:
    """The sample letter; keyword arguments replace top-level fields of :class:`LetterData`."""
    data = LetterData(
        letterhead=Letterhead(
            instansi="PEMERINTAH KABUPATEN JEPARA",
            unit="KECAMATAN BANGSRI",
            nama="DESA BANGSRI",
            alamat="Jalan Raya Bangsri Nomor 12, Bangsri",
            kode_pos="59453",
            telepon="(0291) 772123",
            email="pemdes@bangsri-jepara.desa.id",
        ),
        issuer="Puskesos Desa Bangsri",
        number="460/007/2001/XI/2026",
        place="Bangsri",
        issued=date(2026, 11, 22),
        addressee=Addressee(
            jabatan="Kepala Puskesmas Bangsri I",
            lembaga="Puskesmas Bangsri I",
            alamat="Jalan Kartini Nomor 5, Bangsri",
        ),
        person=PersonIdentity(
            nama="Nur'aini",
            nik="3320014505800001",
            no_kk="3320010101100002",
            tempat_lahir="Jepara",
            tanggal_lahir=date(1980, 5, 5),
            jenis_kelamin="Perempuan",
            alamat="Dukuh Krajan",
            rt="002",
            rw="001",
            pekerjaan="Buruh harian lepas",
            desil=2,
        ),
        reason=SAMPLE_REASON,
        consent=Consent(given_on=date(2026, 11, 20)),
        signatory=Signatory(
            jabatan="Sekretaris Desa",
            nama="Slamet Riyadi",
            atas_nama="Kepala Desa Bangsri",
        ),
        perihal="Rujukan Layanan Kesehatan",
        lampiran="1 (satu) berkas",
        services=(
            "Pemeriksaan kesehatan lanjutan (dugaan TBC paru)",
            "Pendampingan pendaftaran PBI-JK",
        ),
        attachments=("Fotokopi KTP", "Fotokopi Kartu Keluarga", "Surat Keterangan Tidak Mampu"),
        tembusan=("Camat Bangsri", "Kepala Dinas Sosial Kabupaten Jepara", "TKSK Kecamatan "
                  "Bangsri", "Arsip"),
        valid_until=date(2027, 2, 22),
        return_code="RB-7K3Q-9M",
    )
    return replace(data, **overrides)
