/* Keccak-f[1600] and the Keccak-256 sponge (rate 136 bytes, pad 0x01 ... 0x80).
 * Written from the Keccak reference description (FIPS 202 section 3 with the
 * pre-standard padding). Lanes are little-endian 64-bit words. */
#include "../internal.h"
#include "keccak.h"

static const uint64_t round_consts[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

static inline uint64_t rotl64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> ((64 - n) & 63));
}

/* One round on lanes a<x><y> held in local variables (so the compiler keeps
 * them in registers), written once for both the scalar and the 8-way path:
 * theta, rho and pi into b<x><y>, chi back into a, iota. The operations are
 * macros: X5 (xor of five), XOR, ROL (by a constant), CHI (a ^ (~b & c)), RCX
 * (xor of the round constant). */
#define KECCAK_ROUND(rc) \
    do { \
        c0 = X5(a00, a01, a02, a03, a04); \
        c1 = X5(a10, a11, a12, a13, a14); \
        c2 = X5(a20, a21, a22, a23, a24); \
        c3 = X5(a30, a31, a32, a33, a34); \
        c4 = X5(a40, a41, a42, a43, a44); \
        d0 = XOR(c4, ROL(c1, 1)); \
        d1 = XOR(c0, ROL(c2, 1)); \
        d2 = XOR(c1, ROL(c3, 1)); \
        d3 = XOR(c2, ROL(c4, 1)); \
        d4 = XOR(c3, ROL(c0, 1)); \
        b00 = XOR(a00, d0); \
        b13 = ROL(XOR(a01, d0), 36); \
        b21 = ROL(XOR(a02, d0), 3); \
        b34 = ROL(XOR(a03, d0), 41); \
        b42 = ROL(XOR(a04, d0), 18); \
        b02 = ROL(XOR(a10, d1), 1); \
        b10 = ROL(XOR(a11, d1), 44); \
        b23 = ROL(XOR(a12, d1), 10); \
        b31 = ROL(XOR(a13, d1), 45); \
        b44 = ROL(XOR(a14, d1), 2); \
        b04 = ROL(XOR(a20, d2), 62); \
        b12 = ROL(XOR(a21, d2), 6); \
        b20 = ROL(XOR(a22, d2), 43); \
        b33 = ROL(XOR(a23, d2), 15); \
        b41 = ROL(XOR(a24, d2), 61); \
        b01 = ROL(XOR(a30, d3), 28); \
        b14 = ROL(XOR(a31, d3), 55); \
        b22 = ROL(XOR(a32, d3), 25); \
        b30 = ROL(XOR(a33, d3), 21); \
        b43 = ROL(XOR(a34, d3), 56); \
        b03 = ROL(XOR(a40, d4), 27); \
        b11 = ROL(XOR(a41, d4), 20); \
        b24 = ROL(XOR(a42, d4), 39); \
        b32 = ROL(XOR(a43, d4), 8); \
        b40 = ROL(XOR(a44, d4), 14); \
        a00 = CHI(b00, b10, b20); \
        a10 = CHI(b10, b20, b30); \
        a20 = CHI(b20, b30, b40); \
        a30 = CHI(b30, b40, b00); \
        a40 = CHI(b40, b00, b10); \
        a01 = CHI(b01, b11, b21); \
        a11 = CHI(b11, b21, b31); \
        a21 = CHI(b21, b31, b41); \
        a31 = CHI(b31, b41, b01); \
        a41 = CHI(b41, b01, b11); \
        a02 = CHI(b02, b12, b22); \
        a12 = CHI(b12, b22, b32); \
        a22 = CHI(b22, b32, b42); \
        a32 = CHI(b32, b42, b02); \
        a42 = CHI(b42, b02, b12); \
        a03 = CHI(b03, b13, b23); \
        a13 = CHI(b13, b23, b33); \
        a23 = CHI(b23, b33, b43); \
        a33 = CHI(b33, b43, b03); \
        a43 = CHI(b43, b03, b13); \
        a04 = CHI(b04, b14, b24); \
        a14 = CHI(b14, b24, b34); \
        a24 = CHI(b24, b34, b44); \
        a34 = CHI(b34, b44, b04); \
        a44 = CHI(b44, b04, b14); \
        a00 = RCX(a00, rc); \
    } while (0)

/* Lane (x, y) is s[x + 5y]; the LOAD/STORE lists name them in that order. */
#define KECCAK_LANES(OP) \
    OP(a00, 0); OP(a10, 1); OP(a20, 2); OP(a30, 3); OP(a40, 4); \
    OP(a01, 5); OP(a11, 6); OP(a21, 7); OP(a31, 8); OP(a41, 9); \
    OP(a02, 10); OP(a12, 11); OP(a22, 12); OP(a32, 13); OP(a42, 14); \
    OP(a03, 15); OP(a13, 16); OP(a23, 17); OP(a33, 18); OP(a43, 19); \
    OP(a04, 20); OP(a14, 21); OP(a24, 22); OP(a34, 23); OP(a44, 24)

#define X5(a, b, c, d, e) ((a) ^ (b) ^ (c) ^ (d) ^ (e))
#define XOR(a, b) ((a) ^ (b))
#define ROL(x, n) rotl64((x), (n))
#define CHI(a, b, c) ((a) ^ (~(b) & (c)))
#define RCX(a, rc) ((a) ^ (rc))

/* Fully unrolled rounds with the lanes in locals: about twice as fast as a loop
 * over an array. Only the state s is kept (zki_keccak_final wipes it); the
 * locals are registers and spill slots of this frame. */
void zki_keccak_f1600(uint64_t s[25])
{
    uint64_t a00, a10, a20, a30, a40, a01, a11, a21, a31, a41, a02, a12, a22, a32, a42;
    uint64_t a03, a13, a23, a33, a43, a04, a14, a24, a34, a44;
    uint64_t b00, b10, b20, b30, b40, b01, b11, b21, b31, b41, b02, b12, b22, b32, b42;
    uint64_t b03, b13, b23, b33, b43, b04, b14, b24, b34, b44;
    uint64_t c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
#define LOAD(v, i) v = s[i]
#define STORE(v, i) s[i] = v
    KECCAK_LANES(LOAD);
    for (int round = 0; round < 24; round++) KECCAK_ROUND(round_consts[round]);
    KECCAK_LANES(STORE);
#undef LOAD
#undef STORE
}

#undef X5
#undef XOR
#undef ROL
#undef CHI
#undef RCX

void zki_keccak_f1600x8_portable(uint64_t st[25][8])
{
    for (int j = 0; j < 8; j++) {
        uint64_t s[25];
        for (int i = 0; i < 25; i++) s[i] = st[i][j];
        zki_keccak_f1600(s);
        for (int i = 0; i < 25; i++) st[i][j] = s[i];
    }
}

/* ---- eight permutations at once with AVX-512 (lane i of instance j in st[i][j]) ---- */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(ZKS_NO_AVX512)
#define KECCAK_HAVE_X8 1
#include <immintrin.h>

#define X8_TARGET __attribute__((target("avx512f")))
#define X5(a, b, c, d, e) _mm512_ternarylogic_epi64(_mm512_ternarylogic_epi64((a), (b), (c), 0x96), (d), (e), 0x96)
#define XOR(a, b) _mm512_xor_si512((a), (b))
#define ROL(x, n) _mm512_rol_epi64((x), (n))
#define CHI(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0xD2)
#define RCX(a, rc) _mm512_xor_si512((a), _mm512_set1_epi64((long long)(rc)))

X8_TARGET static void f1600x8_avx512(uint64_t st[25][8])
{
    __m512i a00, a10, a20, a30, a40, a01, a11, a21, a31, a41, a02, a12, a22, a32, a42;
    __m512i a03, a13, a23, a33, a43, a04, a14, a24, a34, a44;
    __m512i b00, b10, b20, b30, b40, b01, b11, b21, b31, b41, b02, b12, b22, b32, b42;
    __m512i b03, b13, b23, b33, b43, b04, b14, b24, b34, b44;
    __m512i c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
#define LOAD(v, i) v = _mm512_loadu_si512((const void *)st[i])
#define STORE(v, i) _mm512_storeu_si512((void *)st[i], v)
    KECCAK_LANES(LOAD);
    for (int round = 0; round < 24; round++) KECCAK_ROUND(round_consts[round]);
    KECCAK_LANES(STORE);
#undef LOAD
#undef STORE
}

#undef X5
#undef XOR
#undef ROL
#undef CHI
#undef RCX

static int x8_usable(void)
{
    static int cached = -1; /* a benign race: every thread computes the same value */
    int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (v < 0) {
        __builtin_cpu_init();
        v = __builtin_cpu_supports("avx512f") ? 1 : 0;
        __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
    }
    return v;
}
#endif

int zki_keccak_f1600x8_vector(void)
{
#ifdef KECCAK_HAVE_X8
    return x8_usable();
#else
    return 0;
#endif
}

void zki_keccak_f1600x8(uint64_t st[25][8])
{
#ifdef KECCAK_HAVE_X8
    if (x8_usable()) {
        f1600x8_avx512(st);
        return;
    }
#endif
    zki_keccak_f1600x8_portable(st);
}

/* XOR one byte into the state at byte offset i (lanes are little-endian). */
static inline void xor_byte(uint64_t s[25], size_t i, uint8_t b)
{
    s[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

void zki_keccak_init(zki_keccak_ctx *c)
{
    memset(c, 0, sizeof *c);
}

void zki_keccak_update(zki_keccak_ctx *c, const uint8_t *data, size_t len)
{
    size_t pos = c->pos;
    while (len > 0) {
        if (pos == 0 && len >= ZKI_KECCAK256_RATE) {
            /* whole block: absorb lane by lane */
            for (size_t i = 0; i < ZKI_KECCAK256_RATE / 8; i++) {
                uint64_t lane = 0;
                for (unsigned k = 0; k < 8; k++) lane |= (uint64_t)data[8 * i + k] << (8 * k);
                c->st[i] ^= lane;
            }
            zki_keccak_f1600(c->st);
            data += ZKI_KECCAK256_RATE;
            len -= ZKI_KECCAK256_RATE;
            continue;
        }
        xor_byte(c->st, pos, *data++);
        len--;
        if (++pos == ZKI_KECCAK256_RATE) {
            zki_keccak_f1600(c->st);
            pos = 0;
        }
    }
    c->pos = pos;
}

void zki_keccak_final(zki_keccak_ctx *c, uint8_t out[ZKS_KECCAK256_BYTES])
{
    xor_byte(c->st, c->pos, 0x01);
    xor_byte(c->st, ZKI_KECCAK256_RATE - 1, 0x80);
    zki_keccak_f1600(c->st);
    for (size_t i = 0; i < ZKS_KECCAK256_BYTES; i++) out[i] = (uint8_t)(c->st[i / 8] >> (8 * (i % 8)));
    zks_memzero(c, sizeof *c);
}

void zki_keccak256(const uint8_t *data, size_t len, uint8_t out[ZKS_KECCAK256_BYTES])
{
    zki_keccak_ctx c;
    zki_keccak_init(&c);
    zki_keccak_update(&c, data, len);
    zki_keccak_final(&c, out);
}

zks_status zks_keccak256(const uint8_t *data, size_t len, uint8_t out[ZKS_KECCAK256_BYTES])
{
    ZKI_ARG_CHECK(out != NULL);
    if (data == NULL && len > 0) {
        zks_memzero(out, ZKS_KECCAK256_BYTES);
        return ZKS_ERR_INVALID_ARG;
    }
    zki_keccak256(data, len, out);
    return ZKS_OK;
}
