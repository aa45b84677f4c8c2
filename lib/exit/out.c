/* Atomic output files: write to a temporary file in the target's folder,
 * fsync, rename over the target, fsync the folder. A failure at any step
 * removes the temporary file and leaves the target as it was. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_internal.h"

static void out_clear(zki_exit_out *o)
{
    zks_free(o->path);
    zks_free(o->tmp);
    o->path = o->tmp = NULL;
    o->f = NULL;
}

zks_status zki_exit_out_open(zki_exit_out *o, const char *path, zks_exit_error *err)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    o->path = zki_strdup(path);
    o->tmp = zki_malloc(n + 32);
    if (o->path == NULL || o->tmp == NULL) {
        out_clear(o);
        return ZKS_ERR_NOMEM;
    }
    /* "<dir>/.<name>.tmp.XXXXXX": hidden, in the same folder so that rename is atomic */
    memcpy(o->tmp, path, dirlen);
    snprintf(o->tmp + dirlen, n + 32 - dirlen, ".%s.tmp.XXXXXX", path + dirlen);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        zki_exit_err_set(err, path, 0, "cannot create a temporary file next to it: %s", strerror(errno));
        out_clear(o);
        return ZKS_ERR_IO;
    }
    mode_t um = umask(0);
    umask(um);
    (void)fchmod(fd, 0644 & ~um);
    o->f = fdopen(fd, "wb");
    if (o->f == NULL) {
        zki_exit_err_set(err, path, 0, "cannot open the temporary file: %s", strerror(errno));
        close(fd);
        unlink(o->tmp);
        out_clear(o);
        return ZKS_ERR_IO;
    }
    setvbuf(o->f, NULL, _IOFBF, 1u << 20);
    return ZKS_OK;
}

zks_status zki_exit_out_commit(zki_exit_out *o, zks_exit_error *err)
{
    if (o->f == NULL) return ZKS_ERR_INVALID_ARG;
    const char *step = NULL;
    int e = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) step = "write", e = errno;
    else if (fsync(fileno(o->f)) != 0) step = "fsync", e = errno;
    if (fclose(o->f) != 0 && step == NULL) step = "close", e = errno;
    o->f = NULL;
    if (step == NULL && rename(o->tmp, o->path) != 0) step = "rename", e = errno;
    if (step != NULL) {
        zki_exit_err_set(err, o->path, 0, "%s failed: %s", step, strerror(e));
        unlink(o->tmp);
        out_clear(o);
        return ZKS_ERR_IO;
    }
    /* make the rename itself durable */
    const char *slash = strrchr(o->path, '/');
    if (slash != NULL) o->path[slash - o->path + (slash == o->path ? 1 : 0)] = '\0';
    int dfd = open(slash != NULL ? o->path : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    out_clear(o);
    return ZKS_OK;
}

void zki_exit_out_abort(zki_exit_out *o)
{
    if (o->f != NULL) {
        fclose(o->f);
        o->f = NULL;
        unlink(o->tmp);
    }
    out_clear(o);
}
