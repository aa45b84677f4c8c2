/* Starts and stops tests/mock/rpc_mock.py for the provider tests (header-only,
 * included by tests/unit/test_provider_*.c and the devnet tests' proxies). The
 * mock listens on 127.0.0.1 on a free port, which it prints as "PORT <n>"; the
 * test stops it by PID. */
#ifndef ZT_MOCK_LAUNCH_H
#define ZT_MOCK_LAUNCH_H

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    pid_t pid;
    int port;
    char url[64];
} zt_mock;

/* Runs /usr/bin/python3 with args (NULL-terminated, after "python3"): a
 * loopback server that prints "PORT <n>" on stdout once it listens. Waits up
 * to 15 s for that line, then writes scheme://127.0.0.1:<n><path> to url.
 * Returns the child's pid (stop it by PID) or -1 (nothing left running). */
static inline pid_t zt_spawn_python(const char *const *args, const char *scheme, const char *path, char *url,
                                    size_t url_cap)
{
    const char *argv[16];
    size_t k = 0;
    argv[k++] = "python3";
    while (args[k - 1] != NULL && k < sizeof argv / sizeof argv[0] - 1) {
        argv[k] = args[k - 1];
        k++;
    }
    argv[k] = NULL;
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv("/usr/bin/python3", (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    char line[64];
    size_t n = 0;
    while (n < sizeof line - 1) {
        struct pollfd p = {fds[0], POLLIN, 0};
        if (poll(&p, 1, 15000) <= 0) break;
        ssize_t r = read(fds[0], line + n, 1);
        if (r <= 0) break;
        if (line[n] == '\n') break;
        n++;
    }
    line[n] = '\0';
    close(fds[0]);
    int port = 0;
    if (sscanf(line, "PORT %d", &port) != 1 || port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    snprintf(url, url_cap, "%s://127.0.0.1:%d%s", scheme, port, path);
    return pid;
}

/* cert and key non-NULL: the mock serves HTTPS with them. */
static inline int zt_mock_start_tls(zt_mock *m, const char *cert, const char *key)
{
    memset(m, 0, sizeof *m);
    const char *const plain[] = {"tests/mock/rpc_mock.py", NULL};
    const char *const tls[] = {"tests/mock/rpc_mock.py", "--tls", cert, key, NULL};
    pid_t pid = zt_spawn_python(cert != NULL ? tls : plain, cert != NULL ? "https" : "http", "/jsrpc", m->url,
                                sizeof m->url);
    if (pid < 0) {
        m->url[0] = '\0';
        return -1;
    }
    m->pid = pid;
    const char *colon = strrchr(m->url, ':');
    m->port = colon != NULL ? atoi(colon + 1) : 0;
    return 0;
}

static inline int zt_mock_start(zt_mock *m) { return zt_mock_start_tls(m, NULL, NULL); }

static inline void zt_mock_stop(zt_mock *m)
{
    if (m->pid <= 0) return;
    kill(m->pid, SIGTERM);
    for (int i = 0; i < 50; i++) {
        if (waitpid(m->pid, NULL, WNOHANG) == m->pid) {
            m->pid = 0;
            return;
        }
        usleep(100000);
    }
    kill(m->pid, SIGKILL);
    waitpid(m->pid, NULL, 0);
    m->pid = 0;
}

#ifdef ZKSYNC_H
/* The mock with two providers on it: *p for the test, *ctl for the mock's
 * control methods. 0, or -1 with nothing left open. */
static inline void zt_mock_close(zt_mock *m, zks_provider **p, zks_provider **ctl)
{
    zks_provider_free(*p);
    zks_provider_free(*ctl);
    *p = *ctl = NULL;
    zt_mock_stop(m);
}

static inline int zt_mock_open(zt_mock *m, zks_provider **p, zks_provider **ctl)
{
    *p = *ctl = NULL;
    if (zt_mock_start(m) != 0) return -1;
    if (zks_provider_new(m->url, p) == ZKS_OK && zks_provider_new(m->url, ctl) == ZKS_OK) return 0;
    zt_mock_close(m, p, ctl);
    return -1;
}
#endif

#endif
