"""Tests for lambda/src/handler.py. No network: Secrets Manager is answered by botocore's Stubber.

Run from the repository root:
    /usr/bin/python3 -m unittest discover -s lambda/tests -t lambda -v
"""

from __future__ import annotations

import base64
import contextlib
import copy
import io
import json
import logging
import os
import subprocess
import sys
import unittest
from datetime import datetime, timezone
from typing import Any, Iterator
from unittest import mock

from botocore.stub import Stubber

LAMBDA_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The handler folder holds exactly what ships in the zip.
HANDLER_DIR = os.path.join(LAMBDA_DIR, "src")
sys.path.insert(0, HANDLER_DIR)

import handler  # noqa: E402
ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:stackgen/config-AbCdEf"
REQUEST_ID = "req-0001"
USER_ARN = "arn:aws:iam::123456789012:user/alice"

# Everything the handler and botocore may read. Tests never see the machine's environment.
BASE_ENV = {
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "AKIAFAKEFORTESTS0000",
    "AWS_SECRET_ACCESS_KEY": "fake-secret-access-key-for-tests",
    "AWS_SESSION_TOKEN": "fake-session-token-for-tests",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "CONFIG_SECRET_ARN": ARN,
}

SECRET = json.dumps({"database_url": "postgres://db", "feature_flags": "a,b"})


def make_event(**overrides: Any) -> dict[str, Any]:
    """A complete payload 2.0 event for POST /items/42 signed with IAM."""
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "POST /items/{id}",
        "rawPath": "/items/42",
        "rawQueryString": "limit=5",
        "queryStringParameters": {"limit": "5"},
        "headers": {
            "content-type": "application/json",
            "host": "abc123.execute-api.us-east-1.amazonaws.com",
            "user-agent": "curl/8.5.0",
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "authorizer": {
                "iam": {
                    "accessKey": "ASIAEXAMPLEACCESSKEY",
                    "accountId": "123456789012",
                    "callerId": "AIDAEXAMPLECALLERID",
                    "cognitoIdentity": None,
                    "principalOrgId": None,
                    "userArn": USER_ARN,
                    "userId": "AIDAEXAMPLECALLERID",
                }
            },
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "http": {
                "method": "POST",
                "path": "/items/42",
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "curl/8.5.0",
            },
            "requestId": REQUEST_ID,
            "routeKey": "POST /items/{id}",
            "stage": "$default",
            "timeEpoch": 1700000000000,
        },
        "body": '{"name": "widget"}',
        "isBase64Encoded": False,
    }
    event.update(overrides)
    return event


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class RecordingHandler(logging.Handler):
    """Stands in for the Lambda runtime's root handler: keeps records and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("[%(levelname)s] %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


class Capture:
    def __init__(self, root_handler: RecordingHandler | None) -> None:
        self.root_handler = root_handler
        self.stdout = io.StringIO()
        self.stderr = io.StringIO()

    @property
    def records(self) -> list[logging.LogRecord]:
        return self.root_handler.records if self.root_handler else []

    def handler_records(self, level: int) -> list[logging.LogRecord]:
        return [r for r in self.records if r.name == "handler" and r.levelno == level]

    def all_text(self) -> str:
        lines = self.root_handler.lines if self.root_handler else []
        return "\n".join(lines) + self.stdout.getvalue() + self.stderr.getvalue()


class HandlerTestCase(unittest.TestCase):
    def setUp(self) -> None:
        env_patch = mock.patch.dict(os.environ, BASE_ENV, clear=True)
        env_patch.start()
        self.addCleanup(env_patch.stop)
        self._isolate_loggers()
        self.clock = FakeClock()
        self.use_new_cache()

    def _isolate_loggers(self) -> None:
        root, own = logging.getLogger(), handler.logger
        saved = (root.handlers[:], own.handlers[:], own.propagate, own.level)
        root.handlers, own.handlers, own.propagate = [], [], True

        def restore() -> None:
            root.handlers, own.handlers, own.propagate = saved[0], saved[1], saved[2]
            own.setLevel(saved[3])

        self.addCleanup(restore)

    def use_new_cache(self) -> None:
        """A fresh per-container cache whose client (made by the handler) is stubbed."""
        self.cache = handler.ConfigCache(clock=self.clock)
        cache_patch = mock.patch.object(handler, "_cache", self.cache)
        cache_patch.start()
        self.addCleanup(cache_patch.stop)
        client = self.cache.client()
        self.calls: list[str] = []
        client.meta.events.register(
            "before-parameter-build.secrets-manager.GetSecretValue",
            lambda params, **_: self.calls.append(params["SecretId"]),
        )
        self.stubber = Stubber(client)
        self.stubber.activate()
        self.addCleanup(self.stubber.deactivate)

    def stub_secret(self, secret_string: str | None = SECRET, **fields: Any) -> None:
        response = {
            "ARN": ARN,
            "Name": "stackgen/config",
            "VersionId": "11111111-2222-3333-4444-555555555555",
            "CreatedDate": datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc),
            **fields,
        }
        if secret_string is not None:
            response["SecretString"] = secret_string
        self.stubber.add_response("get_secret_value", response, {"SecretId": ARN})

    def stub_error(self, code: str) -> None:
        self.stubber.add_client_error(
            "get_secret_value",
            service_error_code=code,
            service_message=f"{code} for tests",
            http_status_code=400,
            expected_params={"SecretId": ARN},
        )

    @contextlib.contextmanager
    def capture(self, root_handler: bool = True) -> Iterator[Capture]:
        """Captures records on the root logger (like Lambda), stdout and stderr."""
        recorder = RecordingHandler() if root_handler else None
        root = logging.getLogger()
        if recorder:
            root.addHandler(recorder)
        result = Capture(recorder)
        try:
            with contextlib.redirect_stdout(result.stdout), contextlib.redirect_stderr(
                result.stderr
            ):
                yield result
        finally:
            if recorder:
                root.removeHandler(recorder)

    def invoke(self, event: Any) -> dict[str, Any]:
        response = handler.lambda_handler(event, None)
        self.assert_valid_response(response)
        return response

    def assert_valid_response(self, response: dict[str, Any]) -> None:
        self.assertIs(type(response["statusCode"]), int)
        self.assertIs(type(response["body"]), str)
        self.assertEqual(response["headers"], {"content-type": "application/json"})
        self.assertIsInstance(json.loads(response["body"]), dict)

    def request_record(self, capture: Capture) -> dict[str, Any]:
        records = capture.handler_records(logging.INFO)
        self.assertEqual(len(records), 1)
        return json.loads(records[0].getMessage())

    def error_record(self, capture: Capture) -> dict[str, Any]:
        records = capture.handler_records(logging.ERROR)
        self.assertEqual(len(records), 1)
        self.assertIsNone(records[0].exc_info)
        return json.loads(records[0].getMessage())


class PayloadTest(HandlerTestCase):
    def test_c10_happy_path_returns_200_with_request_fields(self) -> None:
        self.stub_secret()
        with self.capture() as captured:
            response = self.invoke(make_event())

        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(
            json.loads(response["body"]),
            {"message": "ok", "method": "POST", "path": "/items/42", "requestId": REQUEST_ID},
        )
        record = self.request_record(captured)
        self.assertEqual(record["requestId"], REQUEST_ID)
        self.assertEqual(record["routeKey"], "POST /items/{id}")
        self.assertEqual(record["method"], "POST")
        self.assertEqual(record["path"], "/items/42")
        self.assertEqual(record["sourceIp"], "203.0.113.7")
        self.assertEqual(record["userAgent"], "curl/8.5.0")
        self.assertEqual(
            record["caller"],
            {"userArn": USER_ARN, "callerId": "AIDAEXAMPLECALLERID", "accountId": "123456789012"},
        )
        self.assertEqual(record["bodyBytes"], 18)
        self.assertEqual(record["status"], 200)
        self.assertEqual(record["payload"]["body"], {"name": "widget"})
        self.assertEqual(captured.handler_records(logging.ERROR), [])
        self.stubber.assert_no_pending_responses()

    def test_c10_reads_method_and_path_only_from_v2_fields(self) -> None:
        self.stub_secret()
        rest_event = {"httpMethod": "GET", "path": "/v1", "requestContext": {"requestId": "r1"}}
        with self.capture():
            response = self.invoke(rest_event)

        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(
            json.loads(response["body"]),
            {"message": "ok", "method": None, "path": None, "requestId": "r1"},
        )

    def test_c10_base64_binary_body_is_decoded_and_sized(self) -> None:
        self.stub_secret()
        raw = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
        event = make_event(body=base64.b64encode(raw).decode(), isBase64Encoded=True)
        with self.capture() as captured:
            response = self.invoke(event)

        self.assertEqual(response["statusCode"], 200)
        record = self.request_record(captured)
        self.assertEqual(record["bodyBytes"], 264)
        self.assertNotIn("body", record["payload"])

    def test_c10_base64_json_body_is_decoded_and_logged(self) -> None:
        self.stub_secret()
        encoded = base64.b64encode('{"qty": 3, "note": "ünï"}'.encode()).decode()
        with self.capture() as captured:
            self.invoke(make_event(body=encoded, isBase64Encoded=True))

        record = self.request_record(captured)
        self.assertEqual(record["bodyBytes"], 27)
        self.assertEqual(record["payload"]["body"], {"qty": 3, "note": "ünï"})

    def test_c10_text_body_size_counts_utf8_bytes(self) -> None:
        self.stub_secret()
        with self.capture() as captured:
            self.invoke(make_event(body="héllo wörld", headers={"content-type": "text/plain"}))

        self.assertEqual(self.request_record(captured)["bodyBytes"], 13)

    def test_c10_invalid_base64_body_returns_400(self) -> None:
        with self.capture() as captured:
            response = self.invoke(make_event(body="not base64!", isBase64Encoded=True))

        self.assertEqual(response["statusCode"], 400)
        self.assertEqual(
            json.loads(response["body"]),
            {"message": "request body is not valid base64", "requestId": REQUEST_ID},
        )
        self.assertEqual(self.request_record(captured)["status"], 400)
        self.assertEqual(self.calls, [])

    def test_c10_missing_query_body_headers_and_cookies_are_tolerated(self) -> None:
        self.stub_secret()
        event = {
            "version": "2.0",
            "rawPath": "/health",
            "requestContext": {"http": {"method": "GET"}, "requestId": "req-min"},
        }
        with self.capture() as captured:
            response = self.invoke(event)

        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(
            json.loads(response["body"]),
            {"message": "ok", "method": "GET", "path": "/health", "requestId": "req-min"},
        )
        record = self.request_record(captured)
        self.assertEqual(record["bodyBytes"], 0)
        self.assertIsNone(record["userAgent"])
        self.assertIsNone(record["sourceIp"])
        self.assertEqual(record["caller"], {"userArn": None, "callerId": None, "accountId": None})
        self.assertEqual(record["payload"], event)

    def test_c10_malformed_event_pieces_are_tolerated(self) -> None:
        self.stub_secret()
        events = [
            {},
            None,
            {"requestContext": None, "headers": None, "cookies": None, "body": None},
            {"requestContext": {"http": "GET", "authorizer": {"iam": None}}, "headers": []},
            {"queryStringParameters": None, "rawQueryString": ""},
        ]
        with self.capture():
            for event in events:
                with self.subTest(event=event):
                    response = self.invoke(event)
                    self.assertEqual(response["statusCode"], 200)
                    self.assertEqual(
                        json.loads(response["body"]),
                        {"message": "ok", "method": None, "path": None, "requestId": None},
                    )

    def test_c10_query_string_parsed_when_parameters_are_missing(self) -> None:
        request = handler.parse_request({"rawQueryString": "a=1&a=2&b=&c=x%20y"})
        self.assertEqual(request.query, {"a": "1,2", "b": "", "c": "x y"})
        self.assertEqual(handler.parse_request({}).query, {})

    def test_c10_every_response_is_json_with_int_status_and_str_body(self) -> None:
        scenarios = [
            ("ok", lambda: self.stub_secret(), make_event(), 200),
            ("missing", lambda: self.stub_error("ResourceNotFoundException"), make_event(), 500),
            ("not json", lambda: self.stub_secret("{"), make_event(), 500),
            ("bad base64", lambda: None, make_event(body="%%", isBase64Encoded=True), 400),
            ("empty event", lambda: self.stub_secret(), {}, 200),
        ]
        with self.capture():
            for name, arrange, event, status in scenarios:
                with self.subTest(name):
                    self.cache._value = None
                    arrange()
                    response = self.invoke(event)
                    self.assertEqual(response["statusCode"], status)


class ConfigTest(HandlerTestCase):
    def assert_internal_error(self, code: str | None, error_type: str = "ClientError") -> None:
        with self.capture() as captured:
            response = self.invoke(make_event())

        self.assertEqual(response["statusCode"], 500)
        self.assertEqual(
            json.loads(response["body"]), {"message": "internal error", "requestId": REQUEST_ID}
        )
        self.assertEqual(
            self.error_record(captured),
            {
                "event": "request failed",
                "requestId": REQUEST_ID,
                "errorType": error_type,
                "errorCode": code,
            },
        )
        self.assertEqual(self.request_record(captured)["status"], 500)

    def test_c11_secret_not_found_returns_500_with_only_request_id(self) -> None:
        self.stub_error("ResourceNotFoundException")
        # botocore raises the modeled subclass of ClientError for this code.
        self.assert_internal_error("ResourceNotFoundException", "ResourceNotFoundException")

    def test_c11_access_denied_returns_500(self) -> None:
        self.stub_error("AccessDeniedException")
        self.assert_internal_error("AccessDeniedException")

    def test_c11_malformed_secret_returns_500(self) -> None:
        cases = [
            ("{not json", {}, "SecretNotJson"),
            ('["a", "b"]', {}, "SecretNotObject"),
            ("42", {}, "SecretNotObject"),
            (None, {"SecretBinary": b"\x00\x01"}, "SecretStringMissing"),
        ]
        for secret_string, fields, code in cases:
            with self.subTest(code=code, secret=secret_string):
                self.stub_secret(secret_string, **fields)
                self.assert_internal_error(code, "ConfigError")

    def test_c11_unset_secret_arn_returns_500(self) -> None:
        del os.environ["CONFIG_SECRET_ARN"]
        self.assert_internal_error("ConfigSecretArnUnset", "ConfigError")
        self.assertEqual(self.calls, [])

    def test_c11_invalid_cache_ttl_returns_500(self) -> None:
        for value in ["soon", "-1", "inf", "nan"]:
            with self.subTest(value=value):
                os.environ["CONFIG_CACHE_TTL_SECONDS"] = value
                self.assert_internal_error("InvalidCacheTtl", "ConfigError")

    def test_c11_unexpected_error_returns_500_without_its_message(self) -> None:
        failure = RuntimeError("SENTINEL-UNEXPECTED")
        with mock.patch.object(handler, "load_config", side_effect=failure):
            self.assert_internal_error(None, "RuntimeError")

    def test_c11_missing_region_fails_at_first_use_not_at_import(self) -> None:
        del os.environ["AWS_REGION"]
        with mock.patch.object(handler, "_cache", handler.ConfigCache()):
            self.assert_internal_error("AwsRegionUnset", "ConfigError")

    def test_c11_region_falls_back_to_aws_default_region(self) -> None:
        del os.environ["AWS_REGION"]
        os.environ["AWS_DEFAULT_REGION"] = "eu-west-1"
        self.assertEqual(handler.new_secrets_client().meta.region_name, "eu-west-1")
        os.environ["AWS_REGION"] = "ap-south-1"
        self.assertEqual(handler.new_secrets_client().meta.region_name, "ap-south-1")

    def test_c11_three_invocations_within_ttl_make_one_call(self) -> None:
        self.stub_secret()  # The response carries a datetime CreatedDate.
        with self.capture():
            statuses = []
            for now in (0.0, 100.0, 299.0):
                self.clock.now = now
                statuses.append(self.invoke(make_event())["statusCode"])

        self.assertEqual(statuses, [200, 200, 200])
        self.assertEqual(self.calls, [ARN])
        self.stubber.assert_no_pending_responses()

    def test_c11_secret_is_read_again_after_ttl(self) -> None:
        os.environ["CONFIG_CACHE_TTL_SECONDS"] = "60"
        self.stub_secret(json.dumps({"version": 1}))
        self.stub_secret(json.dumps({"version": 2}))
        with self.capture():
            for now in (1000.0, 1059.9):
                self.clock.now = now
                self.assertEqual(handler.load_config(), {"version": 1})
            self.assertEqual(len(self.calls), 1)

            self.clock.now = 1060.0
            self.assertEqual(handler.load_config(), {"version": 2})
            self.assertEqual(self.invoke(make_event())["statusCode"], 200)

        self.assertEqual(self.calls, [ARN, ARN])
        self.stubber.assert_no_pending_responses()

    def test_c11_default_ttl_is_300_seconds(self) -> None:
        self.stub_secret()
        self.stub_secret()
        self.clock.now = 0.0
        handler.load_config()
        self.clock.now = 299.9
        handler.load_config()
        self.assertEqual(len(self.calls), 1)
        self.clock.now = 300.0
        handler.load_config()
        self.assertEqual(len(self.calls), 2)

    def test_c11_failed_read_is_not_cached(self) -> None:
        self.stub_error("AccessDeniedException")
        self.stub_secret()
        with self.capture():
            first = self.invoke(make_event())["statusCode"]
            second = self.invoke(make_event())["statusCode"]

        self.assertEqual((first, second), (500, 200))
        self.assertEqual(self.calls, [ARN, ARN])

    def test_c11_import_without_region_succeeds(self) -> None:
        env = {
            "PATH": "/usr/bin:/bin",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
        script = (
            "import os, handler\n"
            "assert 'AWS_REGION' not in os.environ\n"
            "assert 'AWS_DEFAULT_REGION' not in os.environ\n"
            "print(handler._cache._client is None)\n"
        )
        result = subprocess.run(
            [sys.executable, "-B", "-c", script],
            cwd=HANDLER_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.stderr, "")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, "True\n")


class RedactionTest(HandlerTestCase):
    SECRET_WITH_SENTINELS = json.dumps({"SENTINEL_SECRET_KEY_NAME": "SENTINEL-SECRET-VALUE"})

    def sentinel_event(self) -> dict[str, Any]:
        event = make_event(
            rawQueryString="limit=5&X-Amz-Security-Token=SENTINEL-QUERY-TOKEN",
            queryStringParameters={"limit": "5", "X-Amz-Security-Token": "SENTINEL-QUERY-TOKEN"},
            cookies=["session=SENTINEL-COOKIE-LIST", "theme=dark"],
            body=json.dumps(
                {
                    "name": "widget",
                    "clientSecret": "SENTINEL-BODY-FIELD",
                    "items": [{"CLIENTSECRET": "SENTINEL-NESTED-FIELD", "qty": 2}],
                }
            ),
        )
        event["headers"].update(
            {
                "authorization": "AWS4-HMAC-SHA256 Credential=SENTINEL-AUTH/20240501/us-east-1/"
                "execute-api/aws4_request, Signature=SENTINEL-SIGNATURE",
                "x-amz-security-token": "SENTINEL-SECURITY-TOKEN",
                "cookie": "session=SENTINEL-COOKIE-HEADER",
                "x-api-key": "SENTINEL-API-KEY",
            }
        )
        event["requestContext"]["authorizer"]["iam"]["accessKey"] = "SENTINEL-ACCESS-KEY"
        event["requestContext"]["requestId"] = "req-sentinel-0001"
        return event

    def test_c09_no_sentinel_reaches_any_log_output(self) -> None:
        os.environ["REDACT_KEYS"] = " ClientSecret , unused "
        for root_handler in (True, False):
            with self.subTest(runtime_root_handler=root_handler):
                self.use_new_cache()
                self.stub_secret(self.SECRET_WITH_SENTINELS)
                with self.capture(root_handler=root_handler) as captured:
                    response = self.invoke(self.sentinel_event())

                self.assertEqual(response["statusCode"], 200)
                self.assertNotIn("SENTINEL", response["body"])
                output = captured.all_text()
                self.assertIn("req-sentinel-0001", output)
                self.assertIn(USER_ARN, output)
                self.assertNotIn("SENTINEL", output)
                for record in captured.records:
                    self.assertNotIn("SENTINEL", record.getMessage())
                    self.assertIsNone(record.exc_info)

    def test_c09_sensitive_fields_read_redacted(self) -> None:
        os.environ["REDACT_KEYS"] = "clientsecret"
        self.stub_secret()
        with self.capture() as captured:
            self.invoke(self.sentinel_event())

        payload = self.request_record(captured)["payload"]
        headers = payload["headers"]
        for name in ("authorization", "x-amz-security-token", "cookie", "x-api-key"):
            self.assertEqual(headers[name], "[REDACTED]", name)
        self.assertEqual(headers["user-agent"], "curl/8.5.0")
        self.assertEqual(payload["cookies"], "[REDACTED]")
        iam = payload["requestContext"]["authorizer"]["iam"]
        self.assertEqual(iam["accessKey"], "[REDACTED]")
        self.assertEqual(iam["userArn"], USER_ARN)
        self.assertEqual(
            payload["body"],
            {
                "name": "widget",
                "clientSecret": "[REDACTED]",
                "items": [{"CLIENTSECRET": "[REDACTED]", "qty": 2}],
            },
        )
        self.assertEqual(
            payload["queryStringParameters"], {"limit": "5", "X-Amz-Security-Token": "[REDACTED]"}
        )
        self.assertEqual(payload["rawQueryString"], "limit=5&X-Amz-Security-Token=%5BREDACTED%5D")

    def test_c09_credential_like_body_keys_are_redacted_without_configuration(self) -> None:
        body = json.dumps(
            {
                "user": "alice",
                "password": "SENTINEL-PASSWORD",
                "Refresh-Token": "SENTINEL-REFRESH",
                "nested": {"aws_secret_access_key": "SENTINEL-AWS", "count": 3},
                "routeKey": "kept",
            }
        )
        self.stub_secret()
        with self.capture() as captured:
            self.invoke(make_event(body=body))

        payload = self.request_record(captured)["payload"]
        self.assertEqual(
            payload["body"],
            {
                "user": "alice",
                "password": "[REDACTED]",
                "Refresh-Token": "[REDACTED]",
                "nested": {"aws_secret_access_key": "[REDACTED]", "count": 3},
                "routeKey": "kept",
            },
        )
        self.assertNotIn("SENTINEL", captured.all_text())

    def test_c09_non_json_body_is_logged_only_by_size(self) -> None:
        self.stub_secret()
        self.stub_secret()
        for body in ("user=alice&password=SENTINEL-FORM", '"SENTINEL-JSON-STRING"'):
            with self.subTest(body=body):
                self.cache._value = None
                with self.capture() as captured:
                    self.invoke(make_event(body=body))

                record = self.request_record(captured)
                self.assertEqual(record["bodyBytes"], len(body))
                self.assertNotIn("body", record["payload"])
                self.assertNotIn("SENTINEL", captured.all_text())

    def test_c09_malformed_secret_is_not_logged(self) -> None:
        self.stub_secret('{"SENTINEL_KEY": SENTINEL-MALFORMED')
        with self.capture() as captured:
            response = self.invoke(make_event())

        self.assertEqual(response["statusCode"], 500)
        self.assertEqual(self.error_record(captured)["errorCode"], "SecretNotJson")
        self.assertIn(REQUEST_ID, captured.all_text())
        self.assertNotIn("SENTINEL", captured.all_text())


class LoggingTest(HandlerTestCase):
    def test_runtime_root_handler_gets_each_record_exactly_once(self) -> None:
        self.stub_secret()
        with self.capture(root_handler=True) as captured:
            self.invoke(make_event())
            self.invoke(make_event(requestContext={"requestId": "req-0002"}))

        ids = [json.loads(r.getMessage())["requestId"] for r in captured.records]
        self.assertEqual(ids, [REQUEST_ID, "req-0002"])
        self.assertEqual(handler.logger.handlers, [])
        self.assertTrue(handler.logger.propagate)
        self.assertEqual(captured.stdout.getvalue(), "")
        self.assertEqual(captured.stderr.getvalue(), "")

    def test_without_root_handler_writes_one_json_line_per_record(self) -> None:
        self.stub_error("ResourceNotFoundException")
        with self.capture(root_handler=False) as captured:
            self.invoke(make_event())

        lines = captured.stdout.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        error, request = (json.loads(line) for line in lines)
        self.assertEqual(
            error,
            {
                "level": "ERROR",
                "logger": "handler",
                "message": {
                    "event": "request failed",
                    "requestId": REQUEST_ID,
                    "errorType": "ResourceNotFoundException",
                    "errorCode": "ResourceNotFoundException",
                },
            },
        )
        self.assertEqual((request["level"], request["logger"]), ("INFO", "handler"))
        self.assertEqual(request["message"]["requestId"], REQUEST_ID)
        self.assertEqual(request["message"]["status"], 500)
        self.assertFalse(handler.logger.propagate)
        self.assertEqual(captured.stderr.getvalue(), "")

    def test_root_handler_added_later_takes_over_without_duplicates(self) -> None:
        self.stub_secret()
        with self.capture(root_handler=False) as before:
            self.invoke(make_event())
        with self.capture(root_handler=True) as after:
            self.invoke(make_event())

        self.assertEqual(len(before.stdout.getvalue().splitlines()), 1)
        self.assertEqual(len(after.records), 1)
        self.assertEqual(after.stdout.getvalue(), "")

    def test_log_level_comes_from_environment(self) -> None:
        os.environ["LOG_LEVEL"] = "warning"
        self.stub_error("AccessDeniedException")
        with self.capture() as captured:
            self.invoke(make_event())
        self.assertEqual([r.levelname for r in captured.records], ["ERROR"])

        os.environ["LOG_LEVEL"] = "not-a-level"
        self.stub_secret()
        with self.capture() as captured:
            self.invoke(make_event())
        self.assertEqual([r.levelname for r in captured.records], ["INFO"])

    def test_formatter_drops_exception_text(self) -> None:
        try:
            raise ValueError("SENTINEL-TRACEBACK")
        except ValueError:
            record = logging.LogRecord(
                "handler", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
            )
        line = handler.JsonFormatter().format(record)
        expected = {"level": "ERROR", "logger": "handler", "message": "failed"}
        self.assertEqual(json.loads(line), expected)


if __name__ == "__main__":
    unittest.main()
