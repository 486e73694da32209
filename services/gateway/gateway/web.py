"""HTTP plumbing: JSON in and out, pages of lists, bodies read whole or refused, text no database stores."""
import json
from urllib.parse import quote, urlencode

from werkzeug.wrappers import Response

from contest_kit.errors import ValidationFailed
from gateway.i18n import _

CORRELATION_HEADER = "X-Correlation-Id"
MAX_JSON_BYTES = 1024 * 1024


def json_response(status, body, correlation_id=None, headers=None):
    headers = {**(headers or {}), **({CORRELATION_HEADER: correlation_id} if correlation_id else {})}
    return Response(json.dumps(body, ensure_ascii=False, default=str), status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def page_response(status, page, request, limit, correlation_id=None):
    """A page of a list (contest_kit.paging) as the body: the array of its items, as the service
    serialised them (decoding and encoding them again here would add nothing but time); a `Link`
    to the next page, with the same size and the same other parameters; the total when counted."""
    headers = {CORRELATION_HEADER: correlation_id} if correlation_id else {}
    if page["next"] is not None:
        query = [(k, v) for k, v in request.args.items(multi=True) if k not in ("cursor", "limit")]
        query += [("cursor", page["next"]), ("limit", limit)]
        # A path, not a whole URL: behind a proxy the gateway does not know the address clients
        # reach it at; a client resolves it against the request's URL (RFC 8288, 3.1).
        headers["Link"] = f'<{quote(request.root_path + request.path)}?{urlencode(query)}>; rel="next"'
    if page["total"] is not None:
        headers["X-Total-Count"] = str(page["total"])
    return Response(page["items_json"], status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def read_body(request, limit, too_large):
    """The raw request body, at most `limit` bytes, sent with a Content-Length or chunked.

    werkzeug reads nothing from a chunked body unless the server sets
    `wsgi.input_terminated`; eventlet de-chunks `wsgi.input` but does not set it.
    """
    if request.content_length is not None:
        if request.content_length > limit:
            raise too_large
        return request.get_data()
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return b""
    stream, parts, size = request.environ["wsgi.input"], [], 0
    while True:
        part = stream.read(min(64 * 1024, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        if size > limit:
            raise too_large


def read_json(request):
    body = read_body(request, MAX_JSON_BYTES, ValidationFailed(
        _("request body too large"), {"_schema": [_("at most {limit} bytes", limit=MAX_JSON_BYTES)]}))
    if not body:
        raise ValidationFailed(_("request body required"), {"_schema": [_("send a JSON object")]})
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except ValueError as exc:
        raise ValidationFailed(_("request body is not JSON"), {"_schema": [str(exc)]}) from None
    except RecursionError:
        raise ValidationFailed(_("request body is not JSON"), {"_schema": [_("nested too deeply")]}) from None
    if not isinstance(data, dict):
        raise ValidationFailed(_("request body must be a JSON object"),
                               {"_schema": [_("expected an object")]})
    unstorable = unstorable_text(data)
    if unstorable:
        raise ValidationFailed(_("invalid text"), unstorable)
    return data


def unstorable_text(data):
    """Dotted names of strings no database stores: NUL characters, unpaired surrogates.

    JSON escapes let a client send both ("\\u0000", "\\ud800"); PostgreSQL and UTF-8
    encoders refuse them far from here, as a 500. Iterative: JSON may nest deep.
    """
    found, pending = {}, [("", data)]
    while pending:
        name, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                field_name = f"{name}.{key}" if name else key
                if not _storable(key):
                    found[name or "_schema"] = [_("invalid field name")]
                else:
                    pending.append((field_name, item))
        elif isinstance(value, list):
            pending.extend((f"{name}.{index}", item) for index, item in enumerate(value))
        elif isinstance(value, str) and not _storable(value):
            found[name] = [_("contains NUL or invalid Unicode")]
    return dict(sorted(found.items()))


def _storable(text):
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
