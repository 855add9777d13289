"""A small IAM Identity Center stub for the tests (moto has neither SSO nor SSO-OIDC).

Serves, on 127.0.0.1 and a free port, the portal's GetRoleCredentials and Logout and
SSO-OIDC's RegisterClient, StartDeviceAuthorization and CreateToken, answering and
failing as AWS does (REST-JSON, errors with the x-amzn-ErrorType header and OAuth's
`error`). With `--moto`, also starts moto's server (STS) on another free port.
Prints "SSO_PORT MOTO_PORT" (0 without moto) on its first line and runs until stdin
closes (the test binary that started it exits).

Control, for the tests:
  POST /stub/reset   JSON: {"tokens": [access tokens accepted], "refresh_tokens": [...],
                     "device": ["pending" | "slow_down" | "denied" | "expired" | "ok", ...]
                     (CreateToken answers to the device code, in order; then "then"),
                     "then": "ok" | "pending", "interval": s, "device_expires_in": s,
                     "token_expires_in": s, "role_expiration_ms": ms}
  GET  /stub/log     the requests since the reset: [{"method", "path", "query", "bearer",
                     "body"}]
Answers are deterministic: the same request gets the same credentials and tokens, so two
clients (awsprof and botocore) given the same files write the same caches.
"""
import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
STATE = {}

ERROR_NAMES = {
    "pending": ("AuthorizationPendingException", "authorization_pending"),
    "slow_down": ("SlowDownException", "slow_down"),
    "denied": ("AccessDeniedException", "access_denied"),
    "expired": ("ExpiredTokenException", "expired_token"),
}


def reset(config):
    STATE.clear()
    STATE.update(
        log=[],
        tokens=set(config.get("tokens", [])),
        refresh_tokens=set(config.get("refresh_tokens", [])),
        device=list(config.get("device", [])),
        then=config.get("then", "ok"),
        interval=config.get("interval", 0),
        device_expires_in=config.get("device_expires_in", 600),
        token_expires_in=config.get("token_expires_in", 28800),
        role_expiration_ms=config.get("role_expiration_ms", 4102444800000),
        registrations=0,
        authorizations=0,
    )


def digest(*parts):
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, document, error_type=None):
        body = b"" if document is None else json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if error_type:
            self.send_header(
                "x-amzn-ErrorType",
                error_type + ":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/",
            )
        self.end_headers()
        self.wfile.write(body)

    def oidc_error(self, kind):
        name, oauth = ERROR_NAMES[kind]
        self.answer(400, {"error": oauth, "error_description": None}, name)

    def dispatch(self, method):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path == "/stub/reset":
            with LOCK:
                reset(json.loads(raw or b"{}"))
            return self.answer(200, {})
        if url.path == "/stub/log":
            with LOCK:
                return self.answer(200, STATE["log"])
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        bearer = self.headers.get("x-amz-sso_bearer_token")
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        with LOCK:
            STATE["log"].append(
                {"method": method, "path": url.path, "query": query, "bearer": bearer, "body": body}
            )
            return self.route(method, url.path, query, bearer, body or {})

    def route(self, method, path, query, bearer, body):
        if (method, path) == ("GET", "/federation/credentials"):
            if bearer not in STATE["tokens"]:
                return self.answer(
                    401, {"message": "Session token not found or invalid"}, "UnauthorizedException"
                )
            seed = digest(query.get("account_id", ""), query.get("role_name", ""), bearer)
            return self.answer(
                200,
                {
                    "roleCredentials": {
                        "accessKeyId": "ASIA" + seed[:16].upper(),
                        "secretAccessKey": "secret-" + seed[16:32],
                        "sessionToken": "session-" + seed[:24],
                        "expiration": STATE["role_expiration_ms"],
                    }
                },
            )
        if (method, path) == ("POST", "/logout"):
            STATE["tokens"].discard(bearer)
            return self.answer(200, None)
        if (method, path) == ("POST", "/client/register"):
            STATE["registrations"] += 1
            number = STATE["registrations"]
            return self.answer(
                200,
                {
                    "clientId": f"client-{number}",
                    "clientSecret": f"client-secret-{number}",
                    "clientIdIssuedAt": 1700000000,
                    "clientSecretExpiresAt": 4102444800,
                },
            )
        if (method, path) == ("POST", "/device_authorization"):
            STATE["authorizations"] += 1
            number = STATE["authorizations"]
            return self.answer(
                200,
                {
                    "deviceCode": f"device-{number}",
                    "userCode": f"CODE-{number:04d}",
                    "verificationUri": "https://device.sso.example/",
                    "verificationUriComplete": f"https://device.sso.example/?user_code=CODE-{number:04d}",
                    "expiresIn": STATE["device_expires_in"],
                    "interval": STATE["interval"],
                },
            )
        if (method, path) == ("POST", "/token"):
            return self.create_token(body)
        return self.answer(404, {"message": f"no {method} {path} here"}, "ResourceNotFoundException")

    def create_token(self, body):
        grant = body.get("grantType")
        if grant == "refresh_token":
            refresh = body.get("refreshToken")
            if refresh not in STATE["refresh_tokens"]:
                return self.answer(
                    400, {"error": "invalid_grant", "error_description": None}, "InvalidGrantException"
                )
            seed = digest("refresh", refresh)
        elif grant == "urn:ietf:params:oauth:grant-type:device_code":
            step = STATE["device"].pop(0) if STATE["device"] else STATE["then"]
            if step != "ok":
                return self.oidc_error(step)
            seed = digest("device", body.get("deviceCode", ""))
        else:
            return self.answer(
                400, {"error": "unsupported_grant_type", "error_description": None},
                "UnsupportedGrantTypeException",
            )
        access, refresh = "access-" + seed[:12], "refresh-" + seed[12:24]
        STATE["tokens"].add(access)
        STATE["refresh_tokens"].add(refresh)
        return self.answer(
            200,
            {
                "accessToken": access,
                "tokenType": "Bearer",
                "expiresIn": STATE["token_expires_in"],
                "refreshToken": refresh,
            },
        )

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")


def main():
    reset({})
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    moto = None
    if "--moto" in sys.argv:
        from moto.server import ThreadedMotoServer

        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto.start()
    moto_port = moto.get_host_and_port()[1] if moto else 0
    print(server.server_address[1], moto_port, flush=True)
    sys.stdin.read()
    server.shutdown()
    if moto:
        moto.stop()


if __name__ == "__main__":
    main()
