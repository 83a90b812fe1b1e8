"""The optional S3-compatible storage of uploads is chosen by the settings
alone, in a fresh process as a server would start, without importing boto3
(django-storages is an optional extra: pip install '.[s3]')."""

import json

from tests.concertation.test_settings import manage

PRINT_STORAGE = (
    "import json, sys; from django.conf import settings; "
    "print(json.dumps({'default': settings.STORAGES['default'], "
    "'imported': sorted(m for m in ('boto3', 'botocore', 'storages') "
    "if m in sys.modules)}))"
)


def _storage(**env):
    result = manage("shell", "--no-imports", "-c", PRINT_STORAGE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_uploads_stay_on_the_file_system_by_default():
    chosen = _storage()

    assert chosen["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_bucket_name_selects_the_s3_storage_without_importing_boto3():
    chosen = _storage(
        AWS_STORAGE_BUCKET_NAME="concertation-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-west-3",
        AWS_LOCATION="uploads",
    )

    assert chosen["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = chosen["default"]["OPTIONS"]
    assert options["bucket_name"] == "concertation-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-west-3"
    assert options["location"] == "uploads"
    # Private objects and signed URLs: publication is checked by the views.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert chosen["imported"] == []


def test_storage_backend_s3_without_a_bucket_refuses_to_start():
    result = manage("check", STORAGE_BACKEND="s3")

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_storage_backend_refuses_to_start():
    result = manage("check", STORAGE_BACKEND="ftp")

    assert result.returncode != 0
    assert "filesystem or s3" in result.stderr
