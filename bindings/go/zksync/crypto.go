package zksync

/*
#include <zksync.h>
*/
import "C"

import (
	"encoding/hex"
	"runtime"
	"sync"
)

func st(s C.zks_status) Status { return Status(s) }

// PrivateKeyFromSeed derives a zkSync private key from a seed of at least 32
// bytes (zksync-crypto privateKeyFromSeed). Prefer NewSignerFromSeed, which
// keeps the key in memory that Close wipes.
func PrivateKeyFromSeed(seed []byte) ([]byte, error) {
	out := make([]byte, PrivkeyBytes)
	p, n := cbuf(seed)
	if err := check(st(C.zks_privkey_from_seed(p, n, ptr(out))), "zks_privkey_from_seed"); err != nil {
		return nil, err
	}
	return out, nil
}

// PubKeyHash returns the 20-byte hash of a packed 32-byte public key.
func PubKeyHash(pubkey []byte) ([]byte, error) {
	if len(pubkey) != PubkeyBytes {
		return nil, newError(StatusInvalidLength, "pubkey must be 32 bytes")
	}
	out := make([]byte, PubkeyHashBytes)
	if err := check(st(C.zks_pubkey_hash(ptr(pubkey), ptr(out))), "zks_pubkey_hash"); err != nil {
		return nil, err
	}
	return out, nil
}

// PubKeyHashToText returns "sync:" + 40 lowercase hex digits.
func PubKeyHashToText(hash []byte) (string, error) {
	if len(hash) != PubkeyHashBytes {
		return "", newError(StatusInvalidLength, "pubkey hash must be 20 bytes")
	}
	out := make([]byte, PubkeyHashChars+1)
	if err := check(st(C.zks_pubkey_hash_to_text(ptr(hash), (*C.char)(ptrc(out)))), "zks_pubkey_hash_to_text"); err != nil {
		return "", err
	}
	return goText(out), nil
}

// PubKeyHashFromText parses "sync:" + 40 hex digits.
func PubKeyHashFromText(text string) ([]byte, error) {
	cs, err := cstring(text, "text")
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	out := make([]byte, PubkeyHashBytes)
	if err := check(st(C.zks_pubkey_hash_from_text(cs, ptr(out))), "zks_pubkey_hash_from_text"); err != nil {
		return nil, err
	}
	return out, nil
}

// VerifyMusig checks a 96-byte sign_musig signature over msg. It returns
// (true, nil) when valid, (false, nil) when well-formed but wrong, and an
// error for a malformed signature, a too long message or bad lengths.
func VerifyMusig(msg, sig []byte) (bool, error) {
	if len(sig) != MusigBytes {
		return false, newError(StatusInvalidLength, "signature must be 96 bytes")
	}
	p, n := cbuf(msg)
	s := st(C.zks_musig_verify(p, n, ptr(sig)))
	if s == StatusSignatureInvalid {
		return false, nil
	}
	if err := check(s, "zks_musig_verify"); err != nil {
		return false, err
	}
	return true, nil
}

// RescueHash is zksync-crypto rescueHash of a message of at most 92 bytes (32 bytes).
func RescueHash(msg []byte) ([]byte, error) {
	out := make([]byte, RescueHashBytes)
	p, n := cbuf(msg)
	if err := check(st(C.zks_rescue_hash(p, n, ptr(out))), "zks_rescue_hash"); err != nil {
		return nil, err
	}
	return out, nil
}

// RescueHashOrders is zksync-crypto rescueHashOrders of two serialized orders (178 bytes in, 31 out).
func RescueHashOrders(orders []byte) ([]byte, error) {
	out := make([]byte, OrdersHashBytes)
	p, n := cbuf(orders)
	if err := check(st(C.zks_rescue_hash_orders(p, n, ptr(out))), "zks_rescue_hash_orders"); err != nil {
		return nil, err
	}
	return out, nil
}

// Keccak256 is Ethereum's hash.
func Keccak256(data []byte) []byte {
	out := make([]byte, Keccak256Bytes)
	p, n := cbuf(data)
	if s := st(C.zks_keccak256(p, n, ptr(out))); s != StatusOk {
		panic(newError(s, "zks_keccak256")) // only NULL arguments fail, which cannot happen here
	}
	return out
}

// Signer is a zkSync signing key. Its key lives in memory that Close wipes;
// a finalizer wipes it too if Close is forgotten. Safe for concurrent use.
type Signer struct {
	mu     sync.RWMutex
	key    []byte
	pub    []byte
	hash   []byte
	closed bool
}

// NewSigner checks a 32-byte big-endian private key and copies it.
func NewSigner(privateKey []byte) (*Signer, error) {
	if len(privateKey) != PrivkeyBytes {
		return nil, newError(StatusInvalidKey, "private key must be 32 bytes")
	}
	s := &Signer{key: make([]byte, PrivkeyBytes), pub: make([]byte, PubkeyBytes), hash: make([]byte, PubkeyHashBytes)}
	copy(s.key, privateKey)
	if err := check(st(C.zks_pubkey_from_privkey(ptr(s.key), ptr(s.pub))), "zks_pubkey_from_privkey"); err != nil {
		Wipe(s.key)
		return nil, err
	}
	if err := check(st(C.zks_pubkey_hash_from_privkey(ptr(s.key), ptr(s.hash))), "zks_pubkey_hash_from_privkey"); err != nil {
		Wipe(s.key)
		return nil, err
	}
	runtime.SetFinalizer(s, (*Signer).Close)
	return s, nil
}

func adoptKey(key []byte) (*Signer, error) {
	defer Wipe(key)
	return NewSigner(key)
}

// NewSignerFromSeed derives the key from a seed of at least 32 bytes (zksync-crypto privateKeyFromSeed).
func NewSignerFromSeed(seed []byte) (*Signer, error) {
	key := make([]byte, PrivkeyBytes)
	p, n := cbuf(seed)
	if err := check(st(C.zks_privkey_from_seed(p, n, ptr(key))), "zks_privkey_from_seed"); err != nil {
		return nil, err
	}
	return adoptKey(key)
}

// NewSignerFromEthPrivateKey derives the zkSync key of an Ethereum account
// (zksync.js Signer.fromETHSignature) for chainID (1 = mainnet).
func NewSignerFromEthPrivateKey(ethPrivateKey []byte, chainID uint64) (*Signer, error) {
	if len(ethPrivateKey) != EthPrivkeyBytes {
		return nil, newError(StatusInvalidKey, "Ethereum private key must be 32 bytes")
	}
	key := make([]byte, PrivkeyBytes)
	if err := check(st(C.zks_privkey_from_eth_privkey(ptr(ethPrivateKey), C.uint64_t(chainID), ptr(key))),
		"zks_privkey_from_eth_privkey"); err != nil {
		return nil, err
	}
	return adoptKey(key)
}

// NewSignerFromEthSignature derives the key from a 65-byte signature of the
// login message (EthLoginMessage) made elsewhere, e.g. by a hardware wallet.
func NewSignerFromEthSignature(sig []byte) (*Signer, error) {
	if len(sig) != EthSignatureBytes {
		return nil, newError(StatusInvalidLength, "signature must be 65 bytes")
	}
	key := make([]byte, PrivkeyBytes)
	if err := check(st(C.zks_privkey_from_eth_signature(ptr(sig), ptr(key))), "zks_privkey_from_eth_signature"); err != nil {
		return nil, err
	}
	return adoptKey(key)
}

func (s *Signer) open() error {
	if s == nil || s.closed {
		return newError(StatusState, "Signer is closed")
	}
	return nil
}

// Close wipes the key. It is idempotent.
func (s *Signer) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		Wipe(s.key)
		runtime.SetFinalizer(s, nil)
	}
	return nil
}

// PrivateKey returns a copy of the private key (wipe it with Wipe when done).
func (s *Signer) PrivateKey() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.open(); err != nil {
		return nil, err
	}
	return append([]byte(nil), s.key...), nil
}

// PublicKey returns the packed 32-byte public key.
func (s *Signer) PublicKey() []byte { return append([]byte(nil), s.pub...) }

// PubKeyHash returns the 20-byte public-key hash.
func (s *Signer) PubKeyHash() []byte { return append([]byte(nil), s.hash...) }

// Address returns the "sync:" + 40 hex form of the public-key hash.
func (s *Signer) Address() string { return "sync:" + hex.EncodeToString(s.hash) }

// Sign returns sign_musig(key, msg): 96 bytes pubkey || R || s; msg is at most 92 bytes.
func (s *Signer) Sign(msg []byte) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.open(); err != nil {
		return nil, err
	}
	out := make([]byte, MusigBytes)
	p, n := cbuf(msg)
	err := check(st(C.zks_musig_sign(ptr(s.key), p, n, ptr(out))), "zks_musig_sign")
	runtime.KeepAlive(s)
	if err != nil {
		return nil, err
	}
	return out, nil
}
