// Transfer signing through the Go binding, for bench/run-bindings.sh.
// Prints "tx_sign <ops per second>".
package main

import (
	"bytes"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"time"

	"github.com/libzksync/libzksync/bindings/go/zksync"
)

func main() {
	secs := 1.0
	if len(os.Args) > 1 {
		if v, err := strconv.ParseFloat(os.Args[1], 64); err == nil {
			secs = v
		}
	}
	signer, err := zksync.NewSignerFromEthPrivateKey(bytes.Repeat([]byte{1}, 32), 9)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer signer.Close()
	var from, to zksync.Address
	copy(from[:], []byte{0x1a, 0x64, 0x2f, 0x0e})
	for i := range to {
		to[i] = 0x19
	}
	amount, _ := new(big.Int).SetString("1500000000000000000", 10)
	tx := &zksync.Transfer{AccountID: 42, From: from, To: to, Token: 0, Amount: amount,
		Fee: big.NewInt(100000000000000), Nonce: 7, ValidUntil: 4294967295}
	if _, err := signer.SignTx(tx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	n := 0
	start := time.Now()
	for time.Since(start).Seconds() < secs {
		if _, err := signer.SignTx(tx); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n++
	}
	fmt.Printf("tx_sign %.1f\n", float64(n)/time.Since(start).Seconds())
}
