"""riwayat registri, layanan masuk dan indeks pencarian

Adds the No. KK and membership history, duplicate decisions, the intake log, status
columns on ``orang`` and the person search index: ``orang_cari``/``kata_nama`` with their
FTS5 tables and triggers (SQL written out here, so this revision never changes when
``store/search_index.py`` does). Existing persons are queued for indexing (``basi = 1``);
the first search or registry write fills the index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:33:13.541106
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_DDL = (
    "CREATE VIRTUAL TABLE orang_fts USING fts5(fonetik, alamat, content='orang_cari', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE VIRTUAL TABLE kata_nama_tri USING fts5(fonetik, content='kata_nama', "
    "content_rowid='id', tokenize='trigram')",
)
TRIGGERS = (
    # FTS5 external-content bookkeeping; empty documents are kept out of the index.
    "CREATE TRIGGER orang_cari_ai AFTER INSERT ON orang_cari BEGIN "
    "INSERT INTO orang_fts(rowid, fonetik, alamat) SELECT new.id, new.fonetik, new.alamat "
    "WHERE new.fonetik != '' OR new.alamat != ''; END",
    "CREATE TRIGGER orang_cari_ad AFTER DELETE ON orang_cari BEGIN "
    "INSERT INTO orang_fts(orang_fts, rowid, fonetik, alamat) "
    "SELECT 'delete', old.id, old.fonetik, old.alamat "
    "WHERE old.fonetik != '' OR old.alamat != ''; END",
    "CREATE TRIGGER orang_cari_au AFTER UPDATE OF fonetik, alamat ON orang_cari BEGIN "
    "INSERT INTO orang_fts(orang_fts, rowid, fonetik, alamat) "
    "SELECT 'delete', old.id, old.fonetik, old.alamat "
    "WHERE old.fonetik != '' OR old.alamat != ''; "
    "INSERT INTO orang_fts(rowid, fonetik, alamat) SELECT new.id, new.fonetik, new.alamat "
    "WHERE new.fonetik != '' OR new.alamat != ''; END",
    "CREATE TRIGGER kata_nama_ai AFTER INSERT ON kata_nama BEGIN "
    "INSERT INTO kata_nama_tri(rowid, fonetik) VALUES (new.id, new.fonetik); END",
    # Whoever writes orang/keluarga, the affected persons are queued for re-indexing.
    "CREATE TRIGGER orang_cari_orang_ai AFTER INSERT ON orang BEGIN "
    "INSERT INTO orang_cari(uid, basi) VALUES (new.uid, 1) "
    "ON CONFLICT(uid) DO UPDATE SET basi = 1; END",
    "CREATE TRIGGER orang_cari_orang_au AFTER UPDATE OF nama, keluarga_uid, deleted "
    "ON orang BEGIN "
    "INSERT INTO orang_cari(uid, basi) VALUES (new.uid, 1) "
    "ON CONFLICT(uid) DO UPDATE SET basi = 1; END",
    "CREATE TRIGGER orang_cari_keluarga_au AFTER UPDATE OF alamat, dusun, deleted "
    "ON keluarga BEGIN "
    "UPDATE orang_cari SET basi = 1 "
    "WHERE uid IN (SELECT uid FROM orang WHERE keluarga_uid = new.uid); END",
)
TRIGGER_NAMES = (
    "orang_cari_ai", "orang_cari_ad", "orang_cari_au", "kata_nama_ai",
    "orang_cari_orang_ai", "orang_cari_orang_au", "orang_cari_keluarga_au",
)
# PostgreSQL (district server): the same search with its own tools. Weighted tsvector
# (A = phonetic name tokens, B = address words) in one GIN expression index stands in for
# orang_fts; a pg_trgm index on the vocabulary stands in for kata_nama_tri; PL/pgSQL
# functions do what the SQLite triggers above do.
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX orang_cari_fts ON orang_cari USING gin ("
    "(setweight(to_tsvector('simple'::regconfig, fonetik), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, alamat), 'B')))",
    "CREATE INDEX kata_nama_trgm ON kata_nama USING gin (fonetik gin_trgm_ops)",
    "CREATE FUNCTION orang_cari_tandai() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO orang_cari(uid, basi) VALUES (NEW.uid, TRUE) "
    "ON CONFLICT (uid) DO UPDATE SET basi = TRUE; RETURN NULL; END $$",
    "CREATE FUNCTION orang_cari_tandai_keluarga() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE orang_cari SET basi = TRUE "
    "WHERE uid IN (SELECT uid FROM orang WHERE keluarga_uid = NEW.uid); RETURN NULL; END $$",
    "CREATE TRIGGER orang_cari_orang_ai AFTER INSERT ON orang "
    "FOR EACH ROW EXECUTE FUNCTION orang_cari_tandai()",
    "CREATE TRIGGER orang_cari_orang_au AFTER UPDATE OF nama, keluarga_uid, deleted ON orang "
    "FOR EACH ROW EXECUTE FUNCTION orang_cari_tandai()",
    "CREATE TRIGGER orang_cari_keluarga_au AFTER UPDATE OF alamat, dusun, deleted ON keluarga "
    "FOR EACH ROW EXECUTE FUNCTION orang_cari_tandai_keluarga()",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS orang_cari_orang_ai ON orang",
    "DROP TRIGGER IF EXISTS orang_cari_orang_au ON orang",
    "DROP TRIGGER IF EXISTS orang_cari_keluarga_au ON keluarga",
    "DROP FUNCTION IF EXISTS orang_cari_tandai()",
    "DROP FUNCTION IF EXISTS orang_cari_tandai_keluarga()",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('kata_hapus',
    sa.Column('kunci', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('fonetik', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.PrimaryKeyConstraint('kunci', 'fonetik')
    )
    op.create_table('kata_nama',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kata', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('fonetik', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kata')
    )
    op.create_table('orang_cari',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('basi', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('fonetik', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False),
    sa.Column('alamat', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uid')
    )
    with op.batch_alter_table('orang_cari', schema=None) as batch_op:
        batch_op.create_index('ix_orang_cari_basi', ['basi'], unique=False, sqlite_where=sa.text('basi = 1'), postgresql_where=sa.text('basi'))

    op.create_table('riwayat_kk',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('keluarga_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('no_kk_lama', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('no_kk_baru', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('alasan', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('keterangan', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.ForeignKeyConstraint(['keluarga_uid'], ['keluarga.uid'], ),
    sa.PrimaryKeyConstraint('uid')
    )
    with op.batch_alter_table('riwayat_kk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_kk_deleted'), ['deleted'], unique=False)
        batch_op.create_index(batch_op.f('ix_riwayat_kk_keluarga_uid'), ['keluarga_uid'], unique=False)

    op.create_table('keputusan_duplikat',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('orang_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('keputusan', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('kandidat_uids', sa.JSON(), nullable=False),
    sa.Column('alasan', sa.JSON(), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('diputuskan_pada', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['orang_uid'], ['orang.uid'], ),
    sa.PrimaryKeyConstraint('uid')
    )
    with op.batch_alter_table('keputusan_duplikat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keputusan_duplikat_deleted'), ['deleted'], unique=False)
        batch_op.create_index(batch_op.f('ix_keputusan_duplikat_orang_uid'), ['orang_uid'], unique=False)

    op.create_table('layanan_masuk',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('waktu', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('saluran', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('penerima_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pelapor_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('pelapor_nama', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('pelapor_telepon', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('pelapor_hubungan', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('uraian', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('kebutuhan', sa.JSON(), nullable=False),
    sa.Column('urgensi', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('setuju_diproses', sa.Boolean(), nullable=False),
    sa.Column('setuju_dibagikan', sa.Boolean(), nullable=False),
    sa.Column('persetujuan_tanggal', sa.Date(), nullable=True),
    sa.Column('persetujuan_dari', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('persetujuan_dicatat_oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('luar_wilayah', sa.Boolean(), nullable=False),
    sa.Column('catatan_domisili', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['pelapor_uid'], ['orang.uid'], ),
    sa.ForeignKeyConstraint(['penerima_uid'], ['orang.uid'], ),
    sa.PrimaryKeyConstraint('uid')
    )
    with op.batch_alter_table('layanan_masuk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_layanan_masuk_deleted'), ['deleted'], unique=False)
        batch_op.create_index(batch_op.f('ix_layanan_masuk_pelapor_uid'), ['pelapor_uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_layanan_masuk_penerima_uid'), ['penerima_uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_layanan_masuk_waktu'), ['waktu'], unique=False)

    op.create_table('riwayat_anggota',
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('orang_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('keluarga_asal_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('keluarga_tujuan_uid', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('hubungan_lama', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('hubungan_baru', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('alasan', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('keterangan', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.ForeignKeyConstraint(['keluarga_asal_uid'], ['keluarga.uid'], ),
    sa.ForeignKeyConstraint(['keluarga_tujuan_uid'], ['keluarga.uid'], ),
    sa.ForeignKeyConstraint(['orang_uid'], ['orang.uid'], ),
    sa.PrimaryKeyConstraint('uid')
    )
    with op.batch_alter_table('riwayat_anggota', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_riwayat_anggota_deleted'), ['deleted'], unique=False)
        batch_op.create_index(batch_op.f('ix_riwayat_anggota_keluarga_asal_uid'), ['keluarga_asal_uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_riwayat_anggota_keluarga_tujuan_uid'), ['keluarga_tujuan_uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_riwayat_anggota_orang_uid'), ['orang_uid'], unique=False)

    with op.batch_alter_table('orang', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tindak_lanjut_dukcapil', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('disabilitas_derajat', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_dasar', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False, server_default='HIDUP'))
        batch_op.add_column(sa.Column('tanggal_status', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('keterangan_status', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_orang_nama'), ['nama'], unique=False)
        batch_op.create_index(batch_op.f('ix_orang_tanggal_lahir'), ['tanggal_lahir'], unique=False)

    # ### end Alembic commands ###
    if _postgres():
        for statement in PG_DDL:
            op.execute(statement)
        op.execute("INSERT INTO orang_cari(uid, basi) SELECT uid, TRUE FROM orang")
        return
    for statement in FTS_DDL + TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO orang_cari(uid, basi) SELECT uid, 1 FROM orang")


def downgrade() -> None:
    if _postgres():
        for statement in PG_DROP:
            op.execute(statement)
    else:
        for name in TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS orang_fts")
        op.execute("DROP TABLE IF EXISTS kata_nama_tri")
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('orang', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orang_tanggal_lahir'))
        batch_op.drop_index(batch_op.f('ix_orang_nama'))
        batch_op.drop_column('keterangan_status')
        batch_op.drop_column('tanggal_status')
        batch_op.drop_column('status_dasar')
        batch_op.drop_column('disabilitas_derajat')
        batch_op.drop_column('tindak_lanjut_dukcapil')

    with op.batch_alter_table('riwayat_anggota', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_anggota_orang_uid'))
        batch_op.drop_index(batch_op.f('ix_riwayat_anggota_keluarga_tujuan_uid'))
        batch_op.drop_index(batch_op.f('ix_riwayat_anggota_keluarga_asal_uid'))
        batch_op.drop_index(batch_op.f('ix_riwayat_anggota_deleted'))

    op.drop_table('riwayat_anggota')
    with op.batch_alter_table('layanan_masuk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_layanan_masuk_waktu'))
        batch_op.drop_index(batch_op.f('ix_layanan_masuk_penerima_uid'))
        batch_op.drop_index(batch_op.f('ix_layanan_masuk_pelapor_uid'))
        batch_op.drop_index(batch_op.f('ix_layanan_masuk_deleted'))

    op.drop_table('layanan_masuk')
    with op.batch_alter_table('keputusan_duplikat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keputusan_duplikat_orang_uid'))
        batch_op.drop_index(batch_op.f('ix_keputusan_duplikat_deleted'))

    op.drop_table('keputusan_duplikat')
    with op.batch_alter_table('riwayat_kk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_riwayat_kk_keluarga_uid'))
        batch_op.drop_index(batch_op.f('ix_riwayat_kk_deleted'))

    op.drop_table('riwayat_kk')
    with op.batch_alter_table('orang_cari', schema=None) as batch_op:
        batch_op.drop_index('ix_orang_cari_basi', sqlite_where=sa.text('basi = 1'), postgresql_where=sa.text('basi'))

    op.drop_table('orang_cari')
    op.drop_table('kata_nama')
    op.drop_table('kata_hapus')
    # ### end Alembic commands ###
