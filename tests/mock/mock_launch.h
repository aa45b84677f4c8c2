/* Starts and stops tests/mock/rpc_mock.py for the provider tests (header-only,
 * included by tests/unit/test_provider_*.c). The mock listens on 127.0.0.1 on
 * a free port, which it prints as "PORT <n>"; the test stops it by PID. */
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

/* cert and key non-NULL: the mock serves HTTPS with them. */
static inline int zt_mock_start_tls(zt_mock *m, const char *cert, const char *key)
{
    memset(m, 0, sizeof *m);
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
        if (cert != NULL)
            execl("/usr/bin/python3", "python3", "tests/mock/rpc_mock.py", "--tls", cert, key, (char *)NULL);
        else
            execl("/usr/bin/python3", "python3", "tests/mock/rpc_mock.py", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    m->pid = pid;
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
    if (sscanf(line, "PORT %d", &m->port) != 1 || m->port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        m->pid = 0;
        return -1;
    }
    snprintf(m->url, sizeof m->url, "%s://127.0.0.1:%d/jsrpc", cert != NULL ? "https" : "http", m->port);
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

#endif
