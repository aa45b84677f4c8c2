// Command example signs a zkSync Lite Transfer offline with the Go binding.
//
//	make bindings
//	export PKG_CONFIG_PATH=$PWD/build/bindings/pkgconfig LD_LIBRARY_PATH=$PWD/build
//	cd examples/go && GOPROXY=off go run .
package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/libzksync/libzksync/bindings/go/zksync"
)

const mnemonic = "test test test test test test test test test test test junk" // a well-known test account

func main() {
	fmt.Println("libzksync", zksync.Version())
	eth, err := zksync.NewEthSignerFromMnemonic(mnemonic, "", "")
	if err != nil {
		log.Fatal(err)
	}
	defer eth.Close()
	zk, err := eth.ZkSigner(9) // the local devnet's chain id
	if err != nil {
		log.Fatal(err)
	}
	defer zk.Close()
	fmt.Println("Ethereum address:", eth.Address())
	fmt.Println("zkSync key hash: ", zk.Address())

	tx, _ := json.Marshal(map[string]interface{}{"type": "Transfer", "accountId": 7, "from": eth.Address().String(),
		"to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "token": 0, "amount": "10000000000000000",
		"fee": "12350000000000", "nonce": 0})
	st, err := zk.SignTxJSON(tx)
	if err != nil {
		log.Fatal(err)
	}
	msg, err := zksync.TxEthMessageJSON(tx, "ETH", 18, "")
	if err != nil {
		log.Fatal(err)
	}
	sig, err := eth.SignMessage([]byte(msg))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("tx hash:", st.TxHash)
	fmt.Printf("Ethereum message:\n%s\n", msg)
	fmt.Println("signed tx:", string(st.Tx))
	fmt.Println("Ethereum signature: 0x" + hex.EncodeToString(sig))

	bad, _ := json.Marshal(map[string]interface{}{"type": "Transfer", "accountId": 7, "from": eth.Address().String(),
		"to": eth.Address().String(), "token": 0, "amount": "1000000000000000001", "fee": "0", "nonce": 0})
	if _, err := zk.SignTxJSON(bad); errors.Is(err, zksync.ErrNotPackable) {
		fmt.Println("as expected:", err)
	}
}
