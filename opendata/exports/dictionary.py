"""The data dictionary of every file: each sheet of inventory.xlsx with its
columns, in order (inventory.csv is the records sheet, organizations.csv the
organizations sheet and synthesis.csv the synthesis sheet)."""

from .columns import (
    MHO_COLUMNS,
    MHOS,
    ORGANIZATIONS,
    RECORD_COLUMNS,
    RECORDS,
    SYNTHESIS,
    Column,
)
from .columns_organizations import ORGANIZATION_COLUMNS
from .columns_synthesis import SYNTHESIS_COLUMNS


def dictionary() -> list[tuple[str, list[Column]]]:
    """The sheets and their columns, in file order."""
    return [
        (RECORDS, RECORD_COLUMNS),
        (MHOS, MHO_COLUMNS),
        (ORGANIZATIONS, ORGANIZATION_COLUMNS),
        (SYNTHESIS, SYNTHESIS_COLUMNS),
    ]
