"""Fixtures shared by the service tests."""

from __future__ import annotations

import pytest

from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store.models import DeskProfile


@pytest.fixture
def profiled_context(context: ServiceContext) -> ServiceContext:
    """A migrated desk with a minimal profile row (no keys): enough for backup and start-up."""
    with context.transaction() as session:
        session.add(
            DeskProfile(
                mode="desa",
                desk_id="DESA-3201010001",
                kode_wilayah="32.01.01.2001",
                nama_provinsi="JAWA BARAT",
                nama_kabupaten="BOGOR",
                nama_desa="Sukamaju",
                kop_instansi="PEMERINTAH KABUPATEN BOGOR",
                kop_nama="DESA SUKAMAJU",
                key_passphrase="rahasia",
            )
        )
    return context
