/* Devnet fixture for the wallet and L1 tests (header-only, one includer per
 * program): starts tests/devnet/start.sh with a state file under $B/devnet/
 * (B defaults to "build"), reads the state JSON, and stops the devnet at exit
 * and on SIGINT/SIGTERM/SIGABRT/SIGSEGV. */
#ifndef TEST_WALLET_DEVNET_H
#define TEST_WALLET_DEVNET_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "zksync.h"
#include "../mock/mock_launch.h"

#define ZTD_MAX_ACCOUNTS 16
#define ZTD_MAX_TOKENS 8

typedef struct {
    char symbol[16];
    uint32_t id;
    uint32_t decimals;
    char address[43];
} ztd_token;

typedef struct {
    char state_path[512];
    char l1_url[128];
    char zk_url[128];
    uint64_t chain_id;
    char main_contract[43];
    char gov_contract[43];
    size_t n_accounts;
    char address[ZTD_MAX_ACCOUNTS][43];
    uint8_t key[ZTD_MAX_ACCOUNTS][32];
    size_t n_tokens;
    ztd_token tokens[ZTD_MAX_TOKENS];
    char mnemonic[256];
} ztd_devnet;

static char ztd_stop_cmd[700];
static int ztd_running;

static void ztd_stop(void)
{
    if (!ztd_running) return;
    ztd_running = 0;
    if (system(ztd_stop_cmd) != 0) fprintf(stderr, "devnet: stop failed\n");
}

static void ztd_on_signal(int sig)
{
    ztd_stop();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int ztd_hex_nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int ztd_read_state(ztd_devnet *d)
{
    FILE *f = fopen(d->state_path, "rb");
    if (f == NULL) return -1;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *root = cJSON_Parse(buf);
    if (root == NULL) return -1;
    int rc = -1;
    const cJSON *x;
#define ZTD_STR(dst, obj, name)                                                                  \
    do {                                                                                         \
        x = cJSON_GetObjectItemCaseSensitive((obj), (name));                                     \
        if (!cJSON_IsString(x)) goto out;                                                        \
        snprintf((dst), sizeof(dst), "%s", x->valuestring);                                      \
    } while (0)
    ZTD_STR(d->l1_url, root, "l1Url");
    ZTD_STR(d->zk_url, root, "zksyncUrl");
    ZTD_STR(d->main_contract, root, "mainContract");
    ZTD_STR(d->gov_contract, root, "govContract");
    ZTD_STR(d->mnemonic, root, "mnemonic");
    x = cJSON_GetObjectItemCaseSensitive(root, "chainId");
    if (!cJSON_IsNumber(x)) goto out;
    d->chain_id = (uint64_t)x->valuedouble;
    const cJSON *accs = cJSON_GetObjectItemCaseSensitive(root, "accounts"), *a;
    d->n_accounts = 0;
    cJSON_ArrayForEach(a, accs)
    {
        if (d->n_accounts == ZTD_MAX_ACCOUNTS) break;
        size_t i = d->n_accounts;
        ZTD_STR(d->address[i], a, "address");
        char pk[80];
        ZTD_STR(pk, a, "privateKey");
        if (strlen(pk) != 66) goto out;
        for (int j = 0; j < 32; j++) d->key[i][j] = (uint8_t)(ztd_hex_nibble(pk[2 + 2 * j]) << 4 | ztd_hex_nibble(pk[3 + 2 * j]));
        d->n_accounts++;
    }
    const cJSON *toks = cJSON_GetObjectItemCaseSensitive(root, "tokens"), *t;
    d->n_tokens = 0;
    cJSON_ArrayForEach(t, toks)
    {
        if (d->n_tokens == ZTD_MAX_TOKENS) break;
        ztd_token *k = &d->tokens[d->n_tokens];
        snprintf(k->symbol, sizeof k->symbol, "%s", t->string);
        ZTD_STR(k->address, t, "address");
        x = cJSON_GetObjectItemCaseSensitive(t, "id");
        if (!cJSON_IsNumber(x)) goto out;
        k->id = (uint32_t)x->valuedouble;
        x = cJSON_GetObjectItemCaseSensitive(t, "decimals");
        if (!cJSON_IsNumber(x)) goto out;
        k->decimals = (uint32_t)x->valuedouble;
        d->n_tokens++;
    }
#undef ZTD_STR
    rc = d->n_accounts >= 2 ? 0 : -1;
out:
    cJSON_Delete(root);
    return rc;
}

/* Starts a devnet named `name` (extra server options in `opts`, may be "").
 * Returns 0 on success. */
static int ztd_start(ztd_devnet *d, const char *name, const char *opts)
{
    memset(d, 0, sizeof *d);
    const char *b = getenv("B");
    if (b == NULL || b[0] == '\0') b = "build";
    char dir[300];
    snprintf(dir, sizeof dir, "%s/devnet", b);
    mkdir(b, 0755);
    mkdir(dir, 0755);
    snprintf(d->state_path, sizeof d->state_path, "%s/%s.%ld.json", dir, name, (long)getpid());
    snprintf(ztd_stop_cmd, sizeof ztd_stop_cmd, "bash tests/devnet/stop.sh '%s' >/dev/null 2>&1", d->state_path);
    ztd_running = 1;
    atexit(ztd_stop);
    signal(SIGINT, ztd_on_signal);
    signal(SIGTERM, ztd_on_signal);
    signal(SIGABRT, ztd_on_signal);
    signal(SIGSEGV, ztd_on_signal);
    char cmd[900];
    snprintf(cmd, sizeof cmd, "bash tests/devnet/start.sh '%s' %s >&2", d->state_path, opts != NULL ? opts : "");
    if (system(cmd) != 0) return -1;
    return ztd_read_state(d);
}

__attribute__((unused)) static const ztd_token *ztd_token_by_symbol(const ztd_devnet *d, const char *sym)
{
    for (size_t i = 0; i < d->n_tokens; i++)
        if (strcmp(d->tokens[i].symbol, sym) == 0) return &d->tokens[i];
    return NULL;
}

/* Decimal string helpers for balance checks (values < 2^127 are enough here). */
__attribute__((unused)) static __int128 ztd_dec(const char *s)
{
    __int128 v = 0;
    for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (*s - '0');
    return v;
}

__attribute__((unused)) static const char *ztd_str128(__int128 v, char buf[48])
{
    char tmp[48];
    int n = 0;
    if (v < 0) return "neg";
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v > 0);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* A loopback proxy to target that forwards every request but answers the
 * first one whose body names `method` with an empty reply, after the target
 * took it: a submission whose outcome the client cannot know. Returns the
 * proxy's pid (stop it with kill + waitpid) and its URL, or -1. */
static inline pid_t ztd_drop_proxy_start(const char *target, const char *method, char url[64])
{
    static const char *const py =
        "import http.server,socketserver,sys,urllib.request\n"
        "T=sys.argv[1];M=sys.argv[2].encode();D=[1]\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        " protocol_version='HTTP/1.1'\n"
        " def log_message(self,*a):pass\n"
        " def do_POST(self):\n"
        "  b=self.rfile.read(int(self.headers.get('content-length','0')))\n"
        "  r=urllib.request.urlopen(urllib.request.Request(T,data=b,headers={'content-type':'application/json'})).read()\n"
        "  if b'\"'+M+b'\"' in b and D[0]>0:\n"
        "   D[0]-=1;self.close_connection=True;return\n"
        "  self.send_response(200);self.send_header('content-type','application/json')\n"
        "  self.send_header('content-length',str(len(r)));self.end_headers();self.wfile.write(r)\n"
        "class S(socketserver.ThreadingMixIn,http.server.HTTPServer):daemon_threads=True\n"
        "s=S(('127.0.0.1',0),H);print('PORT',s.server_address[1],flush=True);s.serve_forever()\n";
    const char *const args[] = {"-c", py, target, method, NULL};
    return zt_spawn_python(args, "http", "", url, 64);
}

/* The account id of address on the provider's side (0: none yet). */
static inline uint32_t ztd_account_id(zks_provider *p, const char *address)
{
    zks_account *a = NULL;
    zks_account_info info;
    uint32_t id = 0;
    if (zks_provider_account_info(p, address, &a) == ZKS_OK && zks_account_get_info(a, &info) == ZKS_OK &&
        info.has_id)
        id = info.id;
    zks_account_free(a);
    return id;
}

/* An L1 deposit of amount of token (ETH or an ERC20 address, approved
 * unlimited) to self, waited for as a verified priority operation. 1 = done. */
static inline int ztd_l1_deposit_wait(zks_provider *p, zks_l1 *l1, const char *token, const char *amount,
                                      uint32_t wait_ms)
{
    zks_l1_result r;
    zks_status st = strcmp(token, ZKS_ETH_TOKEN_ADDRESS) == 0
                        ? zks_l1_deposit_eth(l1, NULL, amount, wait_ms, &r)
                        : zks_l1_deposit_erc20(l1, NULL, token, amount, ZKS_L1_APPROVE_UNLIMITED, wait_ms, &r);
    if (st != ZKS_OK || !r.has_serial_id) {
        fprintf(stderr, "deposit: %s %s\n", zks_strerror(st), zks_l1_errmsg(l1));
        return 0;
    }
    zks_tx_info ti;
    return zks_provider_wait_ethop(p, r.serial_id, ZKS_WAIT_VERIFIED, wait_ms, 50, &ti) == ZKS_OK;
}

/* Wallet helpers shared by the wallet tests (wait limit ZTD_WAIT ms). */
#define ZTD_WAIT 30000u

/* Committed L2 balance of the wallet in tok, in base units; -1 on error. */
static inline __int128 ztd_zkbal(zks_wallet *w, const char *tok)
{
    char s[ZKS_AMOUNT_CHARS + 1];
    if (zks_wallet_balance(w, tok, ZKS_ACCOUNT_COMMITTED, s) != ZKS_OK) return -1;
    return ztd_dec(s);
}

/* Waits for hash to reach level; 1 if it did and succeeded. */
static inline int ztd_wait_ok(zks_wallet *w, const char *hash, uint32_t level)
{
    zks_tx_info ti;
    zks_status st = zks_wallet_wait_tx(w, hash, level, ZTD_WAIT, &ti);
    if (st != ZKS_OK) fprintf(stderr, "wait %s: %s / %s\n", hash, zks_strerror(st), zks_wallet_errmsg(w));
    return st == ZKS_OK && ti.success == 1;
}

/* Deposits amount of tok from L1 and waits until zkSync executed it; 1 on success. */
static inline int ztd_deposit(zks_wallet *w, const char *tok, const char *amount)
{
    zks_l1_result r;
    zks_status st = zks_wallet_deposit(w, NULL, tok, amount, ZTD_WAIT, &r);
    if (st != ZKS_OK || !r.has_serial_id) {
        fprintf(stderr, "deposit: %s %s\n", zks_strerror(st), zks_wallet_errmsg(w));
        return 0;
    }
    return zks_wallet_wait_ethop(w, r.serial_id, ZKS_WAIT_COMMITTED, ZTD_WAIT, NULL) == ZKS_OK;
}

#endif
