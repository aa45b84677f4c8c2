package zksync

import (
	"bytes"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
)

const (
	eip155Hash = "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
	eip155Raw  = "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd9" +
		"39bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b" +
		"297fb1966a3b6d83"
	eip155From = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
	addr35     = "0x3535353535353535353535353535353535353535"
)

func eip155Tx(t *testing.T) *EthTx {
	to, _ := ParseAddress(addr35)
	v, _ := new(big.Int).SetString("1000000000000000000", 10)
	return &EthTx{Type: EthTxLegacyType, ChainID: 1, Nonce: 9, GasPrice: big.NewInt(20e9), GasLimit: 21000, To: &to, Value: v}
}

func TestEIP155Example(t *testing.T) {
	tx := eip155Tx(t)
	h, err := EthTxSigningHash(tx)
	if err != nil || hex.EncodeToString(h) != eip155Hash {
		t.Fatalf("hash %x %v", h, err)
	}
	e, _ := NewEthSigner(rep(0x46, 32))
	defer e.Close()
	raw, hash, err := e.SignTransaction(tx)
	if err != nil || hex.EncodeToString(raw) != eip155Raw || !bytes.Equal(hash, Keccak256(raw)) {
		t.Fatalf("sign %x %v", raw, err)
	}
	d, err := DecodeEthTx(raw)
	if err != nil || d.From.String() != eip155From || d.Nonce != 9 || d.GasPrice.Int64() != 20e9 ||
		d.Value.Cmp(tx.Value) != 0 || *d.To != *tx.To || d.MaxFeePerGas != nil || d.Data != nil {
		t.Fatalf("decode %+v %v", d, err)
	}
	// an external signature of the same digest gives the same bytes
	_, _, err = EthTxEncodeSigned(tx, append(make([]byte, 64), 5))
	wantStatus(t, err, ErrSignatureMalformed)
}

func TestEIP1559AndABI(t *testing.T) {
	to, _ := ParseAddress(addr35)
	data, err := ABIEncodeCall("transfer(address,uint256)", addr35, "1")
	if err != nil || hex.EncodeToString(data) != "a9059cbb"+strings.Repeat("00", 12)+strings.Repeat("35", 20)+strings.Repeat("00", 31)+"01" {
		t.Fatalf("abi %x %v", data, err)
	}
	tx := &EthTx{Type: EthTxEIP1559Type, ChainID: 5, Nonce: 3, MaxPriorityFeePerGas: big.NewInt(1500000000),
		MaxFeePerGas: big.NewInt(30e9), GasLimit: 100000, To: &to, Data: data}
	e, _ := NewEthSigner(rep(0x46, 32))
	defer e.Close()
	raw, _, err := e.SignTransaction(tx)
	if err != nil || raw[0] != 2 {
		t.Fatalf("sign %x %v", raw, err)
	}
	d, err := DecodeEthTx(raw)
	if err != nil || d.Type != 2 || d.ChainID != 5 || d.MaxPriorityFeePerGas.Int64() != 1500000000 ||
		!bytes.Equal(d.Data, data) || d.From.String() != eip155From || d.GasPrice != nil {
		t.Fatalf("decode %+v %v", d, err)
	}
	pd, err := ABIEncodeCall("f(address,uint64,uint8,bytes,uint256)", addr35, "7", "1", "0x010203", "100")
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeNewPriorityRequest(pd[4:])
	if err != nil || r.Sender.String() != addr35 || r.SerialID != 7 || r.OpType != 1 ||
		!bytes.Equal(r.PubData, []byte{1, 2, 3}) || r.ExpirationBlock != 100 {
		t.Fatalf("priority request %+v %v", r, err)
	}
	if !strings.HasPrefix(NewPriorityRequestTopic, "0xd0943372") {
		t.Fatal("topic")
	}
	_, err = DecodeNewPriorityRequest(pd[4:44])
	wantStatus(t, err, ErrParse)
	_, err = ABIEncodeCall("transfer(address,uint256)", addr35)
	wantStatus(t, err, ErrInvalidArg)
	_, err = ABIEncodeCall("f(uint8)", "256")
	wantStatus(t, err, ErrInvalidAmount)
}

func TestL1BadInput(t *testing.T) {
	tx := eip155Tx(t)
	tx.ChainID = 0
	_, err := EthTxSigningHash(tx)
	wantStatus(t, err, ErrInvalidTx)
	tx = eip155Tx(t)
	tx.Type = 1
	_, err = EthTxSigningHash(tx)
	wantStatus(t, err, ErrUnsupported)
	tx = eip155Tx(t)
	tx.Value = big.NewInt(-1)
	_, err = EthTxSigningHash(tx)
	wantStatus(t, err, ErrInvalidAmount)
	_, err = EthTxSigningHash(nil)
	wantStatus(t, err, ErrInvalidArg)
	raw, _ := hex.DecodeString(eip155Raw)
	_, err = DecodeEthTx(raw[:len(raw)-1])
	wantStatus(t, err, ErrParse)
	_, err = DecodeEthTx(append(raw, 0))
	wantStatus(t, err, ErrParse)
}
