"""Whole numbers in spreadsheet files, kept exact.

Excel stores numbers as floating point and keeps 15 significant digits, and
openpyxl writes a Python int above 2**53 as a float: a larger amount written
as a number would come back changed. The Excel template and the admin's
Excel export write such numbers as text, which every reader of the portal
takes back as the exact whole number.
"""

EXCEL_DIGITS = 15
LARGEST_EXACT = 10**EXCEL_DIGITS - 1


def exact_in_excel(value: int) -> bool:
    return -LARGEST_EXACT <= value <= LARGEST_EXACT


def excel_whole_number(value):
    """``value`` as a spreadsheet cell should hold it: the number itself, or
    its digits as text when Excel would round it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if exact_in_excel(value) else str(value)
    return value
