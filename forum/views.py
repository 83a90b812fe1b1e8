from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kernel.filters import filter_status
from kernel.links import site_base_url
from kernel.pagecache import public_page

from . import selectors, services
from .filters import EventFilter
from .forms import EventProposalForm
from .ical import calendar_ical
from .models import Event, ForumEdition, ProceedingsDocument

EVENTS_PER_PAGE = 20
ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"


@public_page
def event_list(request):
    data = request.GET.copy()
    if not data.get("when"):
        data["when"] = EventFilter.UPCOMING
    filterset = EventFilter(data, queryset=selectors.event_list(), request=request)
    page = Paginator(filterset.qs, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "forum/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "past": data.get("when") == EventFilter.PAST,
        },
        status=filter_status(filterset),
    )


@public_page
def event_detail(request, slug):
    try:
        event = selectors.event_detail(slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error
    return render(request, "forum/event_detail.html", {"event": event})


def _ical_response(request, events, *, name):
    return HttpResponse(
        calendar_ical(events, name=name, base_url=site_base_url(request)),
        content_type=ICAL_CONTENT_TYPE,
    )


def event_calendar(request):
    return _ical_response(
        request, selectors.event_calendar(), name=_("Concertation: events calendar")
    )


def event_ical(request, slug):
    events = list(selectors.event_calendar(slug=slug))
    if not events:
        raise Http404
    return _ical_response(request, events, name=events[0].title)


@login_required
@require_http_methods(["GET", "POST"])
def event_propose(request):
    form = EventProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.event_propose(
            user=request.user, data=data, text_language=data.pop("text_language")
        )
        messages.success(
            request,
            _(
                "Thank you. The secretariat will review your event before it "
                "appears in the calendar."
            ),
        )
        return redirect("forum:event_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/event_propose.html", {"form": form}, status=status)


@public_page
def forum_list(request):
    return render(
        request, "forum/forum_list.html", {"editions": selectors.forum_list()}
    )


@public_page
def forum_detail(request, year):
    try:
        edition = selectors.forum_detail(year=year)
    except ForumEdition.DoesNotExist as error:
        raise Http404 from error
    return render(request, "forum/forum_detail.html", {"edition": edition})


def document_download(request, pk):
    try:
        document = selectors.document_for_download(pk=pk)
    except ProceedingsDocument.DoesNotExist as error:
        raise Http404 from error
    if not document.file:
        if not document.safe_url:
            raise Http404
        return redirect(document.safe_url)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(document.title) or 'document'}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
