"""All table models; importing this package registers them with SQLModel's metadata."""

from puskesos_desktop.store.models.base import SyncedRecord
from puskesos_desktop.store.models.desk import DeskProfile, Operator, Pejabat
from puskesos_desktop.store.models.journal import JournalEntry
from puskesos_desktop.store.models.registry import Keluarga, Orang

SYNCED_TABLES: dict[str, type[SyncedRecord]] = {
    model.__tablename__: model
    for model in (Keluarga, Orang)  # type: ignore[misc]
}

__all__ = [
    "SYNCED_TABLES",
    "DeskProfile",
    "JournalEntry",
    "Keluarga",
    "Operator",
    "Orang",
    "Pejabat",
    "SyncedRecord",
]
