"""Refusing an oversized upload before it is stored, not after.

The size validator judges a file once it has been received; these pieces stop
the transfer itself: a body declared too large is refused unread, and a body
that turns out too large is discarded as it streams in (the upload handler runs
first, so no later handler writes the rest to a temporary file).
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from . import validators

# Room for the multipart envelope and the form's other fields.
ENVELOPE_BYTES = 256 * 1024


def request_too_large(request) -> bool:
    """Whether the declared body is beyond any acceptable proposal."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    limit = validators.MAX_UPLOAD_BYTES + ENVELOPE_BYTES
    return length.isdigit() and int(length) > limit


class SizeLimitUploadHandler(FileUploadHandler):
    """Drop a file as soon as more than the limit has arrived, and say so on the
    request (``request.upload_too_large``) for the view to explain."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > validators.MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload_size(request) -> None:
    """Install the size limit; call before anything reads ``request.POST``."""
    request.upload_too_large = False
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
