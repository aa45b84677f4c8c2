package zksync

/*
#include <stdlib.h>
#include <string.h>
#include <zksync.h>
zks_exit_progress_fn zks_go_exit_progress(void);
*/
import "C"

import (
	"encoding/hex"
	"io"
	"math/big"
	"runtime"
	"sync"
	"unsafe"
)

// The claim tree of the zkSync Lite shutdown and its snapshot files (lib/exit,
// offline; docs/exit-tools.md). leaf = keccak256(index || account || token ||
// amount); a pair hashes as keccak256(min || max); an odd last node moves up
// unchanged (OpenZeppelin MerkleProof). ExitTree streams the leaves once and
// gives the root and the proofs of the leaves requested beforehand.
//
// File errors are *Error values whose File and Line name the place (Line 0:
// not about a line), with StatusFileFormat or StatusIo.

// Hash is a 32-byte keccak256 value (leaf, node, root).
type Hash [32]byte

// String is "0x" + 64 lowercase hex digits.
func (h Hash) String() string { return "0x" + hex.EncodeToString(h[:]) }

// ExitFileKind is the kind of a snapshot file.
type ExitFileKind uint32

// Snapshot file kinds.
const (
	ExitAccounts ExitFileKind = C.ZKS_EXIT_FILE_ACCOUNTS // id,nonce,address,pubkey_hash
	ExitBalances ExitFileKind = C.ZKS_EXIT_FILE_BALANCES // account_id,coin_id,balance
	ExitTokens   ExitFileKind = C.ZKS_EXIT_FILE_TOKENS   // id,address[,symbol,decimals]
	ExitLeaves   ExitFileKind = C.ZKS_EXIT_FILE_LEAVES   // claim_index,account_address,token_address,balance
)

// ExitProgress is told the bytes of input read so far and the total (0 =
// unknown), at most every 1 MiB. It cannot stop the pass.
type ExitProgress func(done, total uint64)

// fileError turns a status and a zks_exit_error into nil or an *Error with File and Line.
func fileError(s C.zks_status, e *C.zks_exit_error, fn string) error {
	if s == C.ZKS_OK {
		return nil
	}
	r := newError(Status(s), fn)
	if msg := C.GoString(&e.message[0]); msg != "" {
		r.Message = msg
	}
	r.File = C.GoString(&e.file[0])
	r.Line = uint64(e.line)
	return r
}

// cHandle keeps a Go value reachable from C as a callback context: C memory
// holding a handle (C must not keep Go pointers).
type cHandle struct {
	ctx unsafe.Pointer
	id  uintptr
}

var (
	cbMu   sync.Mutex
	cbNext uintptr
	cbVals = map[uintptr]interface{}{}
)

func newCHandle(v interface{}) *cHandle {
	cbMu.Lock()
	cbNext++
	id := cbNext
	cbVals[id] = v
	cbMu.Unlock()
	h := &cHandle{ctx: C.malloc(C.size_t(unsafe.Sizeof(C.uintptr_t(0)))), id: id}
	*(*C.uintptr_t)(h.ctx) = C.uintptr_t(id)
	return h
}

func (h *cHandle) free() {
	if h != nil {
		cbMu.Lock()
		delete(cbVals, h.id)
		cbMu.Unlock()
		C.free(h.ctx)
	}
}

func cHandleValue(ctx unsafe.Pointer) interface{} {
	cbMu.Lock()
	defer cbMu.Unlock()
	return cbVals[uintptr(*(*C.uintptr_t)(ctx))]
}

type exitProgressCtx struct {
	fn    ExitProgress
	panic interface{} // a panic in fn, re-raised after the C call
}

// withExitProgress calls f with the C callback and context for p (NULL when p is nil)
// and re-raises a panic of p once C has returned.
func withExitProgress(p ExitProgress, f func(C.zks_exit_progress_fn, unsafe.Pointer) C.zks_status) C.zks_status {
	if p == nil {
		return f(nil, nil)
	}
	pc := &exitProgressCtx{fn: p}
	h := newCHandle(pc)
	defer h.free()
	s := f(C.zks_go_exit_progress(), h.ctx)
	if pc.panic != nil {
		panic(pc.panic)
	}
	return s
}

func u256(v *big.Int, name string) ([32]byte, error) {
	var b [32]byte
	if v == nil || v.Sign() < 0 || v.BitLen() > 256 {
		return b, newError(StatusInvalidAmount, name+" must be in [0, 2^256)")
	}
	v.FillBytes(b[:])
	return b, nil
}

// ExitLeafHash is keccak256(index || account || token || amount), the claim leaf.
func ExitLeafHash(index uint64, account, token Address, amount *big.Int) (Hash, error) {
	var out Hash
	a, err := u256(amount, "amount")
	if err != nil {
		return out, err
	}
	err = check(st(C.zks_exit_leaf_hash(C.uint64_t(index), ptr(account[:]), ptr(token[:]), ptr(a[:]), ptr(out[:]))),
		"zks_exit_leaf_hash")
	return out, err
}

func pathBytes(path []Hash) ([]byte, error) {
	if len(path) > ExitProofMaxDepth {
		return nil, newError(StatusInvalidArg, "a proof has at most 64 siblings")
	}
	b := make([]byte, 0, 32*len(path))
	for _, s := range path {
		b = append(b, s[:]...)
	}
	return b, nil
}

// ExitVerify checks a proof as OpenZeppelin MerkleProof.verify: true when path
// leads from leaf to root.
func ExitVerify(leaf Hash, path []Hash, root Hash) (bool, error) {
	p, err := pathBytes(path)
	if err != nil {
		return false, err
	}
	s := st(C.zks_exit_verify(ptr(leaf[:]), ptr(p), C.size_t(len(path)), ptr(root[:])))
	if s == StatusProofInvalid {
		return false, nil
	}
	return s == StatusOk, check(s, "zks_exit_verify")
}

// ExitProof is a claim proof as the reference's create-proof prints it
// (Path: leaf level first).
type ExitProof struct {
	ClaimIndex     uint64
	Account, Token Address
	Amount         *big.Int
	Balance        string // decimal text as in new_leaves.csv
	Leaf, Root     Hash
	Path           []Hash
}

func (p *ExitProof) toC(c *C.zks_exit_proof) error {
	c.claim_index = C.uint64_t(p.ClaimIndex)
	C.memcpy(unsafe.Pointer(&c.account[0]), unsafe.Pointer(&p.Account[0]), 20)
	C.memcpy(unsafe.Pointer(&c.token[0]), unsafe.Pointer(&p.Token[0]), 20)
	a, err := u256(p.Amount, "amount")
	if err != nil {
		return err
	}
	C.memcpy(unsafe.Pointer(&c.amount[0]), unsafe.Pointer(&a[0]), 32)
	if len(p.Balance) > AmountChars {
		return newError(StatusInvalidArg, "balance text is too long")
	}
	for i := 0; i < len(p.Balance); i++ {
		if p.Balance[i] == 0 {
			return newError(StatusInvalidArg, "balance contains a NUL byte")
		}
		c.balance[i] = C.char(p.Balance[i])
	}
	c.balance[len(p.Balance)] = 0
	C.memcpy(unsafe.Pointer(&c.leaf[0]), unsafe.Pointer(&p.Leaf[0]), 32)
	C.memcpy(unsafe.Pointer(&c.root[0]), unsafe.Pointer(&p.Root[0]), 32)
	if len(p.Path) > ExitProofMaxDepth {
		return newError(StatusInvalidArg, "a proof has at most 64 siblings")
	}
	c.path_len = C.uint32_t(len(p.Path))
	for i, s := range p.Path {
		C.memcpy(unsafe.Pointer(&c.path[i][0]), unsafe.Pointer(&s[0]), 32)
	}
	return nil
}

func proofFromC(c *C.zks_exit_proof) ExitProof {
	p := ExitProof{ClaimIndex: uint64(c.claim_index), Balance: C.GoString(&c.balance[0])}
	copy(p.Account[:], C.GoBytes(unsafe.Pointer(&c.account[0]), 20))
	copy(p.Token[:], C.GoBytes(unsafe.Pointer(&c.token[0]), 20))
	p.Amount = new(big.Int).SetBytes(C.GoBytes(unsafe.Pointer(&c.amount[0]), 32))
	copy(p.Leaf[:], C.GoBytes(unsafe.Pointer(&c.leaf[0]), 32))
	copy(p.Root[:], C.GoBytes(unsafe.Pointer(&c.root[0]), 32))
	n := int(c.path_len)
	if n > ExitProofMaxDepth {
		n = ExitProofMaxDepth
	}
	p.Path = make([]Hash, n)
	for i := range p.Path {
		copy(p.Path[i][:], C.GoBytes(unsafe.Pointer(&c.path[i][0]), 32))
	}
	return p
}

// Verify checks the whole proof: its leaf is the hash of its fields, its
// balance text is its amount and its path leads to root (nil: its own Root).
func (p *ExitProof) Verify(root *Hash) (bool, error) {
	c := (*C.zks_exit_proof)(C.calloc(1, C.sizeof_zks_exit_proof))
	defer C.free(unsafe.Pointer(c))
	if err := p.toC(c); err != nil {
		return false, err
	}
	var r *C.uint8_t
	if root != nil {
		r = ptr(root[:])
	}
	s := st(C.zks_exit_proof_verify(c, r))
	if s == StatusProofInvalid {
		return false, nil
	}
	return s == StatusOk, check(s, "zks_exit_proof_verify")
}

// Claim is the claim of this leaf for ClaimsCheck / ClaimsSend.
func (p *ExitProof) Claim() Claim {
	c := Claim{Index: p.ClaimIndex, Account: "0x" + hex.EncodeToString(p.Account[:]),
		Token: "0x" + hex.EncodeToString(p.Token[:]), Amount: new(big.Int).Set(p.Amount)}
	for _, s := range p.Path {
		c.Proof = append(c.Proof, append([]byte(nil), s[:]...))
	}
	return c
}

// ExitProofsToJSON writes proofs as the reference's create-proof prints them
// (two-space indent, no final newline; "[]" when empty).
func ExitProofsToJSON(proofs []ExitProof) (string, error) {
	n := len(proofs)
	arr := (*C.zks_exit_proof)(C.calloc(C.size_t(n+1), C.sizeof_zks_exit_proof))
	defer C.free(unsafe.Pointer(arr))
	cs := unsafe.Slice(arr, n+1)
	for i := range proofs {
		if err := proofs[i].toC(&cs[i]); err != nil {
			return "", err
		}
	}
	var out *C.char
	if err := check(st(C.zks_exit_proofs_to_json(arr, C.size_t(n), &out)), "zks_exit_proofs_to_json"); err != nil {
		return "", err
	}
	return takeString(out), nil
}

// ExitProofsFromJSON reads that JSON (an array or one object). It does not
// verify: see ExitProof.Verify.
func ExitProofsFromJSON(js []byte) ([]ExitProof, error) {
	p, n := cbuf(js)
	var out *C.zks_exit_proof
	var count C.size_t
	if err := check(st(C.zks_exit_proofs_from_json((*C.char)(unsafe.Pointer(p)), n, &out, &count)),
		"zks_exit_proofs_from_json"); err != nil {
		return nil, err
	}
	if out == nil {
		return []ExitProof{}, nil
	}
	defer C.zks_free(unsafe.Pointer(out))
	cs := unsafe.Slice(out, int(count))
	res := make([]ExitProof, len(cs))
	for i := range cs {
		res[i] = proofFromC(&cs[i])
	}
	return res, nil
}

// ExitRecord is one record of a snapshot file; only the fields of its Kind are set.
type ExitRecord struct {
	Kind         ExitFileKind
	Line         uint64   // 1-based line where the record starts
	ID           uint64   // accounts id, balances account_id, tokens id, leaves claim_index
	Nonce        uint32   // accounts
	TokenID      uint32   // balances coin_id
	Decimals     uint32   // tokens (0 when absent)
	IsSyncPubkey bool     // accounts: pubkey_hash written "sync:..."
	Address      Address  // accounts address, tokens address, leaves account_address
	Token        Address  // leaves token_address
	PubkeyHash   [20]byte // accounts
	Amount       *big.Int // balances and leaves
	Balance      string   // the balance text as in the file
	Symbol       string   // tokens
}

// ExitReader reads a snapshot file one record at a time:
//
//	r, err := zksync.OpenExitReader("balances.csv", zksync.ExitBalances)
//	defer r.Close()
//	for {
//		rec, err := r.Next()
//		if err == io.EOF { break }
//		...
//	}
type ExitReader struct {
	mu sync.Mutex
	h  *C.zks_exit_reader
}

func newExitReader(f func(out **C.zks_exit_reader, e *C.zks_exit_error) C.zks_status, fn string) (*ExitReader, error) {
	var h *C.zks_exit_reader
	var e C.zks_exit_error
	if err := fileError(f(&h, &e), &e, fn); err != nil {
		return nil, err
	}
	r := &ExitReader{h: h}
	runtime.SetFinalizer(r, (*ExitReader).Close)
	return r, nil
}

// OpenExitReader opens a snapshot file and reads its header (columns by name).
func OpenExitReader(path string, kind ExitFileKind) (*ExitReader, error) {
	cs, err := cstring(path, "path")
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	return newExitReader(func(out **C.zks_exit_reader, e *C.zks_exit_error) C.zks_status {
		return C.zks_exit_reader_open(cs, C.uint32_t(kind), out, e)
	}, "zks_exit_reader_open")
}

// NewExitReaderBuffer reads a snapshot file held in memory (copied); name is
// used in messages ("" = "<memory>").
func NewExitReaderBuffer(name string, data []byte, kind ExitFileKind) (*ExitReader, error) {
	var a arena
	defer a.free()
	cn, err := a.optStr(name, "name")
	if err != nil {
		return nil, err
	}
	p, n := cbuf(data)
	return newExitReader(func(out **C.zks_exit_reader, e *C.zks_exit_error) C.zks_status {
		return C.zks_exit_reader_open_buffer(cn, p, n, C.uint32_t(kind), out, e)
	}, "zks_exit_reader_open_buffer")
}

// Next returns the next record, or io.EOF at the end. After a format error the
// reader stays failed.
func (r *ExitReader) Next() (*ExitRecord, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.h == nil {
		return nil, newError(StatusState, "ExitReader is closed")
	}
	var c C.zks_exit_record
	var e C.zks_exit_error
	var eof C.int32_t
	if err := fileError(C.zks_exit_reader_next(r.h, &c, &eof, &e), &e, "zks_exit_reader_next"); err != nil {
		return nil, err
	}
	if eof != 0 {
		return nil, io.EOF
	}
	rec := &ExitRecord{Kind: ExitFileKind(c.kind), Line: uint64(c.line), ID: uint64(c.id), Nonce: uint32(c.nonce),
		TokenID: uint32(c.token_id), Decimals: uint32(c.decimals), IsSyncPubkey: c.is_sync_pubkey != 0,
		Balance: C.GoString(&c.balance[0]), Symbol: C.GoString(&c.symbol[0])}
	copy(rec.Address[:], C.GoBytes(unsafe.Pointer(&c.address[0]), 20))
	copy(rec.Token[:], C.GoBytes(unsafe.Pointer(&c.token[0]), 20))
	copy(rec.PubkeyHash[:], C.GoBytes(unsafe.Pointer(&c.pubkey_hash[0]), 20))
	if rec.Kind == ExitBalances || rec.Kind == ExitLeaves {
		rec.Amount = new(big.Int).SetBytes(C.GoBytes(unsafe.Pointer(&c.amount[0]), 32))
	}
	return rec, nil
}

// Each calls f for every remaining record; it stops at the first error (of
// the file or of f) and returns it (nil at the end of the file).
func (r *ExitReader) Each(f func(*ExitRecord) error) error {
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(rec); err != nil {
			return err
		}
	}
}

// Close frees the reader; it is idempotent.
func (r *ExitReader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.h != nil {
		C.zks_exit_reader_free(r.h)
		r.h = nil
	}
	return nil
}

// ExitCreateLeaves is create-new-leaves: derives new_leaves.csv (output "" =
// "new_leaves.csv") from the three snapshot files exactly as the reference;
// the output is written to a temporary file and renamed (untouched on
// failure). It returns the number of leaves written.
func ExitCreateLeaves(accounts, balances, tokens, output string, progress ExitProgress) (uint64, error) {
	var a arena
	defer a.free()
	cs, err := a.optStrs([]string{accounts, balances, tokens, output}, "path")
	if err != nil {
		return 0, err
	}
	var n C.uint64_t
	var e C.zks_exit_error
	s := withExitProgress(progress, func(fn C.zks_exit_progress_fn, ctx unsafe.Pointer) C.zks_status {
		return C.zks_exit_create_leaves(cs[0], cs[1], cs[2], cs[3], fn, ctx, &n, &e)
	})
	return uint64(n), fileError(s, &e, "zks_exit_create_leaves")
}

// ExitRootFile is calculate-root-for-keccak-tree: the root and leaf count of a new_leaves.csv.
func ExitRootFile(leaves string, progress ExitProgress) (Hash, uint64, error) {
	var root Hash
	cs, err := cstring(leaves, "leaves")
	if err != nil {
		return root, 0, err
	}
	defer freeCString(cs)
	var n C.uint64_t
	var e C.zks_exit_error
	s := withExitProgress(progress, func(fn C.zks_exit_progress_fn, ctx unsafe.Pointer) C.zks_status {
		return C.zks_exit_root_file(cs, fn, ctx, ptr(root[:]), &n, &e)
	})
	return root, uint64(n), fileError(s, &e, "zks_exit_root_file")
}

// ExitTree gives the root and proofs in one streaming pass: Request the
// leaves to prove, Add or AddFile every leaf in claim-index order, then Root
// (which ends the pass) and Proofs / Proof. Methods lock, so a tree may be
// shared by goroutines (the pass itself is sequential).
type ExitTree struct {
	mu sync.Mutex
	h  *C.zks_exit_tree
}

// NewExitTree returns an empty tree; Close frees it.
func NewExitTree() (*ExitTree, error) {
	var h *C.zks_exit_tree
	if err := check(st(C.zks_exit_tree_new(&h)), "zks_exit_tree_new"); err != nil {
		return nil, err
	}
	t := &ExitTree{h: h}
	runtime.SetFinalizer(t, (*ExitTree).Close)
	return t, nil
}

func (t *ExitTree) do(fn string, f func(h *C.zks_exit_tree) C.zks_status) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.h == nil {
		return newError(StatusState, "ExitTree is closed")
	}
	return check(st(f(t.h)), fn)
}

// Close frees the tree; it is idempotent.
func (t *ExitTree) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.h != nil {
		C.zks_exit_tree_free(t.h)
		t.h = nil
	}
	return nil
}

// Request asks for the proof of (account, token), or of every leaf of account
// when token is nil. Call it before the first leaf.
func (t *ExitTree) Request(account Address, token *Address) error {
	return t.do("zks_exit_tree_request", func(h *C.zks_exit_tree) C.zks_status {
		var tp *C.uint8_t
		if token != nil {
			tp = ptr(token[:])
		}
		return C.zks_exit_tree_request(h, ptr(account[:]), tp)
	})
}

// Add adds the next leaf (index = the number of leaves added so far); balance
// "" = the decimal form of amount.
func (t *ExitTree) Add(index uint64, account, token Address, amount *big.Int, balance string) error {
	a, err := u256(amount, "amount")
	if err != nil {
		return err
	}
	var ar arena
	defer ar.free()
	bal, err := ar.optStr(balance, "balance")
	if err != nil {
		return err
	}
	return t.do("zks_exit_tree_add", func(h *C.zks_exit_tree) C.zks_status {
		return C.zks_exit_tree_add(h, C.uint64_t(index), ptr(account[:]), ptr(token[:]), ptr(a[:]), bal)
	})
}

// AddFile streams a new_leaves.csv into the tree.
func (t *ExitTree) AddFile(leaves string, progress ExitProgress) error {
	cs, err := cstring(leaves, "leaves")
	if err != nil {
		return err
	}
	defer freeCString(cs)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.h == nil {
		return newError(StatusState, "ExitTree is closed")
	}
	var e C.zks_exit_error
	s := withExitProgress(progress, func(fn C.zks_exit_progress_fn, ctx unsafe.Pointer) C.zks_status {
		return C.zks_exit_tree_add_file(t.h, cs, fn, ctx, &e)
	})
	return fileError(s, &e, "zks_exit_tree_add_file")
}

// Root ends the pass and returns the root (ErrState without leaves).
func (t *ExitTree) Root() (Hash, error) {
	var r Hash
	err := t.do("zks_exit_tree_root", func(h *C.zks_exit_tree) C.zks_status {
		return C.zks_exit_tree_root(h, ptr(r[:]))
	})
	return r, err
}

// LeafCount is the number of leaves added so far.
func (t *ExitTree) LeafCount() (uint64, error) {
	var n C.uint64_t
	err := t.do("zks_exit_tree_leaf_count", func(h *C.zks_exit_tree) C.zks_status {
		return C.zks_exit_tree_leaf_count(h, &n)
	})
	return uint64(n), err
}

// Proofs returns the proofs found for the requests in claim-index order (after Root).
func (t *ExitTree) Proofs() ([]ExitProof, error) {
	var out []ExitProof
	c := (*C.zks_exit_proof)(C.calloc(1, C.sizeof_zks_exit_proof))
	defer C.free(unsafe.Pointer(c))
	err := t.do("zks_exit_tree_proof_count", func(h *C.zks_exit_tree) C.zks_status {
		var n C.size_t
		if s := C.zks_exit_tree_proof_count(h, &n); s != C.ZKS_OK {
			return s
		}
		out = make([]ExitProof, 0, int(n))
		for i := C.size_t(0); i < n; i++ {
			if s := C.zks_exit_tree_proof_at(h, i, c); s != C.ZKS_OK {
				return s
			}
			out = append(out, proofFromC(c))
		}
		return C.ZKS_OK
	})
	return out, err
}

// Proof returns the proof of a requested (account, token) after Root;
// ErrNotFound when there is no such leaf or it was not requested.
func (t *ExitTree) Proof(account, token Address) (*ExitProof, error) {
	c := (*C.zks_exit_proof)(C.calloc(1, C.sizeof_zks_exit_proof))
	defer C.free(unsafe.Pointer(c))
	if err := t.do("zks_exit_tree_proof_find", func(h *C.zks_exit_tree) C.zks_status {
		return C.zks_exit_tree_proof_find(h, ptr(account[:]), ptr(token[:]), c)
	}); err != nil {
		return nil, err
	}
	p := proofFromC(c)
	return &p, nil
}
