"""lembaga layanan, rujukan dan surat keluar

The service directory, referrals and their status history, the register of outgoing
letters (all synced), and the desk-local letter number counter, letter settings and
archived letter contents.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('arsip_surat',
    sa.Column('surat_uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('isi', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('surat_uid')
    )
    op.create_table('lembaga',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('nama', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('jenis', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('jabatan_penerima', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('alamat', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('telepon', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('jam_layanan', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('melayani', sa.JSON(), nullable=False),
    sa.Column('catatan', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('sumber', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('uid')
    )
    op.create_index(op.f('ix_lembaga_deleted'), 'lembaga', ['deleted'], unique=False)
    op.create_index(op.f('ix_lembaga_nama'), 'lembaga', ['nama'], unique=False)
    op.create_table('nomor_surat_terakhir',
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('terakhir', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('tahun')
    )
    op.create_table('pengaturan_surat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pola_nomor', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('kode_klasifikasi', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('kode_unit', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('masa_berlaku_hari', sa.Integer(), nullable=False),
    sa.Column('hari_tindak_lanjut', sa.Integer(), nullable=False),
    sa.Column('kertas', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('penanda_tangan_id', sa.Integer(), nullable=True),
    sa.Column('tembusan', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('rujukan',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('orang_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('keluarga_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('layanan_masuk_uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('asesmen_uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('lembaga_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('perihal', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('alasan', sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
    sa.Column('layanan_diminta', sa.JSON(), nullable=False),
    sa.Column('urgensi', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('dokumen_dibawa', sa.JSON(), nullable=False),
    sa.Column('setuju_dibagikan', sa.Boolean(), nullable=False),
    sa.Column('persetujuan_dari', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('persetujuan_tanggal', sa.Date(), nullable=True),
    sa.Column('persetujuan_dicatat_oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('tanggal_tindak_lanjut', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=False),
    sa.Column('status_tanggal', sa.Date(), nullable=False),
    sa.Column('rujukan_baru_uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('kode_balik', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['keluarga_uid'], ['keluarga.uid'], ),
    sa.ForeignKeyConstraint(['lembaga_uid'], ['lembaga.uid'], ),
    sa.ForeignKeyConstraint(['orang_uid'], ['orang.uid'], ),
    sa.PrimaryKeyConstraint('uid')
    )
    op.create_index(op.f('ix_rujukan_asesmen_uid'), 'rujukan', ['asesmen_uid'], unique=False)
    op.create_index(op.f('ix_rujukan_deleted'), 'rujukan', ['deleted'], unique=False)
    op.create_index(op.f('ix_rujukan_keluarga_uid'), 'rujukan', ['keluarga_uid'], unique=False)
    op.create_index(op.f('ix_rujukan_kode_balik'), 'rujukan', ['kode_balik'], unique=False)
    op.create_index(op.f('ix_rujukan_layanan_masuk_uid'), 'rujukan', ['layanan_masuk_uid'], unique=False)
    op.create_index(op.f('ix_rujukan_lembaga_uid'), 'rujukan', ['lembaga_uid'], unique=False)
    op.create_index(op.f('ix_rujukan_orang_uid'), 'rujukan', ['orang_uid'], unique=False)
    op.create_index(op.f('ix_rujukan_status'), 'rujukan', ['status'], unique=False)
    op.create_index(op.f('ix_rujukan_tanggal_tindak_lanjut'), 'rujukan', ['tanggal_tindak_lanjut'], unique=False)
    op.create_table('riwayat_status_rujukan',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('rujukan_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dari_status', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=False),
    sa.Column('ke_status', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=False),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('alasan', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('catatan', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['rujukan_uid'], ['rujukan.uid'], ),
    sa.PrimaryKeyConstraint('uid')
    )
    op.create_index(op.f('ix_riwayat_status_rujukan_deleted'), 'riwayat_status_rujukan', ['deleted'], unique=False)
    op.create_index(op.f('ix_riwayat_status_rujukan_rujukan_uid'), 'riwayat_status_rujukan', ['rujukan_uid'], unique=False)
    op.create_table('surat_keluar',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('nomor', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('urut', sa.Integer(), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('berlaku_sampai', sa.Date(), nullable=True),
    sa.Column('perihal', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('tujuan', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('rujukan_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('alasan_batal', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('dibatalkan_oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('dibatalkan_pada', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('jumlah_cetak_ulang', sa.Integer(), nullable=False),
    sa.Column('qr_payload', sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
    sa.Column('kode_verifikasi', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('kertas', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['rujukan_uid'], ['rujukan.uid'], ),
    sa.PrimaryKeyConstraint('uid'),
    sa.UniqueConstraint('origin', 'tahun', 'urut', name='uq_surat_nomor')
    )
    op.create_index(op.f('ix_surat_keluar_deleted'), 'surat_keluar', ['deleted'], unique=False)
    op.create_index(op.f('ix_surat_keluar_nomor'), 'surat_keluar', ['nomor'], unique=False)
    op.create_index(op.f('ix_surat_keluar_rujukan_uid'), 'surat_keluar', ['rujukan_uid'], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_index(op.f('ix_surat_keluar_rujukan_uid'), table_name='surat_keluar')
    op.drop_index(op.f('ix_surat_keluar_nomor'), table_name='surat_keluar')
    op.drop_index(op.f('ix_surat_keluar_deleted'), table_name='surat_keluar')
    op.drop_table('surat_keluar')
    op.drop_index(op.f('ix_riwayat_status_rujukan_rujukan_uid'), table_name='riwayat_status_rujukan')
    op.drop_index(op.f('ix_riwayat_status_rujukan_deleted'), table_name='riwayat_status_rujukan')
    op.drop_table('riwayat_status_rujukan')
    op.drop_index(op.f('ix_rujukan_tanggal_tindak_lanjut'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_status'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_orang_uid'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_lembaga_uid'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_layanan_masuk_uid'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_kode_balik'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_keluarga_uid'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_deleted'), table_name='rujukan')
    op.drop_index(op.f('ix_rujukan_asesmen_uid'), table_name='rujukan')
    op.drop_table('rujukan')
    op.drop_table('pengaturan_surat')
    op.drop_table('nomor_surat_terakhir')
    op.drop_index(op.f('ix_lembaga_nama'), table_name='lembaga')
    op.drop_index(op.f('ix_lembaga_deleted'), table_name='lembaga')
    op.drop_table('lembaga')
    op.drop_table('arsip_surat')
    # ### end Alembic commands ###
