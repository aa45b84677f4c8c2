/* zksync-exit offline commands: the reference exit tool's create-new-leaves,
 * calculate-root-for-keccak-tree and create-proof (same names, arguments and
 * stdout), and two additions: create-proofs (many accounts in one pass) and
 * verify-proof. */
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define DEFAULT_LEAVES "new_leaves.csv"

/* The reference tool's first line, printed by its main() before every command. */
static void banner(void)
{
    printf("Exit tree generator tool\n");
}


int cmd_create_new_leaves(int argc, char **argv)
{
    static const char usage[] = "--accounts F --balances F --tokens F [--output F]";
    zx_opt o[] = {ZX_VALUE("accounts", 1),
                  ZX_VALUE("balances", 1),
                  ZX_VALUE("tokens", 1),
                  ZX_VALUE("output", 0)};
    size_t no = sizeof o / sizeof o[0], npos;
    int rc = zx_begin(argc, argv, o, no, NULL, 0, &npos, usage,
                      "usage: zksync-exit create-new-leaves --accounts F --balances F --tokens F [--output F]\n"
                             "Derives the claim leaves from the snapshot (accounts.csv, balances.csv, tokens.csv)\n"
                             "as the reference exit tool does and writes them atomically to --output\n"
                             "(default new_leaves.csv). Use the tokens.csv of the snapshot: it has the NFT addresses.\n");
    if (rc != ZX_GO_ON) return rc;
    const char *out = o[3].value != NULL ? o[3].value : DEFAULT_LEAVES;
    banner();
    printf("Creating new leaves from provided CSV files...\n");
    fflush(stdout);
    zx_progress pr;
    zx_progress_start(&pr, "reading balances", 0);
    zks_exit_error e;
    uint64_t n = 0;
    double t0 = zx_now();
    zks_status st = zks_exit_create_leaves(o[0].value, o[1].value, o[2].value, out, zx_progress_cb, &pr, &n, &e);
    zx_progress_end(&pr, pr.total);
    zx_opts_free(o, no);
    if (st != ZKS_OK) return zx_fail_file("create-new-leaves", st, &e);
    fprintf(stderr, "%llu leaves in %.1f s\n", (unsigned long long)n, zx_now() - t0);
    printf("New leaves saved successfully to CSV %s\n", out);
    return ZX_EXIT_OK;
}

int cmd_calculate_root(int argc, char **argv)
{
    static const char usage[] = "[LEAVES]";
    const char *pos[1];
    size_t npos;
    int rc = zx_begin(argc, argv, NULL, 0, pos, 1, &npos, usage,
                      "usage: zksync-exit calculate-root-for-keccak-tree [LEAVES]\n"
                         "Prints the claim tree root of LEAVES (default new_leaves.csv), read in one streaming pass.\n");
    if (rc != ZX_GO_ON) return rc;
    const char *path = npos > 0 ? pos[0] : DEFAULT_LEAVES;
    banner();
    printf("Calculating Keccak Merkle tree root from leaves file: %s\n", path);
    fflush(stdout);
    zx_progress pr;
    zx_progress_start(&pr, "reading leaves", 0);
    uint8_t root[32];
    uint64_t n;
    zks_exit_error e;
    zks_status st = zks_exit_root_file(path, zx_progress_cb, &pr, root, &n, &e);
    zx_progress_end(&pr, pr.total);
    if (st != ZKS_OK) return zx_fail_file("calculate-root-for-keccak-tree", st, &e);
    char hex[67];
    zx_hex(hex, root, 32);
    printf("Loaded %llu leaves\n", (unsigned long long)n);
    printf("Calculated Keccak Merkle tree root: %s\n", hex);
    return ZX_EXIT_OK;
}

/* Runs one pass over path with the requests already in t. */
static int run_pass(zks_exit_tree *t, const char *path, const char *what)
{
    zx_progress pr;
    zx_progress_start(&pr, "reading leaves", 0);
    zks_exit_error e;
    zks_status st = zks_exit_tree_add_file(t, path, zx_progress_cb, &pr, &e);
    zx_progress_end(&pr, pr.total);
    if (st != ZKS_OK) return zx_fail_file(what, st, &e);
    uint8_t root[32];
    st = zks_exit_tree_root(t, root);
    if (st != ZKS_OK) return zx_fail(what, st, "no leaves");
    return ZX_EXIT_OK;
}

static int print_json(const zks_exit_proof *p, size_t n, const char *out_path)
{
    char *json = NULL;
    zks_status st = zks_exit_proofs_to_json(p, n, &json);
    if (st != ZKS_OK) return zx_fail("proof JSON", st, NULL);
    size_t len = strlen(json);
    json[len] = '\0';
    if (out_path == NULL) {
        printf("%s\n", json);
        zks_free(json);
        return fflush(stdout) == 0 ? ZX_EXIT_OK : ZX_EXIT_IO;
    }
    zx_atomic a;
    st = zx_atomic_open(&a, out_path);
    if (st == ZKS_OK) {
        if (fputs(json, a.f) < 0 || fputc('\n', a.f) == EOF) {
            zx_atomic_abort(&a);
            st = ZKS_ERR_IO;
        } else {
            st = zx_atomic_commit(&a);
        }
    }
    zks_free(json);
    if (st != ZKS_OK) return zx_fail(out_path, st, NULL);
    return ZX_EXIT_OK;
}

int cmd_create_proof(int argc, char **argv)
{
    static const char usage[] = "--account A --tokens T... [LEAVES]";
    zx_opt o[] = {ZX_VALUE("account", 1),
                  ZX_LIST("tokens", 0, zx_is_address)};
    size_t no = sizeof o / sizeof o[0], npos;
    const char *pos[1];
    int rc = zx_begin(argc, argv, o, no, pos, 1, &npos, usage,
                      "usage: zksync-exit create-proof --account A --tokens T... [LEAVES]\n"
                "Prints the claim proofs of account A for each token T (0x addresses) as the reference's JSON\n"
                "array, from LEAVES (default new_leaves.csv). Without --tokens: every token of A.\n");
    if (rc != ZX_GO_ON) return rc;
    uint8_t account[20];
    if (zx_parse_address(o[0].value, account) != 0) {
        zx_opts_free(o, no);
        zx_errorf("create-proof: --account %s is not an address", o[0].value);
        return ZX_EXIT_USAGE;
    }
    size_t nt = o[1].count;
    uint8_t(*tokens)[20] = nt > 0 ? calloc(nt, 20) : NULL;
    if (nt > 0 && tokens == NULL) {
        zx_opts_free(o, no);
        return zx_fail("create-proof", ZKS_ERR_NOMEM, NULL);
    }
    for (size_t i = 0; i < nt; i++) {
        if (zx_parse_address(o[1].list[i], tokens[i]) != 0) {
            zx_errorf("create-proof: token %s is not an address", o[1].list[i]);
            free(tokens);
            zx_opts_free(o, no);
            return ZX_EXIT_USAGE;
        }
    }
    const char *path = npos > 0 ? pos[0] : DEFAULT_LEAVES;
    char hex[67];
    zx_hex(hex, account, 20);
    banner();
    printf("Creating Merkle proof for account %s and tokens [", hex);
    for (size_t i = 0; i < nt; i++) {
        zx_hex(hex, tokens[i], 20);
        printf("%s%s", i ? ", " : "", hex);
    }
    printf("] from leaves file: %s\n", path);
    fflush(stdout);
    zks_exit_tree *t = NULL;
    zks_status st = zks_exit_tree_new(&t);
    for (size_t i = 0; st == ZKS_OK && i < nt; i++) st = zks_exit_tree_request(t, account, tokens[i]);
    if (st == ZKS_OK && nt == 0) st = zks_exit_tree_request(t, account, NULL);
    if (st != ZKS_OK) rc = zx_fail("create-proof", st, NULL);
    else rc = run_pass(t, path, "create-proof");
    zks_exit_proof *proofs = NULL;
    size_t np = 0;
    if (rc == ZX_EXIT_OK) {
        size_t found = 0;
        if (zks_exit_tree_proof_count(t, &found) != ZKS_OK) found = 0;
        size_t want = nt > 0 ? nt : found;
        proofs = want > 0 ? calloc(want, sizeof *proofs) : NULL;
        if (want > 0 && proofs == NULL) rc = zx_fail("create-proof", ZKS_ERR_NOMEM, NULL);
        for (size_t i = 0; rc == ZX_EXIT_OK && i < want; i++) {
            st = nt > 0 ? zks_exit_tree_proof_find(t, account, tokens[i], &proofs[np])
                        : zks_exit_tree_proof_at(t, i, &proofs[np]);
            if (st == ZKS_ERR_NOT_FOUND) {
                char th[67];
                zx_hex(hex, account, 20);
                zx_hex(th, tokens[i], 20);
                zx_errorf("create-proof: Failed to find leaf for account %s and token %s", hex, th);
                rc = ZX_EXIT_NOT_FOUND;
            } else if (st != ZKS_OK) {
                rc = zx_fail("create-proof", st, NULL);
            } else {
                np++;
            }
        }
        if (rc == ZX_EXIT_OK && nt == 0 && np == 0) {
            zx_hex(hex, account, 20);
            zx_errorf("create-proof: Failed to find any leaf for account %s", hex);
            rc = ZX_EXIT_NOT_FOUND;
        }
    }
    if (rc == ZX_EXIT_OK) rc = print_json(proofs, np, NULL);
    free(proofs);
    free(tokens);
    zks_exit_tree_free(t);
    zx_opts_free(o, no);
    return rc;
}

/* Reads "0xACCOUNT" or "0xACCOUNT,0xTOKEN" lines (blank lines and '#' comments skipped) into t. */
static int load_requests(zks_exit_tree *t, const char *path, size_t *count)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        zx_errorf("create-proofs: cannot open %s", path);
        return ZX_EXIT_IO;
    }
    char line[256];
    unsigned long ln = 0;
    int rc = ZX_EXIT_OK;
    *count = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        ln++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            zx_errorf("create-proofs: %s line %lu: too long", path, ln);
            rc = ZX_EXIT_FORMAT;
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (*s == '\0' || *s == '#') continue;
        char *comma = strchr(s, ',');
        if (comma != NULL) *comma = '\0';
        uint8_t acc[20], tok[20];
        if (zx_parse_address(s, acc) != 0 || (comma != NULL && zx_parse_address(comma + 1, tok) != 0)) {
            zx_errorf("create-proofs: %s line %lu: expected 0xACCOUNT or 0xACCOUNT,0xTOKEN", path, ln);
            rc = ZX_EXIT_FORMAT;
            break;
        }
        zks_status st = zks_exit_tree_request(t, acc, comma != NULL ? tok : NULL);
        if (st != ZKS_OK) {
            rc = zx_fail("create-proofs", st, NULL);
            break;
        }
        (*count)++;
    }
    if (rc == ZX_EXIT_OK && ferror(f)) {
        zx_errorf("create-proofs: read error on %s", path);
        rc = ZX_EXIT_IO;
    }
    if (f != stdin) fclose(f);
    return rc;
}

int cmd_create_proofs(int argc, char **argv)
{
    static const char usage[] = "--accounts-file F [--output F] [LEAVES]";
    zx_opt o[] = {ZX_VALUE("accounts-file", 1),
                  ZX_VALUE("output", 0)};
    size_t no = sizeof o / sizeof o[0], npos;
    const char *pos[1];
    int rc = zx_begin(argc, argv, o, no, pos, 1, &npos, usage,
                      "usage: zksync-exit create-proofs --accounts-file F [--output F] [LEAVES]\n"
                "The proofs of many accounts in one streaming pass over LEAVES (default new_leaves.csv).\n"
                "F has one request per line: 0xACCOUNT (all its tokens) or 0xACCOUNT,0xTOKEN; '#' comments.\n"
                "Writes one JSON array (the reference's format, claim-index order) to --output (atomically)\n"
                "or stdout. Requests without a leaf are listed on stderr and give exit code 6.\n");
    if (rc != ZX_GO_ON) return rc;
    const char *path = npos > 0 ? pos[0] : DEFAULT_LEAVES;
    zks_exit_tree *t = NULL;
    zks_status st = zks_exit_tree_new(&t);
    if (st != ZKS_OK) return zx_fail("create-proofs", st, NULL);
    size_t nreq = 0;
    rc = load_requests(t, o[0].value, &nreq);
    if (rc == ZX_EXIT_OK) rc = run_pass(t, path, "create-proofs");
    zks_exit_proof *proofs = NULL;
    size_t np = 0;
    if (rc == ZX_EXIT_OK) {
        if (zks_exit_tree_proof_count(t, &np) != ZKS_OK) np = 0;
        proofs = np > 0 ? calloc(np, sizeof *proofs) : NULL;
        if (np > 0 && proofs == NULL) rc = zx_fail("create-proofs", ZKS_ERR_NOMEM, NULL);
        for (size_t i = 0; rc == ZX_EXIT_OK && i < np; i++) {
            st = zks_exit_tree_proof_at(t, i, &proofs[i]);
            if (st != ZKS_OK) rc = zx_fail("create-proofs", st, NULL);
        }
    }
    if (rc == ZX_EXIT_OK) {
        rc = print_json(proofs, np, o[1].value);
        fprintf(stderr, "%zu requests, %zu proofs\n", nreq, np);
        if (rc == ZX_EXIT_OK && np == 0 && nreq > 0) rc = ZX_EXIT_NOT_FOUND;
    }
    free(proofs);
    zks_exit_tree_free(t);
    zx_opts_free(o, no);
    return rc;
}

int cmd_verify_proof(int argc, char **argv)
{
    static const char usage[] = "[--root 0xROOT] [PROOF.json]";
    zx_opt o[] = {ZX_VALUE("root", 0)};
    size_t no = 1, npos;
    const char *pos[1];
    int rc = zx_begin(argc, argv, o, no, pos, 1, &npos, usage,
                      "usage: zksync-exit verify-proof [--root 0xROOT] [PROOF.json]\n"
                             "Checks every proof of a create-proof JSON file (default stdin) offline: the leaf\n"
                             "hash and the path to --root (default: each proof's own merkleRoot).\n");
    if (rc != ZX_GO_ON) return rc;
    uint8_t root[32];
    if (o[0].value != NULL && zx_parse_hash(o[0].value, root) != 0) {
        zx_errorf("verify-proof: --root must be 0x + 64 hex digits");
        return ZX_EXIT_USAGE;
    }
    const char *path = npos > 0 ? pos[0] : "-";
    char *text;
    size_t len;
    zks_status st = zx_read_file(path, 64u << 20, &text, &len);
    if (st != ZKS_OK) return zx_fail(path, st, NULL);
    /* the reference prints log lines before the JSON: start at the first '[' or '{' on a line of its own */
    const char *j = text;
    for (const char *p = text; *p; p++) {
        if ((*p == '[' || *p == '{') && (p == text || p[-1] == '\n')) {
            j = p;
            break;
        }
    }
    zks_exit_proof *proofs = NULL;
    size_t n = 0;
    st = zks_exit_proofs_from_json(j, len - (size_t)(j - text), &proofs, &n);
    free(text);
    if (st != ZKS_OK) return zx_fail(path, st, "not the proof JSON of create-proof");
    if (n == 0) {
        zx_errorf("verify-proof: no proofs in %s", path);
        return ZX_EXIT_FORMAT;
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char acc[43], tok[43];
        zx_hex(acc, proofs[i].account, 20);
        zx_hex(tok, proofs[i].token, 20);
        st = zks_exit_proof_verify(&proofs[i], o[0].value != NULL ? root : NULL);
        printf("claim %llu account %s token %s balance %s: %s\n", (unsigned long long)proofs[i].claim_index, acc,
               tok, proofs[i].balance, st == ZKS_OK ? "valid" : "INVALID");
        if (st != ZKS_OK) bad = 1;
    }
    zks_free(proofs);
    return bad ? ZX_EXIT_INVALID : ZX_EXIT_OK;
}
