/* zksync-exit state commands: restore-zksync-tree (the reference exit tool's
 * name, arguments and stdout) computes the Rescue state root of the snapshot;
 * verify-snapshot checks it against the last executed block on L1, and the
 * claim leaves and root derived from the same files against new_leaves.csv
 * and the distributor's MERKLE_ROOT(). Both are interruptible (SIGINT) and
 * resume from their checkpoint file. See docs/state-root.md. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#define DEFAULT_CHECKPOINT "zksync-state.checkpoint"

static volatile sig_atomic_t g_interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    g_interrupted = 1;
}

/* Progress with rate and time left on stderr (same switch as zx_progress). */
typedef struct state_progress {
    zx_progress p;
    uint32_t phase;
    double phase_start;
} state_progress;

static int32_t state_progress_cb(void *ctx, const zks_state_progress *s)
{
    state_progress *sp = ctx;
    if (g_interrupted) return 1;
    if (!sp->p.enabled) return 0;
    double now = zx_now();
    if (s->phase != sp->phase) {
        sp->phase = s->phase;
        sp->phase_start = now;
    }
    if (now - sp->p.last < 1.0) return 0;
    sp->p.last = now;
    sp->p.printed = 1;
    double el = now - sp->phase_start;
    double rate = el > 0 ? (double)s->done / el : 0;
    const char *what = s->phase == ZKS_STATE_PHASE_READ ? "loading (unsorted input)" : "hashing";
    if (s->total > 0 && s->done <= s->total) {
        double left = rate > 0 ? (double)(s->total - s->done) / rate : 0;
        unsigned long l = (unsigned long)left;
        fprintf(stderr, "\rstate root, %s: %llu / %llu rows (%.1f%%), %.0f rows/s, %lu:%02lu:%02lu left   ", what,
                (unsigned long long)s->done, (unsigned long long)s->total, 100.0 * (double)s->done / (double)s->total,
                rate, l / 3600, l / 60 % 60, l % 60);
    } else {
        fprintf(stderr, "\rstate root, %s: %llu rows, %.0f rows/s   ", what, (unsigned long long)s->done, rate);
    }
    fflush(stderr);
    return 0;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || v > max) return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0') return -1;
    *out = v;
    return 0;
}

/* The state root of the two files with the command's options; prints the
 * reason on failure and returns the exit code. */
static int compute_root(const char *accounts, const char *balances, const char *threads, const char *ckpt,
                        const char *depth, uint8_t root[32])
{
    zks_state_options o;
    if (zks_state_options_init(&o) != ZKS_OK) return ZX_EXIT_FAIL;
    if (threads != NULL && parse_u32(threads, ZKS_STATE_MAX_THREADS, &o.threads) != 0) {
        zx_errorf("--threads: a number from 1 to %d", ZKS_STATE_MAX_THREADS);
        return ZX_EXIT_USAGE;
    }
    if (threads == NULL) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o.threads = n < 1 ? 1 : n > ZKS_STATE_MAX_THREADS ? ZKS_STATE_MAX_THREADS : (uint32_t)n;
    }
    if (depth != NULL && (parse_u32(depth, 32, &o.balance_depth) != 0 || o.balance_depth == 0)) {
        zx_errorf("--balance-depth: a number from 1 to 32");
        return ZX_EXIT_USAGE;
    }
    o.checkpoint = ckpt;
    state_progress sp;
    memset(&sp, 0, sizeof sp);
    zx_progress_start(&sp.p, "state root", 0);
    sp.p.last = 0;
    o.progress = state_progress_cb;
    o.progress_ctx = &sp;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    double t0 = zx_now();
    zks_exit_error e;
    zks_status st = zks_state_root_files(accounts, balances, &o, root, &e);
    sigaction(SIGINT, &old, NULL);
    if (sp.p.printed) fputc('\n', stderr);
    if (st == ZKS_ERR_STATE && g_interrupted) {
        if (ckpt != NULL)
            zx_errorf("interrupted; the finished blocks are in %s: run the same command again to resume", ckpt);
        else
            zx_errorf("interrupted (no checkpoint kept)");
        return ZX_EXIT_FAIL;
    }
    if (st != ZKS_OK) return zx_fail_file("state root", st, &e);
    fprintf(stderr, "state root computed in %.1f s with %u thread(s)\n", zx_now() - t0, o.threads);
    return ZX_EXIT_OK;
}


int cmd_restore_zksync_tree(int argc, char **argv)
{
    static const char usage[] = "--accounts F --balances F [--threads N] [--checkpoint F | --no-checkpoint]";
    zx_opt o[] = {ZX_VALUE("accounts", 1),
                  ZX_VALUE("balances", 1),
                  ZX_VALUE("threads", 0),
                  ZX_VALUE("checkpoint", 0),
                  ZX_FLAG("no-checkpoint"),
                  ZX_VALUE("balance-depth", 0)};
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit restore-zksync-tree --accounts F --balances F [--threads N]\n"
                "                   [--checkpoint F | --no-checkpoint] [--balance-depth N]\n"
                "Computes the Rescue state root of the snapshot (accounts.csv, balances.csv), the value the\n"
                "last executed block stores on L1, and prints it as the reference exit tool does:\n"
                "  Restored tree root hash: 0xFr(0x<64 hex>)\n"
                "(the reference prints its field element type inside the text; the hex inside Fr(...) is the\n"
                "root). --threads: hashing threads (default: the number of CPUs). Ctrl-C stops after writing\n"
                "the checkpoint (default " DEFAULT_CHECKPOINT "); the same command resumes from it.\n"
                "--balance-depth 11: the layout before the NFT upgrade (old test vectors).\n");
    if (rc != ZX_GO_ON) return rc;
    const char *ckpt = o[4].seen ? NULL : o[3].value != NULL ? o[3].value : DEFAULT_CHECKPOINT;
    printf("Exit tree generator tool\n");
    printf("Restoring ZKSYNC Merkle tree from provided CSV files...\n");
    fflush(stdout);
    uint8_t root[32];
    rc = compute_root(o[0].value, o[1].value, o[2].value, ckpt, o[5].value, root);
    zx_opts_free(o, no);
    if (rc != ZX_EXIT_OK) return rc;
    char hex[ZKS_HASH_HEX_CHARS + 1];
    if (zks_state_root_hex(root, hex) != ZKS_OK) return ZX_EXIT_FAIL;
    printf("Account tree restored successfully.\n");
    printf("Calculating root hash ...\n");
    /* byte for byte the reference's line: "0x" then its Fr Display "Fr(0x...)", a space, a newline */
    printf("Restored tree root hash: 0xFr(%s) \n You can validate this root hash on the ZKSYNC contract.\n", hex);
    return ZX_EXIT_OK;
}

static void verdict(const char *what, int same, int *bad)
{
    printf("%-28s %s\n", what, same ? "matches" : "differs");
    if (!same) *bad = 1;
}

int cmd_verify_snapshot(int argc, char **argv)
{
    static const char usage[] = "--l1 URL --contract ADDR --accounts F --balances F [--tokens F --leaves F] "
                                "[--distributor ADDR] [--threads N] [--checkpoint F | --no-checkpoint] "
                                "[--from-block N] [--scan-blocks N]";
    zx_opt o[] = {ZX_VALUE("l1", 1),
                  ZX_VALUE("contract", 1),
                  ZX_VALUE("accounts", 1),
                  ZX_VALUE("balances", 1),
                  ZX_VALUE("tokens", 0),
                  ZX_VALUE("leaves", 0),
                  ZX_VALUE("distributor", 0),
                  ZX_VALUE("threads", 0),
                  ZX_VALUE("checkpoint", 0),
                  ZX_FLAG("no-checkpoint"),
                  ZX_VALUE("from-block", 0),
                  ZX_VALUE("scan-blocks", 0)};
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit verify-snapshot --l1 URL --contract ADDR --accounts F --balances F\n"
                "                   [--tokens F --leaves F] [--distributor ADDR] [--threads N]\n"
                "                   [--checkpoint F | --no-checkpoint] [--from-block N] [--scan-blocks N]\n"
                "Checks the snapshot against L1 without trusting its publisher:\n"
                "  state root    the Rescue root of accounts.csv + balances.csv against the stateHash of the\n"
                "                last executed block (its StoredBlockInfo, found through BlockVerification\n"
                "                logs scanned backwards from the latest block in --scan-blocks chunks\n"
                "                (default 10000) down to --from-block, must hash to storedBlockHashes(N));\n"
                "  claim leaves  with --tokens and --leaves: the leaves derived from the same files against\n"
                "                the root of --leaves (new_leaves.csv);\n"
                "  claim root    with --leaves and --distributor: the root of --leaves against MERKLE_ROOT().\n"
                "Prints one verdict per item (matches / differs); exit code 5 when anything differs.\n"
                "Ctrl-C stops the state-root computation after writing the checkpoint (default\n" DEFAULT_CHECKPOINT
                "); the same command resumes from it.\n");
    if (rc != ZX_GO_ON) return rc;
    const char *url = o[0].value, *contract = o[1].value, *accounts = o[2].value, *balances = o[3].value;
    const char *tokens = o[4].value, *leaves = o[5].value, *distributor = o[6].value;
    const char *ckpt = o[9].seen ? NULL : o[8].value != NULL ? o[8].value : DEFAULT_CHECKPOINT;
    uint64_t from_block = 0, scan_blocks = 0;
    int bad = 0;
    zks_eth_rpc *rpc = NULL;
    zks_status st;
    if (!zx_is_address(contract) || (distributor != NULL && !zx_is_address(distributor)) ||
        (o[10].value != NULL && parse_u64(o[10].value, &from_block) != 0) ||
        (o[11].value != NULL && (parse_u64(o[11].value, &scan_blocks) != 0 || scan_blocks == 0)) ||
        (tokens != NULL && leaves == NULL)) {
        zx_errorf("verify-snapshot: bad --contract/--distributor address, --from-block, --scan-blocks, "
                  "or --tokens without --leaves");
        rc = ZX_EXIT_USAGE;
        goto out;
    }
    if ((st = zks_eth_rpc_new(url, &rpc)) != ZKS_OK) {
        rc = zx_fail("--l1", st, NULL);
        goto out;
    }
    /* L1 first: fast, and a wrong URL or contract fails before hours of hashing */
    zks_l1_state_root l1;
    if ((st = zks_l1_final_state_root(rpc, contract, from_block, scan_blocks, &l1)) != ZKS_OK) {
        rc = zx_fail("the state root on L1", st, zks_eth_rpc_errmsg(rpc));
        goto out;
    }
    char hex[ZKS_HASH_HEX_CHARS + 1], hex2[ZKS_HASH_HEX_CHARS + 1];
    if (zks_state_root_hex(l1.block.state_hash, hex) != ZKS_OK) {
        rc = ZX_EXIT_FAIL;
        goto out;
    }
    printf("L1: last executed block %u, executeBlocks tx %s (L1 block %llu), stateHash %s\n", l1.block.block_number,
           l1.tx_hash, (unsigned long long)l1.l1_block, hex);
    fflush(stdout);

    uint8_t droot[32] = {0};
    int have_droot = 0;
    if (distributor != NULL) {
        uint8_t ret[64];
        size_t len = 0;
        st = zks_eth_rpc_call(rpc, NULL, distributor, "0x51e75e8b", NULL, ret, sizeof ret, &len); /* MERKLE_ROOT() */
        if (st != ZKS_OK || len < 32) {
            rc = zx_fail("MERKLE_ROOT() of the distributor", st != ZKS_OK ? st : ZKS_ERR_PARSE, zks_eth_rpc_errmsg(rpc));
            goto out;
        }
        memcpy(droot, ret, 32);
        have_droot = 1;
    }

    uint8_t root[32];
    rc = compute_root(accounts, balances, o[7].value, ckpt, NULL, root);
    if (rc != ZX_EXIT_OK) goto out;
    if (zks_state_root_hex(root, hex2) != ZKS_OK) {
        rc = ZX_EXIT_FAIL;
        goto out;
    }
    printf("state root of the files: %s\n", hex2);
    verdict("state root:", memcmp(root, l1.block.state_hash, 32) == 0, &bad);

    if (leaves != NULL) {
        zks_exit_error e;
        uint8_t lroot[32];
        uint64_t nl = 0;
        if ((st = zks_exit_root_file(leaves, NULL, NULL, lroot, &nl, &e)) != ZKS_OK) {
            rc = zx_fail_file("--leaves", st, &e);
            goto out;
        }
        zx_hex(hex2, lroot, 32);
        printf("claim root of %s: %s (%llu leaves)\n", leaves, hex2, (unsigned long long)nl);
        if (tokens != NULL) {
            /* derive the leaves from the same snapshot into a temporary file */
            const char *tmpdir = getenv("TMPDIR");
            char tmp[4096];
            snprintf(tmp, sizeof tmp, "%s/zksync-exit-leaves-%ld.csv", tmpdir != NULL ? tmpdir : "/tmp", (long)getpid());
            uint8_t droot2[32];
            uint64_t nd = 0;
            st = zks_exit_create_leaves(accounts, balances, tokens, tmp, NULL, NULL, &nd, &e);
            if (st == ZKS_OK) st = zks_exit_root_file(tmp, NULL, NULL, droot2, &nd, &e);
            remove(tmp);
            if (st != ZKS_OK) {
                rc = zx_fail_file("deriving the claim leaves", st, &e);
                goto out;
            }
            verdict("claim leaves:", memcmp(droot2, lroot, 32) == 0 && nd == nl, &bad);
        }
        if (have_droot) {
            zx_hex(hex2, droot, 32);
            printf("MERKLE_ROOT() of %s: %s\n", distributor, hex2);
            verdict("claim root:", memcmp(droot, lroot, 32) == 0, &bad);
        }
    }
    rc = bad ? ZX_EXIT_INVALID : ZX_EXIT_OK;
    printf("%s\n", bad ? "verdict: the snapshot DIFFERS from L1" : "verdict: the snapshot matches L1");
out:
    zks_eth_rpc_free(rpc);
    zx_opts_free(o, no);
    return rc;
}
