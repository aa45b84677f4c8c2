package zksync

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

const hashChain9 = "sync:12097b8af3cefde1596cbe5c151e143ccadabb1a"

func walletMock(t *testing.T, pkh string) *mockRPC {
	m := newMockRPC(t)
	side := func(bal map[string]string) map[string]interface{} {
		return map[string]interface{}{"balances": bal, "nonce": 3, "pubKeyHash": pkh,
			"nfts": map[string]interface{}{}, "mintedNfts": map[string]interface{}{}}
	}
	m.on("contract_address", constant(map[string]string{"mainContract": "0x" + strings.Repeat("11", 20),
		"govContract": "0x" + strings.Repeat("22", 20)}))
	m.on("account_info", constant(map[string]interface{}{"address": strings.ToLower(addr1), "id": 42,
		"depositing": map[string]interface{}{"balances": map[string]interface{}{}}, "accountType": "Owned",
		"committed": side(map[string]string{"ETH": "1000000000000000000"}), "verified": side(map[string]string{})}))
	m.on("tokens", constant(map[string]interface{}{"ETH": map[string]interface{}{"id": 0,
		"address": "0x0000000000000000000000000000000000000000", "symbol": "ETH", "decimals": 18}}))
	m.on("get_tx_fee", constant(map[string]string{"feeType": "Transfer", "gasTxAmount": "1", "gasPriceWei": "1",
		"gasFee": "1", "zkpFee": "1", "totalFee": "100000000000000"}))
	return m
}

func TestWalletReadsAndTransfer(t *testing.T) {
	m := walletMock(t, hashChain9)
	paramc := make(chan []json.RawMessage, 1) // the server runs on another goroutine
	m.on("tx_submit", func(p json.RawMessage) interface{} {
		var params []json.RawMessage
		json.Unmarshal(p, &params)
		paramc <- params
		return transferHash(t, params[0]) // the library compares the server's hash with its own
	})
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if a, err := w.Address(); err != nil || a != addr1 {
		t.Fatalf("address %s %v", a, err)
	}
	if h, raw, err := w.PubKeyHash(); err != nil || h != hashChain9 || hex.EncodeToString(raw) != hashChain9[5:] {
		t.Fatalf("pkh %s %v", h, err)
	}
	if id, err := w.AccountID(); err != nil || id != 42 {
		t.Fatalf("id %d %v", id, err)
	}
	if b, err := w.Balance("eth", false); err != nil || b.String() != "1000000000000000000" {
		t.Fatalf("balance %v %v", b, err)
	}
	if s, err := w.SigningKeyState(); err != nil || s != SigningKeyOurs {
		t.Fatalf("key state %d %v", s, err)
	}
	if w.L1() != nil {
		t.Fatal("L1 without EthRPC")
	}
	to := "0x1919191919191919191919191919191919191919"
	h, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil)
	if err != nil || !strings.HasPrefix(h, "sync-tx:") {
		t.Fatalf("transfer %s %v", h, err)
	}
	params := <-paramc
	var tx map[string]interface{}
	json.Unmarshal(params[0], &tx)
	sg := tx["signature"].(map[string]interface{})
	delete(tx, "signature")
	raw, _ := json.Marshal(tx)
	zs, _ := NewSignerFromEthPrivateKey(unhex(t, eth1), 9)
	defer zs.Close()
	st, err := zs.SignTxJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]interface{}
	json.Unmarshal(st.Tx, &back)
	if back["signature"].(map[string]interface{})["signature"] != sg["signature"] || tx["fee"] != "100000000000000" {
		t.Fatalf("submitted tx %v", tx)
	}
	var es struct{ Signature string }
	json.Unmarshal(params[1], &es)
	msg, _ := TxEthMessageJSON(raw, "ETH", 18, "")
	if r, err := RecoverAddress([]byte(msg), unhex(t, es.Signature)); err != nil || r.String() != addr1 {
		t.Fatalf("eth signature %v %v", r, err)
	}
	if n, _ := w.Nonce(); n != 4 {
		t.Fatalf("nonce %d", n)
	}
}

func TestWalletErrorsAndBorrowing(t *testing.T) {
	m := walletMock(t, "sync:0000000000000000000000000000000000000000")
	m.on("tx_submit", constant(&rpcFault{Code: 104, Message: "Fee is too low"}))
	p, _ := NewProvider(m.URL)
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.Transfer("0x1919191919191919191919191919191919191919", "ETH", big.NewInt(1), big.NewInt(10))
	wantStatus(t, err, ErrFeeTooLow)
	var ze *Error
	if !errors.As(err, &ze) || ze.ServerCode != 104 || !strings.Contains(ze.Detail, "Fee is too low") {
		t.Fatalf("error %#v", err)
	}
	_, err = w.Transfer("0x1919191919191919191919191919191919191919", "NOPE", big.NewInt(1), big.NewInt(10))
	wantStatus(t, err, ErrNotFound)
	_, err = w.Deposit("", "ETH", big.NewInt(1), 0)
	wantStatus(t, err, ErrState)
	_, err = NewWallet(p, nil, 0, unhex(t, eth1))
	wantStatus(t, err, ErrInvalidArg)
	p.Close() // closes the wallet first
	_, err = w.Nonce()
	wantStatus(t, err, ErrState)
}

func TestWalletExternalSigner(t *testing.T) {
	m := walletMock(t, hashChain9)
	p, _ := NewProvider(m.URL)
	defer p.Close()
	e, _ := NewEthSigner(unhex(t, eth1))
	defer e.Close()
	calls := 0
	w, err := NewWalletWithSigner(p, nil, 9, addr1, func(msg []byte) ([]byte, error) {
		calls++
		return e.SignMessage(msg)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h, _, err := w.PubKeyHash(); err != nil || h != hashChain9 || calls == 0 {
		t.Fatalf("pkh %s %v calls %d", h, err, calls)
	}
	w.Close()
	_, err = NewWalletWithSigner(p, nil, 9, addr1, func([]byte) ([]byte, error) { return nil, errors.New("no") }, nil)
	wantStatus(t, err, ErrSigner)
	w2, err := NewWalletFromMnemonic(p, nil, 9, hardhat, "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if a, _ := w2.Address(); a != "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" {
		t.Fatalf("mnemonic wallet %s", a)
	}
}

func TestL1ReadsAndRevert(t *testing.T) {
	word := func(v *big.Int) string { return "0x" + hex.EncodeToString(v.FillBytes(make([]byte, 32))) }
	m := newMockRPC(t)
	m.on("eth_chainId", constant("0x9"))
	m.on("eth_getBalance", constant("0x10"))
	m.on("eth_gasPrice", constant("0x1"))
	m.on("eth_getTransactionCount", constant("0x0"))
	m.on("eth_call", func(p json.RawMessage) interface{} {
		if strings.Contains(string(p), "0xdd62ed3e") { // allowance()
			return word(new(big.Int).Lsh(big.NewInt(1), 255))
		}
		return word(big.NewInt(5))
	})
	m.on("eth_estimateGas", constant(&rpcFault{Code: 3, Message: "execution reverted: f1"}))
	e, _ := NewEthRPC(m.URL)
	defer e.Close()
	e.SetRetries(0, 0)
	main := "0x" + strings.Repeat("11", 20)
	l1, err := NewL1(e, main, 9, unhex(t, eth1))
	if err != nil {
		t.Fatal(err)
	}
	if a, err := l1.Address(); err != nil || a != strings.ToLower(addr1) {
		t.Fatalf("address %s %v", a, err)
	}
	if b, err := l1.Balance(EthTokenAddress, ""); err != nil || b.Int64() != 16 {
		t.Fatalf("balance %v %v", b, err)
	}
	if b, err := l1.PendingBalance("", EthTokenAddress); err != nil || b.Int64() != 5 {
		t.Fatalf("pending %v %v", b, err)
	}
	token := "0x" + strings.Repeat("33", 20)
	if ok, err := l1.IsERC20Approved(token, nil); err != nil || !ok {
		t.Fatalf("approved %v %v", ok, err)
	}
	_, err = l1.DepositETH("", big.NewInt(1e15), 0)
	wantStatus(t, err, ErrL1Revert)
	if ze := err.(*Error); !strings.Contains(ze.RevertReason, "f1") {
		t.Fatalf("revert reason %q", ze.RevertReason)
	}
	_, err = NewL1(e, main, 1, unhex(t, eth1))
	wantStatus(t, err, ErrWrongChain)
	e.Close() // closes l1 first
	_, err = l1.Address()
	wantStatus(t, err, ErrState)
}

// transferHash is the server's hash of a Transfer given as JSON.
func transferHash(t *testing.T, raw json.RawMessage) string {
	var j struct {
		AccountID             uint32 `json:"accountId"`
		From, To              string
		Token                 uint32
		Amount, Fee           string
		Nonce                 uint32
		ValidFrom, ValidUntil uint64
	}
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Error(err)
		return ""
	}
	from, _ := ParseAddress(strings.ToLower(j.From))
	to, _ := ParseAddress(strings.ToLower(j.To))
	amount, _ := new(big.Int).SetString(j.Amount, 10)
	fee, _ := new(big.Int).SetString(j.Fee, 10)
	_, h, err := TxHash(&Transfer{AccountID: j.AccountID, From: from, To: to, Token: j.Token, Amount: amount, Fee: fee,
		Nonce: j.Nonce, ValidFrom: j.ValidFrom, ValidUntil: j.ValidUntil})
	if err != nil {
		t.Error(err)
	}
	return h
}

func TestWalletMaxFee(t *testing.T) {
	m := walletMock(t, hashChain9)
	var submits int32 // the server runs on another goroutine
	m.on("tx_submit", func(p json.RawMessage) interface{} {
		var params []json.RawMessage
		json.Unmarshal(p, &params)
		atomic.AddInt32(&submits, 1)
		return transferHash(t, params[0])
	})
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	mustOK(t, err)
	defer w.Close()
	to := "0x1919191919191919191919191919191919191919"
	mustOK(t, w.SetMaxFee("ETH", big.NewInt(1e14-1))) // the mock quotes 10^14
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil); !errors.Is(err, ErrFeeTooHigh) || atomic.LoadInt32(&submits) != 0 {
		t.Fatalf("want ErrFeeTooHigh before any submit, got %v (%d submits)", err, submits)
	}
	mustOK(t, w.SetMaxFee("ETH", nil))
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil); err != nil || atomic.LoadInt32(&submits) != 1 {
		t.Fatalf("uncapped: %v (%d submits)", err, submits)
	}
	// this call's cap: refused above it, before any submit; paid under it, in place of the wallet's cap
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil, WithMaxFee(big.NewInt(1e14-1))); !errors.Is(err, ErrFeeTooHigh) ||
		!strings.Contains(err.Error(), "this call's cap") || atomic.LoadInt32(&submits) != 1 {
		t.Fatalf("per-call cap: %v (%d submits)", err, submits)
	}
	mustOK(t, w.SetMaxFee("ETH", big.NewInt(1)))
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil, WithMaxFee(big.NewInt(1e14))); err != nil || atomic.LoadInt32(&submits) != 2 {
		t.Fatalf("under this call's cap: %v (%d submits)", err, submits)
	}
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), big.NewInt(1e14), WithMaxFee(big.NewInt(1))); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("fee and cap both: %v", err)
	}
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil, WithMaxFee(big.NewInt(-1))); !errors.Is(err, ErrInvalidAmount) {
		t.Fatalf("negative cap: %v", err)
	}
}

func TestWalletDoubtAndJournal(t *testing.T) {
	m := walletMock(t, hashChain9)
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	mustOK(t, err)
	defer w.Close()
	if d, err := w.Doubt(); err != nil || d.Open || d.Resolved != WalletResolvedNone {
		t.Fatalf("doubt %+v %v", d, err)
	}
	if d, err := w.Resolve(0); err != nil || d.Open {
		t.Fatalf("resolve %+v %v", d, err)
	}
	dir := t.TempDir()
	mustOK(t, w.SetJournal(filepath.Join(dir, "wallet.journal")))
	mustOK(t, w.SetJournal(""))
	bad := filepath.Join(dir, "bad.journal")
	mustOK(t, os.WriteFile(bad, []byte("not a journal record\n"), 0o600))
	if err := w.SetJournal(bad); !errors.Is(err, ErrFileFormat) {
		t.Fatalf("bad journal: %v", err)
	}
}

func TestL1DoubtRestore(t *testing.T) {
	m := newMockRPC(t)
	m.on("eth_chainId", constant("0x9"))
	e, _ := NewEthRPC(m.URL)
	defer e.Close()
	l1, err := NewL1(e, "0x"+strings.Repeat("11", 20), 9, unhex(t, eth1))
	mustOK(t, err)
	defer l1.Close()
	if d, err := l1.Doubt(); err != nil || d.Open {
		t.Fatalf("doubt %+v %v", d, err)
	}
	if err := l1.RestoreDoubt(nil, 3); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("empty raw: %v", err)
	}
	raw := append(unhex(t, "02f86b0980843b9aca00850ba43b740082520894"), make([]byte, 40)...)
	mustOK(t, l1.RestoreDoubt(raw, 3))
	d, err := l1.Doubt()
	if err != nil || !d.Open || d.Nonce != 3 || string(d.Raw) != string(raw) || d.TxHash != "0x"+hex.EncodeToString(Keccak256(raw)) {
		t.Fatalf("restored %+v %v", d, err)
	}
	if err := l1.RestoreDoubt(raw, 4); !errors.Is(err, ErrState) {
		t.Fatalf("second restore: %v", err)
	}
}
