"""The referral (rujukan) status machine: which transitions exist and what they require.

Statuses follow domain.md §2. Impossible transitions are refused here, in the domain, so
no screen, import or bundle can put a referral into a state the desk never allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import N_, _

DEFAULT_PERIHAL = "Rujukan Layanan Sosial"
"""Default subject (perihal) of a referral letter: official Indonesian, never translated."""


class StatusRujukan(StrEnum):
    DRAF = "DRAF"
    DIRUJUK = "DIRUJUK"
    DITERIMA = "DITERIMA"
    DIPROSES = "DIPROSES"
    SELESAI_DILAYANI = "SELESAI_DILAYANI"
    DITOLAK = "DITOLAK"
    TIDAK_MEMENUHI_SYARAT = "TIDAK_MEMENUHI_SYARAT"
    DIALIHKAN = "DIALIHKAN"
    DIBATALKAN = "DIBATALKAN"


LABELS: dict[StatusRujukan, str] = {
    StatusRujukan.DRAF: N_("Draf"),
    StatusRujukan.DIRUJUK: N_("Dirujuk"),
    StatusRujukan.DITERIMA: N_("Diterima"),
    StatusRujukan.DIPROSES: N_("Diproses"),
    StatusRujukan.SELESAI_DILAYANI: N_("Selesai dilayani"),
    StatusRujukan.DITOLAK: N_("Ditolak"),
    StatusRujukan.TIDAK_MEMENUHI_SYARAT: N_("Tidak memenuhi syarat"),
    StatusRujukan.DIALIHKAN: N_("Dialihkan"),
    StatusRujukan.DIBATALKAN: N_("Dibatalkan"),
}
"""Indonesian as stored for letters and reports; screens and messages show ``_(label)``."""

OUTCOMES = frozenset(
    {
        StatusRujukan.SELESAI_DILAYANI,
        StatusRujukan.DITOLAK,
        StatusRujukan.TIDAK_MEMENUHI_SYARAT,
        StatusRujukan.DIALIHKAN,
    }
)
TERMINAL = OUTCOMES | {StatusRujukan.DIBATALKAN}
_MAIN_PATH = {
    StatusRujukan.DRAF: {StatusRujukan.DIRUJUK},
    StatusRujukan.DIRUJUK: {StatusRujukan.DITERIMA} | OUTCOMES,
    StatusRujukan.DITERIMA: {StatusRujukan.DIPROSES} | OUTCOMES,
    StatusRujukan.DIPROSES: set(OUTCOMES),
}
# A service may answer without the desk having heard "diterima" first (the return slip
# often comes back already saying "sudah dilayani"), so outcomes are reachable from DIRUJUK.
# Any open referral may be cancelled (the person withdrew, moved or died).
ALLOWED: dict[StatusRujukan, frozenset[StatusRujukan]] = {
    **{status: frozenset() for status in TERMINAL},
    **{
        status: frozenset(targets | {StatusRujukan.DIBATALKAN})
        for status, targets in _MAIN_PATH.items()
    },
}
WAITING_FOR_ANSWER = frozenset(
    {StatusRujukan.DIRUJUK, StatusRujukan.DITERIMA, StatusRujukan.DIPROSES}
)


@dataclass(frozen=True)
class Transition:
    """What a status change must carry: a note always allowed, a reason where required."""

    to: StatusRujukan
    alasan: str = ""
    rujukan_baru_uid: str | None = None


def check_transition(current: StatusRujukan, transition: Transition) -> None:
    """Raise :class:`UserError` (Indonesian) unless ``current → transition.to`` is allowed."""
    target = transition.to
    if target not in ALLOWED[current]:
        raise UserError(
            _("Status rujukan tidak dapat diubah dari '{current}' menjadi '{target}'.").format(
                current=_(LABELS[current]), target=_(LABELS[target])
            )
        )
    needs_reason = {StatusRujukan.DITOLAK, StatusRujukan.TIDAK_MEMENUHI_SYARAT}
    if target in needs_reason | {StatusRujukan.DIBATALKAN} and not transition.alasan.strip():
        raise UserError(_("Isi alasan untuk status '{status}'.").format(status=_(LABELS[target])))
    if target == StatusRujukan.DIALIHKAN and not transition.rujukan_baru_uid:
        raise UserError(_("Rujukan yang dialihkan harus ditautkan ke rujukan barunya."))


def is_follow_up_overdue(status: StatusRujukan, follow_up_due: date | None, today: date) -> bool:
    """An open referral whose follow-up date has passed: listed on the home screen."""
    return status in WAITING_FOR_ANSWER and follow_up_due is not None and today > follow_up_due


def is_without_news(status: StatusRujukan, follow_up_due: date | None, today: date) -> bool:
    """'Tanpa kabar': referred, not a word back from the service, follow-up date passed."""
    return status == StatusRujukan.DIRUJUK and is_follow_up_overdue(status, follow_up_due, today)
