package zksync

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/big"
	"testing"
)

func isStatus(err error, s Status) bool {
	e, ok := err.(*Error)
	return ok && e.Status == s
}

func sunAddr(n int) string { return fmt.Sprintf("0x%040x", n) }

func sunWord(n uint64) []byte {
	w := make([]byte, 32)
	new(big.Int).SetUint64(n).FillBytes(w)
	return w
}

func TestEncodeClaimDevnetAndNamed(t *testing.T) {
	l1, _ := hex.DecodeString("d0b0b282685704a2c9af0d34fc9352a3a29461d3a76097ad446a387873a7468f")
	l2, _ := hex.DecodeString("305bab732e945c8f9f3f741fa8a661654fd086c00f1589d9841b241275556d06")
	c := Claim{Index: 0, Account: sunAddr(1), Token: sunAddr(11), Amount: big.NewInt(10), Proof: [][]byte{l1, l2}}
	got, err := EncodeClaim("", c)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte{}, Keccak256([]byte("claim(uint256,address,address,uint256,bytes32[])"))[:4]...)
	for _, w := range [][]byte{sunWord(0), sunWord(1), sunWord(11), sunWord(10), sunWord(160), sunWord(2), l1, l2} {
		want = append(want, w...)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("devnet claim %x", got)
	}
	c.Index, c.Proof = 5, [][]byte{l1}
	got, err = EncodeClaim("claim(uint256 index, uint256 amount, bytes32[] proof)", c)
	want = append([]byte{}, Keccak256([]byte("claim(uint256,uint256,bytes32[])"))[:4]...)
	for _, w := range [][]byte{sunWord(5), sunWord(10), sunWord(96), sunWord(1), l1} {
		want = append(want, w...)
	}
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("named claim %x %v", got, err)
	}
}

func TestEncodeClaimErrors(t *testing.T) {
	c := Claim{Index: 256, Account: sunAddr(1), Token: sunAddr(11), Amount: big.NewInt(1)}
	if _, err := EncodeClaim("claim(uint8 index)", c); !isStatus(err, StatusInvalidAmount) {
		t.Fatalf("uint8 index: %v", err)
	}
	if _, err := EncodeClaim("claim(uint256 idx)", c); !isStatus(err, StatusInvalidArg) {
		t.Fatalf("unknown name: %v", err)
	}
	c.Proof = [][]byte{{1, 2}}
	if _, err := EncodeClaim("", c); !isStatus(err, StatusInvalidLength) {
		t.Fatalf("short sibling: %v", err)
	}
	c.Proof, c.Account = nil, "0x12"
	if _, err := EncodeClaim("", c); !isStatus(err, StatusInvalidAddress) {
		t.Fatalf("bad account: %v", err)
	}
	r := ClaimResult{TxHash: "0xab", Nonce: 4, Raw: []byte{1}}
	again := r.Retry(Claim{Index: 3})
	if again.PrevTxHash != "0xab" || again.PrevNonce != 4 || !bytes.Equal(again.PrevRaw, []byte{1}) || again.Index != 3 {
		t.Fatalf("retry %+v", again)
	}
}

func TestSunsetReadsWithoutNode(t *testing.T) {
	e, err := NewEthRPC("http://127.0.0.1:9")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.SetRetries(0, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.NetworkState(sunAddr(0xc0), ScanOptions{}); !isStatus(err, StatusNetwork) {
		t.Fatalf("network state: %v", err)
	}
	if _, err := e.NetworkState("0x12", ScanOptions{}); !isStatus(err, StatusInvalidAddress) {
		t.Fatalf("bad contract: %v", err)
	}
	if _, err := e.PendingBalances(sunAddr(0xc0), sunAddr(1), []string{sunAddr(0)}); !isStatus(err, StatusNetwork) {
		t.Fatalf("pending: %v", err)
	}
	c := Claim{Account: sunAddr(1), Token: sunAddr(11), Amount: big.NewInt(10)}
	if _, err := e.ClaimsCheck(sunAddr(0xd0), ClaimOptions{}, []Claim{c}); !isStatus(err, StatusNetwork) {
		t.Fatalf("claims check: %v", err)
	}
}
