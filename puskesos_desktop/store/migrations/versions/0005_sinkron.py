"""sinkronisasi - desk tepercaya, aliran paket, konflik

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 16:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "aliran_keluar",
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column(
            "last_manifest_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
        ),
        sa.Column("last_journal_seq", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("destination"),
    )
    op.create_table(
        "aliran_masuk",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("applied_seq", sa.Integer(), nullable=False),
        sa.Column(
            "last_manifest_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
        ),
        sa.Column("last_applied_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("origin"),
    )
    op.create_table(
        "desk_tepercaya",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("official_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=13), nullable=False),
        sa.Column("card_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=19), nullable=False),
        sa.Column(
            "minisign_public_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False
        ),
        sa.Column("age_recipient", sqlmodel.sql.sqltypes.AutoString(length=70), nullable=False),
        sa.Column("enrolled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("enrolled_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("previous_keys", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("desk_id"),
    )
    op.create_table(
        "konflik",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("ours", sa.JSON(), nullable=True),
        sa.Column("theirs", sa.JSON(), nullable=True),
        sa.Column("ours_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("ours_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("theirs_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("theirs_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("change_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("choice", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("resolution_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("konflik", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_konflik_origin"), ["origin"], unique=False)
        batch_op.create_index(batch_op.f("ix_konflik_resolved"), ["resolved"], unique=False)
        batch_op.create_index(batch_op.f("ix_konflik_uid"), ["uid"], unique=False)

    op.create_table(
        "log_paket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("applied_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("origin", "seq"),
    )
    with op.batch_alter_table("log_paket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_paket_origin"), ["origin"], unique=False)

    op.create_table(
        "paket_keluar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("manifest_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("change_count", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("part_group", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("part_index", sa.Integer(), nullable=True),
        sa.Column("part_total", sa.Integer(), nullable=True),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.Column("acknowledged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("destination", "seq"),
    )
    with op.batch_alter_table("paket_keluar", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paket_keluar_destination"), ["destination"], unique=False
        )

    op.create_table(
        "paket_tertunda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("file_path", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("part_group", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("part_index", sa.Integer(), nullable=True),
        sa.Column("part_total", sa.Integer(), nullable=True),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("origin", "seq", "manifest_sha256"),
    )
    with op.batch_alter_table("paket_tertunda", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paket_tertunda_origin"), ["origin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paket_tertunda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paket_tertunda_origin"))

    op.drop_table("paket_tertunda")
    with op.batch_alter_table("paket_keluar", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paket_keluar_destination"))

    op.drop_table("paket_keluar")
    with op.batch_alter_table("log_paket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_paket_origin"))

    op.drop_table("log_paket")
    with op.batch_alter_table("konflik", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_konflik_uid"))
        batch_op.drop_index(batch_op.f("ix_konflik_resolved"))
        batch_op.drop_index(batch_op.f("ix_konflik_origin"))

    op.drop_table("konflik")
    op.drop_table("desk_tepercaya")
    op.drop_table("aliran_masuk")
    op.drop_table("aliran_keluar")
