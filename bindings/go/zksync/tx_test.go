package zksync

import (
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"
)

type sampleFile struct {
	ChainID uint64 `json:"chainId"`
	Keys    struct {
		EthPrivateKey string `json:"ethPrivateKey"`
		Account2      struct {
			EthPrivateKey string `json:"ethPrivateKey"`
		} `json:"account2"`
	} `json:"keys"`
	Tokens map[string]struct {
		ID       uint32
		Symbol   string
		Decimals uint32
	} `json:"tokensAssumed"`
	Vectors []map[string]json.RawMessage `json:"vectors"`
	Packing []map[string]interface{}     `json:"packing"`
	Format  map[string]string            `json:"formatToken"`
}

func loadSample(t *testing.T) *sampleFile {
	p := os.Getenv("ZKS_SPEC_SAMPLE")
	if p == "" {
		p = "/work/shared/spec/vectors-sample.json"
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("%s: %v", p, err)
	}
	var s sampleFile
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func bigOf(t *testing.T, v interface{}) *big.Int {
	t.Helper()
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		s = big.NewFloat(x).Text('f', 0)
	case json.Number:
		s = x.String()
	default:
		t.Fatalf("not an amount: %#v", v)
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("bad amount %q", s)
	}
	return b
}

func addrOf(t *testing.T, v interface{}) Address {
	a, err := ParseAddress(v.(string))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func u32(v interface{}) uint32 { f, _ := v.(float64); return uint32(f) }
func u64(v interface{}) uint64 { f, _ := v.(float64); return uint64(f) }

func orderOf(t *testing.T, m map[string]interface{}) Order {
	r := m["ratio"].([]interface{})
	o := Order{AccountID: u32(m["accountId"]), Recipient: addrOf(t, m["recipient"]), Nonce: u32(m["nonce"]),
		TokenSell: u32(m["tokenSell"]), TokenBuy: u32(m["tokenBuy"]), RatioSell: bigOf(t, r[0]), RatioBuy: bigOf(t, r[1]),
		Amount: bigOf(t, m["amount"]), ValidFrom: u64(m["validFrom"]), ValidUntil: u64(m["validUntil"])}
	if sg, ok := m["signature"].(map[string]interface{}); ok {
		o.Signature = unhex(t, sg["pubKey"].(string)+sg["signature"].(string))
	}
	return o
}

// txOf builds the typed transaction of a server-JSON map (as in the sample vectors).
func txOf(t *testing.T, m map[string]interface{}) Tx {
	switch m["type"] {
	case "Transfer":
		return &Transfer{AccountID: u32(m["accountId"]), From: addrOf(t, m["from"]), To: addrOf(t, m["to"]),
			Token: u32(m["token"]), Amount: bigOf(t, m["amount"]), Fee: bigOf(t, m["fee"]), Nonce: u32(m["nonce"]),
			ValidFrom: u64(m["validFrom"]), ValidUntil: u64(m["validUntil"])}
	case "Withdraw":
		return &Withdraw{AccountID: u32(m["accountId"]), From: addrOf(t, m["from"]), To: addrOf(t, m["to"]),
			Token: u32(m["token"]), Amount: bigOf(t, m["amount"]), Fee: bigOf(t, m["fee"]), Nonce: u32(m["nonce"]),
			ValidFrom: u64(m["validFrom"]), ValidUntil: u64(m["validUntil"])}
	case "ForcedExit":
		return &ForcedExit{InitiatorAccountID: u32(m["initiatorAccountId"]), Target: addrOf(t, m["target"]),
			Token: u32(m["token"]), Fee: bigOf(t, m["fee"]), Nonce: u32(m["nonce"]),
			ValidFrom: u64(m["validFrom"]), ValidUntil: u64(m["validUntil"])}
	case "MintNFT":
		c := &MintNFT{CreatorID: u32(m["creatorId"]), CreatorAddress: addrOf(t, m["creatorAddress"]),
			Recipient: addrOf(t, m["recipient"]), FeeToken: u32(m["feeToken"]), Fee: bigOf(t, m["fee"]), Nonce: u32(m["nonce"])}
		copy(c.ContentHash[:], unhex(t, m["contentHash"].(string)))
		return c
	case "WithdrawNFT":
		return &WithdrawNFT{AccountID: u32(m["accountId"]), From: addrOf(t, m["from"]), To: addrOf(t, m["to"]),
			Token: u32(m["token"]), FeeToken: u32(m["feeToken"]), Fee: bigOf(t, m["fee"]), Nonce: u32(m["nonce"]),
			ValidFrom: u64(m["validFrom"]), ValidUntil: u64(m["validUntil"])}
	case "ChangePubKey":
		c := &ChangePubKey{AccountID: u32(m["accountId"]), Account: addrOf(t, m["account"]), FeeToken: u32(m["feeToken"]),
			Fee: bigOf(t, m["fee"]), Nonce: u32(m["nonce"]), ValidFrom: u64(m["validFrom"]), ValidUntil: u64(m["validUntil"])}
		h, err := PubKeyHashFromText(m["newPkHash"].(string))
		if err != nil {
			t.Fatal(err)
		}
		copy(c.NewPkHash[:], h)
		if ad, ok := m["ethAuthData"].(map[string]interface{}); ok {
			switch ad["type"] {
			case "ECDSA":
				c.AuthType = CpkECDSA
				copy(c.EthSignature[:], unhex(t, ad["ethSignature"].(string)))
			case "CREATE2":
				c.AuthType = CpkCreate2
				c.CreatorAddress = addrOf(t, ad["creatorAddress"])
				copy(c.SaltArg[:], unhex(t, ad["saltArg"].(string)))
				copy(c.CodeHash[:], unhex(t, ad["codeHash"].(string)))
			}
		}
		return c
	case "Swap":
		os := m["orders"].([]interface{})
		am := m["amounts"].([]interface{})
		return &Swap{SubmitterID: u32(m["submitterId"]), SubmitterAddress: addrOf(t, m["submitterAddress"]),
			Nonce: u32(m["nonce"]), OrderA: orderOf(t, os[0].(map[string]interface{})),
			OrderB: orderOf(t, os[1].(map[string]interface{})), AmountA: bigOf(t, am[0]), AmountB: bigOf(t, am[1]),
			FeeToken: u32(m["feeToken"]), Fee: bigOf(t, m["fee"])}
	case nil:
		o := orderOf(t, m)
		o.Signature = nil
		return &o
	}
	t.Fatalf("unknown type %v", m["type"])
	return nil
}

func TestSampleTransactions(t *testing.T) {
	s := loadSample(t)
	signers := map[string]*Signer{}
	for _, k := range []string{s.Keys.EthPrivateKey, s.Keys.Account2.EthPrivateKey} {
		zs, err := NewSignerFromEthPrivateKey(unhex(t, k), s.ChainID)
		if err != nil {
			t.Fatal(err)
		}
		defer zs.Close()
		signers[hex.EncodeToString(zs.PublicKey())] = zs
	}
	toks := map[uint32][2]interface{}{}
	for _, tk := range s.Tokens {
		toks[tk.ID] = [2]interface{}{tk.Symbol, tk.Decimals}
	}
	serverMax, _ := new(big.Int).SetString("340282366920000000000000000000000000000", 10)
	n := 0
	for _, v := range s.Vectors {
		if v["json"] == nil {
			continue
		}
		var name, signBytes, ethMessage, txHashJs, txHashServer string
		json.Unmarshal(v["name"], &name)
		json.Unmarshal(v["signBytes"], &signBytes)
		json.Unmarshal(v["ethMessage"], &ethMessage)
		json.Unmarshal(v["txHashJs"], &txHashJs)
		json.Unmarshal(v["txHashServer"], &txHashServer)
		var m map[string]interface{}
		json.Unmarshal(v["json"], &m)
		sig := m["signature"].(map[string]interface{})
		wantSig := sig["pubKey"].(string) + sig["signature"].(string)
		signer := signers[sig["pubKey"].(string)]
		delete(m, "signature")
		tx := txOf(t, m)
		if tr, ok := tx.(*Transfer); ok && tr.Amount.Cmp(serverMax) > 0 {
			_, err := TxBytes(tx)
			wantStatus(t, err, ErrInvalidAmount)
			continue
		}
		b, err := TxBytes(tx)
		if err != nil || "0x"+hex.EncodeToString(b) != signBytes {
			t.Fatalf("%s: bytes %x %v", name, b, err)
		}
		if err := CheckTx(tx); err != nil {
			t.Fatalf("%s: check %v", name, err)
		}
		got, err := signer.SignTx(tx)
		if err != nil || hex.EncodeToString(got) != wantSig {
			t.Fatalf("%s: sig %x %v", name, got, err)
		}
		if m["type"] != nil {
			want := txHashJs
			if txHashServer != "" {
				want = txHashServer
			}
			if _, h, err := TxHash(tx); err != nil || h != want {
				t.Fatalf("%s: hash %s %v", name, h, err)
			}
			// the JSON path gives the same signature and hash
			if m["type"] != "ChangePubKey" || m["ethAuthData"] != nil {
				raw, _ := json.Marshal(m)
				st, err := signer.SignTxJSON(raw)
				if err != nil || st.TxHash != want || st.SignBytes != signBytes {
					t.Fatalf("%s: SignTxJSON %+v %v", name, st, err)
				}
				var back map[string]interface{}
				json.Unmarshal(st.Tx, &back)
				bs := back["signature"].(map[string]interface{})
				if bs["pubKey"].(string)+bs["signature"].(string) != wantSig {
					t.Fatalf("%s: SignTxJSON signature %v", name, bs)
				}
			}
		}
		// Ethereum message
		var tok uint32
		switch x := tx.(type) {
		case *Transfer:
			tok = x.Token
		case *Withdraw:
			tok = x.Token
		case *ForcedExit:
			tok = x.Token
		case *MintNFT:
			tok = x.FeeToken
		case *WithdrawNFT:
			tok = x.FeeToken
		case *Swap:
			tok = x.FeeToken
		case *Order:
			tok = x.TokenSell
		case *ChangePubKey:
			tok = 1 << 31 // no single text message
		}
		if ti, ok := toks[tok]; ok && ethMessage != "" {
			buy := ""
			if o, ok := tx.(*Order); ok {
				buy = toks[o.TokenBuy][0].(string)
			}
			msg, err := TxEthMessage(tx, ti[0].(string), ti[1].(uint32), buy)
			if err != nil || msg != ethMessage {
				t.Fatalf("%s: eth message %q %v", name, msg, err)
			}
			if m["type"] == nil {
				m["type"] = "Order"
			}
			raw, _ := json.Marshal(m)
			msg, err = TxEthMessageJSON(raw, ti[0].(string), ti[1].(uint32), buy)
			if err != nil || msg != ethMessage {
				t.Fatalf("%s: eth message json %q %v", name, msg, err)
			}
		}
		if c, ok := tx.(*ChangePubKey); ok && v["ethAuthSignedBytes"] != nil {
			var want string
			json.Unmarshal(v["ethAuthSignedBytes"], &want)
			got, err := ChangePubKeyECDSAMessage(c)
			if err != nil || "0x"+hex.EncodeToString(got) != want {
				t.Fatalf("%s: cpk message %x %v", name, got, err)
			}
		}
		if v["create2Address"] != nil {
			var want string
			json.Unmarshal(v["create2Address"], &want)
			c := tx.(*ChangePubKey)
			a, err := Create2Address(c.CreatorAddress, c.SaltArg, c.CodeHash, c.NewPkHash)
			if err != nil || !strings.EqualFold(a.String(), want) {
				t.Fatalf("%s: create2 %s %v", name, a, err)
			}
		}
		if tr, ok := tx.(*Transfer); ok && name == "transfer_eth" {
			j, err := TxJSON(tr, unhex(t, wantSig))
			var back map[string]interface{}
			if err != nil || json.Unmarshal(j, &back) != nil || back["amount"] != m["amount"] || back["from"] != m["from"] {
				t.Fatalf("TxJSON %s %v", j, err)
			}
			parts := []string{}
			p, _ := TxEthMessagePart(tr, "ETH", 18)
			parts = append(parts, p, p)
			bm, err := BatchEthMessage(parts, 7)
			if err != nil || bm != p+"\n"+p+"\nNonce: 7" {
				t.Fatalf("batch %q %v", bm, err)
			}
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d vectors", n)
	}
}

func TestPackingAndUnits(t *testing.T) {
	s := loadSample(t)
	for _, p := range s.Packing {
		v := bigOf(t, p["value"])
		if want, ok := p["closestPackableAmount"]; ok {
			got, err := ClosestPackableAmount(v, false)
			if err != nil || got.Cmp(bigOf(t, want)) != 0 {
				t.Fatalf("closest %s: %s %v", v, got, err)
			}
			got, _ = ClosestPackableAmount(v, true)
			if got.Cmp(bigOf(t, p["closestGreaterOrEqAmount"])) != 0 {
				t.Fatalf("closest up %s: %s", v, got)
			}
		}
		if want, ok := p["closestPackableFee"]; ok {
			if got, err := ClosestPackableFee(v, false); err != nil || got.Cmp(bigOf(t, want)) != 0 {
				t.Fatalf("closest fee %s: %s %v", v, got, err)
			}
		}
		if want, ok := p["isAmountPackable"].(bool); ok {
			if got, err := IsAmountPackable(v); err != nil || got != want {
				t.Fatalf("packable %s", v)
			}
			pk, err := PackAmount(v)
			if want {
				u, _ := UnpackAmount(pk)
				if err != nil || "0x"+hex.EncodeToString(pk) != p["packedAmount"] || u.Cmp(v) != 0 {
					t.Fatalf("pack %s: %x %v", v, pk, err)
				}
			} else {
				wantStatus(t, err, ErrNotPackable)
			}
		}
		if want, ok := p["isFeePackable"].(bool); ok {
			if got, err := IsFeePackable(v); err != nil || got != want {
				t.Fatalf("fee packable %s", v)
			}
			if want {
				pk, err := PackFee(v)
				u, _ := UnpackFee(pk)
				if err != nil || "0x"+hex.EncodeToString(pk) != p["packedFee"] || u.Cmp(v) != 0 {
					t.Fatalf("pack fee %s: %x %v", v, pk, err)
				}
			}
		}
	}
	dec := map[string]uint32{}
	for _, tk := range s.Tokens {
		dec[tk.Symbol] = tk.Decimals
	}
	for k, want := range s.Format {
		f := strings.SplitN(k, ":", 2)
		got, err := FormatUnits(bigOf(t, f[1]), dec[f[0]])
		if err != nil || got != want {
			t.Fatalf("format %s: %q %v", k, got, err)
		}
	}
	if v, err := ParseUnits("1.5", 18); err != nil || v.String() != "1500000000000000000" {
		t.Fatalf("parse %v %v", v, err)
	}
	for _, bad := range []string{"", ".", "-1", "1e5", "0.001"} {
		_, err := ParseUnits(bad, 2)
		wantStatus(t, err, ErrInvalidAmount)
	}
}

func TestTxBadInput(t *testing.T) {
	from, _ := ParseAddress(addr1)
	base := func() *Transfer {
		return &Transfer{AccountID: 42, From: from, To: from, Amount: big.NewInt(1000), Fee: big.NewInt(10), Nonce: 1,
			ValidUntil: ValidUntilDefault}
	}
	cases := []struct {
		mod  func(*Transfer)
		want *Error
	}{
		{func(x *Transfer) { x.Amount, _ = new(big.Int).SetString("1000000000000000001", 10) }, ErrNotPackable},
		{func(x *Transfer) { x.Fee = big.NewInt(2049) }, ErrNotPackable},
		{func(x *Transfer) { x.Amount = big.NewInt(-1) }, ErrInvalidAmount},
		{func(x *Transfer) { x.AccountID = 1 << 24 }, ErrInvalidTx},
		{func(x *Transfer) { x.Token = 1 << 31 }, ErrInvalidTx},
		{func(x *Transfer) { x.ValidFrom, x.ValidUntil = 10, 5 }, ErrInvalidTx},
		{func(x *Transfer) { x.Token, x.Amount = 65536, big.NewInt(2) }, ErrInvalidTx},
	}
	s, _ := NewSigner(unhex(t, sk1))
	defer s.Close()
	for i, c := range cases {
		tx := base()
		c.mod(tx)
		_, err := TxBytes(tx)
		wantStatus(t, err, c.want)
		_, err = s.SignTx(tx)
		wantStatus(t, err, c.want)
		if err := CheckTx(tx); err == nil {
			t.Fatalf("case %d: CheckTx passed", i)
		}
	}
	_, err := s.SignTxJSON([]byte(`{"type":"Nope"}`))
	wantStatus(t, err, ErrUnsupported)
	_, err = s.SignTxJSON([]byte(`{"type":"Transfer","accountId":"x"}`))
	wantStatus(t, err, ErrJSON)
	_, err = TxBytes(nil)
	wantStatus(t, err, ErrInvalidArg)
	_, err = ClosestPackableAmount(new(big.Int).Exp(big.NewInt(10), big.NewInt(43), nil), false)
	wantStatus(t, err, ErrInvalidAmount)
	_, err = UnpackAmount([]byte{1})
	wantStatus(t, err, ErrInvalidLength)
}
