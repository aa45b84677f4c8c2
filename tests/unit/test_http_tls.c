/* TLS verification is always on: an HTTPS server with a self-signed
 * certificate is refused with a typed status; plain HTTP to a TLS port fails
 * cleanly too. Needs /usr/bin/openssl to make the certificate (else skipped). */
#include <sys/stat.h>

#include "harness.h"
#include "../mock/mock_launch.h"

int main(void)
{
    char dir[] = "/tmp/zks-tls-XXXXXX";
    if (access("/usr/bin/openssl", X_OK) != 0 || mkdtemp(dir) == NULL) {
        printf("no openssl or temp dir: skipped\n");
        ZT_END();
    }
    char cert[64], key[64], cmd[512];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout %s -out %s "
             ">/dev/null 2>&1",
             key, cert);
    int rc = system(cmd);
    ZT_CHECK_MSG(rc == 0, "openssl req failed (%d)", rc);
    zt_mock m;
    if (rc != 0 || zt_mock_start_tls(&m, cert, key) != 0) {
        ZT_CHECK_MSG(0, "could not start the TLS mock");
    } else {
        zks_provider *p = NULL;
        ZT_CHECK_STATUS(zks_provider_new(m.url, &p), ZKS_OK);
        ZT_CHECK_STATUS(zks_provider_set_retries(p, 1, 10), ZKS_OK);
        char ver[ZKS_RPC_SHORT_CHARS + 1];
        ZT_CHECK_STATUS(zks_provider_get_zksync_version(p, ver), ZKS_ERR_NETWORK);
        ZT_CHECK(zt_all_zero(ver, sizeof ver));
        ZT_CHECK_MSG(strstr(zks_provider_errmsg(p), "certificate") != NULL, "message: %s", zks_provider_errmsg(p));
        zks_provider_free(p);
        /* the same port spoken to in plain HTTP */
        char url[80];
        snprintf(url, sizeof url, "http://127.0.0.1:%d/", m.port);
        zks_eth_rpc *e = NULL;
        ZT_CHECK_STATUS(zks_eth_rpc_new(url, &e), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_rpc_set_timeouts(e, 1000, 2000), ZKS_OK);
        ZT_CHECK_STATUS(zks_eth_rpc_set_retries(e, 0, 0), ZKS_OK);
        uint64_t id = 7;
        zks_status st = zks_eth_rpc_chain_id(e, &id);
        ZT_CHECK_MSG(st == ZKS_ERR_NETWORK || st == ZKS_ERR_HTTP || st == ZKS_ERR_TIMEOUT || st == ZKS_ERR_PARSE,
                     "plain HTTP to TLS: %d", st);
        ZT_CHECK(id == 0);
        zks_eth_rpc_free(e);
        zt_mock_stop(&m);
    }
    unlink(cert);
    unlink(key);
    rmdir(dir);
    ZT_END();
}
