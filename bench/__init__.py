"""Benchmark harness of the portal (``python -m bench``): each measurement is
run side by side with a baseline in the same run, and reported as a ratio.

Runs against its own PostgreSQL database (dropped at the end unless --keep),
never against the product's. See docs/performance.md.
"""
