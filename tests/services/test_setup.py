"""First-run setup through the service, as the wizard and the CLI drive it."""

from __future__ import annotations

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.profile import ProfileService
from puskesos_desktop.services.setup import (
    DeskMode,
    OfficialInput,
    PeranPejabat,
    SetupRequest,
    SetupService,
    validate,
)
from puskesos_desktop.sync.keys import load_keys


def _request(**overrides: object) -> SetupRequest:
    values: dict[str, object] = {
        "mode": DeskMode.DESA,
        "kode_wilayah": "33.20.01.2004",
        "admin_username": "nurul",
        "admin_nama": "Nurul Hidayah",
        "admin_password": "rahasia123",
        "kode_pos": "59463",
        "officials": (OfficialInput(PeranPejabat.KEPALA, "Kepala Desa Tedunan", "Sutrisno"),),
    }
    values.update(overrides)
    return SetupRequest(**values)  # type: ignore[arg-type]


def test_village_setup_writes_profile_officials_operator_and_keys(context: ServiceContext) -> None:
    result = SetupService(context).complete(_request())

    assert result.desk_id.startswith("3320012004-")
    profile = ProfileService(context).get()
    assert profile is not None
    assert (profile.mode, profile.desk_id) == ("desa", result.desk_id)
    assert (profile.nama_kabupaten, profile.nama_kecamatan, profile.nama_desa) == (
        "Kabupaten Jepara",
        "Kedung",
        "Tedunan",
    )
    assert (profile.kop_instansi, profile.kop_unit, profile.kop_nama) == (
        "PEMERINTAH KABUPATEN JEPARA",
        "KECAMATAN KEDUNG",
        "DESA TEDUNAN",
    )
    assert profile.display_name == "Desa Tedunan"
    assert [o.nama for o in ProfileService(context).officials()] == ["Sutrisno"]
    keys = load_keys(context.paths.keys, ProfileService(context).key_passphrase())
    assert keys.desk_id == result.desk_id
    assert context.actor is not None and context.actor.operator == "nurul"
    assert ProfileService(context).login("nurul", "rahasia123").peran == "admin"
    with pytest.raises(UserError):
        ProfileService(context).login("nurul", "salah-sandi1")


def test_district_setup_uses_kabupaten_code(context: ServiceContext) -> None:
    result = SetupService(context).complete(_request(mode=DeskMode.DINAS, kode_wilayah="33.20"))
    profile = ProfileService(context).get()
    assert result.desk_id == "dinas-3320"
    assert profile is not None and profile.kop_nama == "DINAS SOSIAL"
    assert profile.display_name == "Dinas Sosial Kabupaten Jepara"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"kode_wilayah": "33.20.01"}, "Pilih desa/kelurahan"),
        ({"kode_wilayah": "99.99.99.9999"}, "Pilih desa/kelurahan"),
        ({"mode": DeskMode.DINAS}, "Pilih kabupaten/kota"),
        ({"admin_password": "pendek1"}, "terlalu pendek"),
        ({"admin_password": "hanyahuruf"}, "huruf dan angka"),
        ({"admin_username": "a b"}, "Nama pengguna"),
        ({"kode_pos": "5946"}, "Kode pos"),
        ({"admin_nama": " "}, "nama lengkap"),
    ],
)
def test_invalid_requests_are_explained_and_write_nothing(
    context: ServiceContext, overrides: dict[str, object], fragment: str
) -> None:
    request = _request(**overrides)
    assert any(fragment in problem for problem in validate(request))
    with pytest.raises(UserError, match=fragment):
        SetupService(context).complete(request)
    assert not SetupService(context).is_done()
    assert not any(context.paths.keys.iterdir())


def test_second_setup_is_refused(context: ServiceContext) -> None:
    SetupService(context).complete(_request())
    with pytest.raises(UserError, match="sudah disiapkan"):
        SetupService(context).complete(_request())


def test_a_logo_that_is_not_a_png_is_refused_before_anything_is_written(
    context: ServiceContext,
) -> None:
    with pytest.raises(UserError, match="PNG"):
        SetupService(context).complete(_request(logo_png=b"MZ\x90\x00 not an image"))
    assert not SetupService(context).is_done()
    assert not any(context.paths.keys.iterdir())
