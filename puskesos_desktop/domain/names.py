"""Indonesian personal names: normalisation, phonetic folding and similarity.

Used for duplicate detection and search. The same person turns up as
"MOCH. SOLICHIN" on a DTKS list, "Muhammad Solikhin" on the KTP and
"H. Moch Solihin, S.Pd." in a village letter, so exact comparison misses duplicates.

Two layers, on purpose:

* :func:`normalise_name` keeps the name as written but without noise: uppercase ASCII,
  no punctuation, no titles (H., Hj., Drs., …) or degrees (S.Pd., A.Md., …), and a few
  abbreviations spelled out (Moch. -> MUHAMMAD, St. -> SITI). Safe to show and to search.
* :func:`phonetic_key` folds spelling variants that sound alike (old Van Ophuijsen/Soewandi
  spelling oe/dj/tj/j, ch/kh/h, double letters, final y/i, …). It is only a matching key,
  never shown: "DJOKO SOESILO" and "JOKO SUSILO" get the same key.

:func:`name_similarity` compares names independent of token order (lists often put the
family or father's name first) and is meant to rank candidates for a human to confirm,
never to merge records by itself. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

__all__ = ["name_similarity", "name_tokens", "normalise_name", "phonetic_key", "phonetic_tokens"]

# Titles written BEFORE the name (dots removed). Only dropped at the start, so an initial
# such as the "H" in "Ahmad H." survives.
PREFIX_TITLES = frozenset(
    {
        "H", "HJ", "HJH", "HAJI", "HAJJAH", "HAJAH",
        "KH", "KYAI", "KIAI", "TGK", "TEUNGKU", "UST", "USTADZ", "USTAZ", "USTADZAH", "USTAZAH",
        "DRS", "DRA", "IR", "DR", "DRG", "DRH", "PROF",
        "BPK", "BAPAK", "PAK", "IBU", "BU", "SDR", "SDRI", "SDRA", "TN", "TUAN", "NY", "NYONYA",
        "ALM", "ALMH", "ALMARHUM", "ALMARHUMAH",
    }
)  # fmt: skip

# Academic and professional degrees written AFTER the name (dots removed). Dropped at the
# end of the name and in any part after a comma.
DEGREES = frozenset(
    {
        "SPD", "SPDI", "SPDSD", "MPD", "MPDI", "SAG", "MAG", "SHI", "SSY", "STHI", "SSOS", "MSOS",
        "SH", "MH", "MHUM", "SHUM", "SE", "SEI", "ME", "MM", "MSI", "SSI", "SKOM", "MKOM",
        "SIKOM", "SIP", "MIP", "MAP", "SAP", "SS", "ST", "MT", "STP", "SP", "SPT", "SHUT",
        "SKM", "MKM", "SKEP", "NS", "SKEB", "STRKEB", "SST", "SSTP", "SFARM", "APT", "SPSI",
        "MPSI", "SKED", "SKG", "SPOG", "SPA", "SPB", "SPPD", "SAK", "MAK", "AMD", "AMDKEB",
        "AMDKEP", "AMDKES", "AMDKOM", "AMDPAR", "AMA", "AMAPD", "BA", "BSC", "MA", "MBA",
        "MSC", "PHD", "MKES", "SKES", "MSN", "SSN", "SSTR", "STR", "STRPAR", "LC",
        "MENG", "MPH",
    }
)  # fmt: skip

SUFFIX_NOISE = DEGREES | {"ALM", "ALMH", "ALMARHUM", "ALMARHUMAH"}

_MUHAMMAD = re.compile(r"^M(?:OE|O|U)(?:C?H|K|KH)?(?:A|E)M{1,2}(?:A|E)D$")
_MUHAMMAD_SHORT = frozenset({"MOH", "MOCH", "MOHD", "MUH", "MUHD", "MHD", "MOKH", "MUCH"})
_CANONICAL = {
    "NOOR": "NUR",
    "NOER": "NUR",
    "NOUR": "NUR",
    "ABD": "ABDUL",
    "ABDOEL": "ABDUL",
    "ABDOL": "ABDUL",
}

# A degree not in DEGREES but shaped like one: "S.Tr.Kes", "A.Md.Gz" (needs dots).
_DEGREE_SHAPE = re.compile(r"^(?:[A-Z]{1,3}\.){1,3}[A-Z]{0,4}\.?$")
_APOSTROPHES = dict.fromkeys(map(ord, "'‘’`´ʼ"), None)
_SEPARATORS = re.compile(r"[^A-Z0-9.\s]+")


def _fold(text: str) -> str:
    """Uppercase ASCII: accents go (é -> E), apostrophes vanish (Ma'ruf -> MARUF)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return ascii_only.upper()


def _key(token: str) -> str:
    return token.replace(".", "")


def _is_degree(token: str) -> bool:
    return _key(token) in DEGREES or ("." in token and bool(_DEGREE_SHAPE.match(token)))


def _is_suffix_noise(token: str) -> bool:
    """Degree or "Alm." in the part after a comma, where unknown degree shapes count too."""
    return _key(token) in SUFFIX_NOISE or _is_degree(token)


def _split_raw(part: str) -> list[str]:
    """Whitespace tokens, punctuation other than dots treated as spaces."""
    return _SEPARATORS.sub(" ", part).split()


def _expand(token: str) -> list[str]:
    """Split glued tokens ("H.AHMAD" -> H, AHMAD) but keep titles/degrees ("S.PD.I") whole."""
    key = _key(token)
    if not key:
        return []
    if key in PREFIX_TITLES or key in SUFFIX_NOISE:
        return [token]
    return [piece for piece in token.split(".") if piece]


def _body_tokens(name: str) -> list[str]:
    """Tokens (dots still attached) of the name with everything after a comma that is only
    degrees removed; a non-degree part after a comma ("FAUZI, AHMAD") is kept."""
    head, *tail = _fold(name).split(",")
    raw = _split_raw(head)
    for part in tail:
        tokens = _split_raw(part)
        if not all(_is_suffix_noise(t) for t in tokens):
            raw += tokens
    return [piece for token in raw for piece in _expand(token)]


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles and trailing degrees, but never the last remaining token."""
    start, end = 0, len(tokens)
    while end - start > 1 and _key(tokens[start]) in PREFIX_TITLES:
        start += 1
    while end - start > 1 and _key(tokens[end - 1]) in SUFFIX_NOISE:
        end -= 1
    return tokens[start:end]


def _canonical(token: str, *, first: bool, more_follow: bool) -> str:
    """Spell out common abbreviations and variants of a few very frequent name parts."""
    if _MUHAMMAD.match(token) or token in _MUHAMMAD_SHORT:
        return "MUHAMMAD"
    if first and more_follow and token == "M":  # "M. Yusuf": judgement, nearly always Muhammad
        return "MUHAMMAD"
    if first and more_follow and token == "ST":  # "St. Aminah" (degree S.T. is gone by now)
        return "SITI"
    return _CANONICAL.get(token, token)


def name_tokens(name: str) -> list[str]:
    """Tokens of :func:`normalise_name`, in the order written."""
    tokens = [_key(t) for t in _strip_titles(_body_tokens(name))]
    tokens = [t for t in tokens if t]
    return [
        _canonical(t, first=i == 0, more_follow=i < len(tokens) - 1) for i, t in enumerate(tokens)
    ]


def normalise_name(name: str) -> str:
    """Uppercase ASCII name without punctuation, titles or degrees, single-spaced.

    "H. Ahmad Fauzi, S.Pd." -> "AHMAD FAUZI"; "Moch. Solichin" -> "MUHAMMAD SOLICHIN".
    Spelling is kept as written (only the phonetic key folds it), so the result can be
    shown to the operator.
    """
    return " ".join(name_tokens(name))


# --------------------------------------------------------------------------- phonetic

# Markers of the pre-1972 spelling. Only in tokens that have one is a plain J read as Y
# ("SOEJONO" = SUYONO); elsewhere J is a modern J ("JOKO").
_OLD_SPELLING = ("OE", "DJ", "TJ", "SJ")

_FOLDS: tuple[tuple[str, str], ...] = (
    ("OE", "U"),
    ("DJ", "J"),
    ("TJ", "C"),
    ("SJ", "SY"),
    ("KH", "H"),
    ("CH", "H"),
    ("SY", "S"),
    ("TH", "T"),
    ("DH", "D"),
    ("DZ", "Z"),
    ("PH", "F"),
    ("Q", "K"),
    ("V", "F"),
    ("F", "P"),  # Sundanese: Arif/Arip, Fitri/Pitri
    ("AE", "AI"),  # Zaenal/Zainal, Saeful/Saiful
)


def _old_j_to_y(token: str) -> str:
    """In old-spelling tokens a lone J was our Y; DJ (=J) and TJ (=C) keep theirs."""
    if not any(marker in token for marker in _OLD_SPELLING):
        return token
    protected = token.replace("DJ", "\0").replace("TJ", "\1")
    return protected.replace("J", "Y").replace("\0", "DJ").replace("\1", "TJ")


def _phonetic_token(token: str) -> str:
    key = _old_j_to_y(token)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)  # Muhammad/Muhamad, Abdullah/Abdulah
    if len(key) > 2:
        key = re.sub(r"(?:IE|Y)$", "I", key)  # Dedy/Dedi, Rudie/Rudi
        key = re.sub(r"([AEIOU])H$", r"\1", key)  # Fatimah/Fatima, Aisyah/Aisya
    return key


def phonetic_tokens(name: str) -> list[str]:
    """Phonetic keys of each name token, in the order written."""
    return [_phonetic_token(t) for t in name_tokens(name)]


def phonetic_key(name: str) -> str:
    """Order-free matching key: phonetic tokens sorted and space-joined.

    "Moch. Solichin" and "Solikhin, Muhammad" both give "MUHAMAD SOLIHIN". Good for an
    index to find candidates; compare candidates with :func:`name_similarity`.
    """
    return " ".join(sorted(phonetic_tokens(name)))


# --------------------------------------------------------------------------- similarity


def _ratio(a: str, b: str) -> float:
    """SequenceMatcher ratio, averaged over both argument orders.

    The ratio alone is not symmetric (its matching blocks depend on which string comes
    first), and "is A a duplicate of B" must not depend on which record was entered first.
    """
    return (SequenceMatcher(None, a, b).ratio() + SequenceMatcher(None, b, a).ratio()) / 2


TOKEN_MATCH_FLOOR = 0.75
"""Below this, two tokens count as different names, not as a spelling variant.

Without a floor, "SITI AMINAH" vs "SITI RAHMAH" would score high just because the
shared and very common "SITI" plus the half-similar rest add up.
"""


def _token_score(token: str, others: list[str]) -> float:
    best = max(_ratio(token, other) for other in others)
    return best if best >= TOKEN_MATCH_FLOOR else 0.0


def _token_cover(tokens: list[str], others: list[str]) -> float:
    """Mean over ``tokens`` of how well each is matched by a spelling variant in ``others``."""
    return sum(_token_score(t, others) for t in tokens) / len(tokens)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two person names, ignoring token order, titles and spelling.

    Average of (1) the character similarity of the sorted phonetic tokens and (2) a
    symmetric fuzzy token overlap in which tokens only count when they are spelling
    variants of each other. (1) rewards near-identical spelling; (2) stops one shared,
    very common token ("SITI", "MUHAMMAD") from making different people look alike, while
    a missing name part (single name vs. name + father's name) still scores about 0.75.
    Meant to rank candidates for a person to confirm, never to merge on its own.
    Empty names (nothing left after removing titles) score 0.
    """
    ta, tb = sorted(phonetic_tokens(a)), sorted(phonetic_tokens(b))
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    sequence = _ratio(" ".join(ta), " ".join(tb))
    overlap = (_token_cover(ta, tb) + _token_cover(tb, ta)) / 2
    return max(0.0, min(1.0, (sequence + overlap) / 2))
