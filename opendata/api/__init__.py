"""The read-only JSON API (Django REST framework)."""
