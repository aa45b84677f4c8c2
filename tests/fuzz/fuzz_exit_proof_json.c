/* libFuzzer target for the proof JSON reader and writer (lib/exit/proof_json.c).
 * Invariants: no crash or leak; bad input is ZKS_ERR_JSON; what is read
 * writes back and reads again to the same proofs; verifying never crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zksync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20)) return 0;
    zks_exit_proof *p = NULL;
    size_t n = 0;
    zks_status st = zks_exit_proofs_from_json((const char *)data, size, &p, &n);
    if (st != ZKS_OK) {
        if ((st != ZKS_ERR_JSON && st != ZKS_ERR_NOMEM) || p != NULL || n != 0) abort();
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        zks_status v = zks_exit_proof_verify(&p[i], NULL);
        if (v != ZKS_OK && v != ZKS_ERR_PROOF_INVALID) abort();
    }
    char *js = NULL;
    if (zks_exit_proofs_to_json(p, n, &js) != ZKS_OK) abort();
    zks_exit_proof *q = NULL;
    size_t m = 0;
    if (zks_exit_proofs_from_json(js, strlen(js), &q, &m) != ZKS_OK || m != n) abort();
    if (n > 0 && memcmp(p, q, n * sizeof *p) != 0) abort();
    zks_free(js);
    zks_free(p);
    zks_free(q);
    return 0;
}
