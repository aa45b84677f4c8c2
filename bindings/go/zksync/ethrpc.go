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
	"time"
)

// EthRPC is an Ethereum JSON-RPC client (zks_eth_rpc). Its methods take a
// lock, so one EthRPC may be shared by goroutines.
type EthRPC struct {
	rpcObject
	h *C.zks_eth_rpc
}

// NewEthRPC creates a client for an Ethereum node, e.g. "http://127.0.0.1:8545".
func NewEthRPC(url string) (*EthRPC, error) {
	cs, err := cstring(url, "url")
	if err != nil {
		return nil, err
	}
	defer freeCString(cs)
	var h *C.zks_eth_rpc
	if err := check(st(C.zks_eth_rpc_new(cs, &h)), "zks_eth_rpc_new"); err != nil {
		return nil, err
	}
	e := &EthRPC{h: h}
	runtime.SetFinalizer(e, (*EthRPC).Close)
	return e, nil
}

// Close frees the client, after closing the wallets and L1 layers that borrow it. It is idempotent.
func (e *EthRPC) Close() error {
	e.closeBorrowers()
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.closed {
		e.closed = true
		C.zks_eth_rpc_free(e.h)
		e.h = nil
		runtime.SetFinalizer(e, nil)
	}
	return nil
}

func (e *EthRPC) err(s C.zks_status, fn string) error {
	if s == C.ZKS_OK {
		return nil
	}
	var code C.int64_t
	C.zks_eth_rpc_last_error(e.h, &code)
	r := newError(Status(s), C.GoString(C.zks_eth_rpc_errmsg(e.h)))
	r.ServerCode = int64(code)
	if r.Detail == "" {
		r.Detail = fn
	}
	if Status(s) == StatusL1Revert {
		r.RevertReason = C.GoString(C.zks_eth_rpc_revert_reason(e.h))
	}
	return r
}

func (e *EthRPC) do(fn string, args []string, f func(h *C.zks_eth_rpc, cs []*C.char) C.zks_status) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.open(); err != nil {
		return err
	}
	var a arena
	defer a.free()
	cs, err := a.optStrs(args, fn)
	if err != nil {
		return err
	}
	return e.err(f(e.h, cs), fn)
}

// SetTimeouts sets the connect timeout and total, the deadline of one public
// call, at millisecond resolution (0 keeps the current value; defaults 10 s and
// 30 s). Every HTTP exchange, retry, back-off and Retry-After wait of a call fits
// in total: it returns (ErrTimeout at worst) within total + RPCDeadlineSlackMs
// (250 ms). The Wait* methods use their own timeout as the deadline and cap each
// poll at total.
func (e *EthRPC) SetTimeouts(connect, total time.Duration) error {
	return e.do("zks_eth_rpc_set_timeouts", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status {
		return C.zks_eth_rpc_set_timeouts(h, ms(connect), ms(total))
	})
}

// SetEnvProxy with true takes proxies from the environment (http_proxy,
// https_proxy, all_proxy, no_proxy, as libcurl reads them). Default false: no
// proxy whatever the environment says, so a stray http_proxy cannot redirect
// (and read) the traffic.
func (e *EthRPC) SetEnvProxy(enable bool) error {
	var v C.int32_t
	if enable {
		v = 1
	}
	return e.do("zks_eth_rpc_set_env_proxy", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status {
		return C.zks_eth_rpc_set_env_proxy(h, v)
	})
}

// SetMaxResponse sets the largest accepted response body (at least 1024 bytes).
func (e *EthRPC) SetMaxResponse(maxBytes int) error {
	return e.do("zks_eth_rpc_set_max_response", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status {
		return C.zks_eth_rpc_set_max_response(h, C.size_t(maxBytes))
	})
}

// SetUserAgent sets the HTTP User-Agent.
func (e *EthRPC) SetUserAgent(ua string) error {
	var a arena
	defer a.free()
	cs, err := a.str(ua, "user_agent")
	if err != nil {
		return err
	}
	return e.do("zks_eth_rpc_set_user_agent", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status {
		return C.zks_eth_rpc_set_user_agent(h, cs)
	})
}

// SetRetries sets how often a failed read is retried and the first back-off delay.
func (e *EthRPC) SetRetries(retries int, backoff time.Duration) error {
	return e.do("zks_eth_rpc_set_retries", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status {
		return C.zks_eth_rpc_set_retries(h, C.uint32_t(retries), ms(backoff))
	})
}

// LastError returns the status, server code and message of the last call.
func (e *EthRPC) LastError() (Status, int64, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return StatusState, 0, "closed"
	}
	var code C.int64_t
	s := C.zks_eth_rpc_last_error(e.h, &code)
	return Status(s), int64(code), C.GoString(C.zks_eth_rpc_errmsg(e.h))
}

// Call is a raw JSON-RPC call, as Provider.Call.
func (e *EthRPC) Call(method string, params interface{}, idempotent bool) (json.RawMessage, error) {
	ps, _, err := jsonArg(params)
	if err != nil {
		return nil, err
	}
	var out *C.char
	err = e.do("zks_eth_rpc_call_json", []string{method, ps}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_call_json(h, c[0], c[1], boolInt(idempotent), &out)
	})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(takeString(out)), nil
}

// ChainID is eth_chainId.
func (e *EthRPC) ChainID() (uint64, error) {
	var v C.uint64_t
	err := e.do("zks_eth_rpc_chain_id", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status { return C.zks_eth_rpc_chain_id(h, &v) })
	return uint64(v), err
}

// BlockNumber is eth_blockNumber.
func (e *EthRPC) BlockNumber() (uint64, error) {
	var v C.uint64_t
	err := e.do("zks_eth_rpc_block_number", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status { return C.zks_eth_rpc_block_number(h, &v) })
	return uint64(v), err
}

func (e *EthRPC) amountCall(fn string, args []string, f func(h *C.zks_eth_rpc, c []*C.char, out *C.char) C.zks_status) (*big.Int, error) {
	out := make([]byte, AmountChars+1)
	if err := e.do(fn, args, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status { return f(h, c, (*C.char)(ptrc(out))) }); err != nil {
		return nil, err
	}
	return parseAmount(goText(out))
}

// GetBalance is eth_getBalance in wei; block "" means "latest".
func (e *EthRPC) GetBalance(address, block string) (*big.Int, error) {
	return e.amountCall("zks_eth_rpc_get_balance", []string{address, block}, func(h *C.zks_eth_rpc, c []*C.char, o *C.char) C.zks_status {
		return C.zks_eth_rpc_get_balance(h, c[0], c[1], o)
	})
}

// GetNonce is eth_getTransactionCount; block "" means "pending".
func (e *EthRPC) GetNonce(address, block string) (uint64, error) {
	var v C.uint64_t
	err := e.do("zks_eth_rpc_get_nonce", []string{address, block}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_get_nonce(h, c[0], c[1], &v)
	})
	return uint64(v), err
}

// GasPrice is eth_gasPrice in wei.
func (e *EthRPC) GasPrice() (*big.Int, error) {
	return e.amountCall("zks_eth_rpc_gas_price", nil, func(h *C.zks_eth_rpc, _ []*C.char, o *C.char) C.zks_status {
		return C.zks_eth_rpc_gas_price(h, o)
	})
}

// FeeHistory is eth_feeHistory (newest "" = "latest"; nil percentiles = []), raw JSON.
func (e *EthRPC) FeeHistory(blockCount uint32, newest string, percentiles []float64) (json.RawMessage, error) {
	pj := ""
	if percentiles != nil {
		b, _ := json.Marshal(percentiles)
		pj = string(b)
	}
	var out *C.char
	err := e.do("zks_eth_rpc_fee_history", []string{newest, pj}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_fee_history(h, C.uint32_t(blockCount), c[0], c[1], &out)
	})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(takeString(out)), nil
}

// SuggestFees returns EIP-1559 (maxFeePerGas, maxPriorityFeePerGas) as ethers 5 getFeeData.
func (e *EthRPC) SuggestFees() (maxFee, maxPriorityFee *big.Int, err error) {
	a := make([]byte, AmountChars+1)
	b := make([]byte, AmountChars+1)
	err = e.do("zks_eth_rpc_suggest_fees", nil, func(h *C.zks_eth_rpc, _ []*C.char) C.zks_status {
		return C.zks_eth_rpc_suggest_fees(h, (*C.char)(ptrc(a)), (*C.char)(ptrc(b)))
	})
	if err != nil {
		return nil, nil, err
	}
	maxFee, _ = parseAmount(goText(a))
	maxPriorityFee, _ = parseAmount(goText(b))
	return maxFee, maxPriorityFee, nil
}

func hexData(b []byte) string {
	if b == nil {
		return ""
	}
	return "0x" + hexString(b)
}

// EstimateGas is eth_estimateGas({from, to, value, data}); "" and nil mean absent.
func (e *EthRPC) EstimateGas(from, to string, value *big.Int, data []byte) (uint64, error) {
	vs := ""
	if value != nil {
		var err error
		if vs, err = amountString(value, "value"); err != nil {
			return 0, err
		}
	}
	var v C.uint64_t
	err := e.do("zks_eth_rpc_estimate_gas", []string{from, to, vs, hexData(data)}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_estimate_gas(h, c[0], c[1], c[2], c[3], &v)
	})
	return uint64(v), err
}

// CallContract is eth_call({from, to, data}, block); "" means absent / "latest".
func (e *EthRPC) CallContract(from, to string, data []byte, block string) ([]byte, error) {
	size := 1024
	for {
		out := make([]byte, size)
		var n C.size_t
		err := e.do("zks_eth_rpc_call", []string{from, to, hexData(data), block}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
			return C.zks_eth_rpc_call(h, c[0], c[1], c[2], c[3], ptr(out), C.size_t(size), &n)
		})
		if ze, ok := err.(*Error); ok && ze.Status == StatusBufferSize && int(n) > size {
			size = int(n)
			continue
		}
		if err != nil {
			return nil, err
		}
		return out[:n], nil
	}
}

// SendRawTransaction is eth_sendRawTransaction; expectedHash ("0x" + keccak256(raw),
// or "") enables the safe retry.
func (e *EthRPC) SendRawTransaction(raw []byte, expectedHash string) (string, error) {
	var a arena
	defer a.free()
	var rp *C.uint8_t
	if len(raw) > 0 {
		p := a.alloc(uintptr(len(raw)))
		copyTo(p, raw)
		rp = (*C.uint8_t)(p)
	}
	out := make([]byte, HashHexChars+1)
	err := e.do("zks_eth_rpc_send_raw_transaction", []string{expectedHash}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_send_raw_transaction(h, rp, C.size_t(len(raw)), c[0], (*C.char)(ptrc(out)))
	})
	if err != nil {
		return "", err
	}
	return goText(out), nil
}

// Log is a log of a receipt.
type Log struct {
	LogIndex uint64
	Address  string
	Topics   [][]byte
	Data     []byte
}

// Receipt is a transaction receipt.
type Receipt struct {
	Status                                 int32 // 1 success, 0 reverted, -1 absent
	BlockNumber, GasUsed, TransactionIndex uint64
	TransactionHash, BlockHash, From, To   string
	ContractAddress                        string
	EffectiveGasPrice                      *big.Int // nil if absent
	Logs                                   []Log
}

func receiptOf(r *C.zks_eth_receipt) (*Receipt, error) {
	var info C.zks_eth_receipt_info
	if err := check(st(C.zks_eth_receipt_get_info(r, &info)), "zks_eth_receipt_get_info"); err != nil {
		return nil, err
	}
	res := &Receipt{Status: int32(info.status), BlockNumber: uint64(info.block_number), GasUsed: uint64(info.gas_used),
		TransactionIndex: uint64(info.transaction_index), TransactionHash: C.GoString(&info.transaction_hash[0]),
		BlockHash: C.GoString(&info.block_hash[0]), From: C.GoString(&info.from[0]), To: C.GoString(&info.to[0]),
		ContractAddress: C.GoString(&info.contract_address[0])}
	if s := C.GoString(&info.effective_gas_price[0]); s != "" {
		res.EffectiveGasPrice, _ = new(big.Int).SetString(s, 10)
	}
	for i := C.size_t(0); i < C.size_t(info.log_count); i++ {
		var lg C.zks_eth_log
		if err := check(st(C.zks_eth_receipt_log_at(r, i, &lg)), "zks_eth_receipt_log_at"); err != nil {
			return nil, err
		}
		l := Log{LogIndex: uint64(lg.log_index), Address: C.GoString(&lg.address[0])}
		for k := 0; k < int(lg.topic_count) && k < 4; k++ {
			t := make([]byte, 32)
			for j := 0; j < 32; j++ {
				t[j] = byte(lg.topics[k][j])
			}
			l.Topics = append(l.Topics, t)
		}
		data := make([]byte, int(lg.data_len)+1)
		var n C.size_t
		if err := check(st(C.zks_eth_receipt_log_data(r, i, ptr(data), C.size_t(len(data)), &n)), "zks_eth_receipt_log_data"); err != nil {
			return nil, err
		}
		l.Data = data[:n]
		res.Logs = append(res.Logs, l)
	}
	return res, nil
}

// GetReceipt is eth_getTransactionReceipt (ErrNotFound while pending).
func (e *EthRPC) GetReceipt(txHash string) (*Receipt, error) {
	var r *C.zks_eth_receipt
	err := e.do("zks_eth_rpc_get_receipt", []string{txHash}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_get_receipt(h, c[0], &r)
	})
	if err != nil {
		return nil, err
	}
	defer C.zks_eth_receipt_free(r)
	return receiptOf(r)
}

// WaitReceipt polls the receipt until it exists or timeout passes (poll 0 = 1 s).
// A reverted tx gives ErrL1Revert with the receipt still returned.
func (e *EthRPC) WaitReceipt(txHash string, timeout, poll time.Duration) (*Receipt, error) {
	var r *C.zks_eth_receipt
	err := e.do("zks_eth_rpc_wait_receipt", []string{txHash}, func(h *C.zks_eth_rpc, c []*C.char) C.zks_status {
		return C.zks_eth_rpc_wait_receipt(h, c[0], ms(timeout), ms(poll), &r)
	})
	if r == nil {
		return nil, err
	}
	defer C.zks_eth_receipt_free(r)
	rec, rerr := receiptOf(r)
	if err == nil {
		err = rerr
	}
	return rec, err
}
