/* Status strings, version, sizes, allocator and wiping. */
#include "harness.h"
#include "internal.h"

int main(void)
{
    /* Every status has its own non-empty text; unknown values do not crash. */
    for (int s = 0; s <= ZKS_ERR_RANDOM; s++) {
        const char *t = zks_strerror((zks_status)s);
        ZT_CHECK(t != NULL && t[0] != '\0');
        for (int u = 0; u < s; u++) ZT_CHECK(strcmp(t, zks_strerror((zks_status)u)) != 0);
    }
    ZT_CHECK_STR(zks_strerror((zks_status)9999), "unknown error");
    ZT_CHECK_STR(zks_version_string(), ZKS_VERSION_STRING);
    ZT_CHECK(zks_version_num() == ZKS_VERSION_NUM);
    ZT_CHECK(zks_privkey_bytes() == ZKS_PRIVKEY_BYTES && zks_pubkey_bytes() == ZKS_PUBKEY_BYTES);
    ZT_CHECK(zks_pubkey_hash_bytes() == ZKS_PUBKEY_HASH_BYTES && zks_musig_bytes() == ZKS_MUSIG_BYTES);
    ZT_CHECK(zks_signature_bytes() == ZKS_SIGNATURE_BYTES && zks_msg_max_bytes() == ZKS_MSG_MAX_BYTES);

    /* Allocator: zks_free(NULL) is a no-op; strdup copies; realloc keeps data. */
    zks_free(NULL);
    char *s = zki_strdup("hello");
    ZT_CHECK_STR(s, "hello");
    s = zki_realloc(s, 100);
    ZT_CHECK_STR(s, "hello");
    zks_free(s);
    zki_alloc_fail_after(1);
    ZT_CHECK(zki_malloc(10) == NULL);
    void *p = zki_malloc(10);
    ZT_CHECK(p != NULL);
    zks_free(p);

    uint8_t buf[16];
    memset(buf, 0xaa, sizeof buf);
    zks_memzero(buf, sizeof buf);
    ZT_CHECK(zt_all_zero(buf, sizeof buf));
    zks_memzero(NULL, 5);

    char hex[33];
    uint8_t raw[16] = {0x00, 0x01, 0xab, 0xff};
    zki_hex_encode(hex, raw, 4);
    ZT_CHECK_STR(hex, "0001abff");
    uint8_t back[4] = {0};
    ZT_CHECK(zki_hex_decode(back, 4, "0001ABff", 8) == 0 && memcmp(back, raw, 4) == 0);
    ZT_CHECK(zki_hex_decode(back, 4, "0001ABfg", 8) == -1);
    ZT_CHECK(zki_hex_decode(back, 4, "0001AB", 6) == -1);
    ZT_CHECK(zki_memeq_ct(raw, raw, 16) == 1);
    ZT_END();
}
