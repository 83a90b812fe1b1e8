"""The open-data tests' data and temporary data folder, shared with tests/ops."""

from tests.data.conftest import data_root, mali, published, senegal  # noqa: F401
