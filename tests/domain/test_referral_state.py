"""Every allowed and every forbidden referral status transition."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import (
    ALLOWED,
    TERMINAL,
    StatusRujukan,
    Transition,
    check_transition,
    is_follow_up_overdue,
    is_without_news,
)

S = StatusRujukan
EXPECTED_ALLOWED = {
    (S.DRAF, S.DIRUJUK),
    (S.DRAF, S.DIBATALKAN),
    *((S.DIRUJUK, t) for t in (S.DITERIMA, S.SELESAI_DILAYANI, S.DITOLAK)),
    *((S.DIRUJUK, t) for t in (S.TIDAK_MEMENUHI_SYARAT, S.DIALIHKAN, S.DIBATALKAN)),
    *((S.DITERIMA, t) for t in (S.DIPROSES, S.SELESAI_DILAYANI, S.DITOLAK)),
    *((S.DITERIMA, t) for t in (S.TIDAK_MEMENUHI_SYARAT, S.DIALIHKAN, S.DIBATALKAN)),
    *((S.DIPROSES, t) for t in (S.SELESAI_DILAYANI, S.DITOLAK, S.TIDAK_MEMENUHI_SYARAT)),
    (S.DIPROSES, S.DIALIHKAN),
    (S.DIPROSES, S.DIBATALKAN),
}


def _complete(target: StatusRujukan) -> Transition:
    return Transition(to=target, alasan="alasan jelas", rujukan_baru_uid="uid-baru")


@pytest.mark.parametrize(("current", "target"), list(product(StatusRujukan, StatusRujukan)))
def test_transition_table(current: StatusRujukan, target: StatusRujukan) -> None:
    if (current, target) in EXPECTED_ALLOWED:
        check_transition(current, _complete(target))
    else:
        with pytest.raises(UserError, match="tidak dapat diubah"):
            check_transition(current, _complete(target))


def test_terminal_states_have_no_way_out() -> None:
    assert all(ALLOWED[status] == frozenset() for status in TERMINAL)


@pytest.mark.parametrize("target", [S.DITOLAK, S.TIDAK_MEMENUHI_SYARAT, S.DIBATALKAN])
def test_reason_required(target: StatusRujukan) -> None:
    with pytest.raises(UserError, match="alasan"):
        check_transition(S.DIRUJUK, Transition(to=target, alasan="  "))


def test_redirect_needs_the_new_referral() -> None:
    with pytest.raises(UserError, match="rujukan barunya"):
        check_transition(S.DIPROSES, Transition(to=S.DIALIHKAN))


def test_without_news_and_overdue() -> None:
    due, today = date(2026, 11, 10), date(2026, 11, 23)
    assert is_without_news(S.DIRUJUK, due, today)
    assert not is_without_news(S.DITERIMA, due, today)
    assert is_follow_up_overdue(S.DITERIMA, due, today)
    assert not is_follow_up_overdue(S.DIRUJUK, date(2026, 11, 23), today)
    assert not is_follow_up_overdue(S.SELESAI_DILAYANI, due, today)
    assert not is_follow_up_overdue(S.DRAF, due, today)
    assert not is_without_news(S.DIRUJUK, None, today)
