"""The permanent inventory of mutual health organizations: their identity, the
yearly records they keep up to date, who may edit and review them, campaigns."""
