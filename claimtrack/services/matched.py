"""What matching (services/matching.py) shares with the import it serves and with the updating
of a held record (services/matched_updates.py): a record of the file that the database holds
already, the counts of each kind, and what matching needs of the import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from claimtrack.services.named_writer import KindCount

if TYPE_CHECKING:
    from datetime import datetime


class Importer(Protocol):
    """What matching needs of the import it serves (services/exchange_import.ExchangeImport)."""

    now: datetime
    counts: dict[str, KindCount]
    header: dict[str, Any]
    agreed: list[tuple[str, str, str]]
    dry_run: bool

    def their_uid(self, kind: str, file_id: Any) -> str | None: ...
    def local_id(self, kind: str, file_id: int | None) -> int | None: ...
    def moved(self, table: str, file_id: int) -> int: ...
    def moved_values(self, table_name: str, values: dict[str, Any] | None) -> dict[str, Any] | None: ...


@dataclass
class MatchCount(KindCount):
    """Records of one kind: created, updated from the other side, unchanged (or kept as they are
    here), conflicting."""

    updated: int = 0
    conflicting: int = 0
    matching: bool = False  # the file carried uids, so records were matched

    def __str__(self) -> str:
        if not self.matching:
            return super().__str__()
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.conflicting} conflicting"


@dataclass
class AgreementCount(KindCount):
    """The file's agreements (io.exchange_format.AGREEMENT_FIELDS): read, and those between its
    database and this one, which matching takes as agreed bases."""

    read: int = 0
    about_here: int = 0

    def __str__(self) -> str:
        return f"{self.read} read, {self.about_here} with this database (taken as what the two last agreed on)"


@dataclass
class Matched:
    """A record of the file that the database holds already (the same uid)."""

    kind: str
    file_id: int
    ours: int  # its id here
    uid: str
    record: dict[str, Any]  # as read (checked, typed)
    data: dict[str, Any]  # as the file has it (the export's form, fingerprinted)
    where: str

