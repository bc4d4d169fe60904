"""persetujuan, retensi, permintaan subjek data

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_UTC = sqlmodel.sql.sqltypes.UTCDateTime


def _synced_columns() -> list[sa.Column]:
    return [
        sa.Column("uid", _STR(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", _UTC(), nullable=False),
        sa.Column("updated_at", _UTC(), nullable=False),
        sa.Column("origin", _STR(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", _UTC(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "pengaturan_privasi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retensi_tahun", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "penghapusan_data",
        *_synced_columns(),
        sa.Column("orang_uid", _STR(), nullable=False),
        sa.Column("alasan", _STR(length=10), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("oleh", _STR(length=100), nullable=False),
        sa.Column("catatan", _STR(length=300), nullable=False),
        sa.ForeignKeyConstraint(["orang_uid"], ["orang.uid"]),
        sa.PrimaryKeyConstraint("uid"),
    )
    op.create_index("ix_penghapusan_data_deleted", "penghapusan_data", ["deleted"])
    op.create_index("ix_penghapusan_data_orang_uid", "penghapusan_data", ["orang_uid"])
    op.create_table(
        "persetujuan",
        *_synced_columns(),
        sa.Column("orang_uid", _STR(), nullable=False),
        sa.Column("jenis", _STR(length=10), nullable=False),
        sa.Column("lembaga_uid", _STR(length=36), nullable=True),
        sa.Column("tujuan", _STR(length=150), nullable=False),
        sa.Column("diberikan", sa.Boolean(), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("pemberi", _STR(length=20), nullable=False),
        sa.Column("cara", _STR(length=10), nullable=False),
        sa.Column("dicatat_oleh", _STR(length=100), nullable=False),
        sa.Column("sumber_uid", _STR(length=36), nullable=True),
        sa.Column("catatan", _STR(length=300), nullable=False),
        sa.ForeignKeyConstraint(["orang_uid"], ["orang.uid"]),
        sa.PrimaryKeyConstraint("uid"),
    )
    op.create_index("ix_persetujuan_deleted", "persetujuan", ["deleted"])
    op.create_index("ix_persetujuan_lembaga_uid", "persetujuan", ["lembaga_uid"])
    op.create_index("ix_persetujuan_orang_uid", "persetujuan", ["orang_uid"])


def downgrade() -> None:
    for index in ("deleted", "lembaga_uid", "orang_uid"):
        op.drop_index(f"ix_persetujuan_{index}", table_name="persetujuan")
    op.drop_table("persetujuan")
    for index in ("deleted", "orang_uid"):
        op.drop_index(f"ix_penghapusan_data_{index}", table_name="penghapusan_data")
    op.drop_table("penghapusan_data")
    op.drop_table("pengaturan_privasi")
