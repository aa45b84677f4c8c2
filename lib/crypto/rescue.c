/* Rescue permutation and fixed-length sponge over BN254 Fr with the zkSync
 * Lite parameters, plus the bit packing of byte strings into field elements.
 * Inputs are public (messages, public keys), so nothing here is constant
 * time by design; the field arithmetic it uses is anyway. */
#include "crypto/rescue.h"

#include <string.h>

/* state = MDS * state + rc */
static void mds_add(zki_fr s[3], const zki_fr rc[3])
{
    zki_fr out[3];
    for (int j = 0; j < 3; j++) {
        zki_fr_dot3(&out[j], zki_rescue_mds[j], s);
        zki_fr_add(&out[j], &out[j], &rc[j]);
    }
    memcpy(s, out, sizeof out);
}

void zki_rescue_perm_portable(zki_fr state[3])
{
    for (int j = 0; j < 3; j++) zki_fr_add(&state[j], &state[j], &zki_rescue_rc[0][j]);
    for (int i = 0; i < 44; i += 2) {
        /* even half-round: x^(1/5), the three elements interleaved */
        zki_fr_pow_inv5_x3_portable(state, state);
        mds_add(state, zki_rescue_rc[i + 1]);
        /* odd half-round: x^5 */
        zki_fr_pow5_x3(state, state);
        mds_add(state, zki_rescue_rc[i + 2]);
    }
}

void zki_rescue_perm2_portable(zki_fr sa[3], zki_fr sb[3])
{
    /* the two states side by side: s[0..2] = sa, s[3..5] = sb */
    zki_fr s[6];
    for (int j = 0; j < 3; j++) {
        zki_fr_add(&s[j], &sa[j], &zki_rescue_rc[0][j]);
        zki_fr_add(&s[3 + j], &sb[j], &zki_rescue_rc[0][j]);
    }
    for (int i = 0; i < 44; i += 2) {
        zki_fr_pow_inv5_x6_portable(s, s);
        mds_add(s, zki_rescue_rc[i + 1]);
        mds_add(s + 3, zki_rescue_rc[i + 1]);
        zki_fr_pow5_x6(s, s);
        mds_add(s, zki_rescue_rc[i + 2]);
        mds_add(s + 3, zki_rescue_rc[i + 2]);
    }
    memcpy(sa, s, 3 * sizeof s[0]);
    memcpy(sb, s + 3, 3 * sizeof s[0]);
}

void zki_rescue_perm2(zki_fr sa[3], zki_fr sb[3])
{
    if (zki_fr_rescue_perm2_ifma(sa, sb, zki_rescue_rc, zki_rescue_mds)) return;
    zki_rescue_perm2_portable(sa, sb);
}

void zki_rescue_perm(zki_fr state[3])
{
    /* AVX-512 IFMA CPUs: the whole permutation in the vector domain */
    if (zki_fr_rescue_perm_ifma(state, zki_rescue_rc, zki_rescue_mds)) return;
    zki_rescue_perm_portable(state);
}

void zki_rescue_perm_batch_portable(zki_fr (*s)[3], size_t n)
{
    /* The portable permutation already steps a state's three S-boxes
     * together, which keeps the 64-bit multiplier busy: stepping two states
     * (zki_rescue_perm2_portable) measures no faster, so one at a time. */
    for (size_t i = 0; i < n; i++) zki_rescue_perm_portable(s[i]);
}

void zki_rescue_perm_batch(zki_fr (*s)[3], size_t n)
{
    if (n == 0) return;
    /* AVX-512 IFMA (eight lanes), else AVX2 (four), else scalar */
    if (zki_fr_rescue_batch_ifma(s, n, zki_rescue_rc, zki_rescue_mds)) return;
    if (zki_fr_rescue_batch_avx2(s, n, zki_rescue_rc, zki_rescue_mds)) return;
    zki_rescue_perm_batch_portable(s, n);
}

void zki_rescue_sponge(const zki_fr *in, size_t n, zki_fr *out, size_t n_out)
{
    zki_fr s[3];
    s[0] = zki_fr_zero;
    s[1] = zki_fr_zero;
    zki_fr_set_u64(&s[2], (uint64_t)n);
    for (size_t i = 0; i < n; i += 2) {
        zki_fr_add(&s[0], &s[0], &in[i]);
        /* an odd-length input is padded with the element 1 */
        zki_fr_add(&s[1], &s[1], i + 1 < n ? &in[i + 1] : &zki_fr_one);
        zki_rescue_perm(s);
    }
    out[0] = s[0];
    if (n_out > 1) out[1] = s[1];
}

void zki_multipack(const uint8_t *bytes, size_t len, size_t total_bits, zki_fr *out)
{
    size_t n = (total_bits + 252) / 253;
    for (size_t k = 0; k < n; k++) {
        uint64_t l[4] = {0, 0, 0, 0};
        size_t start = 253 * k;
        size_t end = start + 253 < total_bits ? start + 253 : total_bits;
        /* bit b of the string is bit (7 - b%8) of byte b/8; beyond len it is 0 */
        for (size_t b = start; b < end && b / 8 < len; b++) {
            uint64_t bit = (bytes[b / 8] >> (7 - b % 8)) & 1;
            size_t pos = b - start;
            l[pos / 64] |= bit << (pos % 64);
        }
        (void)zki_fr_from_limbs(&out[k], l); /* < 2^253 < p: always accepted */
    }
}
