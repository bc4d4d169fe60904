"""When a reported audit chain head cannot be the continuation of an earlier one."""

from __future__ import annotations

from puskesos_desktop.domain.audit import EMPTY_HEAD, AuditHead

A, B = "a" * 64, "b" * 64


def test_growing_chain_is_a_continuation() -> None:
    assert not AuditHead(8, B).rewinds(AuditHead(7, A))
    assert not AuditHead(7, A).rewinds(AuditHead(7, A))  # nothing new logged in between
    assert not AuditHead(1, A).rewinds(EMPTY_HEAD)


def test_lower_id_or_same_id_with_another_hash_is_a_rewind() -> None:
    assert AuditHead(6, A).rewinds(AuditHead(7, A))
    assert AuditHead(7, B).rewinds(AuditHead(7, A))
    assert EMPTY_HEAD.rewinds(AuditHead(1, A))
