package zksync

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unsafe"
)

type stateSample struct {
	accounts []StateAccount
	balances []StateBalance
	roots    []Hash
}

func bytea(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "\\x"))
	if err != nil {
		t.Fatalf("bytea %q", s)
	}
	return b
}

// loadStateSample reads ../shared/vectors/zksync-state-root (small: 18 accounts).
func loadStateSample(t *testing.T) stateSample {
	dir := sharedPath(t, "vectors/zksync-state-root")
	var acc []struct {
		ID    uint32 `json:"id"`
		Nonce uint32 `json:"nonce"`
		A     string `json:"address"`
		P     string `json:"pubkey_hash"`
	}
	var bal []struct {
		AccountID uint32 `json:"account_id"`
		CoinID    uint32 `json:"coin_id"`
		Balance   string `json:"balance"`
	}
	for name, v := range map[string]interface{}{"sample_accounts.json": &acc, "sample_balances.json": &bal} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		mustOK(t, err)
		mustOK(t, json.Unmarshal(raw, v))
	}
	var s stateSample
	for _, a := range acc {
		var r StateAccount
		r.ID, r.Nonce = a.ID, a.Nonce
		copy(r.Address[:], bytea(t, a.A))
		copy(r.PubkeyHash[:], bytea(t, a.P))
		s.accounts = append(s.accounts, r)
	}
	for _, b := range bal {
		v, ok := new(big.Int).SetString(b.Balance, 10)
		if !ok {
			t.Fatalf("balance %q", b.Balance)
		}
		s.balances = append(s.balances, StateBalance{b.AccountID, b.CoinID, v})
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	mustOK(t, err)
	for _, m := range regexp.MustCompile("\\| `(0x[0-9a-f]{64})` \\|").FindAllStringSubmatch(string(readme), -1) {
		s.roots = append(s.roots, hash(t, m[1]))
	}
	if len(s.roots) != 3 {
		t.Fatalf("README roots: %d", len(s.roots))
	}
	return s
}

func withNFTAccount(s stateSample) ([]StateAccount, []StateBalance) {
	var ff Address
	for i := range ff {
		ff[i] = 0xff
	}
	acc := append(append([]StateAccount{}, s.accounts...), StateAccount{ID: 1<<24 - 1, Address: ff})
	bal := append(append([]StateBalance{}, s.balances...), StateBalance{1<<24 - 1, 1<<31 - 2, big.NewInt(65536)})
	return acc, bal
}

func TestStatePublishedRoots(t *testing.T) {
	s := loadStateSample(t)
	ctx := context.Background()
	root, err := StateRootRows(ctx, s.accounts, s.balances, &StateOptions{BalanceDepth: 11})
	if err != nil || root != s.roots[0] {
		t.Fatalf("sample: %s %v", root, err)
	}
	acc, bal := withNFTAccount(s)
	root, err = StateRootRows(ctx, acc, bal, &StateOptions{Threads: 2})
	if err != nil || root != s.roots[1] {
		t.Fatalf("sample + NFT account: %s %v", root, err)
	}
	if StateRootHex(root) != root.String() {
		t.Fatal("hex")
	}
	var g StateAccount
	copy(g.Address[:], bytea(t, "de03a0b5963f75f1c8485b355ff6d30f3093bde7"))
	root, err = StateRootRows(context.Background(), []StateAccount{g}, nil, &StateOptions{BalanceDepth: 11})
	if err != nil || root != s.roots[2] {
		t.Fatalf("genesis: %s %v", root, err)
	}
	// the same from files
	dir := t.TempDir()
	af, bf := filepath.Join(dir, "accounts.csv"), filepath.Join(dir, "balances.csv")
	var ab, bb strings.Builder
	ab.WriteString("id,nonce,address,pubkey_hash\n")
	for _, a := range acc {
		fmt.Fprintf(&ab, "%d,%d,0x%x,0x%x\n", a.ID, a.Nonce, a.Address[:], a.PubkeyHash[:])
	}
	bb.WriteString("account_id,coin_id,balance\n")
	for _, b := range bal {
		fmt.Fprintf(&bb, "%d,%d,%s\n", b.AccountID, b.TokenID, b.Balance)
	}
	mustOK(t, os.WriteFile(af, []byte(ab.String()), 0o600))
	mustOK(t, os.WriteFile(bf, []byte(bb.String()), 0o600))
	root, err = StateRootFiles(ctx, af, bf, nil)
	if err != nil || root != s.roots[1] {
		t.Fatalf("files: %s %v", root, err)
	}
	// a bad row: typed error with file and line
	lines := strings.Split(bb.String(), "\n")
	lines[3] = strings.Split(lines[3], ",")[0] + ",0," + new(big.Int).Lsh(big.NewInt(1), 128).String()
	mustOK(t, os.WriteFile(bf, []byte(strings.Join(lines, "\n")), 0o600))
	_, err = StateRootFiles(ctx, af, bf, nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != StatusFileFormat || e.File != bf || e.Line != 4 {
		t.Fatalf("bad balance: %#v", err)
	}
	_, err = StateRootRows(ctx, append(acc, acc[2]), bal, nil)
	if !errors.As(err, &e) || e.File != "accounts" || e.Line != uint64(len(acc)+1) {
		t.Fatalf("duplicate account: %#v", err)
	}
}

// manyAccounts: the library reports progress about every 4096 accounts.
func manyAccounts() []StateAccount {
	acc := make([]StateAccount, 4200)
	for i := range acc {
		acc[i].ID = uint32(i)
		binary.BigEndian.PutUint32(acc[i].Address[16:], uint32(i+1))
	}
	return acc
}

func TestStateCancel(t *testing.T) {
	acc := manyAccounts()
	// a context cancelled from the progress callback
	ctx, cancel := context.WithCancel(context.Background())
	var seen []StateProgress
	_, err := StateRootRows(ctx, acc, nil, &StateOptions{BalanceDepth: 1, Progress: func(p StateProgress) bool {
		seen = append(seen, p)
		cancel()
		return true
	}})
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("want cancelled, got %v", err)
	}
	if len(seen) != 1 || seen[0].Phase != StatePhaseHashRows || seen[0].Accounts == 0 {
		t.Fatalf("progress %v", seen)
	}
	// already cancelled: refused at once
	if _, err := StateRootRows(ctx, acc, nil, nil); !errors.Is(err, ErrCancelled) {
		t.Fatalf("pre-cancelled: %v", err)
	}
	// the callback's false stops it too (with a small balance tree: fast)
	calls := 0
	_, err = StateRootRows(context.Background(), acc, nil, &StateOptions{BalanceDepth: 1,
		Progress: func(StateProgress) bool { calls++; return false }})
	if !errors.Is(err, ErrCancelled) || calls != 1 {
		t.Fatalf("callback stop: %v (%d calls)", err, calls)
	}
}

func TestStoredBlock(t *testing.T) {
	b := StoredBlock{BlockNumber: 7, PriorityOperations: 3, Timestamp: big.NewInt(1700000000)}
	for i := 0; i < 32; i++ {
		b.PendingOnchainOpsHash[i], b.StateHash[i], b.Commitment[i] = 0x11, 0x22, 0x33
	}
	word := func(n uint64) []byte { w := make([]byte, 32); binary.BigEndian.PutUint64(w[24:], n); return w }
	var enc []byte
	enc = append(enc, word(7)...)
	enc = append(enc, word(3)...)
	enc = append(enc, b.PendingOnchainOpsHash[:]...)
	enc = append(enc, word(1700000000)...)
	enc = append(enc, b.StateHash[:]...)
	enc = append(enc, b.Commitment[:]...)
	h, err := b.Hash()
	var want Hash
	copy(want[:], Keccak256(enc))
	if err != nil || h != want {
		t.Fatalf("hash %s %v", h, err)
	}
	sel := Keccak256([]byte("executeBlocks(((uint32,uint64,bytes32,uint256,bytes32,bytes32),bytes[])[])"))[:4]
	var cd []byte
	cd = append(cd, sel...)
	cd = append(cd, word(32)...)
	cd = append(cd, word(1)...)
	cd = append(cd, word(32)...)
	cd = append(cd, enc...)
	cd = append(cd, word(7*32)...)
	cd = append(cd, word(0)...)
	got, err := DecodeExecuteBlocks(cd, 7)
	if err != nil || got.StateHash != b.StateHash || got.Timestamp.Cmp(b.Timestamp) != 0 || got.BlockNumber != 7 {
		t.Fatalf("decode %+v %v", got, err)
	}
	if _, err := DecodeExecuteBlocks(cd, 8); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other block: %v", err)
	}
	if _, err := DecodeExecuteBlocks(cd[:60], 7); !errors.Is(err, ErrParse) {
		t.Fatalf("cut: %v", err)
	}
}

func TestFinalStateRootWithoutNode(t *testing.T) {
	e, err := NewEthRPC("http://127.0.0.1:9")
	mustOK(t, err)
	defer e.Close()
	if _, err := e.FinalStateRoot("0x"+strings.Repeat("ab", 20), 0, 0); err == nil {
		t.Fatal("no node: want an error")
	}
	if _, err := e.FinalStateRoot("0x12", 0, 0); !errors.Is(err, ErrInvalidArg) && !errors.Is(err, ErrInvalidAddress) {
		t.Fatalf("bad address: %v", err)
	}
}

// TestSecretsWiped: the C copies of mnemonics and passphrases are zeroed before free.
func TestSecretsWiped(t *testing.T) {
	const m = "test test test test test test test test test test test junk"
	var wiped [][]byte
	wipeHook = func(p unsafe.Pointer, n int) {
		wiped = append(wiped, append([]byte(nil), unsafe.Slice((*byte)(p), n)...))
	}
	defer func() { wipeHook = nil }()
	if _, err := MnemonicToSeed(m, "pass"); err != nil {
		t.Fatal(err)
	}
	mustOK(t, ValidateMnemonic(m))
	s, err := NewEthSignerFromMnemonic(m, "", "")
	mustOK(t, err)
	s.Close()
	sizes := map[int]int{}
	for _, w := range wiped {
		for _, c := range w {
			if c != 0 {
				t.Fatalf("a secret copy of %d bytes is not zero", len(w))
			}
		}
		sizes[len(w)]++
	}
	if sizes[len(m)+1] != 3 || sizes[len("pass")+1] != 1 {
		t.Fatalf("wiped copies by size: %v", sizes)
	}
}
