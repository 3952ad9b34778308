/*
 * Migration channels: turn a URI (exec:, tcp:, unix:, fd:, file:) into a
 * QEMUFile for sending, or into a listener that hands the main loop a
 * QEMUFile once the stream arrives.  What flows over the stream is not this
 * file's business.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <signal.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib-unix.h>
#include "migration-internal.h"

int (*monitor_fd_lookup)(const char *name, Error **errp);

/* ---- exec: a /bin/sh -c child on the other end of a pipe ---- */

typedef struct ExecChannel {
    int fd;
    GPid pid;
    char *name;
} ExecChannel;

static ssize_t exec_read(void *opaque, uint8_t *buf, size_t size, Error **errp)
{
    ExecChannel *c = opaque;
    for (;;) {
        ssize_t n = read(c->fd, buf, size);
        if (n >= 0) {
            return n;
        }
        if (errno != EINTR) {
            error_setg_errno(errp, errno, "%s: read failed", c->name);
            return -errno;
        }
    }
}

static ssize_t exec_write(void *opaque, const uint8_t *buf, size_t size, Error **errp)
{
    ExecChannel *c = opaque;
    for (;;) {
        ssize_t n = write(c->fd, buf, size);
        if (n >= 0) {
            return n;
        }
        if (errno != EINTR) {
            error_setg_errno(errp, errno, "%s: write failed", c->name);
            return -errno;
        }
    }
}

/* Reap the child: wait up to a few seconds, then kill it. */
static int exec_reap(GPid pid)
{
    int status = 0;
    for (int i = 0; i < 500; i++) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        }
        if (r < 0 && errno != EINTR) {
            return 0;
        }
        g_usleep(10 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return 128;
}

static int exec_close(void *opaque)
{
    ExecChannel *c = opaque;
    int ret = close(c->fd) < 0 ? -errno : 0;
    int status = exec_reap(c->pid);
    if (!ret && status) {
        ret = -EIO;
    }
    g_free(c->name);
    g_free(c);
    return ret;
}

static int exec_shutdown(void *opaque)
{
    ExecChannel *c = opaque;
    kill(c->pid, SIGTERM);
    return 0;
}

static const QEMUFileOps exec_ops = {
    .read = exec_read,
    .write = exec_write,
    .close = exec_close,
    .shutdown = exec_shutdown,
};

static QEMUFile *exec_open(const char *cmd, bool writable, int *fdp, Error **errp)
{
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    GError *gerr = NULL;
    ExecChannel *c;
    GPid pid;
    int fd;

    if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                  NULL, NULL, &pid, writable ? &fd : NULL,
                                  writable ? NULL : &fd, NULL, &gerr)) {
        error_setg(errp, "exec:%s: cannot start /bin/sh: %s", cmd, gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    c = g_new0(ExecChannel, 1);
    c->fd = fd;
    c->pid = pid;
    c->name = g_strdup_printf("exec:%s", cmd);
    if (fdp) {
        *fdp = fd;
    }
    return qemu_file_new(&exec_ops, c, writable);
}

/* ---- sockets ---- */

static int socket_connect_inet(const char *hostport, Error **errp)
{
    g_autofree char *host = NULL;
    const char *port;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
    int fd = -1, err = 0, rc;

    port = strrchr(hostport, ':');
    if (!port) {
        error_setg(errp, "address '%s' is not host:port", hostport);
        return -1;
    }
    host = g_strndup(hostport, port - hostport);
    port++;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
    }
    rc = getaddrinfo(host[0] ? host : "localhost", port, &hints, &res);
    if (rc) {
        error_setg(errp, "address resolution failed for %s: %s", hostport, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "Failed to connect to '%s'", hostport);
    }
    return fd;
}

static int socket_listen_inet(const char *hostport, Error **errp)
{
    g_autofree char *host = NULL;
    const char *port;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res, *ai;
    int fd = -1, err = 0, rc, on = 1;

    port = strrchr(hostport, ':');
    if (!port) {
        error_setg(errp, "address '%s' is not host:port", hostport);
        return -1;
    }
    host = g_strndup(hostport, port - hostport);
    port++;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
    }
    rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc) {
        error_setg(errp, "address resolution failed for %s: %s", hostport, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) {
            break;
        }
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "Failed to bind socket for '%s'", hostport);
    }
    return fd;
}

static bool unix_address(const char *path, struct sockaddr_un *sa, Error **errp)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    if (!path[0] || strlen(path) >= sizeof(sa->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is empty or too long", path);
        return false;
    }
    strcpy(sa->sun_path, path);
    return true;
}

static int socket_connect_unix(const char *path, Error **errp)
{
    struct sockaddr_un sa;
    int fd;

    if (!unix_address(path, &sa, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'", path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static int socket_listen_unix(const char *path, Error **errp)
{
    struct sockaddr_un sa;
    int fd;

    if (!unix_address(path, &sa, errp)) {
        return -1;
    }
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s", path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

/* fd:NAME through the monitor's getfd table, or a plain number. */
static int fd_param(const char *name, Error **errp)
{
    char *end;
    long v;

    if (monitor_fd_lookup) {
        Error *local = NULL;
        int fd = monitor_fd_lookup(name, &local);
        if (fd >= 0) {
            return fd;
        }
        if (!g_ascii_isdigit(name[0])) {
            error_propagate(errp, local);
            return -1;
        }
        error_free(local);
    }
    v = strtol(name, &end, 10);
    if (!name[0] || *end || v < 0 || v > INT_MAX || fcntl((int)v, F_GETFD) < 0) {
        error_setg(errp, "File descriptor named '%s' has not been found", name);
        return -1;
    }
    return (int)v;
}

static const char *strip_prefix(const char *uri, const char *prefix)
{
    return g_str_has_prefix(uri, prefix) ? uri + strlen(prefix) : NULL;
}

QEMUFile *migration_channel_connect(const char *uri, Error **errp)
{
    const char *p;
    int fd;

    if ((p = strip_prefix(uri, "exec:"))) {
        return exec_open(p, true, NULL, errp);
    }
    if ((p = strip_prefix(uri, "tcp:"))) {
        fd = socket_connect_inet(p, errp);
    } else if ((p = strip_prefix(uri, "unix:"))) {
        fd = socket_connect_unix(p, errp);
    } else if ((p = strip_prefix(uri, "fd:"))) {
        fd = fd_param(p, errp);
    } else if ((p = strip_prefix(uri, "file:"))) {
        fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0660);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Could not open file '%s'", p);
        }
    } else {
        error_setg(errp, "unknown migration protocol: %s", uri);
        return NULL;
    }
    if (fd < 0) {
        return NULL;
    }
    return qemu_file_new_fd_output(fd, uri);
}

/* ---- listening ---- */

struct MigrationChannel {
    int listen_fd;              /* tcp:/unix: listener, else -1 */
    int data_fd;                /* exec:/fd: the stream fd we wait on */
    QEMUFile *file;             /* not yet handed over */
    char *unix_path;
    guint watch;
    void (*on_ready)(QEMUFile *f, void *opaque);
    void *opaque;
    char *uri;
};

static void channel_hand_over(MigrationChannel *ch, QEMUFile *f)
{
    ch->watch = 0;
    ch->file = NULL;
    ch->on_ready(f, ch->opaque);
}

static gboolean channel_accept(gint fd, GIOCondition cond, gpointer opaque)
{
    MigrationChannel *ch = opaque;
    int conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

    if (conn < 0) {
        return G_SOURCE_CONTINUE;        /* spurious wakeup or transient error */
    }
    /* One connection per incoming migration, as QEMU does. */
    close(ch->listen_fd);
    ch->listen_fd = -1;
    if (ch->unix_path) {
        unlink(ch->unix_path);
    }
    channel_hand_over(ch, qemu_file_new_fd_input(conn, ch->uri));
    return G_SOURCE_REMOVE;
}

static gboolean channel_data_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    MigrationChannel *ch = opaque;
    channel_hand_over(ch, ch->file);
    return G_SOURCE_REMOVE;
}

static gboolean channel_idle_ready(gpointer opaque)
{
    MigrationChannel *ch = opaque;
    channel_hand_over(ch, ch->file);
    return G_SOURCE_REMOVE;
}

MigrationChannel *migration_channel_listen(const char *uri,
                                           void (*on_ready)(QEMUFile *f, void *opaque),
                                           void *opaque, Error **errp)
{
    MigrationChannel *ch = g_new0(MigrationChannel, 1);
    const char *p;
    int fd;

    ch->listen_fd = -1;
    ch->data_fd = -1;
    ch->on_ready = on_ready;
    ch->opaque = opaque;
    ch->uri = g_strdup(uri);

    if ((p = strip_prefix(uri, "tcp:"))) {
        ch->listen_fd = socket_listen_inet(p, errp);
    } else if ((p = strip_prefix(uri, "unix:"))) {
        ch->listen_fd = socket_listen_unix(p, errp);
        ch->unix_path = g_strdup(p);
    } else if ((p = strip_prefix(uri, "exec:"))) {
        ch->file = exec_open(p, false, &ch->data_fd, errp);
    } else if ((p = strip_prefix(uri, "fd:"))) {
        fd = fd_param(p, errp);
        if (fd >= 0) {
            ch->data_fd = fd;
            ch->file = qemu_file_new_fd_input(fd, uri);
        }
    } else if ((p = strip_prefix(uri, "file:"))) {
        fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Could not open file '%s'", p);
        } else {
            ch->file = qemu_file_new_fd_input(fd, uri);
            ch->watch = g_idle_add(channel_idle_ready, ch);
            return ch;
        }
    } else {
        error_setg(errp, "unknown migration protocol: %s", uri);
    }

    if (ch->listen_fd >= 0) {
        ch->watch = g_unix_fd_add(ch->listen_fd, G_IO_IN, channel_accept, ch);
    } else if (ch->file) {
        ch->watch = g_unix_fd_add(ch->data_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                  channel_data_ready, ch);
    } else {
        g_free(ch->unix_path);
        g_free(ch->uri);
        g_free(ch);
        return NULL;
    }
    return ch;
}

void migration_channel_close(MigrationChannel *ch)
{
    if (!ch) {
        return;
    }
    if (ch->watch) {
        g_source_remove(ch->watch);
    }
    if (ch->listen_fd >= 0) {
        close(ch->listen_fd);
        if (ch->unix_path) {
            unlink(ch->unix_path);
        }
    }
    qemu_fclose(ch->file);
    g_free(ch->unix_path);
    g_free(ch->uri);
    g_free(ch);
}
