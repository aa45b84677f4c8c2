package zksync

/*
#include <zksync.h>
*/
import "C"

import (
	"runtime"
	"sync"
)

// Address is a 20-byte Ethereum address. String gives its EIP-55 form.
type Address [EthAddressBytes]byte

// String returns the EIP-55 checksummed "0x..." form.
func (a Address) String() string {
	out := make([]byte, EthAddressChars+1)
	if s := st(C.zks_eth_address_to_checksum(ptr(a[:]), (*C.char)(ptrc(out)))); s != StatusOk {
		return "<invalid address>"
	}
	return goText(out)
}

// Bytes returns a copy of the 20 bytes.
func (a Address) Bytes() []byte { return append([]byte(nil), a[:]...) }

// ParseAddress parses "0x" + 40 hex digits; mixed case must be a valid EIP-55
// checksum (ErrChecksum), all-lower and all-upper case are accepted as is.
func ParseAddress(text string) (Address, error) {
	var a Address
	cs, err := cstring(text, "address")
	if err != nil {
		return a, err
	}
	defer freeCString(cs)
	err = check(st(C.zks_eth_address_parse(cs, ptr(a[:]))), "zks_eth_address_parse")
	return a, err
}

// RecoverAddress returns the address that made a personal_sign signature
// (65 bytes, v 27/28 or 0/1) over msg.
func RecoverAddress(msg, sig []byte) (Address, error) {
	var a Address
	if len(sig) != EthSignatureBytes {
		return a, newError(StatusInvalidLength, "signature must be 65 bytes")
	}
	p, n := cbuf(msg)
	err := check(st(C.zks_eth_personal_recover(p, n, ptr(sig), ptr(a[:]))), "zks_eth_personal_recover")
	return a, err
}

// EthLoginMessage is the text whose personal_sign derives the zkSync key of
// an account ("Access zkSync account..." plus the chain id when not 1).
func EthLoginMessage(chainID uint64) (string, error) {
	out := make([]byte, 256)
	var n C.size_t
	if err := check(st(C.zks_eth_login_message(C.uint64_t(chainID), (*C.char)(ptrc(out)), C.size_t(len(out)), &n)),
		"zks_eth_login_message"); err != nil {
		return "", err
	}
	return string(out[:n]), nil
}

// EthSigner is an Ethereum (secp256k1) private key in memory that Close wipes.
// Safe for concurrent use.
type EthSigner struct {
	mu      sync.RWMutex
	key     []byte
	address Address
	closed  bool
}

// NewEthSigner checks and copies a 32-byte Ethereum private key.
func NewEthSigner(privateKey []byte) (*EthSigner, error) {
	if len(privateKey) != EthPrivkeyBytes {
		return nil, newError(StatusInvalidKey, "Ethereum private key must be 32 bytes")
	}
	e := &EthSigner{key: append(make([]byte, 0, EthPrivkeyBytes), privateKey...)}
	if err := check(st(C.zks_eth_address_from_privkey(ptr(e.key), ptr(e.address[:]))), "zks_eth_address_from_privkey"); err != nil {
		Wipe(e.key)
		return nil, err
	}
	runtime.SetFinalizer(e, (*EthSigner).Close)
	return e, nil
}

// Close wipes the key. It is idempotent.
func (e *EthSigner) Close() error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.closed {
		e.closed = true
		Wipe(e.key)
		runtime.SetFinalizer(e, nil)
	}
	return nil
}

func (e *EthSigner) open() error {
	if e == nil || e.closed {
		return newError(StatusState, "EthSigner is closed")
	}
	return nil
}

// Address returns the account's address.
func (e *EthSigner) Address() Address { return e.address }

// PrivateKey returns a copy of the key (wipe it with Wipe when done).
func (e *EthSigner) PrivateKey() ([]byte, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if err := e.open(); err != nil {
		return nil, err
	}
	return append([]byte(nil), e.key...), nil
}

// SignMessage is EIP-191 personal_sign (ethers 5 signMessage): 65 bytes r || s || v (27/28).
func (e *EthSigner) SignMessage(msg []byte) ([]byte, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if err := e.open(); err != nil {
		return nil, err
	}
	out := make([]byte, EthSignatureBytes)
	p, n := cbuf(msg)
	if err := check(st(C.zks_eth_personal_sign(ptr(e.key), p, n, ptr(out))), "zks_eth_personal_sign"); err != nil {
		return nil, err
	}
	return out, nil
}

// ZkSigner derives the account's zkSync key for chainID (zksync.js Signer.fromETHSignature).
func (e *EthSigner) ZkSigner(chainID uint64) (*Signer, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if err := e.open(); err != nil {
		return nil, err
	}
	return NewSignerFromEthPrivateKey(e.key, chainID)
}

// ValidateMnemonic checks a BIP-39 mnemonic: ErrInvalidMnemonic (form, word
// count, unknown word) or ErrChecksum.
func ValidateMnemonic(mnemonic string) error {
	var a arena
	defer a.free()
	cs, err := a.secret(mnemonic, "mnemonic")
	if err != nil {
		return err
	}
	return check(st(C.zks_bip39_validate(cs)), "zks_bip39_validate")
}

// MnemonicToEntropy returns the 16..32 bytes of entropy of a mnemonic.
func MnemonicToEntropy(mnemonic string) ([]byte, error) {
	var a arena
	defer a.free()
	cs, err := a.secret(mnemonic, "mnemonic")
	if err != nil {
		return nil, err
	}
	out := make([]byte, 32)
	var n C.size_t
	if err := check(st(C.zks_bip39_mnemonic_to_entropy(cs, ptr(out), C.size_t(len(out)), &n)), "zks_bip39_mnemonic_to_entropy"); err != nil {
		return nil, err
	}
	return out[:n], nil
}

func mnemonicOut(f func(out *C.char, n C.size_t, outLen *C.size_t) C.zks_status, fn string) (string, error) {
	buf := make([]byte, Bip39MnemonicMaxChars+1)
	defer Wipe(buf)
	var n C.size_t
	if err := check(st(f((*C.char)(ptrc(buf)), C.size_t(len(buf)), &n)), fn); err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// EntropyToMnemonic encodes 16, 20, 24, 28 or 32 bytes as an English mnemonic.
func EntropyToMnemonic(entropy []byte) (string, error) {
	p, n := cbuf(entropy)
	return mnemonicOut(func(o *C.char, c C.size_t, l *C.size_t) C.zks_status {
		return C.zks_bip39_entropy_to_mnemonic(p, n, o, c, l)
	}, "zks_bip39_entropy_to_mnemonic")
}

// GenerateMnemonic returns a new mnemonic of words (12, 15, 18, 21, 24) words.
func GenerateMnemonic(words int) (string, error) {
	if words < 0 {
		return "", newError(StatusInvalidArg, "negative word count")
	}
	return mnemonicOut(func(o *C.char, c C.size_t, l *C.size_t) C.zks_status {
		return C.zks_bip39_generate(C.size_t(words), o, c, l)
	}, "zks_bip39_generate")
}

// MnemonicToSeed is the 64-byte BIP-39 seed (the mnemonic is validated first; passphrase ASCII).
func MnemonicToSeed(mnemonic, passphrase string) ([]byte, error) {
	var a arena
	defer a.free()
	m, err := a.secret(mnemonic, "mnemonic")
	if err != nil {
		return nil, err
	}
	pw, err := a.secret(passphrase, "passphrase")
	if err != nil {
		return nil, err
	}
	out := make([]byte, Bip39SeedBytes)
	if err := check(st(C.zks_bip39_mnemonic_to_seed(m, pw, ptr(out))), "zks_bip39_mnemonic_to_seed"); err != nil {
		return nil, err
	}
	return out, nil
}

func optPath(a *arena, path string) (*C.char, error) {
	if path == "" {
		return nil, nil
	}
	return a.str(path, "path")
}

// NewEthSignerFromSeed derives the BIP-32 key at path ("" = EthDefaultPath) of a 16..64-byte seed.
func NewEthSignerFromSeed(seed []byte, path string) (*EthSigner, error) {
	var a arena
	defer a.free()
	cp, err := optPath(&a, path)
	if err != nil {
		return nil, err
	}
	key := make([]byte, EthPrivkeyBytes)
	defer Wipe(key)
	p, n := cbuf(seed)
	if err := check(st(C.zks_eth_privkey_from_seed(p, n, cp, ptr(key))), "zks_eth_privkey_from_seed"); err != nil {
		return nil, err
	}
	return NewEthSigner(key)
}

// NewEthSignerFromMnemonic is ethers Wallet.fromMnemonic(mnemonic, path) ("" = EthDefaultPath).
func NewEthSignerFromMnemonic(mnemonic, passphrase, path string) (*EthSigner, error) {
	var a arena
	defer a.free()
	m, err := a.secret(mnemonic, "mnemonic")
	if err != nil {
		return nil, err
	}
	pw, err := a.secret(passphrase, "passphrase")
	if err != nil {
		return nil, err
	}
	cp, err := optPath(&a, path)
	if err != nil {
		return nil, err
	}
	key := make([]byte, EthPrivkeyBytes)
	defer Wipe(key)
	if err := check(st(C.zks_eth_privkey_from_mnemonic(m, pw, cp, ptr(key))), "zks_eth_privkey_from_mnemonic"); err != nil {
		return nil, err
	}
	return NewEthSigner(key)
}
