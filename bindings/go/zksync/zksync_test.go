package zksync

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.TrimPrefix(strings.Join(strings.Fields(s), ""), "0x")
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func rep(c byte, n int) []byte { return bytes.Repeat([]byte{c}, n) }

// repoRoot is the libzksync checkout (bindings/go/zksync is three levels down).
func repoRoot() string { return filepath.Join("..", "..", "..") }

var _ = repoRoot

var msg10 = seq(10)

const (
	sk1  = "048719008be0b1086f321ca51728eeb929b8f67ddc7d1c14253d259b841d2e31"
	pub1 = "4cb4917e57a0aebdbe5286c9d966ac8333914207554463a7c9b3e2116d3bf9ad"
	sig1 = pub1 + "f49e6392835096e168ff7355aeb4d77aa37b492fe789291e6bafa7c5ff1f36a7" +
		"61aa5e5761a281046677ec708d40121df14b4495f823bcca41fff00a7b4e3c02"
	eth1      = "0101010101010101010101010101010101010101010101010101010101010101"
	addr1     = "0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1"
	login1    = "Access zkSync account.\n\nOnly sign this message for a trusted client!"
	ethSeedS1 = "18ffe9d51f0c3aaab26fb8acbf8370242f27ee6b89944780cd547019fee9bb7e" +
		"431cfbacb6ff6adcd4283eac9632e644ed7f4c08b887fd603dd563c0bde36da51c"
)

func wantStatus(t *testing.T, err error, want *Error) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %v, got nil", want.Status)
	}
	if !errors.Is(err, want) {
		t.Fatalf("want %v, got %v", want.Status, err)
	}
	var ze *Error
	if !errors.As(err, &ze) || ze.Status != want.Status || ze.Message == "" {
		t.Fatalf("not an *Error with status %v: %#v", want.Status, err)
	}
}

func TestVersionSizes(t *testing.T) {
	if Version() != HeaderVersionString || VersionNum() != HeaderVersionNum {
		t.Fatalf("library %s (%#x), header %s", Version(), VersionNum(), HeaderVersionString)
	}
	got := Sizes()
	if len(got) < 6 || len(got) != len(HeaderSizes) || HeaderSizes["ZKS_PUBKEY_BYTES"] != PubkeyBytes {
		t.Fatalf("sizes %v", got)
	}
	for k, v := range got {
		if HeaderSizes[k] != v {
			t.Errorf("%s: library %d, header %d", k, v, HeaderSizes[k])
		}
	}
	if Strerror(9999) != "unknown error" || StatusInvalidKey.String() != "ZKS_ERR_INVALID_KEY" {
		t.Fatal("strerror / String")
	}
}

func TestSeedVectors(t *testing.T) {
	s, err := NewSignerFromSeed(rep(1, 32))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k, _ := s.PrivateKey()
	if hex.EncodeToString(k) != sk1 || hex.EncodeToString(s.PublicKey()) != pub1 ||
		s.Address() != "sync:587515a8af938d0dc901eef162cf8145ee7c391b" {
		t.Fatalf("key %x pub %x addr %s", k, s.PublicKey(), s.Address())
	}
	sig, err := s.Sign(msg10)
	if err != nil || hex.EncodeToString(sig) != sig1 {
		t.Fatalf("sign: %x %v", sig, err)
	}
	sig, _ = s.Sign(nil)
	if hex.EncodeToString(sig[32:]) != "644e45d37ea06612622ff532798520934ef13fdebc32ba845a0cd16eae8ccc07"+
		"24236d5f03a4e18ba616476564cd62f9c8721ce0691eecc0536930935c9aa505" {
		t.Fatalf("sign(empty) %x", sig)
	}
	sig, _ = s.Sign(rep(0xab, 92))
	if hex.EncodeToString(sig[32:]) != "0f43a95fb3ab5283315c78406793cc04ffd7d7fe7a43c155fbe6c3ec0fdc308b"+
		"ccc74fe6bc9290183f904717c635d41a1f8170c37d0a86804874888d8cb2c004" {
		t.Fatalf("sign(ab*92) %x", sig)
	}
	for seed, want := range map[string]string{
		hex.EncodeToString(seq(32)):    "0552a69519d1f3043611126c13489ff4a2a867a1c667b1d9d9031cd27fdcff5a",
		hex.EncodeToString(rep(0, 32)): "011f5b99084c5c2e2d5e63488e0f7168d599a5c01fe9fec4c99605743da5e85c",
		hex.EncodeToString(rep(0, 65)): "02062e206f456c5fea33b305ddb3b762991ce06519732e6f29496e210c8e46c7",
	} {
		k, err := PrivateKeyFromSeed(unhex(t, seed))
		if err != nil || hex.EncodeToString(k) != want {
			t.Errorf("seed %s: %x %v", seed, k, err)
		}
	}
	s2, _ := NewSignerFromSeed(seq(32))
	defer s2.Close()
	sig, _ = s2.Sign(msg10)
	if s2.Address() != "sync:4f3015a1d2b93239f9510d8bc2cf49376a78a08e" ||
		hex.EncodeToString(sig[32:]) != "e1c402a1eb0f77b8d39c6cd3d4ec0e6ec56a9851b84998a1818c0ecff99aaa2d"+
			"38187f05bb5f2d8de244f11c8922b56feea39c100d2775e85f50189bc6976205" {
		t.Fatalf("seed 00..1f: %s %x", s2.Address(), sig)
	}
}

func TestSmallKeysAndHashes(t *testing.T) {
	one := make([]byte, 32)
	one[31] = 1
	s, err := NewSigner(one)
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(s.PublicKey()) != "b7946c9c0e5c4b987dd5f6f515c8327506e4684a642442783f5d78ea6711a085" ||
		hex.EncodeToString(s.PubKeyHash()) != "c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5" {
		t.Fatalf("sk=1: %x %x", s.PublicKey(), s.PubKeyHash())
	}
	s.Close()
	h, err := PubKeyHash(unhex(t, "01"+strings.Repeat("00", 31)))
	if err != nil || hex.EncodeToString(h) != "a4f90830929d60c32fdddccc83f2706ba9a8c644" {
		t.Fatalf("identity hash %x %v", h, err)
	}
	txt, _ := PubKeyHashToText(h)
	back, err := PubKeyHashFromText(strings.ToUpper(txt[5:]))
	wantStatus(t, err, ErrInvalidAddress)
	back, err = PubKeyHashFromText(txt)
	if err != nil || !bytes.Equal(back, h) || txt != "sync:a4f90830929d60c32fdddccc83f2706ba9a8c644" {
		t.Fatalf("text %s %x %v", txt, back, err)
	}
	for in, want := range map[string]string{
		hex.EncodeToString(msg10): "5f8b2038522065430874627ca03baf422d495200798a22a366258cec97845306",
		"":                        "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117",
		"00":                      "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117",
		strings.Repeat("00", 92):  "b3ddd3eb9b627ea67bab8204d05cc6ecef62a78d91a6c1a8688195c70022e117",
		"01":                      "b8e084d42bf4e379e844979bd60eb8bf5e43892ef788aefaa1a240ec6a79591e",
		"80":                      "50c66c0d98970d60e9f7378f7d688a9dad17d5c9985d8ebe6ab9a31420d3ff02",
		strings.Repeat("ff", 92):  "bbdbd6dc81f8cef57b9f9570c1f006fca01bd34aa6f3d7bbe01b752fae1b0303",
	} {
		got, err := RescueHash(unhex(t, in))
		if err != nil || hex.EncodeToString(got) != want {
			t.Errorf("rescue(%s) = %x %v", in, got, err)
		}
	}
	o, _ := RescueHashOrders(seq(178))
	o0, _ := RescueHashOrders(make([]byte, 178))
	if hex.EncodeToString(o) != "f2efacde445c899003cd947bcde4b9f7a977cd12ae72ed6326903d6d064cd7" ||
		hex.EncodeToString(o0) != "ba420fa046e4592752d61b68c29cc37e01fa95c64c5ffc1a2e9adfbab0f7a0" {
		t.Fatalf("orders %x %x", o, o0)
	}
	if hex.EncodeToString(Keccak256(nil)) != "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" {
		t.Fatal("keccak")
	}
}

func TestVerify(t *testing.T) {
	sig := unhex(t, sig1)
	if ok, err := VerifyMusig(msg10, sig); !ok || err != nil {
		t.Fatalf("valid: %v %v", ok, err)
	}
	if ok, err := VerifyMusig(append(seq(10), 'x'), sig); ok || err != nil {
		t.Fatalf("wrong msg: %v %v", ok, err)
	}
	bad := append(append([]byte(nil), sig[:64]...), rep(0xff, 32)...)
	_, err := VerifyMusig(msg10, bad)
	wantStatus(t, err, ErrSignatureMalformed)
	_, err = VerifyMusig(make([]byte, 93), sig)
	wantStatus(t, err, ErrMsgTooLong)
	_, err = VerifyMusig(msg10, sig[:95])
	wantStatus(t, err, ErrInvalidLength)
}

func TestBadInput(t *testing.T) {
	_, err := NewSigner(make([]byte, 32))
	wantStatus(t, err, ErrInvalidKey)
	_, err = NewSigner(rep(0xff, 32))
	wantStatus(t, err, ErrInvalidKey)
	_, err = NewSigner(rep(1, 31))
	wantStatus(t, err, ErrInvalidKey)
	_, err = NewSignerFromSeed(rep(1, 31))
	wantStatus(t, err, ErrInvalidKey)
	_, err = PubKeyHash(rep(0xff, 32))
	wantStatus(t, err, ErrInvalidPoint)
	_, err = RescueHash(make([]byte, 93))
	wantStatus(t, err, ErrMsgTooLong)
	_, err = RescueHashOrders(make([]byte, 177))
	wantStatus(t, err, ErrInvalidLength)
	s, _ := NewSigner(unhex(t, sk1))
	_, err = s.Sign(make([]byte, 93))
	wantStatus(t, err, ErrMsgTooLong)
	_, err = NewEthSigner(make([]byte, 32))
	wantStatus(t, err, ErrInvalidKey)
	_, err = NewEthSigner(rep(0xff, 32))
	wantStatus(t, err, ErrInvalidKey)
	_, err = NewSignerFromEthPrivateKey(unhex(t, eth1), 0)
	wantStatus(t, err, ErrInvalidArg)
	sig := unhex(t, ethSeedS1)
	sig[64] = 5
	_, err = NewSignerFromEthSignature(sig)
	wantStatus(t, err, ErrSignatureMalformed)
	_, err = RecoverAddress([]byte("x"), sig)
	wantStatus(t, err, ErrSignatureMalformed)
	_, err = ParseAddress(addr1[:41] + "f")
	wantStatus(t, err, ErrChecksum)
	for _, a := range []string{"1a642f0e3c3af545e7acbd38b07251b3990914f1", "0x1234", "0x" + strings.Repeat("g", 40), ""} {
		_, err = ParseAddress(a)
		wantStatus(t, err, ErrInvalidAddress)
	}
	_, err = ParseAddress("0x\x00")
	wantStatus(t, err, ErrInvalidArg)
}

func TestCloseWipes(t *testing.T) {
	s, err := NewSigner(unhex(t, sk1))
	if err != nil {
		t.Fatal(err)
	}
	key := s.key
	s.Close()
	s.Close()
	if !bytes.Equal(key, make([]byte, 32)) {
		t.Fatal("key not wiped")
	}
	_, err = s.Sign(msg10)
	wantStatus(t, err, ErrState)
	e, _ := NewEthSigner(unhex(t, eth1))
	ek := e.key
	e.Close()
	if !bytes.Equal(ek, make([]byte, 32)) {
		t.Fatal("eth key not wiped")
	}
	_, err = e.SignMessage([]byte("x"))
	wantStatus(t, err, ErrState)
}

func TestEthChains(t *testing.T) {
	e, err := NewEthSigner(unhex(t, eth1))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Address().String() != addr1 {
		t.Fatalf("address %s", e.Address())
	}
	a, err := ParseAddress(strings.ToLower(addr1))
	if err != nil || a != e.Address() {
		t.Fatalf("parse %v %v", a, err)
	}
	cases := []struct {
		chain        uint64
		sig, sk, adr string
	}{
		{1, ethSeedS1, "042ceda2335a81681bf7bf2ad62962408ea93432425b7778c497e7da18472922",
			"sync:99121ab1f147434b18406cd173113ad3035bf760"},
		{9, "a78bc56467e82a33b7e79661ca8f2f694c167c7e0fc81d13e111cf738396a3f7" +
			"687b74244bbe3275ea858a8e4e3b90d0ebdb836a5707a75cca87ef9a593f2f351b",
			"052ffd2a7a52fe604a8df567e4775de087192f7a00c97bd395c565449395be5f",
			"sync:12097b8af3cefde1596cbe5c151e143ccadabb1a"},
		{5, "f39c2ab8174a8546cc6eb5fb1d76390c36d3620b3cf1cb8e571cfefaec1581d2" +
			"747d0d01b52371b91f2765825886881afb9e06facc8fea70fa3a4cb62d6d572a1b",
			"05d26020e1360816209727b7b3cd4282963a899c22bed998d017d1f08ab5ccd5",
			"sync:e53e076f6a5ee6a2d9b97790878ff4c727ab7fdd"},
	}
	for _, c := range cases {
		m, err := EthLoginMessage(c.chain)
		want := login1
		if c.chain != 1 {
			want += "\nChain ID: " + strconv.FormatUint(c.chain, 10) + "."
		}
		if err != nil || m != want {
			t.Fatalf("login(%d) %q %v", c.chain, m, err)
		}
		sig, err := e.SignMessage([]byte(m))
		if err != nil || hex.EncodeToString(sig) != c.sig {
			t.Fatalf("chain %d sig %x %v", c.chain, sig, err)
		}
		if r, err := RecoverAddress([]byte(m), sig); err != nil || r != e.Address() {
			t.Fatalf("recover %v %v", r, err)
		}
		for _, mk := range []func() (*Signer, error){
			func() (*Signer, error) { return e.ZkSigner(c.chain) },
			func() (*Signer, error) { return NewSignerFromEthSignature(sig) },
		} {
			zs, err := mk()
			if err != nil {
				t.Fatal(err)
			}
			k, _ := zs.PrivateKey()
			if hex.EncodeToString(k) != c.sk || zs.Address() != c.adr {
				t.Fatalf("chain %d: %x %s", c.chain, k, zs.Address())
			}
			zs.Close()
		}
	}
}

// TestSpecSample checks the keys of the shared spec sample when it is present.
func TestSpecSample(t *testing.T) {
	p := os.Getenv("ZKS_SPEC_SAMPLE")
	if p == "" {
		p = "/work/shared/spec/vectors-sample.json"
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("%s: %v", p, err)
	}
	var v struct {
		ChainID uint64 `json:"chainId"`
		Keys    struct {
			EthPrivateKey, EthAddress, SeedMessage, SeedEthSignature, ZkPrivateKey, ZkPubKey, PubKeyHash string
		} `json:"keys"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	k := v.Keys
	e, err := NewEthSigner(unhex(t, k.EthPrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	sig, _ := e.SignMessage([]byte(k.SeedMessage))
	zs, err := e.ZkSigner(v.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	defer zs.Close()
	zk, _ := zs.PrivateKey()
	if e.Address().String() != k.EthAddress || "0x"+hex.EncodeToString(sig) != k.SeedEthSignature ||
		"0x"+hex.EncodeToString(zk) != k.ZkPrivateKey || "0x"+hex.EncodeToString(zs.PublicKey()) != k.ZkPubKey ||
		zs.Address() != k.PubKeyHash {
		t.Fatalf("sample keys differ: %s %x %x %s", e.Address(), sig, zk, zs.Address())
	}
}

const hardhat = "test test test test test test test test test test test junk"

func TestMnemonic(t *testing.T) {
	e, err := NewEthSignerFromMnemonic(hardhat, "", "")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := e.PrivateKey()
	if hex.EncodeToString(k) != "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" ||
		e.Address().String() != "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" {
		t.Fatalf("hardhat #0: %x %s", k, e.Address())
	}
	e.Close()
	e, err = NewEthSignerFromMnemonic(hardhat, "", "m/44'/60'/0'/0/1")
	if err != nil || e.Address().String() != "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" {
		t.Fatalf("hardhat #1: %v %v", e, err)
	}
	e.Close()
	m, err := GenerateMnemonic(24)
	if err != nil || len(strings.Fields(m)) != 24 || ValidateMnemonic(m) != nil {
		t.Fatalf("generate %q %v", m, err)
	}
	wantStatus(t, ValidateMnemonic(strings.Repeat("abandon ", 11)+"abandon"), ErrChecksum)
	wantStatus(t, ValidateMnemonic(strings.Repeat("abandon ", 11)+"notaword"), ErrInvalidMnemonic)
	_, err = GenerateMnemonic(13)
	wantStatus(t, err, ErrInvalidArg)
	_, err = EntropyToMnemonic(make([]byte, 15))
	wantStatus(t, err, ErrInvalidLength)
	_, err = NewEthSignerFromMnemonic(hardhat, "", "m/x")
	wantStatus(t, err, ErrInvalidPath)
	_, err = NewEthSignerFromSeed(make([]byte, 15), "")
	wantStatus(t, err, ErrInvalidLength)
}

func TestBip39Vectors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "tests", "vectors", "bip39_vectors.json"))
	if err != nil {
		t.Skip(err)
	}
	var v struct {
		Passphrase string     `json:"passphrase"`
		English    [][]string `json:"english"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	for _, c := range v.English {
		m, err := EntropyToMnemonic(unhex(t, c[0]))
		if err != nil || m != c[1] {
			t.Fatalf("entropy %s: %q %v", c[0], m, err)
		}
		e, err := MnemonicToEntropy(c[1])
		if err != nil || hex.EncodeToString(e) != c[0] {
			t.Fatalf("mnemonic %q: %x %v", c[1], e, err)
		}
		s, err := MnemonicToSeed(c[1], v.Passphrase)
		if err != nil || hex.EncodeToString(s) != c[2] {
			t.Fatalf("seed %q: %x %v", c[1], s, err)
		}
	}
}

// xprvKey extracts the private key of a base58check xprv string.
func xprvKey(t *testing.T, s string) []byte {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	n := new(big.Int)
	for _, c := range s {
		n.Mul(n, big.NewInt(58))
		n.Add(n, big.NewInt(int64(strings.IndexRune(alphabet, c))))
	}
	raw := n.FillBytes(make([]byte, 82))
	if raw[45] != 0 {
		t.Fatalf("not an xprv: %s", s)
	}
	return raw[46:78]
}

func TestBip32Vectors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "tests", "vectors", "bip32_vectors.json"))
	if err != nil {
		t.Skip(err)
	}
	var v struct {
		Vectors []struct {
			Seed   string     `json:"seed"`
			Chains [][]string `json:"chains"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, vec := range v.Vectors {
		for _, c := range vec.Chains {
			e, err := NewEthSignerFromSeed(unhex(t, vec.Seed), c[0])
			if err != nil {
				t.Fatalf("%s: %v", c[0], err)
			}
			k, _ := e.PrivateKey()
			if !bytes.Equal(k, xprvKey(t, c[2])) {
				t.Fatalf("%s: %x", c[0], k)
			}
			e.Close()
			n++
		}
	}
	if n < 5 {
		t.Fatal("too few BIP-32 vectors")
	}
}
