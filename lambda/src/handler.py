"""HTTP API (payload format 2.0) handler for stackgen's sample function.

Entry point: ``handler.lambda_handler(event, context)``.

Contract
--------
* Reads only payload format 2.0 fields: ``requestContext.http.method``, ``rawPath``,
  ``rawQueryString`` / ``queryStringParameters``, lower-case ``headers``, ``cookies`` and
  ``body`` (base64-decoded when ``isBase64Encoded`` is true). Any of them may be missing.
* Loads a JSON object from the Secrets Manager secret named by ``CONFIG_SECRET_ARN`` and
  caches it per container. The secret's keys and values are never logged or returned.
* Returns ``{"statusCode": int, "headers": {...}, "body": str}`` where ``body`` is JSON:
  200 with message, method, path and request id; 400 when a base64 body cannot be decoded;
  500 with only a message and the request id when the configuration cannot be loaded or
  anything unexpected fails.
* Logs one INFO record per request (request id, route, method, path, source IP, user
  agent, caller identity, body size in bytes, status and the redacted payload) and, on a
  500, one ERROR record naming the exception class and AWS error code. No traceback and no
  exception message is ever logged, since either may quote secret material.

Environment
-----------
``CONFIG_SECRET_ARN``
    ARN of the configuration secret. Required; unset gives a 500.
``CONFIG_CACHE_TTL_SECONDS``
    How long a loaded secret is reused, in seconds. Default: 300. ``0`` reads it on every
    request. Not a non-negative number gives a 500.
``LOG_LEVEL``
    Level of the ``handler`` logger. Default: INFO (also used for unknown names).
``REDACT_KEYS``
    Comma-separated key names, case-insensitive, whose values are replaced by
    ``"[REDACTED]"`` anywhere in the logged payload, JSON bodies included. They add to the
    built-in names (authorization, cookie, cookies, accessKey, x-api-key, ...).
``AWS_REGION``
    Region of the Secrets Manager client (falls back to ``AWS_DEFAULT_REGION``). Read when
    the client is first needed, never at import.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import logging
import os
import sys
import time
from typing import Any, Callable, Mapping
from urllib.parse import parse_qsl, urlencode

import boto3
from botocore.exceptions import ClientError

REDACTED = "[REDACTED]"

# Names whose values carry credentials in a payload 2.0 event: SigV4 and bearer headers,
# session tokens, cookies (header and list), API keys, the caller's access key id, and the
# SigV4 query parameters of presigned URLs.
DEFAULT_REDACT_KEYS = frozenset(
    {
        "accesskey",
        "authorization",
        "cookie",
        "cookies",
        "proxy-authorization",
        "set-cookie",
        "x-amz-credential",
        "x-amz-security-token",
        "x-amz-signature",
        "x-api-key",
    }
)

DEFAULT_CACHE_TTL_SECONDS = 300.0
JSON_HEADERS = {"content-type": "application/json"}

logger = logging.getLogger("handler")


# ---------------------------------------------------------------------------------------
# Logging


class LogEvent(dict):
    """A structured log message: a dict that renders as one line of JSON.

    Handlers we do not own (the Lambda runtime's) call ``str()`` on the message, so it
    must already read as JSON there; ``JsonFormatter`` embeds it as an object instead.
    """

    def __str__(self) -> str:
        return json.dumps(self, default=str, sort_keys=True)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object with ``level``, ``logger`` and ``message``.

    ``exc_info`` and stack information are deliberately dropped.
    """

    def format(self, record: logging.LogRecord) -> str:
        message = record.msg if isinstance(record.msg, dict) else record.getMessage()
        entry = {"level": record.levelname, "logger": record.name, "message": message}
        return json.dumps(entry, default=str, sort_keys=True)


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is at emit time, so redirection is honoured."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_fallback_handler = StdoutHandler()


def configure_logging(environ: Mapping[str, str] = os.environ) -> None:
    """Makes every record of ``logger`` appear exactly once.

    The Lambda runtime installs a handler on the root logger before importing us; then we
    propagate to it and own no handler. With no root handler (a local run), our own stdout
    handler is attached and propagation is off. Checked on every request, so a root handler
    added after import is picked up.
    """
    logger.setLevel(_log_level(environ.get("LOG_LEVEL", "")))
    if logging.getLogger().handlers:
        logger.removeHandler(_fallback_handler)
        logger.propagate = True
    else:
        if _fallback_handler not in logger.handlers:
            logger.addHandler(_fallback_handler)
        logger.propagate = False


def _log_level(name: str) -> int:
    return logging.getLevelNamesMapping().get(name.strip().upper(), logging.INFO)


# ---------------------------------------------------------------------------------------
# Configuration secret


class ConfigError(Exception):
    """The configuration cannot be loaded. ``code`` names the cause; nothing else is kept."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def new_secrets_client() -> Any:
    """Creates the Secrets Manager client for the region in the environment."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise ConfigError("AwsRegionUnset")
    return boto3.client("secretsmanager", region_name=region)


class ConfigCache:
    """Reads a JSON-object secret and keeps it for a time-to-live.

    The client is created on first use, once per container. Failed reads are not cached.
    ``clock`` returns seconds and must never go backwards (``time.monotonic``).
    """

    def __init__(
        self,
        client_factory: Callable[[], Any] = new_secrets_client,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client_factory = client_factory
        self._clock = clock
        self._client: Any = None
        self._arn: str | None = None
        self._value: dict[str, Any] | None = None
        self._expires_at = 0.0

    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def get(self, arn: str, ttl_seconds: float) -> dict[str, Any]:
        now = self._clock()
        if self._value is not None and self._arn == arn and now < self._expires_at:
            return self._value
        value = self._fetch(arn)
        self._arn, self._value, self._expires_at = arn, value, now + ttl_seconds
        return value

    def _fetch(self, arn: str) -> dict[str, Any]:
        # Only SecretString is read: the response also holds datetime fields and must
        # never be serialized or logged as a whole.
        response = self.client().get_secret_value(SecretId=arn)
        text = response.get("SecretString")
        if not isinstance(text, str):
            raise ConfigError("SecretStringMissing")
        try:
            value = json.loads(text)
        except ValueError:
            # "from None": the decode error keeps the whole secret text in its .doc.
            raise ConfigError("SecretNotJson") from None
        if not isinstance(value, dict):
            raise ConfigError("SecretNotObject")
        return value


_cache = ConfigCache()


def load_config(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Returns the configuration object, from the cache while it is fresh."""
    arn = environ.get("CONFIG_SECRET_ARN", "").strip()
    if not arn:
        raise ConfigError("ConfigSecretArnUnset")
    return _cache.get(arn, _cache_ttl(environ))


def _cache_ttl(environ: Mapping[str, str]) -> float:
    text = environ.get("CONFIG_CACHE_TTL_SECONDS", "").strip()
    if not text:
        return DEFAULT_CACHE_TTL_SECONDS
    try:
        ttl = float(text)
    except ValueError:
        raise ConfigError("InvalidCacheTtl") from None
    if not 0 <= ttl < float("inf"):
        raise ConfigError("InvalidCacheTtl")
    return ttl


# ---------------------------------------------------------------------------------------
# Request parsing


@dataclasses.dataclass(frozen=True)
class Request:
    """The payload 2.0 fields the handler uses. Absent fields are None or empty."""

    request_id: str | None
    route_key: str | None
    method: str | None
    path: str | None
    query: dict[str, str]
    headers: dict[str, str]
    cookies: list[str]
    body: bytes
    body_error: str | None
    source_ip: str | None
    user_agent: str | None
    caller: dict[str, Any]
    event: dict[str, Any]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_request(event: Any) -> Request:
    """Reads a payload 2.0 event; never raises, whatever the event holds."""
    event = _dict(event)
    context = _dict(event.get("requestContext"))
    http = _dict(context.get("http"))
    headers = {str(k).lower(): v for k, v in _dict(event.get("headers")).items()}
    body, body_error = _decode_body(event)
    cookies = event.get("cookies")
    return Request(
        request_id=context.get("requestId"),
        route_key=context.get("routeKey"),
        method=http.get("method"),
        path=event.get("rawPath"),
        query=_query(event),
        headers=headers,
        cookies=cookies if isinstance(cookies, list) else [],
        body=body,
        body_error=body_error,
        source_ip=http.get("sourceIp"),
        user_agent=http.get("userAgent") or headers.get("user-agent"),
        caller=_caller(context),
        event=event,
    )


def _query(event: dict[str, Any]) -> dict[str, str]:
    params = event.get("queryStringParameters")
    if isinstance(params, dict):
        return params
    raw = event.get("rawQueryString")
    if not isinstance(raw, str):
        return {}
    # Payload 2.0 joins repeated parameters with commas; do the same.
    query: dict[str, str] = {}
    for key, value in parse_qsl(raw, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    return query


def _decode_body(event: dict[str, Any]) -> tuple[bytes, str | None]:
    body = event.get("body")
    if not isinstance(body, str):
        return b"", None
    if not event.get("isBase64Encoded"):
        return body.encode("utf-8"), None
    try:
        return base64.b64decode(body, validate=True), None
    except (binascii.Error, ValueError):
        return b"", "request body is not valid base64"


def _caller(context: dict[str, Any]) -> dict[str, Any]:
    iam = _dict(_dict(context.get("authorizer")).get("iam"))
    return {
        "userArn": iam.get("userArn"),
        "callerId": iam.get("callerId"),
        "accountId": iam.get("accountId"),
    }


# ---------------------------------------------------------------------------------------
# Redaction


def redact_keys(environ: Mapping[str, str] = os.environ) -> frozenset[str]:
    """Built-in sensitive names plus those listed in REDACT_KEYS, all lower case."""
    extra = (name.strip().lower() for name in environ.get("REDACT_KEYS", "").split(","))
    return DEFAULT_REDACT_KEYS | {name for name in extra if name}


# A key whose name contains one of these (lower case, "-" read as "_") is sensitive whatever
# else it says: request bodies carry credentials under many names (password, client_secret,
# aws_secret_access_key, refresh_token, X-Session-Token, ...).
SENSITIVE_FRAGMENTS = (
    "apikey",
    "api_key",
    "authorization",
    "cookie",
    "credential",
    "passphrase",
    "passwd",
    "password",
    "private_key",
    "secret",
    "session",
    "signature",
    "token",
)


def is_sensitive(key: Any, keys: frozenset[str]) -> bool:
    """True when ``key`` is one of ``keys`` or its name contains a sensitive fragment."""
    name = str(key).lower()
    if name in keys:
        return True
    name = name.replace("-", "_")
    return any(fragment in name for fragment in SENSITIVE_FRAGMENTS)


def redact(value: Any, keys: frozenset[str]) -> Any:
    """Returns a copy of ``value`` with the values of sensitive keys replaced, at any depth."""
    if isinstance(value, dict):
        return {k: REDACTED if is_sensitive(k, keys) else redact(v, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item, keys) for item in value]
    return value


def _redact_query_string(raw: str, keys: frozenset[str]) -> str:
    pairs = parse_qsl(raw, keep_blank_values=True)
    return urlencode([(k, REDACTED if is_sensitive(k, keys) else v) for k, v in pairs])


def _loggable_body(body: bytes, keys: frozenset[str]) -> Any:
    """The redacted JSON object or array in ``body``, or None when it is anything else.

    Text that is not a JSON container is never logged: it may be a credential itself.
    """
    try:
        parsed = json.loads(body)
        if isinstance(parsed, (dict, list)):
            return redact(parsed, keys)
    except (ValueError, RecursionError):
        pass
    return None


def loggable_payload(request: Request, keys: frozenset[str]) -> dict[str, Any]:
    """The event as it may be logged: credentials redacted, raw body and query replaced."""
    payload = redact({k: v for k, v in request.event.items() if k != "body"}, keys)
    raw_query = request.event.get("rawQueryString")
    if isinstance(raw_query, str):
        payload["rawQueryString"] = _redact_query_string(raw_query, keys)
    body = _loggable_body(request.body, keys)
    if body is not None:
        payload["body"] = body
    return payload


# ---------------------------------------------------------------------------------------
# Responses and the entry point


def _response(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": status, "headers": dict(JSON_HEADERS), "body": json.dumps(body)}


def _handle(request: Request) -> dict[str, Any]:
    if request.body_error is not None:
        return _response(400, {"message": request.body_error, "requestId": request.request_id})
    load_config()
    return _response(
        200,
        {
            "message": "ok",
            "method": request.method,
            "path": request.path,
            "requestId": request.request_id,
        },
    )


def _log_failure(request_id: str | None, error: Exception) -> None:
    code = error.code if isinstance(error, ConfigError) else None
    if isinstance(error, ClientError):
        code = _dict(error.response.get("Error")).get("Code")
    logger.error(
        LogEvent(
            event="request failed",
            requestId=request_id,
            errorType=type(error).__name__,
            errorCode=code,
        )
    )


def _log_request(request: Request, status: int) -> None:
    logger.info(
        LogEvent(
            event="request",
            requestId=request.request_id,
            routeKey=request.route_key,
            method=request.method,
            path=request.path,
            sourceIp=request.source_ip,
            userAgent=request.user_agent,
            caller=request.caller,
            bodyBytes=len(request.body),
            status=status,
            payload=loggable_payload(request, redact_keys()),
        )
    )


def lambda_handler(event: Any, context: Any) -> dict[str, Any]:
    """Answers one API Gateway HTTP API request (payload format 2.0)."""
    configure_logging()
    request = parse_request(event)
    try:
        response = _handle(request)
    except Exception as error:  # noqa: BLE001 - every failure becomes a logged 500.
        _log_failure(request.request_id, error)
        response = _response(500, {"message": "internal error", "requestId": request.request_id})
    _log_request(request, response["statusCode"])
    return response
