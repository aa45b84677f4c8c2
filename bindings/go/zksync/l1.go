package zksync

/*
#include <stdlib.h>
#include <zksync.h>
*/
import "C"

import (
	"math/big"
	"unsafe"
)

// Ethereum transaction types.
const (
	EthTxLegacyType  = C.ZKS_ETH_TX_LEGACY  // EIP-155
	EthTxEIP1559Type = C.ZKS_ETH_TX_EIP1559 // type 2
)

// EthTx is an Ethereum (L1) transaction, signed byte-identically to ethers
// 5.7.2 Wallet.signTransaction. Nil amounts are 0; ChainID 0 is refused.
type EthTx struct {
	Type                 uint32 // EthTxEIP1559Type or EthTxLegacyType
	ChainID              uint64
	Nonce                uint64
	GasLimit             uint64
	GasPrice             *big.Int // legacy only
	MaxPriorityFeePerGas *big.Int // type 2 only
	MaxFeePerGas         *big.Int // type 2 only
	To                   *Address // nil: contract creation
	Value                *big.Int
	Data                 []byte
}

func (t *EthTx) toC(a *arena) (*C.zks_eth_tx, error) {
	if t == nil {
		return nil, newError(StatusInvalidArg, "nil transaction")
	}
	c := (*C.zks_eth_tx)(a.alloc(C.sizeof_zks_eth_tx))
	c.struct_size = C.sizeof_zks_eth_tx
	c._type = C.uint32_t(t.Type)
	c.chain_id, c.nonce, c.gas_limit = C.uint64_t(t.ChainID), C.uint64_t(t.Nonce), C.uint64_t(t.GasLimit)
	var err error
	if c.gas_price, err = a.amount(t.GasPrice, "gas_price"); err != nil {
		return nil, err
	}
	if c.max_priority_fee_per_gas, err = a.amount(t.MaxPriorityFeePerGas, "max_priority_fee_per_gas"); err != nil {
		return nil, err
	}
	if c.max_fee_per_gas, err = a.amount(t.MaxFeePerGas, "max_fee_per_gas"); err != nil {
		return nil, err
	}
	if c.value, err = a.amount(t.Value, "value"); err != nil {
		return nil, err
	}
	if t.To != nil {
		c.has_to = 1
		copyTo(unsafe.Pointer(&c.to[0]), t.To[:])
	}
	if len(t.Data) > 0 {
		p := a.alloc(uintptr(len(t.Data)))
		copyTo(p, t.Data)
		c.data, c.data_len = (*C.uint8_t)(p), C.size_t(len(t.Data))
	}
	return c, nil
}

// EthTxSigningHash is the Keccak-256 digest an Ethereum key signs for tx (for external signers).
func EthTxSigningHash(tx *EthTx) ([]byte, error) {
	var a arena
	defer a.free()
	c, err := tx.toC(&a)
	if err != nil {
		return nil, err
	}
	out := make([]byte, EthHashBytes)
	if err := check(st(C.zks_eth_tx_signing_hash(c, ptr(out))), "zks_eth_tx_signing_hash"); err != nil {
		return nil, err
	}
	return out, nil
}

func rawOut(f func(out *C.uint8_t, n C.size_t, outLen *C.size_t, hash *C.uint8_t) C.zks_status, fn string) (raw, hash []byte, err error) {
	size := 512
	for {
		out := make([]byte, size)
		h := make([]byte, EthHashBytes)
		var n C.size_t
		s := st(f(ptr(out), C.size_t(size), &n, ptr(h)))
		if s == StatusBufferSize && int(n) > size {
			size = int(n)
			continue
		}
		if err := check(s, fn); err != nil {
			return nil, nil, err
		}
		return out[:n], h, nil
	}
}

// SignTransaction signs tx; raw is what eth_sendRawTransaction takes, hash the transaction hash.
func (e *EthSigner) SignTransaction(tx *EthTx) (raw, hash []byte, err error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if err := e.open(); err != nil {
		return nil, nil, err
	}
	var a arena
	defer a.free()
	c, err := tx.toC(&a)
	if err != nil {
		return nil, nil, err
	}
	return rawOut(func(o *C.uint8_t, n C.size_t, l *C.size_t, h *C.uint8_t) C.zks_status {
		return C.zks_eth_tx_sign(c, ptr(e.key), o, n, l, h)
	}, "zks_eth_tx_sign")
}

// EthTxEncodeSigned builds the raw signed transaction from a 65-byte r || s || v
// signature (v 0/1 or 27/28) of EthTxSigningHash(tx) made elsewhere.
func EthTxEncodeSigned(tx *EthTx, sig []byte) (raw, hash []byte, err error) {
	if len(sig) != EthSignatureBytes {
		return nil, nil, newError(StatusInvalidLength, "signature must be 65 bytes")
	}
	var a arena
	defer a.free()
	c, err := tx.toC(&a)
	if err != nil {
		return nil, nil, err
	}
	return rawOut(func(o *C.uint8_t, n C.size_t, l *C.size_t, h *C.uint8_t) C.zks_status {
		return C.zks_eth_tx_encode_signed(c, ptr(sig), o, n, l, h)
	}, "zks_eth_tx_encode_signed")
}

// EthTxInfo is a decoded signed Ethereum transaction. Fee fields not used by
// its type are nil.
type EthTxInfo struct {
	EthTx
	From Address // the recovered signer
	Hash []byte  // keccak256 of the raw bytes
}

func optBig(b []byte) *big.Int {
	s := goText(b)
	if s == "" {
		return nil
	}
	v, _ := new(big.Int).SetString(s, 10)
	return v
}

// DecodeEthTx decodes and checks a raw signed legacy (EIP-155) or type-2 transaction.
func DecodeEthTx(raw []byte) (*EthTxInfo, error) {
	var a arena
	defer a.free()
	var rp *C.uint8_t
	if len(raw) > 0 {
		p := a.alloc(uintptr(len(raw)))
		copyTo(p, raw)
		rp = (*C.uint8_t)(p)
	}
	c := (*C.zks_eth_tx_info)(a.alloc(C.sizeof_zks_eth_tx_info))
	c.struct_size = C.sizeof_zks_eth_tx_info
	if err := check(st(C.zks_eth_tx_decode(rp, C.size_t(len(raw)), c)), "zks_eth_tx_decode"); err != nil {
		return nil, err
	}
	gb := func(p *C.char, n int) []byte { return C.GoBytes(unsafe.Pointer(p), C.int(n)) }
	r := &EthTxInfo{EthTx: EthTx{Type: uint32(c._type), ChainID: uint64(c.chain_id), Nonce: uint64(c.nonce),
		GasLimit:             uint64(c.gas_limit),
		GasPrice:             optBig(gb(&c.gas_price[0], len(c.gas_price))),
		MaxPriorityFeePerGas: optBig(gb(&c.max_priority_fee_per_gas[0], len(c.max_priority_fee_per_gas))),
		MaxFeePerGas:         optBig(gb(&c.max_fee_per_gas[0], len(c.max_fee_per_gas))),
		Value:                optBig(gb(&c.value[0], len(c.value)))}}
	if r.Value == nil {
		r.Value = new(big.Int)
	}
	if c.has_to != 0 {
		var to Address
		copy(to[:], C.GoBytes(unsafe.Pointer(&c.to[0]), EthAddressBytes))
		r.To = &to
	}
	if c.data_len > 0 {
		r.Data = C.GoBytes(unsafe.Pointer(c.data), C.int(c.data_len))
	}
	copy(r.From[:], C.GoBytes(unsafe.Pointer(&c.from[0]), EthAddressBytes))
	r.Hash = C.GoBytes(unsafe.Pointer(&c.hash[0]), EthHashBytes)
	return r, nil
}

// ABIEncodeCall is ethers Interface.encodeFunctionData: the 4-byte selector of
// signature (canonical, e.g. "transfer(address,uint256)") and the ABI-encoded
// args, given as text (address "0x..", bool "true", uint decimal, bytes "0x..").
func ABIEncodeCall(signature string, args ...string) ([]byte, error) {
	var a arena
	defer a.free()
	sig, err := a.str(signature, "signature")
	if err != nil {
		return nil, err
	}
	arr := (*[1 << 20]*C.char)(a.alloc(uintptr(len(args)+1) * unsafe.Sizeof((*C.char)(nil))))
	size := 256
	for i, s := range args {
		if arr[i], err = a.str(s, "arg"); err != nil {
			return nil, err
		}
		size += 64 + len(s)
	}
	for {
		out := make([]byte, size)
		var n C.size_t
		s := st(C.zks_eth_abi_encode_call(sig, &arr[0], C.size_t(len(args)), ptr(out), C.size_t(size), &n))
		if s == StatusBufferSize && int(n) > size {
			size = int(n)
			continue
		}
		if err := check(s, "zks_eth_abi_encode_call"); err != nil {
			return nil, err
		}
		return out[:n], nil
	}
}

// PriorityRequest is a decoded NewPriorityRequest event of the zkSync contract.
type PriorityRequest struct {
	Sender          Address
	SerialID        uint64
	OpType          uint32 // 1 Deposit, 6 FullExit, ...
	PubData         []byte
	ExpirationBlock uint64
}

// DecodeNewPriorityRequest decodes the data of a NewPriorityRequest log
// (topic0 NewPriorityRequestTopic).
func DecodeNewPriorityRequest(data []byte) (*PriorityRequest, error) {
	var a arena
	defer a.free()
	var dp *C.uint8_t
	if len(data) > 0 {
		p := a.alloc(uintptr(len(data)))
		copyTo(p, data)
		dp = (*C.uint8_t)(p)
	}
	c := (*C.zks_eth_priority_request)(a.alloc(C.sizeof_zks_eth_priority_request))
	c.struct_size = C.sizeof_zks_eth_priority_request
	if err := check(st(C.zks_eth_decode_new_priority_request(dp, C.size_t(len(data)), c)), "zks_eth_decode_new_priority_request"); err != nil {
		return nil, err
	}
	r := &PriorityRequest{SerialID: uint64(c.serial_id), OpType: uint32(c.op_type), ExpirationBlock: uint64(c.expiration_block)}
	copy(r.Sender[:], C.GoBytes(unsafe.Pointer(&c.sender[0]), EthAddressBytes))
	if c.pubdata_len > 0 {
		r.PubData = C.GoBytes(unsafe.Pointer(c.pubdata), C.int(c.pubdata_len))
	}
	return r, nil
}
