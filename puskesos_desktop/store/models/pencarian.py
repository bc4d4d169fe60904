"""Local search index tables (never synced; rebuilt from ``orang``/``keluarga`` at will).

``orang_cari`` holds, per person, the phonetic name tokens and address words that the
FTS5 table ``orang_fts`` indexes (external content, kept in step by SQL triggers).
``kata_nama`` is the vocabulary of name tokens with a trigram FTS5 index
(``kata_nama_tri``), and ``kata_hapus`` its single-deletion neighbourhood (the SymSpell
idea: "NADIA" and "NAOIA" share the key "NAIA"), so one typo is found with an index
lookup even in short names where no trigram survives. Typo tolerance thus works on the
distinct tokens (thousands), never on a million rows. The FTS5 tables and all triggers
are created by migration 0002 (see :mod:`puskesos_desktop.store.search_index`), because
SQLModel cannot describe them.

``basi`` ("stale") is set by triggers on ``orang``/``keluarga`` whenever a name, address
or membership changes, whoever wrote the row (service, list import, sync bundle); the
index refresher recomputes exactly those rows in Python.
"""

from __future__ import annotations

from sqlalchemy import Index, text, true
from sqlmodel import Field, SQLModel


class OrangCari(SQLModel, table=True):
    __tablename__ = "orang_cari"
    __table_args__ = (
        Index(
            "ix_orang_cari_basi",
            "basi",
            sqlite_where=text("basi = 1"),
            postgresql_where=text("basi"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=36, unique=True)
    basi: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    fonetik: str = Field(default="", sa_column_kwargs={"server_default": ""})
    alamat: str = Field(default="", sa_column_kwargs={"server_default": ""})


class KataNama(SQLModel, table=True):
    __tablename__ = "kata_nama"

    id: int | None = Field(default=None, primary_key=True)
    kata: str = Field(max_length=60, unique=True)
    fonetik: str = Field(max_length=60)


class KataHapus(SQLModel, table=True):
    """Deletion key -> phonetic token: every token with one letter dropped, and itself."""

    __tablename__ = "kata_hapus"

    kunci: str = Field(max_length=60, primary_key=True)
    fonetik: str = Field(max_length=60, primary_key=True)
