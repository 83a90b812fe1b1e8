"""The resource library's pages: list, detail, download, and the proposal form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from kernel.downloads import uploaded_file_response
from kernel.filters import filter_status
from kernel.pagecache import public_page

from . import selectors, services
from .filters import ResourceFilter
from .forms import ResourceProposalForm
from .models import Resource
from .uploads import limit_upload_size, request_too_large
from .validators import MAX_UPLOAD_BYTES

RESOURCES_PER_PAGE = 20


@public_page
@require_safe
def resource_list(request):
    filterset = ResourceFilter(request.GET or None, queryset=selectors.resource_list())
    paginator = Paginator(filterset.qs, RESOURCES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resources/resource_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=filter_status(filterset),
    )


@public_page
@require_safe
def resource_detail(request, slug):
    try:
        resource = selectors.resource_detail(slug=slug, user=request.user)
    except Resource.DoesNotExist as error:
        raise Http404 from error
    return render(request, "resources/resource_detail.html", {"resource": resource})


@require_safe
def resource_download(request, slug):
    try:
        resource = selectors.resource_for_download(slug=slug, user=request.user)
    except Resource.DoesNotExist as error:
        raise Http404 from error
    return uploaded_file_response(
        resource.file,
        filename=f"{resource.slug}.{resource.file_format}",
        content_type=resource.content_type,
        as_attachment=True,
    )


def _too_large(request, context):
    context["form"] = ResourceProposalForm()
    context["refusal"] = _(
        "The file is larger than %(limit)s MB: it is refused. Send a lighter "
        "version or give a link to the document instead."
    ) % {"limit": context["max_mb"]}
    return render(request, "resources/resource_propose.html", context, status=413)


@csrf_exempt  # checked by _resource_propose, once the upload limit is in place
@login_required
@require_http_methods(["GET", "POST"])
def resource_propose(request):
    if request.method == "POST":
        if request_too_large(request):
            return _too_large(request, {"max_mb": MAX_UPLOAD_BYTES // 2**20})
        limit_upload_size(request)
    return _resource_propose(request)


@csrf_protect
def _resource_propose(request):
    context = {"max_mb": MAX_UPLOAD_BYTES // 2**20}
    if request.method == "GET":
        context["form"] = ResourceProposalForm()
        return render(request, "resources/resource_propose.html", context)
    form = ResourceProposalForm(request.POST, request.FILES)
    if request.upload_too_large:
        return _too_large(request, context)
    if not form.is_valid():
        context["form"] = form
        return render(request, "resources/resource_propose.html", context, status=400)
    services.resource_propose(user=request.user, data=form.cleaned_data)
    messages.success(
        request,
        _(
            "Thank you: your proposal is recorded. The secretariat will review it "
            "before it appears in the library."
        ),
    )
    return redirect("resources:resource_list")
