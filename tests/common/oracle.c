#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oracle.h"

static FILE *to_node, *from_node;
static pid_t node_pid = -1;

static const char *oracle_dir(void)
{
    const char *d = getenv("ZKS_ORACLE_DIR");
    return d ? d : "tests/oracle";
}

int zo_start(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/node_modules/zksync-crypto/package.json", oracle_dir());
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "oracle: %s missing (run make deps)\n", path);
        return -1;
    }
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return -1;
    node_pid = fork();
    if (node_pid < 0) return -1;
    if (node_pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        snprintf(path, sizeof path, "%s/oracle.js", oracle_dir());
        execlp("node", "node", path, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_node = fdopen(in[1], "w");
    from_node = fdopen(out[0], "r");
    signal(SIGPIPE, SIG_IGN);
    zo_send("{\"op\":\"ping\"}");
    cJSON *r = zo_recv();
    int ok = r != NULL && cJSON_GetObjectItem(r, "ok") != NULL;
    cJSON_Delete(r);
    if (!ok) { zo_stop(); return -1; }
    return 0;
}

void zo_stop(void)
{
    if (to_node) { fclose(to_node); to_node = NULL; }
    if (from_node) { fclose(from_node); from_node = NULL; }
    if (node_pid > 0) {
        int st;
        waitpid(node_pid, &st, 0);
        node_pid = -1;
    }
}

void zo_send(const char *json)
{
    if (!to_node) return;
    fputs(json, to_node);
    fputc('\n', to_node);
}

void zo_sendf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (to_node) { vfprintf(to_node, fmt, ap); fputc('\n', to_node); }
    va_end(ap);
}

cJSON *zo_recv(void)
{
    if (!from_node) return NULL;
    fflush(to_node);
    size_t cap = 0;
    char *line = NULL;
    ssize_t n = getline(&line, &cap, from_node);
    if (n <= 0) { free(line); return NULL; }
    cJSON *r = cJSON_Parse(line);
    free(line);
    return r;
}

const char *zo_ok_str(cJSON *reply)
{
    cJSON *ok = reply ? cJSON_GetObjectItem(reply, "ok") : NULL;
    return cJSON_IsString(ok) ? ok->valuestring : NULL;
}
