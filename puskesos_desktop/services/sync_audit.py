"""The audit chain heads that desks report in their bundles, and the "went backwards" flag.

A village's audit log never leaves the village, but every bundle it sends carries the head
of its chain (id and hash of the newest entry, manifest format 2). The receiving desk keeps
the last head per origin on its :class:`IncomingStream` row. Entries are only appended, so
a later bundle reporting a lower id (entries deleted, an old backup restored) or the same
id with another hash (history rewritten) is proof that the village's log was tampered with
or rolled back — even when the village's own ``audit verify`` is made to pass again by
re-hashing. The bundle still applies (its data is authentic and signed); the desk is
flagged in the district's desk list from that bundle on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from puskesos_desktop.domain.audit import AuditHead
from puskesos_desktop.i18n import _
from puskesos_desktop.store.models import IncomingStream
from puskesos_desktop.sync.manifest import Manifest


@dataclass(frozen=True)
class AuditRewind:
    """The first bundle (``seq``) whose head did not extend the one reported before it."""

    seq: int
    from_id: int
    to_id: int

    @property
    def rewritten(self) -> bool:
        """Same id, other hash: rewritten rather than cut short."""
        return self.from_id == self.to_id


def reported_head(stream: IncomingStream | None) -> AuditHead | None:
    if stream is None or stream.audit_last_id is None or stream.audit_hash is None:
        return None
    return AuditHead(stream.audit_last_id, stream.audit_hash)


def rewind_of(stream: IncomingStream | None) -> AuditRewind | None:
    if stream is None or stream.audit_rewound_seq is None:
        return None
    return AuditRewind(
        stream.audit_rewound_seq, stream.audit_rewound_from or 0, stream.audit_rewound_to or 0
    )


def note_heads(stream: IncomingStream, manifests: Iterable[Manifest]) -> AuditRewind | None:
    """Record the heads of bundles applied in seq order; the rewind they reveal, if any.

    Format-1 bundles (older apps) report no head and leave the record as it was. Only the
    first rewind is kept on the stream; a later one is still returned for the import
    result.
    """
    found: AuditRewind | None = None
    for manifest in manifests:
        head = manifest.audit
        if head is None:
            continue
        earlier = reported_head(stream)
        if earlier is not None and head.rewinds(earlier):
            found = AuditRewind(manifest.seq, earlier.last_id, head.last_id)
            if stream.audit_rewound_seq is None:
                stream.audit_rewound_seq = found.seq
                stream.audit_rewound_from, stream.audit_rewound_to = found.from_id, found.to_id
        stream.audit_last_id, stream.audit_hash = head.last_id, head.hash
    return found


def rewind_text(rewind: AuditRewind) -> str:
    """What happened, in a few words (district desk list, import result)."""
    if rewind.rewritten:
        return _("ditulis ulang pada entri nomor {id} (paket {seq})").format(
            id=rewind.to_id, seq=rewind.seq
        )
    return _("mundur dari entri nomor {old} ke {new} (paket {seq})").format(
        old=rewind.from_id, new=rewind.to_id, seq=rewind.seq
    )


def rewind_warning(origin: str, rewind: AuditRewind) -> str:
    """The import result's warning: the data applies, the people must look into it."""
    return _(
        "PERINGATAN: jejak audit desk {origin} {what}. Data tetap diterapkan; periksa "
        "laptop desk itu bersama operatornya."
    ).format(origin=origin, what=rewind_text(rewind))
