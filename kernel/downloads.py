"""Sending an uploaded file (a resource, a newsletter PDF) to a visitor."""

from django.http import FileResponse, Http404


def uploaded_file_response(
    field_file, *, filename: str, content_type: str, as_attachment: bool
) -> FileResponse:
    """The file of ``field_file`` (404 when it is missing from storage), with a
    policy under which it runs nothing from the portal's origin, should a
    browser render it."""
    try:
        stream = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        stream,
        as_attachment=as_attachment,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
