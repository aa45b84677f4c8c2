package zksync

/*
#include <stdlib.h>
#include <string.h>
#include <zksync.h>
*/
import "C"

import (
	"math/big"
	"time"
	"unsafe"
)

// After the zkSync Lite shutdown (docs/exit-tools.md): the sunset state of the
// main contract on L1, claims on the claim distributor and pending balances.
// Everything but ClaimsSend is read-only and needs only an EthRPC.

// The local devnet's claim functions (the mainnet distributor's ABI is not
// public). Other ABIs are given with parameter names from index, account,
// token, amount, proof, e.g. "claim(uint256 index,uint256 amount,bytes32[] proof)".
const (
	DevnetClaimFunction     = C.ZKS_L1_DEVNET_CLAIM_FUNCTION
	DevnetIsClaimedFunction = C.ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION
)

// Claim states (ClaimResult.State).
const (
	ClaimFailed    = C.ZKS_L1_CLAIM_FAILED
	ClaimClaimable = C.ZKS_L1_CLAIM_CLAIMABLE
	ClaimClaimed   = C.ZKS_L1_CLAIM_CLAIMED
	ClaimAlready   = C.ZKS_L1_CLAIM_ALREADY
	ClaimPending   = C.ZKS_L1_CLAIM_PENDING
)

// NetworkState is zks_l1_network_state. ExodusMode and DepositsPaused are -1
// when the contract has no such function.
type NetworkState struct {
	ExodusMode, DepositsPaused int32
	ClaimDistributor           string // "" if none
	ClaimDistributorBlock      uint64
	ClaimRootSetCount          uint64
	ClaimRoot, MerkleRoot      []byte // nil if not found / not readable
	ClaimRootBlock             uint64
	RootsMatch                 bool
	TotalBlocksExecuted        uint32
	StoredBlockHash            []byte
	ExodusBlock                uint64
	DepositsPauseBlock         uint64
	MigratedTokens             []string
	MigratedTokenCount         uint64
	ScanFromBlock, ScanToBlock uint64
	ScanRequests               uint64
}

// ScanOptions are the log-scan options; zero values are the defaults (from
// block 0 (mainnet: give the deployment block), to the latest, 10000 blocks per request).
type ScanOptions struct {
	FromBlock, ToBlock, ChunkBlocks uint64
}

const migratedShown = 4096

// NetworkState reads the sunset state of the main contract (zks_l1_get_network_state).
func (e *EthRPC) NetworkState(contract string, opts ScanOptions) (*NetworkState, error) {
	var s C.zks_l1_network_state
	s.struct_size = C.sizeof_zks_l1_network_state
	var o C.zks_l1_scan_options
	o.struct_size = C.sizeof_zks_l1_scan_options
	o.from_block, o.to_block, o.chunk_blocks = C.uint64_t(opts.FromBlock), C.uint64_t(opts.ToBlock), C.uint64_t(opts.ChunkBlocks)
	const w = C.ZKS_ETH_ADDRESS_CHARS + 1
	buf := C.calloc(migratedShown, w)
	if buf == nil {
		return nil, newError(StatusNoMem, "zks_l1_get_network_state")
	}
	defer C.free(buf)
	err := e.do("zks_l1_get_network_state", []string{contract}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_l1_get_network_state(h, c[0], &o, &s, (*C.char)(buf), migratedShown)
	})
	if err != nil {
		return nil, err
	}
	r := &NetworkState{ExodusMode: int32(s.exodus_mode), DepositsPaused: int32(s.deposits_paused),
		ClaimDistributorBlock: uint64(s.claim_distributor_block), ClaimRootSetCount: uint64(s.claim_root_set_count),
		ClaimRootBlock: uint64(s.claim_root_block), RootsMatch: s.roots_match != 0,
		TotalBlocksExecuted: uint32(s.total_blocks_executed),
		StoredBlockHash:     C.GoBytes(unsafe.Pointer(&s.stored_block_hash[0]), 32),
		ExodusBlock:         uint64(s.exodus_block), DepositsPauseBlock: uint64(s.deposits_pause_block),
		MigratedTokenCount: uint64(s.migrated_token_count), ScanFromBlock: uint64(s.scan_from_block),
		ScanToBlock: uint64(s.scan_to_block), ScanRequests: uint64(s.scan_requests)}
	if s.has_claim_distributor != 0 {
		r.ClaimDistributor = C.GoString(&s.claim_distributor[0])
	}
	if s.has_claim_root != 0 {
		r.ClaimRoot = C.GoBytes(unsafe.Pointer(&s.claim_root[0]), 32)
	}
	if s.has_merkle_root != 0 {
		r.MerkleRoot = C.GoBytes(unsafe.Pointer(&s.merkle_root[0]), 32)
	}
	for i := uint64(0); i < r.MigratedTokenCount && i < migratedShown; i++ {
		r.MigratedTokens = append(r.MigratedTokens, C.GoString((*C.char)(unsafe.Add(buf, uintptr(i)*w))))
	}
	return r, nil
}

// tokenArray builds a C array of token address strings in a.
func tokenArray(a *arena, tokens []string) (**C.char, error) {
	n := len(tokens)
	if n == 0 {
		n = 1
	}
	arr := (*[1 << 20]*C.char)(a.alloc(uintptr(n) * unsafe.Sizeof((*C.char)(nil))))
	for i, t := range tokens {
		cs, err := a.str(t, "token")
		if err != nil {
			return nil, err
		}
		arr[i] = cs
	}
	return &arr[0], nil
}

// TokensMigrated asks isTokenMigrated for each token: 1 / 0, -1 when the contract has no such function.
func (e *EthRPC) TokensMigrated(contract string, tokens []string) ([]int32, error) {
	var a arena
	defer a.free()
	arr, err := tokenArray(&a, tokens)
	if err != nil {
		return nil, err
	}
	out := make([]int32, len(tokens)+1)
	err = e.do("zks_l1_tokens_migrated", []string{contract}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_l1_tokens_migrated(h, c[0], arr, C.size_t(len(tokens)), (*C.int32_t)(unsafe.Pointer(&out[0])))
	})
	if err != nil {
		return nil, err
	}
	return out[:len(tokens)], nil
}

// PendingBalance is one getPendingBalance answer; Migrated 1 means withdrawing
// it fails (StatusTokenMigrated): claim it instead.
type PendingBalance struct {
	Token    string
	Amount   *big.Int
	Migrated int32
}

// PendingBalances reads getPendingBalance(owner, token) and isTokenMigrated for each token.
func (e *EthRPC) PendingBalances(contract, owner string, tokens []string) ([]PendingBalance, error) {
	var a arena
	defer a.free()
	arr, err := tokenArray(&a, tokens)
	if err != nil {
		return nil, err
	}
	const w = C.ZKS_AMOUNT_CHARS + 1
	n := len(tokens)
	amounts := a.alloc(uintptr(n+1) * w)
	mig := make([]int32, n+1)
	err = e.do("zks_l1_pending_balances", []string{contract, owner}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_l1_pending_balances(h, c[0], c[1], arr, C.size_t(n), (*C.char)(amounts),
			(*C.int32_t)(unsafe.Pointer(&mig[0])))
	})
	if err != nil {
		return nil, err
	}
	res := make([]PendingBalance, n)
	for i := range res {
		v, _ := new(big.Int).SetString(C.GoString((*C.char)(unsafe.Add(amounts, uintptr(i)*w))), 10)
		res[i] = PendingBalance{Token: tokens[i], Amount: v, Migrated: mig[i]}
	}
	return res, nil
}

// Claim is one leaf to claim. Prev* is an earlier attempt of the same sender
// (from its ClaimResult, see Retry): then no second transaction is signed.
type Claim struct {
	Index          uint64
	Account, Token string
	Amount         *big.Int
	Proof          [][]byte // 32-byte siblings, leaf level first
	PrevTxHash     string
	PrevNonce      uint64
	PrevRaw        []byte
}

// ClaimResult is the outcome of one leaf.
type ClaimResult struct {
	State       int32  // ClaimFailed, ClaimClaimable, ClaimClaimed, ClaimAlready, ClaimPending
	Status      Status // the leaf's status
	TxHash      string
	Nonce       uint64
	BlockNumber uint64
	GasUsed     uint64
	Reason      string
	Raw         []byte // the signed tx: keep it while pending
}

// Retry is the claim to give again after a pending or unknown outcome.
func (r *ClaimResult) Retry(c Claim) Claim {
	c.PrevTxHash, c.PrevNonce, c.PrevRaw = r.TxHash, r.Nonce, append([]byte(nil), r.Raw...)
	return c
}

func claimsToC(a *arena, claims []Claim) (*C.zks_l1_claim, error) {
	arr := (*[1 << 20]C.zks_l1_claim)(a.alloc(uintptr(len(claims)+1) * C.sizeof_zks_l1_claim))
	copyStr := func(dst *C.char, cap int, s, name string) error {
		if len(s) >= cap {
			return newError(StatusInvalidArg, name+" is too long")
		}
		cs, err := a.str(s, name)
		if err != nil {
			return err
		}
		C.strncpy(dst, cs, C.size_t(cap-1))
		return nil
	}
	for i, c := range claims {
		x := &arr[i]
		x.index = C.uint64_t(c.Index)
		if err := copyStr(&x.account[0], len(x.account), c.Account, "account"); err != nil {
			return nil, err
		}
		if err := copyStr(&x.token[0], len(x.token), c.Token, "token"); err != nil {
			return nil, err
		}
		if c.Amount == nil || c.Amount.Sign() < 0 {
			return nil, newError(StatusInvalidAmount, "amount")
		}
		if err := copyStr(&x.amount[0], len(x.amount), c.Amount.String(), "amount"); err != nil {
			return nil, err
		}
		if len(c.Proof) > 0 {
			p := a.alloc(uintptr(len(c.Proof)) * 32)
			for k, s := range c.Proof {
				if len(s) != 32 {
					return nil, newError(StatusInvalidLength, "proof siblings must be 32 bytes")
				}
				C.memcpy(unsafe.Add(p, k*32), unsafe.Pointer(&s[0]), 32)
			}
			x.proof, x.proof_len = (*C.uint8_t)(p), C.size_t(len(c.Proof))
		}
		if err := copyStr(&x.prev_tx_hash[0], len(x.prev_tx_hash), c.PrevTxHash, "prev_tx_hash"); err != nil {
			return nil, err
		}
		x.prev_nonce = C.uint64_t(c.PrevNonce)
		if len(c.PrevRaw) > 0 {
			p := a.alloc(uintptr(len(c.PrevRaw)))
			C.memcpy(p, unsafe.Pointer(&c.PrevRaw[0]), C.size_t(len(c.PrevRaw)))
			x.prev_raw, x.prev_raw_len = (*C.uint8_t)(p), C.size_t(len(c.PrevRaw))
		}
	}
	return &arr[0], nil
}

func claimResults(res *C.zks_l1_claim_result, n int) []ClaimResult {
	rs := (*[1 << 20]C.zks_l1_claim_result)(unsafe.Pointer(res))[:n:n]
	out := make([]ClaimResult, n)
	for i := range rs {
		r := &rs[i]
		out[i] = ClaimResult{State: int32(r.state), Status: Status(r.status), TxHash: C.GoString(&r.tx_hash[0]),
			Nonce: uint64(r.nonce), BlockNumber: uint64(r.block_number), GasUsed: uint64(r.gas_used),
			Reason: C.GoString(&r.reason[0]), Raw: C.GoBytes(unsafe.Pointer(&r.raw[0]), C.int(r.raw_len))}
	}
	return out
}

// ClaimOptions: function signatures with parameter names ("" = the devnet's),
// the wait per receipt (0 = do not wait) and a fixed gas limit (0 = estimate + 20%).
type ClaimOptions struct {
	ClaimFunction, IsClaimedFunction string
	Wait                             time.Duration
	GasLimit                         uint32
}

func claimOptions(a *arena, o ClaimOptions, checkOnly bool) (*C.zks_l1_claim_options, error) {
	c := (*C.zks_l1_claim_options)(a.alloc(C.sizeof_zks_l1_claim_options))
	c.struct_size = C.sizeof_zks_l1_claim_options
	if checkOnly {
		c.flags = C.ZKS_L1_CLAIM_CHECK_ONLY
	}
	var err error
	if c.claim_function, err = a.optStr(o.ClaimFunction, "claim_function"); err != nil {
		return nil, err
	}
	if c.is_claimed_function, err = a.optStr(o.IsClaimedFunction, "is_claimed_function"); err != nil {
		return nil, err
	}
	c.wait_ms, c.gas_limit = ms(o.Wait), C.uint32_t(o.GasLimit)
	return c, nil
}

// EncodeClaim is the claim calldata for claimFunction ("" = the devnet's); no network.
func EncodeClaim(claimFunction string, c Claim) ([]byte, error) {
	var a arena
	defer a.free()
	cc, err := claimsToC(&a, []Claim{c})
	if err != nil {
		return nil, err
	}
	fn, err := a.optStr(claimFunction, "claim_function")
	if err != nil {
		return nil, err
	}
	out := make([]byte, 8192)
	var n C.size_t
	if err := check(st(C.zks_l1_claim_encode(fn, cc, ptr(out), C.size_t(len(out)), &n)), "zks_l1_claim_encode"); err != nil {
		return nil, err
	}
	return out[:n], nil
}

// runClaims converts claims and options to C, calls f with them and a result
// array, and returns the per-leaf results; err is returned only when the batch
// as a whole failed (no leaf has an outcome).
func runClaims(opts ClaimOptions, claims []Claim, checkOnly bool,
	f func(co *C.zks_l1_claim_options, cc *C.zks_l1_claim, n C.size_t, res *C.zks_l1_claim_result) error) ([]ClaimResult, error) {
	if len(claims) == 0 {
		return nil, nil
	}
	var a arena
	defer a.free()
	cc, err := claimsToC(&a, claims)
	if err != nil {
		return nil, err
	}
	co, err := claimOptions(&a, opts, checkOnly)
	if err != nil {
		return nil, err
	}
	res := (*C.zks_l1_claim_result)(a.alloc(uintptr(len(claims)) * C.sizeof_zks_l1_claim_result))
	err = f(co, cc, C.size_t(len(claims)), res)
	out := claimResults(res, len(claims))
	if err != nil && out[0].State == ClaimFailed && out[0].Status == StatusOk {
		return nil, err
	}
	return out, nil
}

// ClaimsCheck checks each leaf (proof against MERKLE_ROOT(), isClaimed, eth_call) and sends
// nothing. Leaf outcomes are in the results; the error is only for the batch as a whole.
func (e *EthRPC) ClaimsCheck(distributor string, opts ClaimOptions, claims []Claim) ([]ClaimResult, error) {
	return runClaims(opts, claims, true, func(co *C.zks_l1_claim_options, cc *C.zks_l1_claim, n C.size_t,
		res *C.zks_l1_claim_result) error {
		return e.do("zks_l1_claims_check", []string{distributor}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
			return C.zks_l1_claims_check(h, c[0], co, cc, n, res)
		})
	})
}

// ClaimsSend claims each leaf, sent by l's account: already claimed leaves are
// skipped, and a leaf given with its earlier tx (Retry) never gets a second one.
func (l *L1) ClaimsSend(distributor string, opts ClaimOptions, claims []Claim) ([]ClaimResult, error) {
	return runClaims(opts, claims, false, func(co *C.zks_l1_claim_options, cc *C.zks_l1_claim, n C.size_t,
		res *C.zks_l1_claim_result) error {
		return l.do("zks_l1_claims_send", []string{distributor}, func(h *C.zks_l1, c []*C.char) C.zks_status {
			return C.zks_l1_claims_send(h, c[0], co, cc, n, res)
		})
	})
}

// MigrateToken sends migrateToken(token) to the main contract: moves the
// contract's whole balance of that token (EthTokenAddress for ETH) to the claim
// distributor, once per token. A token already migrated is refused before
// anything is sent (StatusState).
func (l *L1) MigrateToken(tokenAddress string, wait time.Duration) (*L1Result, error) {
	return l.send("zks_l1_migrate_token", []string{tokenAddress}, func(h *C.zks_l1, c []*C.char, o *C.zks_l1_result) C.zks_status {
		return C.zks_l1_migrate_token(h, c[0], ms(wait), o)
	})
}
