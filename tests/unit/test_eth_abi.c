/* Solidity ABI: selectors and topics from api-and-l1.md, random calls against
 * ethers 5.7.2 Interface.encodeFunctionData, NewPriorityRequest logs against
 * defaultAbiCoder.encode, and malformed data. */
#include "harness.h"
#include "internal.h"
#include "oracle.h"
#include "crypto/keccak.h"
#include "eth/eth.h"

static void selectors(void)
{
    static const struct { const char *sig, *sel; } s[] = {
        {"depositETH(address)", "2d2da806"},
        {"depositERC20(address,uint104,address)", "e17376b5"},
        {"requestFullExit(uint32,address)", "ab9b2adf"},
        {"requestFullExitNFT(uint32,uint32)", "13d9787b"},
        {"withdrawPendingBalance(address,address,uint128)", "d514da50"},
        {"setAuthPubkeyHash(bytes,uint32)", "595a5ebc"},
        {"getPendingBalance(address,address)", "5aca41f6"},
        {"authFacts(address,uint32)", "8ae20dc9"},
        {"exodusMode()", "264c0912"},
        {"tokenIds(address)", "fc97a303"},
        {"approve(address,uint256)", "095ea7b3"},
        {"allowance(address,address)", "dd62ed3e"},
        {"balanceOf(address)", "70a08231"},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        uint8_t sel[4];
        zki_abi_selector(s[i].sig, sel);
        ZT_CHECK_HEX(sel, 4, s[i].sel);
    }
    uint8_t h[32];
    const char *ev = "NewPriorityRequest(address,uint64,uint8,bytes,uint256)";
    zki_keccak256((const uint8_t *)ev, strlen(ev), h);
    ZT_CHECK_HEX(h, 32, &ZKS_NEW_PRIORITY_REQUEST_TOPIC[2]);
    ev = "Deposit(uint16,uint128)";
    zki_keccak256((const uint8_t *)ev, strlen(ev), h);
    ZT_CHECK_HEX(h, 32, "8f5f51448394699ad6a3b80cdadf4ec68c5d724c8c3fea09bea55b3c2d0e2dd0");

    /* depositETH to 0x1919..19 (from ethers). */
    uint8_t out[256];
    size_t n = 0;
    const char *a1[] = {"0x1919191919191919191919191919191919191919"};
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("depositETH(address)", a1, 1, out, sizeof out, &n), ZKS_OK);
    ZT_CHECK_HEX(out, n, "2d2da8060000000000000000000000001919191919191919191919191919191919191919");
    /* setAuthPubkeyHash(bytes 20, nonce 5): dynamic bytes with padding */
    const char *a2[] = {"0x99121ab1f147434b18406cd173113ad3035bf760", "5"};
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("setAuthPubkeyHash(bytes,uint32)", a2, 2, out, sizeof out, &n), ZKS_OK);
    ZT_CHECK_HEX(out, n, "595a5ebc"
                         "0000000000000000000000000000000000000000000000000000000000000040"
                         "0000000000000000000000000000000000000000000000000000000000000005"
                         "0000000000000000000000000000000000000000000000000000000000000014"
                         "99121ab1f147434b18406cd173113ad3035bf760000000000000000000000000");
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("exodusMode()", NULL, 0, out, sizeof out, &n), ZKS_OK);
    ZT_CHECK_HEX(out, n, "264c0912");
}

static void bad_calls(void)
{
    uint8_t out[256];
    size_t n = 5;
    const char *addr = "0x1919191919191919191919191919191919191919";
    static const struct { const char *sig; const char *args[3]; size_t n; zks_status want; } c[] = {
        {"f(uint)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(uint7)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(uint264)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(uint008)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(bytes33)", {"0x00"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(bytes0)", {"0x"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(int256)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(uint256[])", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(address, uint8)", {"0x1919191919191919191919191919191919191919", "1"}, 2, ZKS_ERR_INVALID_ARG},
        {"f(uint8", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"(uint8)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f g(uint8)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(uint8,)", {"1", "2"}, 2, ZKS_ERR_INVALID_ARG},
        {"f(uint8)", {"1", "2"}, 2, ZKS_ERR_INVALID_ARG},
        {"f(uint8,uint8)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(uint8)", {"256"}, 1, ZKS_ERR_INVALID_AMOUNT},
        {"f(uint8)", {"-1"}, 1, ZKS_ERR_INVALID_AMOUNT},
        {"f(uint8)", {"0x01"}, 1, ZKS_ERR_INVALID_AMOUNT},
        {"f(bool)", {"1"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(bytes2)", {"0x0102ff"}, 1, ZKS_ERR_INVALID_LENGTH},
        {"f(bytes)", {"0x123"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(bytes)", {"12"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(bytes)", {"0xzz"}, 1, ZKS_ERR_INVALID_ARG},
        {"f(address)", {"0x19191919191919191919191919191919191919"}, 1, ZKS_ERR_INVALID_ADDRESS},
        {"f(address)", {"0x1a642f0E3c3aF545E7AcBD38b07251B3990914f1"}, 1, ZKS_ERR_CHECKSUM},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        memset(out, 0xaa, sizeof out);
        zks_status st = zks_eth_abi_encode_call(c[i].sig, c[i].args, c[i].n, out, sizeof out, &n);
        ZT_CHECK_MSG(st == c[i].want, "call %s: got %d want %d", c[i].sig, st, c[i].want);
        ZT_CHECK(n == 0 && zt_all_zero(out, sizeof out));
    }
    const char *args[] = {addr};
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("depositETH(address)", args, 1, out, 35, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 36 && zt_all_zero(out, 35));
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("depositETH(address)", args, 1, NULL, 0, &n), ZKS_ERR_BUFFER_SIZE);
    ZT_CHECK(n == 36);
    ZT_CHECK_STATUS(zks_eth_abi_encode_call(NULL, args, 1, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("depositETH(address)", NULL, 1, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("depositETH(address)", args, 1, out, sizeof out, NULL), ZKS_ERR_INVALID_ARG);
    const char *nul[] = {NULL};
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("depositETH(address)", nul, 1, out, sizeof out, &n), ZKS_ERR_INVALID_ARG);
    zki_alloc_fail_after(1);
    const char *b[] = {"0x00"};
    ZT_CHECK_STATUS(zks_eth_abi_encode_call("f(bytes)", b, 1, out, sizeof out, &n), ZKS_ERR_NOMEM);
    zki_alloc_fail_after(0);
}

static void decoders(void)
{
    uint8_t d[96] = {0};
    zki_u256 v;
    uint64_t u;
    uint8_t addr[20];
    int bo;
    d[31] = 1;
    d[63] = 2;
    d[32] = 0x80; /* dirty high bit in word 1 */
    ZT_CHECK(zki_abi_get_bool(d, 96, 0, &bo) == ZKS_OK && bo == 1);
    ZT_CHECK(zki_abi_get_bool(d, 96, 1, &bo) == ZKS_ERR_PARSE);
    ZT_CHECK(zki_abi_get_uint(d, 96, 1, 256, &v) == ZKS_OK);
    ZT_CHECK(zki_abi_get_uint(d, 96, 1, 255, &v) == ZKS_ERR_PARSE);
    ZT_CHECK(zki_abi_get_u64(d, 96, 0, 64, &u) == ZKS_OK && u == 1);
    ZT_CHECK(zki_abi_get_u64(d, 96, 3, 64, &u) == ZKS_ERR_PARSE);     /* out of bounds */
    ZT_CHECK(zki_abi_get_u64(d, 95, 2, 64, &u) == ZKS_ERR_PARSE);     /* partial word */
    ZT_CHECK(zki_abi_get_u64(d, 96, SIZE_MAX, 64, &u) == ZKS_ERR_PARSE);
    ZT_CHECK(zki_abi_get_address(d, 96, 0, addr) == ZKS_OK);
    ZT_CHECK(zki_abi_get_address(d, 96, 1, addr) == ZKS_ERR_PARSE && zt_all_zero(addr, 20));
    const uint8_t *p;
    size_t n;
    memset(d, 0, sizeof d);
    d[31] = 0x20; /* offset 32 */
    d[63] = 0x20; /* length 32 */
    ZT_CHECK(zki_abi_get_bytes(d, 96, 0, &p, &n) == ZKS_OK && n == 32 && p == d + 64);
    d[63] = 0x21;
    ZT_CHECK(zki_abi_get_bytes(d, 96, 0, &p, &n) == ZKS_ERR_PARSE && p == NULL && n == 0);
    d[63] = 0x20;
    d[31] = 0x21;
    ZT_CHECK(zki_abi_get_bytes(d, 96, 0, &p, &n) == ZKS_ERR_PARSE);
    d[31] = 0x60;
    ZT_CHECK(zki_abi_get_bytes(d, 96, 0, &p, &n) == ZKS_ERR_PARSE);
    memset(d, 0xff, 32);
    ZT_CHECK(zki_abi_get_bytes(d, 96, 0, &p, &n) == ZKS_ERR_PARSE);
}

static const char *TYPES[] = {"address", "bool", "uint8", "uint16", "uint32", "uint64", "uint104", "uint128",
                              "uint256", "bytes1", "bytes20", "bytes32", "bytes", "string"};

static void differential(void)
{
    if (zo_start() != 0) {
        ZT_CHECK_MSG(0, "oracle unavailable");
        return;
    }
    enum { BATCH = 50, MAXA = 6 };
    int total = zt_iters(600, 20);
    static char sigs[BATCH][300], vals[BATCH][MAXA][700];
    static size_t nargs[BATCH];
    static char json[8192];
    for (int done = 0; done < total; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            size_t na = (size_t)(zt_rand64() % (MAXA + 1));
            nargs[k] = na;
            sprintf(sigs[k], "f%u(", (unsigned)(zt_rand64() % 1000));
            strcpy(json, "[");
            for (size_t i = 0; i < na; i++) {
                const char *t = TYPES[zt_rand64() % (sizeof TYPES / sizeof TYPES[0])];
                if (i) strcat(sigs[k], ",");
                strcat(sigs[k], t);
                char *v = vals[k][i];
                uint8_t raw[300];
                if (strcmp(t, "address") == 0) {
                    zt_rand_bytes(raw, 20);
                    if (zks_eth_address_to_checksum(raw, v) != ZKS_OK) v[0] = 0;
                } else if (strcmp(t, "bool") == 0) {
                    strcpy(v, zt_rand64() % 2 ? "true" : "false");
                } else if (strncmp(t, "uint", 4) == 0) {
                    unsigned bits = (unsigned)atoi(t + 4);
                    uint8_t be[32];
                    zki_u256 x;
                    zt_rand_bytes(be, 32);
                    unsigned keep = (unsigned)(zt_rand64() % (bits + 1));
                    for (unsigned b = 0; b < 256 - keep; b++) be[b / 8] &= (uint8_t)~(0x80 >> (b % 8));
                    zki_u256_from_be(&x, be, 32);
                    zki_u256_to_dec(v, &x);
                } else if (strcmp(t, "string") == 0) {
                    size_t l = (size_t)(zt_rand64() % 80);
                    for (size_t j = 0; j < l; j++) v[j] = (char)('a' + zt_rand64() % 26);
                    v[l] = 0;
                } else {
                    size_t l = strcmp(t, "bytes") == 0 ? (size_t)(zt_rand64() % 300) : (size_t)atoi(t + 5);
                    zt_rand_bytes(raw, l);
                    v[0] = '0';
                    v[1] = 'x';
                    zt_hex(v + 2, raw, l);
                }
                if (i) strcat(json, ",");
                if (strcmp(t, "bool") == 0) strcat(json, v);
                else {
                    strcat(json, "\"");
                    strcat(json, v);
                    strcat(json, "\"");
                }
            }
            strcat(sigs[k], ")");
            strcat(json, "]");
            zo_sendf("{\"op\":\"abi_call\",\"sig\":\"%s\",\"values\":%s}", sigs[k], json);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r = zo_recv();
            const char *want = zo_ok_str(r);
            const char *args[MAXA];
            for (size_t i = 0; i < nargs[k]; i++) args[i] = vals[k][i];
            static uint8_t out[8192];
            size_t n = 0;
            ZT_CHECK_STATUS(zks_eth_abi_encode_call(sigs[k], args, nargs[k], out, sizeof out, &n), ZKS_OK);
            ZT_CHECK_MSG(want != NULL, "oracle failed for %s", sigs[k]);
            if (want) ZT_CHECK_HEX(out, n, want);
            cJSON_Delete(r);
        }
    }

    /* NewPriorityRequest logs built by ethers defaultAbiCoder. */
    int logs = zt_iters(200, 10);
    static uint8_t senders[BATCH][20], pub[BATCH][200];
    static uint64_t serial[BATCH], expir[BATCH];
    static unsigned ops[BATCH];
    static size_t publen[BATCH];
    for (int done = 0; done < logs; done += BATCH) {
        for (int k = 0; k < BATCH; k++) {
            char s[43], ph[401];
            zt_rand_bytes(senders[k], 20);
            serial[k] = zt_rand64() >> (zt_rand64() % 64);
            expir[k] = zt_rand64() >> (zt_rand64() % 64);
            ops[k] = (unsigned)(zt_rand64() % 256);
            publen[k] = k % 2 ? 45 : (size_t)(zt_rand64() % 200);
            zt_rand_bytes(pub[k], publen[k]);
            zt_hex(s, senders[k], 20);
            zt_hex(ph, pub[k], publen[k]);
            zo_sendf("{\"op\":\"abi_encode\",\"types\":[\"address\",\"uint64\",\"uint8\",\"bytes\",\"uint256\"],"
                     "\"values\":[\"0x%s\",\"%llu\",%u,\"0x%s\",\"%llu\"]}",
                     s, (unsigned long long)serial[k], ops[k], ph, (unsigned long long)expir[k]);
        }
        for (int k = 0; k < BATCH; k++) {
            cJSON *r = zo_recv();
            const char *hex = zo_ok_str(r);
            ZT_CHECK(hex != NULL);
            static uint8_t data[1024];
            size_t len = hex ? zt_unhex(data, sizeof data, hex) : 0;
            zks_eth_priority_request pr;
            pr.struct_size = sizeof pr;
            ZT_CHECK_STATUS(zks_eth_decode_new_priority_request(data, len, &pr), ZKS_OK);
            ZT_CHECK(memcmp(pr.sender, senders[k], 20) == 0 && pr.serial_id == serial[k] && pr.op_type == ops[k] &&
                     pr.expiration_block == expir[k] && pr.pubdata_len == publen[k] &&
                     (publen[k] == 0 || memcmp(pr.pubdata, pub[k], publen[k]) == 0));
            /* Every truncation fails cleanly. */
            for (size_t cut = 0; cut < len; cut += 1 + (size_t)(zt_rand64() % 40)) {
                zks_status st = zks_eth_decode_new_priority_request(data, cut, &pr);
                ZT_CHECK(st == ZKS_ERR_PARSE && pr.pubdata == NULL && pr.serial_id == 0);
            }
            cJSON_Delete(r);
        }
    }
    zo_stop();
    zks_eth_priority_request pr;
    pr.struct_size = 3;
    ZT_CHECK_STATUS(zks_eth_decode_new_priority_request(NULL, 0, &pr), ZKS_ERR_INVALID_ARG);
    ZT_CHECK_STATUS(zks_eth_decode_new_priority_request(NULL, 0, NULL), ZKS_ERR_INVALID_ARG);
}

int main(void)
{
    selectors();
    bad_calls();
    decoders();
    differential();
    ZT_END();
}
