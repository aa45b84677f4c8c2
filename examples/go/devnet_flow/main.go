// Command devnet_flow runs the full zkSync Lite flow on the local devnet with the Go binding.
//
//	make bindings
//	tests/devnet/start.sh /tmp/dn.json
//	export PKG_CONFIG_PATH=$PWD/build/bindings/pkgconfig LD_LIBRARY_PATH=$PWD/build
//	cd examples/go && GOPROXY=off go run ./devnet_flow /tmp/dn.json
//	tests/devnet/stop.sh /tmp/dn.json
//
// Two wallets (the devnet's accounts[5] and [6]): deposit ETH and an ERC20 (approve +
// deposit), set the signing keys with an ECDSA signature, transfer, swap two limit orders,
// mint an NFT and transfer it, a fast withdrawal and the pending-balance withdrawal on L1.
// Every step prints "ok <step>" (with hashes and balances) or "FAIL <step>: <why>"; the
// first failure ends the program with status 1.
package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/libzksync/libzksync/bindings/go/zksync"
)

const wait = 30 * time.Second

type devnetState struct {
	L1URL     string `json:"l1Url"`
	ZksyncURL string `json:"zksyncUrl"`
	ChainID   uint64 `json:"chainId"`
	Accounts  []struct {
		Address    string `json:"address"`
		PrivateKey string `json:"privateKey"`
	} `json:"accounts"`
}

var (
	eth  = pow10(18)
	usdc = pow10(6)
)

func pow10(n int64) *big.Int           { return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil) }
func mul(a *big.Int, n int64) *big.Int { return new(big.Int).Mul(a, big.NewInt(n)) }
func div(a *big.Int, n int64) *big.Int { return new(big.Int).Div(a, big.NewInt(n)) }
func add(a, b *big.Int) *big.Int       { return new(big.Int).Add(a, b) }
func sub(a, b *big.Int) *big.Int       { return new(big.Int).Sub(a, b) }

// must turns an error into a step failure (recovered by run).
func must(err error, what string) {
	if err != nil {
		panic(stepError(fmt.Sprintf("%s: %v", what, err)))
	}
}

func check(cond bool, format string, args ...interface{}) {
	if !cond {
		panic(stepError(fmt.Sprintf(format, args...)))
	}
}

type stepError string

type flow struct {
	a, b         *zksync.Wallet
	addrA, addrB string
	prov         *zksync.Provider
	ids          map[string]uint32
}

func fmtUnits(v *big.Int, dec uint32) string {
	s, err := zksync.FormatUnits(v, dec)
	if err != nil {
		return v.String()
	}
	return s
}

func (f *flow) bal(w *zksync.Wallet) map[string]*big.Int {
	m := map[string]*big.Int{}
	for _, t := range []string{"ETH", "DAI", "USDC"} {
		v, err := w.Balance(t, false)
		must(err, "balance "+t)
		m[t] = v
	}
	return m
}

func (f *flow) show() {
	for _, x := range []struct {
		name string
		w    *zksync.Wallet
	}{{"A", f.a}, {"B", f.b}} {
		m := f.bal(x.w)
		l1, err := x.w.L1Balance("ETH")
		must(err, "L1 balance")
		fmt.Printf("      %s L2: %s ETH, %s DAI, %s USDC   L1: %s ETH\n", x.name, fmtUnits(m["ETH"], 18),
			fmtUnits(m["DAI"], 18), fmtUnits(m["USDC"], 6), fmtUnits(l1, 18))
	}
}

func (f *flow) waitTx(w *zksync.Wallet, what, h string, level zksync.WaitLevel) {
	st, err := w.WaitTx(h, level, wait)
	must(err, what+" "+h)
	check(st.Success != nil && *st.Success && st.Block != nil, "%s %s not successful: %+v", what, h, st)
	name := "committed"
	if level == zksync.Verified {
		name = "verified"
	}
	fmt.Printf("      %-20s %s -> %s in block %d\n", what, h, name, st.Block.Number)
}

func (f *flow) waitL1(w *zksync.Wallet, what string, r *zksync.L1Result) {
	fmt.Printf("      %-20s L1 tx %s (block %d, gas %d)\n", what, r.TxHash, r.BlockNumber, r.GasUsed)
	check(r.Mined, "%s: L1 tx not mined", what)
	if r.SerialID != nil {
		st, err := w.WaitEthOp(*r.SerialID, zksync.Committed, wait)
		must(err, what+" priority op")
		check(st.Success != nil && *st.Success && st.Block != nil, "%s: priority op #%d failed", what, *r.SerialID)
		fmt.Printf("      %-20s priority op #%d -> committed in block %d\n", "", *r.SerialID, st.Block.Number)
	}
}

func eq(m map[string]*big.Int, want map[string]*big.Int) bool {
	for k, v := range want {
		if m[k].Cmp(v) != 0 {
			return false
		}
	}
	return true
}

func (f *flow) deposits() {
	for _, x := range []struct {
		name, tok string
		w         *zksync.Wallet
		amount    *big.Int
	}{{"A", "DAI", f.a, mul(eth, 1000)}, {"B", "USDC", f.b, mul(usdc, 500)}} {
		r, err := x.w.Deposit("", "ETH", mul(eth, 2), wait)
		must(err, x.name+" deposit ETH")
		f.waitL1(x.w, x.name+" deposit ETH", r)
		tok, err := f.prov.ResolveToken(x.tok)
		must(err, "resolve "+x.tok)
		l1 := x.w.L1()
		check(l1 != nil, "no L1 layer")
		ok, err := l1.IsERC20Approved(tok.Address, nil)
		must(err, "is approved")
		check(!ok, "%s %s approved before the approve", x.name, x.tok)
		ap, err := l1.ApproveERC20(tok.Address, nil, wait) // unlimited
		must(err, x.name+" approve "+x.tok)
		check(ap.Mined, "%s approve not mined", x.name)
		fmt.Printf("      %-20s L1 tx %s\n", x.name+" approve "+x.tok, ap.TxHash)
		ok, err = l1.IsERC20Approved(tok.Address, nil)
		must(err, "is approved")
		check(ok, "%s %s not approved after the approve", x.name, x.tok)
		before, err := x.w.L1Balance(x.tok)
		must(err, "L1 balance")
		r, err = x.w.Deposit("", x.tok, x.amount, wait)
		must(err, x.name+" deposit "+x.tok)
		f.waitL1(x.w, x.name+" deposit "+x.tok, r)
		check(r.ApproveTxHash == "", "%s deposit %s approved again", x.name, x.tok)
		after, err := x.w.L1Balance(x.tok)
		must(err, "L1 balance")
		check(sub(before, after).Cmp(x.amount) == 0, "%s L1 %s did not drop by the deposit", x.name, x.tok)
		id, err := x.w.AccountID()
		must(err, "account id")
		f.ids[x.name] = id
	}
	f.show()
	zero := big.NewInt(0)
	check(eq(f.bal(f.a), map[string]*big.Int{"ETH": mul(eth, 2), "DAI": mul(eth, 1000), "USDC": zero}), "A balances %v", f.bal(f.a))
	check(eq(f.bal(f.b), map[string]*big.Int{"ETH": mul(eth, 2), "DAI": zero, "USDC": mul(usdc, 500)}), "B balances %v", f.bal(f.b))
	fmt.Printf("      account ids: A %d, B %d\n", f.ids["A"], f.ids["B"])
}

func (f *flow) signingKeys() {
	for _, x := range []struct {
		name string
		w    *zksync.Wallet
	}{{"A", f.a}, {"B", f.b}} {
		ks, err := x.w.SigningKeyState()
		must(err, "key state")
		check(ks == zksync.SigningKeyNone, "%s key state before: %d", x.name, ks)
		h, err := x.w.SetSigningKey(zksync.CpkECDSA, "ETH", nil)
		must(err, x.name+" set signing key")
		f.waitTx(x.w, x.name+" ChangePubKey", h, zksync.Committed)
		ks, err = x.w.SigningKeyState()
		must(err, "key state")
		check(ks == zksync.SigningKeyOurs, "%s key state after: %d", x.name, ks)
	}
}

func (f *flow) transfer() {
	ba, bb := f.bal(f.a), f.bal(f.b)
	amount := div(eth, 10)
	h, err := f.a.Transfer(f.addrB, "ETH", amount, nil)
	must(err, "transfer")
	f.waitTx(f.a, "A -> B 0.1 ETH", h, zksync.Committed)
	f.show()
	na, nb := f.bal(f.a), f.bal(f.b)
	check(nb["ETH"].Cmp(add(bb["ETH"], amount)) == 0, "B did not get exactly 0.1 ETH")
	paid := sub(ba["ETH"], na["ETH"])
	check(paid.Cmp(amount) > 0 && paid.Cmp(add(amount, div(eth, 100))) < 0, "A paid %s", paid)
}

func (f *flow) swap() {
	ba, bb := f.bal(f.a), f.bal(f.b)
	oa, err := f.a.SignOrder("", "DAI", "USDC", eth, usdc, nil) // A sells DAI for USDC at 1:1
	must(err, "order A")
	ob, err := f.b.SignOrder("", "USDC", "DAI", usdc, eth, nil) // B sells USDC for DAI at 1:1
	must(err, "order B")
	h, err := f.a.Swap(oa, ob, mul(eth, 5), mul(usdc, 5), "ETH", nil)
	must(err, "swap")
	f.waitTx(f.a, "swap 5 DAI/5 USDC", h, zksync.Committed)
	f.show()
	na, nb := f.bal(f.a), f.bal(f.b)
	check(eq(na, map[string]*big.Int{"DAI": sub(ba["DAI"], mul(eth, 5)), "USDC": add(ba["USDC"], mul(usdc, 5))}), "A swap amounts")
	check(eq(nb, map[string]*big.Int{"DAI": add(bb["DAI"], mul(eth, 5)), "USDC": sub(bb["USDC"], mul(usdc, 5))}), "B swap amounts")
	check(na["ETH"].Cmp(ba["ETH"]) < 0 && nb["ETH"].Cmp(bb["ETH"]) == 0, "swap fee not paid by A in ETH")
}

func (f *flow) nft() {
	var content [32]byte
	copy(content[:], zksync.Keccak256([]byte("libzksync go devnet flow")))
	h, err := f.a.MintNFT("", content, "ETH", nil)
	must(err, "mint")
	f.waitTx(f.a, "A MintNFT", h, zksync.Committed)
	id, err := f.prov.GetNFTIDByTxHash(h)
	must(err, "NFT id")
	fmt.Printf("      NFT id %d\n", id)
	h1, h2, err := f.a.TransferNFT(f.addrB, id, "ETH", nil)
	must(err, "transfer NFT")
	f.waitTx(f.a, "NFT transfer", h1, zksync.Committed)
	f.waitTx(f.a, "fee transfer", h2, zksync.Committed)
	var owner uint32
	for end := time.Now().Add(wait); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		// get_nft_owner answers from the verified state: not found until then
		if owner, err = f.prov.GetNFTOwner(id); err == nil && owner == f.ids["B"] {
			break
		} else if err != nil && !errors.Is(err, zksync.ErrNotFound) {
			must(err, "NFT owner")
		}
	}
	check(owner == f.ids["B"], "NFT %d owner is %d, B is %d", id, owner, f.ids["B"])
	fmt.Printf("      NFT %d owner: account %d (B)\n", id, owner)
}

func (f *flow) withdraw() {
	before, err := f.a.Balance("ETH", false)
	must(err, "balance")
	h, err := f.a.Withdraw("", "ETH", div(eth, 2), nil, true)
	must(err, "withdraw")
	f.waitTx(f.a, "A fast withdraw", h, zksync.Verified)
	after, err := f.a.Balance("ETH", false)
	must(err, "balance")
	check(sub(before, after).Cmp(div(eth, 2)) > 0, "A's L2 ETH did not drop by 0.5 ETH + fee")
}

func (f *flow) pending() {
	l1 := f.a.L1()
	half := div(eth, 2)
	var pend *big.Int
	var err error
	for end := time.Now().Add(wait); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		pend, err = l1.PendingBalance("", zksync.EthTokenAddress)
		must(err, "pending balance")
		if pend.Sign() != 0 {
			break
		}
	}
	fmt.Printf("      A pending %s ETH\n", fmtUnits(pend, 18))
	check(pend.Cmp(half) == 0, "pending balance %s", pend)
	before, err := f.a.L1Balance("ETH")
	must(err, "L1 balance")
	r, err := f.a.WithdrawPendingBalance("ETH", nil, wait)
	must(err, "withdraw pending")
	f.waitL1(f.a, "A withdrawPending", r)
	after, err := f.a.L1Balance("ETH")
	must(err, "L1 balance")
	pend, err = l1.PendingBalance("", zksync.EthTokenAddress)
	must(err, "pending balance")
	check(pend.Sign() == 0, "pending balance not 0 after withdrawal")
	got := sub(after, before)
	check(got.Cmp(half) < 0 && got.Cmp(sub(half, div(eth, 100))) > 0, "L1 ETH went up by %s", got)
	f.show()
}

func run(name string, fn func()) (ok bool) {
	t0 := time.Now()
	defer func() {
		if r := recover(); r != nil {
			msg, isStep := r.(stepError)
			if !isStep {
				panic(r)
			}
			fmt.Printf("FAIL %s: %s\n", name, msg)
			ok = false
		}
	}()
	fn()
	fmt.Printf("ok %s (%.1f s)\n", name, time.Since(t0).Seconds())
	return true
}

func main() { os.Exit(realMain()) }

func realMain() int {
	if len(os.Args) != 2 {
		fmt.Fprintf(os.Stderr, "usage: %s <devnet state file>\n", os.Args[0])
		return 2
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var s devnetState
	if err := json.Unmarshal(raw, &s); err != nil || len(s.Accounts) < 7 {
		fmt.Fprintf(os.Stderr, "bad devnet state %s: %v\n", os.Args[1], err)
		return 2
	}
	fmt.Printf("libzksync %s (go) on zkSync %s, L1 %s\n", zksync.Version(), s.ZksyncURL, s.L1URL)

	f := &flow{ids: map[string]uint32{}}
	var closers []interface{ Close() error }
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	ok := run("setup", func() {
		mk := func(i int) *zksync.Wallet {
			p, err := zksync.NewProvider(s.ZksyncURL)
			must(err, "provider")
			e, err := zksync.NewEthRPC(s.L1URL)
			must(err, "eth rpc")
			closers = append(closers, p, e)
			key, err := hex.DecodeString(strings.TrimPrefix(s.Accounts[i].PrivateKey, "0x"))
			must(err, "key")
			w, err := zksync.NewWallet(p, e, s.ChainID, key)
			must(err, "wallet")
			closers = append([]interface{ Close() error }{w}, closers...)
			return w
		}
		f.a, f.b = mk(5), mk(6)
		p, err := zksync.NewProvider(s.ZksyncURL)
		must(err, "provider")
		closers = append(closers, p)
		f.prov = p
		f.addrA, err = f.a.Address()
		must(err, "address")
		f.addrB, err = f.b.Address()
		must(err, "address")
		pa, _, err := f.a.PubKeyHash()
		must(err, "pubkey hash")
		pb, _, err := f.b.PubKeyHash()
		must(err, "pubkey hash")
		check(strings.EqualFold(f.addrA, s.Accounts[5].Address) && strings.EqualFold(f.addrB, s.Accounts[6].Address),
			"wallet addresses differ from the state file")
		fmt.Printf("  A %s  zkSync key %s\n  B %s  zkSync key %s\n", f.addrA, pa, f.addrB, pb)
	})
	steps := []struct {
		name string
		fn   func()
	}{{"deposit", f.deposits}, {"signing_key", f.signingKeys}, {"transfer", f.transfer}, {"swap", f.swap},
		{"nft", f.nft}, {"withdraw", f.withdraw}, {"withdraw_pending", f.pending}}
	for i, st := range steps {
		if !ok {
			break
		}
		fmt.Printf("\n[%d] %s\n", i+1, st.name)
		ok = run(st.name, st.fn)
	}
	if !ok {
		fmt.Println("\ngo devnet flow: FAILED")
		return 1
	}
	fmt.Println("\ngo devnet flow: all steps passed")
	return 0
}
