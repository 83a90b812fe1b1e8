"""Small pieces the views share about what they answer."""


def form_status(form) -> int:
    """400 for a submitted form that is refused (shown again with its errors),
    200 otherwise: a client, a crawler or a test can tell refused input from
    a page that was simply shown."""
    return 400 if form.is_bound and form.errors else 200
