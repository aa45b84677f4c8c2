"""Shared fixtures: the repository root, the committed vectors and the spec sample."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))  # the package from the source tree unless installed on purpose
SPEC_SAMPLE = Path(os.environ.get("ZKS_SPEC_SAMPLE", "/work/shared/spec/vectors-sample.json"))


def load_vectors(name: str):
    p = ROOT / "tests" / "vectors" / name
    if not p.exists() or p.stat().st_size == 0:  # absent, or being generated right now
        return None
    with open(p, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def sample():
    if not SPEC_SAMPLE.exists():
        pytest.skip(f"{SPEC_SAMPLE} not present")
    with open(SPEC_SAMPLE, encoding="utf-8") as f:
        return json.load(f)


def unhex(s: str) -> bytes:
    s = "".join(s.split())
    return bytes.fromhex(s[2:] if s.startswith("0x") else s)


class MockRpc:
    """A JSON-RPC 2.0 server on 127.0.0.1 for provider tests: handlers[method] is a
    callable(params) returning a result, or raising RpcFault(code, message)."""

    def __init__(self):
        import http.server
        import threading
        self.handlers = {}
        self.requests = []
        mock = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                mock.requests.append(body)
                raw = None
                try:
                    h = mock.handlers[body["method"]]
                    result = h(body.get("params"))
                    if isinstance(result, RawResult):  # bytes sent verbatim (e.g. invalid UTF-8)
                        raw = b'{"jsonrpc":"2.0","id":' + json.dumps(body["id"]).encode() + b',' + result.body + b'}'
                    resp = {"jsonrpc": "2.0", "id": body["id"], "result": result}
                except RpcFault as f:
                    resp = {"jsonrpc": "2.0", "id": body["id"], "error": {"code": f.code, "message": f.message}}
                    if f.data is not None:
                        resp["error"]["data"] = f.data
                except KeyError:
                    resp = {"jsonrpc": "2.0", "id": body["id"], "error": {"code": -32601, "message": "no method"}}
                data = raw if raw is not None else json.dumps(resp).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jsrpc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class RawResult:
    """A handler's answer sent as raw bytes after the id: e.g. b'"result":"\\xff"'."""

    def __init__(self, body: bytes):
        self.body = body


class RpcFault(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


@pytest.fixture
def mock_rpc():
    m = MockRpc()
    yield m
    m.close()
