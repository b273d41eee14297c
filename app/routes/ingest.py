"""``POST /v1/ingest``: one document upload, the same report as ``researchgraph ingest``.

The body is read as a stream and counted, so an oversize upload is refused after
at most ``RG_MAX_UPLOAD_BYTES`` bytes instead of being buffered whole first.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import UploadFile

from app.deps import SettingsDep, StoreDep, get_matcher, require_api_key
from app.errors import InvalidParameter, PayloadTooLarge, UnreadableUpload, problem_doc
from app.ingest import IngestReport, ingest_bytes
from app.refresh import exclusive_write
from graph.model import Format
from nlp.readers.base import ReadOptions

router = APIRouter(prefix="/v1", tags=["ingest"])
# Uploads merge one at a time anyway (app/refresh.py exclusive_write): each on a thread of its
# own, not one of the few that a worker's reads compute on (app/main.py _bound_threads).
_UPLOADS: RunVar[anyio.CapacityLimiter] = RunVar("uploads")

_UPLOAD_BODY = {
    "requestBody": {
        "description": "multipart/form-data with a `file` part, or the raw document with `?name=`",
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}}, "required": ["file"]}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/ingest", response_model=IngestReport, summary="Upload one document",
    dependencies=[Depends(require_api_key)], openapi_extra=_UPLOAD_BODY,
    responses={401: problem_doc("missing or wrong bearer key"), 403: problem_doc("writes disabled (no RG_API_KEY)"),
               413: problem_doc("upload larger than RG_MAX_UPLOAD_BYTES"),
               422: problem_doc("bad parameter or a document that cannot be read")},
)
async def ingest(
    request: Request, store: StoreDep, settings: SettingsDep,
    matcher: Annotated[Any, Depends(get_matcher)],
    name: Annotated[str | None, Query(description="document name for a raw body", examples=["feed.txt"])] = None,
    fmt: Annotated[Format | None, Query(alias="format", description="skip auto-detection")] = None,
    owner: Annotated[str | None, Query(description="the profile's researcher when the document omits it")] = None,
    as_of: Annotated[dt.date | None, Query(description="resolves yearless dates; default today")] = None,
):
    """Requires ``Authorization: Bearer <RG_API_KEY>``. Returns the per-file report:
    detected format, records, problems, and papers new/updated/unchanged."""
    limit = int(settings.rg_max_upload_bytes)
    body = await _read_limited(request, limit)
    data, filename = await _document(request, body, name)
    options = ReadOptions(owner=owner, as_of=as_of) if as_of else ReadOptions(owner=owner)

    def run() -> IngestReport:
        with exclusive_write(store) as writable:
            return ingest_bytes(data, filename, writable, fmt=fmt, options=options, matcher=matcher,
                                max_unpacked=limit)

    report = await anyio.to_thread.run_sync(run, limiter=_uploads())
    unreadable = [f for f in report.files if f.failed]
    bombs = [p for f in unreadable for p in f.problems if ": too-large: " in p]
    if bombs:  # a compressed upload counts by what it unpacks to
        raise PayloadTooLarge(f"upload unpacks to more than the limit of {limit} bytes")
    if unreadable:
        problems = [p for f in unreadable for p in f.problems]
        raise UnreadableUpload("; ".join(problems) or f"{filename} could not be read", file=filename,
                               problems=problems, report=report.model_dump(mode="json"))
    return report


def _uploads() -> anyio.CapacityLimiter:
    try:
        return _UPLOADS.get()
    except LookupError:  # the first upload in this event loop
        limiter = anyio.CapacityLimiter(1)
        _UPLOADS.set(limiter)
        return limiter


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise InvalidParameter("Content-Length", "not a byte count")
        if int(declared) > limit:
            raise PayloadTooLarge(f"upload of {declared} bytes exceeds the limit of {limit} bytes")
    chunks: list[bytes] = []
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise PayloadTooLarge(f"upload exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _document(request: Request, body: bytes, name: str | None) -> tuple[bytes, str]:
    """The uploaded bytes and their name, from a multipart ``file`` part or the raw body."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await _replay(request, body).form()
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidParameter("file", "multipart upload needs a file part named 'file'")
            data = await upload.read()
            filename = name or upload.filename or "upload"
        finally:
            await form.close()
    else:
        if not name:
            raise InvalidParameter("name", "a raw-body upload needs ?name= (the document's file name)")
        data, filename = body, name
    if not data:
        raise InvalidParameter("file", "the uploaded document is empty")
    return data, filename


def _replay(request: Request, body: bytes) -> Request:
    """A request whose body is the already-read bytes, so the form parser can run on them."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)
