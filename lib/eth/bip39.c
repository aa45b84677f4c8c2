/* BIP-39 mnemonics (English list only): mnemonic <-> entropy with checksum,
 * generation from the OS random source, mnemonic + passphrase -> 64-byte seed
 * (PBKDF2-HMAC-SHA512, 2048 rounds, mbedtls).
 *
 * Accepted form: lowercase ASCII words from the English list separated by
 * single spaces, no leading or trailing space (what ethers entropyToMnemonic
 * writes). NFKD normalisation is out of scope, so non-ASCII input is refused.
 *
 * Word lookup and selection scan the whole list with masks instead of binary
 * search or indexing, so the words themselves do not steer branches or
 * memory addresses. What becomes public: the string length, the word count
 * and whether the phrase was valid. */
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <sodium.h>

#include "../internal.h"
#include "eth.h"

#define MIN_WORDS 12
#define MAX_WORDS 24
#define MAX_CHARS ZKS_BIP39_MNEMONIC_MAX_CHARS
#define LIST_WORDS 2048       /* the English list: 11 bits a word */
#define WORD_BITS 11
#define WORD_LETTERS 8        /* longest word; words are kept NUL-padded to this */
#define ENT_MIN_BYTES 16      /* 128 bits: 12 words */
#define ENT_MAX_BYTES 32      /* 256 bits: 24 words */
#define SALT_PREFIX "mnemonic"
#define SALT_PREFIX_LEN (sizeof SALT_PREFIX - 1)
#define PBKDF2_ROUNDS 2048
_Static_assert(sizeof zki_bip39_english / sizeof zki_bip39_english[0] == LIST_WORDS, "word list size");
_Static_assert(sizeof zki_bip39_english[0] == WORD_LETTERS + 1, "word list entry size");

/* 1 if a == b else 0, without branches. */
static inline uint32_t ct_eq32(uint32_t a, uint32_t b)
{
    uint32_t x = a ^ b;
    return 1u ^ ((x | (0u - x)) >> 31);
}

static inline uint32_t ct_in_range(uint32_t c, uint32_t lo, uint32_t hi)
{
    /* (c - lo) <= (hi - lo) as an unsigned 32-bit comparison, via the borrow of a 64-bit subtraction */
    uint64_t d = (uint64_t)(hi - lo) - (uint64_t)(uint32_t)(c - lo);
    return 1u ^ (uint32_t)(d >> 63);
}

/* Index of a NUL-padded word in the list, scanning all LIST_WORDS entries.
 * *found = 1 if present. */
static uint32_t ct_lookup(const uint8_t word[WORD_LETTERS], uint32_t *found)
{
    uint32_t idx = 0, any = 0;
    for (uint32_t j = 0; j < LIST_WORDS; j++) {
        uint32_t diff = 0;
        for (int p = 0; p < WORD_LETTERS; p++) diff |= (uint32_t)(word[p] ^ (uint8_t)zki_bip39_english[j][p]);
        uint32_t eq = ct_eq32(diff, 0);
        idx |= j & (0u - eq);
        any |= eq;
    }
    *found = any;
    return idx;
}

/* Parses and checks a mnemonic. On success writes the entropy (n_words*4/3 bytes). */
static zks_status parse_mnemonic(const char *s, uint8_t entropy[ENT_MAX_BYTES], size_t *ent_len)
{
    uint8_t words[MAX_WORDS][WORD_LETTERS];
    uint8_t bits[ENT_MAX_BYTES + 1]; /* entropy || checksum */
    uint8_t h[crypto_hash_sha256_BYTES];
    uint32_t idx[MAX_WORDS];
    zks_status rc = ZKS_ERR_INVALID_MNEMONIC;
    *ent_len = 0;
    memset(words, 0, sizeof words);
    memset(bits, 0, sizeof bits);
    memset(idx, 0, sizeof idx);

    size_t len = strnlen(s, MAX_CHARS + 1);
    if (len == 0 || len > MAX_CHARS) goto out;

    uint32_t bad = 0, wi = 0, ci = 0, prev_space = 1; /* a leading space counts as a double space */
    for (size_t i = 0; i < len; i++) {
        uint32_t c = (uint8_t)s[i];
        uint32_t sp = ct_eq32(c, ' ');
        uint32_t lo = ct_in_range(c, 'a', 'z');
        bad |= 1u ^ (sp | lo);
        bad |= sp & prev_space;
        bad |= lo & (1u ^ ct_in_range(ci, 0, WORD_LETTERS - 1)); /* word too long */
        for (uint32_t w = 0; w < MAX_WORDS; w++) {
            uint32_t mw = lo & ct_eq32(w, wi);
            for (uint32_t p = 0; p < WORD_LETTERS; p++) words[w][p] |= (uint8_t)(c & (0u - (mw & ct_eq32(p, ci))));
        }
        wi += sp;
        ci = (ci + 1) & (0u - lo); /* reset at a space */
        prev_space = sp;
    }
    bad |= prev_space; /* trailing space */
    uint32_t n_words = wi + 1;
    ZKI_DECLASSIFY(&bad, sizeof bad);
    ZKI_DECLASSIFY(&n_words, sizeof n_words);
    if (bad || n_words < MIN_WORDS || n_words > MAX_WORDS || n_words % 3 != 0) goto out;

    uint32_t missing = 0;
    for (uint32_t w = 0; w < n_words; w++) {
        uint32_t found;
        idx[w] = ct_lookup(words[w], &found);
        missing |= 1u ^ found;
    }
    ZKI_DECLASSIFY(&missing, sizeof missing);
    if (missing) goto out;

    /* Concatenate the 11-bit indices, most significant bit first. */
    for (uint32_t w = 0; w < n_words; w++) {
        for (uint32_t b = 0; b < WORD_BITS; b++) {
            uint32_t bit = (idx[w] >> (WORD_BITS - 1 - b)) & 1;
            uint32_t pos = w * WORD_BITS + b;
            bits[pos / 8] |= (uint8_t)(bit << (7 - pos % 8));
        }
    }
    size_t ent = n_words * 4 / 3;
    uint32_t cs_bits = n_words / 3;
    crypto_hash_sha256(h, bits, ent);
    uint32_t want = (uint32_t)h[0] >> (8 - cs_bits);
    uint32_t got = (uint32_t)bits[ent] >> (8 - cs_bits);
    uint32_t cs_ok = ct_eq32(want, got);
    ZKI_DECLASSIFY(&cs_ok, sizeof cs_ok);
    if (!cs_ok) {
        rc = ZKS_ERR_CHECKSUM;
        goto out;
    }
    memcpy(entropy, bits, ent);
    *ent_len = ent;
    rc = ZKS_OK;
out:
    ZKI_WIPE(words);
    ZKI_WIPE(bits);
    ZKI_WIPE(h);
    ZKI_WIPE(idx);
    return rc;
}

zks_status zks_bip39_validate(const char *mnemonic)
{
    ZKI_ARG_CHECK(mnemonic != NULL);
    uint8_t ent[ENT_MAX_BYTES];
    size_t n;
    zks_status rc = parse_mnemonic(mnemonic, ent, &n);
    ZKI_WIPE(ent);
    return rc;
}

zks_status zks_bip39_mnemonic_to_entropy(const char *mnemonic, uint8_t *out_entropy, size_t out_cap, size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out_entropy != NULL);
    zks_memzero(out_entropy, out_cap);
    ZKI_ARG_CHECK(mnemonic != NULL);
    uint8_t ent[ENT_MAX_BYTES];
    size_t n = 0;
    zks_status rc = parse_mnemonic(mnemonic, ent, &n);
    if (rc == ZKS_OK) {
        if (out_cap < n) {
            rc = ZKS_ERR_BUFFER_SIZE;
        } else {
            memcpy(out_entropy, ent, n);
            *out_len = n;
        }
    }
    ZKI_WIPE(ent);
    return rc;
}

zks_status zks_bip39_entropy_to_mnemonic(const uint8_t *entropy, size_t entropy_len, char *out, size_t out_cap,
                                         size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL);
    zks_memzero(out, out_cap);
    ZKI_ARG_CHECK(entropy != NULL);
    if (entropy_len < ENT_MIN_BYTES || entropy_len > ENT_MAX_BYTES || entropy_len % 4 != 0)
        return ZKS_ERR_INVALID_LENGTH;

    uint8_t bits[ENT_MAX_BYTES + 1]; /* entropy || checksum */
    char tmp[MAX_CHARS + 1];
    uint8_t word[WORD_LETTERS];
    memcpy(bits, entropy, entropy_len);
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, entropy, entropy_len);
    bits[entropy_len] = h[0];
    size_t n_words = entropy_len * 3 / 4;
    /* Words go into fixed SLOT-byte slots (the letters, NUL-padded, then a space);
     * the slots are then compacted into tmp. Every position of tmp is built by
     * scanning all slot bytes with masks, so word lengths steer no branch and
     * no memory address. */
    enum { SLOT = WORD_LETTERS + 1 };
    uint8_t slots[MAX_WORDS * SLOT];
    uint32_t dest[MAX_WORDS * SLOT];
    memset(slots, 0, sizeof slots);
    for (size_t w = 0; w < n_words; w++) {
        uint32_t idx = 0;
        for (uint32_t b = 0; b < WORD_BITS; b++) {
            size_t p = w * WORD_BITS + b;
            idx = (idx << 1) | ((bits[p / 8] >> (7 - p % 8)) & 1u);
        }
        memset(word, 0, sizeof word);
        for (uint32_t j = 0; j < LIST_WORDS; j++) {
            uint8_t m = (uint8_t)(0u - ct_eq32(j, idx));
            for (int p = 0; p < WORD_LETTERS; p++) word[p] |= (uint8_t)zki_bip39_english[j][p] & m;
        }
        memcpy(slots + SLOT * w, word, WORD_LETTERS);
        slots[SLOT * w + WORD_LETTERS] = (uint8_t)(w + 1 < n_words ? ' ' : 0);
    }
    size_t n_slots = SLOT * n_words;
    uint32_t pos32 = 0; /* destination of each non-NUL slot byte = count of non-NUL bytes before it */
    for (size_t j = 0; j < n_slots; j++) {
        dest[j] = pos32;
        pos32 += 1u ^ ct_eq32(slots[j], 0);
    }
    memset(tmp, 0, sizeof tmp);
    for (uint32_t o = 0; o < MAX_CHARS; o++) {
        uint8_t c = 0;
        for (size_t j = 0; j < n_slots; j++)
            c |= slots[j] & (uint8_t)(0u - (ct_eq32(dest[j], o) & (1u ^ ct_eq32(slots[j], 0))));
        tmp[o] = (char)c;
    }
    size_t pos = pos32;
    ZKI_DECLASSIFY(&pos, sizeof pos);
    zks_status rc = ZKS_OK;
    if (pos + 1 > out_cap) {
        rc = ZKS_ERR_BUFFER_SIZE;
    } else {
        memcpy(out, tmp, pos + 1);
        *out_len = pos;
    }
    ZKI_WIPE(bits);
    ZKI_WIPE(tmp);
    ZKI_WIPE(word);
    ZKI_WIPE(h);
    ZKI_WIPE(slots);
    ZKI_WIPE(dest);
    return rc;
}

zks_status zks_bip39_generate(size_t word_count, char *out, size_t out_cap, size_t *out_len)
{
    ZKI_ARG_CHECK(out_len != NULL);
    *out_len = 0;
    ZKI_ARG_CHECK(out != NULL);
    zks_memzero(out, out_cap);
    if (word_count < MIN_WORDS || word_count > MAX_WORDS || word_count % 3 != 0) return ZKS_ERR_INVALID_ARG;
    uint8_t ent[ENT_MAX_BYTES];
    zks_status rc;
    if (zki_os_random(ent, word_count * 4 / 3) != 0) rc = ZKS_ERR_RANDOM;
    else rc = zks_bip39_entropy_to_mnemonic(ent, word_count * 4 / 3, out, out_cap, out_len);
    ZKI_WIPE(ent);
    return rc;
}

zks_status zks_bip39_mnemonic_to_seed(const char *mnemonic, const char *passphrase,
                                      uint8_t out_seed[ZKS_BIP39_SEED_BYTES])
{
    ZKI_ARG_CHECK(out_seed != NULL);
    zks_memzero(out_seed, ZKS_BIP39_SEED_BYTES);
    ZKI_ARG_CHECK(mnemonic != NULL);
    if (passphrase == NULL) passphrase = "";
    size_t plen = strlen(passphrase);
    for (size_t i = 0; i < plen; i++)
        if ((uint8_t)passphrase[i] >= 0x80) return ZKS_ERR_INVALID_ARG; /* would need NFKD */
    if (plen > SIZE_MAX - SALT_PREFIX_LEN) return ZKS_ERR_INVALID_ARG;

    uint8_t ent[ENT_MAX_BYTES];
    size_t ent_len;
    zks_status rc = parse_mnemonic(mnemonic, ent, &ent_len);
    ZKI_WIPE(ent);
    if (rc != ZKS_OK) return rc;

    uint8_t *salt = zki_malloc(SALT_PREFIX_LEN + plen);
    if (salt == NULL) return ZKS_ERR_NOMEM;
    memcpy(salt, SALT_PREFIX, SALT_PREFIX_LEN);
    memcpy(salt + SALT_PREFIX_LEN, passphrase, plen);

    mbedtls_md_context_t md;
    mbedtls_md_init(&md);
    const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA512);
    if (info == NULL) {
        rc = ZKS_ERR_INTERNAL;
    } else if (mbedtls_md_setup(&md, info, 1) != 0) {
        rc = ZKS_ERR_NOMEM;
    } else if (mbedtls_pkcs5_pbkdf2_hmac(&md, (const unsigned char *)mnemonic, strlen(mnemonic), salt,
                                         SALT_PREFIX_LEN + plen, PBKDF2_ROUNDS, ZKS_BIP39_SEED_BYTES, out_seed) != 0) {
        rc = ZKS_ERR_INTERNAL;
    }
    mbedtls_md_free(&md); /* zeroizes the HMAC state */
    zks_free(salt);
    if (rc != ZKS_OK) zks_memzero(out_seed, ZKS_BIP39_SEED_BYTES);
    return rc;
}
