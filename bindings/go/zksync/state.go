package zksync

/*
#include <stdlib.h>
#include <string.h>
#include <zksync.h>
zks_state_progress_fn zks_go_state_progress(void);
*/
import "C"

import (
	"context"
	"math/big"
	"unsafe"
)

// The final Rescue state root of zkSync Lite from the snapshot files and the
// root on L1 (docs/state-root.md). The root of accounts.csv + balances.csv
// must equal the stateHash of the last block executed on L1 (FinalStateRoot):
// that checks the snapshot without trusting its publisher.

// State phases (StateProgress.Phase).
const (
	StatePhaseReadRows = C.ZKS_STATE_PHASE_READ // loading unsorted files
	StatePhaseHashRows = C.ZKS_STATE_PHASE_HASH // hashing
)

// StateProgress is the progress of a state-root computation (rows).
type StateProgress struct {
	Phase              uint32
	Done, Total        uint64
	Accounts, Balances uint64
}

// StateOptions are the options of StateRootFiles / StateRootRows; the zero
// value is the default (the caller's thread only, depth 32, no checkpoint).
type StateOptions struct {
	Threads      uint32 // hashing threads including the caller's (at most StateMaxThreads)
	BalanceDepth uint32 // 0 = 32 (since the NFT upgrade); 11 before it
	// Checkpoint is a file for the finished 65536-id blocks (files only): a
	// stopped call with the same files resumes from it; removed on success.
	Checkpoint string
	// Progress is called from the calling goroutine about every 4096 accounts;
	// returning false stops the computation (StatusCancelled).
	Progress func(StateProgress) bool
}

// StateAccount is an account row for StateRootRows.
type StateAccount struct {
	ID, Nonce  uint32
	Address    Address
	PubkeyHash [20]byte
}

// StateBalance is a balance row for StateRootRows (Balance < 2^128).
type StateBalance struct {
	AccountID, TokenID uint32
	Balance            *big.Int
}

type stateProgressCtx struct {
	ctx     context.Context
	fn      func(StateProgress) bool
	stopped bool
	cause   error
	panic   interface{}
}

var errStoppedByCallback = newError(StatusCancelled, "stopped by the progress callback")

// step returns true to go on.
func (s *stateProgressCtx) step(p StateProgress) (goOn bool) {
	if s.panic != nil || s.stopped {
		return false
	}
	if err := s.ctx.Err(); err != nil {
		s.stopped, s.cause = true, err
		return false
	}
	if s.fn == nil {
		return true
	}
	defer func() {
		if r := recover(); r != nil {
			s.panic, s.stopped, goOn = r, true, false
		}
	}()
	if !s.fn(p) {
		s.stopped, s.cause = true, errStoppedByCallback
		return false
	}
	if err := s.ctx.Err(); err != nil { // cancelled by the callback itself
		s.stopped, s.cause = true, err
		return false
	}
	return true
}

// stateCall runs f with C options for o; a stop by ctx or the callback becomes
// StatusCancelled (the library reports it as ZKS_ERR_STATE or ZKS_ERR_CANCELLED).
func stateCall(ctx context.Context, o *StateOptions, fn string, withCheckpoint bool,
	f func(*C.zks_state_options, *C.zks_exit_error) C.zks_status) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return &Error{Status: StatusCancelled, Message: Strerror(StatusCancelled), Detail: fn, Cause: err}
	}
	if o == nil {
		o = &StateOptions{}
	}
	var a arena
	defer a.free()
	co := (*C.zks_state_options)(a.alloc(C.sizeof_zks_state_options))
	if err := check(st(C.zks_state_options_init(co)), "zks_state_options_init"); err != nil {
		return err
	}
	co.threads, co.balance_depth = C.uint32_t(o.Threads), C.uint32_t(o.BalanceDepth)
	if withCheckpoint {
		var err error
		if co.checkpoint, err = a.optStr(o.Checkpoint, "checkpoint"); err != nil {
			return err
		}
	}
	sc := &stateProgressCtx{ctx: ctx, fn: o.Progress}
	// the callback is also how ctx cancels, so it is set whenever ctx can be cancelled
	if o.Progress != nil || ctx.Done() != nil {
		h := newCHandle(sc)
		defer h.free()
		co.progress, co.progress_ctx = C.zks_go_state_progress(), h.ctx
	}
	var e C.zks_exit_error
	s := f(co, &e)
	if sc.panic != nil {
		panic(sc.panic)
	}
	if sc.stopped && (s == C.ZKS_ERR_STATE || s == C.ZKS_ERR_CANCELLED) {
		return &Error{Status: StatusCancelled, Message: Strerror(StatusCancelled), Detail: fn, Cause: sc.cause,
			File: C.GoString(&e.file[0]), Line: uint64(e.line)}
	}
	return fileError(s, &e, fn)
}

// StateRootFiles is restore-zksync-tree: the state root (big-endian) of
// accounts.csv and balances.csv. Cancelling ctx stops it (StatusCancelled,
// Cause = ctx.Err(); the checkpoint, if any, is written). A bad row is
// StatusFileFormat with File and Line.
func StateRootFiles(ctx context.Context, accounts, balances string, o *StateOptions) (Hash, error) {
	var root Hash
	var a arena
	defer a.free()
	cs, err := a.optStrs([]string{accounts, balances}, "path")
	if err != nil {
		return root, err
	}
	err = stateCall(ctx, o, "zks_state_root_files", true, func(co *C.zks_state_options, e *C.zks_exit_error) C.zks_status {
		return C.zks_state_root_files(cs[0], cs[1], co, ptr(root[:]), e)
	})
	return root, err
}

// StateRootRows is the state root of rows given here (any order). A bad row
// is StatusFileFormat with File "accounts" or "balances" and Line its 1-based index.
func StateRootRows(ctx context.Context, accounts []StateAccount, balances []StateBalance, o *StateOptions) (Hash, error) {
	var root Hash
	var a arena
	defer a.free()
	ca := unsafe.Slice((*C.zks_state_account)(a.alloc(uintptr(len(accounts)+1)*C.sizeof_zks_state_account)), len(accounts)+1)
	for i, r := range accounts {
		x := &ca[i]
		x.id, x.nonce = C.uint32_t(r.ID), C.uint32_t(r.Nonce)
		C.memcpy(unsafe.Pointer(&x.address[0]), unsafe.Pointer(&r.Address[0]), 20)
		C.memcpy(unsafe.Pointer(&x.pubkey_hash[0]), unsafe.Pointer(&r.PubkeyHash[0]), 20)
	}
	cb := unsafe.Slice((*C.zks_state_balance)(a.alloc(uintptr(len(balances)+1)*C.sizeof_zks_state_balance)), len(balances)+1)
	for i, r := range balances {
		if r.Balance == nil || r.Balance.Sign() < 0 || r.Balance.BitLen() > 128 {
			return root, newError(StatusInvalidAmount, "balance must be in [0, 2^128)")
		}
		var b [16]byte
		r.Balance.FillBytes(b[:])
		x := &cb[i]
		x.account_id, x.token_id = C.uint32_t(r.AccountID), C.uint32_t(r.TokenID)
		C.memcpy(unsafe.Pointer(&x.balance[0]), unsafe.Pointer(&b[0]), 16)
	}
	err := stateCall(ctx, o, "zks_state_root_rows", false, func(co *C.zks_state_options, e *C.zks_exit_error) C.zks_status {
		return C.zks_state_root_rows(&ca[0], C.size_t(len(accounts)), &cb[0], C.size_t(len(balances)), co, ptr(root[:]), e)
	})
	return root, err
}

// StateRootHex is "0x" + 64 lowercase hex digits of a root (zks_state_root_hex).
func StateRootHex(root Hash) string {
	var out [(C.ZKS_HASH_HEX_CHARS + 1)]C.char
	if C.zks_state_root_hex(ptr(root[:]), &out[0]) != C.ZKS_OK {
		return ""
	}
	return C.GoString(&out[0])
}

// StoredBlock is the StoredBlockInfo of the zkSync contract.
type StoredBlock struct {
	BlockNumber           uint32
	PriorityOperations    uint64
	PendingOnchainOpsHash Hash
	Timestamp             *big.Int
	StateHash             Hash // the state root
	Commitment            Hash
}

func (b *StoredBlock) toC(c *C.zks_l1_stored_block) error {
	c.block_number, c.priority_operations = C.uint32_t(b.BlockNumber), C.uint64_t(b.PriorityOperations)
	ts := b.Timestamp
	if ts == nil {
		ts = new(big.Int)
	}
	t, err := u256(ts, "timestamp")
	if err != nil {
		return err
	}
	C.memcpy(unsafe.Pointer(&c.pending_onchain_ops_hash[0]), unsafe.Pointer(&b.PendingOnchainOpsHash[0]), 32)
	C.memcpy(unsafe.Pointer(&c.timestamp[0]), unsafe.Pointer(&t[0]), 32)
	C.memcpy(unsafe.Pointer(&c.state_hash[0]), unsafe.Pointer(&b.StateHash[0]), 32)
	C.memcpy(unsafe.Pointer(&c.commitment[0]), unsafe.Pointer(&b.Commitment[0]), 32)
	return nil
}

func storedBlockFromC(c *C.zks_l1_stored_block) StoredBlock {
	b := StoredBlock{BlockNumber: uint32(c.block_number), PriorityOperations: uint64(c.priority_operations),
		Timestamp: new(big.Int).SetBytes(C.GoBytes(unsafe.Pointer(&c.timestamp[0]), 32))}
	copy(b.PendingOnchainOpsHash[:], C.GoBytes(unsafe.Pointer(&c.pending_onchain_ops_hash[0]), 32))
	copy(b.StateHash[:], C.GoBytes(unsafe.Pointer(&c.state_hash[0]), 32))
	copy(b.Commitment[:], C.GoBytes(unsafe.Pointer(&c.commitment[0]), 32))
	return b
}

// Hash is keccak256(abi.encode(b)), as storedBlockHashes holds it.
func (b *StoredBlock) Hash() (Hash, error) {
	var out Hash
	var c C.zks_l1_stored_block
	if err := b.toC(&c); err != nil {
		return out, err
	}
	err := check(st(C.zks_l1_stored_block_hash(&c, ptr(out[:]))), "zks_l1_stored_block_hash")
	return out, err
}

// DecodeExecuteBlocks finds the StoredBlockInfo of blockNumber in executeBlocks
// calldata (selector included): ErrParse when malformed, ErrNotFound when absent.
func DecodeExecuteBlocks(calldata []byte, blockNumber uint32) (*StoredBlock, error) {
	p, n := cbuf(calldata)
	var c C.zks_l1_stored_block
	if err := check(st(C.zks_l1_decode_execute_blocks(p, n, C.uint32_t(blockNumber), &c)),
		"zks_l1_decode_execute_blocks"); err != nil {
		return nil, err
	}
	b := storedBlockFromC(&c)
	return &b, nil
}

// L1StateRoot is what FinalStateRoot found.
type L1StateRoot struct {
	Block        StoredBlock // block N = totalBlocksExecuted(); Block.StateHash is the root
	StoredHash   Hash        // storedBlockHashes(N)
	L1Block      uint64      // the L1 block of the executeBlocks transaction
	ScanRequests uint64      // eth_getLogs requests made
	TxHash       string      // the executeBlocks transaction
}

// FinalStateRoot is the final state root on L1 of the zkSync contract (proxy):
// BlockVerification(N) logs are scanned backwards in chunks of scanBlocks (0 =
// L1StateScanDefault) down to fromBlock; the block must hash to
// storedBlockHashes(N) (ErrMismatch otherwise).
func (e *EthRPC) FinalStateRoot(contract string, fromBlock, scanBlocks uint64) (*L1StateRoot, error) {
	var out C.zks_l1_state_root
	err := e.do("zks_l1_final_state_root", []string{contract}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_l1_final_state_root(h, c[0], C.uint64_t(fromBlock), C.uint64_t(scanBlocks), &out)
	})
	if err != nil {
		return nil, err
	}
	r := &L1StateRoot{Block: storedBlockFromC(&out.block), L1Block: uint64(out.l1_block),
		ScanRequests: uint64(out.scan_requests), TxHash: C.GoString(&out.tx_hash[0])}
	copy(r.StoredHash[:], C.GoBytes(unsafe.Pointer(&out.stored_hash[0]), 32))
	return r, nil
}
