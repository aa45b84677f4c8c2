package zksync

/*
#include <stdlib.h>
#include <zksync.h>
*/
import "C"

import (
	"encoding/json"
	"math/big"
	"runtime"
	"sync"
	"time"
)

// WaitLevel selects how final a transaction must be for WaitTx / WaitEthOp.
type WaitLevel uint32

// Wait levels.
const (
	Committed WaitLevel = C.ZKS_WAIT_COMMITTED
	Verified  WaitLevel = C.ZKS_WAIT_VERIFIED
)

func ms(d time.Duration) C.uint32_t {
	if d <= 0 {
		return 0
	}
	v := d / time.Millisecond
	if v > 1<<32-1 {
		v = 1<<32 - 1
	}
	return C.uint32_t(v)
}

// rpcObject is what Provider and EthRPC share: the lock, and the objects
// (wallets, L1 layers) that borrow the client and are closed before it.
type rpcObject struct {
	mu        sync.Mutex
	closed    bool
	bmu       sync.Mutex
	borrowers map[interface{ Close() error }]struct{}
}

func (o *rpcObject) lend(b interface{ Close() error }) {
	o.bmu.Lock()
	if o.borrowers == nil {
		o.borrowers = map[interface{ Close() error }]struct{}{}
	}
	o.borrowers[b] = struct{}{}
	o.bmu.Unlock()
}

func (o *rpcObject) unlend(b interface{ Close() error }) {
	o.bmu.Lock()
	delete(o.borrowers, b)
	o.bmu.Unlock()
}

// closeBorrowers closes every object that borrows this client (before it is freed).
func (o *rpcObject) closeBorrowers() {
	o.bmu.Lock()
	bs := make([]interface{ Close() error }, 0, len(o.borrowers))
	for b := range o.borrowers {
		bs = append(bs, b)
	}
	o.bmu.Unlock()
	for _, b := range bs {
		b.Close()
	}
}

func (o *rpcObject) open() error {
	if o.closed {
		return newError(StatusState, "object is closed")
	}
	return nil
}

// Provider is a zkSync Lite JSON-RPC v0.1 client (zks_provider). Its methods
// take a lock, so one Provider may be shared by goroutines (calls are serialised).
type Provider struct {
	rpcObject
	h *C.zks_provider
}

// NewProvider creates a client for url, e.g. "http://127.0.0.1:3030/jsrpc".
// No network traffic happens here. Close it when done.
func NewProvider(url string) (*Provider, error) {
	cs, err := cstring(url, "url")
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	var h *C.zks_provider
	if err := check(st(C.zks_provider_new(cs, &h)), "zks_provider_new"); err != nil {
		return nil, err
	}
	p := &Provider{h: h}
	runtime.SetFinalizer(p, (*Provider).Close)
	return p, nil
}

// Close frees the provider, after closing the wallets that borrow it. It is idempotent.
func (p *Provider) Close() error {
	p.closeBorrowers()
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		C.zks_provider_free(p.h)
		p.h = nil
		runtime.SetFinalizer(p, nil)
	}
	return nil
}

// err turns a status into an *Error with the server code and message; p.mu is held.
func (p *Provider) err(s C.zks_status, fn string) error {
	if s == C.ZKS_OK {
		return nil
	}
	var code C.int64_t
	C.zks_provider_last_error(p.h, &code)
	e := newError(Status(s), C.GoString(C.zks_provider_errmsg(p.h)))
	e.ServerCode = int64(code)
	if e.Detail == "" {
		e.Detail = fn
	}
	return e
}

// do runs f under the lock with the handle and C strings for args.
func (p *Provider) do(fn string, args []string, f func(h *C.zks_provider, cs []*C.char) C.zks_status) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.open(); err != nil {
		return err
	}
	var a arena
	defer a.free()
	cs := make([]*C.char, len(args))
	for i, s := range args {
		var err error
		if cs[i], err = a.str(s, fn); err != nil {
			return err
		}
	}
	return p.err(f(p.h, cs), fn)
}

// SetTimeouts sets the connect timeout and total, the deadline of one public
// call, at millisecond resolution (0 keeps the current value; defaults 10 s and
// 30 s). Every HTTP exchange, retry, back-off and Retry-After wait of a call fits
// in total: it returns (ErrTimeout at worst) within total + RPCDeadlineSlackMs
// (250 ms). The Wait* methods use their own timeout as the deadline and cap each
// poll at total.
func (p *Provider) SetTimeouts(connect, total time.Duration) error {
	return p.do("zks_provider_set_timeouts", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_set_timeouts(h, ms(connect), ms(total))
	})
}

// SetEnvProxy with true takes proxies from the environment (http_proxy,
// https_proxy, all_proxy, no_proxy, as libcurl reads them). Default false: no
// proxy whatever the environment says, so a stray http_proxy cannot redirect
// (and read) the traffic.
func (p *Provider) SetEnvProxy(enable bool) error {
	var v C.int32_t
	if enable {
		v = 1
	}
	return p.do("zks_provider_set_env_proxy", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_set_env_proxy(h, v)
	})
}

// SetMaxResponse sets the largest accepted response body (at least 1024 bytes).
func (p *Provider) SetMaxResponse(maxBytes int) error {
	return p.do("zks_provider_set_max_response", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_set_max_response(h, C.size_t(maxBytes))
	})
}

// SetUserAgent sets the HTTP User-Agent ("" sends none).
func (p *Provider) SetUserAgent(ua string) error {
	return p.do("zks_provider_set_user_agent", []string{ua}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_set_user_agent(h, c[0])
	})
}

// SetRetries sets how often a failed read is retried and the first back-off delay.
func (p *Provider) SetRetries(retries int, backoff time.Duration) error {
	return p.do("zks_provider_set_retries", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_set_retries(h, C.uint32_t(retries), ms(backoff))
	})
}

// LastError returns the status, server code and message of the last call.
func (p *Provider) LastError() (Status, int64, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return StatusState, 0, "closed"
	}
	var code C.int64_t
	s := C.zks_provider_last_error(p.h, &code)
	return Status(s), int64(code), C.GoString(C.zks_provider_errmsg(p.h))
}

// LastErrorData returns the "data" member of the last JSON-RPC error as text
// ("" when the server sent none), e.g. with code 300.
func (p *Provider) LastErrorData() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ""
	}
	return C.GoString(C.zks_provider_errdata(p.h))
}

func jsonArg(v interface{}) (string, bool, error) {
	switch x := v.(type) {
	case nil:
		return "", false, nil
	case json.RawMessage:
		return string(x), true, nil
	case []byte:
		return string(x), true, nil
	case string:
		return x, true, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false, newError(StatusJSON, err.Error())
	}
	return string(b), true, nil
}

// optStr returns NULL for "" and the C string otherwise (freed by a).
func (a *arena) optStr(s string, name string) (*C.char, error) {
	if s == "" {
		return nil, nil
	}
	return a.str(s, name)
}

// optStrs converts args with optStr (one C string each, nil for "").
func (a *arena) optStrs(args []string, name string) ([]*C.char, error) {
	cs := make([]*C.char, len(args))
	for i, s := range args {
		var err error
		if cs[i], err = a.optStr(s, name); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// Call is a raw JSON-RPC call: params is any JSON-able value (json.RawMessage
// is sent as it is; nil sends null). It returns the "result" member.
func (p *Provider) Call(method string, params interface{}, idempotent bool) (json.RawMessage, error) {
	ps, has, err := jsonArg(params)
	if err != nil {
		return nil, err
	}
	var out *C.char
	err = p.do("zks_provider_call_json", []string{method, ps}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		pp := c[1]
		if !has {
			pp = nil
		}
		return C.zks_provider_call_json(h, c[0], pp, boolInt(idempotent), &out)
	})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(takeString(out)), nil
}

func boolInt(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

// TxStatus is the result of tx_info / ethop_info.
type TxStatus struct {
	Executed   bool
	Success    *bool      // nil while not executed
	Block      *BlockInfo // nil while not in a block
	FailReason string
}

// BlockInfo is the block part of a TxStatus.
type BlockInfo struct {
	Number              uint64
	Committed, Verified bool
}

func txStatus(t *C.zks_tx_info) *TxStatus {
	r := &TxStatus{Executed: t.executed != 0, FailReason: C.GoString(&t.fail_reason[0])}
	if t.success >= 0 {
		b := t.success != 0
		r.Success = &b
	}
	if t.has_block != 0 {
		r.Block = &BlockInfo{Number: uint64(t.block_number), Committed: t.committed != 0, Verified: t.verified != 0}
	}
	return r
}

// NFT is an NFT as the server describes it.
type NFT struct {
	ID, CreatorID, SerialID                  uint32
	ContentHash, CreatorAddress, Address     string
	Symbol, CurrentFactory, WithdrawnFactory string
}

func nftOf(n *C.zks_nft) NFT {
	return NFT{ID: uint32(n.id), CreatorID: uint32(n.creator_id), SerialID: uint32(n.serial_id),
		ContentHash: C.GoString(&n.content_hash[0]), CreatorAddress: C.GoString(&n.creator_address[0]),
		Address: C.GoString(&n.address[0]), Symbol: C.GoString(&n.symbol[0]),
		CurrentFactory: C.GoString(&n.current_factory[0]), WithdrawnFactory: C.GoString(&n.withdrawn_factory[0])}
}

// Token is one token of the server's token list.
type Token struct {
	ID, Decimals          uint32
	IsNFT                 bool
	Address, Symbol, Kind string
}

func tokenOf(t *C.zks_token) Token {
	return Token{ID: uint32(t.id), Decimals: uint32(t.decimals), IsNFT: t.is_nft != 0,
		Address: C.GoString(&t.address[0]), Symbol: C.GoString(&t.symbol[0]), Kind: C.GoString(&t.kind[0])}
}

// AccountSide is the committed or verified state of an account.
type AccountSide struct {
	Nonce      uint32
	PubKeyHash string
	Balances   map[string]*big.Int // by token symbol
	NFTs       []NFT
	MintedNFTs []NFT
}

// Deposit is a pending deposit of an account.
type Deposit struct {
	Symbol              string
	Amount              *big.Int
	ExpectedAcceptBlock uint64
}

// AccountState is the result of account_info.
type AccountState struct {
	Address     string
	ID          *uint32 // nil: the account does not exist yet
	AccountType string
	Committed   AccountSide
	Verified    AccountSide
	Depositing  []Deposit
	Raw         json.RawMessage // the server's result as it came
}

// Balance returns the balance of symbol (case-insensitive) in side, 0 when absent.
func (s *AccountSide) Balance(symbol string) *big.Int {
	for k, v := range s.Balances {
		if equalFold(k, symbol) {
			return new(big.Int).Set(v)
		}
	}
	return new(big.Int)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 32
		}
		if 'A' <= y && y <= 'Z' {
			y += 32
		}
		if x != y {
			return false
		}
	}
	return true
}

func accountOf(h *C.zks_account) (*AccountState, error) {
	var info C.zks_account_info
	if err := check(st(C.zks_account_get_info(h, &info)), "zks_account_get_info"); err != nil {
		return nil, err
	}
	r := &AccountState{Address: C.GoString(&info.address[0]), AccountType: C.GoString(&info.account_type[0])}
	if info.has_id != 0 {
		id := uint32(info.id)
		r.ID = &id
	}
	sym := make([]byte, SymbolChars+1)
	amt := make([]byte, AmountChars+1)
	for _, side := range []struct {
		which C.uint32_t
		dst   *AccountSide
		nonce C.uint32_t
		pkh   *C.char
	}{
		{C.ZKS_ACCOUNT_COMMITTED, &r.Committed, info.committed_nonce, &info.committed_pub_key_hash[0]},
		{C.ZKS_ACCOUNT_VERIFIED, &r.Verified, info.verified_nonce, &info.verified_pub_key_hash[0]},
	} {
		side.dst.Nonce, side.dst.PubKeyHash = uint32(side.nonce), C.GoString(side.pkh)
		side.dst.Balances = map[string]*big.Int{}
		for i := C.size_t(0); i < C.zks_account_balance_count(h, side.which); i++ {
			if err := check(st(C.zks_account_balance_at(h, side.which, i, (*C.char)(ptrc(sym)), (*C.char)(ptrc(amt)))),
				"zks_account_balance_at"); err != nil {
				return nil, err
			}
			v, _ := new(big.Int).SetString(goText(amt), 10)
			side.dst.Balances[goText(sym)] = v
		}
		for minted := C.int32_t(0); minted < 2; minted++ {
			for i := C.size_t(0); i < C.zks_account_nft_count(h, side.which, minted); i++ {
				var n C.zks_nft
				if err := check(st(C.zks_account_nft_at(h, side.which, minted, i, &n)), "zks_account_nft_at"); err != nil {
					return nil, err
				}
				if minted == 0 {
					side.dst.NFTs = append(side.dst.NFTs, nftOf(&n))
				} else {
					side.dst.MintedNFTs = append(side.dst.MintedNFTs, nftOf(&n))
				}
			}
		}
	}
	for i := C.size_t(0); i < C.zks_account_depositing_count(h); i++ {
		var blk C.uint64_t
		if err := check(st(C.zks_account_depositing_at(h, i, (*C.char)(ptrc(sym)), (*C.char)(ptrc(amt)), &blk)),
			"zks_account_depositing_at"); err != nil {
			return nil, err
		}
		v, _ := new(big.Int).SetString(goText(amt), 10)
		r.Depositing = append(r.Depositing, Deposit{Symbol: goText(sym), Amount: v, ExpectedAcceptBlock: uint64(blk)})
	}
	var js *C.char
	if err := check(st(C.zks_account_json(h, &js)), "zks_account_json"); err != nil {
		return nil, err
	}
	r.Raw = json.RawMessage(takeString(js))
	return r, nil
}

// AccountInfo returns the state of an account ("0x" address).
func (p *Provider) AccountInfo(address string) (*AccountState, error) {
	var h *C.zks_account
	err := p.do("zks_provider_account_info", []string{address}, func(ph *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_account_info(ph, c[0], &h)
	})
	if err != nil {
		return nil, err
	}
	defer C.zks_account_free(h)
	return accountOf(h)
}

// EthOpInfo returns the state of a priority operation.
func (p *Provider) EthOpInfo(serialID uint64) (*TxStatus, error) {
	var out C.zks_tx_info
	err := p.do("zks_provider_ethop_info", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_ethop_info(h, C.uint64_t(serialID), &out)
	})
	if err != nil {
		return nil, err
	}
	return txStatus(&out), nil
}

// TxInfo returns the state of a transaction ("sync-tx:..." or "0x..." hash).
func (p *Provider) TxInfo(txHash string) (*TxStatus, error) {
	var out C.zks_tx_info
	err := p.do("zks_provider_tx_info", []string{txHash}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_tx_info(h, c[0], &out)
	})
	if err != nil {
		return nil, err
	}
	return txStatus(&out), nil
}

// SubmitTx sends a signed transaction (tx_submit). ethSignature is nil, a
// JSON TxEthSignature (json.RawMessage or any JSON-able value), or 65 raw
// signature bytes. expectedHash enables the safe retry ("" disables it).
func (p *Provider) SubmitTx(tx json.RawMessage, ethSignature interface{}, fast bool, expectedHash string) (string, error) {
	sig, hasSig, err := ethSigArg(ethSignature)
	if err != nil {
		return "", err
	}
	out := make([]byte, TxHashChars+1)
	err = p.do("zks_provider_tx_submit", []string{string(tx), sig, expectedHash}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		s, e := c[1], c[2]
		if !hasSig {
			s = nil
		}
		if expectedHash == "" {
			e = nil
		}
		return C.zks_provider_tx_submit(h, c[0], s, boolInt(fast), e, (*C.char)(ptrc(out)))
	})
	if err != nil {
		return "", err
	}
	return goText(out), nil
}

// Submit sends a SignedTx with the safe retry on its hash.
func (p *Provider) Submit(st *SignedTx, ethSignature interface{}, fast bool) (string, error) {
	return p.SubmitTx(st.Tx, ethSignature, fast, st.TxHash)
}

func ethSigArg(v interface{}) (string, bool, error) {
	if b, ok := v.([]byte); ok && len(b) == EthSignatureBytes {
		return "0x" + hexString(b), true, nil
	}
	return jsonArg(v)
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

// SubmitTxsBatch sends a batch (submit_txs_batch): txs are {"tx","signature"}
// objects or bare signed txs; ethSignatures as SubmitTx's; expectedHashes
// (nil or one per tx) enable the safe retry. It returns the tx hashes.
func (p *Provider) SubmitTxsBatch(txs []json.RawMessage, ethSignatures interface{}, expectedHashes []string) ([]string, error) {
	arr, err := json.Marshal(txs)
	if err != nil {
		return nil, newError(StatusJSON, err.Error())
	}
	sig, hasSig, err := ethSigArg(ethSignatures)
	if err != nil {
		return nil, err
	}
	n := len(txs)
	if n == 0 {
		n = 1
	}
	w := TxHashChars + 1
	out := make([]byte, w*n)
	var count C.size_t
	err = p.do("zks_provider_submit_txs_batch", append([]string{string(arr), sig}, expectedHashes...),
		func(h *C.zks_provider, c []*C.char) C.zks_status {
			s := c[1]
			if !hasSig {
				s = nil
			}
			var eh **C.char
			if len(expectedHashes) > 0 {
				eh = &c[2]
			}
			return C.zks_provider_submit_txs_batch(h, c[0], s, eh, C.size_t(len(expectedHashes)),
				(*C.char)(ptrc(out)), C.size_t(n), &count)
		})
	if err != nil {
		return nil, err
	}
	res := make([]string, int(count))
	for i := range res {
		res[i] = goText(out[i*w : (i+1)*w])
	}
	return res, nil
}

// ContractAddress returns the main and governance contract addresses.
func (p *Provider) ContractAddress() (mainContract, govContract string, err error) {
	var out C.zks_contract_address
	err = p.do("zks_provider_contract_address", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_contract_address(h, &out)
	})
	if err != nil {
		return "", "", err
	}
	return C.GoString(&out.main_contract[0]), C.GoString(&out.gov_contract[0]), nil
}

// Tokens returns every token sorted by id (and refreshes the token cache).
func (p *Provider) Tokens() ([]Token, error) {
	var l *C.zks_token_list
	err := p.do("zks_provider_tokens", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_tokens(h, &l)
	})
	if err != nil {
		return nil, err
	}
	defer C.zks_token_list_free(l)
	n := C.zks_token_list_count(l)
	res := make([]Token, 0, int(n))
	for i := C.size_t(0); i < n; i++ {
		var t C.zks_token
		if err := check(st(C.zks_token_list_get(l, i, &t)), "zks_token_list_get"); err != nil {
			return nil, err
		}
		res = append(res, tokenOf(&t))
	}
	return res, nil
}

// Fee is the result of get_tx_fee.
type Fee struct {
	FeeType                                         string
	GasTxAmount, GasPriceWei, GasFee, ZkpFee, Total *big.Int
}

func bigText(p *C.char) *big.Int {
	v, ok := new(big.Int).SetString(C.GoString(p), 10)
	if !ok {
		return new(big.Int)
	}
	return v
}

// GetTxFee asks the fee of a transaction type ("Transfer", "Withdraw",
// "ChangePubKey:ECDSA", ...) for address, paid in token (id, address or symbol).
func (p *Provider) GetTxFee(txType, address, token string) (*Fee, error) {
	var out C.zks_fee
	err := p.do("zks_provider_get_tx_fee", []string{txType, address, token}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_get_tx_fee(h, c[0], c[1], c[2], &out)
	})
	if err != nil {
		return nil, err
	}
	return &Fee{FeeType: C.GoString(&out.fee_type[0]), GasTxAmount: bigText(&out.gas_tx_amount[0]),
		GasPriceWei: bigText(&out.gas_price_wei[0]), GasFee: bigText(&out.gas_fee[0]),
		ZkpFee: bigText(&out.zkp_fee[0]), Total: bigText(&out.total_fee[0])}, nil
}

// GetTxsBatchFeeInWei asks the total fee of a batch (one address per tx type).
func (p *Provider) GetTxsBatchFeeInWei(txTypes, addresses []string, token string) (*big.Int, error) {
	if len(txTypes) != len(addresses) {
		return nil, newError(StatusInvalidArg, "txTypes and addresses differ in length")
	}
	n := len(txTypes)
	args := append(append(append([]string{}, txTypes...), addresses...), token)
	out := make([]byte, AmountChars+1)
	err := p.do("zks_provider_get_txs_batch_fee_in_wei", args, func(h *C.zks_provider, c []*C.char) C.zks_status {
		var tp, ap **C.char
		if n > 0 {
			tp, ap = &c[0], &c[n]
		}
		return C.zks_provider_get_txs_batch_fee_in_wei(h, tp, ap, C.size_t(n), c[2*n], (*C.char)(ptrc(out)))
	})
	if err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

func (p *Provider) strCall(fn string, args []string, size int, f func(h *C.zks_provider, c []*C.char, out *C.char) C.zks_status) (string, error) {
	out := make([]byte, size)
	err := p.do(fn, args, func(h *C.zks_provider, c []*C.char) C.zks_status { return f(h, c, (*C.char)(ptrc(out))) })
	if err != nil {
		return "", err
	}
	return goText(out), nil
}

// GetTokenPrice returns the USD price of token as exact decimal text (the server's
// 100-digit fraction without its trailing zeros).
func (p *Provider) GetTokenPrice(token string) (string, error) {
	return p.strCall("zks_provider_get_token_price", []string{token}, RPCPriceChars+1,
		func(h *C.zks_provider, c []*C.char, o *C.char) C.zks_status {
			return C.zks_provider_get_token_price(h, c[0], o)
		})
}

// GetConfirmationsForEthOpAmount returns the L1 confirmations the server waits for.
func (p *Provider) GetConfirmationsForEthOpAmount() (uint64, error) {
	var v C.uint64_t
	err := p.do("zks_provider_get_confirmations_for_eth_op_amount", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_get_confirmations_for_eth_op_amount(h, &v)
	})
	return uint64(v), err
}

// GetEthTxForWithdrawal returns the L1 hash of a withdrawal (ErrNotFound while it is not on L1).
func (p *Provider) GetEthTxForWithdrawal(txHash string) (string, error) {
	return p.strCall("zks_provider_get_eth_tx_for_withdrawal", []string{txHash}, HashHexChars+1,
		func(h *C.zks_provider, c []*C.char, o *C.char) C.zks_status {
			return C.zks_provider_get_eth_tx_for_withdrawal(h, c[0], o)
		})
}

// GetZksyncVersion returns the server's version, e.g. "contracts-6".
func (p *Provider) GetZksyncVersion() (string, error) {
	return p.strCall("zks_provider_get_zksync_version", nil, RPCShortChars+1,
		func(h *C.zks_provider, _ []*C.char, o *C.char) C.zks_status {
			return C.zks_provider_get_zksync_version(h, o)
		})
}

// GetNFT returns an NFT (ErrNotFound when unknown).
func (p *Provider) GetNFT(tokenID uint32) (*NFT, error) {
	var out C.zks_nft
	err := p.do("zks_provider_get_nft", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_get_nft(h, C.uint32_t(tokenID), &out)
	})
	if err != nil {
		return nil, err
	}
	n := nftOf(&out)
	return &n, nil
}

// GetNFTOwner returns the account id owning an NFT (ErrNotFound when unknown).
func (p *Provider) GetNFTOwner(tokenID uint32) (uint32, error) {
	var v C.uint32_t
	err := p.do("zks_provider_get_nft_owner", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_get_nft_owner(h, C.uint32_t(tokenID), &v)
	})
	return uint32(v), err
}

// GetNFTIDByTxHash returns the NFT id a MintNFT created (ErrNotFound when unknown).
func (p *Provider) GetNFTIDByTxHash(txHash string) (uint32, error) {
	var v C.uint32_t
	err := p.do("zks_provider_get_nft_id_by_tx_hash", []string{txHash}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_get_nft_id_by_tx_hash(h, c[0], &v)
	})
	return uint32(v), err
}

// Toggle2FA sends a signed Toggle2FA request (any JSON-able value).
func (p *Provider) Toggle2FA(request interface{}) error {
	rq, _, err := jsonArg(request)
	if err != nil {
		return err
	}
	return p.do("zks_provider_toggle_2fa", []string{rq}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_toggle_2fa(h, c[0])
	})
}

// WaitTx polls tx_info until the tx's block is committed or verified, or
// timeout passes (poll 0 = 1 s). A failed tx gives ErrTxFailed with the
// status (and its fail reason as the error's Detail) still returned.
func (p *Provider) WaitTx(txHash string, level WaitLevel, timeout, poll time.Duration) (*TxStatus, error) {
	var out C.zks_tx_info
	err := p.do("zks_provider_wait_tx", []string{txHash}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_wait_tx(h, c[0], C.uint32_t(level), ms(timeout), ms(poll), &out)
	})
	return waitResult(&out, err)
}

// WaitEthOp is WaitTx for a priority operation.
func (p *Provider) WaitEthOp(serialID uint64, level WaitLevel, timeout, poll time.Duration) (*TxStatus, error) {
	var out C.zks_tx_info
	err := p.do("zks_provider_wait_ethop", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_wait_ethop(h, C.uint64_t(serialID), C.uint32_t(level), ms(timeout), ms(poll), &out)
	})
	return waitResult(&out, err)
}

func waitResult(out *C.zks_tx_info, err error) (*TxStatus, error) {
	if err == nil {
		return txStatus(out), nil
	}
	if e, ok := err.(*Error); ok && e.Status == StatusTxFailed {
		s := txStatus(out)
		if s.FailReason != "" {
			e.Detail = s.FailReason
		}
		return s, e
	}
	return nil, err
}

// ResolveToken finds a token by id, address or symbol (case-insensitive) through the cache.
func (p *Provider) ResolveToken(token string) (*Token, error) {
	var out C.zks_token
	err := p.do("zks_provider_resolve_token", []string{token}, func(h *C.zks_provider, c []*C.char) C.zks_status {
		return C.zks_provider_resolve_token(h, c[0], &out)
	})
	if err != nil {
		return nil, err
	}
	t := tokenOf(&out)
	return &t, nil
}

// RefreshTokens drops the token cache and fetches the token list again.
func (p *Provider) RefreshTokens() error {
	return p.do("zks_provider_refresh_tokens", nil, func(h *C.zks_provider, _ []*C.char) C.zks_status {
		return C.zks_provider_refresh_tokens(h)
	})
}
