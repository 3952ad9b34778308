/*
 * The socket chardev: a unix or TCP stream, as server (one client at a time, listening
 * again after it leaves) or client (optionally reconnecting).  Carries file descriptors
 * passed with SCM_RIGHTS on unix sockets.  No telnet, websocket or TLS.
 */
#include "qemu/osdep.h"
#include <glib-unix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "chardev/char-internal.h"

#define SOCKET_READ_MAX 4096
#define SOCKET_MAX_FDS_PER_MSG 16
#define SOCKET_MAX_QUEUED_FDS 64

typedef struct SocketChardev {
    Chardev parent;
    bool is_unix;
    bool is_listen;
    bool nodelay;
    char *path;                 /* unix */
    char *host;                 /* tcp: as given (client) or as bound (server) */
    char *port;
    int family;                 /* AF_UNSPEC unless ipv4=/ipv6= narrow it */
    int listen_fd;
    GSource *listen_src;
    bool unlink_on_close;       /* the unix socket file is ours */
    dev_t sock_dev;
    ino_t sock_ino;
    int fd;                     /* the connection, -1 while disconnected */
    GSource *read_src;
    GSource *disconnect_idle;   /* a write failed: tear down from the main loop */
    unsigned reconnect;         /* seconds between client connection attempts, 0 = never */
    GSource *reconnect_timer;
    int connecting_fd;          /* a non-blocking connect in progress, or -1 */
    GSource *connect_src;
    bool connect_err_reported;
    GQueue msgfds;              /* received with SCM_RIGHTS, oldest first */
} SocketChardev;

static SocketChardev *sock(Chardev *chr)
{
    return (SocketChardev *)chr;
}

/* ---- query-chardev strings ---- */

static void socket_update_disconnected_filename(SocketChardev *s)
{
    Chardev *chr = &s->parent;
    const char *server = s->is_listen ? ",server=on" : "";

    g_free(chr->filename);
    if (s->is_unix) {
        chr->filename = g_strdup_printf("disconnected:unix:%s%s", s->path, server);
    } else {
        chr->filename = g_strdup_printf("disconnected:tcp:%s:%s%s", s->host, s->port, server);
    }
}

static void format_sockaddr(struct sockaddr_storage *ss, socklen_t len, GString *out)
{
    char host[NI_MAXHOST] = "?", serv[NI_MAXSERV] = "?";
    bool v6 = ss->ss_family == AF_INET6;

    getnameinfo((struct sockaddr *)ss, len, host, sizeof(host), serv, sizeof(serv),
                NI_NUMERICHOST | NI_NUMERICSERV);
    g_string_append_printf(out, "%s%s%s:%s", v6 ? "[" : "", host, v6 ? "]" : "", serv);
}

static void socket_update_connected_filename(SocketChardev *s)
{
    Chardev *chr = &s->parent;
    struct sockaddr_storage local, peer;
    socklen_t llen = sizeof(local), plen = sizeof(peer);
    GString *f;

    g_free(chr->filename);
    if (s->is_unix) {
        chr->filename = g_strdup_printf("unix:%s%s", s->path,
                                        s->is_listen ? ",server=on" : "");
        return;
    }
    f = g_string_new("tcp:");
    memset(&local, 0, sizeof(local));
    memset(&peer, 0, sizeof(peer));
    getsockname(s->fd, (struct sockaddr *)&local, &llen);
    getpeername(s->fd, (struct sockaddr *)&peer, &plen);
    format_sockaddr(&local, llen, f);
    g_string_append_printf(f, "%s <-> ", s->is_listen ? ",server=on" : "");
    format_sockaddr(&peer, plen, f);
    chr->filename = g_string_free(f, FALSE);
}

/* ---- connection state ---- */

static gboolean socket_read(Chardev *chr, GIOCondition cond);
static gboolean socket_accept_cb(gint fd, GIOCondition cond, gpointer opaque);
static gboolean socket_reconnect_cb(gpointer opaque);

static void socket_close_msgfds(SocketChardev *s)
{
    while (!g_queue_is_empty(&s->msgfds)) {
        close(GPOINTER_TO_INT(g_queue_pop_head(&s->msgfds)));
    }
}

static void socket_listen_watch(SocketChardev *s)
{
    if (s->listen_fd >= 0 && !s->listen_src) {
        s->listen_src = g_unix_fd_source_new(s->listen_fd, G_IO_IN);
        g_source_set_callback(s->listen_src, G_SOURCE_FUNC(socket_accept_cb), s, NULL);
        g_source_attach(s->listen_src, s->parent.context);
    }
}

static void socket_start_reconnect_timer(SocketChardev *s)
{
    if (s->reconnect && !s->reconnect_timer && !s->parent.deleted) {
        s->reconnect_timer = g_timeout_source_new_seconds(s->reconnect);
        g_source_set_callback(s->reconnect_timer, socket_reconnect_cb, s, NULL);
        g_source_attach(s->reconnect_timer, s->parent.context);
    }
}

static void socket_connected(SocketChardev *s, int fd)
{
    Chardev *chr = &s->parent;

    chr_fd_set_nonblock_cloexec(fd);
    if (!s->is_unix && s->nodelay) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = fd;
    s->connect_err_reported = false;
    /* One client at a time: the next one waits in the backlog until this one leaves. */
    chr_io_source_remove(&s->listen_src);
    chr_io_source_remove(&s->reconnect_timer);
    socket_update_connected_filename(s);
    s->read_src = chr_io_read_source_attach(chr, fd, socket_read);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static void socket_disconnect(SocketChardev *s)
{
    Chardev *chr = &s->parent;

    if (s->fd < 0) {
        return;
    }
    chr_io_source_remove(&s->read_src);
    chr_io_source_remove(&s->disconnect_idle);
    close(s->fd);
    s->fd = -1;
    socket_close_msgfds(s);
    socket_update_disconnected_filename(s);
    socket_listen_watch(s);
    chr_ref(chr);
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    if (!s->is_listen) {
        socket_start_reconnect_timer(s);
    }
    chr_unref(chr);
}

static gboolean socket_disconnect_idle_cb(gpointer opaque)
{
    SocketChardev *s = opaque;

    /* socket_disconnect() would destroy this very source; let GLib drop it instead. */
    g_source_unref(s->disconnect_idle);
    s->disconnect_idle = NULL;
    socket_disconnect(s);
    return G_SOURCE_REMOVE;
}

static gboolean socket_accept_cb(gint listen_fd, GIOCondition cond, gpointer opaque)
{
    SocketChardev *s = opaque;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (fd < 0) {
        return G_SOURCE_CONTINUE;
    }
    socket_connected(s, fd);    /* removes this source */
    return G_SOURCE_REMOVE;
}

static gboolean socket_read(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = sock(chr);
    uint8_t buf[SOCKET_READ_MAX];
    union {
        char buf[CMSG_SPACE(SOCKET_MAX_FDS_PER_MSG * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = buf };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    int avail = qemu_chr_be_can_write(chr);
    ssize_t n;

    if (avail <= 0) {
        return G_SOURCE_CONTINUE;
    }
    iov.iov_len = MIN(avail, (int)sizeof(buf));
    if (s->is_unix) {
        msg.msg_control = control.buf;
        msg.msg_controllen = sizeof(control.buf);
    }
    n = recvmsg(s->fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        socket_disconnect(s);
        return G_SOURCE_REMOVE;
    }
    /* Queue the fds before the data: the command that uses them is in this data. */
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
            continue;
        }
        int nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int *fds = (int *)CMSG_DATA(c);
        for (int i = 0; i < nfds; i++) {
            int fd;
            memcpy(&fd, &fds[i], sizeof(fd));
            if (g_queue_get_length(&s->msgfds) >= SOCKET_MAX_QUEUED_FDS) {
                close(fd);      /* nobody is collecting them; do not hoard */
                continue;
            }
            g_queue_push_tail(&s->msgfds, GINT_TO_POINTER(fd));
        }
    }
    qemu_chr_be_write(chr, buf, n);
    return G_SOURCE_CONTINUE;
}

static int socket_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = sock(chr);
    ssize_t n;

    if (s->fd < 0) {
        errno = EIO;        /* nobody connected: the data has nowhere to go */
        return -1;
    }
    n = send(s->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN && errno != EINTR && !s->disconnect_idle) {
        /* The peer is gone.  Not from inside the frontend's write call: from the loop. */
        s->disconnect_idle = g_idle_source_new();
        g_source_set_callback(s->disconnect_idle, socket_disconnect_idle_cb, s, NULL);
        g_source_attach(s->disconnect_idle, chr->context);
    }
    return n < 0 ? -1 : (int)n;
}

static GSource *socket_chr_create_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = sock(chr);

    return s->fd >= 0 ? chr_io_watch_new(s->fd, cond) : NULL;
}

static void socket_chr_update_read_handler(Chardev *chr)
{
    SocketChardev *s = sock(chr);

    chr_io_source_remove(&s->read_src);
    if (s->fd >= 0) {
        s->read_src = chr_io_read_source_attach(chr, s->fd, socket_read);
    }
}

static int socket_chr_get_msgfd(Chardev *chr)
{
    SocketChardev *s = sock(chr);

    if (g_queue_is_empty(&s->msgfds)) {
        return -1;
    }
    return GPOINTER_TO_INT(g_queue_pop_head(&s->msgfds));
}

static void socket_chr_disconnect(Chardev *chr)
{
    socket_disconnect(sock(chr));
}

/* ---- addresses ---- */

static bool unix_addr(SocketChardev *s, struct sockaddr_un *un, Error **errp)
{
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (strlen(s->path) >= sizeof(un->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", s->path);
        error_append_hint(errp, "Path must be less than %zu bytes\n", sizeof(un->sun_path));
        return false;
    }
    strcpy(un->sun_path, s->path);
    return true;
}

static struct addrinfo *inet_resolve(SocketChardev *s, bool passive, Error **errp)
{
    struct addrinfo hints = {
        .ai_family = s->family,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : 0,
    };
    struct addrinfo *res = NULL;
    const char *host = s->host[0] ? s->host : NULL;
    int rc = getaddrinfo(host, s->port, &hints, &res);

    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s", s->host, s->port,
                   gai_strerror(rc));
        return NULL;
    }
    return res;
}

static bool socket_listen(SocketChardev *s, Error **errp)
{
    int fd = -1;

    if (s->is_unix) {
        struct sockaddr_un un;
        struct stat st;

        if (!unix_addr(s, &un, errp)) {
            return false;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to create Unix socket");
            return false;
        }
        if (unlink(s->path) < 0 && errno != ENOENT) {
            error_setg_errno(errp, errno, "Failed to unlink socket %s", s->path);
            close(fd);
            return false;
        }
        if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            error_setg_errno(errp, errno, "Failed to bind socket to %s", s->path);
            close(fd);
            return false;
        }
        if (listen(fd, 1) < 0) {
            error_setg_errno(errp, errno, "Failed to listen on socket");
            close(fd);
            return false;
        }
        if (stat(s->path, &st) == 0) {
            s->unlink_on_close = true;
            s->sock_dev = st.st_dev;
            s->sock_ino = st.st_ino;
        }
    } else {
        struct addrinfo *res = inet_resolve(s, true, errp);
        struct sockaddr_storage bound;
        socklen_t blen = sizeof(bound);
        char host[NI_MAXHOST], serv[NI_MAXSERV];
        int saved_errno = EADDRNOTAVAIL;

        if (!res) {
            return false;
        }
        for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
            int one = 1, v6only = s->family == AF_INET6;

            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
            if (fd < 0) {
                saved_errno = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (ai->ai_family == AF_INET6) {
                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
            }
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) {
                break;
            }
            saved_errno = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg_errno(errp, saved_errno, "Failed to find an available port");
            return false;
        }
        /* Show what we really bound: port=0 asks the kernel to pick one. */
        if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0 &&
            getnameinfo((struct sockaddr *)&bound, blen, host, sizeof(host), serv,
                        sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
            g_free(s->host);
            g_free(s->port);
            s->host = g_strdup(host);
            s->port = g_strdup(serv);
        }
    }
    chr_fd_set_nonblock_cloexec(fd);
    s->listen_fd = fd;
    return true;
}

/*
 * Connect as a client.  Blocking (as QEMU does at start-up) unless async, where a TCP
 * connect in progress is left to socket_connect_done_cb.  Returns the connected fd, -1 on
 * error, or -2 when an asynchronous connect is under way.
 */
static gboolean socket_connect_done_cb(gint fd, GIOCondition cond, gpointer opaque);

static int socket_connect(SocketChardev *s, bool async, Error **errp)
{
    int type = SOCK_STREAM | SOCK_CLOEXEC | (async ? SOCK_NONBLOCK : 0);
    int fd;

    if (s->is_unix) {
        struct sockaddr_un un;

        if (!unix_addr(s, &un, errp)) {
            return -1;
        }
        fd = socket(AF_UNIX, type, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            error_setg_errno(errp, errno, "Failed to connect to '%s'", s->path);
            if (fd >= 0) {
                close(fd);
            }
            return -1;
        }
        return fd;
    }

    struct addrinfo *res = inet_resolve(s, false, errp);
    int saved_errno = ECONNREFUSED;

    if (!res) {
        return -1;
    }
    fd = -1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, type, ai->ai_protocol);
        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        if (async && errno == EINPROGRESS) {
            s->connecting_fd = fd;
            s->connect_src = g_unix_fd_source_new(fd, G_IO_OUT | G_IO_ERR | G_IO_HUP);
            g_source_set_callback(s->connect_src, G_SOURCE_FUNC(socket_connect_done_cb), s,
                                  NULL);
            g_source_attach(s->connect_src, s->parent.context);
            freeaddrinfo(res);
            return -2;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, saved_errno, "Failed to connect to '%s:%s'", s->host, s->port);
    }
    return fd;
}

/* QEMU reports the first failure of each outage, then stays quiet while retrying. */
static void socket_report_connect_error(SocketChardev *s, Error *err)
{
    if (!s->connect_err_reported) {
        error_report("Unable to connect character device %s: %s", s->parent.label,
                     error_get_pretty(err));
        s->connect_err_reported = true;
    }
    error_free(err);
}

static gboolean socket_connect_done_cb(gint fd, GIOCondition cond, gpointer opaque)
{
    SocketChardev *s = opaque;
    int err = 0;
    socklen_t len = sizeof(err);

    g_source_unref(s->connect_src);     /* GLib drops it when we return REMOVE */
    s->connect_src = NULL;
    s->connecting_fd = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        err = errno;
    }
    if (err) {
        Error *local_err = NULL;
        error_setg_errno(&local_err, err, "Failed to connect to '%s:%s'", s->host, s->port);
        socket_report_connect_error(s, local_err);
        close(fd);
        socket_start_reconnect_timer(s);
        return G_SOURCE_REMOVE;
    }
    socket_connected(s, fd);
    return G_SOURCE_REMOVE;
}

static gboolean socket_reconnect_cb(gpointer opaque)
{
    SocketChardev *s = opaque;
    Error *local_err = NULL;
    int fd;

    if (s->fd >= 0 || s->connect_src) {
        return G_SOURCE_CONTINUE;
    }
    fd = socket_connect(s, true, &local_err);
    if (fd == -1) {
        socket_report_connect_error(s, local_err);
        return G_SOURCE_CONTINUE;
    }
    /* Connected or under way: the timer restarts on the next failure or disconnect. */
    g_source_unref(s->reconnect_timer);
    s->reconnect_timer = NULL;
    if (fd >= 0) {
        socket_connected(s, fd);
    }
    return G_SOURCE_REMOVE;
}

/* server=on,wait=on: block start-up until the first client arrives. */
static bool socket_wait_for_client(SocketChardev *s, Error **errp)
{
    info_report("QEMU waiting for connection on: %s", s->parent.filename);
    for (;;) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
        int fd;

        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            error_setg_errno(errp, errno, "Failed to accept connection");
            return false;
        }
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            socket_connected(s, fd);
            return true;
        }
        if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
            error_setg_errno(errp, errno, "Failed to accept connection");
            return false;
        }
    }
}

/* ---- the chardev ---- */

static bool socket_reject_unsupported(QemuOpts *opts, Error **errp)
{
    static const char *const unsupported[] = {
        "telnet", "tn3270", "websocket", "tls-creds", "tls-authz", "fd", "abstract",
    };

    for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++) {
        const char *name = unsupported[i];
        const char *v = qemu_opt_get(opts, name);
        bool on = false;

        if (!v) {
            continue;
        }
        /* Boolean options that are explicitly off are harmless. */
        if (qemu_parse_bool(name, v, &on, NULL) && !on) {
            continue;
        }
        error_setg(errp, "chardev: socket: '%s' is not supported by this emulator", name);
        return false;
    }
    return true;
}

static bool socket_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    SocketChardev *s = sock(chr);
    const char *path = qemu_opt_get(opts, "path");
    const char *host = qemu_opt_get(opts, "host");
    const char *port = qemu_opt_get(opts, "port");
    Error *local_err = NULL;
    bool wait, ipv4, ipv6, delay;
    uint64_t reconnect;

    s->fd = s->listen_fd = s->connecting_fd = -1;
    g_queue_init(&s->msgfds);
    *be_opened = false;     /* OPENED comes from socket_connected() */

    if (!socket_reject_unsupported(opts, errp)) {
        return false;
    }
    if (!path) {
        if (!host) {
            error_setg(errp, "chardev: socket: no host given");
            return false;
        }
        if (!port) {
            error_setg(errp, "chardev: socket: no port given");
            return false;
        }
    }
    s->is_listen = qemu_opt_get_bool(opts, "server", false, &local_err);
    wait = local_err ? false : qemu_opt_get_bool(opts, "wait", true, &local_err);
    s->nodelay = local_err ? false : qemu_opt_get_bool(opts, "nodelay", false, &local_err);
    delay = local_err ? true : qemu_opt_get_bool(opts, "delay", true, &local_err);
    ipv4 = local_err ? false : qemu_opt_get_bool(opts, "ipv4", false, &local_err);
    ipv6 = local_err ? false : qemu_opt_get_bool(opts, "ipv6", false, &local_err);
    reconnect = local_err ? 0 : qemu_opt_get_number(opts, "reconnect", 0, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    s->nodelay |= !delay;
    if (!s->is_listen && qemu_opt_has(opts, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in client connect mode");
        return false;
    }
    if (s->is_listen && reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with socket in server listen "
                   "mode");
        return false;
    }
    if (reconnect > UINT_MAX / 1000) {
        error_setg(errp, "Value '%s' is out of range for parameter 'reconnect'",
                   qemu_opt_get(opts, "reconnect"));
        return false;
    }
    s->reconnect = reconnect;
    s->family = ipv4 == ipv6 ? AF_UNSPEC : ipv4 ? AF_INET : AF_INET6;
    s->is_unix = path != NULL;
    if (s->is_unix) {
        s->path = g_strdup(path);
    } else {
        s->host = g_strdup(host);
        s->port = g_strdup(port);
    }

    if (s->is_listen) {
        if (!socket_listen(s, errp)) {
            return false;
        }
        socket_update_disconnected_filename(s);
        if (wait) {
            return socket_wait_for_client(s, errp);
        }
        socket_listen_watch(s);
        return true;
    }

    socket_update_disconnected_filename(s);
    int fd = socket_connect(s, false, &local_err);
    if (fd < 0) {
        if (!s->reconnect) {
            error_propagate(errp, local_err);
            return false;
        }
        /* With reconnect=, an absent server is not fatal: keep trying. */
        socket_report_connect_error(s, local_err);
        socket_start_reconnect_timer(s);
        return true;
    }
    socket_connected(s, fd);
    return true;
}

static void socket_chr_close(Chardev *chr)
{
    SocketChardev *s = sock(chr);
    struct stat st;

    chr_io_source_remove(&s->read_src);
    chr_io_source_remove(&s->listen_src);
    chr_io_source_remove(&s->reconnect_timer);
    chr_io_source_remove(&s->connect_src);
    chr_io_source_remove(&s->disconnect_idle);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    if (s->connecting_fd >= 0) {
        close(s->connecting_fd);
        s->connecting_fd = -1;
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
    }
    /* Remove the socket file we made, unless somebody has replaced it since. */
    if (s->unlink_on_close && stat(s->path, &st) == 0 && st.st_dev == s->sock_dev &&
        st.st_ino == s->sock_ino) {
        unlink(s->path);
    }
    socket_close_msgfds(s);
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
}

const ChardevClass char_socket_class = {
    .name = "socket",
    .instance_size = sizeof(SocketChardev),
    .open = socket_chr_open,
    .write = socket_chr_write,
    .create_watch = socket_chr_create_watch,
    .update_read_handler = socket_chr_update_read_handler,
    .get_msgfd = socket_chr_get_msgfd,
    .disconnect = socket_chr_disconnect,
    .close = socket_chr_close,
};
