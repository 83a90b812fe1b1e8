import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every resource test stores its uploads in a fresh, empty MEDIA_ROOT."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def stored_files(root) -> list[str]:
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )
