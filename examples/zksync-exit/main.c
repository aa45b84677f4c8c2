/* zksync-exit: the holders' exit tool for zkSync Lite after its shutdown.
 * Offline commands compatible with the reference exit tool
 * (matter-labs/zksync core/bin/exit_tree_generator), plus the L1 and state
 * checks of libzksync. See docs/exit-tree.md and docs/exit.md. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

/* The commands: X(name, function, one-line help). Add one line per command;
 * the function is `int fn(int argc, char **argv)` (argv[0] = the name). */
#define ZX_COMMANDS(X)                                                                                          \
    X("create-new-leaves", cmd_create_new_leaves,                                                               \
      "--accounts F --balances F --tokens F [--output F]  derive new_leaves.csv from the snapshot")             \
    X("calculate-root-for-keccak-tree", cmd_calculate_root, "[LEAVES]  the claim tree root of new_leaves.csv") \
    X("create-proof", cmd_create_proof,                                                                         \
      "--account A --tokens T... [LEAVES]  the claim proofs of one account, as JSON")                          \
    X("create-proofs", cmd_create_proofs,                                                                       \
      "--accounts-file F [--output F] [LEAVES]  proofs of many accounts (one address per line) in one pass")   \
    X("verify-proof", cmd_verify_proof, "[--root R] [PROOF.json]  check a proof JSON file offline")                     \
    X("restore-zksync-tree", cmd_restore_zksync_tree, "--accounts F --balances F  the Rescue state root of the snapshot") \
    X("verify-snapshot", cmd_verify_snapshot, "--l1 URL --contract A --accounts F --balances F [...]  the snapshot against L1") \
    X("status", cmd_status, "--l1 URL --contract A [--from-block N --chunk N]  the sunset state of the contract on L1") \
    X("verify", cmd_verify, "--l1 URL --contract A [--leaves F]  the leaves' root against the one on L1") \
    X("claim", cmd_claim, "--l1 URL --contract A ACCOUNTS [--send ...]  claim on L1 (dry run by default)") \
    X("pending", cmd_pending, "--l1 URL --contract A ACCOUNTS [--withdraw]  pending balances on L1") \
    X("migrate", cmd_migrate, "--l1 URL --contract A --token T... [--send]  move tokens to the claim distributor")

#define ZX_DECLARE(name, fn, help) int fn(int argc, char **argv);
ZX_COMMANDS(ZX_DECLARE)

typedef struct zx_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} zx_command;

#define ZX_ENTRY(name, fn, help) {name, fn, help},
static const zx_command commands[] = {ZX_COMMANDS(ZX_ENTRY)};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " ZX_TOOL_NAME " <command> [options]   (" ZX_TOOL_NAME " <command> --help for details)\n"
            "\n"
            "Claim your zkSync Lite balance on L1 after the shutdown of 2026-05-04.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-32s %s\n", commands[i].name, commands[i].help);
    fprintf(out,
            "\n"
            "exit codes:\n"
            "  0  done\n"
            "  1  other failure\n"
            "  2  bad command line\n"
            "  3  a file could not be opened, read, written or renamed\n"
            "  4  a snapshot, leaves or proof file is malformed (the message names file and line)\n"
            "  5  a proof does not lead to the root, or a root differs from the one on L1\n"
            "  6  the requested account or token has no leaf\n"
            "  7  the Ethereum node or the zkSync server failed or refused\n"
            "\n"
            "environment: ZKS_PROGRESS=0/1 turns the progress lines on stderr off/on (default: on a terminal).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return ZX_EXIT_USAGE;
    }
    const char *c = argv[1];
    if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0 || strcmp(c, "help") == 0) {
        usage(stdout);
        return ZX_EXIT_OK;
    }
    if (strcmp(c, "--version") == 0 || strcmp(c, "-V") == 0) {
        printf(ZX_TOOL_NAME " %s (libzksync %s)\n", ZKS_VERSION_STRING, zks_version_string());
        return ZX_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, c) == 0) return commands[i].fn(argc - 1, argv + 1);
    zx_errorf("unknown command '%s'", c);
    usage(stderr);
    return ZX_EXIT_USAGE;
}
