package zksync

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadVectors reads tests/vectors/<name>; it skips the test when the file is
// absent or empty (being generated).
func loadVectors(t *testing.T, name string, v interface{}) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "tests", "vectors", name))
	if err != nil || len(raw) == 0 {
		t.Skipf("tests/vectors/%s not present", name)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestCryptoVectors(t *testing.T) {
	var v struct {
		Seeds []struct{ Seed, Sk string } `json:"seeds"`
		Keys  []struct {
			Sk, Pub, Hash string
			Sigs          []struct{ Msg, Sig string }
		} `json:"keys"`
		PubkeyHash []struct {
			Pub  string
			Hash *string
		} `json:"pubkey_hash"`
		Verify []struct {
			Msg, Sig string
			Result   interface{}
		} `json:"verify"`
	}
	loadVectors(t, "crypto.json", &v)
	for _, s := range v.Seeds {
		k, err := PrivateKeyFromSeed(unhex(t, s.Seed))
		if err != nil || hex.EncodeToString(k) != s.Sk {
			t.Fatalf("seed %s: %x %v", s.Seed, k, err)
		}
	}
	for _, k := range v.Keys {
		s, err := NewSigner(unhex(t, k.Sk))
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(s.PublicKey()) != k.Pub || hex.EncodeToString(s.PubKeyHash()) != k.Hash {
			t.Fatalf("key %s", k.Sk)
		}
		for _, sg := range k.Sigs {
			got, err := s.Sign(unhex(t, sg.Msg))
			if err != nil || hex.EncodeToString(got) != sg.Sig {
				t.Fatalf("sign %s %s: %x %v", k.Sk, sg.Msg, got, err)
			}
		}
		s.Close()
	}
	for _, p := range v.PubkeyHash {
		h, err := PubKeyHash(unhex(t, p.Pub))
		if p.Hash == nil {
			if err == nil {
				t.Fatalf("pubkey hash %s: no error", p.Pub)
			}
		} else if err != nil || hex.EncodeToString(h) != *p.Hash {
			t.Fatalf("pubkey hash %s: %x %v", p.Pub, h, err)
		}
	}
	for _, c := range v.Verify {
		ok, err := VerifyMusig(unhex(t, c.Msg), unhex(t, c.Sig))
		switch c.Result {
		case "error":
			if err == nil && ok {
				t.Fatalf("verify %s %s: valid, want error", c.Msg, c.Sig)
			}
		default:
			if err != nil || ok != c.Result.(bool) {
				t.Fatalf("verify %s %s: %v %v, want %v", c.Msg, c.Sig, ok, err, c.Result)
			}
		}
	}
}

func TestTxVectors(t *testing.T) {
	var v struct {
		Keys    []string `json:"keys"`
		Vectors []struct {
			Name, Sym, BuySym, SignBytes, TxHash, ServerHash, EthMessage, EthMessagePart, CpkMessage string
			Key                                                                                      int
			Dec                                                                                      uint32
			Input, JSON                                                                              json.RawMessage
			Signature                                                                                struct{ PubKey, Signature string }
		} `json:"vectors"`
		Invalid []struct {
			Name, Status string
			Key          int
			Input        json.RawMessage
		} `json:"invalid"`
	}
	loadVectors(t, "tx.json", &v)
	signers := make([]*Signer, len(v.Keys))
	for i, k := range v.Keys {
		s, err := NewSigner(unhex(t, k))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		signers[i] = s
	}
	for _, c := range v.Vectors {
		s := signers[c.Key]
		wantSig := c.Signature.PubKey + c.Signature.Signature
		// JSON path
		st, err := s.SignTxJSON(c.Input)
		if err != nil || st.SignBytes != "0x"+c.SignBytes {
			t.Fatalf("%s: SignTxJSON %+v %v", c.Name, st, err)
		}
		if c.ServerHash != "" && st.TxHash != c.ServerHash {
			t.Fatalf("%s: hash %s", c.Name, st.TxHash)
		}
		var out struct {
			Signature struct{ PubKey, Signature string }
		}
		json.Unmarshal(st.Tx, &out)
		if out.Signature.PubKey+out.Signature.Signature != wantSig {
			t.Fatalf("%s: signature %+v", c.Name, out.Signature)
		}
		msg, err := TxEthMessageJSON(c.Input, c.Sym, c.Dec, c.BuySym)
		if err != nil || msg != c.EthMessage {
			t.Fatalf("%s: eth message %q %v", c.Name, msg, err)
		}
		// struct path, from the server JSON of the vector
		var m map[string]interface{}
		json.Unmarshal(c.JSON, &m)
		delete(m, "signature")
		if m["type"] == "Order" {
			delete(m, "type")
		}
		tx := txOf(t, m)
		b, err := TxBytes(tx)
		if err != nil || hex.EncodeToString(b) != c.SignBytes {
			t.Fatalf("%s: TxBytes %x %v", c.Name, b, err)
		}
		sig, err := s.SignTx(tx)
		if err != nil || hex.EncodeToString(sig) != wantSig {
			t.Fatalf("%s: SignTx %x %v", c.Name, sig, err)
		}
		if c.ServerHash != "" {
			if _, h, err := TxHash(tx); err != nil || h != c.ServerHash {
				t.Fatalf("%s: TxHash %s %v", c.Name, h, err)
			}
		}
		if msg, err := TxEthMessage(tx, c.Sym, c.Dec, c.BuySym); err != nil || msg != c.EthMessage {
			t.Fatalf("%s: TxEthMessage %q %v", c.Name, msg, err)
		}
		if _, isOrder := tx.(*Order); !isOrder {
			if p, err := TxEthMessagePart(tx, c.Sym, c.Dec); err != nil || p != c.EthMessagePart {
				t.Fatalf("%s: part %q %v", c.Name, p, err)
			}
		}
		if c.CpkMessage != "" {
			got, err := ChangePubKeyECDSAMessage(tx.(*ChangePubKey))
			if err != nil || hex.EncodeToString(got) != strings.TrimPrefix(c.CpkMessage, "0x") {
				t.Fatalf("%s: cpk message %x %v", c.Name, got, err)
			}
		}
	}
	for _, c := range v.Invalid {
		_, err := signers[c.Key].SignTxJSON(c.Input)
		var ze *Error
		if err == nil || !asError(err, &ze) || ze.Status.String() != c.Status {
			t.Fatalf("%s: %v, want %s", c.Name, err, c.Status)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}
