"""Bring figures filled in offline onto the record as it is now.

The Excel template names the version it was made from. When the record was
saved since (often by the same manager, online), the file is not refused
for that alone: the fields the file changes against that version are laid
over the record as it is now, and only a field that the file changes and
that was changed meanwhile to something else is a conflict. The write itself
still goes through ``record_write`` over the version read here, so a save
that happens between this read and the write is refused as usual.
"""

from dataclasses import dataclass

from inventory.models import YearlyRecord
from inventory.models.record import DATA_FIELDS

from .records import record_prefilled


@dataclass(frozen=True)
class FieldConflict:
    name: str
    seen: object  # when the file was made
    filed: object  # in the file
    now: object  # in the record now


class FiguresConflict(Exception):
    """Fields the file changes were changed meanwhile to other values."""

    def __init__(self, conflicts: list[FieldConflict], current: YearlyRecord):
        super().__init__(", ".join(c.name for c in conflicts))
        self.conflicts = conflicts
        self.current = current


def _figures_at(record: YearlyRecord, version: int) -> dict | None:
    """The figures of ``record`` at ``version``, as its editor saw them then;
    None when that version is not known."""
    if version == 0:  # the file was made before the record existed
        prefilled = record_prefilled(mho=record.mho, year=record.year)
        return {name: getattr(prefilled, name) for name in DATA_FIELDS}
    row = (
        record.history.filter(version=version)
        .order_by("-history_id")
        .values(*DATA_FIELDS)
        .first()
    )
    return row


def figures_rebase(
    *, record: YearlyRecord, figures: dict, version: int
) -> tuple[dict, int]:
    """``figures`` filled in from ``record`` at ``version``, laid over the
    stored record: the figures to save and the version to save them over.

    Raises ``FiguresConflict`` when a field the file changes was changed to
    another value since ``version``."""
    current = YearlyRecord.objects.filter(pk=record.pk).first() if record.pk else None
    if current is None or current.version == version:
        return figures, version
    now = {name: getattr(current, name) for name in DATA_FIELDS}
    seen = _figures_at(current, version)
    if seen is None:  # nothing to compare with: every difference is a conflict
        changed = [name for name in DATA_FIELDS if figures.get(name) != now[name]]
        if changed:
            conflicts = [
                FieldConflict(n, None, figures.get(n), now[n]) for n in changed
            ]
            raise FiguresConflict(conflicts, current)
        return figures, current.version
    filed = [name for name in DATA_FIELDS if figures.get(name) != seen[name]]
    conflicts = [
        FieldConflict(name, seen[name], figures.get(name), now[name])
        for name in filed
        if now[name] != seen[name] and now[name] != figures.get(name)
    ]
    if conflicts:
        raise FiguresConflict(conflicts, current)
    merged = {**now, **{name: figures.get(name) for name in filed}}
    return merged, current.version
