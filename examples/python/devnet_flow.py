#!/usr/bin/env python3
"""The full zkSync Lite flow on the local devnet with the Python binding.

    tests/devnet/start.sh /tmp/dn.json
    ZKSYNC_LIB=$PWD/build/libzksync.so.0 PYTHONPATH=$PWD/bindings/python \\
        python3 examples/python/devnet_flow.py /tmp/dn.json
    tests/devnet/stop.sh /tmp/dn.json

Two wallets (the devnet's accounts[3] and [4]): deposit ETH and an ERC20 (approve + deposit),
set the signing keys with an ECDSA signature, transfer, swap two limit orders, mint an NFT
and transfer it, a fast withdrawal and the pending-balance withdrawal on L1. Every step
prints "ok <step>" (with hashes and balances) or "FAIL <step>: <why>"; the first failure
ends the program with status 1.
"""
import json
import sys
import time

import libzksync as z
from libzksync.wallet import ETH_TOKEN_ADDRESS

WAIT_MS = 30000
ETH = 10**18


class StepFailed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise StepFailed(what)


def poll(fn, timeout_s=30.0):
    """Calls fn() every 0.1 s until it returns a true value; returns it (or the last value)."""
    end = time.monotonic() + timeout_s
    while True:
        v = fn()
        if v or time.monotonic() >= end:
            return v
        time.sleep(0.1)


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} <devnet state file>", file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        state = json.load(f)
    chain_id = state["chainId"]
    accs = state["accounts"][3:5]
    print(f"libzksync {z.library_version()} (python) on zkSync {state['zksyncUrl']}, L1 {state['l1Url']}")

    clients = []

    def wallet(acc):
        p = z.Provider(state["zksyncUrl"])
        e = z.EthRpc(state["l1Url"])
        w = z.Wallet(p, bytes.fromhex(acc["privateKey"][2:]), e, chain_id=chain_id)
        clients.extend([w, p, e])
        return w

    ids = {}

    def bal(w):
        return {t: w.balance(t) for t in ("ETH", "DAI", "USDC")}

    def show():
        for name, w in (("A", a), ("B", b)):
            l2 = bal(w)
            print(f"      {name} L2: {z.format_units(l2['ETH'], 18)} ETH, {z.format_units(l2['DAI'], 18)} DAI, "
                  f"{z.format_units(l2['USDC'], 6)} USDC   L1: {z.format_units(w.l1_balance('ETH'), 18)} ETH")

    def wait_tx(w, what, h, level="committed"):
        info = w.wait_tx(h, level, timeout_ms=WAIT_MS)
        check(info["success"], f"{what} {h} not successful: {info}")
        print(f"      {what:<20} {h} -> {level} in block {info['block']['block_number']}")

    def wait_l1(w, what, r):
        print(f"      {what:<20} L1 tx {r.tx_hash} (block {r.block_number}, gas {r.gas_used})"
              + (f" after approve {r.approve_tx_hash}" if r.approve_tx_hash else ""))
        check(r.mined, f"{what}: L1 tx not mined")
        if r.serial_id is not None:
            info = w.wait_ethop(r.serial_id, timeout_ms=WAIT_MS)
            check(info["success"], f"{what}: priority op #{r.serial_id} failed")
            print(f"      {'':<20} priority op #{r.serial_id} -> committed in block {info['block']['block_number']}")

    def deposits():
        for name, w, tok, amount in (("A", a, "DAI", 1000 * ETH), ("B", b, "USDC", 500 * 10**6)):
            r = w.deposit(2 * ETH, "ETH", wait_ms=WAIT_MS)
            wait_l1(w, f"{name} deposit ETH", r)
            token = prov.resolve_token(tok)
            check(not w.l1.is_erc20_approved(token["address"]), f"{name} {tok} approved before the approve")
            approve = w.l1.approve_erc20(token["address"], wait_ms=WAIT_MS)   # unlimited
            check(approve.mined, f"{name} approve {tok} not mined")
            print(f"      {name + ' approve ' + tok:<20} L1 tx {approve.tx_hash}")
            check(w.l1.is_erc20_approved(token["address"]), f"{name} {tok} not approved after the approve")
            l1_before = w.l1_balance(tok)
            r = w.deposit(amount, tok, wait_ms=WAIT_MS)
            wait_l1(w, f"{name} deposit {tok}", r)
            check(r.approve_tx_hash is None, f"{name} deposit {tok} approved again")
            check(w.l1_balance(tok) == l1_before - amount, f"{name} L1 {tok} did not drop by the deposit")
            ids[name] = w.account_id()
        show()
        check(bal(a) == {"ETH": 2 * ETH, "DAI": 1000 * ETH, "USDC": 0}, f"A balances {bal(a)}")
        check(bal(b) == {"ETH": 2 * ETH, "DAI": 0, "USDC": 500 * 10**6}, f"B balances {bal(b)}")
        print(f"      account ids: A {ids['A']}, B {ids['B']}")

    def signing_keys():
        for name, w in (("A", a), ("B", b)):
            check(w.signing_key_state() == "none", f"{name} key state before: {w.signing_key_state()}")
            h = w.set_signing_key("ETH", "ECDSA")
            wait_tx(w, f"{name} ChangePubKey", h)
            check(w.signing_key_state() == "ours", f"{name} key state after: {w.signing_key_state()}")

    def transfer():
        ba, bb = bal(a), bal(b)
        h = a.transfer(addr_b, ETH // 10, "ETH")
        wait_tx(a, "A -> B 0.1 ETH", h)
        show()
        na, nb = bal(a), bal(b)
        check(nb["ETH"] == bb["ETH"] + ETH // 10, "B did not get exactly 0.1 ETH")
        check(ba["ETH"] - ETH // 10 - ETH // 100 < na["ETH"] < ba["ETH"] - ETH // 10, "A paid a wrong amount")

    def swap():
        ba, bb = bal(a), bal(b)
        oa = a.sign_order("DAI", "USDC", ETH, 10**6)         # A sells DAI for USDC at 1:1
        ob = b.sign_order("USDC", "DAI", 10**6, ETH)         # B sells USDC for DAI at 1:1
        h = a.swap(oa, ob, "ETH", 5 * ETH, 5 * 10**6)
        wait_tx(a, "swap 5 DAI/5 USDC", h)
        show()
        na, nb = bal(a), bal(b)
        check(na["DAI"] == ba["DAI"] - 5 * ETH and na["USDC"] == ba["USDC"] + 5 * 10**6, "A swap amounts")
        check(nb["DAI"] == bb["DAI"] + 5 * ETH and nb["USDC"] == bb["USDC"] - 5 * 10**6, "B swap amounts")
        check(na["ETH"] < ba["ETH"] and nb["ETH"] == bb["ETH"], "swap fee not paid by A in ETH")

    def nft():
        h = a.mint_nft(z.keccak256(b"libzksync python devnet flow"), "ETH")
        wait_tx(a, "A MintNFT", h)
        nft_id = prov.get_nft_id_by_tx_hash(h)
        check(nft_id is not None, "no NFT id for the mint")
        print(f"      NFT id {nft_id}")
        h1, h2 = a.transfer_nft(addr_b, nft_id, "ETH")
        wait_tx(a, "NFT transfer", h1)
        wait_tx(a, "fee transfer", h2)
        owner = poll(lambda: prov.get_nft_owner(nft_id) == ids["B"])  # answered from the verified state
        check(owner, f"NFT {nft_id} owner is {prov.get_nft_owner(nft_id)}, B is {ids['B']}")
        print(f"      NFT {nft_id} owner: account {ids['B']} (B)")

    def withdraw():
        before = a.balance("ETH")
        h = a.withdraw(ETH // 2, "ETH", fast=True)
        wait_tx(a, "A fast withdraw", h, "verified")
        check(a.balance("ETH") < before - ETH // 2, "A's L2 ETH did not drop by 0.5 ETH + fee")

    def pending():
        l1 = a.l1
        pend = poll(lambda: l1.pending_balance(ETH_TOKEN_ADDRESS))
        print(f"      A pending {z.format_units(pend, 18)} ETH")
        check(pend == ETH // 2, f"pending balance {pend}")
        before = a.l1_balance("ETH")
        r = a.withdraw_pending_balance("ETH", wait_ms=WAIT_MS)
        wait_l1(a, "A withdrawPending", r)
        after = a.l1_balance("ETH")
        check(l1.pending_balance(ETH_TOKEN_ADDRESS) == 0, "pending balance not 0 after withdrawal")
        check(before + ETH // 2 - ETH // 100 < after < before + ETH // 2, f"L1 ETH {before} -> {after}")
        show()

    steps = [("deposit", deposits), ("signing_key", signing_keys), ("transfer", transfer), ("swap", swap),
             ("nft", nft), ("withdraw", withdraw), ("withdraw_pending", pending)]
    errors = (StepFailed, z.ZksError, OSError, ValueError, TypeError, KeyError)
    rc = 0
    try:
        try:
            a, b = wallet(accs[0]), wallet(accs[1])
            prov = z.Provider(state["zksyncUrl"])
            clients.append(prov)
            addr_a, addr_b = a.address, b.address
            check(addr_a.lower() == accs[0]["address"].lower() and addr_b.lower() == accs[1]["address"].lower(),
                  "wallet addresses differ from the state file")
            print(f"  A {addr_a}  zkSync key {a.pubkey_hash}")
            print(f"  B {addr_b}  zkSync key {b.pubkey_hash}")
            print("ok setup")
        except errors as e:
            print(f"FAIL setup: {type(e).__name__}: {e}")
            rc = 1
        for n, (name, fn) in enumerate(steps if rc == 0 else [], 1):
            print(f"\n[{n}] {name}")
            t0 = time.monotonic()
            try:
                fn()
            except errors as e:
                print(f"FAIL {name}: {type(e).__name__}: {e}")
                rc = 1
                break
            print(f"ok {name} ({time.monotonic() - t0:.1f} s)")
    finally:
        for c in clients:
            c.close()
    print("\npython devnet flow:", "all steps passed" if rc == 0 else "FAILED")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
