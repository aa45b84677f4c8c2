/* Live differential run against zksync.js 0.13.1 / ethers 5.7.2 (oracle op
 * tx_ref): random transactions of every type, >= 500 per type (quick runs:
 * a few). Compares signed bytes, zk signature, server and zksync.js hashes,
 * the Ethereum message and its batch part, the Ethereum signature made with
 * zks_eth_personal_sign, the JSON, the ChangePubKey ECDSA message and the
 * CREATE2 address. */
#include <stdarg.h>

#include "harness.h"
#include "oracle.h"
#include "test_tx_util.h"
#include "tx/tx_internal.h"

#define NKEYS 4
static uint8_t zk[NKEYS][32], eth[NKEYS][32];
static char zk_hex[NKEYS][65], eth_hex[NKEYS][65], pkh_hex[NKEYS][41];

typedef struct {
    char s[4096];
    size_t n;
} sb;

static void add(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
    va_end(ap);
    if (k > 0) b->n += (size_t)k;
}

static uint64_t rnd(uint64_t max) { return max ? zt_rand64() % max : 0; }

static void rand_addr(char out[43])
{
    uint8_t a[20];
    zt_rand_bytes(a, 20);
    if (rnd(2) && zks_eth_address_to_checksum(a, out) == ZKS_OK) return;
    out[0] = '0';
    out[1] = 'x';
    zt_hex(out + 2, a, 20);
}

static void rand_h32(char out[67])
{
    uint8_t a[32];
    zt_rand_bytes(a, 32);
    out[0] = '0';
    out[1] = 'x';
    zt_hex(out + 2, a, 32);
}

/* Random decimal with at most `bits` bits. */
static void rand_bits(char out[80], unsigned bits)
{
    zki_u256 v;
    for (int i = 0; i < 4; i++) v.w[i] = zt_rand64();
    for (unsigned i = bits; i < 256; i++) v.w[i / 64] &= ~((uint64_t)1 << (i % 64));
    zki_u256_to_dec(out, &v);
}

static void rand_packable(char out[80])
{
    for (;;) {
        zki_u256 m, p, v;
        char ms[80];
        rand_bits(ms, 1 + (unsigned)rnd(35));
        zki_u256_from_dec(&m, ms);
        zki_u256_pow10(&p, (unsigned)rnd(32));
        zki_u256_mul(&v, &m, &p);
        zki_u256_to_dec(out, &v);
        if (zks_amount_is_packable(out) == ZKS_OK) {
            zks_transfer t = ZKS_TRANSFER_INIT; /* <= the server maximum? */
            memset(t.to, 1, 20);
            t.amount = out;
            if (zks_tx_check(ZKS_TX_TRANSFER, &t) == ZKS_OK) return;
        }
    }
}

static void rand_fee(char out[80])
{
    if (rnd(4) == 0) { strcpy(out, "0"); return; }
    zki_u256 m, p, v;
    zki_u256_from_u64(&m, rnd(2048));
    zki_u256_pow10(&p, (unsigned)rnd(32));
    zki_u256_mul(&v, &m, &p);
    zki_u256_to_dec(out, &v);
}

static uint64_t r_u32(void)
{
    switch (rnd(4)) {
    case 0: return 0;
    case 1: return 4294967295u;
    default: return rnd(4294967296ULL);
    }
}
static uint64_t r_acc(void) { uint64_t c = rnd(4); return c == 0 ? 0 : c == 1 ? 16777215 : rnd(16777216); }
static uint64_t r_feetok(void) { uint64_t c = rnd(4); return c == 0 ? 0 : c == 1 ? 1023 : rnd(1024); }
static uint64_t r_fungible(void) { uint64_t c = rnd(4); return c == 0 ? 65535 : c == 1 ? rnd(65536) : rnd(1024); }
static uint64_t r_nft(void) { uint64_t c = rnd(3); return c == 0 ? 65536 : c == 1 ? 2147483645u : 65536 + rnd(2147483645u - 65536); }
static uint64_t r_anytok(void) { return rnd(2) ? r_fungible() : r_nft(); }

static void add_time(sb *b)
{
    if (rnd(4) == 0) return; /* defaults */
    uint64_t a = rnd(4294967296ULL), c = rnd(4294967296ULL);
    if (a > c) { uint64_t t = a; a = c; c = t; }
    add(b, ",\"validFrom\":%llu,\"validUntil\":%llu", (unsigned long long)a, (unsigned long long)c);
}

static void add_order(sb *b)
{
    char r[43], x[80], y[80], am[80];
    rand_addr(r);
    rand_bits(x, (unsigned)rnd(121));
    rand_bits(y, (unsigned)rnd(121));
    if (rnd(3) == 0) strcpy(am, "0"); else rand_packable(am);
    add(b, "\"accountId\":%llu,\"recipient\":\"%s\",\"nonce\":%llu,\"tokenSell\":%llu,\"tokenBuy\":%llu,"
           "\"ratio\":[\"%s\",\"%s\"],\"amount\":\"%s\"",
        (unsigned long long)r_acc(), r, (unsigned long long)r_u32(), (unsigned long long)r_anytok(),
        (unsigned long long)r_anytok(), x, y, am);
    add_time(b);
}

static const char *TYPES[] = {"Transfer", "Withdraw", "ChangePubKey", "ForcedExit", "MintNFT", "WithdrawNFT", "Order", "Swap"};
static const char *SYMS[] = {"ETH", "USDC", "wBTC", "X", "DAI", "NFT-65536", "A-B_c.1", "LONGSYMBOLNAME"};

static void rand_tx(sb *b, int type, int k)
{
    char a1[43], a2[43], am[80], fee[80], h[67], h2[67];
    rand_addr(a1);
    rand_addr(a2);
    rand_fee(fee);
    b->n = 0;
    add(b, "{\"type\":\"%s\",", TYPES[type]);
    switch (type) {
    case 0: { /* Transfer, NFT 1 in 5 */
        int nft = rnd(5) == 0;
        uint64_t tok = nft ? r_nft() : r_fungible();
        if (nft) strcpy(am, "1"); else rand_packable(am);
        if (tok > 1023) strcpy(fee, "0");
        add(b, "\"accountId\":%llu,\"from\":\"%s\",\"to\":\"%s\",\"token\":%llu,\"amount\":\"%s\",\"fee\":\"%s\",\"nonce\":%llu",
            (unsigned long long)r_acc(), a1, a2, (unsigned long long)tok, am, fee, (unsigned long long)r_u32());
        add_time(b);
        break;
    }
    case 1:
        rand_bits(am, (unsigned)rnd(129));
        add(b, "\"accountId\":%llu,\"from\":\"%s\",\"to\":\"%s\",\"token\":%llu,\"amount\":\"%s\",\"fee\":\"%s\",\"nonce\":%llu",
            (unsigned long long)r_acc(), a1, a2, (unsigned long long)r_feetok(), am, fee, (unsigned long long)r_u32());
        add_time(b);
        break;
    case 2: {
        add(b, "\"accountId\":%llu,\"account\":\"%s\",\"newPkHash\":\"sync:%s\",\"feeToken\":%llu,\"fee\":\"%s\",\"nonce\":%llu",
            (unsigned long long)r_acc(), a1, pkh_hex[k], (unsigned long long)r_feetok(), fee, (unsigned long long)r_u32());
        add_time(b);
        uint64_t kind = rnd(3);
        if (kind == 0) {
            add(b, ",\"ethAuthData\":{\"type\":\"Onchain\"}");
        } else if (kind == 1) {
            uint8_t s[65];
            char sh[131];
            zt_rand_bytes(s, 65);
            zt_hex(sh, s, 65);
            add(b, ",\"ethAuthData\":{\"type\":\"ECDSA\",\"ethSignature\":\"0x%s\"", sh);
            if (rnd(3) == 0) { rand_h32(h); add(b, ",\"batchHash\":\"%s\"", h); }
            add(b, "}");
        } else {
            rand_h32(h);
            rand_h32(h2);
            add(b, ",\"ethAuthData\":{\"type\":\"CREATE2\",\"creatorAddress\":\"%s\",\"saltArg\":\"%s\",\"codeHash\":\"%s\"}", a2,
                h, h2);
        }
        break;
    }
    case 3:
        add(b, "\"initiatorAccountId\":%llu,\"target\":\"%s\",\"token\":%llu,\"fee\":\"%s\",\"nonce\":%llu",
            (unsigned long long)r_acc(), a1, (unsigned long long)r_feetok(), fee, (unsigned long long)r_u32());
        add_time(b);
        break;
    case 4:
        rand_h32(h);
        add(b, "\"creatorId\":%llu,\"creatorAddress\":\"%s\",\"contentHash\":\"%s\",\"recipient\":\"%s\",\"fee\":\"%s\","
               "\"feeToken\":%llu,\"nonce\":%llu",
            (unsigned long long)r_acc(), a1, h, a2, fee, (unsigned long long)r_feetok(), (unsigned long long)r_u32());
        break;
    case 5:
        add(b, "\"accountId\":%llu,\"from\":\"%s\",\"to\":\"%s\",\"token\":%llu,\"feeToken\":%llu,\"fee\":\"%s\",\"nonce\":%llu",
            (unsigned long long)r_acc(), a1, a2, (unsigned long long)r_nft(), (unsigned long long)r_feetok(), fee,
            (unsigned long long)r_u32());
        add_time(b);
        break;
    case 6:
        add_order(b);
        break;
    case 7: {
        char x[80], y[80];
        rand_packable(x);
        rand_packable(y);
        add(b, "\"submitterId\":%llu,\"submitterAddress\":\"%s\",\"nonce\":%llu,\"orders\":[{",
            (unsigned long long)r_acc(), a1, (unsigned long long)r_u32());
        add_order(b);
        add(b, "},{");
        add_order(b);
        add(b, "}],\"amounts\":[\"%s\",\"%s\"],\"fee\":\"%s\",\"feeToken\":%llu", x, y, fee, (unsigned long long)r_feetok());
        break;
    }
    }
    add(b, "}");
}

typedef struct {
    char *input;
    int key, dec;
    const char *sym, *buy;
} tcase;

static void check_case(const tcase *c, cJSON *ref, const char *tname, int idx)
{
    char where[64];
    snprintf(where, sizeof where, "%s#%d", tname, idx);
    cJSON *ok = cJSON_GetObjectItem(ref, "ok");
    if (!ok) {
        ZT_CHECK_MSG(0, "%s: oracle error %s\ninput %s", where, jstr_of(ref, "err") ? jstr_of(ref, "err") : "?", c->input);
        return;
    }
    char *out = NULL;
    zks_status st = zks_tx_sign_json(c->input, zk[c->key], &out);
    if (!ZT_CHECK_MSG(st == ZKS_OK, "%s: sign_json %d\ninput %s", where, st, c->input)) return;
    cJSON *o = cJSON_Parse(out);
    zks_free(out);
    const char *sb_ = jstr_of(o, "signBytes");
    ZT_CHECK_MSG(sb_ && strcmp(sb_ + 2, jstr_of(ok, "signBytes")) == 0, "%s: signBytes\n%s\n%s", where, sb_ ? sb_ : "-",
                 jstr_of(ok, "signBytes"));
    cJSON *tx = cJSON_GetObjectItem(o, "tx");
    ZT_CHECK_MSG(cJSON_Compare(cJSON_GetObjectItem(tx, "signature"), cJSON_GetObjectItem(ok, "signature"), 1),
                 "%s: zk signature", where);
    ZT_CHECK_MSG(tx_json_match(tx, cJSON_GetObjectItem(ok, "json"), where), "%s: json\n%s", where, c->input);
    const char *sh = jstr_of(ok, "serverHash"), *th = jstr_of(o, "txHash");
    ZT_CHECK_MSG(sh ? (th && strcmp(th, sh) == 0) : th == NULL, "%s: hash", where);
    zks_tx_type type = tx_type_of(TYPES[0]);
    zki_tx_any p;
    if (zki_tx_from_json(c->input, &p) == ZKS_OK) {
        type = p.type;
        char msg[512];
        size_t ml;
        /* zksync.js hash = sha256(signed bytes); equal to ours except for Swap. */
        if (type != ZKS_TX_ORDER && type != ZKS_TX_SWAP) ZT_CHECK(strcmp(jstr_of(ok, "txHash"), sh) == 0);
        if (type == ZKS_TX_SWAP) ZT_CHECK(strcmp(jstr_of(ok, "txHash"), sh) != 0);
        st = zks_tx_eth_message(type, &p.u, c->sym, (uint32_t)c->dec, c->buy, msg, sizeof msg, &ml);
        const char *wm = jstr_of(ok, "ethMessage");
        ZT_CHECK_MSG(st == ZKS_OK && wm && strcmp(msg, wm) == 0, "%s: message\n%s\nvs\n%s", where, msg, wm ? wm : "-");
        const char *wp = jstr_of(ok, "ethMessagePart");
        if (wp) {
            st = zks_tx_eth_message_part(type, &p.u, c->sym, (uint32_t)c->dec, msg, sizeof msg, &ml);
            ZT_CHECK_MSG(st == ZKS_OK && strcmp(msg, wp) == 0, "%s: part", where);
        }
        if (wm) {
            uint8_t es[65];
            char esh[133] = "0x";
            ZT_CHECK_STATUS(zks_eth_personal_sign(eth[c->key], (const uint8_t *)wm, strlen(wm), es), ZKS_OK);
            zt_hex(esh + 2, es, 65);
            const char *we = jstr_of(ok, "ethSignature");
            ZT_CHECK_MSG(we && strcmp(esh, we) == 0, "%s: eth signature", where);
        }
        if (type == ZKS_TX_CHANGE_PUBKEY) {
            uint8_t m60[60], a20[20];
            ZT_CHECK_STATUS(zks_change_pubkey_ecdsa_message(&p.u.cpk, m60), ZKS_OK);
            ZT_CHECK_HEX(m60, 60, jstr_of(ok, "cpkMessage"));
            if (p.u.cpk.auth_type == ZKS_CPK_CREATE2) {
                ZT_CHECK_STATUS(zks_create2_address(p.u.cpk.creator_address, p.u.cpk.salt_arg, p.u.cpk.code_hash,
                                                    p.u.cpk.new_pk_hash, a20), ZKS_OK);
                ZT_CHECK_HEX(a20, 20, jstr_of(ok, "create2Address") + 2);
            }
        }
    } else {
        ZT_CHECK_MSG(0, "%s: reparse", where);
    }
    zki_tx_json_free(&p);
    cJSON_Delete(o);
}

int main(void)
{
    for (int k = 0; k < NKEYS; k++) {
        uint8_t seed[32], pub[32], pkh[20];
        zt_rand_bytes(seed, 32);
        ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 32, zk[k]), ZKS_OK);
        ZT_CHECK_STATUS(zks_pubkey_from_privkey(zk[k], pub), ZKS_OK);
        ZT_CHECK_STATUS(zks_pubkey_hash(pub, pkh), ZKS_OK);
        zt_hex(zk_hex[k], zk[k], 32);
        zt_hex(pkh_hex[k], pkh, 20);
        do zt_rand_bytes(eth[k], 32); while (eth[k][0] >= 0xff); /* below the secp256k1 order */
        zt_hex(eth_hex[k], eth[k], 32);
    }
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        ZT_END();
    }
    int n = zt_iters(500, 5);
    tcase *cs = calloc((size_t)n, sizeof *cs);
    for (int type = 0; type < 8; type++) {
        for (int i = 0; i < n; i++) {
            sb b;
            cs[i].key = (int)rnd(NKEYS);
            cs[i].dec = (int)(i % 7 == 0 ? rnd(78) : rnd(19));
            cs[i].sym = SYMS[rnd(8)];
            cs[i].buy = SYMS[rnd(8)];
            rand_tx(&b, type, cs[i].key);
            cs[i].input = strdup(b.s);
            zo_sendf("{\"op\":\"tx_ref\",\"sk\":\"%s\",\"ethsk\":\"%s\",\"sym\":\"%s\",\"dec\":%d,\"buySym\":\"%s\",\"tx\":%s}",
                     zk_hex[cs[i].key], eth_hex[cs[i].key], cs[i].sym, cs[i].dec, cs[i].buy, cs[i].input);
        }
        int before = zt_failed;
        for (int i = 0; i < n; i++) {
            cJSON *r = zo_recv();
            if (!r) { ZT_CHECK_MSG(0, "oracle died"); break; }
            check_case(&cs[i], r, TYPES[type], i);
            cJSON_Delete(r);
            free(cs[i].input);
        }
        fprintf(stderr, "%s: %d cases, %d failures\n", TYPES[type], n, zt_failed - before);
    }
    free(cs);
    zo_stop();
    ZT_END();
}
