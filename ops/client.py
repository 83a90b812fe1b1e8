"""A minimal HTTP client with a cookie jar, on the benchmark's keep-alive
connection and form reader: enough to log in and post the portal's forms as a
browser would (CSRF token from the form, cookie sent back).

It speaks plain HTTP to gunicorn but says what nginx says in front of it,
``X-Forwarded-Proto: https``: production settings then see an HTTPS request,
with its redirects, secure cookies and the CSRF Referer check."""

from bench.forms import cookie_header, cookies_update, encode, post_form
from bench.load import Connection


class Client:
    def __init__(self, port: int):
        self.port = port
        self.jar: dict[str, str] = {}
        self.connection = Connection(port)

    def request(self, method: str, path: str, fields=None):
        """Send a request; return (status, headers, body as text)."""
        headers = {"X-Forwarded-Proto": "https"}
        if self.jar:
            headers["Cookie"] = cookie_header(self.jar)
        body = None
        if fields is not None:
            body = encode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Over HTTPS the CSRF check wants a Referer of the same host (the
            # connection sends "Host: 127.0.0.1").
            headers["Referer"] = f"https://127.0.0.1{path}"
        response, data = self.connection.request(
            method, path, body=body, headers=headers
        )
        cookies_update(self.jar, response)
        return response.status, response.headers, data.decode("utf-8", "replace")

    def get(self, path: str):
        return self.request("GET", path)

    def submit(self, path: str, *, having: str, changes: dict):
        """GET the page at ``path``, fill its POST form that has a field
        ``having`` with ``changes`` and post it back; return the answer."""
        status, _headers, html = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        fields = [
            (name, value)
            for name, value in post_form(html, having)
            if name not in changes
        ]
        fields += [(name, str(value)) for name, value in changes.items()]
        return self.request("POST", path, fields)

    def login(self, email: str, password: str) -> None:
        status, _headers, body = self.submit(
            "/fr/account/login/",
            having="username",
            changes={"username": email, "password": password},
        )
        if status != 302 or "sessionid" not in self.jar:
            raise RuntimeError(f"login of {email} failed: {status} {body[:300]}")

    def close(self) -> None:
        self.connection.close()
