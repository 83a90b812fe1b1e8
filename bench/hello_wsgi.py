"""The baseline of the page measurements: a bare hello-world WSGI app, served
by gunicorn with the same worker count as the portal. The product has no such
view, and none is added to it for the benchmark."""

BODY = b"Hello, world!\n"


def application(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ["wsgi.input"].read(length)
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(BODY))),
        ],
    )
    return [BODY]
