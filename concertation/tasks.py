"""Queueing Celery tasks without ever breaking the request that asked."""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args, countdown: int | None = None, **kwargs) -> bool:
    """Send ``task`` to the broker; when the broker is down, log and go on.

    Work queued this way is also caught up by a periodic sweep, so a lost
    message delays it but loses nothing. Returns whether it was queued.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown, retry=False)
    except Exception:  # the broker's errors vary by transport
        logger.warning("Could not queue %s; the periodic sweep will do it.", task.name)
        return False
    return True
