/* Client for the reference oracle (tests/oracle/oracle.js, a long-lived node
 * process running zksync-crypto 0.6.2, zksync.js 0.13.1 and ethers 5.7.2).
 * Requests and replies are JSON lines. Requests may be pipelined: send many,
 * then receive the replies in the same order. */
#ifndef ZT_ORACLE_H
#define ZT_ORACLE_H

#include <cjson/cJSON.h>

/* Starts the oracle. Returns 0 on success, -1 if node or the npm packages are
 * missing (the caller then counts a failure: the differential run is required). */
int zo_start(void);
void zo_stop(void);
/* Sends one request line (a JSON object as text, no newline). */
void zo_send(const char *json);
/* printf-style variant. */
void zo_sendf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Receives the next reply. Returns the parsed object ({"ok":..} or {"err":..}),
 * to be freed with cJSON_Delete; NULL if the oracle died. */
cJSON *zo_recv(void);
/* Convenience: the "ok" string of a reply, or NULL (reply kept in *hold for freeing). */
const char *zo_ok_str(cJSON *reply);

#endif
