"""operator, peran, jejak audit

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jejak_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("operator", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("target_table", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("target_uid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("jejak_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jejak_audit_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_jejak_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jejak_audit_operator"), ["operator"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_jejak_audit_target_uid"), ["target_uid"], unique=False
        )

    with op.batch_alter_table("desk_profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kunci_otomatis_menit", sa.Integer(), nullable=False, server_default="10"
            )
        )

    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("wajib_ganti_sandi", sa.Boolean(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("terakhir_masuk", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )

    # The audit chain head each origin reports in its bundles (district: desks' heads).
    with op.batch_alter_table("aliran_masuk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audit_last_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("audit_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("audit_rewound_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("audit_rewound_from", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("audit_rewound_to", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aliran_masuk", schema=None) as batch_op:
        batch_op.drop_column("audit_rewound_to")
        batch_op.drop_column("audit_rewound_from")
        batch_op.drop_column("audit_rewound_seq")
        batch_op.drop_column("audit_hash")
        batch_op.drop_column("audit_last_id")

    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.drop_column("terakhir_masuk")
        batch_op.drop_column("wajib_ganti_sandi")

    with op.batch_alter_table("desk_profile", schema=None) as batch_op:
        batch_op.drop_column("kunci_otomatis_menit")

    with op.batch_alter_table("jejak_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jejak_audit_target_uid"))
        batch_op.drop_index(batch_op.f("ix_jejak_audit_operator"))
        batch_op.drop_index(batch_op.f("ix_jejak_audit_at"))
        batch_op.drop_index(batch_op.f("ix_jejak_audit_action"))

    op.drop_table("jejak_audit")
