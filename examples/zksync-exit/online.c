/* zksync-exit online commands (L1 through libzksync lib/l1): status (the
 * sunset state of the main contract), verify (the claim root of a
 * new_leaves.csv against L1), claim (dry run by default; --send claims, for
 * many accounts at once, resumable through a journal) and pending (pending
 * balances, --withdraw). See docs/exit-tools.md. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool.h"

#define DEFAULT_LEAVES "new_leaves.csv"
#define DEFAULT_JOURNAL "zksync-exit-claims.journal"
#define ACCOUNTS_MAX 100000u
#define CLAIM_CHUNK 32u
#define MIGRATED_SHOWN 4096u


static int parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;
    if (s == NULL || s[0] < '0' || s[0] > '9') return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') return -1;
    *out = (uint64_t)v;
    return 0;
}

static int open_rpc(const char *url, zks_eth_rpc **out)
{
    zks_status st = zks_eth_rpc_new(url, out);
    if (st != ZKS_OK) return zx_fail("--l1", st, url);
    if ((st = zks_eth_rpc_set_timeouts(*out, 0, 60000)) != ZKS_OK || (st = zks_eth_rpc_set_retries(*out, 3, 500)) != ZKS_OK)
        return zx_fail("--l1", st, url);
    return ZX_EXIT_OK;
}

/* ---- block-scan progress on stderr (same switch as zx_progress) ---- */

typedef struct {
    zx_progress p;
} scan_progress;

static void on_scan(void *ctx, uint64_t done, uint64_t from, uint64_t to)
{
    scan_progress *sp = ctx;
    if (!sp->p.enabled) return;
    double now = zx_now();
    if (now - sp->p.last < 1.0 && done != to) return;
    sp->p.last = now;
    sp->p.printed = 1;
    uint64_t total = to - from + 1, n = done - from + 1;
    fprintf(stderr, "\rscanning L1 logs: block %" PRIu64 " of %" PRIu64 "..%" PRIu64 " (%.0f%%), %.0f s%s", done, from,
            to, 100.0 * (double)n / (double)total, now - sp->p.start, done == to ? "\n" : "");
    fflush(stderr);
}

/* Reads the network state with --from-block / --chunk. */
static int read_state(zks_eth_rpc *rpc, const char *contract, const char *from, const char *chunk,
                      zks_l1_network_state *st, char *migrated, size_t cap)
{
    zks_l1_scan_options so = ZKS_L1_SCAN_OPTIONS_INIT;
    if (from != NULL && parse_u64(from, &so.from_block) != 0) {
        zx_errorf("--from-block: not a block number: %s", from);
        return ZX_EXIT_USAGE;
    }
    if (chunk != NULL && (parse_u64(chunk, &so.chunk_blocks) != 0 || so.chunk_blocks == 0)) {
        zx_errorf("--chunk: not a positive number: %s", chunk);
        return ZX_EXIT_USAGE;
    }
    scan_progress sp;
    zx_progress_start(&sp.p, "scan", 0);
    so.progress = on_scan;
    so.progress_ctx = &sp;
    st->struct_size = sizeof *st;
    zks_status s = zks_l1_get_network_state(rpc, contract, &so, st, migrated, cap);
    if (s != ZKS_OK) return zx_fail("reading the network state", s, zks_eth_rpc_errmsg(rpc));
    return ZX_EXIT_OK;
}

static const char *flag_text(int32_t v)
{
    return v == 1 ? "yes" : v == 0 ? "no" : "unknown (the contract has no such function)";
}

/* ---- status ---- */

static int accept_address(const char *s) { return zx_is_address(s); }

int cmd_status(int argc, char **argv)
{
    static const char usage[] = "--l1 URL --contract ADDR [--from-block N] [--chunk N] [--tokens T...]";
    zx_opt o[] = {ZX_VALUE("l1", 1),
                  ZX_VALUE("contract", 1),
                  ZX_VALUE("from-block", 0),
                  ZX_VALUE("chunk", 0),
                  ZX_LIST("tokens", 0, accept_address)};
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit status --l1 URL --contract ADDR [--from-block N] [--chunk N] [--tokens T...]\n"
                "The sunset state of the zkSync Lite main contract (proxy) on L1, read-only (no key):\n"
                "exodus mode, deposits paused, the claim distributor and claim root (from the contract's\n"
                "L1ClaimDistributorSet / ClaimRootSet logs: the last one counts), MERKLE_ROOT() of that\n"
                "distributor, the migrated tokens (TokenMigrationExecuted logs; --tokens also asks\n"
                "isTokenMigrated for each given address), the last executed block and its stored hash.\n"
                "Logs are scanned from --from-block (default 0; on mainnet give the contract's deployment\n"
                "block) in chunks of --chunk blocks per request (default 10000; halved when the node refuses).\n"
                "Exit codes: 0 done, 2 usage, 7 the node failed.\n");
    if (rc != ZX_GO_ON) return rc;
    zks_eth_rpc *rpc = NULL;
    static char migrated[MIGRATED_SHOWN][ZKS_ETH_ADDRESS_CHARS + 1];
    zks_l1_network_state st;
    if ((rc = open_rpc(o[0].value, &rpc)) != ZX_EXIT_OK) goto out;
    if ((rc = read_state(rpc, o[1].value, o[2].value, o[3].value, &st, &migrated[0][0], MIGRATED_SHOWN)) !=
        ZX_EXIT_OK)
        goto out;
    char h[67];
    printf("contract              %s\n", o[1].value);
    printf("exodus mode           %s", flag_text(st.exodus_mode));
    if (st.exodus_block) printf(" (ExodusMode in block %" PRIu64 ")", st.exodus_block);
    printf("\ndeposits paused       %s", flag_text(st.deposits_paused));
    if (st.deposits_pause_block) printf(" (DepositsPause in block %" PRIu64 ")", st.deposits_pause_block);
    printf("\n");
    if (st.has_claim_distributor)
        printf("claim distributor     %s (block %" PRIu64 "; setClaimRoot seen %" PRIu64 " time%s)\n",
               st.claim_distributor, st.claim_distributor_block, st.claim_root_set_count,
               st.claim_root_set_count == 1 ? "" : "s");
    else
        printf("claim distributor     none set (no L1ClaimDistributorSet log)\n");
    if (st.has_claim_root) {
        zx_hex(h, st.claim_root, 32);
        printf("claim root (log)      %s (block %" PRIu64 ")\n", h, st.claim_root_block);
    }
    if (st.has_merkle_root) {
        zx_hex(h, st.merkle_root, 32);
        printf("MERKLE_ROOT()         %s (%s)\n", h,
               st.roots_match ? "equals the logged root" : "DIFFERS from the logged root");
    } else if (st.has_claim_distributor) {
        printf("MERKLE_ROOT()         could not be read from the distributor\n");
    }
    zx_hex(h, st.stored_block_hash, 32);
    printf("last executed block   %" PRIu32 " (storedBlockHashes: %s)\n", st.total_blocks_executed, h);
    printf("migrated tokens       %" PRIu64 "\n", st.migrated_token_count);
    for (uint64_t i = 0; i < st.migrated_token_count && i < MIGRATED_SHOWN; i++) printf("  %s\n", migrated[i]);
    printf("scanned blocks        %" PRIu64 "..%" PRIu64 " in %" PRIu64 " eth_getLogs request%s\n", st.scan_from_block,
           st.scan_to_block, st.scan_requests, st.scan_requests == 1 ? "" : "s");
    if (o[4].count > 0) {
        int32_t *m = calloc(o[4].count, sizeof *m);
        zks_status s = m != NULL ? zks_l1_tokens_migrated(rpc, o[1].value, o[4].list, o[4].count, m) : ZKS_ERR_NOMEM;
        if (s != ZKS_OK) {
            rc = zx_fail("isTokenMigrated", s, zks_eth_rpc_errmsg(rpc));
        } else {
            for (size_t i = 0; i < o[4].count; i++)
                printf("isTokenMigrated       %s %s\n", o[4].list[i],
                       m[i] == 1 ? "yes (claim it)" : m[i] == 0 ? "no" : "unknown");
        }
        free(m);
    }
out:
    zks_eth_rpc_free(rpc);
    zx_opts_free(o, no);
    return rc;
}

/* ---- verify ---- */

int cmd_verify(int argc, char **argv)
{
    static const char usage[] = "--l1 URL --contract ADDR [--leaves F] [--from-block N] [--chunk N]";
    zx_opt o[] = {ZX_VALUE("l1", 1),
                  ZX_VALUE("contract", 1),
                  ZX_VALUE("leaves", 0),
                  ZX_VALUE("from-block", 0),
                  ZX_VALUE("chunk", 0)};
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit verify --l1 URL --contract ADDR [--leaves F] [--from-block N] [--chunk N]\n"
                             "Computes the claim tree root of --leaves (default new_leaves.csv) and compares it with\n"
                             "MERKLE_ROOT() of the claim distributor and the ClaimRootSet root on L1.\n"
                             "Exit codes: 0 equal, 5 they differ, 1 no distributor on L1 yet, 2 usage, 3/4 the\n"
                             "leaves file, 7 the node failed.\n");
    if (rc != ZX_GO_ON) return rc;
    const char *leaves = o[2].value != NULL ? o[2].value : DEFAULT_LEAVES;
    zks_eth_rpc *rpc = NULL;
    zks_l1_network_state st;
    uint8_t root[32];
    uint64_t count = 0;
    zks_exit_error e;
    zx_progress pr;
    zx_progress_start(&pr, "reading leaves", 0);
    zks_status s = zks_exit_root_file(leaves, zx_progress_cb, &pr, root, &count, &e);
    zx_progress_end(&pr, pr.total);
    if (s != ZKS_OK) {
        rc = zx_fail_file("verify", s, &e);
        goto out;
    }
    if ((rc = open_rpc(o[0].value, &rpc)) != ZX_EXIT_OK) goto out;
    if ((rc = read_state(rpc, o[1].value, o[3].value, o[4].value, &st, NULL, 0)) != ZX_EXIT_OK) goto out;
    char h[67];
    zx_hex(h, root, 32);
    printf("Calculated Keccak Merkle tree root: %s (%" PRIu64 " leaves)\n", h, count);
    if (!st.has_claim_distributor || !st.has_merkle_root) {
        zx_errorf("no claim distributor with a MERKLE_ROOT() on L1 yet (the claim root is not set)");
        rc = ZX_EXIT_FAIL;
        goto out;
    }
    zx_hex(h, st.merkle_root, 32);
    printf("MERKLE_ROOT() of %s: %s\n", st.claim_distributor, h);
    if (st.has_claim_root) {
        zx_hex(h, st.claim_root, 32);
        printf("ClaimRootSet root on the main contract: %s\n", h);
    }
    int ok = memcmp(root, st.merkle_root, 32) == 0 && (!st.has_claim_root || memcmp(root, st.claim_root, 32) == 0);
    printf("%s\n", ok ? "match: the leaves are the ones on L1" : "MISMATCH: these leaves are not the ones on L1");
    rc = ok ? ZX_EXIT_OK : ZX_EXIT_INVALID;
out:
    zks_eth_rpc_free(rpc);
    zx_opts_free(o, no);
    return rc;
}

/* ---- account sources (claim, pending) ---- */

typedef struct {
    char address[ZKS_ETH_ADDRESS_CHARS + 1]; /* lowercase */
    int has_key;
    uint8_t key[32];
} account;

typedef struct {
    account *a;
    size_t n;
} accounts;

static void accounts_free(accounts *as)
{
    if (as->a != NULL) zks_memzero(as->a, as->n * sizeof *as->a);
    free(as->a);
    as->a = NULL;
    as->n = 0;
}

static int accounts_add(accounts *as, const char *address, const uint8_t *key)
{
    if (as->n >= ACCOUNTS_MAX) {
        zx_errorf("more than %u accounts", ACCOUNTS_MAX);
        return ZX_EXIT_USAGE;
    }
    uint8_t raw[20];
    if (zx_parse_address(address, raw) != 0) {
        zx_errorf("not an address: %s", address);
        return ZX_EXIT_USAGE;
    }
    for (size_t i = 0; i < as->n; i++)
        if (strcasecmp(as->a[i].address + 2, address + (address[0] == '0' && address[1] == 'x' ? 2 : 0)) == 0)
            return ZX_EXIT_OK; /* listed twice */
    account *na = realloc(as->a, (as->n + 1) * sizeof *na);
    if (na == NULL) return zx_fail("accounts", ZKS_ERR_NOMEM, NULL);
    as->a = na;
    account *x = &as->a[as->n++];
    memset(x, 0, sizeof *x);
    zx_hex(x->address, raw, 20);
    if (key != NULL) {
        memcpy(x->key, key, 32);
        x->has_key = 1;
    }
    return ZX_EXIT_OK;
}

/* --mnemonic-file F --index-range A-B: m/44'/60'/0'/0/i for i in A..B. */
static int accounts_from_mnemonic(accounts *as, const char *file, const char *range)
{
    uint64_t lo = 0, hi = 0;
    const char *dash = range != NULL ? strchr(range, '-') : NULL;
    char a[32], b[32];
    if (range == NULL) range = "0-0";
    dash = strchr(range, '-');
    if (dash == NULL || (size_t)(dash - range) >= sizeof a || strlen(dash + 1) >= sizeof b) goto bad_range;
    memcpy(a, range, (size_t)(dash - range));
    a[dash - range] = '\0';
    snprintf(b, sizeof b, "%s", dash + 1);
    if (parse_u64(a, &lo) != 0 || parse_u64(b, &hi) != 0 || lo > hi || hi >= 0x80000000u || hi - lo >= ACCOUNTS_MAX)
        goto bad_range;
    struct stat sb;
    if (stat(file, &sb) != 0) {
        zx_errorf("cannot open mnemonic file %s: %s", file, strerror(errno));
        return ZX_EXIT_IO;
    }
    if ((sb.st_mode & 077) != 0) {
        zx_errorf("mnemonic file %s is readable by others (chmod 600 it)", file);
        return ZX_EXIT_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    zks_status st = zx_read_file(file, 4096, &text, &len);
    if (st != ZKS_OK) return zx_fail("--mnemonic-file", st, file);
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ')) text[--len] = '\0';
    uint8_t seed[ZKS_BIP39_SEED_BYTES], key[32];
    st = zks_bip39_mnemonic_to_seed(text, NULL, seed);
    zks_memzero(text, len);
    free(text);
    if (st != ZKS_OK) return zx_fail("--mnemonic-file", st, "not a valid BIP-39 mnemonic");
    int rc = ZX_EXIT_OK;
    for (uint64_t i = lo; i <= hi && rc == ZX_EXIT_OK; i++) {
        char path[64], addr_text[ZKS_ETH_ADDRESS_CHARS + 1];
        uint8_t addr[20];
        snprintf(path, sizeof path, "m/44'/60'/0'/0/%" PRIu64, i);
        st = zks_eth_privkey_from_seed(seed, sizeof seed, path, key);
        if (st == ZKS_OK) st = zks_eth_address_from_privkey(key, addr);
        if (st != ZKS_OK) {
            rc = zx_fail("deriving a key", st, path);
            break;
        }
        zx_hex(addr_text, addr, 20);
        rc = accounts_add(as, addr_text, key);
    }
    zks_memzero(seed, sizeof seed);
    zks_memzero(key, sizeof key);
    return rc;
bad_range:
    zx_errorf("--index-range: expected A-B with A <= B < 2^31 and at most %u indices", ACCOUNTS_MAX);
    return ZX_EXIT_USAGE;
}

static int accounts_from_file(accounts *as, const char *file)
{
    char *text = NULL;
    size_t len = 0;
    zks_status st = zx_read_file(file, (size_t)64 << 20, &text, &len);
    if (st != ZKS_OK) return zx_fail("--accounts-file", st, file);
    int rc = ZX_EXIT_OK;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL && rc == ZX_EXIT_OK; line = strtok_r(NULL, "\n", &save)) {
        size_t l = strlen(line);
        while (l > 0 && (line[l - 1] == '\r' || line[l - 1] == ' ' || line[l - 1] == '\t')) line[--l] = '\0';
        while (*line == ' ' || *line == '\t') line++;
        if (line[0] == '\0' || line[0] == '#') continue;
        rc = accounts_add(as, line, NULL);
    }
    free(text);
    return rc;
}

/* The options shared by claim and pending, at fixed positions. */
enum { O_L1, O_CONTRACT, O_ACCOUNT, O_ACCOUNTS_FILE, O_MNEMONIC, O_RANGE, O_KEY_FILE, O_KEY_ENV, O_GAS_PRICE,
       O_WAIT, O_COMMON_N };

#define COMMON_OPTS                                                                                     \
    ZX_VALUE("l1", 1), ZX_VALUE("contract", 1), \
        ZX_LIST("account", 0, accept_address),                                  \
        ZX_VALUE("accounts-file", 0),                                     \
        ZX_VALUE("mnemonic-file", 0),                                     \
        ZX_VALUE("index-range", 0),                                       \
        ZX_VALUE("key-file", 0), ZX_VALUE("key-env", 0), \
        ZX_VALUE("gas-price", 0), ZX_VALUE("wait-ms", 0)

static int load_accounts(zx_opt *o, accounts *as)
{
    int rc = ZX_EXIT_OK;
    int sources = (o[O_ACCOUNT].count > 0) + (o[O_ACCOUNTS_FILE].value != NULL) + (o[O_MNEMONIC].value != NULL);
    if (sources == 0) {
        zx_errorf("give the accounts: --account A (repeatable), --accounts-file F, or --mnemonic-file F --index-range A-B");
        return ZX_EXIT_USAGE;
    }
    if (o[O_RANGE].value != NULL && o[O_MNEMONIC].value == NULL) {
        zx_errorf("--index-range needs --mnemonic-file");
        return ZX_EXIT_USAGE;
    }
    for (size_t i = 0; i < o[O_ACCOUNT].count && rc == ZX_EXIT_OK; i++) rc = accounts_add(as, o[O_ACCOUNT].list[i], NULL);
    if (rc == ZX_EXIT_OK && o[O_ACCOUNTS_FILE].value != NULL) rc = accounts_from_file(as, o[O_ACCOUNTS_FILE].value);
    if (rc == ZX_EXIT_OK && o[O_MNEMONIC].value != NULL)
        rc = accounts_from_mnemonic(as, o[O_MNEMONIC].value, o[O_RANGE].value);
    if (rc == ZX_EXIT_OK && as->n == 0) {
        zx_errorf("no accounts given");
        rc = ZX_EXIT_USAGE;
    }
    return rc;
}

/* The sending key for accounts without their own (--key-file / --key-env), or has = 0. */
static int sender_key(zx_opt *o, int needed, uint8_t key[32], int *has)
{
    *has = 0;
    if (o[O_KEY_FILE].value == NULL && o[O_KEY_ENV].value == NULL) {
        if (!needed) return ZX_EXIT_OK;
        zx_errorf("sending needs an Ethereum key: --key-file F or --key-env NAME (never on the command line), "
                  "or --mnemonic-file");
        return ZX_EXIT_USAGE;
    }
    char err[256];
    zks_status st = zx_read_key(o[O_KEY_FILE].value, o[O_KEY_ENV].value, key, err, sizeof err);
    if (st != ZKS_OK) return zx_fail("key", st, err);
    *has = 1;
    return ZX_EXIT_OK;
}

/* A zks_l1 for key with the --gas-price option. */
static int make_l1(zks_eth_rpc *rpc, const char *contract, const uint8_t key[32], const char *gas_price, zks_l1 **out)
{
    zks_status st = zks_l1_new(rpc, contract, 0, key, out);
    if (st != ZKS_OK) return zx_fail("L1 account", st, zks_eth_rpc_errmsg(rpc));
    if (gas_price != NULL && (st = zks_l1_set_options(*out, gas_price, 0, 0)) != ZKS_OK) {
        zks_l1_free(*out);
        *out = NULL;
        return zx_fail("--gas-price", st, gas_price);
    }
    return ZX_EXIT_OK;
}

static int wait_ms_of(zx_opt *o, uint32_t *out)
{
    uint64_t v = 120000;
    if (o[O_WAIT].value != NULL && (parse_u64(o[O_WAIT].value, &v) != 0 || v > 3600000)) {
        zx_errorf("--wait-ms: expected 0..3600000");
        return ZX_EXIT_USAGE;
    }
    *out = (uint32_t)v;
    return ZX_EXIT_OK;
}

/* ---- the claim journal ----
 * One line per leaf whose claim tx was signed:
 *   <claim_index> <sender> <tx_hash> <nonce> <signed tx hex> <state>
 * rewritten atomically (temporary file, fsync, rename) before each send and
 * after each chunk, so a run stopped anywhere knows every tx it may have sent. */
typedef struct {
    uint64_t index;
    char sender[ZKS_ETH_ADDRESS_CHARS + 1];
    char tx_hash[ZKS_HASH_HEX_CHARS + 1];
    uint64_t nonce;
    size_t raw_len;
    uint8_t *raw;
    char state[16];
} jentry;

typedef struct {
    const char *path;
    jentry *e;
    size_t n;
} journal;

static void journal_free(journal *j)
{
    for (size_t i = 0; i < j->n; i++) free(j->e[i].raw);
    free(j->e);
    j->e = NULL;
    j->n = 0;
}

static jentry *journal_find(journal *j, uint64_t index)
{
    for (size_t i = 0; i < j->n; i++)
        if (j->e[i].index == index) return &j->e[i];
    return NULL;
}

static int journal_load(journal *j)
{
    char *text = NULL;
    size_t len = 0;
    if (access(j->path, F_OK) != 0) return ZX_EXIT_OK; /* a first run */
    zks_status st = zx_read_file(j->path, (size_t)256 << 20, &text, &len);
    if (st != ZKS_OK) return zx_fail("journal", st, j->path);
    int rc = ZX_EXIT_OK;
    char *save = NULL;
    uint64_t line_no = 0;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        line_no++;
        if (line[0] == '#' || line[0] == '\0') continue;
        char idx[32], sender[64], hash[80], nonce[32], state[16];
        static char raw[2 * ZKS_L1_CLAIM_RAW_MAX + 8];
        if (sscanf(line, "%31s %63s %79s %31s %8199s %15s", idx, sender, hash, nonce, raw, state) != 6) {
            rc = ZX_EXIT_FORMAT;
            break;
        }
        jentry e;
        memset(&e, 0, sizeof e);
        size_t rl = strlen(raw);
        if (parse_u64(idx, &e.index) != 0 || parse_u64(nonce, &e.nonce) != 0 || strlen(sender) != 42 ||
            strlen(hash) != 66 || rl < 4 || rl % 2 != 0 || raw[0] != '0' || raw[1] != 'x' ||
            (rl - 2) / 2 > ZKS_L1_CLAIM_RAW_MAX) {
            rc = ZX_EXIT_FORMAT;
            break;
        }
        e.raw_len = (rl - 2) / 2;
        e.raw = malloc(e.raw_len);
        if (e.raw == NULL) {
            rc = zx_fail("journal", ZKS_ERR_NOMEM, NULL);
            break;
        }
        for (size_t k = 0; k < e.raw_len; k++) {
            unsigned v;
            if (sscanf(raw + 2 + 2 * k, "%2x", &v) != 1) rc = ZX_EXIT_FORMAT;
            e.raw[k] = (uint8_t)v;
        }
        memcpy(e.sender, sender, 43);
        memcpy(e.tx_hash, hash, 67);
        snprintf(e.state, sizeof e.state, "%s", state);
        jentry *ne = rc == ZX_EXIT_OK ? realloc(j->e, (j->n + 1) * sizeof *ne) : NULL;
        if (ne == NULL) {
            free(e.raw);
            if (rc == ZX_EXIT_OK) rc = zx_fail("journal", ZKS_ERR_NOMEM, NULL);
            break;
        }
        j->e = ne;
        jentry *old = journal_find(j, e.index);
        if (old != NULL) { /* the later line wins */
            free(old->raw);
            *old = e;
        } else {
            j->e[j->n++] = e;
        }
    }
    if (rc == ZX_EXIT_FORMAT) zx_errorf("%s line %" PRIu64 ": not a journal line", j->path, line_no);
    free(text);
    return rc;
}

static zks_status journal_write(const journal *j)
{
    size_t cap = 64 + j->n * (2 * ZKS_L1_CLAIM_RAW_MAX + 200), len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) return ZKS_ERR_NOMEM;
    len += (size_t)snprintf(buf + len, cap - len, "# zksync-exit claim journal: index sender tx nonce raw state\n");
    for (size_t i = 0; i < j->n; i++) {
        const jentry *e = &j->e[i];
        len += (size_t)snprintf(buf + len, cap - len, "%" PRIu64 " %s %s %" PRIu64 " 0x", e->index, e->sender,
                                e->tx_hash, e->nonce);
        for (size_t k = 0; k < e->raw_len; k++) len += (size_t)snprintf(buf + len, cap - len, "%02x", e->raw[k]);
        len += (size_t)snprintf(buf + len, cap - len, " %s\n", e->state);
    }
    zks_status st = zx_write_file_atomic(j->path, buf, len);
    free(buf);
    return st;
}

static zks_status journal_put(journal *j, uint64_t index, const char *sender, const zks_l1_claim_result *r,
                              const char *state)
{
    jentry *e = journal_find(j, index);
    if (e == NULL) {
        jentry *ne = realloc(j->e, (j->n + 1) * sizeof *ne);
        if (ne == NULL) return ZKS_ERR_NOMEM;
        j->e = ne;
        e = &j->e[j->n++];
        memset(e, 0, sizeof *e);
    }
    uint8_t *raw = malloc(r->raw_len > 0 ? r->raw_len : 1);
    if (raw == NULL) return ZKS_ERR_NOMEM;
    memcpy(raw, r->raw, r->raw_len);
    free(e->raw);
    e->raw = raw;
    e->raw_len = r->raw_len;
    e->index = index;
    snprintf(e->sender, sizeof e->sender, "%s", sender);
    snprintf(e->tx_hash, sizeof e->tx_hash, "%s", r->tx_hash);
    e->nonce = r->nonce;
    snprintf(e->state, sizeof e->state, "%s", state);
    return journal_write(j);
}

typedef struct {
    journal *j;
    const char *sender;
} journal_ctx;

/* Write-ahead: the signed tx is on disk before it is sent. */
static zks_status on_signed(void *ctx, size_t i, const zks_l1_claim *c, const zks_l1_claim_result *r)
{
    (void)i;
    journal_ctx *jc = ctx;
    return journal_put(jc->j, c->index, jc->sender, r, "sent");
}

/* ---- claim ---- */

typedef struct {
    zks_exit_proof proof;
    zks_l1_claim claim;
    zks_l1_claim_result result;
    size_t account;  /* index into accounts */
    int nft;         /* 1 an NFT, 2 the NFT counters (token 0xff..ff, id 2^31-2): never sent */
    int zero;        /* amount 0: never sent */
    int not_migrated; /* the claim failed because migrateToken(token) has not run yet */
} leaf_job;

/* Whether token (not ETH) has no code on L1: an NFT address. -1 when the node failed. */
static int is_nft(zks_eth_rpc *rpc, const char *token, char (*cache)[ZKS_ETH_ADDRESS_CHARS + 1], int *verdict,
                  size_t *ncache)
{
    if (strcmp(token, ZKS_ETH_TOKEN_ADDRESS) == 0) return 0;
    for (size_t i = 0; i < *ncache; i++)
        if (strcmp(cache[i], token) == 0) return verdict[i];
    char params[80], *res = NULL;
    snprintf(params, sizeof params, "[\"%s\",\"latest\"]", token);
    if (zks_eth_rpc_call_json(rpc, "eth_getCode", params, 1, &res) != ZKS_OK) return -1;
    int nft = strcmp(res, "\"0x\"") == 0;
    zks_free(res);
    if (*ncache < 256) {
        memcpy(cache[*ncache], token, ZKS_ETH_ADDRESS_CHARS + 1);
        verdict[(*ncache)++] = nft;
    }
    return nft;
}

static const char *outcome_text(const leaf_job *lj, int send)
{
    if (lj->nft == 2) return "NFT counter (not a balance)";
    if (lj->nft) return "NFT (not claimable through the token call)";
    if (lj->zero) return "zero balance";
    if (lj->not_migrated) return "not migrated yet (run: zksync-exit migrate --token T)";
    switch (lj->result.state) {
    case ZKS_L1_CLAIM_CLAIMABLE: return send ? "claimable" : "claimable (dry run: --send claims it)";
    case ZKS_L1_CLAIM_CLAIMED: return "claimed";
    case ZKS_L1_CLAIM_ALREADY: return "already claimed";
    case ZKS_L1_CLAIM_PENDING: return "pending (sent, not mined yet: run again to follow it up)";
    default: return "failed";
    }
}

int cmd_claim(int argc, char **argv)
{
    static const char usage[] =
        "--l1 URL --contract ADDR (--account A... | --accounts-file F | --mnemonic-file F --index-range A-B) "
        "[--leaves F] [--distributor ADDR] [--send --key-file F | --key-env NAME] [--journal F] ...";
    zx_opt o[] = {COMMON_OPTS,
                  ZX_VALUE("leaves", 0),
                  ZX_VALUE("distributor", 0),
                  ZX_FLAG("send"),
                  ZX_VALUE("journal", 0),
                  ZX_VALUE("claim-function", 0),
                  ZX_VALUE("is-claimed-function", 0),
                  ZX_VALUE("from-block", 0),
                  ZX_VALUE("chunk", 0)};
    enum { O_LEAVES = O_COMMON_N, O_DIST, O_SEND, O_JOURNAL, O_CLAIM_FN, O_ISCLAIMED_FN, O_FROM, O_CHUNK };
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit claim --l1 URL --contract ADDR ACCOUNTS [options]\n"
                "Claims the final zkSync Lite balances of many accounts on L1, proved in one pass over the leaves.\n"
                "ACCOUNTS: --account A (repeatable), --accounts-file F (one address per line, '#' comments), or\n"
                "  --mnemonic-file F --index-range A-B (BIP-39, keys m/44'/60'/0'/0/i; each account sends its own).\n"
                "  --leaves F             new_leaves.csv (default); its root must equal MERKLE_ROOT() on L1\n"
                "  --distributor ADDR     default: the last L1ClaimDistributorSet log of --contract\n"
                "  --send                 send the claims (default: a dry run that prints the plan)\n"
                "  --key-file F | --key-env NAME   the Ethereum key that sends for --account/--accounts-file\n"
                "                         (64 hex digits; never on the command line)\n"
                "  --journal F            resume file (default " DEFAULT_JOURNAL "), written atomically\n"
                "                         before each send: a run stopped half-way never claims a leaf twice\n"
                "  --claim-function SIG   default " ZKS_L1_DEVNET_CLAIM_FUNCTION "\n"
                "  --is-claimed-function SIG  default " ZKS_L1_DEVNET_IS_CLAIMED_FUNCTION "\n"
                "                         (the local devnet's ABI: the mainnet distributor's is not public;\n"
                "                         parameters are named index, account, token, amount, proof)\n"
                "  --gas-price WEI, --wait-ms N (per receipt, default 120000), --from-block N, --chunk N\n"
                "Every proof is checked against MERKLE_ROOT() and isClaimed is read before anything is sent.\n"
                "Ends with a summary: claimable, claimed now, already claimed, NFT, pending, not migrated (the\n"
                "token's funds are not with the distributor yet: zksync-exit migrate), zero balance and NFT counter\n"
                "(never sent), failed.\n"
                "Exit codes: 0 all done, 2 usage, 3/4 a file, 5 the leaves' root differs from L1 or a proof\n"
                "is invalid, 6 no leaf for the accounts, 7 a claim failed, is pending or waits for migrateToken,\n"
                "or the node failed.\n");
    if (rc != ZX_GO_ON) return rc;
    int send = o[O_SEND].seen;
    accounts as = {NULL, 0};
    zks_eth_rpc *rpc = NULL;
    zks_exit_tree *t = NULL;
    leaf_job *jobs = NULL;
    size_t njobs = 0;
    journal jr = {o[O_JOURNAL].value != NULL ? o[O_JOURNAL].value : DEFAULT_JOURNAL, NULL, 0};
    uint8_t skey[32];
    int has_skey = 0;
    zks_l1 *shared = NULL;
    char shared_addr[ZKS_ETH_ADDRESS_CHARS + 1] = "";
    uint32_t wait_ms = 0;
    if ((rc = load_accounts(o, &as)) != ZX_EXIT_OK) goto out;
    int all_keyed = 1;
    for (size_t i = 0; i < as.n; i++) all_keyed &= as.a[i].has_key;
    if ((rc = sender_key(o, send && !all_keyed, skey, &has_skey)) != ZX_EXIT_OK) goto out;
    if ((rc = wait_ms_of(o, &wait_ms)) != ZX_EXIT_OK) goto out;
    const char *claim_fn = o[O_CLAIM_FN].value != NULL ? o[O_CLAIM_FN].value : ZKS_L1_DEVNET_CLAIM_FUNCTION;
    int pays_sender = strstr(claim_fn, " account") == NULL && strstr(claim_fn, "\taccount") == NULL;
    if ((rc = open_rpc(o[O_L1].value, &rpc)) != ZX_EXIT_OK) goto out;

    /* the distributor and its root */
    char dist[ZKS_ETH_ADDRESS_CHARS + 1];
    uint8_t chain_root[32];
    if (o[O_DIST].value != NULL) {
        uint8_t d[20];
        if (zx_parse_address(o[O_DIST].value, d) != 0) {
            zx_errorf("--distributor: not an address");
            rc = ZX_EXIT_USAGE;
            goto out;
        }
        zx_hex(dist, d, 20);
        uint8_t ret[64];
        size_t n = 0;
        zks_status s = zks_eth_rpc_call(rpc, NULL, dist, "0x51e75e8b", NULL, ret, sizeof ret, &n);
        if (s != ZKS_OK || n < 32) {
            rc = zx_fail("MERKLE_ROOT() of the distributor", s != ZKS_OK ? s : ZKS_ERR_PARSE, zks_eth_rpc_errmsg(rpc));
            goto out;
        }
        memcpy(chain_root, ret, 32);
    } else {
        zks_l1_network_state st;
        if ((rc = read_state(rpc, o[O_CONTRACT].value, o[O_FROM].value, o[O_CHUNK].value, &st, NULL, 0)) != ZX_EXIT_OK)
            goto out;
        if (!st.has_claim_distributor || !st.has_merkle_root) {
            zx_errorf("no claim distributor on L1 yet (the claim root is not set): nothing can be claimed");
            rc = ZX_EXIT_FAIL;
            goto out;
        }
        memcpy(dist, st.claim_distributor, sizeof dist);
        memcpy(chain_root, st.merkle_root, 32);
    }

    /* one pass over the leaves for every account */
    zks_status s = zks_exit_tree_new(&t);
    for (size_t i = 0; s == ZKS_OK && i < as.n; i++) {
        uint8_t a[20];
        (void)zx_parse_address(as.a[i].address, a);
        s = zks_exit_tree_request(t, a, NULL);
    }
    if (s != ZKS_OK) {
        rc = zx_fail("claim", s, NULL);
        goto out;
    }
    {
        zx_progress pr;
        zx_progress_start(&pr, "reading leaves", 0);
        zks_exit_error e;
        s = zks_exit_tree_add_file(t, o[O_LEAVES].value != NULL ? o[O_LEAVES].value : DEFAULT_LEAVES, zx_progress_cb,
                                   &pr, &e);
        zx_progress_end(&pr, pr.total);
        if (s != ZKS_OK) {
            rc = zx_fail_file("claim", s, &e);
            goto out;
        }
    }
    uint8_t root[32];
    if ((s = zks_exit_tree_root(t, root)) != ZKS_OK) {
        rc = zx_fail("claim", s, "no leaves");
        goto out;
    }
    if (memcmp(root, chain_root, 32) != 0) {
        char a[67], b[67];
        zx_hex(a, root, 32);
        zx_hex(b, chain_root, 32);
        zx_errorf("the leaves' root %s is not MERKLE_ROOT() %s of %s: wrong or tampered new_leaves.csv", a, b, dist);
        rc = ZX_EXIT_INVALID;
        goto out;
    }
    if ((s = zks_exit_tree_proof_count(t, &njobs)) != ZKS_OK) {
        rc = zx_fail("claim", s, NULL);
        goto out;
    }
    if (njobs == 0) {
        zx_errorf("none of the %zu accounts has a leaf", as.n);
        rc = ZX_EXIT_NOT_FOUND;
        goto out;
    }
    jobs = calloc(njobs, sizeof *jobs);
    if (jobs == NULL) {
        rc = zx_fail("claim", ZKS_ERR_NOMEM, NULL);
        goto out;
    }
    if ((rc = journal_load(&jr)) != ZX_EXIT_OK) goto out;
    static char nft_cache[256][ZKS_ETH_ADDRESS_CHARS + 1];
    static int nft_verdict[256];
    size_t nft_n = 0;
    for (size_t i = 0; i < njobs; i++) {
        leaf_job *lj = &jobs[i];
        if ((s = zks_exit_tree_proof_at(t, i, &lj->proof)) != ZKS_OK ||
            (s = zks_l1_claim_from_proof(&lj->proof, &lj->claim)) != ZKS_OK) {
            rc = zx_fail("claim", s, NULL);
            goto out;
        }
        for (size_t k = 0; k < as.n; k++)
            if (strcmp(as.a[k].address, lj->claim.account) == 0) lj->account = k;
        lj->zero = strcmp(lj->claim.amount, "0") == 0;
        int nft = strcmp(lj->claim.token, "0xffffffffffffffffffffffffffffffffffffffff") == 0
                      ? 2
                      : is_nft(rpc, lj->claim.token, nft_cache, nft_verdict, &nft_n);
        if (nft < 0) {
            rc = zx_fail("eth_getCode", ZKS_ERR_NETWORK, zks_eth_rpc_errmsg(rpc));
            goto out;
        }
        lj->nft = nft;
        jentry *je = journal_find(&jr, lj->claim.index);
        if (je != NULL && strcmp(je->state, "claimed") != 0) {
            memcpy(lj->claim.prev_tx_hash, je->tx_hash, sizeof lj->claim.prev_tx_hash);
            lj->claim.prev_nonce = je->nonce;
            lj->claim.prev_raw = je->raw;
            lj->claim.prev_raw_len = je->raw_len;
        }
    }
    if (has_skey) {
        if ((rc = make_l1(rpc, o[O_CONTRACT].value, skey, o[O_GAS_PRICE].value, &shared)) != ZX_EXIT_OK) goto out;
        if ((s = zks_l1_address(shared, shared_addr)) != ZKS_OK) {
            rc = zx_fail("claim", s, NULL);
            goto out;
        }
    }

    /* per sender, in chunks */
    zks_l1_claim_options co = ZKS_L1_CLAIM_OPTIONS_INIT;
    co.claim_function = o[O_CLAIM_FN].value;
    co.is_claimed_function = o[O_ISCLAIMED_FN].value;
    co.wait_ms = wait_ms;
    co.journal = on_signed;
    if (!send) co.flags = ZKS_L1_CLAIM_CHECK_ONLY;
    static zks_l1_claim batch[CLAIM_CHUNK];
    static zks_l1_claim_result results[CLAIM_CHUNK];
    size_t idx[CLAIM_CHUNK];
    fprintf(stderr, "%zu leaves of %zu accounts; distributor %s; %s\n", njobs, as.n, dist,
            send ? "sending" : "dry run (nothing is sent; --send claims)");
    double t0 = zx_now(), tlast = t0;
    size_t done = 0;
    for (size_t sender = 0; sender <= as.n; sender++) {
        /* sender < as.n: the leaves of that keyed account; sender == as.n: the rest, by the shared key */
        if (sender < as.n && !as.a[sender].has_key) continue;
        zks_l1 *l1 = NULL;
        const char *from = NULL;
        if (sender < as.n) {
            if ((rc = make_l1(rpc, o[O_CONTRACT].value, as.a[sender].key, o[O_GAS_PRICE].value, &l1)) != ZX_EXIT_OK)
                goto out;
            from = as.a[sender].address;
        } else if (shared != NULL) {
            l1 = shared;
            from = shared_addr;
        }
        journal_ctx jc = {&jr, from};
        co.journal_ctx = &jc;
        size_t nb = 0;
        for (size_t i = 0; i <= njobs; i++) {
            if (i < njobs) {
                leaf_job *lj = &jobs[i];
                int mine = sender < as.n ? lj->account == sender : !as.a[lj->account].has_key;
                if (!mine || lj->nft || lj->zero) continue;
                if (pays_sender && l1 != NULL && strcmp(from, lj->claim.account) != 0) {
                    lj->result.state = ZKS_L1_CLAIM_FAILED;
                    lj->result.status = ZKS_ERR_INVALID_ARG;
                    snprintf(lj->result.reason, sizeof lj->result.reason,
                             "this claim function pays the sender: claim with the key of %s", lj->claim.account);
                    continue;
                }
                idx[nb] = i;
                batch[nb++] = lj->claim;
                if (nb < CLAIM_CHUNK) continue;
            }
            if (nb == 0) continue;
            zks_status bs = l1 != NULL ? zks_l1_claims_send(l1, dist, &co, batch, nb, results)
                                       : zks_l1_claims_check(rpc, dist, &co, batch, nb, results);
            for (size_t k = 0; k < nb; k++) {
                leaf_job *lj = &jobs[idx[k]];
                if (results[k].state == 0 && results[k].status == 0 && bs != ZKS_OK) {
                    lj->result.state = ZKS_L1_CLAIM_FAILED;
                    lj->result.status = (int32_t)bs;
                    snprintf(lj->result.reason, sizeof lj->result.reason, "%s", zks_eth_rpc_errmsg(rpc));
                } else {
                    lj->result = results[k];
                }
                /* a revert (or the library's not-migrated refusal) for a token the contract still holds */
                if (lj->result.state == ZKS_L1_CLAIM_FAILED && lj->result.tx_hash[0] == '\0' &&
                    (lj->result.status == ZKS_ERR_L1_REVERT || lj->result.status == ZKS_ERR_STATE)) {
                    const char *tk[1] = {lj->claim.token};
                    int32_t m = -1;
                    if (zks_l1_tokens_migrated(rpc, o[O_CONTRACT].value, tk, 1, &m) == ZKS_OK && m == 0)
                        lj->not_migrated = 1;
                }
                if (send && lj->result.tx_hash[0] != '\0') {
                    const char *js = lj->result.state == ZKS_L1_CLAIM_CLAIMED ? "claimed"
                                     : lj->result.state == ZKS_L1_CLAIM_PENDING ? "sent" : "failed";
                    zks_status ws = journal_put(&jr, lj->claim.index, from, &lj->result, js);
                    if (ws != ZKS_OK) zx_errorf("journal %s: %s", jr.path, zks_strerror(ws));
                }
            }
            done += nb;
            nb = 0;
            double now = zx_now();
            if (isatty(STDERR_FILENO) && now - tlast >= 1.0) {
                tlast = now;
                fprintf(stderr, "\rclaims: %zu / %zu leaves, %.0f s", done, njobs, now - t0);
            }
        }
        if (l1 != shared) zks_l1_free(l1);
    }

    /* the plan / the outcome, then the summary */
    size_t claimable = 0, claimed = 0, already = 0, nfts = 0, pending = 0, failed = 0, invalid = 0;
    size_t counters = 0, zeros = 0, unmigrated = 0;
    printf("%-8s %-42s %-42s %-24s %s\n", "index", "account", "token", "amount", "outcome");
    for (size_t i = 0; i < njobs; i++) {
        leaf_job *lj = &jobs[i];
        printf("%-8" PRIu64 " %-42s %-42s %-24s %s", lj->claim.index, lj->claim.account, lj->claim.token,
               lj->claim.amount, outcome_text(lj, send));
        if (lj->result.tx_hash[0] != '\0') printf(" tx %s", lj->result.tx_hash);
        if (!lj->nft && !lj->zero && !lj->not_migrated && (lj->result.state == ZKS_L1_CLAIM_FAILED || lj->result.state == ZKS_L1_CLAIM_PENDING) &&
            lj->result.reason[0] != '\0')
            printf(" (%s: %s)", zks_strerror((zks_status)lj->result.status), lj->result.reason);
        printf("\n");
        if (lj->nft == 2) counters++;
        else if (lj->nft) nfts++;
        else if (lj->zero) zeros++;
        else if (lj->not_migrated) unmigrated++;
        else if (lj->result.state == ZKS_L1_CLAIM_CLAIMABLE) claimable++;
        else if (lj->result.state == ZKS_L1_CLAIM_CLAIMED) claimed++;
        else if (lj->result.state == ZKS_L1_CLAIM_ALREADY) already++;
        else if (lj->result.state == ZKS_L1_CLAIM_PENDING) pending++;
        else {
            failed++;
            if (lj->result.status == ZKS_ERR_PROOF_INVALID) invalid++;
        }
    }
    printf("\nsummary: %zu leaves of %zu accounts\n", njobs, as.n);
    printf("  claimable        %zu\n  claimed now      %zu\n  already claimed  %zu\n  NFT              %zu\n"
           "  pending          %zu\n  not migrated     %zu\n  zero balance     %zu\n  NFT counter      %zu\n"
           "  failed           %zu\n",
           claimable, claimed, already, nfts, pending, unmigrated, zeros, counters, failed);
    if (send) printf("journal: %s\n", jr.path);
    if (unmigrated > 0) fprintf(stderr, "%zu leaves wait for migrateToken: run zksync-exit migrate --token T --send\n", unmigrated);
    rc = invalid > 0 ? ZX_EXIT_INVALID : (failed > 0 || pending > 0 || unmigrated > 0) ? ZX_EXIT_NETWORK : ZX_EXIT_OK;
out:
    zks_memzero(skey, sizeof skey);
    zks_l1_free(shared);
    free(jobs);
    journal_free(&jr);
    zks_exit_tree_free(t);
    zks_eth_rpc_free(rpc);
    accounts_free(&as);
    zx_opts_free(o, no);
    return rc;
}

/* ---- pending ---- */

/* Token addresses: --tokens, or tokens.csv (--tokens-csv; NFT ids and the special token left out); ETH always. */
static int pending_tokens(zx_opt *tok, const char *csv, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 16;
    char **v = calloc(cap, sizeof *v);
    if (v == NULL) return zx_fail("tokens", ZKS_ERR_NOMEM, NULL);
    v[(*n)++] = strdup(ZKS_ETH_TOKEN_ADDRESS);
    int rc = ZX_EXIT_OK;
    for (size_t i = 0; i < tok->count && rc == ZX_EXIT_OK; i++) {
        uint8_t a[20];
        char hex[ZKS_ETH_ADDRESS_CHARS + 1];
        if (zx_parse_address(tok->list[i], a) != 0) {
            zx_errorf("--tokens: not an address: %s", tok->list[i]);
            rc = ZX_EXIT_USAGE;
            break;
        }
        zx_hex(hex, a, 20);
        if (strcmp(hex, ZKS_ETH_TOKEN_ADDRESS) == 0) continue;
        if (*n == cap) {
            char **nv = realloc(v, 2 * cap * sizeof *nv);
            if (nv == NULL) { rc = zx_fail("tokens", ZKS_ERR_NOMEM, NULL); break; }
            v = nv;
            cap *= 2;
        }
        v[(*n)++] = strdup(hex);
    }
    if (rc == ZX_EXIT_OK && csv != NULL) {
        zks_exit_reader *r = NULL;
        zks_exit_error e;
        zks_status st = zks_exit_reader_open(csv, ZKS_EXIT_FILE_TOKENS, &r, &e);
        if (st != ZKS_OK) rc = zx_fail_file("--tokens-csv", st, &e);
        while (rc == ZX_EXIT_OK) {
            zks_exit_record rec;
            int32_t eof = 0;
            st = zks_exit_reader_next(r, &rec, &eof, &e);
            if (st != ZKS_OK) { rc = zx_fail_file("--tokens-csv", st, &e); break; }
            if (eof) break;
            if (rec.id == 0 || rec.id >= 65536) continue; /* ETH is there already; NFTs have no pending balance here */
            if (*n == cap) {
                char **nv = realloc(v, 2 * cap * sizeof *nv);
                if (nv == NULL) { rc = zx_fail("tokens", ZKS_ERR_NOMEM, NULL); break; }
                v = nv;
                cap *= 2;
            }
            char hex[ZKS_ETH_ADDRESS_CHARS + 1];
            zx_hex(hex, rec.address, 20);
            v[(*n)++] = strdup(hex);
        }
        zks_exit_reader_free(r);
    }
    for (size_t i = 0; i < *n; i++)
        if (v[i] == NULL && rc == ZX_EXIT_OK) rc = zx_fail("tokens", ZKS_ERR_NOMEM, NULL);
    *out = v;
    return rc;
}

int cmd_pending(int argc, char **argv)
{
    static const char usage[] = "--l1 URL --contract ADDR ACCOUNTS [--tokens T... | --tokens-csv F] [--withdraw ...]";
    zx_opt o[] = {COMMON_OPTS,
                  ZX_LIST("tokens", 0, accept_address),
                  ZX_VALUE("tokens-csv", 0),
                  ZX_FLAG("withdraw")};
    enum { O_TOKENS = O_COMMON_N, O_TOKENS_CSV, O_WITHDRAW };
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit pending --l1 URL --contract ADDR ACCOUNTS [--tokens T... | --tokens-csv F] [--withdraw]\n"
                "Pending balances (getPendingBalance) of the accounts on the main contract: what a finished\n"
                "withdrawal or full exit left there. ETH is always asked; --tokens adds token addresses,\n"
                "--tokens-csv F adds every token of a tokens.csv. A token whose funds were migrated to the\n"
                "claim distributor cannot be withdrawn any more: it is reported, claim it instead.\n"
                "ACCOUNTS as for claim (--account, --accounts-file, --mnemonic-file --index-range).\n"
                "  --withdraw             withdrawPendingBalance for every non-zero, unmigrated balance\n"
                "                         (sent by the account's own key, or by --key-file / --key-env for\n"
                "                         the owner: the funds always go to the owner)\n"
                "  --gas-price WEI, --wait-ms N (default 120000)\n"
                "Exit codes: 0 done, 2 usage, 3/4 a file, 7 a withdrawal failed or the node failed.\n");
    if (rc != ZX_GO_ON) return rc;
    int withdraw = o[O_WITHDRAW].seen;
    accounts as = {NULL, 0};
    zks_eth_rpc *rpc = NULL;
    char **toks = NULL;
    size_t ntok = 0;
    char *amounts = NULL;
    int32_t *mig = NULL;
    uint8_t skey[32];
    int has_skey = 0;
    zks_l1 *shared = NULL;
    uint32_t wait_ms = 0;
    if ((rc = load_accounts(o, &as)) != ZX_EXIT_OK) goto out;
    int all_keyed = 1;
    for (size_t i = 0; i < as.n; i++) all_keyed &= as.a[i].has_key;
    if ((rc = sender_key(o, withdraw && !all_keyed, skey, &has_skey)) != ZX_EXIT_OK) goto out;
    if ((rc = wait_ms_of(o, &wait_ms)) != ZX_EXIT_OK) goto out;
    if ((rc = pending_tokens(&o[O_TOKENS], o[O_TOKENS_CSV].value, &toks, &ntok)) != ZX_EXIT_OK) goto out;
    if ((rc = open_rpc(o[O_L1].value, &rpc)) != ZX_EXIT_OK) goto out;
    amounts = calloc(ntok, ZKS_AMOUNT_CHARS + 1);
    mig = calloc(ntok, sizeof *mig);
    if (amounts == NULL || mig == NULL) {
        rc = zx_fail("pending", ZKS_ERR_NOMEM, NULL);
        goto out;
    }
    if (withdraw && has_skey && (rc = make_l1(rpc, o[O_CONTRACT].value, skey, o[O_GAS_PRICE].value, &shared)) != ZX_EXIT_OK)
        goto out;
    size_t nonzero = 0, withdrawn = 0, migrated = 0, failed = 0;
    printf("%-42s %-42s %-40s %s\n", "account", "token", "pending", "note");
    for (size_t i = 0; i < as.n; i++) {
        zks_status st = zks_l1_pending_balances(rpc, o[O_CONTRACT].value, as.a[i].address, (const char *const *)toks,
                                                ntok, amounts, mig);
        if (st != ZKS_OK) {
            rc = zx_fail("getPendingBalance", st, zks_eth_rpc_errmsg(rpc));
            goto out;
        }
        zks_l1 *own = NULL;
        for (size_t k = 0; k < ntok; k++) {
            const char *amt = amounts + k * (ZKS_AMOUNT_CHARS + 1);
            if (strcmp(amt, "0") == 0) continue;
            nonzero++;
            const char *note = "";
            char buf[600];
            if (mig[k] == 1) {
                migrated++;
                note = "migrated to the claim distributor: claim it instead";
            } else if (withdraw) {
                if (as.a[i].has_key && own == NULL &&
                    (rc = make_l1(rpc, o[O_CONTRACT].value, as.a[i].key, o[O_GAS_PRICE].value, &own)) != ZX_EXIT_OK)
                    goto out;
                zks_l1 *l1 = own != NULL ? own : shared;
                zks_l1_result r;
                st = zks_l1_withdraw_pending_balance(l1, as.a[i].address, toks[k], NULL, wait_ms, &r);
                if (st == ZKS_OK) {
                    withdrawn++;
                    snprintf(buf, sizeof buf, "withdrawn, tx %s", r.tx_hash);
                } else {
                    if (st == ZKS_ERR_TOKEN_MIGRATED) migrated++;
                    else failed++;
                    snprintf(buf, sizeof buf, "%s: %s%s%s", zks_strerror(st), zks_l1_errmsg(l1),
                             r.tx_hash[0] ? ", tx " : "", r.tx_hash);
                }
                note = buf;
            }
            printf("%-42s %-42s %-40s %s\n", as.a[i].address, toks[k], amt, note);
        }
        zks_l1_free(own);
    }
    printf("\nsummary: %zu accounts, %zu tokens each: %zu non-zero pending balances, %zu withdrawn, %zu migrated "
           "(claim them), %zu failed\n",
           as.n, ntok, nonzero, withdrawn, migrated, failed);
    rc = failed > 0 ? ZX_EXIT_NETWORK : ZX_EXIT_OK;
out:
    zks_memzero(skey, sizeof skey);
    zks_l1_free(shared);
    for (size_t i = 0; i < ntok; i++) free(toks != NULL ? toks[i] : NULL);
    free(toks);
    free(amounts);
    free(mig);
    zks_eth_rpc_free(rpc);
    accounts_free(&as);
    zx_opts_free(o, no);
    return rc;
}

/* ---- migrate ---- */

/* The contract's balance of token: eth_getBalance for ETH, balanceOf for an ERC-20. */
static zks_status contract_balance(zks_eth_rpc *rpc, const char *contract, const char *token,
                                   char out[ZKS_AMOUNT_CHARS + 1])
{
    if (strcmp(token, ZKS_ETH_TOKEN_ADDRESS) == 0) return zks_eth_rpc_get_balance(rpc, contract, "latest", out);
    char data[80];
    snprintf(data, sizeof data, "0x70a08231000000000000000000000000%s", contract + 2); /* balanceOf(address) */
    uint8_t ret[64];
    size_t n = 0;
    zks_status st = zks_eth_rpc_call(rpc, NULL, token, data, NULL, ret, sizeof ret, &n);
    if (st != ZKS_OK) return st;
    if (n < 32) return ZKS_ERR_PARSE;
    /* the 256-bit word in decimal: repeated division by 10 */
    char digits[80];
    size_t nd = 0;
    int nonzero = 1;
    while (nonzero) {
        unsigned rem = 0;
        nonzero = 0;
        for (int k = 0; k < 32; k++) {
            unsigned cur = rem << 8 | ret[k];
            ret[k] = (uint8_t)(cur / 10);
            rem = cur % 10;
            nonzero |= ret[k] != 0;
        }
        digits[nd++] = (char)('0' + rem);
    }
    for (size_t k = 0; k < nd; k++) out[k] = digits[nd - 1 - k];
    out[nd] = '\0';
    return ZKS_OK;
}

int cmd_migrate(int argc, char **argv)
{
    static const char usage[] = "--l1 URL --contract ADDR --token T [--token T...] [--send (--key-file F | --key-env NAME)]";
    zx_opt o[] = {ZX_VALUE("l1", 1),
                  ZX_VALUE("contract", 1),
                  ZX_LIST("token", 1, accept_address),
                  ZX_FLAG("send"),
                  ZX_VALUE("key-file", 0),
                  ZX_VALUE("key-env", 0),
                  ZX_VALUE("gas-price", 0),
                  ZX_VALUE("wait-ms", 0)};
    enum { M_L1, M_CONTRACT, M_TOKEN, M_SEND, M_KEY_FILE, M_KEY_ENV, M_GAS, M_WAIT };
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit migrate --l1 URL --contract ADDR --token T [--token T...] [--send (--key-file F | --key-env NAME)]\n"
                "migrateToken(token) on the main contract: moves the contract's whole balance of a token (ETH:\n"
                "0x0000000000000000000000000000000000000000) to the claim distributor, once per token, so that\n"
                "its leaves can be claimed. Anyone may send it. Dry run by default: prints, per token, whether it\n"
                "is migrated already, the contract's balance of it and what --send would do.\n"
                "  --send                 send migrateToken for every token not migrated yet (simulated first)\n"
                "  --key-file F | --key-env NAME   the Ethereum key that pays the gas (64 hex digits)\n"
                "  --gas-price WEI, --wait-ms N (per receipt, default 120000)\n"
                "Exit codes: 0 done (a token already migrated is not an error), 2 usage, 1 no key,\n"
                "7 a migration failed (the revert, e.g. tm5 the contract holds none, 1i not a listed token)\n"
                "or the node failed.\n");
    if (rc != ZX_GO_ON) return rc;
    int send = o[M_SEND].seen;
    zks_eth_rpc *rpc = NULL;
    zks_l1 *l1 = NULL;
    uint8_t key[32];
    int32_t *mig = NULL;
    uint32_t wait_ms = 120000;
    uint8_t c[20];
    char contract[ZKS_ETH_ADDRESS_CHARS + 1];
    if (zx_parse_address(o[M_CONTRACT].value, c) != 0) {
        zx_errorf("--contract: not an address");
        rc = ZX_EXIT_USAGE;
        goto out;
    }
    zx_hex(contract, c, 20);
    if (o[M_WAIT].value != NULL) {
        uint64_t v = 0;
        if (parse_u64(o[M_WAIT].value, &v) != 0 || v > 3600000) {
            zx_errorf("--wait-ms: expected 0..3600000");
            rc = ZX_EXIT_USAGE;
            goto out;
        }
        wait_ms = (uint32_t)v;
    }
    if (send && o[M_KEY_FILE].value == NULL && o[M_KEY_ENV].value == NULL) {
        zx_errorf("--send needs an Ethereum key: --key-file F or --key-env NAME (never on the command line)");
        rc = ZX_EXIT_USAGE;
        goto out;
    }
    if ((rc = open_rpc(o[M_L1].value, &rpc)) != ZX_EXIT_OK) goto out;
    if (send) {
        char err[256];
        zks_status st = zx_read_key(o[M_KEY_FILE].value, o[M_KEY_ENV].value, key, err, sizeof err);
        if (st != ZKS_OK) {
            rc = zx_fail("key", st, err);
            goto out;
        }
        rc = make_l1(rpc, contract, key, o[M_GAS].value, &l1);
        zks_memzero(key, sizeof key);
        if (rc != ZX_EXIT_OK) goto out;
    }
    size_t nt = o[M_TOKEN].count;
    mig = calloc(nt, sizeof *mig);
    char **toks = calloc(nt, sizeof *toks);
    static char hexes[64][ZKS_ETH_ADDRESS_CHARS + 1];
    if (mig == NULL || toks == NULL || nt > 64) {
        free(toks);
        rc = nt > 64 ? (zx_errorf("at most 64 --token"), ZX_EXIT_USAGE) : zx_fail("migrate", ZKS_ERR_NOMEM, NULL);
        goto out;
    }
    for (size_t i = 0; i < nt; i++) {
        uint8_t a[20];
        (void)zx_parse_address(o[M_TOKEN].list[i], a);
        zx_hex(hexes[i], a, 20);
        toks[i] = hexes[i];
    }
    zks_status st = zks_l1_tokens_migrated(rpc, contract, (const char *const *)toks, nt, mig);
    free(toks);
    if (st != ZKS_OK) {
        rc = zx_fail("isTokenMigrated", st, zks_eth_rpc_errmsg(rpc));
        goto out;
    }
    size_t done = 0, already = 0, failed = 0;
    printf("%-42s %-9s %-40s %s\n", "token", "migrated", "contract balance", "action");
    for (size_t i = 0; i < nt; i++) {
        char bal[ZKS_AMOUNT_CHARS + 1] = "?";
        if ((st = contract_balance(rpc, contract, hexes[i], bal)) != ZKS_OK) snprintf(bal, sizeof bal, "?");
        char action[3200];
        if (mig[i] == 1) {
            already++;
            snprintf(action, sizeof action, "already migrated: nothing to do");
        } else if (mig[i] < 0) {
            failed++;
            snprintf(action, sizeof action, "the contract has no isTokenMigrated (not upgraded for the sunset)");
        } else if (!send) {
            snprintf(action, sizeof action, "--send would call migrateToken(%s)%s", hexes[i],
                     strcmp(bal, "0") == 0 ? " (it would revert tm5: the contract holds none)" : "");
        } else {
            zks_l1_result r;
            st = zks_l1_migrate_token(l1, hexes[i], wait_ms, &r);
            if (st == ZKS_OK) {
                done++;
                snprintf(action, sizeof action, "migrated, tx %s%s", r.tx_hash, r.mined ? "" : " (not awaited)");
            } else if (st == ZKS_ERR_STATE) {
                already++;
                snprintf(action, sizeof action, "already migrated: %s", zks_l1_errmsg(l1));
            } else {
                failed++;
                snprintf(action, sizeof action, "failed (%s: %s)%s%s", zks_strerror(st), zks_l1_errmsg(l1),
                         r.tx_hash[0] ? ", tx " : "", r.tx_hash);
            }
        }
        printf("%-42s %-9s %-40s %s\n", hexes[i], mig[i] == 1 ? "yes" : mig[i] == 0 ? "no" : "unknown", bal, action);
    }
    printf("\nsummary: %zu tokens: %zu migrated now, %zu already migrated, %zu failed%s\n", nt, done, already, failed,
           send ? "" : " (dry run: --send migrates)");
    rc = failed > 0 ? ZX_EXIT_NETWORK : ZX_EXIT_OK;
out:
    zks_memzero(key, sizeof key);
    free(mig);
    zks_l1_free(l1);
    zks_eth_rpc_free(rpc);
    zx_opts_free(o, no);
    return rc;
}
