/* RLP: known encodings, strict decoding of malformed input, and random trees
 * against ethers 5.7.2 utils.RLP (encode, and decode of our output). */
#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "eth/eth.h"

/* Random tree: writes JSON (hex strings / arrays) into js and RLP into b. */
static void rand_tree(zki_buf *b, char *js, size_t *jl, int depth)
{
    int list = depth < 4 && zt_rand64() % 3 == 0 && *jl < 20000; /* keep the JSON well under its buffer */
    if (list) {
        size_t start = zki_rlp_list_begin(b);
        int n = (int)(zt_rand64() % 5);
        js[(*jl)++] = '[';
        for (int i = 0; i < n; i++) {
            if (i) js[(*jl)++] = ',';
            rand_tree(b, js, jl, depth + 1);
        }
        js[(*jl)++] = ']';
        zki_rlp_list_end(b, start);
        return;
    }
    static uint8_t data[300];
    size_t len;
    switch (zt_rand64() % 6) {
    case 0: len = 0; break;
    case 1: len = 1; break;
    case 2: len = 55 + (size_t)(zt_rand64() % 3); break;
    case 3: len = (size_t)(zt_rand64() % 300); break;
    default: len = (size_t)(zt_rand64() % 8); break;
    }
    if (*jl > 20000) len = 0;
    zt_rand_bytes(data, len);
    if (len == 1 && zt_rand64() % 2) data[0] &= 0x7f;
    zki_rlp_put_bytes(b, data, len);
    js[(*jl)++] = '"';
    zt_hex(js + *jl, data, len);
    *jl += 2 * len;
    js[(*jl)++] = '"';
}

/* Our decoder's view of an item, as the same JSON. Walks lists with
 * zki_rlp_decode itself so a list of any length can be compared. Returns 0 on
 * success, -1 when our decoder rejects something inside. */
static int to_json(const zki_rlp_item *it, char *js, size_t *jl)
{
    if (!it->is_list) {
        js[(*jl)++] = '"';
        zt_hex(js + *jl, it->p, it->len);
        *jl += 2 * it->len;
        js[(*jl)++] = '"';
        return 0;
    }
    js[(*jl)++] = '[';
    for (size_t off = 0, i = 0; off < it->len; i++) {
        zki_rlp_item sub;
        size_t used;
        if (zki_rlp_decode(it->p + off, it->len - off, &sub, &used) != ZKS_OK) return -1;
        if (i) js[(*jl)++] = ',';
        if (to_json(&sub, js, jl) != 0) return -1;
        off += used;
    }
    js[(*jl)++] = ']';
    return 0;
}

/* Canonical RLP of a tree ethers decoded (hex strings / arrays), with our encoder. */
static void from_json(zki_buf *b, const cJSON *v)
{
    if (cJSON_IsArray(v)) {
        size_t start = zki_rlp_list_begin(b);
        const cJSON *c;
        cJSON_ArrayForEach(c, v) from_json(b, c);
        zki_rlp_list_end(b, start);
        return;
    }
    static uint8_t data[1 << 15];
    size_t n = cJSON_IsString(v) ? zt_unhex(data, sizeof data, v->valuestring) : 0;
    zki_rlp_put_bytes(b, data, n);
}

static void known(void)
{
    zki_buf b;
    zki_buf_init(&b);
    /* "dog", ["cat","dog"], "", [], 0, 15, 1024, [[], [[]], [[], [[]]]] (Yellow Paper / wiki examples) */
    zki_rlp_put_bytes(&b, (const uint8_t *)"dog", 3);
    ZT_CHECK_HEX(b.p, b.len, "83646f67");
    b.len = 0;
    size_t s = zki_rlp_list_begin(&b);
    zki_rlp_put_bytes(&b, (const uint8_t *)"cat", 3);
    zki_rlp_put_bytes(&b, (const uint8_t *)"dog", 3);
    zki_rlp_list_end(&b, s);
    ZT_CHECK_HEX(b.p, b.len, "c88363617483646f67");
    b.len = 0;
    zki_rlp_put_bytes(&b, NULL, 0);
    s = zki_rlp_list_begin(&b);
    zki_rlp_list_end(&b, s);
    zki_rlp_put_u64(&b, 0);
    zki_rlp_put_u64(&b, 15);
    zki_rlp_put_u64(&b, 1024);
    ZT_CHECK_HEX(b.p, b.len, "80c0800f820400");
    b.len = 0;
    size_t a = zki_rlp_list_begin(&b);
    s = zki_rlp_list_begin(&b);
    zki_rlp_list_end(&b, s);
    s = zki_rlp_list_begin(&b);
    size_t t = zki_rlp_list_begin(&b);
    zki_rlp_list_end(&b, t);
    zki_rlp_list_end(&b, s);
    s = zki_rlp_list_begin(&b);
    t = zki_rlp_list_begin(&b);
    zki_rlp_list_end(&b, t);
    t = zki_rlp_list_begin(&b);
    size_t u = zki_rlp_list_begin(&b);
    zki_rlp_list_end(&b, u);
    zki_rlp_list_end(&b, t);
    zki_rlp_list_end(&b, s);
    zki_rlp_list_end(&b, a);
    ZT_CHECK_HEX(b.p, b.len, "c7c0c1c0c3c0c1c0");
    b.len = 0;
    /* 56-byte string: long form */
    static const char lorem[] = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
    zki_rlp_put_bytes(&b, (const uint8_t *)lorem, 56);
    ZT_CHECK(b.len == 58 && b.p[0] == 0xb8 && b.p[1] == 56);
    zki_buf_free(&b);

    /* Allocation failure is sticky. */
    zki_buf_init(&b);
    zki_alloc_fail_after(1);
    zki_rlp_put_bytes(&b, (const uint8_t *)"dog", 3);
    zki_alloc_fail_after(0);
    zki_rlp_put_bytes(&b, (const uint8_t *)"dog", 3);
    ZT_CHECK(b.err == ZKS_ERR_NOMEM && b.len == 0);
    zki_buf_free(&b);
}

static void bad(void)
{
    static const char *bad_hex[] = {
        "",             /* nothing */
        "8100",         /* 0x00 must be encoded as itself */
        "817f",         /* likewise */
        "b800",         /* long form for a short string */
        "b83700",       /* long form for 55 bytes (and truncated) */
        "b90000",       /* length with a leading zero */
        "83646f",       /* truncated string */
        "c883636174",   /* truncated list */
        "f800",         /* long list form for an empty list */
        "bf",           /* 8 length bytes missing */
        "c2",           /* truncated */
        "c28100",       /* non-canonical item inside a list */
        "83646f6700",   /* trailing byte (exact decoding) */
    };
    for (size_t i = 0; i < sizeof bad_hex / sizeof bad_hex[0]; i++) {
        uint8_t in[16];
        size_t n = zt_unhex(in, sizeof in, bad_hex[i]);
        zki_rlp_item it;
        int rc = zki_rlp_decode_exact(in, n, &it);
        if (rc == ZKS_OK && it.is_list) {
            zki_rlp_item items[4];
            size_t cnt;
            rc = zki_rlp_list_items(&it, items, 4, &cnt);
        }
        ZT_CHECK_MSG(rc == ZKS_ERR_PARSE, "bad rlp %s accepted", bad_hex[i]);
    }
    /* Integers: no leading zeros, at most 32 bytes, strings only. */
    zki_rlp_item it;
    zki_u256 v;
    uint8_t in[40];
    size_t n = zt_unhex(in, sizeof in, "820001");
    ZT_CHECK(zki_rlp_decode_exact(in, n, &it) == ZKS_OK);
    ZT_CHECK(zki_rlp_item_u256(&it, &v) == ZKS_ERR_PARSE);
    n = zt_unhex(in, sizeof in, "00");
    ZT_CHECK(zki_rlp_decode_exact(in, n, &it) == ZKS_OK);
    ZT_CHECK(zki_rlp_item_u256(&it, &v) == ZKS_ERR_PARSE);
    in[0] = 0xa1;
    memset(in + 1, 1, 33);
    ZT_CHECK(zki_rlp_decode_exact(in, 34, &it) == ZKS_OK);
    ZT_CHECK(zki_rlp_item_u256(&it, &v) == ZKS_ERR_PARSE);
    n = zt_unhex(in, sizeof in, "c0");
    ZT_CHECK(zki_rlp_decode_exact(in, n, &it) == ZKS_OK);
    ZT_CHECK(zki_rlp_item_u256(&it, &v) == ZKS_ERR_PARSE);
    n = zt_unhex(in, sizeof in, "80");
    ZT_CHECK(zki_rlp_decode_exact(in, n, &it) == ZKS_OK);
    ZT_CHECK(zki_rlp_item_u256(&it, &v) == ZKS_OK && zki_u256_is_zero(&v));
    /* A list with more items than the caller's array. */
    n = zt_unhex(in, sizeof in, "c3010203");
    ZT_CHECK(zki_rlp_decode_exact(in, n, &it) == ZKS_OK);
    zki_rlp_item items[2];
    size_t cnt;
    ZT_CHECK(zki_rlp_list_items(&it, items, 2, &cnt) == ZKS_ERR_PARSE);
}

int main(void)
{
    known();
    bad();
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        ZT_END();
    }
    enum { BATCH = 50, JS = 1 << 16 };
    int total = zt_iters(600, 20);
    static char js[BATCH][JS], ours[JS];
    static char hexbuf[2 * JS];
    static zki_buf bufs[BATCH];
    int n_same = 0, n_both_reject = 0, n_lax = 0; /* mutated inputs: how each side took them */
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            size_t jl = 0;
            zki_buf_init(&bufs[k]);
            rand_tree(&bufs[k], js[k], &jl, 0);
            js[k][jl] = 0;
            zo_sendf("{\"op\":\"rlp_encode\",\"item\":%s}", js[k]);
            /* Mutate one byte of our encoding: whatever we still accept, ethers must decode the same way. */
            zt_hex(hexbuf, bufs[k].p, bufs[k].len);
            zo_sendf("{\"op\":\"rlp_decode\",\"data\":\"%s\"}", hexbuf);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r1 = zo_recv(), *r2 = zo_recv();
            const char *want = zo_ok_str(r1);
            ZT_CHECK(bufs[k].err == 0 && want != NULL);
            if (want) ZT_CHECK_HEX(bufs[k].p, bufs[k].len, want);
            zki_rlp_item it;
            size_t jl = 0;
            ZT_CHECK(zki_rlp_decode_exact(bufs[k].p, bufs[k].len, &it) == ZKS_OK && to_json(&it, ours, &jl) == 0);
            ours[jl] = 0;
            ZT_CHECK_STR(ours, js[k]);
            cJSON *ok = cJSON_GetObjectItem(r2, "ok");
            char *pr = ok ? cJSON_PrintUnformatted(ok) : NULL;
            ZT_CHECK(pr != NULL && strcmp(pr, js[k]) == 0);
            free(pr);
            cJSON_Delete(r1);
            cJSON_Delete(r2);
        }
        /* Mutations: flip a random byte; if we accept, ethers must give the same tree. */
        for (int k = 0; k < BATCH; k++) {
            if (bufs[k].len == 0) continue;
            bufs[k].p[zt_rand64() % bufs[k].len] ^= (uint8_t)(1u << (zt_rand64() % 8));
            zt_hex(hexbuf, bufs[k].p, bufs[k].len);
            zo_sendf("{\"op\":\"rlp_decode\",\"data\":\"%s\"}", hexbuf);
        }
        for (int k = 0; k < BATCH; k++) {
            if (bufs[k].len == 0) { zki_buf_free(&bufs[k]); continue; }
            cJSON *r = zo_recv();
            zki_rlp_item it;
            size_t jl = 0;
            if (zki_rlp_decode_exact(bufs[k].p, bufs[k].len, &it) == ZKS_OK && to_json(&it, ours, &jl) == 0) {
                ours[jl] = 0;
                cJSON *ok = cJSON_GetObjectItem(r, "ok");
                char *pr = ok ? cJSON_PrintUnformatted(ok) : NULL;
                ZT_CHECK_MSG(pr != NULL && strcmp(pr, ours) == 0, "mutated rlp: ours %s, ethers %s", ours, pr ? pr : "error");
                n_same++;
                free(pr);
            } else {
                /* We reject: ethers must reject too, or accept only because it is lax
                 * (ethers 5 takes non-canonical lengths), i.e. the canonical encoding of
                 * the tree it read is not these bytes. Canonical input we reject is a bug. */
                cJSON *ok = cJSON_GetObjectItem(r, "ok");
                int canonical = 0;
                if (ok) {
                    zki_buf re;
                    zki_buf_init(&re);
                    from_json(&re, ok);
                    canonical = re.err == 0 && re.len == bufs[k].len && memcmp(re.p, bufs[k].p, re.len) == 0;
                    zki_buf_free(&re);
                    n_lax += !canonical;
                } else {
                    n_both_reject++;
                }
                if (canonical) zt_hex(hexbuf, bufs[k].p, bufs[k].len);
                ZT_CHECK_MSG(!canonical, "mutated rlp %s: canonical, ethers accepts it, we reject it", hexbuf);
            }
            cJSON_Delete(r);
            zki_buf_free(&bufs[k]);
        }
    }
    printf("mutations: %d decoded alike, %d rejected by both, %d non-canonical taken only by ethers\n", n_same,
           n_both_reject, n_lax);
    zo_stop();
    ZT_END();
}
