"""libzksync: Python bindings (ctypes, standard library only) of the libzksync C SDK for zkSync Lite.

The shared library is found by $ZKSYNC_LIB, pkg-config, the system search path
or a source checkout's build/ (see docs/python.md). Every failing call raises a
subclass of ZksError carrying the zks_status; objects holding secrets or native
handles are context managers whose close() wipes and frees them.
"""
from __future__ import annotations

from typing import Dict

from . import _ffi, _sizes
from ._ffi import Status
from ._native import LibraryNotFoundError, NativeObject, lib
from .crypto import (ZkSigner, keccak256, private_key_from_seed, pubkey_hash, pubkey_hash_from_text,
                     pubkey_hash_to_text, public_key, rescue_hash, rescue_hash_orders, verify_musig)
from .errors import *  # noqa: F401,F403 - one class per status
from .errors import ZksError, error_class
from . import tx
from .provider import EthRpc, Provider
from .wallet import JournalWarning, L1, L1Doubt, L1Journal, L1Result, Wallet, WalletJournal, max_fee
from . import sunset
from . import exit, state
from .sunset import Claim, ClaimResult, NetworkState, PendingBalance
from .tx import SignedTx, format_units, parse_units, sign_tx
from .eth import (EthSigner, SignedEthTx, abi_encode_call, decode_eth_tx, decode_new_priority_request,
                  eth_tx_encode_signed, eth_tx_signing_hash, entropy_to_mnemonic, eth_private_key_from_seed, generate_mnemonic, is_valid_mnemonic,
                  login_message, mnemonic_to_entropy, mnemonic_to_seed, parse_address, recover_address,
                  to_checksum_address, validate_mnemonic)

__version__ = _ffi.ZKS_VERSION_STRING


def library_version() -> str:
    """Version string of the loaded shared library (zks_version_string)."""
    return lib().zks_version_string().decode("utf-8", "replace")


def library_version_num() -> int:
    """(major << 16) | (minor << 8) | patch of the loaded library."""
    return int(lib().zks_version_num())


def library_path() -> str:
    """Path of the loaded shared library."""
    return lib().path


def strerror(status: int) -> str:
    """zks_strerror: the library's English text for a status."""
    return lib().zks_strerror(int(status)).decode("utf-8", "replace")


def sizes() -> Dict[str, int]:
    """Every size the loaded library reports (zks_*_bytes() and the like), by macro name;
    equal to the header's (libzksync._sizes.HEADER_SIZES) for a matching library."""
    return _sizes.query_sizes(lib())


__all__ = [
    "Status", "ZksError", "error_class", "LibraryNotFoundError", "NativeObject",
    "ZkSigner", "keccak256", "private_key_from_seed", "pubkey_hash", "pubkey_hash_from_text",
    "pubkey_hash_to_text", "public_key", "rescue_hash",
    "rescue_hash_orders", "verify_musig",
    "EthSigner", "SignedEthTx", "abi_encode_call", "decode_eth_tx", "decode_new_priority_request",
    "eth_tx_encode_signed", "eth_tx_signing_hash", "login_message", "parse_address", "recover_address", "to_checksum_address",
    "entropy_to_mnemonic", "eth_private_key_from_seed", "generate_mnemonic", "is_valid_mnemonic",
    "mnemonic_to_entropy", "mnemonic_to_seed", "validate_mnemonic",
    "Provider", "EthRpc", "Wallet", "L1", "L1Result", "L1Doubt", "WalletJournal", "L1Journal", "JournalWarning", "max_fee", "tx", "SignedTx", "format_units", "parse_units", "sign_tx",
    "library_version", "library_version_num", "library_path", "strerror", "sizes", "sunset", "exit", "state",
]
