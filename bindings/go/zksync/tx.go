package zksync

/*
#include <stdlib.h>
#include <string.h>
#include <zksync.h>
*/
import "C"

import (
	"encoding/json"
	"math/big"
	"unsafe"
)

// ---------------------------------------------------------------------------
// Amounts. Amounts are *big.Int base units; nil means 0, negative values fail
// with ErrInvalidAmount.

func amountString(a *big.Int, name string) (string, error) {
	if a == nil {
		return "0", nil
	}
	if a.Sign() < 0 {
		return "", newError(StatusInvalidAmount, name+" is negative")
	}
	return a.String(), nil
}

func parseAmount(s string) (*big.Int, error) {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, newError(StatusInternal, "library returned a bad amount "+s)
	}
	return v, nil
}

// arena owns C memory made for one call (strings, structs) and frees it;
// secrets (mnemonics, passphrases, keys) are wiped before they are freed.
type arena struct {
	ptrs    []unsafe.Pointer
	secrets []secretCopy
}

type secretCopy struct {
	p unsafe.Pointer
	n C.size_t
}

// wipeHook, when set (tests), sees each secret C copy right after it is wiped.
var wipeHook func(p unsafe.Pointer, n int)

// secret copies s (a mnemonic, a passphrase) into C memory that free() wipes
// with zks_memzero before releasing it. NUL bytes are refused.
func (a *arena) secret(s string, name string) (*C.char, error) {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return nil, newError(StatusInvalidArg, name+" contains a NUL byte")
		}
	}
	p := a.secretAlloc(uintptr(len(s) + 1))
	if len(s) > 0 {
		copy(unsafe.Slice((*byte)(p), len(s)), s)
	}
	return (*C.char)(p), nil
}

// secretAlloc is alloc for memory that will hold a secret (wiped by free()).
func (a *arena) secretAlloc(n uintptr) unsafe.Pointer {
	p := a.alloc(n)
	a.secrets = append(a.secrets, secretCopy{p, C.size_t(n)})
	return p
}

func (a *arena) str(s string, name string) (*C.char, error) {
	cs, err := cstring(s, name)
	if err != nil {
		return nil, err
	}
	a.ptrs = append(a.ptrs, unsafe.Pointer(cs))
	return cs, nil
}

func (a *arena) amount(v *big.Int, name string) (*C.char, error) {
	if v == nil {
		return nil, nil // NULL means "0"
	}
	s, err := amountString(v, name)
	if err != nil {
		return nil, err
	}
	return a.str(s, name)
}

func (a *arena) alloc(n uintptr) unsafe.Pointer {
	p := C.calloc(1, C.size_t(n))
	if p == nil {
		panic("zksync: out of memory")
	}
	a.ptrs = append(a.ptrs, p)
	return p
}

func (a *arena) free() {
	for _, w := range a.secrets {
		C.zks_memzero(w.p, w.n)
		if wipeHook != nil {
			wipeHook(w.p, int(w.n))
		}
	}
	a.secrets = nil
	for _, p := range a.ptrs {
		C.free(p)
	}
	a.ptrs = nil
}

func amountFn(a *big.Int, name string, fn func(*C.char) C.zks_status, cname string) error {
	s, err := amountString(a, name)
	if err != nil {
		return err
	}
	cs, err := cstring(s, name)
	if err != nil {
		return err
	}
	defer freeCString(cs)
	return check(st(fn(cs)), cname)
}

func amountStrFn(a *big.Int, name string, cname string, fn func(*C.char, *C.char, C.size_t) C.zks_status) (*big.Int, error) {
	s, err := amountString(a, name)
	if err != nil {
		return nil, err
	}
	cs, err := cstring(s, name)
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	out := make([]byte, (AmountChars + 1))
	if err := check(st(fn(cs, (*C.char)(ptrc(out)), C.size_t(len(out)))), cname); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

// PackAmount returns the exact 5-byte packed form (ErrNotPackable when there is none).
func PackAmount(a *big.Int) ([]byte, error) {
	out := make([]byte, AmountPackedBytes)
	err := amountFn(a, "amount", func(s *C.char) C.zks_status { return C.zks_amount_pack(s, ptr(out)) }, "zks_amount_pack")
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PackFee returns the exact 2-byte packed fee.
func PackFee(fee *big.Int) ([]byte, error) {
	out := make([]byte, FeePackedBytes)
	err := amountFn(fee, "fee", func(s *C.char) C.zks_status { return C.zks_fee_pack(s, ptr(out)) }, "zks_fee_pack")
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnpackAmount decodes a 5-byte packed amount.
func UnpackAmount(packed []byte) (*big.Int, error) {
	if len(packed) != AmountPackedBytes {
		return nil, newError(StatusInvalidLength, "packed amount must be 5 bytes")
	}
	out := make([]byte, (AmountChars + 1))
	if err := check(st(C.zks_amount_unpack(ptr(packed), (*C.char)(ptrc(out)), C.size_t(len(out)))), "zks_amount_unpack"); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

// UnpackFee decodes a 2-byte packed fee.
func UnpackFee(packed []byte) (*big.Int, error) {
	if len(packed) != FeePackedBytes {
		return nil, newError(StatusInvalidLength, "packed fee must be 2 bytes")
	}
	out := make([]byte, (AmountChars + 1))
	if err := check(st(C.zks_fee_unpack(ptr(packed), (*C.char)(ptrc(out)), C.size_t(len(out)))), "zks_fee_unpack"); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

func packable(err error) (bool, error) {
	if err == nil {
		return true, nil
	}
	if e, ok := err.(*Error); ok && e.Status == StatusNotPackable {
		return false, nil
	}
	return false, err
}

// IsAmountPackable tells whether an amount has an exact packed form.
func IsAmountPackable(a *big.Int) (bool, error) {
	return packable(amountFn(a, "amount", func(s *C.char) C.zks_status { return C.zks_amount_is_packable(s) }, "zks_amount_is_packable"))
}

// IsFeePackable tells whether a fee has an exact packed form.
func IsFeePackable(fee *big.Int) (bool, error) {
	return packable(amountFn(fee, "fee", func(s *C.char) C.zks_status { return C.zks_fee_is_packable(s) }, "zks_fee_is_packable"))
}

// ClosestPackableAmount is the largest packable amount <= a, or with up the smallest >= a.
func ClosestPackableAmount(a *big.Int, up bool) (*big.Int, error) {
	if up {
		return amountStrFn(a, "amount", "zks_amount_closest_packable_up", func(s, o *C.char, n C.size_t) C.zks_status {
			return C.zks_amount_closest_packable_up(s, o, n)
		})
	}
	return amountStrFn(a, "amount", "zks_amount_closest_packable", func(s, o *C.char, n C.size_t) C.zks_status {
		return C.zks_amount_closest_packable(s, o, n)
	})
}

// ClosestPackableFee is the largest packable fee <= fee, or with up the smallest >= fee.
func ClosestPackableFee(fee *big.Int, up bool) (*big.Int, error) {
	if up {
		return amountStrFn(fee, "fee", "zks_fee_closest_packable_up", func(s, o *C.char, n C.size_t) C.zks_status {
			return C.zks_fee_closest_packable_up(s, o, n)
		})
	}
	return amountStrFn(fee, "fee", "zks_fee_closest_packable", func(s, o *C.char, n C.size_t) C.zks_status {
		return C.zks_fee_closest_packable(s, o, n)
	})
}

// FormatUnits formats base units as zksync.js formatToken does ("1.5", "1.0").
func FormatUnits(a *big.Int, decimals uint32) (string, error) {
	s, err := amountString(a, "amount")
	if err != nil {
		return "", err
	}
	cs, err := cstring(s, "amount")
	if err != nil {
		return "", err
	}
	defer freeCString(cs)
	out := make([]byte, (TokenChars + 1))
	if err := check(st(C.zks_token_format(cs, C.uint32_t(decimals), (*C.char)(ptrc(out)), C.size_t(len(out)))), "zks_token_format"); err != nil {
		return "", err
	}
	return goText(out), nil
}

// ParseUnits parses token text into base units as ethers parseUnits ("1.5", 18 -> 1500000000000000000).
func ParseUnits(text string, decimals uint32) (*big.Int, error) {
	cs, err := cstring(text, "text")
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	out := make([]byte, (AmountChars + 1))
	if err := check(st(C.zks_token_parse(cs, C.uint32_t(decimals), (*C.char)(ptrc(out)), C.size_t(len(out)))), "zks_token_parse"); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

// ---------------------------------------------------------------------------
// Transactions as Go structs. The time range is taken as it is: set ValidUntil
// to ValidUntilDefault (4294967295, the zksync.js default) for "no limit".

// Tx is one of *Transfer, *Withdraw, *ChangePubKey, *ForcedExit, *MintNFT,
// *WithdrawNFT, *Swap and *Order.
type Tx interface {
	txType() C.zks_tx_type
	toC(a *arena) (unsafe.Pointer, error)
}

func validUntil(v uint64) C.uint64_t { return C.uint64_t(v) }

func copyTo(dst unsafe.Pointer, src []byte) {
	C.memcpy(dst, unsafe.Pointer(&src[0]), C.size_t(len(src)))
}

// Transfer (also an NFT transfer: Token >= 65536, Amount 1).
type Transfer struct {
	AccountID             uint32
	From, To              Address
	Token                 uint32
	Amount, Fee           *big.Int
	Nonce                 uint32
	ValidFrom, ValidUntil uint64
}

func (*Transfer) txType() C.zks_tx_type { return C.ZKS_TX_TRANSFER }
func (t *Transfer) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_transfer)(a.alloc(C.sizeof_zks_transfer))
	c.struct_size = C.sizeof_zks_transfer
	c.account_id, c.token, c.nonce = C.uint32_t(t.AccountID), C.uint32_t(t.Token), C.uint32_t(t.Nonce)
	copyTo(unsafe.Pointer(&c.from[0]), t.From[:])
	copyTo(unsafe.Pointer(&c.to[0]), t.To[:])
	c.valid_from, c.valid_until = C.uint64_t(t.ValidFrom), validUntil(t.ValidUntil)
	var err error
	if c.amount, err = a.amount(t.Amount, "amount"); err != nil {
		return nil, err
	}
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return unsafe.Pointer(c), nil
}

// Withdraw to L1 address To.
type Withdraw struct {
	AccountID             uint32
	From, To              Address
	Token                 uint32
	Amount, Fee           *big.Int
	Nonce                 uint32
	ValidFrom, ValidUntil uint64
}

func (*Withdraw) txType() C.zks_tx_type { return C.ZKS_TX_WITHDRAW }
func (t *Withdraw) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_withdraw)(a.alloc(C.sizeof_zks_withdraw))
	c.struct_size = C.sizeof_zks_withdraw
	c.account_id, c.token, c.nonce = C.uint32_t(t.AccountID), C.uint32_t(t.Token), C.uint32_t(t.Nonce)
	copyTo(unsafe.Pointer(&c.from[0]), t.From[:])
	copyTo(unsafe.Pointer(&c.to[0]), t.To[:])
	c.valid_from, c.valid_until = C.uint64_t(t.ValidFrom), validUntil(t.ValidUntil)
	var err error
	if c.amount, err = a.amount(t.Amount, "amount"); err != nil {
		return nil, err
	}
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return unsafe.Pointer(c), nil
}

// ChangePubKey authorisation types.
const (
	CpkOnchain = C.ZKS_CPK_ONCHAIN
	CpkECDSA   = C.ZKS_CPK_ECDSA
	CpkCreate2 = C.ZKS_CPK_CREATE2
)

// ChangePubKey sets the account's signing key; it is signed by the new key.
type ChangePubKey struct {
	AccountID             uint32
	Account               Address
	NewPkHash             [PubkeyHashBytes]byte
	FeeToken              uint32
	Fee                   *big.Int
	Nonce                 uint32
	ValidFrom, ValidUntil uint64
	AuthType              uint32 // CpkOnchain, CpkECDSA, CpkCreate2
	EthSignature          [EthSignatureBytes]byte
	BatchHash             [32]byte
	CreatorAddress        Address
	SaltArg, CodeHash     [32]byte
}

func (*ChangePubKey) txType() C.zks_tx_type { return C.ZKS_TX_CHANGE_PUBKEY }
func (t *ChangePubKey) cStruct(a *arena) (*C.zks_change_pubkey, error) {
	c := (*C.zks_change_pubkey)(a.alloc(C.sizeof_zks_change_pubkey))
	c.struct_size = C.sizeof_zks_change_pubkey
	c.account_id, c.fee_token, c.nonce, c.auth_type = C.uint32_t(t.AccountID), C.uint32_t(t.FeeToken), C.uint32_t(t.Nonce), C.uint32_t(t.AuthType)
	copyTo(unsafe.Pointer(&c.account[0]), t.Account[:])
	copyTo(unsafe.Pointer(&c.new_pk_hash[0]), t.NewPkHash[:])
	copyTo(unsafe.Pointer(&c.eth_signature[0]), t.EthSignature[:])
	copyTo(unsafe.Pointer(&c.batch_hash[0]), t.BatchHash[:])
	copyTo(unsafe.Pointer(&c.creator_address[0]), t.CreatorAddress[:])
	copyTo(unsafe.Pointer(&c.salt_arg[0]), t.SaltArg[:])
	copyTo(unsafe.Pointer(&c.code_hash[0]), t.CodeHash[:])
	c.valid_from, c.valid_until = C.uint64_t(t.ValidFrom), validUntil(t.ValidUntil)
	var err error
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return c, nil
}
func (t *ChangePubKey) toC(a *arena) (unsafe.Pointer, error) {
	c, err := t.cStruct(a)
	return unsafe.Pointer(c), err
}

// ForcedExit withdraws the whole balance of Target in Token to L1.
type ForcedExit struct {
	InitiatorAccountID    uint32
	Target                Address
	Token                 uint32
	Fee                   *big.Int
	Nonce                 uint32
	ValidFrom, ValidUntil uint64
}

func (*ForcedExit) txType() C.zks_tx_type { return C.ZKS_TX_FORCED_EXIT }
func (t *ForcedExit) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_forced_exit)(a.alloc(C.sizeof_zks_forced_exit))
	c.struct_size = C.sizeof_zks_forced_exit
	c.initiator_account_id, c.token, c.nonce = C.uint32_t(t.InitiatorAccountID), C.uint32_t(t.Token), C.uint32_t(t.Nonce)
	copyTo(unsafe.Pointer(&c.target[0]), t.Target[:])
	c.valid_from, c.valid_until = C.uint64_t(t.ValidFrom), validUntil(t.ValidUntil)
	var err error
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return unsafe.Pointer(c), nil
}

// MintNFT (no time range).
type MintNFT struct {
	CreatorID      uint32
	CreatorAddress Address
	ContentHash    [32]byte
	Recipient      Address
	FeeToken       uint32
	Fee            *big.Int
	Nonce          uint32
}

func (*MintNFT) txType() C.zks_tx_type { return C.ZKS_TX_MINT_NFT }
func (t *MintNFT) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_mint_nft)(a.alloc(C.sizeof_zks_mint_nft))
	c.struct_size = C.sizeof_zks_mint_nft
	c.creator_id, c.fee_token, c.nonce = C.uint32_t(t.CreatorID), C.uint32_t(t.FeeToken), C.uint32_t(t.Nonce)
	copyTo(unsafe.Pointer(&c.creator_address[0]), t.CreatorAddress[:])
	copyTo(unsafe.Pointer(&c.content_hash[0]), t.ContentHash[:])
	copyTo(unsafe.Pointer(&c.recipient[0]), t.Recipient[:])
	var err error
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return unsafe.Pointer(c), nil
}

// WithdrawNFT withdraws NFT Token (>= 65536) to L1.
type WithdrawNFT struct {
	AccountID             uint32
	From, To              Address
	Token, FeeToken       uint32
	Fee                   *big.Int
	Nonce                 uint32
	ValidFrom, ValidUntil uint64
}

func (*WithdrawNFT) txType() C.zks_tx_type { return C.ZKS_TX_WITHDRAW_NFT }
func (t *WithdrawNFT) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_withdraw_nft)(a.alloc(C.sizeof_zks_withdraw_nft))
	c.struct_size = C.sizeof_zks_withdraw_nft
	c.account_id, c.token, c.fee_token, c.nonce = C.uint32_t(t.AccountID), C.uint32_t(t.Token), C.uint32_t(t.FeeToken), C.uint32_t(t.Nonce)
	copyTo(unsafe.Pointer(&c.from[0]), t.From[:])
	copyTo(unsafe.Pointer(&c.to[0]), t.To[:])
	c.valid_from, c.valid_until = C.uint64_t(t.ValidFrom), validUntil(t.ValidUntil)
	var err error
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return unsafe.Pointer(c), nil
}

// Order of a Swap. Amount nil or 0 makes a limit order. Signature (96 bytes
// from SignTx) is only used when the Swap is written as JSON.
type Order struct {
	AccountID             uint32
	Recipient             Address
	Nonce                 uint32
	TokenSell, TokenBuy   uint32
	RatioSell, RatioBuy   *big.Int
	Amount                *big.Int
	ValidFrom, ValidUntil uint64
	Signature             []byte
}

func (*Order) txType() C.zks_tx_type { return C.ZKS_TX_ORDER }
func (t *Order) fill(a *arena, c *C.zks_order) error {
	c.struct_size = C.sizeof_zks_order
	c.account_id, c.nonce = C.uint32_t(t.AccountID), C.uint32_t(t.Nonce)
	c.token_sell, c.token_buy = C.uint32_t(t.TokenSell), C.uint32_t(t.TokenBuy)
	copyTo(unsafe.Pointer(&c.recipient[0]), t.Recipient[:])
	c.valid_from, c.valid_until = C.uint64_t(t.ValidFrom), validUntil(t.ValidUntil)
	var err error
	if c.ratio_sell, err = a.amount(t.RatioSell, "ratio_sell"); err != nil {
		return err
	}
	if c.ratio_buy, err = a.amount(t.RatioBuy, "ratio_buy"); err != nil {
		return err
	}
	if c.amount, err = a.amount(t.Amount, "amount"); err != nil {
		return err
	}
	if t.Signature != nil {
		if len(t.Signature) != MusigBytes {
			return newError(StatusInvalidLength, "order signature must be 96 bytes")
		}
		p := a.alloc(MusigBytes)
		copyTo(p, t.Signature)
		c.signature = (*C.uint8_t)(p)
	}
	return nil
}
func (t *Order) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_order)(a.alloc(C.sizeof_zks_order))
	return unsafe.Pointer(c), t.fill(a, c)
}

// Swap of two orders, submitted and fee-paid by the submitter.
type Swap struct {
	SubmitterID      uint32
	SubmitterAddress Address
	Nonce            uint32
	OrderA, OrderB   Order
	AmountA, AmountB *big.Int
	FeeToken         uint32
	Fee              *big.Int
}

func (*Swap) txType() C.zks_tx_type { return C.ZKS_TX_SWAP }
func (t *Swap) toC(a *arena) (unsafe.Pointer, error) {
	c := (*C.zks_swap)(a.alloc(C.sizeof_zks_swap))
	c.struct_size = C.sizeof_zks_swap
	c.submitter_id, c.nonce, c.fee_token = C.uint32_t(t.SubmitterID), C.uint32_t(t.Nonce), C.uint32_t(t.FeeToken)
	copyTo(unsafe.Pointer(&c.submitter_address[0]), t.SubmitterAddress[:])
	if err := t.OrderA.fill(a, &c.order_a); err != nil {
		return nil, err
	}
	if err := t.OrderB.fill(a, &c.order_b); err != nil {
		return nil, err
	}
	var err error
	if c.amount_a, err = a.amount(t.AmountA, "amount_a"); err != nil {
		return nil, err
	}
	if c.amount_b, err = a.amount(t.AmountB, "amount_b"); err != nil {
		return nil, err
	}
	if c.fee, err = a.amount(t.Fee, "fee"); err != nil {
		return nil, err
	}
	return unsafe.Pointer(c), nil
}

func withTx(tx Tx, f func(C.zks_tx_type, unsafe.Pointer) error) error {
	if tx == nil {
		return newError(StatusInvalidArg, "nil transaction")
	}
	var a arena
	defer a.free()
	p, err := tx.toC(&a)
	if err != nil {
		return err
	}
	return f(tx.txType(), p)
}

// CheckTx checks every field of tx (ids, amounts, time range, NFT rules).
func CheckTx(tx Tx) error {
	return withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		return check(st(C.zks_tx_check(t, p)), "zks_tx_check")
	})
}

// TxBytes returns the bytes the zkSync key signs (zksync.js utils.serializeTx).
func TxBytes(tx Tx) ([]byte, error) {
	out := make([]byte, TxBytesMax)
	var n C.size_t
	err := withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		return check(st(C.zks_tx_bytes(t, p, ptr(out), C.size_t(len(out)), &n)), "zks_tx_bytes")
	})
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}

// TxHash returns the server's hash of tx, raw and as "sync-tx:<64 hex>".
func TxHash(tx Tx) ([]byte, string, error) {
	raw := make([]byte, TxHashBytes)
	str := make([]byte, (TxHashChars + 1))
	err := withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		return check(st(C.zks_tx_hash(t, p, ptr(raw), (*C.char)(ptrc(str)))), "zks_tx_hash")
	})
	if err != nil {
		return nil, "", err
	}
	return raw, goText(str), nil
}

// SignTx signs tx (zks_tx_sign): 96 bytes pubKey || R || s. For ChangePubKey
// the signer must hold the new key.
func (s *Signer) SignTx(tx Tx) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.open(); err != nil {
		return nil, err
	}
	out := make([]byte, MusigBytes)
	err := withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		return check(st(C.zks_tx_sign(t, p, ptr(s.key), ptr(out))), "zks_tx_sign")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TxJSON returns the server JSON of tx with signature sig (96 bytes, or nil for "signature": null).
func TxJSON(tx Tx, sig []byte) (json.RawMessage, error) {
	if sig != nil && len(sig) != MusigBytes {
		return nil, newError(StatusInvalidLength, "signature must be 96 bytes")
	}
	var out *C.char
	err := withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		return check(st(C.zks_tx_to_json(t, p, ptr(sig), &out)), "zks_tx_to_json")
	})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(takeString(out)), nil
}

func msgOut(f func(out *C.char, n C.size_t, outLen *C.size_t) C.zks_status, fn string) (string, error) {
	buf := make([]byte, 1024)
	var n C.size_t
	if err := check(st(f((*C.char)(ptrc(buf)), C.size_t(len(buf)), &n)), fn); err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// TxEthMessage is the text the Ethereum key signs for tx (zksync.js
// EthMessageSigner); symbol/decimals describe the token the amounts are in,
// buySymbol names an Order's token_buy ("" otherwise).
func TxEthMessage(tx Tx, symbol string, decimals uint32, buySymbol string) (string, error) {
	var res string
	err := withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		var a arena
		defer a.free()
		sym, err := a.str(symbol, "symbol")
		if err != nil {
			return err
		}
		var buy *C.char
		if buySymbol != "" {
			if buy, err = a.str(buySymbol, "buy_symbol"); err != nil {
				return err
			}
		}
		res, err = msgOut(func(o *C.char, n C.size_t, l *C.size_t) C.zks_status {
			return C.zks_tx_eth_message(t, p, sym, C.uint32_t(decimals), buy, o, n, l)
		}, "zks_tx_eth_message")
		return err
	})
	return res, err
}

// TxEthMessagePart is the batch part of that text (no Nonce line; may be "").
func TxEthMessagePart(tx Tx, symbol string, decimals uint32) (string, error) {
	var res string
	err := withTx(tx, func(t C.zks_tx_type, p unsafe.Pointer) error {
		sym, err := cstring(symbol, "symbol")
		if err != nil {
			return err
		}
		defer freeCString(sym)
		res, err = msgOut(func(o *C.char, n C.size_t, l *C.size_t) C.zks_status {
			return C.zks_tx_eth_message_part(t, p, sym, C.uint32_t(decimals), o, n, l)
		}, "zks_tx_eth_message_part")
		return err
	})
	return res, err
}

// BatchEthMessage joins batch parts into the text a single-author batch signs.
func BatchEthMessage(parts []string, firstNonce uint32) (string, error) {
	var a arena
	defer a.free()
	arr := (*[1 << 20]*C.char)(a.alloc(uintptr(len(parts)+1) * unsafe.Sizeof((*C.char)(nil))))
	for i, s := range parts {
		cs, err := a.str(s, "part")
		if err != nil {
			return "", err
		}
		arr[i] = cs
	}
	return msgOut(func(o *C.char, n C.size_t, l *C.size_t) C.zks_status {
		return C.zks_batch_eth_message(&arr[0], C.size_t(len(parts)), C.uint32_t(firstNonce), o, n, l)
	}, "zks_batch_eth_message")
}

// ChangePubKeyECDSAMessage is the 60 bytes an ECDSA ChangePubKey authorisation signs with personal_sign.
func ChangePubKeyECDSAMessage(tx *ChangePubKey) ([]byte, error) {
	if tx == nil {
		return nil, newError(StatusInvalidArg, "nil transaction")
	}
	var a arena
	defer a.free()
	c, err := tx.cStruct(&a)
	if err != nil {
		return nil, err
	}
	out := make([]byte, CpkEcdsaMessageBytes)
	if err := check(st(C.zks_change_pubkey_ecdsa_message(c, ptr(out))), "zks_change_pubkey_ecdsa_message"); err != nil {
		return nil, err
	}
	return out, nil
}

// Create2Address is the address of a CREATE2 account for a signing key.
func Create2Address(creator Address, saltArg, codeHash [32]byte, pkHash [PubkeyHashBytes]byte) (Address, error) {
	var out Address
	err := check(st(C.zks_create2_address(ptr(creator[:]), ptr(saltArg[:]), ptr(codeHash[:]), ptr(pkHash[:]), ptr(out[:]))),
		"zks_create2_address")
	return out, err
}

// ---------------------------------------------------------------------------
// The JSON path: transactions in the server's JSON form (docs/transactions.md).

// SignedTx is a signed transaction: the JSON tx_submit takes, its hash
// ("" for an Order) and the signed bytes.
type SignedTx struct {
	Tx        json.RawMessage `json:"tx"`
	TxHash    string          `json:"txHash"`
	SignBytes string          `json:"signBytes"`
}

// SignTxJSON signs a transaction given as JSON without "signature"
// (zks_tx_sign_json), e.g. {"type":"Transfer","accountId":7,...}.
func (s *Signer) SignTxJSON(txJSON []byte) (*SignedTx, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.open(); err != nil {
		return nil, err
	}
	cs, err := cstring(string(txJSON), "tx_json")
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	var out *C.char
	if err := check(st(C.zks_tx_sign_json(cs, ptr(s.key), &out)), "zks_tx_sign_json"); err != nil {
		return nil, err
	}
	var r SignedTx
	if err := json.Unmarshal([]byte(takeString(out)), &r); err != nil {
		return nil, newError(StatusInternal, "bad JSON from zks_tx_sign_json: "+err.Error())
	}
	return &r, nil
}

// TxEthMessageJSON is TxEthMessage for a transaction given as JSON.
func TxEthMessageJSON(txJSON []byte, symbol string, decimals uint32, buySymbol string) (string, error) {
	var a arena
	defer a.free()
	tj, err := a.str(string(txJSON), "tx_json")
	if err != nil {
		return "", err
	}
	sym, err := a.str(symbol, "symbol")
	if err != nil {
		return "", err
	}
	var buy *C.char
	if buySymbol != "" {
		if buy, err = a.str(buySymbol, "buy_symbol"); err != nil {
			return "", err
		}
	}
	var out *C.char
	if err := check(st(C.zks_tx_eth_message_json(tj, sym, C.uint32_t(decimals), buy, &out)), "zks_tx_eth_message_json"); err != nil {
		return "", err
	}
	return takeString(out), nil
}
