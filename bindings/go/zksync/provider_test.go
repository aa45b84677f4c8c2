package zksync

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type rpcFault struct {
	Code    int         `json:"code"`
	Message string      `json:"message"`
	Data    interface{} `json:"data,omitempty"`
}

// mockRPC is a JSON-RPC 2.0 server for provider tests; a handler returns a
// result or a *rpcFault.
type mockRPC struct {
	*httptest.Server
	mu       sync.Mutex
	handlers map[string]func(params json.RawMessage) interface{}
	requests []map[string]json.RawMessage
}

func newMockRPC(t *testing.T) *mockRPC {
	m := &mockRPC{handlers: map[string]func(json.RawMessage) interface{}{}}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req map[string]json.RawMessage
		json.Unmarshal(body, &req)
		var method string
		json.Unmarshal(req["method"], &method)
		m.mu.Lock()
		m.requests = append(m.requests, req)
		h := m.handlers[method]
		m.mu.Unlock()
		resp := map[string]interface{}{"jsonrpc": "2.0", "id": req["id"]}
		if h == nil {
			resp["error"] = rpcFault{Code: -32601, Message: "no method"}
		} else if r := h(req["params"]); r != nil {
			if f, ok := r.(*rpcFault); ok {
				resp["error"] = f
			} else {
				resp["result"] = r
			}
		} else {
			resp["result"] = nil
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *mockRPC) on(method string, f func(json.RawMessage) interface{}) {
	m.mu.Lock()
	m.handlers[method] = f
	m.mu.Unlock()
}

func constant(v interface{}) func(json.RawMessage) interface{} {
	return func(json.RawMessage) interface{} { return v }
}

func TestProviderReads(t *testing.T) {
	m := newMockRPC(t)
	m.on("account_info", constant(map[string]interface{}{
		"address": strings.ToLower(addr1), "id": 42, "accountType": "Owned",
		"depositing": map[string]interface{}{"balances": map[string]interface{}{"ETH": map[string]interface{}{"amount": "5", "expectedAcceptBlock": 9}}},
		"committed": map[string]interface{}{"balances": map[string]string{"ETH": "1500000000000000000", "USDC": "7"}, "nonce": 3,
			"pubKeyHash": "sync:99121ab1f147434b18406cd173113ad3035bf760", "nfts": map[string]interface{}{}, "mintedNfts": map[string]interface{}{}},
		"verified": map[string]interface{}{"balances": map[string]string{}, "nonce": 2,
			"pubKeyHash": "sync:0000000000000000000000000000000000000000", "nfts": map[string]interface{}{}, "mintedNfts": map[string]interface{}{}},
	}))
	m.on("tokens", constant(map[string]interface{}{
		"ETH":  map[string]interface{}{"id": 0, "address": "0x0000000000000000000000000000000000000000", "symbol": "ETH", "decimals": 18},
		"USDC": map[string]interface{}{"id": 2, "address": "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "symbol": "USDC", "decimals": 6},
	}))
	m.on("tx_info", constant(map[string]interface{}{"executed": true, "success": false, "failReason": "Nonce mismatch",
		"block": map[string]interface{}{"blockNumber": 5, "committed": true, "verified": false}}))
	m.on("get_zksync_version", constant("contracts-7"))
	m.on("get_eth_tx_for_withdrawal", constant(nil))
	m.on("echo", func(p json.RawMessage) interface{} { return p })
	p, err := NewProvider(m.URL + "/jsrpc")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.SetRetries(0, 0); err != nil {
		t.Fatal(err)
	}
	a, err := p.AccountInfo(addr1)
	if err != nil || a.ID == nil || *a.ID != 42 || a.Committed.Nonce != 3 || a.Verified.Nonce != 2 ||
		a.Committed.Balance("usdc").Int64() != 7 || a.Committed.Balance("DAI").Sign() != 0 ||
		len(a.Depositing) != 1 || a.Depositing[0].ExpectedAcceptBlock != 9 || len(a.Raw) == 0 {
		t.Fatalf("account %+v %v", a, err)
	}
	toks, err := p.Tokens()
	if err != nil || len(toks) != 2 || toks[1].Symbol != "USDC" || toks[1].Decimals != 6 {
		t.Fatalf("tokens %+v %v", toks, err)
	}
	if tk, err := p.ResolveToken("usdc"); err != nil || tk.ID != 2 {
		t.Fatalf("resolve %+v %v", tk, err)
	}
	ti, err := p.TxInfo("sync-tx:" + strings.Repeat("ab", 32))
	if err != nil || !ti.Executed || ti.Success == nil || *ti.Success || ti.Block.Number != 5 || ti.FailReason != "Nonce mismatch" {
		t.Fatalf("tx info %+v %v", ti, err)
	}
	if v, err := p.GetZksyncVersion(); err != nil || v != "contracts-7" {
		t.Fatalf("version %q %v", v, err)
	}
	_, err = p.GetEthTxForWithdrawal("sync-tx:" + strings.Repeat("ab", 32))
	wantStatus(t, err, ErrNotFound)
	r, err := p.Call("echo", []interface{}{1, "x"}, true)
	if err != nil || string(r) != `[1,"x"]` {
		t.Fatalf("call %s %v", r, err)
	}
	p.Close()
	_, err = p.Tokens()
	wantStatus(t, err, ErrState)
}

// After the 2026 shutdown: code 305 is ErrNetworkShutDown after one request (no
// retry); the server's scale-100 price comes back exact; error data is kept.
func TestProviderShutdownAndPrice(t *testing.T) {
	m := newMockRPC(t)
	m.on("tx_submit", constant(&rpcFault{Code: 305, Message: "L2 transactions are disabled."}))
	m.on("get_token_price", constant("1826.748271"+strings.Repeat("0", 94)))
	m.on("tx_info", constant(&rpcFault{Code: 300, Message: "Error communicating core server", Data: "mempool is not responding"}))
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(3, 10*time.Millisecond)
	m.mu.Lock()
	n0 := len(m.requests)
	m.mu.Unlock()
	_, err := p.SubmitTx(json.RawMessage(`{"type":"Transfer"}`), nil, false, "")
	wantStatus(t, err, ErrNetworkShutDown)
	var ze *Error
	if !errors.As(err, &ze) || ze.ServerCode != 305 || ze.Detail != "L2 transactions are disabled." {
		t.Fatalf("error %#v", err)
	}
	m.mu.Lock()
	n := len(m.requests) - n0
	m.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d requests for a 305, want 1", n)
	}
	price, err := p.GetTokenPrice("ETH")
	if err != nil || price != "1826.748271" {
		t.Fatalf("price %q %v", price, err)
	}
	_, err = p.TxInfo("sync-tx:" + strings.Repeat("ab", 32))
	wantStatus(t, err, ErrRPC)
	if d := p.LastErrorData(); d != "mempool is not responding" {
		t.Fatalf("error data %q", d)
	}
}

func TestProviderErrors(t *testing.T) {
	m := newMockRPC(t)
	m.on("tx_submit", constant(&rpcFault{Code: 104, Message: "Fee is too low"}))
	m.on("account_info", constant(&rpcFault{Code: -32000, Message: "boom"}))
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	_, err := p.SubmitTx(json.RawMessage(`{"type":"Transfer"}`), nil, false, "")
	wantStatus(t, err, ErrFeeTooLow)
	var ze *Error
	if !errors.As(err, &ze) || ze.ServerCode != 104 || !strings.Contains(ze.Detail, "Fee is too low") {
		t.Fatalf("error %#v", err)
	}
	if s, code, _ := p.LastError(); s != StatusFeeTooLow || code != 104 {
		t.Fatalf("last error %v %d", s, code)
	}
	_, err = p.AccountInfo(addr1)
	wantStatus(t, err, ErrRPC)
	_, err = p.TxInfo("nonsense")
	wantStatus(t, err, ErrInvalidArg)
	_, err = NewProvider("ftp://example.com")
	wantStatus(t, err, ErrInvalidArg)
	q, _ := NewProvider("http://127.0.0.1:9/")
	defer q.Close()
	q.SetRetries(0, 0)
	q.SetTimeouts(500*time.Millisecond, time.Second)
	_, err = q.GetZksyncVersion()
	if !errors.Is(err, ErrNetwork) && !errors.Is(err, ErrTimeout) {
		t.Fatalf("unreachable: %v", err)
	}
}

func TestSubmitSignedTx(t *testing.T) {
	s := loadSample(t)
	m := newMockRPC(t)
	var v map[string]json.RawMessage
	for _, x := range s.Vectors {
		var name string
		json.Unmarshal(x["name"], &name)
		if name == "transfer_eth" {
			v = x
		}
	}
	var m0 map[string]interface{}
	json.Unmarshal(v["json"], &m0)
	delete(m0, "signature")
	raw, _ := json.Marshal(m0)
	zs, _ := NewSignerFromEthPrivateKey(unhex(t, s.Keys.EthPrivateKey), s.ChainID)
	defer zs.Close()
	st, err := zs.SignTxJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := st.TxHash                       // the server's hash: the library compares it with its own
	gotc := make(chan []json.RawMessage, 1) // the server runs on another goroutine
	m.on("tx_submit", func(p json.RawMessage) interface{} {
		var got []json.RawMessage
		json.Unmarshal(p, &got)
		gotc <- got
		return want
	})
	var es struct{ Signature string }
	json.Unmarshal(v["ethSignature"], &es)
	p, _ := NewProvider(m.URL)
	defer p.Close()
	h, err := p.Submit(st, unhex(t, es.Signature), false)
	got := <-gotc
	if err != nil || h != want || !strings.HasPrefix(h, "sync-tx:") || len(got) != 3 {
		t.Fatalf("submit %s %v %s", h, err, got)
	}
	var sig map[string]string
	json.Unmarshal(got[1], &sig)
	if sig["type"] != "EthereumSignature" || sig["signature"] != es.Signature || string(got[2]) != "null" {
		t.Fatalf("params %s", got)
	}
}

func TestEthRPC(t *testing.T) {
	m := newMockRPC(t)
	m.on("eth_chainId", constant("0x9"))
	m.on("eth_blockNumber", constant("0x10"))
	m.on("eth_gasPrice", constant("0x3b9aca00"))
	m.on("eth_getBalance", constant("0xde0b6b3a7640000"))
	m.on("eth_getTransactionCount", constant("0x5"))
	m.on("eth_call", constant("0x"+strings.Repeat("00", 31)+"2a"))
	m.on("eth_estimateGas", constant("0x5208"))
	e, err := NewEthRPC(m.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.SetRetries(0, 0)
	if id, err := e.ChainID(); err != nil || id != 9 {
		t.Fatalf("chain %d %v", id, err)
	}
	if n, err := e.BlockNumber(); err != nil || n != 16 {
		t.Fatalf("block %d %v", n, err)
	}
	if g, err := e.GasPrice(); err != nil || g.Int64() != 1e9 {
		t.Fatalf("gas price %v %v", g, err)
	}
	if b, err := e.GetBalance(addr1, ""); err != nil || b.String() != "1000000000000000000" {
		t.Fatalf("balance %v %v", b, err)
	}
	if n, err := e.GetNonce(addr1, ""); err != nil || n != 5 {
		t.Fatalf("nonce %d %v", n, err)
	}
	out, err := e.CallContract("", "0x"+strings.Repeat("11", 20), []byte{1, 2}, "")
	if err != nil || hex.EncodeToString(out) != strings.Repeat("00", 31)+"2a" {
		t.Fatalf("call %x %v", out, err)
	}
	if g, err := e.EstimateGas("", "0x"+strings.Repeat("11", 20), nil, nil); err != nil || g != 21000 {
		t.Fatalf("estimate %d %v", g, err)
	}
}
