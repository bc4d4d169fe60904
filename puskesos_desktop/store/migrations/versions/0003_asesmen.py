"""asesmen dan verivali

Assessments with their PPKS findings and member rows, verivali marks (all synced), and the
local autosave table for assessment forms.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "asesmen_draf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keluarga_uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("operator", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("isi", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("disimpan_pada", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("keluarga_uid", "operator", name="uq_asesmen_draf"),
    )
    with op.batch_alter_table("asesmen_draf", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asesmen_draf_keluarga_uid"), ["keluarga_uid"], unique=False
        )

    op.create_table(
        "verivali",
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("keluarga_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("alasan", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("program", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("ditandai_oleh", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("ditandai_pada", sa.Date(), nullable=False),
        sa.Column("hasil", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("tanggal_kunjungan", sa.Date(), nullable=True),
        sa.Column(
            "petugas_kunjungan", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False
        ),
        sa.Column("catatan", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("status_stiker", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["keluarga_uid"],
            ["keluarga.uid"],
        ),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("verivali", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verivali_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_verivali_hasil"), ["hasil"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verivali_keluarga_uid"), ["keluarga_uid"], unique=False
        )

    op.create_table(
        "asesmen",
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("keluarga_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("orang_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("layanan_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("petugas", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("metode", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("kebutuhan", sa.JSON(), nullable=False),
        sa.Column(
            "catatan_kebutuhan", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False
        ),
        sa.Column("sosek", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("aset", sa.JSON(), nullable=True),
        sa.Column("ternak", sa.JSON(), nullable=True),
        sa.Column("sumber_penghasilan", sa.JSON(), nullable=True),
        sa.Column("program_diterima", sa.JSON(), nullable=True),
        sa.Column("punya_kks", sa.Boolean(), nullable=True),
        sa.Column("pernah_bantuan_rumah", sa.Boolean(), nullable=True),
        sa.Column("kehilangan_mata_pencaharian", sa.Boolean(), nullable=True),
        sa.Column("luas_lantai", sa.Float(), nullable=True),
        sa.Column("jumlah_anggota", sa.Integer(), nullable=True),
        sa.Column("desil", sa.Integer(), nullable=True),
        sa.Column("desil_diperiksa", sa.Date(), nullable=True),
        sa.Column("pengamatan", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("rekomendasi", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("skor", sa.Integer(), nullable=False),
        sa.Column("kategori_skor", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("versi_bobot", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("penjelasan_skor", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["keluarga_uid"],
            ["keluarga.uid"],
        ),
        sa.ForeignKeyConstraint(
            ["layanan_uid"],
            ["layanan_masuk.uid"],
        ),
        sa.ForeignKeyConstraint(
            ["orang_uid"],
            ["orang.uid"],
        ),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("asesmen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asesmen_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_asesmen_keluarga_uid"), ["keluarga_uid"], unique=False)
        batch_op.create_index(batch_op.f("ix_asesmen_layanan_uid"), ["layanan_uid"], unique=False)
        batch_op.create_index(batch_op.f("ix_asesmen_orang_uid"), ["orang_uid"], unique=False)
        batch_op.create_index(batch_op.f("ix_asesmen_tanggal"), ["tanggal"], unique=False)

    op.create_table(
        "asesmen_orang",
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("asesmen_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("orang_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.Column("nama", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("umur", sa.Integer(), nullable=True),
        sa.Column("jenis_kelamin", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("hamil", sa.Boolean(), nullable=True),
        sa.Column("status_sekolah", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("jenjang_sekolah", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("punya_akta_lahir", sa.Boolean(), nullable=True),
        sa.Column("punya_nisn", sa.Boolean(), nullable=True),
        sa.Column("yatim_piatu", sa.Boolean(), nullable=True),
        sa.Column("disabilitas", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("ragam_disabilitas", sa.JSON(), nullable=False),
        sa.Column("kesulitan", sa.JSON(), nullable=False),
        sa.Column("penyakit_kronis", sa.JSON(), nullable=True),
        sa.Column("jaminan_kesehatan", sa.JSON(), nullable=True),
        sa.Column("lansia_tinggal_sendiri", sa.Boolean(), nullable=True),
        sa.Column("penghasilan_bulanan", sa.Integer(), nullable=True),
        sa.Column("program_diterima", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asesmen_uid"],
            ["asesmen.uid"],
        ),
        sa.ForeignKeyConstraint(
            ["orang_uid"],
            ["orang.uid"],
        ),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("asesmen_orang", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asesmen_orang_asesmen_uid"), ["asesmen_uid"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asesmen_orang_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_asesmen_orang_orang_uid"), ["orang_uid"], unique=False)

    op.create_table(
        "asesmen_ppks",
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("asesmen_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kode", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("orang_uid", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("bukti", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["asesmen_uid"],
            ["asesmen.uid"],
        ),
        sa.ForeignKeyConstraint(
            ["orang_uid"],
            ["orang.uid"],
        ),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("asesmen_ppks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asesmen_ppks_asesmen_uid"), ["asesmen_uid"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asesmen_ppks_deleted"), ["deleted"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("asesmen_ppks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asesmen_ppks_deleted"))
        batch_op.drop_index(batch_op.f("ix_asesmen_ppks_asesmen_uid"))

    op.drop_table("asesmen_ppks")
    with op.batch_alter_table("asesmen_orang", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asesmen_orang_orang_uid"))
        batch_op.drop_index(batch_op.f("ix_asesmen_orang_deleted"))
        batch_op.drop_index(batch_op.f("ix_asesmen_orang_asesmen_uid"))

    op.drop_table("asesmen_orang")
    with op.batch_alter_table("asesmen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asesmen_tanggal"))
        batch_op.drop_index(batch_op.f("ix_asesmen_orang_uid"))
        batch_op.drop_index(batch_op.f("ix_asesmen_layanan_uid"))
        batch_op.drop_index(batch_op.f("ix_asesmen_keluarga_uid"))
        batch_op.drop_index(batch_op.f("ix_asesmen_deleted"))

    op.drop_table("asesmen")
    with op.batch_alter_table("verivali", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verivali_keluarga_uid"))
        batch_op.drop_index(batch_op.f("ix_verivali_hasil"))
        batch_op.drop_index(batch_op.f("ix_verivali_deleted"))

    op.drop_table("verivali")
    with op.batch_alter_table("asesmen_draf", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asesmen_draf_keluarga_uid"))

    op.drop_table("asesmen_draf")
