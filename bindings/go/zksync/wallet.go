package zksync

/*
#include <stdlib.h>
#include <zksync.h>
zks_eth_message_signer zks_go_msg_signer(void);
zks_eth_digest_signer zks_go_digest_signer(void);
*/
import "C"

import (
	"encoding/json"
	"math/big"
	"runtime"
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// L1Result is the outcome of a sending L1 operation.
type L1Result struct {
	TxHash        string  // the operation's L1 tx
	ApproveTxHash string  // an approve sent first, or ""
	Mined         bool    // the receipt was awaited and has status 1
	SerialID      *uint64 // priority operations, once mined
	BlockNumber   uint64
	GasUsed       uint64
	Nonce         uint64
}

func l1Result(r *C.zks_l1_result) *L1Result {
	res := &L1Result{TxHash: C.GoString(&r.tx_hash[0]), ApproveTxHash: C.GoString(&r.approve_tx_hash[0]),
		Mined: r.mined != 0, BlockNumber: uint64(r.block_number), GasUsed: uint64(r.gas_used), Nonce: uint64(r.nonce)}
	if r.has_serial_id != 0 {
		id := uint64(r.serial_id)
		res.SerialID = &id
	}
	return res
}

// ApproveMode says what DepositERC20 does about the ERC20 allowance.
type ApproveMode uint32

// Approve modes.
const (
	ApproveNone      ApproveMode = C.ZKS_L1_APPROVE_NONE
	ApproveAmount    ApproveMode = C.ZKS_L1_APPROVE_AMOUNT
	ApproveUnlimited ApproveMode = C.ZKS_L1_APPROVE_UNLIMITED
)

// signerHandle keeps external signers reachable from C: a C block holding a cgo.Handle.
type signerHandle struct {
	h   cgo.Handle
	ctx unsafe.Pointer
}

func newSignerHandle(s *signerCtx) *signerHandle {
	sh := &signerHandle{h: cgo.NewHandle(s), ctx: C.malloc(C.size_t(unsafe.Sizeof(C.uintptr_t(0))))}
	*(*C.uintptr_t)(sh.ctx) = C.uintptr_t(sh.h)
	return sh
}

func (sh *signerHandle) free() {
	if sh != nil {
		C.free(sh.ctx)
		sh.h.Delete()
	}
}

// L1 is the zkSync L1 contract operations of one Ethereum account (zks_l1).
// It borrows its EthRPC, which must stay open (closing the EthRPC closes it).
// Methods take the locks of both, so an L1 may be shared by goroutines.
type L1 struct {
	mu     sync.Mutex
	h      *C.zks_l1
	rpc    *EthRPC
	owner  *Wallet // set for the L1 layer of a wallet (not freed by Close)
	signer *signerHandle
	// journals are the SetJournal hooks C may call (a wallet's layer: freed with the wallet)
	journals []*journalHook
	closed   bool
}

// NewL1 creates the L1 layer of the account of ethPrivateKey. chainID 0 skips the chain check.
func NewL1(rpc *EthRPC, mainContract string, chainID uint64, ethPrivateKey []byte) (*L1, error) {
	if len(ethPrivateKey) != EthPrivkeyBytes {
		return nil, newError(StatusInvalidKey, "Ethereum private key must be 32 bytes")
	}
	return newL1(rpc, nil, func(h *C.zks_eth_rpc, mc *C.char, out **C.zks_l1) C.zks_status {
		var a arena
		defer a.free()
		k := a.secretAlloc(EthPrivkeyBytes) // wiped by a.free()
		copyTo(k, ethPrivateKey)
		return C.zks_l1_new(h, mc, C.uint64_t(chainID), (*C.uint8_t)(k), out)
	}, mainContract)
}

// NewL1WithSigner creates the L1 layer of address with an external transaction signer.
func NewL1WithSigner(rpc *EthRPC, mainContract string, chainID uint64, address string, sign DigestSigner) (*L1, error) {
	if sign == nil {
		return nil, newError(StatusInvalidArg, "nil signer")
	}
	sh := newSignerHandle(&signerCtx{dig: sign})
	l, err := newL1(rpc, sh, func(h *C.zks_eth_rpc, mc *C.char, out **C.zks_l1) C.zks_status {
		ad := C.CString(address)
		defer C.free(unsafe.Pointer(ad))
		return C.zks_l1_new_with_signer(h, mc, C.uint64_t(chainID), ad, C.zks_go_digest_signer(), sh.ctx, out)
	}, mainContract)
	if err != nil {
		sh.free()
	}
	return l, err
}

func newL1(rpc *EthRPC, sh *signerHandle, mk func(*C.zks_eth_rpc, *C.char, **C.zks_l1) C.zks_status, mainContract string) (*L1, error) {
	if rpc == nil {
		return nil, newError(StatusInvalidArg, "nil EthRPC")
	}
	mc, err := cstring(mainContract, "main_contract")
	if err != nil {
		return nil, err
	}
	defer freeCString(mc)
	l := &L1{rpc: rpc, signer: sh}
	rpc.mu.Lock()
	if rpc.closed {
		rpc.mu.Unlock()
		return nil, newError(StatusState, "EthRPC is closed")
	}
	var h *C.zks_l1
	s := mk(rpc.h, mc, &h)
	err = rpc.err(s, "zks_l1_new")
	rpc.mu.Unlock()
	if err != nil {
		return nil, err
	}
	l.h = h
	rpc.lend(l)
	runtime.SetFinalizer(l, (*L1).Close)
	return l, nil
}

// Close frees the L1 layer and wipes its key (a wallet's L1 layer is freed with the wallet).
func (l *L1) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	runtime.SetFinalizer(l, nil)
	if l.owner == nil {
		C.zks_l1_free(l.h)
		l.rpc.unlend(l)
		l.signer.free()
		freeJournalHooks(l.journals)
		l.journals = nil
	}
	l.h = nil
	return nil
}

// L1Doubt is an L1 send of unknown outcome; Raw is the only transaction ever
// sent again for its nonce.
type L1Doubt struct {
	Open   bool
	Nonce  uint64
	TxHash string
	Raw    []byte
}

// Doubt reads the open L1 send of unknown outcome, if any (no network). The
// next sending call resolves it first and never signs a new tx for its nonce.
func (l *L1) Doubt() (L1Doubt, error) {
	d := (*C.zks_l1_doubt)(C.calloc(1, C.sizeof_zks_l1_doubt))
	defer C.free(unsafe.Pointer(d))
	d.struct_size = C.sizeof_zks_l1_doubt
	err := l.do("zks_l1_doubt_get", nil, func(h *C.zks_l1, _ []*C.char) C.zks_status {
		return C.zks_l1_doubt_get(h, d)
	})
	return l1DoubtFromC(d), err
}

// RestoreDoubt restores the doubt an earlier process stored (its signed bytes and nonce).
func (l *L1) RestoreDoubt(raw []byte, nonce uint64) error {
	return l.do("zks_l1_doubt_restore", nil, func(h *C.zks_l1, _ []*C.char) C.zks_status {
		return C.zks_l1_doubt_restore(h, ptr(raw), C.size_t(len(raw)), C.uint64_t(nonce))
	})
}

func (l *L1) do(fn string, args []string, f func(h *C.zks_l1, c []*C.char) C.zks_status) error {
	if l.owner != nil { // a wallet's layer: the wallet's operations use it too
		l.owner.mu.Lock()
		defer l.owner.mu.Unlock()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return newError(StatusState, "L1 is closed")
	}
	var a arena
	defer a.free()
	cs, err := a.optStrs(args, fn)
	if err != nil {
		return err
	}
	l.rpc.mu.Lock()
	defer l.rpc.mu.Unlock()
	if l.rpc.closed {
		return newError(StatusState, "EthRPC is closed")
	}
	s := f(l.h, cs)
	jerr := journalsAfter(l.journals)
	if s == C.ZKS_OK {
		return nil
	}
	e := newError(Status(s), C.GoString(C.zks_l1_errmsg(l.h)))
	if e.Detail == "" {
		e.Detail = fn
	}
	e.Cause = jerr // the journal hook's error that stopped the send
	if Status(s) == StatusL1Revert {
		e.RevertReason = C.GoString(C.zks_l1_errmsg(l.h))
	}
	return e
}

// CallOption adjusts one wallet operation (the L2 operations that pay a fee).
type CallOption func(*callOptions)

type callOptions struct{ maxFee *big.Int }

// WithMaxFee asks the server for the fee and refuses a quote above max (base
// units of the fee token) with ErrFeeTooHigh before anything is signed: this
// call's cap, in place of the wallet's (SetMaxFee). The fee argument must be nil.
func WithMaxFee(max *big.Int) CallOption {
	return func(o *callOptions) { o.maxFee = max }
}

// feeArg is the C fee argument: "" (ask, NULL), the exact fee, or "max:N".
func feeArg(fee *big.Int, name string, opts []CallOption) (string, error) {
	var o callOptions
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	if o.maxFee == nil {
		return amountOrEmpty(fee, name)
	}
	if fee != nil {
		return "", newError(StatusInvalidArg, name+" and WithMaxFee are both given")
	}
	s, err := amountString(o.maxFee, "max_fee")
	if err != nil {
		return "", err
	}
	return "max:" + s, nil
}

func amountOrEmpty(v *big.Int, name string) (string, error) {
	if v == nil {
		return "", nil
	}
	return amountString(v, name)
}

func (l *L1) send(fn string, args []string, f func(h *C.zks_l1, c []*C.char, out *C.zks_l1_result) C.zks_status) (*L1Result, error) {
	var out C.zks_l1_result
	err := l.do(fn, args, func(h *C.zks_l1, c []*C.char) C.zks_status { return f(h, c, &out) })
	return l1Result(&out), err
}

// SetOptions sets a fixed gas price (nil: ask eth_gasPrice each time), the
// receipt polling interval (0 = 200 ms) and whether calls are simulated first.
func (l *L1) SetOptions(gasPriceWei *big.Int, poll time.Duration, preflight bool) error {
	gp, err := amountOrEmpty(gasPriceWei, "gas_price_wei")
	if err != nil {
		return err
	}
	var flags C.uint32_t
	if !preflight {
		flags = C.ZKS_L1_NO_PREFLIGHT
	}
	return l.do("zks_l1_set_options", []string{gp}, func(h *C.zks_l1, c []*C.char) C.zks_status {
		return C.zks_l1_set_options(h, c[0], ms(poll), flags)
	})
}

// Address returns the account address (lowercase "0x...").
func (l *L1) Address() (string, error) {
	out := make([]byte, EthAddressChars+1)
	err := l.do("zks_l1_address", nil, func(h *C.zks_l1, _ []*C.char) C.zks_status {
		return C.zks_l1_address(h, (*C.char)(ptrc(out)))
	})
	return goText(out), err
}

// DepositETH deposits amount wei to the zkSync account `to` ("" = self). wait 0 returns after sending.
func (l *L1) DepositETH(to string, amount *big.Int, wait time.Duration) (*L1Result, error) {
	am, err := amountString(amount, "amount")
	if err != nil {
		return nil, err
	}
	return l.send("zks_l1_deposit_eth", []string{to, am}, func(h *C.zks_l1, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_deposit_eth(h, c[0], c[1], ms(wait), o)
	})
}

// DepositERC20 deposits amount of an ERC20 token to `to` ("" = self).
func (l *L1) DepositERC20(tokenAddress string, amount *big.Int, to string, approve ApproveMode, wait time.Duration) (*L1Result, error) {
	am, err := amountString(amount, "amount")
	if err != nil {
		return nil, err
	}
	return l.send("zks_l1_deposit_erc20", []string{tokenAddress, am, to}, func(h *C.zks_l1, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_deposit_erc20(h, c[2], c[0], c[1], C.uint32_t(approve), ms(wait), o)
	})
}

// ApproveERC20 approves the main contract for amount (nil = 2^256-1).
func (l *L1) ApproveERC20(tokenAddress string, amount *big.Int, wait time.Duration) (*L1Result, error) {
	am, err := amountOrEmpty(amount, "amount")
	if err != nil {
		return nil, err
	}
	return l.send("zks_l1_approve_erc20", []string{tokenAddress, am}, func(h *C.zks_l1, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_approve_erc20(h, c[0], c[1], ms(wait), o)
	})
}

// FullExit requests a full exit of accountID in a token (EthTokenAddress for ETH).
func (l *L1) FullExit(accountID uint32, tokenAddress string, wait time.Duration) (*L1Result, error) {
	return l.send("zks_l1_full_exit", []string{tokenAddress}, func(h *C.zks_l1, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_full_exit(h, C.uint32_t(accountID), c[0], ms(wait), o)
	})
}

// FullExitNFT requests a full exit of an NFT.
func (l *L1) FullExitNFT(accountID, nftID uint32, wait time.Duration) (*L1Result, error) {
	return l.send("zks_l1_full_exit_nft", nil, func(h *C.zks_l1, _ []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_full_exit_nft(h, C.uint32_t(accountID), C.uint32_t(nftID), ms(wait), o)
	})
}

// WithdrawPendingBalance withdraws the pending balance of owner ("" = self); amount nil = all.
func (l *L1) WithdrawPendingBalance(owner, tokenAddress string, amount *big.Int, wait time.Duration) (*L1Result, error) {
	am, err := amountOrEmpty(amount, "amount")
	if err != nil {
		return nil, err
	}
	return l.send("zks_l1_withdraw_pending_balance", []string{owner, tokenAddress, am},
		func(h *C.zks_l1, c []*C.char, o *C.zks_l1_result) C.zks_status {
			return C.zks_l1_withdraw_pending_balance(h, c[0], c[1], c[2], ms(wait), o)
		})
}

// WithdrawPendingNFT withdraws a pending NFT.
func (l *L1) WithdrawPendingNFT(nftID uint32, wait time.Duration) (*L1Result, error) {
	return l.send("zks_l1_withdraw_pending_nft", nil, func(h *C.zks_l1, _ []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_withdraw_pending_nft(h, C.uint32_t(nftID), ms(wait), o)
	})
}

// SetAuthPubkeyHash authorises an "Onchain" ChangePubKey to pkHash at zkSync nonce.
func (l *L1) SetAuthPubkeyHash(pkHash [PubkeyHashBytes]byte, nonce uint32, wait time.Duration) (*L1Result, error) {
	return l.send("zks_l1_set_auth_pubkey_hash", nil, func(h *C.zks_l1, _ []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_set_auth_pubkey_hash(h, ptr(pkHash[:]), C.uint32_t(nonce), ms(wait), o)
	})
}

// AuthFact reads authFacts(address, nonce) ("" = self); all zero = not set.
func (l *L1) AuthFact(address string, nonce uint32) ([]byte, error) {
	out := make([]byte, 32)
	err := l.do("zks_l1_auth_fact", []string{address}, func(h *C.zks_l1, c []*C.char) C.zks_status {
		return C.zks_l1_auth_fact(h, c[0], C.uint32_t(nonce), ptr(out))
	})
	return out, err
}

func (l *L1) amount(fn string, args []string, f func(h *C.zks_l1, c []*C.char, out *C.char) C.zks_status) (*big.Int, error) {
	out := make([]byte, AmountChars+1)
	if err := l.do(fn, args, func(h *C.zks_l1, c []*C.char) C.zks_status { return f(h, c, (*C.char)(ptrc(out))) }); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

// PendingBalance reads getPendingBalance(address ("" = self), token).
func (l *L1) PendingBalance(address, tokenAddress string) (*big.Int, error) {
	return l.amount("zks_l1_pending_balance", []string{address, tokenAddress}, func(h *C.zks_l1, c []*C.char, o *C.char) C.zks_status {
		return C.zks_l1_pending_balance(h, c[1], c[0], o)
	})
}

// Balance reads the L1 balance of address ("" = self) in a token (EthTokenAddress for ETH).
func (l *L1) Balance(tokenAddress, address string) (*big.Int, error) {
	return l.amount("zks_l1_balance", []string{tokenAddress, address}, func(h *C.zks_l1, c []*C.char, o *C.char) C.zks_status {
		return C.zks_l1_balance(h, c[0], c[1], o)
	})
}

// Allowance reads the ERC20 allowance of owner ("" = self) for the main contract.
func (l *L1) Allowance(tokenAddress, owner string) (*big.Int, error) {
	return l.amount("zks_l1_allowance", []string{tokenAddress, owner}, func(h *C.zks_l1, c []*C.char, o *C.char) C.zks_status {
		return C.zks_l1_allowance(h, c[0], c[1], o)
	})
}

// IsERC20Approved tells whether the allowance is at least threshold (nil = 2^255).
func (l *L1) IsERC20Approved(tokenAddress string, threshold *big.Int) (bool, error) {
	th, err := amountOrEmpty(threshold, "threshold")
	if err != nil {
		return false, err
	}
	var v C.int32_t
	err = l.do("zks_l1_is_erc20_approved", []string{tokenAddress, th}, func(h *C.zks_l1, c []*C.char) C.zks_status {
		return C.zks_l1_is_erc20_approved(h, c[0], c[1], &v)
	})
	return v != 0, err
}

// Wallet is a zkSync account (zks_wallet): its Ethereum signer, zkSync key,
// account id and nonce, and every L2 operation. It borrows its Provider (and
// EthRPC): closing them closes the wallet first. Methods lock the wallet and
// its clients, so a Wallet may be shared by goroutines (calls are serialised).
// Tokens are symbols ("ETH"), id digits or "0x" addresses; a nil fee asks the server.
type Wallet struct {
	mu     sync.Mutex
	h      *C.zks_wallet
	p      *Provider
	eth    *EthRPC
	signer *signerHandle
	l1     *L1
	// journals are the SetJournalHook hooks C may call
	journals []*journalHook
	closed   bool
}

func newWallet(p *Provider, eth *EthRPC, sh *signerHandle, fn string, mk func(ph *C.zks_provider, eh *C.zks_eth_rpc, out **C.zks_wallet) C.zks_status) (*Wallet, error) {
	if p == nil {
		return nil, newError(StatusInvalidArg, "nil Provider")
	}
	w := &Wallet{p: p, eth: eth, signer: sh}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, newError(StatusState, "Provider is closed")
	}
	var eh *C.zks_eth_rpc
	if eth != nil {
		eth.mu.Lock()
		defer eth.mu.Unlock()
		if eth.closed {
			return nil, newError(StatusState, "EthRPC is closed")
		}
		eh = eth.h
	}
	var h *C.zks_wallet // a local: cgo refuses &w.h (w holds Go pointers)
	s := mk(p.h, eh, &h)
	if s != C.ZKS_OK {
		return nil, p.err(s, fn)
	}
	w.h = h
	p.lend(w)
	if eth != nil {
		eth.lend(w)
	}
	runtime.SetFinalizer(w, (*Wallet).Close)
	return w, nil
}

// NewWallet creates a wallet for an Ethereum key; eth may be nil (no L1 operations);
// chainID 0 asks eth.
func NewWallet(p *Provider, eth *EthRPC, chainID uint64, ethPrivateKey []byte) (*Wallet, error) {
	if len(ethPrivateKey) != EthPrivkeyBytes {
		return nil, newError(StatusInvalidKey, "Ethereum private key must be 32 bytes")
	}
	return newWallet(p, eth, nil, "zks_wallet_new", func(ph *C.zks_provider, eh *C.zks_eth_rpc, out **C.zks_wallet) C.zks_status {
		var a arena
		defer a.free()
		k := a.secretAlloc(EthPrivkeyBytes) // wiped by a.free()
		copyTo(k, ethPrivateKey)
		return C.zks_wallet_new(ph, eh, C.uint64_t(chainID), (*C.uint8_t)(k), out)
	})
}

// NewWalletFromMnemonic is NewWallet for a BIP-39 mnemonic (path "" = EthDefaultPath).
func NewWalletFromMnemonic(p *Provider, eth *EthRPC, chainID uint64, mnemonic, passphrase, path string) (*Wallet, error) {
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
	pa, err := a.optStr(path, "path")
	if err != nil {
		return nil, err
	}
	return newWallet(p, eth, nil, "zks_wallet_new_from_mnemonic", func(ph *C.zks_provider, eh *C.zks_eth_rpc, out **C.zks_wallet) C.zks_status {
		return C.zks_wallet_new_from_mnemonic(ph, eh, C.uint64_t(chainID), m, pw, pa, out)
	})
}

// NewWalletWithSigner creates a wallet whose Ethereum key lives elsewhere:
// signMessage signs texts (the login message once here, then every tx
// text); signDigest (may be nil: no L1 transactions) signs L1 transactions.
func NewWalletWithSigner(p *Provider, eth *EthRPC, chainID uint64, address string, signMessage MessageSigner, signDigest DigestSigner) (*Wallet, error) {
	if signMessage == nil {
		return nil, newError(StatusInvalidArg, "nil message signer")
	}
	ad, err := cstring(address, "address")
	if err != nil {
		return nil, err
	}
	defer freeCString(ad)
	sh := newSignerHandle(&signerCtx{msg: signMessage, dig: signDigest})
	w, err := newWallet(p, eth, sh, "zks_wallet_new_with_signer", func(ph *C.zks_provider, eh *C.zks_eth_rpc, out **C.zks_wallet) C.zks_status {
		var dig C.zks_eth_digest_signer
		if signDigest != nil {
			dig = C.zks_go_digest_signer()
		}
		return C.zks_wallet_new_with_signer(ph, eh, C.uint64_t(chainID), ad, C.zks_go_msg_signer(), dig, sh.ctx, out)
	})
	if err != nil {
		sh.free()
	}
	return w, err
}

// Close frees the wallet and wipes its keys. It is idempotent.
func (w *Wallet) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	runtime.SetFinalizer(w, nil)
	C.zks_wallet_free(w.h)
	w.h = nil
	freeJournalHooks(w.journals)
	w.journals = nil
	if w.l1 != nil {
		w.l1.mu.Lock()
		w.l1.closed, w.l1.h = true, nil
		freeJournalHooks(w.l1.journals) // C freed the layer with the wallet
		w.l1.journals = nil
		w.l1.mu.Unlock()
	}
	w.p.unlend(w)
	if w.eth != nil {
		w.eth.unlend(w)
	}
	w.signer.free()
	return nil
}

// do runs f with the wallet, provider and eth locks held (in that order).
func (w *Wallet) do(fn string, args []string, f func(h *C.zks_wallet, c []*C.char) C.zks_status) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return newError(StatusState, "Wallet is closed")
	}
	var a arena
	defer a.free()
	cs, err := a.optStrs(args, fn)
	if err != nil {
		return err
	}
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	if w.eth != nil {
		w.eth.mu.Lock()
		defer w.eth.mu.Unlock()
	}
	s := f(w.h, cs)
	var l1j []*journalHook
	if w.l1 != nil {
		l1j = w.l1.journals // changed only under w.mu too (L1.do locks the owner)
	}
	jerr := journalsAfter(w.journals, l1j)
	if s == C.ZKS_OK {
		return nil
	}
	e := newError(Status(s), C.GoString(C.zks_wallet_errmsg(w.h)))
	if e.Detail == "" {
		e.Detail = fn
	}
	e.Cause = jerr // the journal hook's error that stopped the send
	var code C.int64_t
	if C.zks_provider_last_error(w.p.h, &code) == s {
		e.ServerCode = int64(code)
	}
	if Status(s) == StatusL1Revert {
		e.RevertReason = e.Detail
	}
	return e
}

// L1 returns the wallet's L1 layer (nil without an EthRPC or an L1 signer).
// It belongs to the wallet: its Close does nothing, the wallet's frees it.
func (w *Wallet) L1() *L1 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	if w.l1 == nil {
		h := C.zks_wallet_l1(w.h)
		if h == nil {
			return nil
		}
		w.l1 = &L1{h: h, rpc: w.eth, owner: w}
	}
	return w.l1
}

// Address returns the account's EIP-55 address.
func (w *Wallet) Address() (string, error) {
	out := make([]byte, EthAddressChars+1)
	err := w.do("zks_wallet_address", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_address(h, (*C.char)(ptrc(out)))
	})
	return goText(out), err
}

// PubKeyHash returns the wallet's key hash as "sync:..." and as 20 bytes.
func (w *Wallet) PubKeyHash() (string, []byte, error) {
	out := make([]byte, PubkeyHashChars+1)
	raw := make([]byte, PubkeyHashBytes)
	err := w.do("zks_wallet_pubkey_hash", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_pubkey_hash(h, (*C.char)(ptrc(out)), ptr(raw))
	})
	return goText(out), raw, err
}

// AccountID returns the account id (ErrState while the account does not exist).
func (w *Wallet) AccountID() (uint32, error) {
	var v C.uint32_t
	err := w.do("zks_wallet_account_id", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_account_id(h, &v)
	})
	return uint32(v), err
}

// Nonce returns the nonce the next transaction will use.
func (w *Wallet) Nonce() (uint32, error) {
	var v C.uint32_t
	err := w.do("zks_wallet_nonce", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status { return C.zks_wallet_nonce(h, &v) })
	return uint32(v), err
}

// Doubt is the wallet's doubt: a submission of unknown outcome (Open), or how
// the last one ended (Resolved: WalletResolvedExecuted = it paid, do not pay
// again; WalletResolvedDropped = it never pays; constants generated).
type Doubt struct {
	Open, Batch    bool
	Resolved       int32
	Nonce, Count   uint32
	Hash, LastHash string
}

func doubtFromC(d *C.zks_wallet_doubt) Doubt {
	return Doubt{Open: d.open != 0, Batch: d.batch != 0, Resolved: int32(d.resolved), Nonce: uint32(d.nonce),
		Count: uint32(d.count), Hash: C.GoString(&d.hash[0]), LastHash: C.GoString(&d.last_hash[0])}
}

// Doubt reads the wallet's doubt (no network): while one is open no other
// transaction is signed for the account.
func (w *Wallet) Doubt() (Doubt, error) {
	var d C.zks_wallet_doubt
	d.struct_size = C.sizeof_zks_wallet_doubt
	err := w.do("zks_wallet_doubt_get", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_doubt_get(h, &d)
	})
	return doubtFromC(&d), err
}

// Resolve resolves an open doubt, polling up to timeout (0: one look); it
// never signs. nil: no doubt, or it never paid (signing may go on);
// ErrAlreadyExecuted: it went through (do not pay again; the hash in the
// Doubt); ErrOutcomeUnknown: still open.
func (w *Wallet) Resolve(timeout time.Duration) (Doubt, error) {
	var d C.zks_wallet_doubt
	d.struct_size = C.sizeof_zks_wallet_doubt
	err := w.do("zks_wallet_resolve", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_resolve(h, ms(timeout), &d)
	})
	return doubtFromC(&d), err
}

// SetJournal writes each doubt to a crash-safe journal file before sending
// ("" turns it off). A record left there by an earlier process becomes the
// open doubt, so the next operation resolves it before it signs anything
// (ErrFileFormat: a bad checksum, or a record of another account or chain).
func (w *Wallet) SetJournal(path string) error {
	return w.do("zks_wallet_set_journal", []string{path}, func(h *C.zks_wallet, c []*C.char) C.zks_status {
		s := C.zks_wallet_set_journal(h, c[0])
		if s == C.ZKS_OK { // the file replaces the hooks (the L1 layer's too)
			freeJournalHooks(w.journals)
			w.journals = nil
			w.freeL1Journals()
		}
		return s
	})
}

// SetMaxFee caps the fee the server may quote in token (symbol, id or
// address): a higher quote is ErrFeeTooHigh before anything is signed. nil
// removes the cap; a fee the caller gives is not capped, and a call's own cap
// (WithMaxFee) replaces this one. Up to 16 tokens.
func (w *Wallet) SetMaxFee(token string, maxFee *big.Int) error {
	var a arena
	defer a.free()
	mf, err := a.amount(maxFee, "max_fee")
	if err != nil {
		return err
	}
	return w.do("zks_wallet_set_max_fee", []string{token}, func(h *C.zks_wallet, c []*C.char) C.zks_status {
		return C.zks_wallet_set_max_fee(h, c[0], mf)
	})
}

// Sync fetches the account id and nonce again.
func (w *Wallet) Sync() error {
	return w.do("zks_wallet_sync", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status { return C.zks_wallet_sync(h) })
}

func (w *Wallet) amount(fn string, args []string, f func(h *C.zks_wallet, c []*C.char, out *C.char) C.zks_status) (*big.Int, error) {
	out := make([]byte, AmountChars+1)
	if err := w.do(fn, args, func(h *C.zks_wallet, c []*C.char) C.zks_status { return f(h, c, (*C.char)(ptrc(out))) }); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

// Balance returns the balance of token; verified selects the verified state.
func (w *Wallet) Balance(token string, verified bool) (*big.Int, error) {
	which := C.uint32_t(C.ZKS_ACCOUNT_COMMITTED)
	if verified {
		which = C.ZKS_ACCOUNT_VERIFIED
	}
	return w.amount("zks_wallet_balance", []string{token}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_balance(h, c[0], which, o)
	})
}

// L1Balance returns the account's L1 balance of token (needs an EthRPC).
func (w *Wallet) L1Balance(token string) (*big.Int, error) {
	return w.amount("zks_wallet_l1_balance", []string{token}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_l1_balance(h, c[0], o)
	})
}

// SigningKeyState returns SigningKeyNone, SigningKeyOurs or SigningKeyOther.
func (w *Wallet) SigningKeyState() (int, error) {
	var v C.int32_t
	err := w.do("zks_wallet_signing_key_state", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_signing_key_state(h, &v)
	})
	return int(v), err
}

func (w *Wallet) hashCall(fn string, args []string, f func(h *C.zks_wallet, c []*C.char, out *C.char) C.zks_status) (string, error) {
	out := make([]byte, (TxHashChars + 1))
	if err := w.do(fn, args, func(h *C.zks_wallet, c []*C.char) C.zks_status { return f(h, c, (*C.char)(ptrc(out))) }); err != nil {
		return "", err
	}
	return goText(out), nil
}

// SetSigningKey sends a ChangePubKey to the wallet's key (auth CpkECDSA,
// CpkOnchain or CpkCreate2), paid in feeToken.
func (w *Wallet) SetSigningKey(auth uint32, feeToken string, fee *big.Int, opts ...CallOption) (string, error) {
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_set_signing_key", []string{feeToken, f}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_set_signing_key(h, C.uint32_t(auth), c[0], c[1], o)
	})
}

// Transfer sends amount of token to `to`; the fee is paid in token.
func (w *Wallet) Transfer(to, token string, amount, fee *big.Int, opts ...CallOption) (string, error) {
	am, err := amountString(amount, "amount")
	if err != nil {
		return "", err
	}
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_transfer", []string{to, token, am, f}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_transfer(h, c[0], c[1], c[2], c[3], o)
	})
}

// BatchTransfer is one transfer of TransferBatch.
type BatchTransfer struct {
	To, Token string
	Amount    *big.Int
}

// TransferBatch sends transfers as one batch with one Ethereum signature; the
// batch fee (totalFee, nil = ask) is paid in feeToken. It returns the hashes
// in batch order (an extra fee transfer last, when one was added).
func (w *Wallet) TransferBatch(transfers []BatchTransfer, feeToken string, totalFee *big.Int, opts ...CallOption) ([]string, error) {
	n := len(transfers)
	args := make([]string, 0, 3*n+2)
	for _, t := range transfers {
		args = append(args, t.To)
	}
	for _, t := range transfers {
		args = append(args, t.Token)
	}
	for _, t := range transfers {
		am, err := amountString(t.Amount, "amount")
		if err != nil {
			return nil, err
		}
		args = append(args, am)
	}
	tf, err := feeArg(totalFee, "total_fee", opts)
	if err != nil {
		return nil, err
	}
	args = append(args, feeToken, tf)
	cap := n + 1
	out := make([]byte, cap*(TxHashChars+1))
	var count C.size_t
	err = w.do("zks_wallet_transfer_batch", args, func(h *C.zks_wallet, c []*C.char) C.zks_status {
		var to, tok, am **C.char
		if n > 0 {
			to, tok, am = &c[0], &c[n], &c[2*n]
		}
		return C.zks_wallet_transfer_batch(h, to, tok, am, C.size_t(n), c[3*n], c[3*n+1], (*C.char)(ptrc(out)), C.size_t(cap), &count)
	})
	if err != nil {
		return nil, err
	}
	res := make([]string, int(count))
	for i := range res {
		res[i] = goText(out[i*(TxHashChars+1) : (i+1)*(TxHashChars+1)])
	}
	return res, nil
}

// Withdraw sends amount of token to the L1 address `to` ("" = own address).
func (w *Wallet) Withdraw(to, token string, amount, fee *big.Int, fast bool, opts ...CallOption) (string, error) {
	am, err := amountString(amount, "amount")
	if err != nil {
		return "", err
	}
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_withdraw", []string{to, token, am, f}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_withdraw(h, c[0], c[1], c[2], c[3], boolInt(fast), o)
	})
}

// ForcedExit withdraws the balance in token of target (an account without a signing key) to L1.
func (w *Wallet) ForcedExit(target, token string, fee *big.Int, opts ...CallOption) (string, error) {
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_forced_exit", []string{target, token, f}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_forced_exit(h, c[0], c[1], c[2], o)
	})
}

// MintNFT mints an NFT with contentHash for recipient ("" = self).
func (w *Wallet) MintNFT(recipient string, contentHash [32]byte, feeToken string, fee *big.Int, opts ...CallOption) (string, error) {
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_mint_nft", []string{recipient, feeToken, f}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_mint_nft(h, c[0], ptr(contentHash[:]), c[1], c[2], o)
	})
}

// TransferNFT sends an NFT to `to` (zksync.js syncTransferNFT): it returns
// the NFT transfer's hash and the fee transfer's hash.
func (w *Wallet) TransferNFT(to string, nftID uint32, feeToken string, fee *big.Int, opts ...CallOption) (string, string, error) {
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", "", err
	}
	a := make([]byte, (TxHashChars + 1))
	b := make([]byte, (TxHashChars + 1))
	err = w.do("zks_wallet_transfer_nft", []string{to, feeToken, f}, func(h *C.zks_wallet, c []*C.char) C.zks_status {
		return C.zks_wallet_transfer_nft(h, c[0], C.uint32_t(nftID), c[1], c[2], (*C.char)(ptrc(a)), (*C.char)(ptrc(b)))
	})
	return goText(a), goText(b), err
}

// WithdrawNFT withdraws an NFT to the L1 address `to` ("" = self).
func (w *Wallet) WithdrawNFT(to string, nftID uint32, feeToken string, fee *big.Int, fast bool, opts ...CallOption) (string, error) {
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_withdraw_nft", []string{to, feeToken, f}, func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
		return C.zks_wallet_withdraw_nft(h, c[0], C.uint32_t(nftID), c[1], c[2], boolInt(fast), o)
	})
}

// SignOrder signs an order for Swap (amount nil or 0: a limit order; recipient "" = self).
func (w *Wallet) SignOrder(recipient, tokenSell, tokenBuy string, ratioSell, ratioBuy, amount *big.Int) (json.RawMessage, error) {
	rs, err := amountString(ratioSell, "ratio_sell")
	if err != nil {
		return nil, err
	}
	rb, err := amountString(ratioBuy, "ratio_buy")
	if err != nil {
		return nil, err
	}
	am, err := amountOrEmpty(amount, "amount")
	if err != nil {
		return nil, err
	}
	var out *C.char
	err = w.do("zks_wallet_sign_order", []string{recipient, tokenSell, tokenBuy, rs, rb, am}, func(h *C.zks_wallet, c []*C.char) C.zks_status {
		return C.zks_wallet_sign_order(h, c[0], c[1], c[2], c[3], c[4], c[5], &out)
	})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(takeString(out)), nil
}

// Swap submits a Swap of two signed orders (amounts nil = the orders' own).
func (w *Wallet) Swap(orderA, orderB json.RawMessage, amountA, amountB *big.Int, feeToken string, fee *big.Int, opts ...CallOption) (string, error) {
	aa, err := amountOrEmpty(amountA, "amount_a")
	if err != nil {
		return "", err
	}
	ab, err := amountOrEmpty(amountB, "amount_b")
	if err != nil {
		return "", err
	}
	f, err := feeArg(fee, "fee", opts)
	if err != nil {
		return "", err
	}
	return w.hashCall("zks_wallet_swap", []string{string(orderA), string(orderB), aa, ab, feeToken, f},
		func(h *C.zks_wallet, c []*C.char, o *C.char) C.zks_status {
			return C.zks_wallet_swap(h, c[0], c[1], c[2], c[3], c[4], c[5], o)
		})
}

// WaitTx waits for a transaction (see Provider.WaitTx); a failed tx gives
// ErrTxFailed with its status still returned.
func (w *Wallet) WaitTx(txHash string, level WaitLevel, timeout time.Duration) (*TxStatus, error) {
	var out C.zks_tx_info
	err := w.do("zks_wallet_wait_tx", []string{txHash}, func(h *C.zks_wallet, c []*C.char) C.zks_status {
		return C.zks_wallet_wait_tx(h, c[0], C.uint32_t(level), ms(timeout), &out)
	})
	return waitResult(&out, err)
}

func (w *Wallet) l1Call(fn string, args []string, f func(h *C.zks_wallet, c []*C.char, out *C.zks_l1_result) C.zks_status) (*L1Result, error) {
	var out C.zks_l1_result
	err := w.do(fn, args, func(h *C.zks_wallet, c []*C.char) C.zks_status { return f(h, c, &out) })
	return l1Result(&out), err
}

// Deposit deposits amount of token from L1 to `to` ("" = self); wait 0 returns after sending.
func (w *Wallet) Deposit(to, token string, amount *big.Int, wait time.Duration) (*L1Result, error) {
	am, err := amountString(amount, "amount")
	if err != nil {
		return nil, err
	}
	return w.l1Call("zks_wallet_deposit", []string{to, token, am}, func(h *C.zks_wallet, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_wallet_deposit(h, c[0], c[1], c[2], ms(wait), o)
	})
}

// FullExit requests a full exit of the account in token (an NFT id uses requestFullExitNFT).
func (w *Wallet) FullExit(token string, wait time.Duration) (*L1Result, error) {
	return w.l1Call("zks_wallet_full_exit", []string{token}, func(h *C.zks_wallet, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_wallet_full_exit(h, c[0], ms(wait), o)
	})
}

// WithdrawPendingBalance withdraws the pending L1 balance of token (amount nil = all).
func (w *Wallet) WithdrawPendingBalance(token string, amount *big.Int, wait time.Duration) (*L1Result, error) {
	am, err := amountOrEmpty(amount, "amount")
	if err != nil {
		return nil, err
	}
	return w.l1Call("zks_wallet_withdraw_pending_balance", []string{token, am}, func(h *C.zks_wallet, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_wallet_withdraw_pending_balance(h, c[0], c[1], ms(wait), o)
	})
}

// WaitEthOp waits for a priority operation (deposit, full exit) by serial id.
func (w *Wallet) WaitEthOp(serialID uint64, level WaitLevel, timeout time.Duration) (*TxStatus, error) {
	var out C.zks_tx_info
	err := w.do("zks_wallet_wait_ethop", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		return C.zks_wallet_wait_ethop(h, C.uint64_t(serialID), C.uint32_t(level), ms(timeout), &out)
	})
	return waitResult(&out, err)
}
