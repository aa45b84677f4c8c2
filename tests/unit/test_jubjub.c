/* Jubjub scalar field Fs, AltJubjub group law, fixed-base table, point
 * encoding, and the key functions (seed -> key -> public key -> hash),
 * including a live differential run against zksync-crypto 0.6.2. */
#include "harness.h"
#include "oracle.h"
#include "internal.h"
#include "crypto/jubjub.h"
#include "crypto/rescue.h"

static const char *R_HEX = "060c89ce5c263405370a08b6d0302b0bab3eedb83920ee0a677297dc392126f1";

/* ---- helpers ------------------------------------------------------------ */

/* A random scalar in [0, r). */
static void rand_fs(zki_fs *a)
{
    uint8_t b[32];
    do {
        zt_rand_bytes(b, 32);
        b[0] &= 0x07; /* < 2^251 */
    } while (!zki_fs_from_bytes_be(a, b));
}

/* a*b by double-and-add with zki_fs_add only (independent of Montgomery code). */
static void fs_mul_ref(zki_fs *r, const zki_fs *a, const zki_fs *b)
{
    zki_fs acc, base = *a;
    zki_fs_set_u64(&acc, 0);
    for (int i = 0; i < 256; i++) {
        if ((b->v[i / 64] >> (i % 64)) & 1) zki_fs_add(&acc, &acc, &base);
        zki_fs_add(&base, &base, &base);
    }
    *r = acc;
}

static zki_fr fr_hex(const char *hex)
{
    uint8_t be[32], le[32];
    zki_fr f;
    zt_unhex(be, 32, hex);
    for (int i = 0; i < 32; i++) le[i] = be[31 - i];
    if (!zki_fr_from_bytes_le(&f, le)) abort();
    return f;
}

static zki_fs fs_hex(const char *hex)
{
    uint8_t be[32];
    zki_fs f;
    zt_unhex(be, 32, hex);
    if (!zki_fs_from_bytes_be(&f, be)) abort();
    return f;
}

static int fr_same(const zki_fr *a, const zki_fr *b) { return (int)zki_fr_eq(a, b); }

static void gen_point(zki_jj_point *p) { zki_jj_from_affine(p, &zki_jj_generator); }

/* A random point of the prime subgroup. */
static void rand_point(zki_jj_point *p)
{
    zki_fs k;
    rand_fs(&k);
    zki_jj_mul_base(p, &k);
}

/* A random curve point, usually outside the subgroup (random y until it decodes). */
static void rand_curve_point(zki_jj_affine *a, uint8_t enc[32])
{
    do {
        zt_rand_bytes(enc, 32);
        enc[31] &= 0xbf; /* y < 2^254 most of the time below p */
    } while (!zki_jj_decompress_var(a, enc));
}

/* ---- Fs ------------------------------------------------------------------ */

static void test_fs(void)
{
    uint8_t b[32], out[32];
    zki_fs a, c, d, e, one, zero;

    /* boundary loads */
    zt_unhex(b, 32, R_HEX);
    ZT_CHECK(zki_fs_from_bytes_be(&a, b) == 0 && zki_fs_is_zero(&a));
    ZT_CHECK(zki_fs_be_lt_r(b) == 0);
    b[31] -= 1; /* r - 1 */
    ZT_CHECK(zki_fs_from_bytes_be(&a, b) == 1);
    zki_fs_to_bytes_be(out, &a);
    ZT_CHECK(memcmp(out, b, 32) == 0);
    ZT_CHECK(zki_fs_be_lt_r(b) == 1);
    b[31] += 2; /* r + 1 */
    ZT_CHECK(zki_fs_be_lt_r(b) == 0);
    memset(b, 0xff, 32);
    ZT_CHECK(zki_fs_from_bytes_be(&a, b) == 0 && zki_fs_from_bytes_le(&a, b) == 0);
    memset(b, 0, 32);
    ZT_CHECK(zki_fs_from_bytes_be(&a, b) == 1 && zki_fs_is_zero(&a));
    ZT_CHECK(zki_fs_load_privkey(&a, b) == 0);
    b[31] = 1;
    ZT_CHECK(zki_fs_load_privkey(&a, b) == 1);
    zt_unhex(b, 32, R_HEX);
    ZT_CHECK(zki_fs_load_privkey(&a, b) == 0);

    /* r - 1 = -1: (-1)*(-1) = 1, -1 + 1 = 0 */
    zki_fs_set_u64(&one, 1);
    zki_fs_set_u64(&zero, 0);
    zki_fs_neg(&a, &one);
    zki_fs_mul(&c, &a, &a);
    ZT_CHECK(zki_fs_eq(&c, &one));
    zki_fs_add(&c, &a, &one);
    ZT_CHECK(zki_fs_is_zero(&c));
    zki_fs_neg(&c, &zero);
    ZT_CHECK(zki_fs_is_zero(&c));

    /* the crypto.md 8.1 intermediates: s = k + c*sk */
    a = fs_hex("048719008be0b1086f321ca51728eeb929b8f67ddc7d1c14253d259b841d2e31");
    c = fs_hex("024b291ae54c4b5b4bd167d32e415bdb32e6548c462c9a323d9de40f2fe6d291");
    d = fs_hex("04e0ca0613292ada8baf26e80df72337fd9dd3a0b28d78fda676e267575c67d8");
    zki_fs_mul(&e, &c, &a);
    zki_fs_add(&e, &e, &d);
    zki_fs_to_bytes_be(out, &e);
    ZT_CHECK_HEX(out, 32, "023c4e7b0af0ff41cabc23f895444bf11d12408d70ec77660481a261575eaa61");

    int n = zt_iters(2000, 50), bad = 0;
    for (int i = 0; i < n; i++) {
        zki_fs x, y, z, p1, p2;
        rand_fs(&x);
        rand_fs(&y);
        rand_fs(&z);
        zki_fs_mul(&p1, &x, &y);
        fs_mul_ref(&p2, &x, &y);
        bad += !zki_fs_eq(&p1, &p2);
        /* (x + y) z = xz + yz */
        zki_fs_add(&p1, &x, &y);
        zki_fs_mul(&p1, &p1, &z);
        zki_fs_mul(&p2, &x, &z);
        zki_fs_mul(&e, &y, &z);
        zki_fs_add(&p2, &p2, &e);
        bad += !zki_fs_eq(&p1, &p2);
        /* x - y + y = x; le/be round trips */
        zki_fs_sub(&p1, &x, &y);
        zki_fs_add(&p1, &p1, &y);
        bad += !zki_fs_eq(&p1, &x);
        zki_fs_to_bytes_le(out, &x);
        bad += !(zki_fs_from_bytes_le(&p1, out) && zki_fs_eq(&p1, &x));
        zki_fs_to_bytes_be(out, &x);
        bad += !(zki_fs_from_bytes_be(&p1, out) && zki_fs_eq(&p1, &x));
        /* cmov */
        p1 = x;
        zki_fs_cmov(&p1, &y, 0);
        bad += !zki_fs_eq(&p1, &x);
        zki_fs_cmov(&p1, &y, 1);
        bad += !zki_fs_eq(&p1, &y);
    }
    ZT_CHECK_MSG(bad == 0, "Fs random identities: %d failures", bad);
}

/* ---- constant-time inversion against Fermat ------------------------------ */

static void test_inv(void)
{
    zki_fr a, b, c, m1;
    uint8_t le[32];
    int bad = 0, n = zt_iters(20000, 200);
    zki_fr_neg(&m1, &zki_fr_one);
    zki_jj_inv(&b, &zki_fr_zero);
    ZT_CHECK(zki_fr_is_zero(&b));
    zki_jj_inv(&b, &zki_fr_one);
    ZT_CHECK(zki_fr_eq(&b, &zki_fr_one));
    zki_jj_inv(&b, &m1);
    ZT_CHECK(zki_fr_eq(&b, &m1));
    for (int i = 0; i < n; i++) {
        zt_rand_bytes(le, 32);
        if (i % 4 == 0) le[31] &= 0x0f;                     /* smaller values */
        else if (i % 4 == 1) memset(le + 1 + i % 30, 0, 31 - i % 30); /* tiny values */
        else le[31] &= 0x3f;
        if (!zki_fr_from_bytes_le(&a, le)) continue;
        zki_jj_inv(&b, &a);
        zki_fr_inv(&c, &a);
        bad += !zki_fr_eq(&b, &c);
        /* p - a as well (values near p) */
        zki_fr_neg(&a, &a);
        zki_jj_inv(&b, &a);
        zki_fr_inv(&c, &a);
        bad += !zki_fr_eq(&b, &c);
    }
    ZT_CHECK_MSG(bad == 0, "safegcd inversion differs from Fermat in %d cases", bad);
}

/* ---- constants and group law --------------------------------------------- */

static void test_constants(void)
{
    zki_fr d = fr_hex("1aee90f15f2189693df072d799fd11fc039b2959ebb7c867d075ca8cf4d7eb8e"), d2;
    zki_fr gx = fr_hex("2ef3f9b423a2c8c74e9803958f6c320e854a1c1c06cd5cc8fd221dc052d76df7");
    zki_fr gy = fr_hex("05a01167ea785d3f784224644a68e4067532c815f5f6d57d984b5c0e9c6c94b7");
    zki_fr a, b;
    ZT_CHECK(fr_same(&d, &zki_jj_d));
    zki_fr_add(&d2, &d, &d);
    ZT_CHECK(fr_same(&d2, &zki_jj_d2));
    ZT_CHECK(fr_same(&gx, &zki_jj_generator.x) && fr_same(&gy, &zki_jj_generator.y));
    /* d = -168696/168700 */
    zki_fr_set_u64(&a, 168696);
    zki_fr_set_u64(&b, 168700);
    zki_fr_neg(&a, &a);
    zki_fr_inv(&b, &b);
    zki_fr_mul(&a, &a, &b);
    ZT_CHECK(fr_same(&a, &d));
    /* d is not a square, so the addition law is complete */
    ZT_CHECK(zki_fr_sqrt_var(&a, &d) == 0);
    ZT_CHECK(zki_jj_affine_on_curve(&zki_jj_generator));

    zki_jj_point g, t;
    gen_point(&g);
    ZT_CHECK(zki_jj_in_subgroup_var(&g));
    ZT_CHECK(!zki_jj_is_identity(&g));
    /* (r - 1) G = -G */
    uint64_t rm1[4];
    memcpy(rm1, zki_fs_modulus, sizeof rm1);
    rm1[0] -= 1;
    zki_jj_mul_var(&t, &g, rm1);
    zki_jj_neg(&g, &g);
    ZT_CHECK(zki_jj_eq(&t, &g));
}

static void test_group(void)
{
    int n = zt_iters(300, 10), bad = 0;
    zki_jj_point id, p, q, s, a, b, c;
    zki_jj_precomp pre;
    zki_jj_affine aff;
    zki_jj_set_identity(&id);
    for (int i = 0; i < n; i++) {
        rand_point(&p);
        rand_point(&q);
        rand_point(&s);
        /* identity, commutativity, associativity */
        zki_jj_add(&a, &p, &id);
        bad += !zki_jj_eq(&a, &p);
        zki_jj_add(&a, &p, &q);
        zki_jj_add(&b, &q, &p);
        bad += !zki_jj_eq(&a, &b);
        zki_jj_add(&a, &a, &s);
        zki_jj_add(&b, &q, &s);
        zki_jj_add(&b, &p, &b);
        bad += !zki_jj_eq(&a, &b);
        /* doubling agrees with adding a point to itself (the law is unified) */
        zki_jj_dbl(&a, &p);
        zki_jj_add(&b, &p, &p);
        bad += !zki_jj_eq(&a, &b);
        /* p + (-p) = identity */
        zki_jj_neg(&a, &p);
        zki_jj_add(&a, &a, &p);
        bad += !zki_jj_is_identity(&a);
        /* mixed addition agrees with full addition, T stays consistent */
        zki_jj_to_affine(&aff, &q);
        bad += !zki_jj_affine_on_curve(&aff);
        zki_jj_to_precomp(&pre, &aff);
        zki_jj_madd(&a, &p, &pre);
        zki_jj_add(&b, &p, &q);
        bad += !zki_jj_eq(&a, &b);
        zki_fr xy, tz;
        zki_fr_mul(&xy, &a.X, &a.Y);
        zki_fr_mul(&tz, &a.T, &a.Z);
        bad += !fr_same(&xy, &tz);
        /* the law is complete on points outside the subgroup too */
        uint8_t enc[32];
        rand_curve_point(&aff, enc);
        zki_jj_from_affine(&c, &aff);
        zki_jj_add(&a, &c, &c);
        zki_jj_dbl(&b, &c);
        bad += !zki_jj_eq(&a, &b);
        zki_jj_add(&a, &c, &p);
        zki_jj_to_affine(&aff, &a);
        bad += !zki_jj_affine_on_curve(&aff);
    }
    ZT_CHECK_MSG(bad == 0, "group law: %d failures", bad);
}

/* Every table entry equals (j + 1) 2^(W i) G computed with the generic code. */
static void test_table(void)
{
    zki_jj_point base, acc;
    int bad = 0;
    gen_point(&base);
    for (int i = 0; i < ZKI_JJ_TABLE_WINDOWS; i++) {
        acc = base;
        for (int j = 0; j < ZKI_JJ_TABLE_ENTRIES; j++) {
            zki_jj_affine aff;
            zki_jj_precomp pre;
            zki_jj_to_affine(&aff, &acc);
            zki_jj_to_precomp(&pre, &aff);
            bad += !(fr_same(&pre.ypx, &zki_jj_base_table[i][j].ypx) &&
                     fr_same(&pre.ymx, &zki_jj_base_table[i][j].ymx) &&
                     fr_same(&pre.t2d, &zki_jj_base_table[i][j].t2d));
            zki_jj_add(&acc, &acc, &base);
        }
        for (int k = 0; k < ZKI_JJ_WINDOW_BITS; k++) zki_jj_dbl(&base, &base);
    }
    ZT_CHECK_MSG(bad == 0, "base table: %d entries differ", bad);
    ZT_CHECK(sizeof zki_jj_base_table == (size_t)ZKI_JJ_TABLE_WINDOWS * ZKI_JJ_TABLE_ENTRIES * 96);
    ZT_CHECK(sizeof zki_jj_base_table <= 512 * 1024);
    ZT_CHECK(ZKI_JJ_WINDOW_BITS * ZKI_JJ_TABLE_WINDOWS >= 252);
}

/* Constant-time fixed-base multiplication against variable-time NAF. */
static void test_mul(void)
{
    zki_jj_point g, a, b;
    zki_fs k, k2, k3;
    int bad = 0;
    gen_point(&g);
    /* edge scalars: 0, 1, 2, 7, 8, 9, 15, 16, r-1, r-8, all digits -8/+8 patterns, 2^250 */
    const char *edge[] = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000001",
        "0000000000000000000000000000000000000000000000000000000000000002",
        "0000000000000000000000000000000000000000000000000000000000000007",
        "0000000000000000000000000000000000000000000000000000000000000008",
        "0000000000000000000000000000000000000000000000000000000000000009",
        "000000000000000000000000000000000000000000000000000000000000000f",
        "0000000000000000000000000000000000000000000000000000000000000010",
        "060c89ce5c263405370a08b6d0302b0bab3eedb83920ee0a677297dc392126f0",
        "060c89ce5c263405370a08b6d0302b0bab3eedb83920ee0a677297dc392126e9",
        "0400000000000000000000000000000000000000000000000000000000000000",
        "0588888888888888888888888888888888888888888888888888888888888888",
        "0577777777777777777777777777777777777777777777777777777777777777",
        "05ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0000000000000000000000000000000000000000000000000000000000000088",
    };
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        k = fs_hex(edge[i]);
        zki_jj_mul_base(&a, &k);
        zki_jj_mul_var(&b, &g, k.v);
        bad += !zki_jj_eq(&a, &b);
    }
    int n = zt_iters(500, 10);
    for (int i = 0; i < n; i++) {
        rand_fs(&k);
        rand_fs(&k2);
        zki_jj_mul_base(&a, &k);
        zki_jj_mul_var(&b, &g, k.v);
        bad += !zki_jj_eq(&a, &b);
        /* kG + k2 G = (k + k2) G ; k2 (k G) = (k k2) G */
        zki_jj_mul_base(&b, &k2);
        zki_jj_add(&b, &a, &b);
        zki_fs_add(&k3, &k, &k2);
        zki_jj_mul_base(&a, &k3);
        bad += !zki_jj_eq(&a, &b);
        zki_jj_mul_base(&a, &k);
        zki_jj_mul_var(&b, &a, k2.v);
        zki_fs_mul(&k3, &k, &k2);
        zki_jj_mul_base(&a, &k3);
        bad += !zki_jj_eq(&a, &b);
        bad += !zki_jj_in_subgroup_var(&a);
    }
    ZT_CHECK_MSG(bad == 0, "scalar multiplication: %d failures", bad);
}

/* ---- encoding --------------------------------------------------------------- */

static void test_encoding(void)
{
    uint8_t enc[32], enc2[32];
    zki_jj_affine a, b;
    zki_jj_point p;
    int bad = 0, outside = 0;

    /* identity packs as 01 00..00; G as in crypto.md 2.1 */
    zki_jj_set_identity(&p);
    zki_jj_to_affine(&a, &p);
    zki_jj_compress(enc, &a);
    ZT_CHECK_HEX(enc, 32, "0100000000000000000000000000000000000000000000000000000000000000");
    zki_jj_compress(enc, &zki_jj_generator);
    ZT_CHECK_HEX(enc, 32, "b7946c9c0e5c4b987dd5f6f515c8327506e4684a642442783f5d78ea6711a085");
    ZT_CHECK(zki_jj_decompress_var(&a, enc) == 1);
    ZT_CHECK(fr_same(&a.x, &zki_jj_generator.x) && fr_same(&a.y, &zki_jj_generator.y));
    /* flipping the sign bit gives -G */
    enc[31] ^= 0x80;
    ZT_CHECK(zki_jj_decompress_var(&a, enc) == 1);
    zki_fr_neg(&a.x, &a.x);
    ZT_CHECK(fr_same(&a.x, &zki_jj_generator.x));

    /* x = 0 with sign 1 decodes (to x = 0), as the reference */
    memset(enc, 0, 32);
    enc[0] = 1;
    enc[31] = 0x80;
    ZT_CHECK(zki_jj_decompress_var(&a, enc) == 1 && zki_fr_is_zero(&a.x));
    /* (0, -1): order 2, decodes, not in the subgroup */
    zki_fr m1;
    zki_fr_neg(&m1, &zki_fr_one);
    zki_fr_to_bytes_le(enc, &m1);
    ZT_CHECK(zki_jj_decompress_var(&a, enc) == 1 && zki_fr_is_zero(&a.x));
    zki_jj_from_affine(&p, &a);
    ZT_CHECK(!zki_jj_in_subgroup_var(&p));
    zki_jj_dbl(&p, &p);
    ZT_CHECK(zki_jj_is_identity(&p));
    /* y = p and y = 2^255 - 1 (with sign bit cleared) are rejected */
    zt_unhex(enc, 32, "010000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430");
    ZT_CHECK(zki_jj_decompress_var(&a, enc) == 0 && zt_all_zero(&a, sizeof a));
    memset(enc, 0xff, 32);
    ZT_CHECK(zki_jj_decompress_var(&a, enc) == 0);
    /* y = 2: x^2 = 3/(4d + 1); whichever it is, a second decode agrees */
    memset(enc, 0, 32);
    enc[0] = 2;
    int r2 = zki_jj_decompress_var(&a, enc);
    ZT_CHECK(r2 == 0 || zki_jj_affine_on_curve(&a));

    /* random subgroup points round-trip */
    int n = zt_iters(500, 20);
    for (int i = 0; i < n; i++) {
        rand_point(&p);
        zki_jj_to_affine(&a, &p);
        zki_jj_compress(enc, &a);
        bad += !zki_jj_decompress_var(&b, enc);
        bad += !(fr_same(&a.x, &b.x) && fr_same(&a.y, &b.y));
        /* random bytes: if they decode, the point is on the curve and re-encodes
         * to the same bytes (unless x = 0 with the sign bit set) */
        zt_rand_bytes(enc, 32);
        enc[31] &= 0xbf;
        if (zki_jj_decompress_var(&a, enc)) {
            bad += !zki_jj_affine_on_curve(&a);
            zki_jj_compress(enc2, &a);
            bad += memcmp(enc, enc2, 32) != 0;
            zki_jj_from_affine(&p, &a);
            if (!zki_jj_in_subgroup_var(&p)) {
                outside++;
                /* 8 * (point) is in the subgroup (cofactor 8) */
                zki_jj_dbl(&p, &p);
                zki_jj_dbl(&p, &p);
                zki_jj_dbl(&p, &p);
                bad += !zki_jj_in_subgroup_var(&p);
            }
        } else {
            bad += !zt_all_zero(&a, sizeof a);
        }
    }
    ZT_CHECK_MSG(bad == 0, "encoding: %d failures", bad);
    ZT_CHECK(n < 100 || outside > 0);
}

/* ---- public key functions ------------------------------------------------- */

static void test_keys(void)
{
    uint8_t seed[100], sk[32], pk[32], h[20], h2[20];
    char text[ZKS_PUBKEY_HASH_CHARS + 1];

    /* crypto.md 8.1, 8.2, 8.6 */
    memset(seed, 1, 32);
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 32, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "048719008be0b1086f321ca51728eeb929b8f67ddc7d1c14253d259b841d2e31");
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "4cb4917e57a0aebdbe5286c9d966ac8333914207554463a7c9b3e2116d3bf9ad");
    ZT_CHECK_STATUS(zks_pubkey_hash(pk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "587515a8af938d0dc901eef162cf8145ee7c391b");
    ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(sk, h2), ZKS_OK);
    ZT_CHECK(memcmp(h, h2, 20) == 0);
    ZT_CHECK_STATUS(zks_pubkey_hash_to_text(h, text), ZKS_OK);
    ZT_CHECK_STR(text, "sync:587515a8af938d0dc901eef162cf8145ee7c391b");
    memset(h2, 0xee, 20);
    ZT_CHECK_STATUS(zks_pubkey_hash_from_text("sync:587515A8AF938D0DC901EEF162CF8145EE7C391B", h2), ZKS_OK);
    ZT_CHECK(memcmp(h, h2, 20) == 0);

    for (int i = 0; i < 32; i++) seed[i] = (uint8_t)i;
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 32, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "0552a69519d1f3043611126c13489ff4a2a867a1c667b1d9d9031cd27fdcff5a");
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "17f3708f5e2b2c39c640def0cf0010fd9dd9219650e389114ea9da47f5874184");
    ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(sk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "4f3015a1d2b93239f9510d8bc2cf49376a78a08e");

    memset(seed, 0, sizeof seed);
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 32, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "011f5b99084c5c2e2d5e63488e0f7168d599a5c01fe9fec4c99605743da5e85c");
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 65, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "02062e206f456c5fea33b305ddb3b762991ce06519732e6f29496e210c8e46c7");

    /* 8.3: the Ethereum-derived seed (chain 1) */
    zt_unhex(seed, 65, "18ffe9d51f0c3aaab26fb8acbf8370242f27ee6b89944780cd547019fee9bb7e"
                       "431cfbacb6ff6adcd4283eac9632e644ed7f4c08b887fd603dd563c0bde36da51c");
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 65, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "042ceda2335a81681bf7bf2ad62962408ea93432425b7778c497e7da18472922");
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "327329d5345e85f51ba913f5ef052393be51294fbe8cd13c7603c8b5a0af1323");
    ZT_CHECK_STATUS(zks_pubkey_hash(pk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "99121ab1f147434b18406cd173113ad3035bf760");

    /* 8.4 (chain 9) and 8.5 (chain 5) */
    zt_unhex(seed, 65, "a78bc56467e82a33b7e79661ca8f2f694c167c7e0fc81d13e111cf738396a3f7"
                       "687b74244bbe3275ea858a8e4e3b90d0ebdb836a5707a75cca87ef9a593f2f351b");
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 65, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "052ffd2a7a52fe604a8df567e4775de087192f7a00c97bd395c565449395be5f");
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "8941030a4595986c486277ae8997bd140a888f5ace9d1fed8dca82fe1b7e92aa");
    ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(sk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "12097b8af3cefde1596cbe5c151e143ccadabb1a");
    zt_unhex(seed, 65, "f39c2ab8174a8546cc6eb5fb1d76390c36d3620b3cf1cb8e571cfefaec1581d2"
                       "747d0d01b52371b91f2765825886881afb9e06facc8fea70fa3a4cb62d6d572a1b");
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 65, sk), ZKS_OK);
    ZT_CHECK_HEX(sk, 32, "05d26020e1360816209727b7b3cd4282963a899c22bed998d017d1f08ab5ccd5");
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "13303d0b3f645af1bb975f1311efa8ab136a9ef07cf8ab2baef58e7888b7f307");
    ZT_CHECK_STATUS(zks_pubkey_hash(pk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "e53e076f6a5ee6a2d9b97790878ff4c727ab7fdd");
    ZT_CHECK_STATUS(zks_pubkey_hash_to_text(h, text), ZKS_OK);
    ZT_CHECK_STR(text, "sync:e53e076f6a5ee6a2d9b97790878ff4c727ab7fdd");

    memset(sk, 0, 32);
    sk[31] = 1;
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "b7946c9c0e5c4b987dd5f6f515c8327506e4684a642442783f5d78ea6711a085");
    ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(sk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "c46cae4e8ae4b44edf1060b7907c6b570f6c1fc5");
    sk[31] = 2;
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_OK);
    ZT_CHECK_HEX(pk, 32, "1c9c25b0502a1a38ee1147b3b51a58efab8e4b642eafbe5b2daa9b3296215e0f");
    /* identity: pubKeyHash(01 00..00) */
    memset(pk, 0, 32);
    pk[0] = 1;
    ZT_CHECK_STATUS(zks_pubkey_hash(pk, h), ZKS_OK);
    ZT_CHECK_HEX(h, 20, "a4f90830929d60c32fdddccc83f2706ba9a8c644");

    /* errors: outputs zeroed, statuses distinct */
    memset(pk, 0xaa, 32);
    memset(sk, 0, 32);
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(pk, 32));
    memset(h, 0xaa, 20);
    ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(sk, h), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(h, 20));
    zt_unhex(sk, 32, R_HEX);
    memset(pk, 0xaa, 32);
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(pk, 32));
    memset(sk, 0xff, 32);
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, pk), ZKS_ERR_INVALID_KEY);
    memset(sk, 0xaa, 32);
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 31, sk), ZKS_ERR_INVALID_KEY);
    ZT_CHECK(zt_all_zero(sk, 32));
    ZT_CHECK_STATUS(zks_privkey_from_seed(NULL, 32, sk), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_privkey_from_seed(seed, 32, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(NULL, pk), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_from_privkey(sk, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_hash(NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_hash(pk, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_hash_to_text(NULL, text), ZKS_ERR_INVALID_ARG);
    ZT_CHECK(text[0] == '\0');
    ZT_CHECK_STATUS(zks_pubkey_hash_to_text(h, NULL), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_hash_from_text(NULL, h), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_pubkey_hash_from_text("sync:00", NULL), ZKS_ERR_INVALID_ARG);
    /* an undecodable public key */
    memset(pk, 0xff, 32);
    memset(h, 0xaa, 20);
    ZT_CHECK_STATUS(zks_pubkey_hash(pk, h), ZKS_ERR_INVALID_POINT);
    ZT_CHECK(zt_all_zero(h, 20));
    /* text forms */
    const char *badtext[] = {
        "", "sync:", "0x587515a8af938d0dc901eef162cf8145ee7c391b",
        "SYNC:587515a8af938d0dc901eef162cf8145ee7c391b", "sync:587515a8af938d0dc901eef162cf8145ee7c391",
        "sync:587515a8af938d0dc901eef162cf8145ee7c391b0", "sync:587515a8af938d0dc901eef162cf8145ee7c391g",
        "sync: 587515a8af938d0dc901eef162cf8145ee7c391b", "sync:587515a8af938d0dc901eef162cf8145ee7c391b ",
    };
    for (size_t i = 0; i < sizeof badtext / sizeof *badtext; i++) {
        memset(h, 0xaa, 20);
        ZT_CHECK_STATUS(zks_pubkey_hash_from_text(badtext[i], h), ZKS_ERR_INVALID_ADDRESS);
        ZT_CHECK(zt_all_zero(h, 20));
    }
    /* only the first 32 key bytes matter and seed lengths 32..100 all work */
    for (size_t len = 32; len <= 100; len++) {
        zt_rand_bytes(seed, len);
        ZT_CHECK_STATUS(zks_privkey_from_seed(seed, len, sk), ZKS_OK);
        ZT_CHECK(zki_fs_be_lt_r(sk) && !zt_all_zero(sk, 32));
    }
}

/* ---- live differential run against zksync-crypto ------------------------ */

#define WINDOW 64 /* requests in flight per batch; replies must fit in the pipe */

typedef struct {
    uint8_t seed[100];
    size_t seed_len;
    uint8_t sk[32], skd[32], pub[32], enc[32];
} key_case;

static void rand_sk(uint8_t sk[32], int i)
{
    zki_fs k;
    if (i % 50 == 7) { /* keys near r and small keys */
        uint64_t off = zt_rand64() % 1000 + 1;
        zt_unhex(sk, 32, R_HEX);
        for (int j = 31; j >= 0 && off; j--) { /* r - off */
            unsigned v = sk[j];
            unsigned sub = (unsigned)(off & 0xff);
            off >>= 8;
            if (v < sub) off++;
            sk[j] = (uint8_t)(v - sub);
        }
        return;
    }
    if (i % 50 == 8) {
        memset(sk, 0, 32);
        sk[31] = (uint8_t)(1 + zt_rand64() % 255);
        return;
    }
    do rand_fs(&k); while (zki_fs_is_zero(&k));
    zki_fs_to_bytes_be(sk, &k);
}

static void test_oracle(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle did not start (tests/oracle, node)");
        return;
    }
    int n = zt_iters(2000, 16);
    key_case *cs = calloc((size_t)WINDOW, sizeof *cs);
    int bad_seed = 0, bad_pub = 0, bad_hash_sk = 0, bad_hash = 0, bad_dec = 0, done = 0;
    char hex[256];
    while (done < n) {
        int m = n - done < WINDOW ? n - done : WINDOW;
        for (int i = 0; i < m; i++) {
            key_case *c = &cs[i];
            c->seed_len = 32 + (size_t)(zt_rand64() % 69);
            zt_rand_bytes(c->seed, c->seed_len);
            rand_sk(c->sk, done + i);
            /* a random curve point, usually outside the subgroup */
            zki_jj_affine a;
            if ((done + i) % 2) rand_curve_point(&a, c->enc);
            else zt_rand_bytes(c->enc, 32); /* arbitrary bytes: often not a point */
            zt_hex(hex, c->seed, c->seed_len);
            zo_sendf("{\"op\":\"privkey_from_seed\",\"seed\":\"%s\"}", hex);
            zt_hex(hex, c->sk, 32);
            zo_sendf("{\"op\":\"pubkey\",\"sk\":\"%s\"}", hex);
            zo_sendf("{\"op\":\"pubkey_hash_sk\",\"sk\":\"%s\"}", hex);
            zt_hex(hex, c->enc, 32);
            zo_sendf("{\"op\":\"pubkey_hash\",\"pub\":\"%s\"}", hex);
        }
        fflush(NULL);
        for (int i = 0; i < m; i++) {
            key_case *c = &cs[i];
            uint8_t out[32], h[20];
            cJSON *r;
            const char *s;

            r = zo_recv();
            s = zo_ok_str(r);
            ZT_CHECK_STATUS(zks_privkey_from_seed(c->seed, c->seed_len, out), ZKS_OK);
            zt_hex(hex, out, 32);
            if (!s || strcmp(s, hex) != 0) bad_seed++;
            cJSON_Delete(r);

            r = zo_recv();
            s = zo_ok_str(r);
            ZT_CHECK_STATUS(zks_pubkey_from_privkey(c->sk, out), ZKS_OK);
            zt_hex(hex, out, 32);
            if (!s || strcmp(s, hex) != 0) bad_pub++;
            memcpy(c->pub, out, 32);
            cJSON_Delete(r);

            r = zo_recv();
            s = zo_ok_str(r);
            ZT_CHECK_STATUS(zks_pubkey_hash_from_privkey(c->sk, h), ZKS_OK);
            zt_hex(hex, h, 20);
            if (!s || strcmp(s, hex) != 0) bad_hash_sk++;
            /* and via the packed key */
            uint8_t h2[20];
            if (zks_pubkey_hash(c->pub, h2) != ZKS_OK || memcmp(h, h2, 20) != 0) bad_hash_sk++;
            cJSON_Delete(r);

            r = zo_recv();
            s = zo_ok_str(r);
            zks_status st = zks_pubkey_hash(c->enc, h);
            if (st == ZKS_OK) {
                zt_hex(hex, h, 20);
                if (!s || strcmp(s, hex) != 0) bad_hash++;
            } else {
                /* undecodable for us: the reference must report an error too */
                if (st != ZKS_ERR_INVALID_POINT || s != NULL || !r || !cJSON_GetObjectItem(r, "err"))
                    bad_dec++;
            }
            cJSON_Delete(r);
        }
        done += m;
    }
    free(cs);
    zo_stop();
    ZT_CHECK_MSG(bad_seed == 0, "privkey_from_seed differs from the reference in %d/%d cases", bad_seed, n);
    ZT_CHECK_MSG(bad_pub == 0, "pubkey differs in %d/%d cases", bad_pub, n);
    ZT_CHECK_MSG(bad_hash_sk == 0, "pubkey_hash_sk differs in %d/%d cases", bad_hash_sk, n);
    ZT_CHECK_MSG(bad_hash == 0, "pubkey_hash differs in %d/%d cases", bad_hash, n);
    ZT_CHECK_MSG(bad_dec == 0, "pubkey_hash decode status differs in %d/%d cases", bad_dec, n);
    printf("oracle: %d cases each of privkey_from_seed, pubkey, pubkey_hash_sk, pubkey_hash\n", n);
}

int main(void)
{
    test_fs();
    test_inv();
    test_constants();
    test_group();
    test_table();
    test_mul();
    test_encoding();
    test_keys();
    test_oracle();
    ZT_END();
}
