"""How django-axes identifies who is trying to log in (see docs/security.md).

Failures are counted per account and client address. Both must be the ones a
person cannot vary at will: the e-mail address as the database matches it
(case-insensitively), and the address the client-facing proxy saw.
"""

import ipaddress

from django.conf import settings


def login_username(request, credentials=None):
    """The e-mail address of a login attempt, as accounts are matched.

    Login is case-insensitive, so "Awa@Example.org" and "awa@example.org" are
    one account and must share one failure count.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if not username:
        return username
    return username.strip().lower()


def _is_ip_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip_address(request) -> str | None:
    """The client's address, trusting exactly LOGIN_NUM_PROXIES proxies.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with N proxies the client is the N-th entry from the
    right; whatever the client wrote there itself lies further left and is
    ignored. With no proxy the header is not read at all. This is the rule the
    read-only API's NUM_PROXIES follows too.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.LOGIN_NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if not forwarded:
        return remote
    client = forwarded[-min(proxies, len(forwarded))]
    # A header too short for the configured proxies hands the choice back to
    # the client: only take what is at least a well-formed address.
    return client if _is_ip_address(client) else remote
