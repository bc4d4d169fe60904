"""Hostile files from USB sticks and WhatsApp: each is a clean rejection, nothing changes.

Every reader the desk exposes to outside files is fed damaged and malicious input: the
bundle importer, the key-card reader, the CSV/XLSX list importer and the letter verifier.
The only acceptable outcomes are the reader's documented rejection (a ``UserError``, a
REJECTED import result, a "malformed" verdict) and an unchanged database: its file is
hashed before and after (engines disposed, so any write would have been checkpointed).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from crashkit import Base, copy_desk, open_context, scalar, sha256
from hostile_kit import forge_bundle, hostile_payloads, mutate, write, zip_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.context import ServiceContext

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


class Desk:
    """A copy of a base desk whose database must come out of every test byte-identical."""

    def __init__(self, root: Path, keys: Any) -> None:
        self.root, self.keys = root, keys
        self.context: ServiceContext = open_context(root, keys)
        self.context.engine.dispose()
        self.digest = sha256(root / "puskesos.db")

    def unchanged(self) -> bool:
        self.context.engine.dispose()  # the last close checkpoints anything written
        return sha256(self.root / "puskesos.db") == self.digest


@pytest.fixture(scope="module")
def district(base: Base, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = copy_desk(base.district, tmp_path_factory.mktemp("dinas") / "d")
    desk = Desk(root, base.district_keys)
    yield desk
    assert desk.unchanged()


@pytest.fixture(scope="module")
def village(base: Base, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = copy_desk(base.village, tmp_path_factory.mktemp("desa") / "v")
    desk = Desk(root, base.village_keys)
    yield desk
    assert desk.unchanged()


@pytest.fixture(scope="module")
def good_bundle(base: Base, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from puskesos_desktop.services.sync_export import ExportService

    sender = copy_desk(base.village, tmp_path_factory.mktemp("kirim") / "v")
    usb = sender.parent / "usb"
    usb.mkdir()
    context = open_context(sender, base.village_keys)
    [path] = ExportService(context).export(usb).files
    context.engine.dispose()
    return path.read_bytes()


def import_rejected(district: Desk, path: Path) -> None:
    from puskesos_desktop.services.sync_import import ImportService, Outcome

    report = ImportService(district.context).import_files([path])
    outcomes = [result.outcome for result in report.results]
    assert outcomes == [Outcome.REJECTED], report.results
    assert report.results[0].message
    assert district.unchanged()
    assert not any((district.root / "kotak-masuk").glob("*")), "a rejected bundle was queued"


# --------------------------------------------------------------------------- bundles


@pytest.mark.parametrize("name", sorted(hostile_payloads()))
def test_signed_hostile_bundle_from_a_trusted_desk_is_rejected(
    name: str, base: Base, district: Desk, tmp_path: Path
) -> None:
    target = scalar(district.root / "puskesos.db", "SELECT desk_id FROM desk_profile")
    data = forge_bundle(base.village_keys, target, base.district_keys.age_recipient,
                        **hostile_payloads()[name])  # fmt: skip
    import_rejected(district, write(tmp_path / "paket.psb", data))


@FUZZ
@given(seed=st.integers(0, 2**32))
def test_mutated_bundles_are_rejected_and_change_nothing(
    seed: int, good_bundle: bytes, district: Desk, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = mutate(good_bundle, random.Random(seed))
    if data == good_bundle:
        return
    import_rejected(district, write(tmp_path_factory.mktemp("m") / "paket.psb", data))


# --------------------------------------------------------------------------- key cards


def card_rejected(village: Desk, data: bytes) -> None:
    from puskesos_desktop.services.sync_trust import TrustService

    with pytest.raises(UserError) as caught:
        TrustService(village.context).preview_card(data)
    assert caught.value.message
    assert village.unchanged()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.dictionaries(
            st.sampled_from(["format", "desk_id", "kind", "region_code", "official_name",
                             "created_at", "minisign_public_key", "age_recipient", "signature",
                             "previous_signature", "x"]),
            json_values,
        ).map(lambda card: __import__("json").dumps(card).encode()),
    )
)  # fmt: skip
def test_hostile_key_cards_are_a_clean_user_error(data: bytes, village: Desk) -> None:
    card_rejected(village, data)


@pytest.mark.parametrize(
    "data",
    [b"[" * 200_000, b'{"a":' * 50_000, b'{"format": 1e999}', b'{"format": NaN}',
     b"\xff\xfe{}", b"{}" * 40_000, b'{"desk_id": "' + b"9" * 5000 + b'"}'],
    ids=["bersarang", "objek-bersarang", "angka-tak-hingga", "nan", "utf16", "besar", "panjang"],
)  # fmt: skip
def test_extreme_key_cards(data: bytes, village: Desk) -> None:
    card_rejected(village, data)


@pytest.fixture(scope="module")
def real_card(district: Desk) -> bytes:
    from puskesos_desktop.services.sync_trust import TrustService

    return TrustService(district.context).my_card().card_bytes


@FUZZ
@given(seed=st.integers(0, 2**32))
def test_mutated_real_key_card(seed: int, village: Desk, real_card: bytes) -> None:
    real = real_card
    data = mutate(real, random.Random(seed))
    if data != real:
        card_rejected(village, data)


# --------------------------------------------------------------------------- lists


def list_rejected_or_read(village: Desk, path: Path) -> None:
    """Preview and check may succeed on a lucky file, or refuse; a crash never."""
    from puskesos_desktop.services.list_import import ListImportService

    service = ListImportService(village.context)
    for step in (service.preview, service.check):
        try:
            step(path)
        except UserError as error:
            assert error.message
    assert village.unchanged()


@cache
def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIK", "NO_KK", "NAMA", "JK"])
    for row in range(30):
        sheet.append([f"33200101019{row:05d}", "3320010101150001", f"WARGA {row}", "L"])
    from io import BytesIO

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_as_a_list(
    data: bytes, suffix: str, village: Desk, tmp_path_factory: pytest.TempPathFactory
) -> None:
    list_rejected_or_read(village, write(tmp_path_factory.mktemp("l") / f"daftar{suffix}", data))


@FUZZ
@given(seed=st.integers(0, 2**32))
def test_mutated_xlsx(seed: int, village: Desk, tmp_path_factory: pytest.TempPathFactory) -> None:
    data = mutate(xlsx_bytes(), random.Random(seed))
    list_rejected_or_read(village, write(tmp_path_factory.mktemp("x") / "daftar.xlsx", data))


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>'
            "</sheetData></worksheet>").encode()  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["bom-zip", "lintasan", "tanpa-lembar", "tawa-miliaran", "csv-utf8-rusak", "csv-nul",
     "csv-kutip-terbuka", "csv-angka-raksasa", "csv-sel-raksasa"],
)  # fmt: skip
def test_malicious_lists(name: str, village: Desk, tmp_path: Path) -> None:
    real = xlsx_bytes()
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    header = "NIK;NO_KK;NAMA;JK\n"
    files = {
        "bom-zip": ("x.xlsx", zip_with({**members, "xl/bom.bin": bytes(300 * 1024 * 1024)})),
        "lintasan": ("x.xlsx", zip_with({**members, "../../../kunci/rahasia.age": b"x"})),
        "tanpa-lembar": ("x.xlsx", zip_with({"[Content_Types].xml": b"<x/>"})),
        "tawa-miliaran": ("x.xlsx", zip_with({**members,
                                              "xl/worksheets/sheet1.xml": billion_laughs()})),
        "csv-utf8-rusak": ("x.csv", (header + "3320\xff;1;A;L\n").encode("latin-1") + b"\xc3"),
        "csv-nul": ("x.csv", header.encode() + b"1;\x00\x00;A;L\n"),
        "csv-kutip-terbuka": ("x.csv", (header + '"1;2;A;L\n' * 2000).encode()),
        "csv-angka-raksasa": ("x.csv", (header + "9" * 5000 + ";1e999;A;L\n").encode()),
        "csv-sel-raksasa": ("x.csv", (header + "1;2;" + "A" * 3_000_000 + ";L\n").encode()),
    }  # fmt: skip
    file_name, data = files[name]
    list_rejected_or_read(village, write(tmp_path / file_name, data))
    assert not (tmp_path.parent / "kunci").exists()


# --------------------------------------------------------------------------- letters


def verdict(village: Desk, source: str | Path) -> str:
    from puskesos_desktop.services.letters import LetterService

    result = LetterService(village.context).verify_letter(source)
    assert result.judul and result.pesan
    assert village.unchanged()
    return result.status


@FUZZ
@given(text=st.text(max_size=700) | st.from_regex(r"PSK[0-9]{1,3}\*[A-Z0-9*]{20,300}"))
def test_pasted_text_never_crashes_the_verifier(text: str, village: Desk) -> None:
    assert verdict(village, text) in ("malformed", "tampered", "unknown_desk", "expired")


@cache
def letter_pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.setKeywords("PSK1*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    page.drawString(100, 700, "Surat rujukan")
    page.save()
    return buffer.getvalue()


@FUZZ
@given(seed=st.integers(0, 2**32))
def test_damaged_pdf_files_never_crash_the_verifier(
    seed: int, village: Desk, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = mutate(letter_pdf(), random.Random(seed))
    path = write(tmp_path_factory.mktemp("p") / "surat.pdf", data)
    assert verdict(village, path) in ("malformed", "tampered", "unknown_desk")


def test_oversized_or_missing_letter_files(village: Desk, tmp_path: Path) -> None:
    """Refused with a message, not read whole into a 4 GB laptop's memory."""
    huge = tmp_path / "besar.pdf"
    with huge.open("wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3 * 1024**3)
    for source, words in ((huge, "terlalu besar"), (tmp_path / "hilang.pdf", "tidak dapat"),
                          (tmp_path, "tidak dapat")):  # fmt: skip
        with pytest.raises(UserError, match=words):
            verdict(village, source)
    assert village.unchanged()
