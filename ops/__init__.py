"""Operations scripts: production smoke test, load test, backups and the
restore drill (``make prod-smoke``, ``make loadtest``, ``make backup``,
``make restore-drill``; see docs/deploy.md).

They reuse the benchmark harness (``bench``) for the scratch databases, the
production environment and the HTTP client, and never touch the product's
own database or Redis database 0."""
