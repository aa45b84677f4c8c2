/* BN254 Fr: field laws and every operation against a slow reference
 * (schoolbook multiplication on 32-bit words, reduction by bitwise long
 * division), edge values, inverse, square roots, the Rescue S-boxes and the
 * constant-time helpers. */
#include "harness.h"
#include "internal.h"
#include "crypto/fr.h"

/* ---- slow reference: integers as 8 (or 16) little-endian 32-bit words ---- */

typedef struct { uint32_t w[8]; } ref256;

static const ref256 REF_P = {{0xf0000001u, 0x43e1f593u, 0x79b97091u, 0x2833e848u, 0x8181585du,
                              0xb85045b6u, 0xe131a029u, 0x30644e72u}};

/* a >= b on n words */
static int ref_ge(const uint32_t *a, const uint32_t *b, int n)
{
    for (int i = n - 1; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i];
    return 1;
}

static void ref_sub_n(uint32_t *a, const uint32_t *b, int n)
{
    uint64_t borrow = 0;
    for (int i = 0; i < n; i++) {
        uint64_t d = (uint64_t)a[i] - b[i] - borrow;
        a[i] = (uint32_t)d;
        borrow = (d >> 32) & 1;
    }
}

/* r = x mod p for a 16-word x, by shift-and-subtract over all 512 bits */
static void ref_mod512(ref256 *r, const uint32_t x[16])
{
    uint32_t rem[9] = {0}, pp[9] = {0};
    memcpy(pp, REF_P.w, 32);
    for (int bit = 511; bit >= 0; bit--) {
        for (int i = 8; i > 0; i--) rem[i] = (rem[i] << 1) | (rem[i - 1] >> 31);
        rem[0] = (rem[0] << 1) | ((x[bit / 32] >> (bit % 32)) & 1);
        if (ref_ge(rem, pp, 9)) ref_sub_n(rem, pp, 9);
    }
    memcpy(r->w, rem, 32);
}

static void ref_mul(ref256 *r, const ref256 *a, const ref256 *b)
{
    uint32_t x[16] = {0};
    for (int i = 0; i < 8; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 8; j++) {
            uint64_t t = (uint64_t)a->w[i] * b->w[j] + x[i + j] + c;
            x[i + j] = (uint32_t)t;
            c = t >> 32;
        }
        x[i + 8] = (uint32_t)c;
    }
    ref_mod512(r, x);
}

static void ref_add(ref256 *r, const ref256 *a, const ref256 *b)
{
    uint32_t x[16] = {0};
    uint64_t c = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t t = (uint64_t)a->w[i] + b->w[i] + c;
        x[i] = (uint32_t)t;
        c = t >> 32;
    }
    x[8] = (uint32_t)c;
    ref_mod512(r, x);
}

static void ref_sub(ref256 *r, const ref256 *a, const ref256 *b)
{
    /* a + (p - b) */
    ref256 nb = REF_P;
    ref_sub_n(nb.w, b->w, 8);
    ref_add(r, a, &nb);
}

/* a^e, e given as 8 words */
static void ref_pow(ref256 *r, const ref256 *a, const ref256 *e)
{
    ref256 acc = {{1}};
    for (int bit = 255; bit >= 0; bit--) {
        ref_mul(&acc, &acc, &acc);
        if ((e->w[bit / 32] >> (bit % 32)) & 1) ref_mul(&acc, &acc, a);
    }
    *r = acc;
}

static void ref_to_bytes(uint8_t out[32], const ref256 *a)
{
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(a->w[i / 4] >> (8 * (i % 4)));
}

static void ref_from_bytes(ref256 *a, const uint8_t in[32])
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < 32; i++) a->w[i / 4] |= (uint32_t)in[i] << (8 * (i % 4));
}

/* a random canonical value: mostly uniform below p, sometimes near 0 or p */
static void rand_canon(uint8_t b[32])
{
    uint64_t kind = zt_rand64() % 8;
    ref256 r;
    if (kind == 0) { /* small */
        memset(b, 0, 32);
        zt_rand_bytes(b, 1 + zt_rand64() % 8);
        return;
    }
    if (kind == 1) { /* p - small */
        ref256 s = {{0}};
        s.w[0] = (uint32_t)zt_rand64();
        s.w[1] = (uint32_t)(zt_rand64() % 4);
        r = REF_P;
        ref_sub_n(r.w, s.w, 8);
        if (ref_ge(r.w, REF_P.w, 8)) ref_sub_n(r.w, REF_P.w, 8);
        ref_to_bytes(b, &r);
        return;
    }
    do {
        zt_rand_bytes(b, 32);
        b[31] &= 0x3f;
        ref_from_bytes(&r, b);
    } while (ref_ge(r.w, REF_P.w, 8));
}

static void load(zki_fr *r, const uint8_t b[32])
{
    int ok = zki_fr_from_bytes_le(r, b);
    ZT_CHECK(ok == 1);
}

static int fr_eq_bytes(const zki_fr *a, const ref256 *want)
{
    uint8_t x[32], y[32];
    zki_fr_to_bytes_le(x, a);
    ref_to_bytes(y, want);
    return memcmp(x, y, 32) == 0;
}

static void test_random_ops(void)
{
    int n = zt_iters(3000, 150);
    for (int it = 0; it < n; it++) {
        uint8_t ab[32], bb[32];
        rand_canon(ab);
        rand_canon(bb);
        ref256 ra, rb, rr;
        ref_from_bytes(&ra, ab);
        ref_from_bytes(&rb, bb);
        zki_fr a, b, r, s;
        load(&a, ab);
        load(&b, bb);

        /* round trip */
        uint8_t back[32];
        zki_fr_to_bytes_le(back, &a);
        ZT_CHECK(memcmp(back, ab, 32) == 0);

        ref_mul(&rr, &ra, &rb);
        zki_fr_mul(&r, &a, &b);
        ZT_CHECK(fr_eq_bytes(&r, &rr));
        zki_fr_mul(&s, &b, &a);
        ZT_CHECK(zki_fr_eq(&r, &s));

        ref_mul(&rr, &ra, &ra);
        zki_fr_sqr(&r, &a);
        ZT_CHECK(fr_eq_bytes(&r, &rr));
        zki_fr_mul(&s, &a, &a);
        ZT_CHECK(zki_fr_eq(&r, &s));

        ref_add(&rr, &ra, &rb);
        zki_fr_add(&r, &a, &b);
        ZT_CHECK(fr_eq_bytes(&r, &rr));

        ref_sub(&rr, &ra, &rb);
        zki_fr_sub(&r, &a, &b);
        ZT_CHECK(fr_eq_bytes(&r, &rr));

        /* neg: a + (-a) = 0 */
        zki_fr_neg(&r, &a);
        zki_fr_add(&s, &r, &a);
        ZT_CHECK(zki_fr_is_zero(&s) == 1);

        /* distributivity a*(b+c) = ab + ac, associativity (ab)c = a(bc) */
        uint8_t cb[32];
        rand_canon(cb);
        zki_fr c, t, u;
        load(&c, cb);
        zki_fr_add(&t, &b, &c);
        zki_fr_mul(&t, &a, &t);
        zki_fr_mul(&r, &a, &b);
        zki_fr_mul(&s, &a, &c);
        zki_fr_add(&u, &r, &s);
        ZT_CHECK(zki_fr_eq(&t, &u));
        zki_fr_mul(&t, &r, &c);
        zki_fr_mul(&s, &b, &c);
        zki_fr_mul(&u, &a, &s);
        ZT_CHECK(zki_fr_eq(&t, &u));

        /* aliasing: r = a op r */
        r = b;
        zki_fr_mul(&r, &a, &r);
        zki_fr_mul(&s, &a, &b);
        ZT_CHECK(zki_fr_eq(&r, &s));

        /* parity */
        ZT_CHECK(zki_fr_is_odd(&a) == (uint64_t)(ab[0] & 1));
    }
}

static void test_inverse_and_powers(void)
{
    int n = zt_iters(300, 20);
    ref256 alpha_inv;
    uint8_t e[32];
    zt_unhex(e, 32, "26b6a528b427b35493736af8679aad17535cb9d394945a0dcfe7f7a98ccccccd");
    for (int i = 0; i < 16; i++) {
        uint8_t t = e[i];
        e[i] = e[31 - i];
        e[31 - i] = t;
    }
    ref_from_bytes(&alpha_inv, e);
    for (int it = 0; it < n; it++) {
        uint8_t ab[32];
        rand_canon(ab);
        zki_fr a, r, s, one;
        load(&a, ab);
        zki_fr_inv(&r, &a);
        zki_fr_mul(&s, &r, &a);
        if (zki_fr_is_zero(&a)) {
            ZT_CHECK(zki_fr_is_zero(&r) == 1);
        } else {
            ZT_CHECK(zki_fr_eq(&s, &zki_fr_one) == 1);
        }
        /* pow5 and pow_inv5 are inverse permutations */
        zki_fr_pow5(&r, &a);
        zki_fr_pow_inv5(&s, &r);
        ZT_CHECK(zki_fr_eq(&s, &a) == 1);
        zki_fr_pow_inv5(&r, &a);
        zki_fr_pow5(&s, &r);
        ZT_CHECK(zki_fr_eq(&s, &a) == 1);
        /* pow5 against a^5 by multiplication */
        zki_fr_mul(&one, &a, &a);
        zki_fr_mul(&one, &one, &one);
        zki_fr_mul(&one, &one, &a);
        zki_fr_pow5(&s, &a);
        ZT_CHECK(zki_fr_eq(&s, &one) == 1);
        /* x3 equals three singles */
        zki_fr in3[3], out3[3], single;
        in3[0] = a;
        zki_fr_add(&in3[1], &a, &zki_fr_one);
        zki_fr_sqr(&in3[2], &a);
        zki_fr_pow_inv5_x3(out3, in3);
        for (int k = 0; k < 3; k++) {
            zki_fr_pow_inv5(&single, &in3[k]);
            ZT_CHECK(zki_fr_eq(&single, &out3[k]) == 1);
        }
        /* x3 in place */
        zki_fr_pow_inv5_x3(in3, in3);
        for (int k = 0; k < 3; k++) ZT_CHECK(zki_fr_eq(&in3[k], &out3[k]) == 1);
        if (it < zt_iters(10, 2)) { /* slow reference exponentiation */
            ref256 ra, rr;
            ref_from_bytes(&ra, ab);
            ref_pow(&rr, &ra, &alpha_inv);
            zki_fr_pow_inv5(&r, &a);
            ZT_CHECK(fr_eq_bytes(&r, &rr));
        }
    }
}

/* The dispatching x3 (AVX-512 IFMA where available) against the portable x3,
 * on random values and on 0, 1, p-1, and values near 2^k. */
static void test_pow_inv5_paths(void)
{
    printf("pow_inv5_x3 path: %s\n", zki_fr_ifma_available() ? "AVX-512 IFMA" : "portable");
    int n = zt_iters(500, 20);
    zki_fr m1;
    zki_fr_neg(&m1, &zki_fr_one);
    for (int it = 0; it < n; it++) {
        zki_fr in[3], o1[3], o2[3];
        for (int k = 0; k < 3; k++) {
            uint8_t b[32];
            rand_canon(b);
            load(&in[k], b);
        }
        if (it == 0) {
            in[0] = zki_fr_zero;
            in[1] = zki_fr_one;
            in[2] = m1;
        } else if (it == 1) {
            in[0] = in[1] = in[2] = m1; /* largest sums for dot3 */
        }
        /* dot3 and pow5_x3 against mul/add and pow5 */
        zki_fr d, e, t;
        zki_fr_dot3(&d, in, in);
        zki_fr_sqr(&e, &in[0]);
        zki_fr_sqr(&t, &in[1]);
        zki_fr_add(&e, &e, &t);
        zki_fr_sqr(&t, &in[2]);
        zki_fr_add(&e, &e, &t);
        ZT_CHECK(zki_fr_eq(&d, &e) == 1);
        zki_fr_pow5_x3(o1, in);
        for (int k = 0; k < 3; k++) {
            zki_fr_pow5(&t, &in[k]);
            ZT_CHECK(zki_fr_eq(&t, &o1[k]) == 1);
        }
        zki_fr_pow_inv5_x3(o1, in);
        zki_fr_pow_inv5_x3_portable(o2, in);
        for (int k = 0; k < 3; k++) {
            ZT_CHECK(zki_fr_eq(&o1[k], &o2[k]) == 1);
            zki_fr back;
            zki_fr_pow5(&back, &o1[k]);
            ZT_CHECK(zki_fr_eq(&back, &in[k]) == 1);
            /* outputs are canonical */
            uint8_t b[32];
            zki_fr c;
            zki_fr_to_bytes_le(b, &o1[k]);
            ZT_CHECK(zki_fr_from_bytes_le(&c, b) == 1 && zki_fr_eq(&c, &o1[k]) == 1);
        }
    }
}

static void test_sqrt(void)
{
    int n = zt_iters(300, 20);
    zki_fr five;
    zki_fr_set_u64(&five, 5); /* a non-residue */
    for (int it = 0; it < n; it++) {
        uint8_t ab[32];
        rand_canon(ab);
        zki_fr a, sq, r, chk, nr;
        load(&a, ab);
        zki_fr_sqr(&sq, &a);
        ZT_CHECK(zki_fr_sqrt_var(&r, &sq) == 1);
        zki_fr_sqr(&chk, &r);
        ZT_CHECK(zki_fr_eq(&chk, &sq) == 1);
        zki_fr_mul(&nr, &sq, &five);
        if (!zki_fr_is_zero(&a)) {
            r = zki_fr_one;
            ZT_CHECK(zki_fr_sqrt_var(&r, &nr) == 0);
            ZT_CHECK(zki_fr_is_zero(&r) == 1);
        }
    }
    zki_fr r, m1;
    ZT_CHECK(zki_fr_sqrt_var(&r, &zki_fr_zero) == 1 && zki_fr_is_zero(&r));
    ZT_CHECK(zki_fr_sqrt_var(&r, &zki_fr_one) == 1);
    zki_fr_sqr(&r, &r);
    ZT_CHECK(zki_fr_eq(&r, &zki_fr_one));
    zki_fr_neg(&m1, &zki_fr_one); /* -1 is a square (p = 1 mod 4) */
    ZT_CHECK(zki_fr_sqrt_var(&r, &m1) == 1);
    zki_fr_sqr(&r, &r);
    ZT_CHECK(zki_fr_eq(&r, &m1));
}

static void test_edges(void)
{
    uint8_t b[32], out[32];
    zki_fr a, r, m1;
    /* 0, 1, p-1 */
    memset(b, 0, 32);
    load(&a, b);
    ZT_CHECK(zki_fr_is_zero(&a) == 1 && zki_fr_eq(&a, &zki_fr_zero) == 1);
    b[0] = 1;
    load(&a, b);
    ZT_CHECK(zki_fr_eq(&a, &zki_fr_one) == 1);
    ZT_CHECK(zki_fr_is_odd(&zki_fr_one) == 1 && zki_fr_is_odd(&zki_fr_zero) == 0);
    zki_fr_set_u64(&r, 1);
    ZT_CHECK(zki_fr_eq(&r, &zki_fr_one) == 1);
    zki_fr_neg(&m1, &zki_fr_one);
    zki_fr_to_bytes_le(out, &m1);
    ZT_CHECK_HEX(out, 32, "000000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430");
    zki_fr_mul(&r, &m1, &m1);
    ZT_CHECK(zki_fr_eq(&r, &zki_fr_one) == 1);
    zki_fr_sqr(&r, &m1);
    ZT_CHECK(zki_fr_eq(&r, &zki_fr_one) == 1);
    zki_fr_add(&r, &m1, &zki_fr_one);
    ZT_CHECK(zki_fr_is_zero(&r) == 1);
    zki_fr_sub(&r, &zki_fr_zero, &zki_fr_one);
    ZT_CHECK(zki_fr_eq(&r, &m1) == 1);
    zki_fr_neg(&r, &zki_fr_zero);
    ZT_CHECK(zki_fr_is_zero(&r) == 1);
    zki_fr_inv(&r, &zki_fr_zero);
    ZT_CHECK(zki_fr_is_zero(&r) == 1);
    zki_fr_inv(&r, &m1);
    ZT_CHECK(zki_fr_eq(&r, &m1) == 1);
    ZT_CHECK(zki_fr_is_odd(&m1) == 0); /* p - 1 is even */
    zki_fr_pow_inv5(&r, &zki_fr_zero);
    ZT_CHECK(zki_fr_is_zero(&r) == 1);
    zki_fr_pow_inv5(&r, &zki_fr_one);
    ZT_CHECK(zki_fr_eq(&r, &zki_fr_one) == 1);

    /* from_bytes rejects p, p+1, 2^256-1 and sets zero; accepts p-1 */
    static const char *bad[] = {
        "010000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430",
        "020000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0000000000000000000000000000000000000000000000000000000000000040",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        zt_unhex(b, 32, bad[i]);
        r = zki_fr_one;
        ZT_CHECK(zki_fr_from_bytes_le(&r, b) == 0);
        ZT_CHECK(zki_fr_is_zero(&r) == 1);
    }
    zt_unhex(b, 32, "000000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430");
    ZT_CHECK(zki_fr_from_bytes_le(&r, b) == 1);
    ZT_CHECK(zki_fr_eq(&r, &m1) == 1);
    zki_fr_to_bytes_le(out, &r);
    ZT_CHECK(memcmp(out, b, 32) == 0);

    /* limbs */
    uint64_t l[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                     0x30644e72e131a029ULL};
    ZT_CHECK(zki_fr_from_limbs(&r, l) == 0 && zki_fr_is_zero(&r));
    l[0]--;
    ZT_CHECK(zki_fr_from_limbs(&r, l) == 1 && zki_fr_eq(&r, &m1));
    uint64_t back[4];
    zki_fr_to_limbs(back, &r);
    ZT_CHECK(memcmp(back, l, sizeof l) == 0);
    zki_fr_set_u64(&r, 0xffffffffffffffffULL);
    zki_fr_to_limbs(back, &r);
    ZT_CHECK(back[0] == 0xffffffffffffffffULL && back[1] == 0 && back[2] == 0 && back[3] == 0);

    /* constant-time helpers */
    zki_fr x = zki_fr_one, y = m1;
    zki_fr_cmov(&x, &y, 0);
    ZT_CHECK(zki_fr_eq(&x, &zki_fr_one) == 1);
    zki_fr_cmov(&x, &y, 1);
    ZT_CHECK(zki_fr_eq(&x, &m1) == 1);
    ZT_CHECK(zki_fr_eq(&zki_fr_one, &m1) == 0);
    ZT_CHECK(zki_fr_is_zero(&zki_fr_one) == 0);
    /* eq differing only in the top limb's top bit, and in limb 0 bit 0 */
    x = zki_fr_zero;
    x.v[3] = 1ULL << 63;
    ZT_CHECK(zki_fr_eq(&x, &zki_fr_zero) == 0 && zki_fr_is_zero(&x) == 0);
    x = zki_fr_zero;
    x.v[0] = 1;
    ZT_CHECK(zki_fr_eq(&x, &zki_fr_zero) == 0 && zki_fr_is_zero(&x) == 0);
}

/* ---- the lazy Montgomery kernels (C and BMI2/ADX) on raw limbs below 2p ---- */

static void ref_from_limbs(ref256 *r, const uint64_t l[4])
{
    for (int i = 0; i < 4; i++) {
        r->w[2 * i] = (uint32_t)l[i];
        r->w[2 * i + 1] = (uint32_t)(l[i] >> 32);
    }
}

/* got < 2p and got = want (mod p); want is canonical */
static int lazy_ok(const uint64_t got[4], const ref256 *want)
{
    ref256 g, p2 = REF_P;
    uint32_t c = 0;
    for (int i = 0; i < 8; i++) { /* p2 = 2p (< 2^255) */
        uint32_t w = p2.w[i];
        p2.w[i] = (w << 1) | c;
        c = w >> 31;
    }
    ref_from_limbs(&g, got);
    if (ref_ge(g.w, p2.w, 8)) return 0;
    if (ref_ge(g.w, REF_P.w, 8)) ref_sub_n(g.w, REF_P.w, 8);
    return memcmp(g.w, want->w, sizeof g.w) == 0;
}

static void rand_lazy(uint64_t l[4])
{
    static const uint64_t P2_TOP = 0x60c89ce5c2634053ULL; /* top limb of 2p */
    do {
        for (int i = 0; i < 4; i++) l[i] = zt_rand64();
        l[3] %= P2_TOP + 1;
    } while (l[3] == P2_TOP); /* keep below 2p without a full compare */
}

static void test_mont_kernels(void)
{
    static const uint64_t edges[][4] = {
        {0, 0, 0, 0},
        {1, 0, 0, 0},
        {2, 0, 0, 0},
        {~0ULL, 0, 0, 0},
        {~0ULL, ~0ULL, ~0ULL, 0},
        {0x43e1f593f0000000ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}, /* p-1 */
        {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}, /* p */
        {0x43e1f593f0000002ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}, /* p+1 */
        {~0ULL, ~0ULL, ~0ULL, 0x3fffffffffffffffULL},                                             /* 2^254-1 */
        {0x87c3eb27e0000000ULL, 0x5067d090f372e122ULL, 0x70a08b6d0302b0baULL, 0x60c89ce5c2634053ULL}, /* 2p-2 */
        {0x87c3eb27e0000001ULL, 0x5067d090f372e122ULL, 0x70a08b6d0302b0baULL, 0x60c89ce5c2634053ULL}, /* 2p-1 */
    };
    const size_t n_edges = sizeof edges / sizeof edges[0];
    /* R^-1 mod p, R = 2^256 */
    uint32_t x[16] = {0};
    x[8] = 1;
    ref256 rmod, rinv, pm2 = REF_P, two = {{2}};
    ref_mod512(&rmod, x);
    ref_sub_n(pm2.w, two.w, 8);
    ref_pow(&rinv, &rmod, &pm2);
    const int have_adx = zki_fr_set_adx(1);
    printf("Montgomery kernels: C%s\n", have_adx ? " and BMI2/ADX" : " (no ADX on this CPU or build)");
    for (int it = 0; it < 3000; it++) {
        uint64_t a[4], b[4];
        if ((size_t)it < n_edges * n_edges) {
            memcpy(a, edges[it / n_edges], sizeof a);
            memcpy(b, edges[it % n_edges], sizeof b);
        } else {
            rand_lazy(a);
            rand_lazy(b);
        }
        ref256 ra, rb, want_mul, want_sqr;
        ref_from_limbs(&ra, a);
        ref_from_limbs(&rb, b);
        ref_mul(&want_mul, &ra, &rb);
        ref_mul(&want_mul, &want_mul, &rinv);
        ref_mul(&want_sqr, &ra, &ra);
        ref_mul(&want_sqr, &want_sqr, &rinv);
        uint64_t mc[4], sc[4], ma[4], sa[4];
        ZT_CHECK(zki_fr_test_mont(mc, sc, a, b, 0) == 1);
        ZT_CHECK(lazy_ok(mc, &want_mul));
        ZT_CHECK(lazy_ok(sc, &want_sqr));
        if (have_adx) {
            ZT_CHECK(zki_fr_test_mont(ma, sa, a, b, 1) == 1);
            ZT_CHECK(lazy_ok(ma, &want_mul));
            ZT_CHECK(lazy_ok(sa, &want_sqr));
            /* the same algorithm in both: the same lazy representative */
            ZT_CHECK(memcmp(ma, mc, sizeof ma) == 0 && memcmp(sa, sc, sizeof sa) == 0);
        }
    }
}

int main(void)
{
    test_mont_kernels();
    /* every field test on each set of scalar kernels: BMI2/ADX where the CPU
     * has it, then the C kernels (arm64 and older x86-64 take those) */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && !zki_fr_adx_available()) break;
        if (pass == 1) zki_fr_set_adx(0);
        printf("scalar kernels: %s\n", zki_fr_adx_available() ? "BMI2/ADX" : "C");
        test_edges();
        test_random_ops();
        test_inverse_and_powers();
        test_pow_inv5_paths();
        test_sqrt();
    }
    zki_fr_set_adx(1);
    ZT_END();
}
