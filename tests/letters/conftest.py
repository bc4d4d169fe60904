"""Fixtures for letter tests: real desk keys, a signed sample letter, PDF read-back helpers."""

from __future__ import annotations

import io
import secrets
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import minisign
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from puskesos_desktop.letters.qr import QrFields, make_qr_payload, verification_code
from puskesos_desktop.letters.referral import LetterData
from puskesos_desktop.letters.sample import sample_letter_data
from puskesos_desktop.sync.keys import DeskKeys, generate_keys, load_keys

DESK_ID = "3320012001-7f3a"
OTHER_DESK_ID = "3320012002-0b1c"


def _make_keys(directory: Path, desk_id: str) -> DeskKeys:
    passphrase = secrets.token_urlsafe(32)
    generate_keys(directory, passphrase, desk_id)
    return load_keys(directory, passphrase)


@pytest.fixture(scope="session")
def desk_keys(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskKeys]:
    keys = _make_keys(tmp_path_factory.mktemp("kunci"), DESK_ID)
    yield keys
    keys.wipe()


@dataclass
class BareSigner:
    """Just a minisign key pair with a desk id: what QR signing needs, without the age
    identity and scrypt-encrypted files (seconds per key) of the real keys module."""

    desk_id: str
    signing: minisign.SecretKey

    @property
    def public_key_b64(self) -> str:
        return self.signing.get_public_key().to_base64().decode("ascii")


@pytest.fixture(scope="session")
def other_desk_keys() -> BareSigner:
    return BareSigner(OTHER_DESK_ID, minisign.KeyPair.generate().secret_key)


@pytest.fixture
def sign_fields(desk_keys: DeskKeys) -> Callable[..., tuple[QrFields, str]]:
    """Build QR fields (overridable) and sign them with the session desk key."""

    def make(**overrides: Any) -> tuple[QrFields, str]:
        fields = QrFields(
            letter_id=uuid.uuid4(),
            number="460/007/2001/XI/2026",
            issued=date(2026, 11, 22),
            expires=date(2027, 2, 22),
            destination="Puskesmas Bangsri I",
            nik="3320014505800001",
        )
        fields = replace(fields, **overrides)
        return fields, make_qr_payload(fields, desk_keys)

    return make


@pytest.fixture
def signed_letter(sign_fields: Callable[..., tuple[QrFields, str]]) -> Callable[..., LetterData]:
    """The sample letter with a real signed QR; keyword arguments replace LetterData fields."""

    def make(**overrides: Any) -> LetterData:
        base = sample_letter_data(**overrides)
        _, payload = sign_fields(
            number=base.number, issued=base.issued, nik=base.person.nik,
            destination=base.addressee.lembaga,
        )
        return replace(base, qr_payload=payload, verification_code=verification_code(payload))

    return make


@pytest.fixture(scope="session")
def logo_png() -> bytes:
    """A small regional-emblem-like PNG with transparency."""
    image = Image.new("RGBA", (200, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(100, 5), (195, 60), (170, 200), (100, 235), (30, 200), (5, 60)],
                 fill=(20, 110, 60, 255), outline=(0, 0, 0, 255))
    draw.ellipse((60, 70, 140, 150), fill=(240, 200, 20, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def texts() -> Callable[[bytes], list[str]]:
    """Text of every page, via pypdf (what a reader's copy-paste would give)."""
    return page_texts


@pytest.fixture
def rasterise(tmp_path: Path) -> Callable[[bytes, int, int], Image.Image]:
    """Render one page with poppler's pdftoppm; skips when poppler is not installed."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) tidak terpasang")

    def render(pdf: bytes, page: int = 1, dpi: int = 200) -> Image.Image:
        stem = tmp_path / f"surat-{uuid.uuid4().hex}"
        source = stem.with_suffix(".pdf")
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
             "-singlefile", str(source), str(stem)],
            capture_output=True, check=True, timeout=60,
        )
        with Image.open(stem.with_suffix(".png")) as image:
            return image.convert("L")

    return render
