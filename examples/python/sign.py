#!/usr/bin/env python3
"""Offline signing with the Python binding: derive the keys of a mnemonic, sign a
Transfer for zkSync Lite, check the signature, and print what tx_submit would take.

Run from a checkout after `make`:  python3 examples/python/sign.py
(the package is found in bindings/python, the library in build/ or via ZKSYNC_LIB)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python"))
import libzksync as z  # noqa: E402

MNEMONIC = "test test test test test test test test test test test junk"  # a well-known test account
CHAIN_ID = 9  # the local devnet


def main() -> int:
    print("libzksync", z.library_version(), "from", z.library_path())
    with z.EthSigner.from_mnemonic(MNEMONIC) as eth, eth.zk_signer(CHAIN_ID) as zk:
        print("Ethereum address:", eth.address)
        print("zkSync key hash: ", zk.address)
        tx = {"type": "Transfer", "accountId": 7, "from": eth.address,
              "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "token": 0,
              "amount": z.parse_units("0.01", 18), "fee": z.tx.closest_packable_fee(12345678901234, up=True),
              "nonce": 0}
        signed = z.sign_tx(tx, zk)
        message = z.tx.eth_message(tx, "ETH", 18)
        eth_signature = eth.sign_message(message)
        assert z.verify_musig(signed.sign_bytes, bytes.fromhex(signed.tx["signature"]["pubKey"]
                                                               + signed.tx["signature"]["signature"]))
        assert z.recover_address(message, eth_signature) == eth.address
        print("tx hash:", signed.tx_hash)
        print("Ethereum message:\n  " + message.replace("\n", "\n  "))
        print("tx_submit params:", json.dumps([signed.tx, {"type": "EthereumSignature",
                                                           "signature": "0x" + eth_signature.hex()}, None]))
    with z.ZkSigner(bytes(31) + b"\x01") as key_one:
        try:
            z.sign_tx(dict(tx, amount=10**18 + 1), key_one)
        except z.NotPackableError as e:
            print("as expected:", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
