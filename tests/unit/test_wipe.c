/* Leftover-secret scan (the libwally test_clear idea): each secret-handling call
 * runs on a thread whose stack is a zeroed static buffer; afterwards the whole
 * buffer is searched for the private key, the nonce k, the final HMAC K and V
 * of the nonce derivation, the seed and the seed-hash chain, in big-endian
 * bytes and as little-endian 64-bit limbs (8-byte pieces). Registers, heap
 * copies and swap are out of scope. Skipped under ASan (instrumented frames). */
#include <pthread.h>
#include <sodium.h>
#include <valgrind/memcheck.h>

#include "harness.h"
#include "internal.h"
#include "crypto/jubjub.h"

#define STACK_BYTES (256 * 1024)
static uint8_t stack_mem[STACK_BYTES] __attribute__((aligned(4096)));

typedef struct {
    int op; /* 0 sign, 1 pubkey, 2 pubkey hash, 3 seed */
    uint8_t sk[32], seed[65], msg[10], out[96];
    zks_status st;
} job;

static job the_job;

static void *worker(void *arg)
{
    job *j = arg;
    switch (j->op) {
    case 0: j->st = zks_musig_sign(j->sk, j->msg, sizeof j->msg, j->out); break;
    case 1: j->st = zks_pubkey_from_privkey(j->sk, j->out); break;
    case 2: j->st = zks_pubkey_hash_from_privkey(j->sk, j->out); break;
    default: j->st = zks_privkey_from_seed(j->seed, sizeof j->seed, j->out); break;
    }
    return NULL;
}

static int run_on_stack(job *j)
{
    pthread_attr_t attr;
    pthread_t t;
    memset(stack_mem, 0, sizeof stack_mem);
    if (pthread_attr_init(&attr) != 0) return -1;
    if (pthread_attr_setstack(&attr, stack_mem, sizeof stack_mem) != 0) return -1;
    if (pthread_create(&t, &attr, worker, j) != 0) return -1;
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    /* valgrind marks popped frames undefined; the bytes are still there */
    VALGRIND_MAKE_MEM_DEFINED(stack_mem, sizeof stack_mem);
    return 0;
}

/* Counts 8-byte pieces of secret (as given, and byte-reversed = limb form)
 * found anywhere in the stack buffer. Low-entropy pieces are skipped. */
static int scan(const uint8_t *secret, size_t len, const char *what)
{
    int found = 0;
    for (int rev = 0; rev < 2; rev++) {
        uint8_t s[64];
        for (size_t i = 0; i < len; i++) s[i] = rev ? secret[len - 1 - i] : secret[i];
        for (size_t off = 0; off + 8 <= len; off += 8) {
            int distinct = 0;
            for (int b = 1; b < 8; b++) distinct += s[off + b] != s[off];
            if (distinct < 3) continue;
            for (size_t p = 0; p + 8 <= sizeof stack_mem; p++) {
                if (stack_mem[p] == s[off] && memcmp(stack_mem + p, s + off, 8) == 0) {
                    found++;
                    printf("leftover %s%s piece %zu at stack offset %zu\n", what, rev ? " (limb order)" : "", off / 8,
                           p);
                }
            }
        }
    }
    return found;
}

/* The reference nonce, recomputed here to know K, V and k. */
static void nonce_ref(uint8_t K[32], uint8_t V[32], uint8_t T[32], const uint8_t skb[32], const uint8_t m32[32])
{
    uint8_t h1[32];
    crypto_auth_hmacsha256_state st;
    const uint8_t z = 0, o = 1;
    crypto_hash_sha256(h1, m32, 32);
    memset(V, 1, 32);
    memset(K, 0, 32);
    for (int round = 0; round < 2; round++) {
        crypto_auth_hmacsha256_init(&st, K, 32);
        crypto_auth_hmacsha256_update(&st, V, 32);
        crypto_auth_hmacsha256_update(&st, round ? &o : &z, 1);
        crypto_auth_hmacsha256_update(&st, skb, 32);
        crypto_auth_hmacsha256_update(&st, h1, 32);
        crypto_auth_hmacsha256_final(&st, K);
        crypto_auth_hmacsha256(V, V, 32, K);
    }
    for (;;) {
        crypto_auth_hmacsha256(T, V, 32, K);
        if (zki_fs_be_lt_r(T)) break;
        crypto_auth_hmacsha256_init(&st, K, 32);
        crypto_auth_hmacsha256_update(&st, V, 32);
        crypto_auth_hmacsha256_update(&st, V, 32);
        crypto_auth_hmacsha256_update(&st, &z, 1);
        crypto_auth_hmacsha256_final(&st, K);
    }
}

int main(void)
{
#if defined(__SANITIZE_ADDRESS__)
    /* ASan moves locals to its own fake stacks, so the scan would see nothing. */
    ZT_SKIP("ASan build: stack scan needs uninstrumented frames");
    ZT_END();
#endif
    /* Warm-up on the normal stack: the first call of a shared-library function
     * goes through the lazy-binding resolver, which saves argument registers
     * (stale secrets included) on the stack. That is a one-time register
     * spill, out of scope here, so it must not happen during the scans. */
    {
        job *j = &the_job;
        memset(j, 0, sizeof *j);
        j->sk[31] = 7;
        for (int op = 0; op < 4; op++) {
            j->op = op;
            worker(j);
        }
    }
    int n = zt_iters(6, 2);
    for (int i = 0; i < n; i++) {
        job *j = &the_job;
        uint8_t K[32], V[32], T[32], m32[32];
        zki_fs k;

        memset(j, 0, sizeof *j);
        zt_rand_bytes(j->seed, sizeof j->seed);
        for (int b = 0; b < 10; b++) j->msg[b] = (uint8_t)(b + i);
        j->op = 3;
        ZT_CHECK(run_on_stack(j) == 0 && j->st == ZKS_OK);
        memcpy(j->sk, j->out, 32);
        int found = scan(j->sk, 32, "private key (seed op)") + scan(j->seed, 64, "seed");
        /* the hash chain: e0 = H(seed), e1 = H(e0), ... up to sk */
        uint8_t e[32];
        crypto_hash_sha256(e, j->seed, sizeof j->seed);
        while (memcmp(e, j->sk, 32) != 0) {
            found += scan(e, 32, "seed hash chain");
            crypto_hash_sha256(e, e, 32);
        }
        ZT_CHECK_MSG(found == 0, "privkey_from_seed left %d secret pieces on the stack", found);

        for (int op = 0; op < 3; op++) {
            j->op = op;
            ZT_CHECK(run_on_stack(j) == 0 && j->st == ZKS_OK);
            found = scan(j->sk, 32, "private key");
            if (op == 0) {
                ZT_CHECK_STATUS(zks_rescue_hash(j->msg, sizeof j->msg, m32), ZKS_OK);
                nonce_ref(K, V, T, j->sk, m32);
                /* our recomputed nonce really is the one used: k*G = R */
                zki_jj_point p;
                zki_jj_affine a;
                uint8_t rpk[32];
                ZT_CHECK(zki_fs_from_bytes_be(&k, T));
                zki_jj_mul_base(&p, &k);
                zki_jj_to_affine(&a, &p);
                zki_jj_compress(rpk, &a);
                ZT_CHECK(memcmp(rpk, j->out + 32, 32) == 0);
                found += scan(T, 32, "nonce k") + scan(K, 32, "HMAC K") + scan(V, 32, "HMAC V");
            }
            ZT_CHECK_MSG(found == 0, "op %d left %d secret pieces on the stack", op, found);
        }
    }
    ZT_END();
}
