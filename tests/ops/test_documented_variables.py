"""Every environment variable of .env.example is explained in the README's
table (or its text), so that whoever deploys finds what each one does."""

import re

from django.conf import settings

BASE_DIR = settings.BASE_DIR


def test_every_variable_of_env_example_is_in_the_readme():
    listed = re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M)
    readme = (BASE_DIR / "README.md").read_text()

    assert listed, "no variable found: the pattern no longer matches .env.example"
    assert [name for name in listed if f"`{name}`" not in readme] == []
