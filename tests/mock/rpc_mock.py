#!/usr/bin/env python3
"""Fault-injecting loopback JSON-RPC mock for the libzksync provider tests.

Serves canned, server-shaped zkSync v0.1 and Ethereum answers on 127.0.0.1
(a free port, printed as "PORT <n>" on stdout). Control methods (not part of
any real API) drive it from the test:
  mock_fault [spec, ...]   queue one behaviour per following request
  mock_last_request []     body of the last non-control request, verbatim
  mock_last_headers []     its headers (lower-case names); mock_last_peer []: its client port
  mock_stats []            {"accepted": {hash: n}, "submit_requests": n, "requests": n}
  mock_set [key, value]    e.g. ["pending_lookups", 2], or ["submit_error", {"code":305,"message":..}]:
                           every tx_submit / submit_txs_batch then answers that error (counted in
                           submit_requests), as the real server does after the 2026 shutdown
  mock_reset []            forget all state
Fault spec kinds: http<status> (http500, http404, ...), drop, drop_after, delay_after{ms}, truncate,
truncate_json, garbage, oversize{size}, oversize_chunked{size}, slowdrip{ms},
raw{body}, replay{body}, rpc_error{code,message,data}, result{result}.
replay serves a recorded server body byte for byte, except that its top-level "id" is
rewritten to echo the request (as /work/shared/real-responses/SOURCES.md describes).
With "--tls CERT KEY" it serves HTTPS instead. The test stops the process by PID (SIGTERM).
"""
import hashlib
import http.server
import json
import re
import signal
import socketserver
import sys
import threading
import time

LOCK = threading.Lock()
STATE = {}


def reset():
    STATE.clear()
    STATE.update(faults=[], last="", last_headers={}, last_peer=0, accepted={}, submit_requests=0,
                 requests=0, pending_lookups=0, eth_sent={}, submit_error=None)


reset()

ADDR = "0x" + "11" * 20
ZERO_PKH = "sync:" + "00" * 20


def nft(i, factories=False):
    n = {"id": i, "contentHash": "0x" + "cd" * 32, "creatorId": 3, "creatorAddress": "0x" + "22" * 20,
         "serialId": 0, "address": "0x" + "33" * 20, "symbol": "NFT-%d" % i}
    if factories:
        n["currentFactory"] = "0x" + "44" * 20
        n["withdrawnFactory"] = None
    return n


def account(addr):
    if addr.lower() == "0x" + "00" * 20:
        empty = {"balances": {}, "nfts": {}, "mintedNfts": {}, "nonce": 0, "pubKeyHash": ZERO_PKH}
        return {"address": addr.lower(), "id": None, "depositing": {"balances": {}},
                "committed": empty, "verified": dict(empty), "accountType": None}
    return {
        "address": addr.lower(), "id": 12,
        "depositing": {"balances": {"ETH": {"amount": "500", "expectedAcceptBlock": 1234}}},
        "committed": {"balances": {"ETH": "1000000000000000000", "DAI": "2500"},
                      "nfts": {"65536": nft(65536)}, "mintedNfts": {"65537": nft(65537)},
                      "nonce": 4, "pubKeyHash": "sync:" + "ab" * 20},
        "verified": {"balances": {"ETH": "900000000000000000"}, "nfts": {}, "mintedNfts": {},
                     "nonce": 3, "pubKeyHash": "sync:" + "ab" * 20},
        "accountType": {"No2FA": None},
    }


TOKENS = {
    "ETH": {"id": 0, "address": "0x" + "00" * 20, "symbol": "ETH", "decimals": 18, "kind": "ERC20", "is_nft": False},
    "DAI": {"id": 1, "address": "0x" + "da" * 20, "symbol": "DAI", "decimals": 18, "kind": "ERC20", "is_nft": False},
    "USDC": {"id": 2, "address": "0x" + "cc" * 20, "symbol": "USDC", "decimals": 6, "kind": "ERC20", "is_nft": False},
}


class RpcError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


def tx_hash(tx):
    if isinstance(tx, dict) and isinstance(tx.get("testHash"), str):
        return tx["testHash"]
    return "sync-tx:" + hashlib.sha256(json.dumps(tx, sort_keys=True).encode()).hexdigest()


def receipt(h, status):
    return {"transactionHash": h, "transactionIndex": "0x0", "blockHash": "0x" + "bb" * 32,
            "blockNumber": "0x11", "from": ADDR, "to": "0x" + "55" * 20, "cumulativeGasUsed": "0x5208",
            "gasUsed": "0x5208", "contractAddress": None, "effectiveGasPrice": "0x3b9aca00",
            "status": status, "logsBloom": "0x" + "00" * 256, "type": "0x2",
            "logs": [{"address": "0x" + "55" * 20, "logIndex": "0x0", "blockNumber": "0x11",
                      "topics": ["0xd0943372c08b438a88d4b39d77216901079eda9ca59d45349841c099083b6830"],
                      "data": "0x" + "00" * 31 + "07", "removed": False},
                     {"address": "0x" + "66" * 20, "logIndex": "0x1", "topics": [], "data": "0x"}]}


def revert_data(reason):
    b = reason.encode()
    pad = (32 - len(b) % 32) % 32
    return ("0x08c379a0" + "%064x" % 32 + "%064x" % len(b) + (b + b"\0" * pad).hex())


def dispatch(method, params):
    st = STATE
    if method == "account_info":
        return account(params[0])
    if method == "ethop_info":
        return {"executed": True, "block": {"blockNumber": 7, "committed": True, "verified": params[0] % 2 == 0}}
    if method == "tx_info":
        h = params[0].lower().replace("0x", "sync-tx:", 1)
        if h in st["accepted"]:
            if st["pending_lookups"] > 0:
                st["pending_lookups"] -= 1
            else:
                return {"executed": True, "success": True, "failReason": None,
                        "block": {"blockNumber": 3, "committed": True, "verified": False}}
        return {"executed": False, "success": None, "failReason": None, "block": None}
    if method in ("tx_submit", "submit_txs_batch") and st["submit_error"]:
        st["submit_requests"] += 1
        e = st["submit_error"]
        raise RpcError(e["code"], e["message"], e.get("data"))
    if method == "tx_submit":
        st["submit_requests"] += 1
        tx = params[0]
        if isinstance(tx, dict) and "mockError" in tx:
            e = tx["mockError"]
            raise RpcError(e["code"], e["message"])
        h = tx_hash(tx)
        if h in st["accepted"]:
            raise RpcError(101, "Tx nonce is too low.")
        st["accepted"][h] = 1
        return h
    if method == "submit_txs_batch":
        st["submit_requests"] += 1
        hs = [tx_hash(it["tx"]) for it in params[0]]
        if any(h in st["accepted"] for h in hs):
            raise RpcError(101, "Tx nonce is too low.")
        for h in hs:
            st["accepted"][h] = 1
        return hs
    if method == "contract_address":
        return {"mainContract": "0x" + "aa" * 20, "govContract": "0x" + "bb" * 20}
    if method == "tokens":
        return TOKENS
    if method == "get_tx_fee":
        return {"feeType": params[0], "gasTxAmount": "6000", "gasPriceWei": "1000000000",
                "gasFee": "6000000000000", "zkpFee": "1000", "totalFee": "6000000001000"}
    if method == "get_txs_batch_fee_in_wei":
        if len(params[0]) != len(params[1]):
            raise RpcError(103, "Number of tx_types must be equal to the number of addresses")
        return {"totalFee": str(1000 * len(params[0]))}
    if method == "get_token_price":
        return "3000.25" if params[0] in (0, "ETH") else 0.999
    if method == "get_confirmations_for_eth_op_amount":
        return 1
    if method == "get_eth_tx_for_withdrawal":
        return "0x" + "ab" * 32 if params[0].startswith("sync-tx:aa") else None
    if method == "get_zksync_version":
        return "contracts-6"
    if method == "get_nft":
        return nft(params[0], True) if params[0] == 65536 else None
    if method == "get_nft_owner":
        return 5 if params[0] >= 65536 else None
    if method == "toggle_2fa":
        return {"success": True}
    if method == "get_nft_id_by_tx_hash":
        return 65537 if params[0].startswith("sync-tx:aa") else None
    # Ethereum
    if method == "eth_chainId":
        return "0x9"
    if method == "eth_blockNumber":
        return "0x10"
    if method == "eth_getBalance":
        return "0xde0b6b3a7640000"
    if method == "eth_getTransactionCount":
        return "0x5"
    if method == "eth_gasPrice":
        return "0x3b9aca00"
    if method == "eth_feeHistory":
        n = int(params[0], 16)
        return {"oldestBlock": "0x1", "baseFeePerGas": ["0x64"] * n + ["0x3b9aca00"],
                "gasUsedRatio": [0.5] * n, "reward": [["0x%x" % (i * 1000)] for i in range(n)]}
    if method in ("eth_estimateGas", "eth_call"):
        call = params[0]
        if call.get("data") == "0xdead":
            raise RpcError(-32000, "VM Exception while processing transaction: revert not allowed",
                           revert_data("not allowed"))
        if call.get("value") == "0xffffffffffffffffffff":
            raise RpcError(-32000, "insufficient funds for gas * price + value")
        if method == "eth_estimateGas":
            return "0x5208"
        return "0x" + "00" * 31 + "2a"
    if method == "eth_sendRawTransaction":
        raw = bytes.fromhex(params[0][2:])
        if raw == b"\x00":
            raise RpcError(-32000, "insufficient funds for gas * price + value")
        h = "0x" + hashlib.sha256(raw).hexdigest()
        if h in st["eth_sent"]:
            raise RpcError(-32000, "already known")
        st["eth_sent"][h] = 1
        st["submit_requests"] += 1
        return h
    if method == "eth_getTransactionByHash":
        return {"hash": params[0], "nonce": "0x0"} if params[0] in st["eth_sent"] else None
    if method == "eth_getTransactionReceipt":
        if params[0] == "0x" + "ee" * 32:
            return receipt(params[0], "0x0")
        if params[0] in st["eth_sent"] or params[0] == "0x" + "ab" * 32:
            return receipt(params[0], "0x1")
        return None
    raise RpcError(-32601, "Method not found")


def control(method, params):
    st = STATE
    if method == "mock_fault":
        st["faults"].extend(params)
        return True
    if method == "mock_last_request":
        return st["last"]
    if method == "mock_last_headers":
        return st["last_headers"]
    if method == "mock_last_peer":
        return st["last_peer"]
    if method == "mock_stats":
        return {"accepted": st["accepted"], "submit_requests": st["submit_requests"], "requests": st["requests"]}
    if method == "mock_set":
        st[params[0]] = params[1]
        return True
    if method == "mock_reset":
        reset()
        return True
    raise RpcError(-32601, "Method not found")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, req):
        method = req.get("method") if isinstance(req, dict) else None
        params = req.get("params") if isinstance(req, dict) else None
        try:
            with LOCK:
                if isinstance(method, str) and method.startswith("mock_"):
                    res = control(method, params)
                else:
                    res = dispatch(method, params)
            return {"jsonrpc": "2.0", "id": req.get("id"), "result": res}
        except RpcError as e:
            err = {"code": e.code, "message": e.message}
            if e.data is not None:
                err["data"] = e.data
            return {"jsonrpc": "2.0", "id": req.get("id"), "error": err}
        except Exception as e:  # a malformed request from the client under test
            return {"jsonrpc": "2.0", "id": None, "error": {"code": -32602, "message": "mock: %r" % e}}

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        try:
            req = json.loads(raw)
        except ValueError:
            self.send_body(200, b'{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}')
            return
        method = req.get("method", "") if isinstance(req, dict) else ""
        fault = None
        with LOCK:
            if not method.startswith("mock_"):
                STATE["last"] = raw.decode("utf-8", "replace")
                STATE["last_headers"] = {k.lower(): v for k, v in self.headers.items()}
                STATE["last_peer"] = self.client_address[1]
                STATE["requests"] += 1
                if STATE["faults"]:
                    fault = STATE["faults"].pop(0)
        try:
            self.serve(req, fault)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def serve(self, req, fault):
        kind = fault.get("kind") if fault else None
        if kind is None:
            self.send_body(200, json.dumps(self.answer(req)).encode())
        elif kind.startswith("http") and kind[4:].isdigit():
            self.send_body(int(kind[4:]), b"server trouble", "text/plain")
        elif kind == "drop":
            self.close_connection = True
        elif kind == "drop_after":
            self.answer(req)
            self.close_connection = True
        elif kind == "delay_after":
            body = json.dumps(self.answer(req)).encode()
            time.sleep(fault.get("ms", 3000) / 1000.0)
            self.send_body(200, body)
        elif kind == "truncate":
            body = json.dumps(self.answer(req)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "truncate_json":
            body = json.dumps(self.answer(req)).encode()
            self.send_body(200, body[: len(body) // 2])
        elif kind == "garbage":
            self.send_body(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        elif kind == "oversize":
            size = fault.get("size", 9 * 1024 * 1024)
            pad = b'{"jsonrpc":"2.0","id":1,"result":"' + b"x" * size + b'"}'
            self.send_body(200, pad)
        elif kind == "oversize_chunked":
            size = fault.get("size", 9 * 1024 * 1024)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"x" * 65536
            sent = 0
            while sent < size:
                self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
            self.wfile.write(b"0\r\n\r\n")
        elif kind == "slowdrip":
            body = json.dumps(self.answer(req)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(fault.get("ms", 200) / 1000.0)
        elif kind == "raw":
            self.send_body(200, fault["body"].encode())
        elif kind == "replay":
            self.send_body(200, replay_body(fault["body"], req.get("id") if isinstance(req, dict) else None))
        elif kind == "rpc_error":
            err = {"code": fault["code"], "message": fault["message"]}
            if "data" in fault:
                err["data"] = fault["data"]
            self.send_body(200, json.dumps({"jsonrpc": "2.0", "id": 1, "error": err}).encode())
        elif kind == "result":
            self.send_body(200, json.dumps({"jsonrpc": "2.0", "id": 1, "result": fault["result"]}).encode())
        else:
            self.send_body(500, b"unknown fault kind", "text/plain")


def replay_body(body, req_id):
    """body with its top-level "id" value replaced by req_id, nothing else touched.
    jsonrpc-core writes "id" last, so the last "id" key that parses as the top-level
    value is it; a body where that does not hold is served unchanged."""
    try:
        doc = json.loads(body)
    except ValueError:
        return body.encode()
    if not isinstance(doc, dict) or "id" not in doc:
        return body.encode()
    hits = list(re.finditer(r'"id"\s*:\s*(-?[0-9]+|null|"[^"]*")', body))
    for m in reversed(hits):
        try:
            if json.loads(m.group(1)) == doc["id"]:
                out = body[:m.start(1)] + json.dumps(req_id) + body[m.end(1):]
                if json.loads(out).get("id") == req_id:
                    return out.encode()
        except ValueError:
            pass
        break
    return body.encode()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-answer are part of the tests


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":  # --tls CERT KEY: serve HTTPS
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print("PORT %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
