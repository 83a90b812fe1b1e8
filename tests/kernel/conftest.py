from tests.newsletter.smtp import smtp_handler, smtp_server  # noqa: F401
