/* Signing and submitting, with the one retry-with-doubt helper of the wallet
 * (zki_w_send): every L2 operation, single or batch, goes through it. The
 * rules (docs/reliability.md): a submission whose outcome is unknown stays
 * the wallet's doubt; while it is open nothing else is signed and only its
 * very bytes are sent again; it ends when the committed nonce moved past it
 * (then our hash tells whether it paid: ZKS_ERR_ALREADY_EXECUTED) or when our
 * hash shows a failure. tx_info's "executed: false" ends nothing: a queued tx
 * answers it too. */
#include <time.h>

#include "provider/http.h"
#include "provider/provider.h"
#include "wallet_internal.h"

void zki_signed_free(zki_signed *s)
{
    zks_free(s->tx_json);
    zks_free(s->eth_sig);
    zks_free(s->hashes);
    memset(s, 0, sizeof *s);
}

/* After a failed submit that turned out to be taken: the provider reports success. */
static void provider_ok(zks_wallet *w)
{
    zki_provider_error none;
    memset(&none, 0, sizeof none);
    zki_provider_error_restore(w->p, &none);
}

/* What the server says of the submission's hashes: 1 all executed
 * successfully, 0 one failed, -1 none executed yet (unknown or queued: the
 * server answers both alike), -2 could not ask. keep_err: the provider keeps
 * reporting the failure before this probe. */
static int submission_state(zks_wallet *w, const zki_signed *s, int keep_err, zks_status *err)
{
    zki_provider_error saved;
    if (keep_err) zki_provider_error_save(w->p, &saved);
    int state = 1;
    for (uint32_t i = 0; i < s->count && state != -2; i++) {
        zks_tx_info ti;
        zks_status st = zks_provider_tx_info(w->p, s->hashes + (size_t)i * HASH_CAP, &ti);
        if (st != ZKS_OK) {
            if (err != NULL) *err = st;
            state = -2;
        } else if (ti.executed != 1) {
            if (state == 1) state = -1;
        } else if (ti.success != 1) {
            state = 0;
        }
    }
    if (keep_err) zki_provider_error_restore(w->p, &saved);
    return state;
}

static zks_status submit(zks_wallet *w, const zki_signed *s, char *got)
{
    if (!s->batch) return zks_provider_tx_submit(w->p, s->tx_json, s->eth_sig, s->fast ? 1 : 0, s->hashes, got);
    const char **hs = zki_calloc(s->count, sizeof *hs);
    if (hs == NULL) return ZKS_ERR_NOMEM;
    for (uint32_t i = 0; i < s->count; i++) hs[i] = s->hashes + (size_t)i * HASH_CAP;
    size_t cnt = 0;
    zks_status st = zks_provider_submit_txs_batch(w->p, s->tx_json, s->eth_sig, hs, s->count, got, s->count, &cnt);
    zks_free(hs);
    if (st == ZKS_OK && cnt != s->count) st = ZKS_ERR_PARSE;
    return st;
}

static void put_hashes(const char *from, uint32_t count, char *out, size_t cap, size_t *out_count)
{
    size_t n = count < cap ? count : cap;
    if (out != NULL && n > 0) memcpy(out, from, n * HASH_CAP);
    if (out_count != NULL) *out_count = n;
}

/* Ends the open doubt (or the submission in flight): how = ZKS_WALLET_RESOLVED_*,
 * or -1 for a submission whose outcome became known at once (not a doubt). */
static void doubt_end(zks_wallet *w, int how)
{
    if (how >= 0) {
        zki_signed *d = &w->doubt;
        w->resolved = how;
        memcpy(w->resolved_hash, d->hashes, HASH_CAP);
        memcpy(w->resolved_last, d->hashes + (size_t)(d->count - 1) * HASH_CAP, HASH_CAP);
        w->resolved_nonce = d->nonce;
        w->resolved_count = d->count;
    }
    zki_signed_free(&w->doubt);
    w->doubt_open = 0;
    (void)zki_w_journal_clear(w); /* a stale record is resolved again, never paid twice */
}

zks_status zki_w_resolve_doubt(zks_wallet *w, char *out_hashes, size_t cap, size_t *out_count)
{
    if (!w->doubt_open) return ZKS_OK;
    zki_signed *d = &w->doubt;
    const char *first = d->hashes;
    /* the committed nonce first: a tx executed between the two reads then shows in tx_info */
    zks_status st = zki_w_fetch_account(w, NULL);
    int state = st == ZKS_OK ? submission_state(w, d, 0, &st) : -2;
    if (state == -2) {
        (void)zki_w_perr(w, st);
        put_hashes(d->hashes, d->count, out_hashes, cap, out_count);
        size_t l = strlen(w->errmsg);
        char note[200];
        snprintf(note, sizeof note, "outcome unknown: %s (nonce %u) could not be looked up (%s): nothing signed", first,
                 (unsigned)d->nonce, zks_strerror(st));
        snprintf(w->errmsg + l, sizeof w->errmsg - l, "%s%s", l ? "; " : "", note);
        return zki_outcome_unknown(st) ? ZKS_ERR_OUTCOME_UNKNOWN : st;
    }
    uint32_t committed = w->nonce;
    if (state == 1) {
        put_hashes(d->hashes, d->count, out_hashes, cap, out_count);
        snprintf(w->errmsg, sizeof w->errmsg,
                 "the earlier submission %s (nonce %u, outcome unknown until now) went through: not paid again",
                 first, (unsigned)d->nonce);
        if (w->nonce < d->nonce + d->count) w->nonce = d->nonce + d->count;
        doubt_end(w, ZKS_WALLET_RESOLVED_EXECUTED);
        return ZKS_ERR_ALREADY_EXECUTED;
    }
    if (state == 0 || committed > d->nonce) {
        /* failed, or its nonce went to another tx: it can never pay */
        doubt_end(w, ZKS_WALLET_RESOLVED_DROPPED);
        w->nonce_known = 0;
        return ZKS_OK;
    }
    /* neither moved: it may be queued or lost. Only these very bytes again. */
    char *got = zki_calloc(d->count, HASH_CAP);
    st = got == NULL ? ZKS_ERR_NOMEM : submit(w, d, got);
    zks_free(got);
    const char *why = st == ZKS_OK ? "sent again, pending"
                      : st == ZKS_ERR_NONCE_MISMATCH ? "not executed yet (the server holds a tx at that nonce)"
                                                     : zks_strerror(st);
    snprintf(w->errmsg, sizeof w->errmsg,
             "outcome unknown: check %s (nonce %u) before sending again: %s; nothing else is signed until it "
             "executes, fails or its nonce moves (zks_wallet_resolve)",
             first, (unsigned)d->nonce, why);
    put_hashes(d->hashes, d->count, out_hashes, cap, out_count);
    return ZKS_ERR_OUTCOME_UNKNOWN;
}

zks_status zki_w_send(zks_wallet *w, zki_sign_fn sign, void *ctx, char *out_hashes, size_t cap, size_t *out_count)
{
    size_t dummy = 0;
    if (out_count == NULL) out_count = &dummy;
    *out_count = 0;
    zks_status st = zki_w_resolve_doubt(w, out_hashes, cap, out_count);
    if (st != ZKS_OK) return st;
    zki_signed s;
    memset(&s, 0, sizeof s);
    char *got = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((st = zki_w_ensure_account(w)) != ZKS_OK) break;
        uint32_t used = w->nonce;
        zki_signed_free(&s);
        if ((st = sign(w, ctx, used, &s)) != ZKS_OK) break;
        s.nonce = used;
        zks_free(got);
        if ((got = zki_calloc(s.count, HASH_CAP)) == NULL) {
            st = ZKS_ERR_NOMEM;
            break;
        }
        /* write-ahead: the doubt exists (and is journaled) before the bytes leave */
        w->doubt = s;
        memset(&s, 0, sizeof s);
        w->doubt_open = 1;
        w->resolved = ZKS_WALLET_RESOLVED_NONE;
        if ((st = zki_w_journal_write(w)) != ZKS_OK) {
            zki_wmsg(w, "%s", "the journal could not store the submission: nothing sent");
            doubt_end(w, -1);
            break;
        }
        zki_signed *d = &w->doubt;
        st = submit(w, d, got);
        if (st == ZKS_OK) {
            put_hashes(got, d->count, out_hashes, cap, out_count);
            w->nonce = used + d->count;
            doubt_end(w, -1);
            break;
        }
        (void)zki_w_perr(w, st);
        if (zki_outcome_unknown(st)) {
            /* the server may have taken it: it stays the doubt */
            char prov[sizeof w->errmsg];
            memcpy(prov, w->errmsg, sizeof prov);
            int k = snprintf(w->errmsg, sizeof w->errmsg, "outcome unknown: check %s (nonce %u) before sending again: ",
                             d->hashes, (unsigned)d->nonce);
            if (k > 0 && (size_t)k < sizeof w->errmsg)
                snprintf(w->errmsg + k, sizeof w->errmsg - (size_t)k, "%.*s", (int)(sizeof w->errmsg - (size_t)k - 1),
                         prov);
            put_hashes(d->hashes, d->count, out_hashes, cap, out_count);
            st = ZKS_ERR_OUTCOME_UNKNOWN;
            break;
        }
        if (st == ZKS_ERR_NONCE_MISMATCH && submission_state(w, d, 1, NULL) == 1) {
            /* these very bytes are in a block already (sent by an earlier run or
             * another process): report them, never re-sign */
            put_hashes(d->hashes, d->count, out_hashes, cap, out_count);
            w->nonce = used + d->count;
            w->errmsg[0] = '\0';
            provider_ok(w);
            doubt_end(w, -1);
            st = ZKS_OK;
            break;
        }
        doubt_end(w, -1); /* refused: the server did not take it */
        if (st != ZKS_ERR_NONCE_MISMATCH) break;
        w->nonce_known = 0; /* 101 without a doubt: resync and sign once more */
    }
    zki_signed_free(&s);
    zks_free(got);
    if (st != ZKS_OK && st != ZKS_ERR_OUTCOME_UNKNOWN && st != ZKS_ERR_ALREADY_EXECUTED) {
        if (out_hashes != NULL) memset(out_hashes, 0, cap * HASH_CAP);
        *out_count = 0;
    }
    return st;
}

/* ---- public: the doubt ---- */

static void doubt_out(const zks_wallet *w, zks_wallet_doubt *out)
{
    uint32_t ss = out->struct_size;
    memset(out, 0, sizeof *out);
    out->struct_size = ss;
    if (w->doubt_open) {
        const zki_signed *d = &w->doubt;
        out->open = 1;
        out->batch = d->batch;
        out->nonce = d->nonce;
        out->count = d->count;
        memcpy(out->hash, d->hashes, HASH_CAP);
        memcpy(out->last_hash, d->hashes + (size_t)(d->count - 1) * HASH_CAP, HASH_CAP);
    } else if (w->resolved != ZKS_WALLET_RESOLVED_NONE) {
        out->resolved = w->resolved;
        out->nonce = w->resolved_nonce;
        out->count = w->resolved_count;
        out->batch = w->resolved_count > 1;
        memcpy(out->hash, w->resolved_hash, HASH_CAP);
        memcpy(out->last_hash, w->resolved_last, HASH_CAP);
    }
}

zks_status zks_wallet_doubt_get(zks_wallet *w, zks_wallet_doubt *out)
{
    ZKI_ARG_CHECK(out != NULL && out->struct_size >= sizeof *out);
    ZKI_ARG_CHECK(w != NULL);
    ZKI_W_ENTER(w);
    doubt_out(w, out);
    return ZKI_W_LEAVE(w, ZKS_OK);
}

zks_status zks_wallet_resolve(zks_wallet *w, uint32_t timeout_ms, zks_wallet_doubt *out)
{
    ZKI_ARG_CHECK(out == NULL || out->struct_size >= sizeof *out);
    ZKI_ARG_CHECK(w != NULL);
    ZKI_W_ENTER(w);
    w->errmsg[0] = '\0';
    uint64_t end = zki_now_ms() + timeout_ms;
    zks_status st;
    for (;;) {
        st = zki_w_resolve_doubt(w, NULL, 0, NULL);
        if (st != ZKS_ERR_OUTCOME_UNKNOWN || zki_now_ms() + 250 > end) break;
        struct timespec ts = {0, 250 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (out != NULL) doubt_out(w, out);
    return ZKI_W_LEAVE(w, st);
}
