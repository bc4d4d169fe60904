"""The signed QR payload: verifiable offline, tamper-evident, and safe on hostile input."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Protocol

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from puskesos_desktop.letters.qr import (
    FORMAT_TAG,
    QrFields,
    Status,
    fold_destination,
    make_qr_payload,
    mark_voided,
    nik_matches,
    parse_and_verify,
    verification_code,
)
from puskesos_desktop.letters.qr_draw import qr_matrix
from puskesos_desktop.letters.referral import render_referral_letter
from puskesos_desktop.sync.keys import DeskKeys

DESK_ID = "3320012001-7f3a"  # the desk id of the ``desk_keys`` fixture
OTHER_DESK_ID = "3320012002-0b1c"  # ... and of ``other_desk_keys``
TODAY = date(2026, 11, 23)
NIK = "3320014505800001"
Signer = Callable[..., tuple[QrFields, str]]


class BareSigner(Protocol):
    """conftest's lightweight signer: a desk id and a minisign key pair."""

    desk_id: str

    @property
    def public_key_b64(self) -> str: ...

zxingcpp = pytest.importorskip("zxingcpp")


@pytest.fixture
def known(desk_keys: DeskKeys) -> dict[str, str]:
    return {DESK_ID: desk_keys.public_key_b64}


def test_a_signed_payload_verifies_and_states_its_facts(sign_fields: Signer,
                                                        known: dict[str, str]) -> None:
    fields, payload = sign_fields()
    result = parse_and_verify(payload, known, TODAY)
    assert result.status is Status.VALID
    assert result.is_valid
    claims = result.claims
    assert claims is not None
    assert claims.letter_id == fields.letter_id
    assert claims.number == "460/007/2001/XI/2026"
    assert (claims.issued, claims.expires) == (fields.issued, fields.expires)
    assert claims.desk_id == DESK_ID
    assert claims.destination == "PUSKESMAS BANGSRI I"
    assert result.verification_code == verification_code(payload)
    assert "SAH" in result.message and "460/007/2001/XI/2026" in result.message
    assert "22 Februari 2027" in result.message


def test_payload_is_compact_ascii_and_never_holds_the_nik(sign_fields: Signer) -> None:
    _, payload = sign_fields()
    assert payload.startswith(f"{FORMAT_TAG}*")
    assert payload.isascii() and payload.isprintable()
    assert len(payload) < 300
    assert NIK not in payload
    assert segno.make(payload, error="M").version <= 10
    assert len(qr_matrix(payload)) <= 57  # version 10 or smaller: scannable at 25 mm


def test_lower_case_letter_numbers_still_fit(sign_fields: Signer, known: dict[str, str]) -> None:
    _, payload = sign_fields(number="400.9.1/0012/Kesra_SLRT/XI/2026")
    assert parse_and_verify(payload, known, TODAY).status is Status.VALID
    assert len(qr_matrix(payload)) <= 61


def test_every_single_character_change_is_detected(sign_fields: Signer,
                                                   known: dict[str, str]) -> None:
    _, payload = sign_fields()
    for position, original in enumerate(payload):
        for replacement in {"A", "Z", "2", "7", "a", "*", "/", "0", " "} - {original}:
            flipped = payload[:position] + replacement + payload[position + 1 :]
            status = parse_and_verify(flipped, known, TODAY).status
            assert status in (Status.TAMPERED, Status.MALFORMED, Status.UNKNOWN_DESK), (
                position, replacement, status)


def test_spare_bits_of_base32_cannot_be_flipped(sign_fields: Signer,
                                                known: dict[str, str]) -> None:
    """The last base32 character of the signature carries 3 unused bits; a variant that
    decodes to the same bytes must still be rejected."""
    _, payload = sign_fields()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    last = alphabet.index(payload[-1])
    for spare in range(1, 8):
        variant = payload[:-1] + alphabet[last ^ spare]
        assert parse_and_verify(variant, known, TODAY).status is not Status.VALID


def test_lower_cased_payload_is_not_valid(sign_fields: Signer, known: dict[str, str]) -> None:
    _, payload = sign_fields()
    assert parse_and_verify(payload.lower(), known, TODAY).status is Status.MALFORMED


def test_surrounding_whitespace_from_a_scanner_is_tolerated(sign_fields: Signer,
                                                            known: dict[str, str]) -> None:
    _, payload = sign_fields()
    assert parse_and_verify(f"  {payload}\r\n", known, TODAY).status is Status.VALID


def test_expiry_day_is_still_valid_and_the_next_day_is_expired(sign_fields: Signer,
                                                               known: dict[str, str]) -> None:
    fields, payload = sign_fields()
    assert parse_and_verify(payload, known, fields.expires).status is Status.VALID
    late = parse_and_verify(payload, known, fields.expires + timedelta(days=1))
    assert late.status is Status.EXPIRED
    assert "22 Februari 2027" in late.message
    assert late.claims is not None  # the facts are shown: the signature itself is genuine


def test_unknown_desk(sign_fields: Signer) -> None:
    _, payload = sign_fields()
    result = parse_and_verify(payload, {}, TODAY)
    assert result.status is Status.UNKNOWN_DESK
    assert DESK_ID in result.message and "kartu kunci" in result.message


def test_another_desks_key_means_tampered(sign_fields: Signer,
                                          other_desk_keys: BareSigner) -> None:
    _, payload = sign_fields()
    result = parse_and_verify(payload, {DESK_ID: other_desk_keys.public_key_b64}, TODAY)
    assert result.status is Status.TAMPERED
    assert "TIDAK SAH" in result.message


def test_a_payload_claiming_another_desk_is_tampered(sign_fields: Signer,
                                                     desk_keys: DeskKeys,
                                                     other_desk_keys: BareSigner) -> None:
    _, payload = sign_fields()
    forged = payload.replace(DESK_ID.upper(), OTHER_DESK_ID.upper())
    keys = {DESK_ID: desk_keys.public_key_b64, OTHER_DESK_ID: other_desk_keys.public_key_b64}
    assert parse_and_verify(forged, keys, TODAY).status is Status.TAMPERED


def test_old_keys_after_rotation_still_vouch(sign_fields: Signer, desk_keys: DeskKeys,
                                             other_desk_keys: BareSigner) -> None:
    _, payload = sign_fields()
    keys = {DESK_ID: [other_desk_keys.public_key_b64, desk_keys.public_key_b64]}
    assert parse_and_verify(payload, keys, TODAY).status is Status.VALID
    broken = {DESK_ID: ["bukan kunci", 42, other_desk_keys.public_key_b64]}
    assert parse_and_verify(payload, broken, TODAY).status is Status.TAMPERED  # type: ignore[dict-item]


def test_voided_is_the_services_verdict(sign_fields: Signer, known: dict[str, str]) -> None:
    _, payload = sign_fields()
    voided = mark_voided(parse_and_verify(payload, known, TODAY))
    assert voided.status is Status.VOIDED
    assert "DIBATALKAN" in voided.message
    malformed = parse_and_verify("x", known, TODAY)
    assert mark_voided(malformed) is malformed


@pytest.mark.parametrize(
    "garbage",
    [None, 42, b"PSK1*", "", " ", "PSK1", "PSK1*" * 9 + "X", "PSK*a*b*c*d*e*f*g*h*i",
     "https://example.com/?q=PSK1", "PSK1*\u0130" * 5, "A" * 10_000, "\x00" * 50,
     "PSK1*" + "A" * 700],
)
def test_garbage_is_malformed(garbage: object, known: dict[str, str]) -> None:
    result = parse_and_verify(garbage, known, TODAY)
    assert result.status is Status.MALFORMED
    assert result.claims is None
    assert "bukan kode QR surat Puskesos" in result.message


def test_a_newer_format_asks_for_an_update(known: dict[str, str]) -> None:
    result = parse_and_verify("PSK2*ABC*DEF", known, TODAY)
    assert result.status is Status.MALFORMED
    assert "lebih baru" in result.message


def test_structurally_wrong_fields_are_malformed(sign_fields: Signer,
                                                 known: dict[str, str]) -> None:
    _, payload = sign_fields()
    parts = payload.split("*")
    variants = {
        3: "20261332",  # no such date
        4: "2026112",  # short date
        5: "3320012001-7F3G",  # not hex
        1: parts[1][:-1],  # short id
    }
    for index, value in variants.items():
        broken = "*".join([*parts[:index], value, *parts[index + 1 :]])
        assert parse_and_verify(broken, known, TODAY).status is Status.MALFORMED


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_raises(text: str) -> None:
    result = parse_and_verify(text, {DESK_ID: "RWQ"}, TODAY)
    assert result.status in (Status.MALFORMED, Status.TAMPERED, Status.UNKNOWN_DESK)


def test_nik_matches_only_the_right_nik(sign_fields: Signer) -> None:
    _, payload = sign_fields()
    assert nik_matches(payload, NIK)
    assert nik_matches(payload, f" {NIK} ")
    assert not nik_matches(payload, "3320014505800002")
    assert not nik_matches(payload, "")
    assert not nik_matches(payload, None)  # type: ignore[arg-type]
    assert not nik_matches("sampah", NIK)


def test_same_nik_hashes_differently_on_each_letter(sign_fields: Signer) -> None:
    _, first = sign_fields()
    _, second = sign_fields()
    assert first.split("*")[7:9] != second.split("*")[7:9]


def test_verification_code_is_short_and_tied_to_the_signature(sign_fields: Signer) -> None:
    _, first = sign_fields()
    _, second = sign_fields()
    code = verification_code(first)
    assert re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}", code)
    assert verification_code(first) == code
    assert verification_code(second) != code
    with pytest.raises(ValueError):
        verification_code("bukan payload")


@pytest.mark.parametrize(
    "change",
    [
        {"nik": "12345"},
        {"nik": "33200145058000O1"},
        {"number": "460/007 /XI/2026"},
        {"number": "460*007/XI/2026"},
        {"number": ""},
        {"expires": date(2026, 11, 21)},
        {"destination": "***"},
    ],
)
def test_bad_inputs_are_programming_errors(change: dict[str, object],
                                           desk_keys: DeskKeys) -> None:
    fields = QrFields(uuid.uuid4(), "460/007/2001/XI/2026", date(2026, 11, 22),
                      date(2027, 2, 22), "Puskesmas Bangsri", NIK)
    with pytest.raises(ValueError):
        make_qr_payload(replace(fields, **change), desk_keys)  # type: ignore[arg-type]


def test_destination_is_folded_to_short_capital_ascii() -> None:
    assert fold_destination("Puskesmas Bangsrí (Rawat Inap)") == "PUSKESMAS BANGSRI RAWAT INAP"
    assert fold_destination("RSUD R.A. Kartini") == "RSUD R.A. KARTINI"
    assert fold_destination("  Dinas Sosial, P3A & KB  ") == "DINAS SOSIAL P3A KB"
    assert len(fold_destination("Panti Sosial " * 10)) <= 40


def test_qr_decoded_from_the_printed_page_verifies(
    signed_letter: Callable[..., object], known: dict[str, str],
    rasterise: Callable[..., object],
) -> None:
    """Print path end to end: PDF → 200 dpi raster → zxing → signature check."""
    letter = signed_letter()
    for paper in ("A4", "F4"):
        pdf = render_referral_letter(letter, paper)  # type: ignore[arg-type]
        image = rasterise(pdf, 1, 200)
        found = [code for code in zxingcpp.read_barcodes(image)
                 if code.format == zxingcpp.BarcodeFormat.QRCode]
        assert len(found) == 1
        assert found[0].text == letter.qr_payload  # type: ignore[attr-defined]
        result = parse_and_verify(found[0].text, known, TODAY)
        assert result.status is Status.VALID
        assert result.verification_code == letter.verification_code  # type: ignore[attr-defined]
        flipped = found[0].text[:40] + ("B" if found[0].text[40] != "B" else "C") + (
            found[0].text[41:])
        assert parse_and_verify(flipped, known, TODAY).status is not Status.VALID
