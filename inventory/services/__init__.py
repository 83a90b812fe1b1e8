"""Writes of the inventory: the only code that changes its data."""
