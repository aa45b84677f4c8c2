package zksync

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memJournal is an in-memory WalletJournal and L1Journal that logs how many
// sends the server had seen at each call.
type memJournal struct {
	mu      sync.Mutex
	m       *mockRPC
	record  []byte
	l1      *L1Doubt
	log     []string
	failErr error
}

func (j *memJournal) sent() int {
	j.m.mu.Lock()
	defer j.m.mu.Unlock()
	n := 0
	for _, r := range j.m.requests {
		var method string
		json.Unmarshal(r["method"], &method)
		if method == "tx_submit" || method == "eth_sendRawTransaction" {
			n++
		}
	}
	return n
}

func (j *memJournal) note(what string) {
	n := j.sent()
	j.mu.Lock()
	j.log = append(j.log, what+":"+string(rune('0'+n)))
	j.mu.Unlock()
}

func (j *memJournal) Save(record []byte) error {
	if j.failErr != nil {
		return j.failErr
	}
	j.mu.Lock()
	j.record = append([]byte(nil), record...)
	j.mu.Unlock()
	j.note("save")
	return nil
}

func (j *memJournal) Clear() error {
	j.mu.Lock()
	j.record, j.l1 = nil, nil
	j.mu.Unlock()
	j.note("clear")
	return nil
}

type memL1Journal struct{ *memJournal }

func (j memL1Journal) Save(d L1Doubt) error {
	if j.failErr != nil {
		return j.failErr
	}
	j.mu.Lock()
	j.l1 = &d
	j.mu.Unlock()
	j.note("save")
	return nil
}

func (j *memJournal) snapshot() ([]byte, []string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.record, append([]string(nil), j.log...)
}

func submitCount(m *mockRPC, method string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, r := range m.requests {
		var got string
		json.Unmarshal(r["method"], &got)
		if got == method {
			n++
		}
	}
	return n
}

func TestWalletJournalHook(t *testing.T) {
	m := walletMock(t, hashChain9)
	j := &memJournal{m: m}
	var atSubmit atomic.Value // the record stored when the bytes arrived
	m.on("tx_submit", func(p json.RawMessage) interface{} {
		rec, _ := j.snapshot()
		atSubmit.Store(rec)
		var params []json.RawMessage
		json.Unmarshal(p, &params)
		return transferHash(t, params[0])
	})
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	mustOK(t, err)
	defer w.Close()
	mustOK(t, w.SetJournalHook(j, nil))
	to := "0x1919191919191919191919191919191919191919"
	h, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil)
	mustOK(t, err)
	rec, _ := atSubmit.Load().([]byte)
	if !bytes.HasPrefix(rec, []byte("zks-wallet-doubt 1\n")) || !bytes.Contains(rec, []byte("hash "+h+"\n")) ||
		!bytes.Contains(rec, []byte("\nnonce 3\n")) {
		t.Fatalf("record at submit: %q", rec)
	}
	if r, log := j.snapshot(); r != nil || strings.Join(log, ",") != "save:0,clear:1" {
		t.Fatalf("journal after the transfer: %q %v", r, log)
	}
	// a damaged record is refused; nil turns the journal off
	bad := append(append([]byte(nil), rec[:len(rec)-3]...), "00\n"...)
	if err := w.SetJournalHook(j, bad); !errors.Is(err, ErrFileFormat) {
		t.Fatalf("damaged record: %v", err)
	}
	mustOK(t, w.SetJournalHook(nil, nil))
	_, log0 := j.snapshot()
	_, err = w.Transfer(to, "ETH", big.NewInt(1e15), nil)
	mustOK(t, err)
	if _, log := j.snapshot(); len(log) != len(log0) {
		t.Fatalf("journal off, still called: %v", log)
	}
}

func TestWalletJournalHookFailureSendsNothing(t *testing.T) {
	m := walletMock(t, hashChain9)
	m.on("tx_submit", func(p json.RawMessage) interface{} {
		var params []json.RawMessage
		json.Unmarshal(p, &params)
		return transferHash(t, params[0])
	})
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	mustOK(t, err)
	defer w.Close()
	diskFull := errors.New("disk full")
	j := &memJournal{m: m, failErr: diskFull}
	mustOK(t, w.SetJournalHook(j, nil))
	to := "0x1919191919191919191919191919191919191919"
	_, err = w.Transfer(to, "ETH", big.NewInt(1e15), nil)
	if !errors.Is(err, ErrIo) || !errors.Is(err, diskFull) || submitCount(m, "tx_submit") != 0 {
		t.Fatalf("want ErrIo wrapping the journal's error and no submit: %v (%d submits)", err, submitCount(m, "tx_submit"))
	}
	if d, _ := w.Doubt(); d.Open {
		t.Fatal("doubt left open")
	}
	if n, _ := w.Nonce(); n != 3 {
		t.Fatalf("nonce %d", n)
	}
	j.failErr = nil
	if _, err := w.Transfer(to, "ETH", big.NewInt(1e15), nil); err != nil || submitCount(m, "tx_submit") != 1 {
		t.Fatalf("after the journal recovered: %v", err)
	}
	// a panic in Save does not cross C: nothing is sent, the panic comes back after the call
	mustOK(t, w.SetJournalHook(panicJournal{}, nil))
	func() {
		defer func() {
			if r := recover(); r != "journal boom" {
				t.Fatalf("recovered %v", r)
			}
		}()
		w.Transfer(to, "ETH", big.NewInt(1e15), nil)
		t.Fatal("no panic")
	}()
	if submitCount(m, "tx_submit") != 1 {
		t.Fatal("sent despite the panic")
	}
}

type panicJournal struct{}

func (panicJournal) Save([]byte) error { panic("journal boom") }
func (panicJournal) Clear() error      { return nil }

func TestWalletJournalHookRestart(t *testing.T) {
	m := walletMock(t, hashChain9)
	var nonce, executed int32 = 3, 0
	m.on("account_info", func(json.RawMessage) interface{} {
		side := func(bal map[string]string) map[string]interface{} {
			return map[string]interface{}{"balances": bal, "nonce": atomic.LoadInt32(&nonce), "pubKeyHash": hashChain9,
				"nfts": map[string]interface{}{}, "mintedNfts": map[string]interface{}{}}
		}
		return map[string]interface{}{"address": strings.ToLower(addr1), "id": 42, "accountType": "Owned",
			"depositing": map[string]interface{}{"balances": map[string]interface{}{}},
			"committed":  side(map[string]string{"ETH": "1000000000000000000"}), "verified": side(map[string]string{})}
	})
	m.on("tx_submit", func(p json.RawMessage) interface{} {
		if atomic.LoadInt32(&executed) != 0 {
			t.Error("a second payment was sent")
		}
		time.Sleep(time.Second) // past the call's deadline: the outcome is unknown
		var params []json.RawMessage
		json.Unmarshal(p, &params)
		return transferHash(t, params[0])
	})
	m.on("tx_info", func(json.RawMessage) interface{} {
		ex := atomic.LoadInt32(&executed) != 0
		var success interface{}
		if ex {
			success = true
		}
		return map[string]interface{}{"executed": ex, "success": success, "failReason": nil, "block": nil}
	})
	j := &memJournal{m: m}
	to := "0x1919191919191919191919191919191919191919"
	var hash string
	func() {
		p, _ := NewProvider(m.URL)
		defer p.Close()
		p.SetRetries(0, 0)
		mustOK(t, p.SetTimeouts(0, 300*time.Millisecond))
		w, err := NewWallet(p, nil, 9, unhex(t, eth1))
		mustOK(t, err)
		defer w.Close()
		mustOK(t, w.SetJournalHook(j, nil))
		_, err = w.Transfer(to, "ETH", big.NewInt(1e15), nil)
		wantStatus(t, err, ErrOutcomeUnknown)
		if rec, log := j.snapshot(); rec == nil || strings.Join(log, ",") != "save:0" {
			t.Fatalf("record must stay while in doubt: %v", log)
		}
		d, _ := w.Doubt()
		hash = d.Hash
		other := &memJournal{m: m}
		mustOK(t, w.SetJournalHook(other, nil)) // a new journal stores the open doubt at once
		if a, _ := j.snapshot(); !bytes.Equal(other.record, a) {
			t.Fatalf("open doubt not stored in the new journal: %q", other.record)
		}
	}()
	atomic.StoreInt32(&nonce, 4)
	atomic.StoreInt32(&executed, 1)
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	w, err := NewWallet(p, nil, 9, unhex(t, eth1))
	mustOK(t, err)
	defer w.Close()
	rec, _ := j.snapshot()
	mustOK(t, w.SetJournalHook(j, rec)) // the record of the first process
	if d, err := w.Doubt(); err != nil || !d.Open || d.Hash != hash || d.Nonce != 3 {
		t.Fatalf("loaded doubt %+v %v", d, err)
	}
	d, err := w.Resolve(0)
	wantStatus(t, err, ErrAlreadyExecuted)
	if d.Resolved != WalletResolvedExecuted || d.Hash != hash {
		t.Fatalf("resolved %+v", d)
	}
	if rec, log := j.snapshot(); rec != nil || !strings.HasPrefix(log[len(log)-1], "clear") {
		t.Fatalf("not cleared: %v", log)
	}
}

func l1Mock(t *testing.T, m *mockRPC) {
	m.on("eth_chainId", constant("0x9"))
	m.on("eth_getBalance", constant("0x"+strings.Repeat("f", 20)))
	m.on("eth_gasPrice", constant("0x1"))
	m.on("eth_getTransactionCount", constant("0x5"))
	m.on("eth_estimateGas", constant("0x5208"))
	m.on("eth_sendRawTransaction", func(p json.RawMessage) interface{} {
		var params []string
		json.Unmarshal(p, &params)
		return "0x" + hex.EncodeToString(Keccak256(unhex(t, params[0])))
	})
}

func TestL1Journal(t *testing.T) {
	m := newMockRPC(t)
	l1Mock(t, m)
	e, _ := NewEthRPC(m.URL)
	defer e.Close()
	e.SetRetries(0, 0)
	l1, err := NewL1(e, "0x"+strings.Repeat("11", 20), 9, unhex(t, eth1))
	mustOK(t, err)
	defer l1.Close()
	j := memL1Journal{&memJournal{m: m}}
	var saved L1Doubt
	mustOK(t, l1.SetJournal(recordingL1{j, &saved}))
	r, err := l1.DepositETH("", big.NewInt(1e15), 0)
	mustOK(t, err)
	if _, log := j.snapshot(); strings.Join(log, ",") != "save:0,clear:1" {
		t.Fatalf("journal log %v", log)
	}
	if !saved.Open || saved.Nonce != 5 || saved.TxHash != r.TxHash || saved.TxHash != "0x"+hex.EncodeToString(Keccak256(saved.Raw)) {
		t.Fatalf("saved %+v, result %+v", saved, r)
	}
	diskFull := errors.New("disk full")
	j.failErr = diskFull
	_, err = l1.DepositETH("", big.NewInt(1e15), 0)
	if !errors.Is(err, ErrIo) || !errors.Is(err, diskFull) || submitCount(m, "eth_sendRawTransaction") != 1 {
		t.Fatalf("failing journal: %v (%d sends)", err, submitCount(m, "eth_sendRawTransaction"))
	}
	if d, _ := l1.Doubt(); d.Open {
		t.Fatal("doubt left open")
	}
	// after a restart: the saved doubt is given back
	mustOK(t, l1.SetJournal(nil))
	mustOK(t, l1.RestoreDoubt(saved.Raw, saved.Nonce))
	if d, _ := l1.Doubt(); !d.Open || d.TxHash != saved.TxHash {
		t.Fatalf("restored %+v", d)
	}
}

// recordingL1 keeps a copy of the saved doubt.
type recordingL1 struct {
	memL1Journal
	out *L1Doubt
}

func (r recordingL1) Save(d L1Doubt) error {
	if err := r.memL1Journal.Save(d); err != nil {
		return err
	}
	*r.out = d
	return nil
}

func TestWalletL1Journal(t *testing.T) {
	m := walletMock(t, hashChain9)
	l1Mock(t, m)
	p, _ := NewProvider(m.URL)
	defer p.Close()
	p.SetRetries(0, 0)
	e, _ := NewEthRPC(m.URL)
	defer e.Close()
	e.SetRetries(0, 0)
	w, err := NewWallet(p, e, 9, unhex(t, eth1))
	mustOK(t, err)
	defer w.Close()
	j := memL1Journal{&memJournal{m: m}}
	mustOK(t, w.L1().SetJournal(j))
	if _, err := w.Deposit("", "ETH", big.NewInt(1e15), 0); err != nil {
		t.Fatal(err)
	}
	if _, log := j.snapshot(); strings.Join(log, ",") != "save:0,clear:1" {
		t.Fatalf("journal log %v", log)
	}
	diskFull := errors.New("disk full")
	j.failErr = diskFull
	if _, err := w.Deposit("", "ETH", big.NewInt(1e15), 0); !errors.Is(err, diskFull) || !errors.Is(err, ErrIo) {
		t.Fatalf("the wallet's L1 call must report the hook's error: %v", err)
	}
}

// deadProxy is an http:// proxy address where nothing listens.
func deadProxy(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	mustOK(t, err)
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestEnvProxyIsOptIn(t *testing.T) {
	m := newMockRPC(t)
	m.on("get_zksync_version", constant("contracts-7"))
	m.on("eth_chainId", constant("0x9"))
	for _, k := range []string{"no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"} {
		t.Setenv(k, "")
	}
	t.Setenv("http_proxy", deadProxy(t))
	p, err := NewProvider(m.URL)
	mustOK(t, err)
	defer p.Close()
	p.SetRetries(0, 0)
	if v, err := p.GetZksyncVersion(); err != nil || v != "contracts-7" {
		t.Fatalf("default (no proxy): %q %v", v, err)
	}
	mustOK(t, p.SetEnvProxy(true))
	if _, err := p.GetZksyncVersion(); err == nil {
		t.Fatal("the dead proxy was not used")
	}
	mustOK(t, p.SetEnvProxy(false))
	if _, err := p.GetZksyncVersion(); err != nil {
		t.Fatal(err)
	}
	e, err := NewEthRPC(m.URL)
	mustOK(t, err)
	defer e.Close()
	e.SetRetries(0, 0)
	if id, err := e.ChainID(); err != nil || id != 9 {
		t.Fatalf("eth default: %d %v", id, err)
	}
	mustOK(t, e.SetEnvProxy(true))
	if _, err := e.ChainID(); err == nil {
		t.Fatal("eth: the dead proxy was not used")
	}
	mustOK(t, e.SetEnvProxy(false))
	if _, err := e.ChainID(); err != nil {
		t.Fatal(err)
	}
	if n := submitCount(m, "get_zksync_version") + submitCount(m, "eth_chainId"); n != 4 {
		t.Fatalf("%d requests reached the server, want 4", n)
	}
}

func TestTimeoutIsTheCallDeadline(t *testing.T) {
	m := newMockRPC(t)
	m.on("eth_chainId", func(json.RawMessage) interface{} { time.Sleep(1500 * time.Millisecond); return "0x9" })
	e, _ := NewEthRPC(m.URL)
	defer e.Close()
	mustOK(t, e.SetRetries(5, 50*time.Millisecond))
	mustOK(t, e.SetTimeouts(0, 400*time.Millisecond))
	t0 := time.Now()
	_, err := e.ChainID()
	took := time.Since(t0)
	wantStatus(t, err, ErrTimeout)
	if took > (400+RPCDeadlineSlackMs+150)*time.Millisecond || took < 350*time.Millisecond {
		t.Fatalf("took %v for a 400 ms deadline with 5 retries", took)
	}
}
