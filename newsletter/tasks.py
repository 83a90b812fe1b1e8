"""Celery tasks: thin wrappers around the dispatch services."""

from celery import shared_task

from . import services

StepState = services.StepState


@shared_task(bind=True, name="newsletter.dispatch_run", ignore_result=True)
def dispatch_run(self, dispatch_id: int) -> str:
    """Send one batch, then queue the next one at the dispatch's pace (on the
    queue this run came from) until nothing is pending."""
    if self.request.is_eager:
        return services.dispatch_send_all(dispatch_id=dispatch_id).state.value
    step = services.dispatch_step(dispatch_id=dispatch_id)
    if step.state in (StepState.CONTINUE, StepState.WAITING):
        queue = (self.request.delivery_info or {}).get("routing_key")
        options = {"queue": queue} if queue else {}
        self.apply_async((dispatch_id,), countdown=step.delay, **options)
    return step.state.value


@shared_task(name="newsletter.dispatch_resume_stale", ignore_result=True)
def dispatch_resume_stale() -> list[int]:
    """For the beat: resume dispatches left unfinished by a stopped worker."""
    return services.dispatch_resume_stale()
