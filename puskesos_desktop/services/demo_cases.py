"""What a year at the demo village's desk is made of: the kinds of requests, the services.

Plain data for :mod:`services.demo_activity`. Each :class:`CaseKind` is one kind of request
a village Puskesos sees (domain.md §2, §5): who usually comes, how they say it, which needs
and PPKS categories the assessment records, and where the desk refers them. Weights and
seasons are judgement, chosen so the year looks like a real coastal Jepara village: more
flood victims in the rainy months, school costs in July, house repairs before the rains.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from puskesos_desktop.services.lembaga import LembagaInput

Card = TypeVar("Card")

# Who a case can be about (a selector the activity understands).
LANSIA, ANAK_SEKOLAH, BALITA, DEWASA, PEREMPUAN, DISABILITAS, KEPALA, SAKIT = (
    "lansia", "anak_sekolah", "balita", "dewasa", "perempuan", "disabilitas", "kepala", "sakit",
)  # fmt: skip


@dataclass(frozen=True)
class CaseKind:
    """One kind of request. ``tujuan`` are JenisLembaga codes (empty: settled at the desk)."""

    key: str
    weight: int
    who: str
    uraian: tuple[str, ...]
    kebutuhan: tuple[str, ...]
    ppks: tuple[str, ...] = ()
    tujuan: tuple[str, ...] = ()
    layanan: tuple[str, ...] = ()
    dokumen: tuple[str, ...] = ("Fotokopi KTP", "Fotokopi Kartu Keluarga")
    urgent: float = 0.1  # share that is SEGERA (a tenth of those DARURAT)
    season: tuple[int, ...] = ()  # months (1–12) when this kind comes three times as often


CASES: tuple[CaseKind, ...] = (
    CaseKind(
        "lansia",
        14,
        LANSIA,
        (
            "Lansia tinggal sendiri, anak merantau; makan sehari-hari bergantung pada tetangga.",
            "Simbah sudah sulit berjalan dan tidak ada yang merawat di rumah.",
            "Lansia sakit-sakitan, tidak punya penghasilan, belum menerima bantuan apa pun.",
        ),
        ("PERAWATAN", "DASAR"),
        ("LUT",),
        ("DINSOS", "PKH"),
        ("Asistensi Rehabilitasi Sosial (ATENSI) lansia", "Permakanan lansia"),
    ),
    CaseKind(
        "kis",
        16,
        SAKIT,
        (
            "Kartu KIS tidak aktif saat berobat ke puskesmas; mohon diaktifkan kembali.",
            "Perlu cuci darah rutin, kepesertaan PBI-JK dinonaktifkan bulan lalu.",
            "Tidak punya jaminan kesehatan, biaya berobat tidak terjangkau.",
        ),
        ("KESEHATAN",),
        ("FM",),
        ("BPJS", "DINSOS"),
        ("Reaktivasi kepesertaan PBI-JK",),
        (
            "Fotokopi KTP",
            "Fotokopi Kartu Keluarga",
            "Kartu JKN/KIS",
            "Surat Keterangan Tidak Mampu (SKTM)",
        ),
        urgent=0.3,
    ),
    CaseKind(
        "periksa",
        12,
        DEWASA,
        (
            "Batuk lebih dari tiga minggu dan berat badan turun; belum pernah diperiksa.",
            "Tekanan darah tinggi, sering pusing, tidak kontrol karena tidak ada yang mengantar.",
            "Ibu hamil tujuh bulan belum pernah periksa kehamilan.",
        ),
        ("KESEHATAN",),
        (),
        ("PUSKESMAS", "RUMAH_SAKIT"),
        ("Pemeriksaan kesehatan lanjutan",),
        urgent=0.25,
    ),
    CaseKind(
        "dokumen",
        13,
        BALITA,
        (
            "Anak belum punya akta kelahiran, perlu untuk daftar sekolah dan bantuan.",
            "KTP-el hilang dan KK belum diperbarui setelah kelahiran anak.",
            "Nama di KK berbeda dengan di KTP, bantuan tidak bisa dicairkan.",
        ),
        ("DOKUMEN",),
        (),
        ("DUKCAPIL",),
        ("Penerbitan akta kelahiran", "Pembaruan Kartu Keluarga"),
        ("Fotokopi Kartu Keluarga", "Surat keterangan lahir dari bidan"),
        urgent=0.0,
    ),
    CaseKind(
        "sekolah",
        10,
        ANAK_SEKOLAH,
        (
            "Anak terancam putus sekolah karena biaya seragam dan transport.",
            "Anak tidak masuk sekolah sebulan, orang tua tidak mampu membeli buku.",
            "Mohon diusulkan Program Indonesia Pintar untuk anak kelas 7.",
        ),
        ("PENDIDIKAN",),
        ("AT",),
        ("SEKOLAH",),
        ("Pengusulan Program Indonesia Pintar (PIP)",),
        ("Fotokopi Kartu Keluarga", "Akta kelahiran", "Kartu PKH/KKS"),
        urgent=0.0,
        season=(7, 8),
    ),
    CaseKind(
        "disabilitas",
        7,
        DISABILITAS,
        (
            "Butuh kursi roda; selama ini hanya berbaring di tempat tidur.",
            "Anak dengan disabilitas belum pernah mendapat terapi.",
            "Penyandang disabilitas tidak bisa bekerja, keluarga kesulitan biaya perawatan.",
        ),
        ("PERAWATAN",),
        ("PD",),
        ("DINSOS",),
        ("Bantuan alat bantu disabilitas", "Asistensi Rehabilitasi Sosial (ATENSI)"),
        ("Fotokopi KTP", "Fotokopi Kartu Keluarga", "Surat keterangan dokter"),
    ),
    CaseKind(
        "rumah",
        9,
        KEPALA,
        (
            "Atap rumah bocor dan dinding bambu lapuk; mohon diusulkan bedah rumah.",
            "Rumah berlantai tanah, tidak punya jamban sendiri.",
            "Sebagian dinding roboh setelah hujan deras, keluarga menumpang di rumah saudara.",
        ),
        ("PERUMAHAN",),
        ("FM",),
        ("DINSOS",),
        ("Usulan Rehabilitasi Rumah Tidak Layak Huni (Rutilahu)",),
        ("Fotokopi KTP", "Fotokopi Kartu Keluarga", "Surat keterangan tanah dari desa"),
        season=(10, 11, 12),
    ),
    CaseKind(
        "pkh",
        12,
        PEREMPUAN,
        (
            "Bantuan PKH tidak cair tahap ini; mohon dicek datanya.",
            "Keluarga sangat miskin dengan tiga anak sekolah, belum terdaftar PKH.",
            "BPNT tidak masuk ke kartu KKS sejak dua bulan.",
        ),
        ("DASAR", "EKONOMI"),
        ("FM",),
        ("PKH", "TKSK"),
        ("Pemeriksaan status KPM PKH/BPNT",),
        ("Fotokopi KTP", "Fotokopi Kartu Keluarga", "Kartu PKH/KKS"),
        urgent=0.0,
    ),
    CaseKind(
        "kekerasan",
        2,
        PEREMPUAN,
        (
            "Mengaku sering dipukul suami; minta perlindungan dan pendampingan.",
            "Anak perempuan mengalami kekerasan dari kerabat; ibu minta bantuan.",
        ),
        ("PERLINDUNGAN",),
        ("KTK", "PRSE"),
        ("PPA",),
        ("Pendampingan dan perlindungan korban kekerasan",),
        ("Fotokopi KTP",),
        urgent=0.9,
    ),
    CaseKind(
        "kerja",
        9,
        KEPALA,
        (
            "Kehilangan pekerjaan di pabrik mebel; mohon dimasukkan daftar BLT Dana Desa.",
            "Perahu rusak, tidak bisa melaut sebulan; keluarga kekurangan makan.",
            "Pulang dari luar negeri tanpa gaji, menanggung utang agen.",
        ),
        ("EKONOMI", "DASAR"),
        ("FM",),
        ("TKSK", "DINSOS"),
        ("Usulan bantuan sosial (BPNT/BLT Dana Desa)",),
        season=(3, 4),
    ),
    CaseKind(
        "banjir",
        6,
        KEPALA,
        (
            "Rumah terendam banjir rob setinggi lutut; perabot dan beras rusak.",
            "Banjir masuk rumah dua hari, anak-anak mulai gatal dan demam.",
        ),
        ("DASAR", "PERUMAHAN"),
        ("KBA",),
        ("DINSOS",),
        ("Bantuan logistik korban bencana",),
        ("Fotokopi Kartu Keluarga",),
        urgent=0.8,
        season=(1, 2, 12),
    ),
    CaseKind(
        "dtsen",
        10,
        KEPALA,
        (
            "Menanyakan cara masuk DTSEN dan berapa desil keluarganya.",
            "Minta dicatat ulang karena data keluarga di DTSEN sudah tidak sesuai.",
            "Menanyakan syarat mendapat BLT Dana Desa tahun ini.",
        ),
        ("DASAR",),
        (),
    ),
)

# The service directory a Kedungmalang desk would keep (Kabupaten Jepara, Kecamatan Kedung).
LEMBAGA: tuple[LembagaInput, ...] = (
    LembagaInput(
        "Dinsos P3A Kabupaten Jepara",
        "DINSOS",
        "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        "Jl. Kartini No. 5, Jepara",
        "(0291) 000000",
        jam_layanan="Senin–Jumat 08.00–15.00",
        melayani=("PERAWATAN", "PERUMAHAN", "DASAR", "LUT", "PD", "KBA"),
    ),
    LembagaInput(
        "Puskesmas Kedung II",
        "PUSKESMAS",
        "Kepala Puskesmas Kedung II",
        "Jl. Raya Kedung–Jepara, Kedungmalang",
        jam_layanan="Senin–Sabtu 07.30–12.00",
        melayani=("KESEHATAN",),
    ),
    LembagaInput(
        "RSUD R.A. Kartini Jepara",
        "RUMAH_SAKIT",
        "Direktur RSUD R.A. Kartini",
        "Jl. K.H. Wahid Hasyim No. 175, Jepara",
        melayani=("KESEHATAN",),
    ),
    LembagaInput(
        "Disdukcapil Kabupaten Jepara",
        "DUKCAPIL",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "Jl. Kartini No. 1, Jepara",
        melayani=("DOKUMEN",),
    ),
    LembagaInput(
        "SD Negeri 2 Kedungmalang",
        "SEKOLAH",
        "Kepala SD Negeri 2 Kedungmalang",
        "Dk. Krajan, Kedungmalang",
        melayani=("PENDIDIKAN",),
    ),
    LembagaInput(
        "BPJS Kesehatan Kantor Kabupaten Jepara",
        "BPJS",
        "Kepala Kantor BPJS Kesehatan",
        "Jl. Pemuda, Jepara",
        melayani=("KESEHATAN",),
    ),
    LembagaInput(
        "Pendamping PKH Kecamatan Kedung",
        "PKH",
        "Pendamping Sosial PKH",
        "Kantor Kecamatan Kedung",
        melayani=("DASAR", "EKONOMI", "FM"),
    ),
    LembagaInput(
        "TKSK Kecamatan Kedung",
        "TKSK",
        "TKSK Kecamatan Kedung",
        "Kantor Kecamatan Kedung",
        melayani=("DASAR", "EKONOMI"),
    ),
    LembagaInput(
        "UPTD PPA Kabupaten Jepara",
        "PPA",
        "Kepala UPTD PPA",
        "Jepara",
        melayani=("PERLINDUNGAN", "KTK"),
    ),
)

# How a service answers, and the words on the return slip or in the phone call.
DITOLAK_ALASAN = (
    "Berkas belum lengkap: surat keterangan domisili belum dilampirkan.",
    "Kuota bulan ini sudah penuh; diminta mengajukan lagi bulan depan.",
)
TMS_ALASAN = (
    "Tidak terdaftar di DTSEN desil 1–4.",
    "Sudah menerima bantuan serupa tahun lalu.",
)
BATAL_ALASAN = (
    "Warga pindah ke rumah anaknya di luar kabupaten.",
    "Warga mengurungkan permohonan; sudah ditangani keluarga.",
)
SELESAI_CATATAN = (
    "Sudah dilayani.",
    "Bantuan sudah diterima warga.",
    "Kartu sudah aktif kembali.",
    "Dokumen sudah terbit dan diambil warga.",
    "Sudah diperiksa; kontrol rutin tiap bulan.",
)
POVERTY_WEIGHT = {1: 4.0, 2: 4.0, 3: 2.5, 4: 2.0}
"""How likely a household of each desil comes to the desk (5+ and unknown: 0.1)."""
CHANNELS = (  # how requests reach the desk, and how often
    ("DATANG_LANGSUNG", 62),
    ("TELEPON_WA", 18),
    ("KUNJUNGAN_RUMAH", 10),
    ("RUJUKAN_MASUK", 6),
    ("HASIL_VERIVALI", 4),
)
PETUGAS = ("Siti Rahmawati", "Operator Demo")
PELAPOR = (
    ("Bu RT Sumini", "Tetangga"),
    ("Pak Kadus Darmo", "Kepala dusun"),
    ("Mbak Yuli (PSM)", "Pekerja sosial masyarakat"),
)


def monthly_intakes(month: int, rnd_value: float) -> int:
    """Intakes in a calendar month: about 21, more in the rainy, flood-prone first months
    (January–February) and fewer in the dry season; ``rnd_value`` (0–1) adds ±3."""
    seasonal = 21 + 7 * math.cos(2 * math.pi * (month - 1.5) / 12)
    return max(15, min(40, round(seasonal + 6 * (rnd_value - 0.5))))


def case_weights(month: int) -> list[int]:
    """Weights of :data:`CASES` in a month (seasonal kinds three times as likely)."""
    return [case.weight * (3 if month in case.season else 1) for case in CASES]


class Deck(Generic[Card]):
    """Shares that hold in every stretch of the year, not only on average: cards are drawn
    without replacement from a shuffled deck, refilled when empty. So a quiet month of 15
    intakes still refers about six, and every outcome appears whatever day the demo is made
    (a plain ``random() < p`` leaves a rare outcome out on some days)."""

    def __init__(self, rnd: random.Random, cards: Sequence[Card]) -> None:
        self._rnd, self._cards, self._left = rnd, list(cards), list[Card]()

    def draw(self, fits: Callable[[Card], bool] = lambda _card: True) -> Card:
        """The next card that ``fits`` (the others stay in the deck for later draws)."""
        while True:
            for index, card in enumerate(self._left):
                if fits(card):
                    return self._left.pop(index)
            fresh = list(self._cards)
            self._rnd.shuffle(fresh)
            self._left += fresh
