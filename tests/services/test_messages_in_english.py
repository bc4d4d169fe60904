"""Service, sync and domain messages follow the language chosen at start, not Indonesian only.

Module-level message tables (bundle refusal reasons, table labels, referral statuses) are
marked with ``N_()`` and translated when used, so switching the language after import must
still change what the user reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from puskesos_desktop import i18n
from puskesos_desktop.domain.desk_id import desk_kind
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import StatusRujukan, Transition, check_transition
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import InvalidInput, KeluargaInput, OrangInput
from puskesos_desktop.services.sync_results import counts_text
from puskesos_desktop.sync.errors import BundleRejected, RejectReason


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    assert i18n.current_language() == "en"
    yield
    i18n.set_language("id")


def _bad_nik_household() -> KeluargaInput:
    person = OrangInput(
        nama="Slamet Riyadi",
        jenis_kelamin="L",
        nik="12345",
        tanggal_lahir=date(1980, 8, 17),
        hubungan="KEPALA",
    )
    return KeluargaInput(no_kk=None, alamat="Dk. Krajan", rt="2", rw="1", anggota=(person,))


def test_registry_refuses_an_invalid_nik_in_english(demo_desk: Desk, english: None) -> None:
    registry = RegistryService(demo_desk.context)
    with pytest.raises(InvalidInput) as caught:
        registry.create_household(_bad_nik_household(), confirm_warnings=True)
    assert caught.value.message.startswith("The data cannot be saved yet:\n"), caught.value.message
    assert "belum dapat" not in caught.value.message


def test_refused_bundle_reason_is_english_and_follows_a_later_switch(english: None) -> None:
    rejected = BundleRejected(RejectReason.REVOKED)
    assert rejected.message.startswith("The bundle is signed with a key that has been revoked.")
    invalid = BundleRejected(RejectReason.INVALID_CONTENT, "rev harus bilangan", line=3)
    assert invalid.message.endswith("(row 3: rev harus bilangan)"), invalid.message
    i18n.set_language("id")
    assert BundleRejected(RejectReason.REVOKED).message.startswith(
        "Paket ditandatangani dengan kunci yang sudah dicabut."
    )


def test_domain_rules_and_sync_counts_speak_english(english: None) -> None:
    with pytest.raises(UserError, match=r"^Desk ID 'x' is not valid\."):
        desk_kind("x")
    refused = Transition(StatusRujukan.SELESAI_DILAYANI)
    with pytest.raises(UserError, match="cannot change from 'Draft' to 'Served'"):
        check_transition(StatusRujukan.DRAF, refused)
    assert counts_text({"orang": 3, "keluarga": 1}) == "households: 1, residents: 3"
    assert counts_text({}) == "receipt only"
