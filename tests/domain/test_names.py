"""Indonesian name normalisation, phonetic key and similarity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puskesos_desktop.domain.names import (
    name_similarity,
    name_tokens,
    normalise_name,
    phonetic_key,
)

NORMALISE_CASES = [
    ("ahmad fauzi", "AHMAD FAUZI"),
    ("  Ahmad   Fauzi ", "AHMAD FAUZI"),
    ("H. Ahmad Fauzi, S.Pd.", "AHMAD FAUZI"),
    ("H.Ahmad Fauzi", "AHMAD FAUZI"),
    ("Hj. Siti Aminah", "SITI AMINAH"),
    ("Drs. H. Moh. Ma'ruf, M.Pd.I", "MUHAMMAD MARUF"),
    ("Dra. Sri Wahyuni, S.Tr.Keb", "SRI WAHYUNI"),
    ("Ir. Bambang Sutrisno, M.T.", "BAMBANG SUTRISNO"),
    ("Dr. Budi Santoso, S.H., M.H.", "BUDI SANTOSO"),
    ("Rina Marlina, A.Md.Keb.", "RINA MARLINA"),
    ("Eko Prasetyo, S.Kom", "EKO PRASETYO"),
    ("Agus Salim S.E.", "AGUS SALIM"),
    ("Bpk. Slamet", "SLAMET"),
    ("Ibu Sumiati", "SUMIATI"),
    ("Sdr. Andi", "ANDI"),
    ("Alm. Sukiman", "SUKIMAN"),
    ("Siti Aminah (Almh)", "SITI AMINAH"),
    ("Moch. Solichin", "MUHAMMAD SOLICHIN"),
    ("Mochammad Rizki", "MUHAMMAD RIZKI"),
    ("Mokhamad Ilham", "MUHAMMAD ILHAM"),
    ("Muh. Arif", "MUHAMMAD ARIF"),
    ("Mhd Yusuf", "MUHAMMAD YUSUF"),
    ("Mohammad Hatta", "MUHAMMAD HATTA"),
    ("Muhamad Iqbal", "MUHAMMAD IQBAL"),
    ("M. Yusuf", "MUHAMMAD YUSUF"),
    ("St. Aminah", "SITI AMINAH"),
    ("Aminah, S.T.", "AMINAH"),
    ("Noor Hasanah", "NUR HASANAH"),
    ("Nur Hasanah", "NUR HASANAH"),
    ("Abd. Rahman", "ABDUL RAHMAN"),
    ("José Rizal", "JOSE RIZAL"),
    ("Fauzi, Ahmad", "FAUZI AHMAD"),  # a name after a comma is kept, only degrees go
    ("Siti-Aminah", "SITI AMINAH"),
    ("Djoko Soesilo", "DJOKO SOESILO"),  # spelling kept as written; phonetic key folds it
    ("H", "H"),  # a lone "title" is the name
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISE_CASES)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_name_tokens_keep_written_order() -> None:
    assert name_tokens("Santoso, Budi") == ["SANTOSO", "BUDI"]
    assert name_tokens("H. Ahmad Fauzi, S.Pd.") == ["AHMAD", "FAUZI"]


def test_initial_h_at_end_is_not_a_title() -> None:
    assert normalise_name("Ahmad H.") == "AHMAD H"


PHONETIC_SAME = [
    ("Solichin", "Solikhin"),
    ("Solichin", "Solihin"),
    ("Djoko Soesilo", "Joko Susilo"),
    ("Soejono", "Suyono"),
    ("Tjahjono", "Cahyono"),
    ("Sjamsul", "Syamsul"),
    ("Syamsul", "Samsul"),
    ("Muhammad", "Muhamad"),
    ("Abdullah", "Abdulah"),
    ("Dedy", "Dedi"),
    ("Fatimah", "Fatima"),
    ("Zaenal Arifin", "Zainal Arifin"),
    ("Arif", "Arip"),
    ("Chairul", "Khairul"),
    ("Budi Santoso", "Santoso Budi"),
]


@pytest.mark.parametrize(("a", "b"), PHONETIC_SAME)
def test_phonetic_key_folds_spelling_variants(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Joko", "Yoko"), ("Budi", "Agus"), ("Siti Aminah", "Siti Rahmah"), ("Panji", "Panyi")],
)
def test_phonetic_key_keeps_different_names_apart(a: str, b: str) -> None:
    # modern J stays J: only old-spelling tokens (with oe/dj/tj/sj) read J as Y
    assert phonetic_key(a) != phonetic_key(b)


SIMILARITY_TARGETS = [
    ("MOCH. SOLICHIN", "Muhammad Solikhin", ">=", 0.9),
    ("H. Ahmad Fauzi, S.Pd.", "Ahmad Fauzi", ">=", 0.95),
    ("Siti Aminah", "St. Aminah", ">=", 0.95),
    ("Budi Santoso", "Santoso Budi", ">=", 0.9),
    ("Budi Santoso", "Agus Salim", "<", 0.5),
    ("Djoko Soesilo", "Joko Susilo", ">=", 0.9),
    ("Ahmad Fauzi", "Ahmad Fauji", ">=", 0.85),  # one-letter typo
    ("Sutrisno", "Sutrisno Budi", ">=", 0.7),  # single name vs name + father's name
    ("Siti Aminah", "Siti Rahmah", "<", 0.75),  # a shared common name is not enough
    ("Muhammad Yusuf", "Muhammad Rizki", "<", 0.7),
    ("Dedi", "Rudi", "<", 0.5),
]


@pytest.mark.parametrize(("a", "b", "op", "bound"), SIMILARITY_TARGETS)
def test_similarity_targets(a: str, b: str, op: str, bound: float) -> None:
    score = name_similarity(a, b)
    if op == ">=":
        assert score >= bound, score
    else:
        assert score < bound, score


def test_similarity_of_empty_names_is_zero() -> None:
    assert name_similarity("", "Ahmad") == 0.0
    assert name_similarity("", "") == 0.0


names = st.text(
    alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,'-"),
    max_size=30,
)


@given(a=names, b=names)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(name_similarity(b, a))


@given(a=names)
def test_similarity_with_itself_is_one(a: str) -> None:
    if name_tokens(a):
        assert name_similarity(a, a) == 1.0


@given(a=names)
def test_normalise_is_idempotent(a: str) -> None:
    once = normalise_name(a)
    assert normalise_name(once) == once
