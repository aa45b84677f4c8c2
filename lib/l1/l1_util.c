/* Small helpers shared by the files of lib/l1 (one copy each). */
#include <cjson/cJSON.h>
#include <string.h>

#include "../internal.h"
#include "l1_ops.h"

void zki_l1_addr_hex(char out[ZKS_ETH_ADDRESS_CHARS + 1], const uint8_t a[ZKS_ETH_ADDRESS_BYTES])
{
    out[0] = '0';
    out[1] = 'x';
    zki_hex_encode(out + 2, a, ZKS_ETH_ADDRESS_BYTES);
}

int zki_l1_hex_u64(const struct cJSON *v, uint64_t *out)
{
    *out = 0;
    if (!cJSON_IsString(v)) return -1;
    const char *s = v->valuestring;
    if (s[0] != '0' || s[1] != 'x' || s[2] == '\0' || strlen(s + 2) > 16) return -1;
    uint64_t x = 0;
    for (const char *c = s + 2; *c; c++) {
        int d = (*c >= '0' && *c <= '9')   ? *c - '0'
                : (*c >= 'a' && *c <= 'f') ? *c - 'a' + 10
                : (*c >= 'A' && *c <= 'F') ? *c - 'A' + 10
                                           : -1;
        if (d < 0) return -1;
        x = x << 4 | (uint64_t)d;
    }
    *out = x;
    return 0;
}
