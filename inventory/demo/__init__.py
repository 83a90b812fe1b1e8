"""Demonstration data: plausible, reproducible MHOs and validated records
(``is_demo=True``, shown with a notice), and accounts to try the flows."""

from .accounts import demo_accounts_create
from .generate import DemoSummary, DemoUnavailable, demo_delete, demo_generate

__all__ = [
    "DemoSummary",
    "DemoUnavailable",
    "demo_accounts_create",
    "demo_delete",
    "demo_generate",
]
