"""A small load generator: threads with keep-alive http.client connections,
each sending requests back to back for a bounded time and count. Records the
time of each request from the client (the server time plus loopback)."""

import http.client
import threading
import time
from collections.abc import Callable

from .stats import percentile


class Connection:
    def __init__(self, port: int, cookies: str = ""):
        self.port, self.cookies = port, cookies
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body=None, headers=None):
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = self.cookies
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response, data
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=60
                )
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def close(self):
        self.conn.close()


def run(
    port: int,
    make_request: Callable,
    *,
    concurrency: int,
    duration: float,
    max_requests: int,
    cookies: str = "",
) -> dict:
    """``make_request(conn, index)`` sends one request and returns its status.
    Stops after ``duration`` seconds or ``max_requests`` requests in all."""
    times, statuses, lock = [], {}, threading.Lock()
    counter = iter(range(max_requests))
    deadline = time.perf_counter() + duration

    def worker():
        conn = Connection(port, cookies)
        try:
            while time.perf_counter() < deadline:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                started = time.perf_counter()
                status = make_request(conn, index)
                elapsed = time.perf_counter() - started
                with lock:
                    times.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(times),
        "seconds": wall,
        "rps": len(times) / wall if wall else 0,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "statuses": statuses,
    }
