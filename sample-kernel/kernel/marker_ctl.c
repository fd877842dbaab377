/*
 * kernel/marker_ctl.c
 *
 * The control channel (docs/live.md): a Unix socket on which a client lists
 * the marker sites with their state, arms and disarms them while they run,
 * and receives the trace handler's records as they are committed. One
 * thread serves every client with poll(); requests are lines, replies are
 * lines ending with "ok ..." or "error ...".
 *
 * Events: the trace handler calls __marker_trace_tap() on each commit. With
 * no client streaming, it returns at once; with one, it copies the record
 * into a staging buffer under its own mutex (never marker_mutex), which this
 * thread swaps out every EVENT_PERIOD_MS and queues to each streaming client.
 * A record that finds the staging buffer full is dropped and counted, and the
 * count is sent. The trace handler keeps in its buffers only what the tap did
 * not take, unless a trace file is open (kernel/marker.c).
 *
 * Nothing this thread sends may block it: one client that stops reading
 * would stall every other. Each client has two output queues, sent with
 * MSG_DONTWAIT as poll() finds its socket writable: its replies, whose
 * backlog stops the reading of its requests past CTL_REPLY_BACKLOG, and its
 * events, past CTL_EVENT_BACKLOG dropped and counted as lost for it alone.
 */
/* Not glibc's default: its <sys/types.h> clashes with <linux/types.h>. */
#define _POSIX_C_SOURCE 200809L

/*
 * <sys/socket.h> needs glibc's <sys/types.h> even so: its dev_t and loff_t
 * are renamed, so that <linux/types.h> can declare the kernel's.
 */
#define dev_t host_dev_t
#define loff_t host_loff_t
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#undef dev_t
#undef loff_t

#include <linux/kernel.h>
#include <linux/marker.h>

extern struct marker __start___markers[] __weak;
extern struct marker __stop___markers[] __weak;

#define CTL_CLIENTS	16
#define CTL_LINE	8192
#define CTL_KEYS	4096
#define EVENT_STAGING	(1024 * 1024)
#define EVENT_PERIOD_MS	50
/* Requests are read while less than this of a client's replies is unsent. */
#define CTL_REPLY_BACKLOG	(64 * 1024)
/* Above a staging buffer's worth in hex, so that a client keeping up loses nothing. */
#define CTL_EVENT_BACKLOG	(4 * 1024 * 1024)
/* "lost " and a u64 in decimal, "\n": kept free in the events queue for it. */
#define LOST_LINE		32
/* At stop, how long clients are given to take what is queued for them. */
#define STOP_DRAIN_MS		1000

/* Bytes to send, from head to tail. */
struct ctl_queue {
	char *buf;
	size_t head, tail, size;
};

struct ctl_client {
	int fd;				/* -1: free */
	bool events;			/* streaming */
	bool hangup;			/* no more requests: closed once its replies are sent */
	bool mid_event;			/* an event line is sent in part: replies wait */
	size_t len;
	char line[CTL_LINE];
	struct ctl_queue replies, stream;
	u64 lost;			/* records dropped for it, not reported yet */
};

static struct ctl_client clients[CTL_CLIENTS];
static int listen_fd = -1;
static int stop_pipe[2] = { -1, -1 };
static char *socket_path;
static pthread_t ctl_thread;

/* Records committed since the last send; swapped with the spare one. */
static pthread_mutex_t staging_mutex = PTHREAD_MUTEX_INITIALIZER;
static unsigned char staging_a[EVENT_STAGING], staging_b[EVENT_STAGING];
static unsigned char *staging = staging_a, *spare = staging_b;
static size_t staging_len;
static u64 staging_lost;
static int streaming;		/* clients with events on: read by the tap */

bool __marker_trace_tap(const void *record, size_t size)
{
	if (!__atomic_load_n(&streaming, __ATOMIC_RELAXED))
		return false;
	pthread_mutex_lock(&staging_mutex);
	if (size <= EVENT_STAGING - staging_len) {
		memcpy(staging + staging_len, record, size);
		staging_len += size;
	} else {
		staging_lost++;
	}
	pthread_mutex_unlock(&staging_mutex);
	return true;
}

/* --- keys ---------------------------------------------------------------- */

static bool key_is_site(const struct marker *m, const char *key)
{
	return (m->id && !strcmp(m->id, key)) ||
	       (m->md5 && !strcasecmp(m->md5, key));
}

/* A name, an id or an md5 of some site. */
bool marker_key_known(const char *key)
{
	const struct marker *m;

	for (m = __start___markers; m < __stop___markers; m++)
		if (m->name && (!strcmp(m->name, key) || key_is_site(m, key)))
			return true;
	return false;
}

static bool is_glob(const char *key)
{
	return strpbrk(key, "*?[") != NULL;
}

static bool listed(const char *const *keys, unsigned int from, unsigned int to,
		   const char *key)
{
	unsigned int i;

	for (i = from; i < to; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}

/*
 * A glob's keys: every name it matches, once; and with a ':' in it, every
 * id it matches too (ids are path:function:ordinal). -ENOENT when none,
 * -E2BIG past CTL_KEYS.
 */
static int glob_expand(const char *glob, const char **keys, unsigned int *n)
{
	const struct marker *m;
	unsigned int first = *n;
	bool ids = strchr(glob, ':') != NULL;

	for (m = __start___markers; m < __stop___markers; m++) {
		const char *key = !m->name ? NULL :
				  !fnmatch(glob, m->name, 0) ? m->name :
				  ids && m->id && !fnmatch(glob, m->id, 0) ? m->id : NULL;

		if (!key || listed(keys, first, *n, key))
			continue;
		if (*n == CTL_KEYS)
			return -E2BIG;
		keys[(*n)++] = key;
	}
	return *n > first ? 0 : -ENOENT;
}

/* --- output -------------------------------------------------------------- */

static size_t queued(const struct ctl_queue *q)
{
	return q->tail - q->head;
}

static bool queue_add(struct ctl_queue *q, const char *text, size_t len)
{
	if (len > q->size - q->tail) {
		size_t size = q->size ? q->size : 4096;
		char *buf;

		if (q->head) {
			memmove(q->buf, q->buf + q->head, queued(q));
			q->tail -= q->head;
			q->head = 0;
		}
		while (size < q->tail + len)
			size *= 2;
		if (size > q->size) {
			buf = realloc(q->buf, size);
			if (!buf)
				return false;
			q->buf = buf;
			q->size = size;
		}
	}
	memcpy(q->buf + q->tail, text, len);
	q->tail += len;
	return true;
}

static void queue_free(struct ctl_queue *q)
{
	free(q->buf);
	*q = (struct ctl_queue) { 0 };
}

/* No more events are queued; those queued still go. */
static void events_off(struct ctl_client *c)
{
	if (c->events)
		__atomic_sub_fetch(&streaming, 1, __ATOMIC_RELAXED);
	c->events = false;
	c->lost = 0;
}

static void client_close(struct ctl_client *c)
{
	events_off(c);
	queue_free(&c->replies);
	queue_free(&c->stream);
	close(c->fd);
	c->fd = -1;
	c->hangup = false;
	c->mid_event = false;
	c->len = 0;
}

/*
 * Sends what the socket takes now, replies first but never inside an event
 * line; false when the client is gone.
 */
static bool client_flush(struct ctl_client *c)
{
	for (;;) {
		struct ctl_queue *q = &c->stream;
		size_t len = queued(q);
		ssize_t n;

		if (queued(&c->replies) && !c->mid_event) {
			q = &c->replies;
			len = queued(q);
		} else if (queued(&c->replies)) {
			/* To the end of this event line: the reply goes next. */
			len = (size_t)((char *)memchr(q->buf + q->head, '\n', len) + 1 - (q->buf + q->head));
		}
		if (!len)
			break;
		n = send(c->fd, q->buf + q->head, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return true;
		if (n <= 0)
			return false;
		if (q == &c->stream)
			c->mid_event = q->buf[q->head + (size_t)n - 1] != '\n';
		q->head += (size_t)n;
		if (q->head == q->tail)
			q->head = q->tail = 0;
	}
	/* A long reply (a list) is not kept for the client's lifetime. */
	if (c->replies.size > CTL_REPLY_BACKLOG)
		queue_free(&c->replies);
	return true;
}

/* Queued, sent as the socket takes it; false when out of memory. */
static bool client_send(struct ctl_client *c, const char *text, size_t len)
{
	return queue_add(&c->replies, text, len);
}

static __printf(2, 3) bool client_printf(struct ctl_client *c, const char *fmt, ...)
{
	char buf[CTL_LINE + 128];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (n < 0)
		return false;
	return client_send(c, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* --- requests ------------------------------------------------------------ */

/* "site ARMED MD5 NAME ID" per site, tab-separated, then "ok COUNT". */
static bool do_list(struct ctl_client *c)
{
	const struct marker *m;
	unsigned int n = 0;

	for (m = __start___markers; m < __stop___markers; m++) {
		if (!m->name)
			continue;
		n++;
		if (!client_printf(c, "site\t%d\t%s\t%s\t%s\n",
				   __atomic_load_n(&m->armed, __ATOMIC_RELAXED),
				   m->md5 ? m->md5 : "", m->name, m->id ? m->id : ""))
			return false;
	}
	return client_printf(c, "ok %u\n", n);
}

/* "arm KEY..." / "disarm KEY...": one set, all or none. */
static bool do_change(struct ctl_client *c, char *args, bool arm)
{
	static const char *keys[CTL_KEYS];
	unsigned int n = 0, i;
	char *save, *key;
	int ret = 0;

	for (key = strtok_r(args, " \t", &save); key && !ret;
	     key = strtok_r(NULL, " \t", &save)) {
		if (is_glob(key)) {
			ret = glob_expand(key, keys, &n);
			if (ret == -ENOENT)
				return client_printf(c, "error ENOENT no marker matches '%s'\n", key);
		} else if (!marker_key_known(key)) {
			return client_printf(c, "error ENOENT no marker named '%s' and no site with that id or md5\n", key);
		} else if (n == CTL_KEYS) {
			ret = -E2BIG;
		} else {
			keys[n++] = key;
		}
	}
	if (ret == -E2BIG)
		return client_printf(c, "error E2BIG more than %d markers in one set\n", CTL_KEYS);
	if (!n)
		return client_printf(c, "error EINVAL give a name, id, md5 or glob\n");
	ret = arm ? marker_arm_keys(keys, n) : marker_disarm_keys(keys, n);
	if (ret == -EINVAL)
		return client_printf(c, "error EINVAL a marker of the set is not armed that way: nothing disarmed\n");
	if (ret)
		return client_printf(c, "error %d nothing %s\n", ret, arm ? "armed" : "disarmed");
	if (!client_printf(c, "ok %u", n))
		return false;
	for (i = 0; i < n; i++)
		if (!client_printf(c, " %s", keys[i]))
			return false;
	return client_send(c, "\n", 1);
}

static bool do_request(struct ctl_client *c, char *line)
{
	char *args = line + strcspn(line, " \t");

	if (*args)
		*args++ = '\0';
	if (!strcmp(line, "list"))
		return do_list(c);
	if (!strcmp(line, "arm"))
		return do_change(c, args, true);
	if (!strcmp(line, "disarm"))
		return do_change(c, args, false);
	if (!strcmp(line, "events")) {
		if (!c->events)
			__atomic_add_fetch(&streaming, 1, __ATOMIC_RELAXED);
		c->events = true;
		return client_printf(c, "ok events\n");
	}
	return client_printf(c, "error EINVAL unknown request '%.64s': list, arm, disarm, events\n", line);
}

static bool whole_line(const struct ctl_client *c)
{
	return memchr(c->line, '\n', c->len) != NULL;
}

/* Requests are read while its replies are taken: a client that does not read them stalls only itself. */
static bool wants_requests(const struct ctl_client *c)
{
	return !c->hangup && !whole_line(c) && queued(&c->replies) < CTL_REPLY_BACKLOG;
}

/* Appends what the socket holds to the line buffer; false when the client must be closed. */
static bool client_read(struct ctl_client *c)
{
	ssize_t n = recv(c->fd, c->line + c->len, sizeof(c->line) - 1 - c->len, MSG_DONTWAIT);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0) {
		/* It has said all it will: what it asked is answered, then it is closed. */
		c->hangup = true;
		events_off(c);
		return true;
	}
	c->len += (size_t)n;
	return true;
}

/* Serves its whole lines while its replies are taken; false when the client must be closed. */
static bool client_serve(struct ctl_client *c)
{
	char *start = c->line, *end;

	while (queued(&c->replies) < CTL_REPLY_BACKLOG &&
	       (end = memchr(start, '\n', c->len - (size_t)(start - c->line)))) {
		*end = '\0';
		if (end > start && end[-1] == '\r')
			end[-1] = '\0';
		if (*start && !do_request(c, start))
			return false;
		start = end + 1;
	}
	c->len -= (size_t)(start - c->line);
	memmove(c->line, start, c->len);
	if (c->len == sizeof(c->line) - 1 && !whole_line(c)) {
		c->len = 0;
		c->hangup = true;
		events_off(c);
		if (!client_printf(c, "error E2BIG request longer than %d bytes\n", CTL_LINE - 1))
			return false;
	}
	return client_flush(c);
}

/* After poll(): false when the client must be closed. */
static bool client_handle(struct ctl_client *c, short revents)
{
	if (revents & POLLERR)
		return false;
	/* A hung-up peer fails the send. */
	if ((revents & (POLLOUT | POLLHUP)) && !client_flush(c))
		return false;
	if ((revents & (POLLIN | POLLHUP)) && wants_requests(c) && !client_read(c))
		return false;
	if (!client_serve(c))
		return false;
	return !(c->hangup && !whole_line(c) && !queued(&c->replies) && !queued(&c->stream));
}

/* --- events -------------------------------------------------------------- */

/* "lost N" for what was dropped for it, when its events queue has room. */
static void client_report_lost(struct ctl_client *c)
{
	char line[LOST_LINE];
	int n;

	if (!c->lost || queued(&c->stream) + LOST_LINE > CTL_EVENT_BACKLOG)
		return;
	n = snprintf(line, sizeof(line), "lost %llu\n", c->lost);
	if (queue_add(&c->stream, line, (size_t)n))
		c->lost = 0;
}

/*
 * Queues the event lines @hex that its backlog has room for, and counts
 * the rest as lost, with @dropped, those the staging buffer dropped.
 */
static void client_events(struct ctl_client *c, const char *hex, size_t len, u64 dropped)
{
	size_t room, fit = 0;
	const char *line;

	client_report_lost(c);
	room = CTL_EVENT_BACKLOG - LOST_LINE;
	if (queued(&c->stream) < room) {
		fit = len < room - queued(&c->stream) ? len : room - queued(&c->stream);
		while (fit && hex[fit - 1] != '\n')
			fit--;
	}
	if (fit && !queue_add(&c->stream, hex, fit))
		fit = 0;
	for (line = hex + fit; (line = memchr(line, '\n', len - (size_t)(line - hex))); line++)
		c->lost++;
	c->lost += dropped;
	client_report_lost(c);
}

/* Each record as "event HEX" to every streaming client, and what it lost as "lost N". */
static void events_send(void)
{
	/* A record is 24 bytes or more: "event ", 2 digits a byte, "\n". */
	static char hex[3 * EVENT_STAGING];
	static const char digits[] = "0123456789abcdef";
	unsigned char *batch;
	size_t len, at, h = 0;
	u64 lost;
	unsigned int i;

	pthread_mutex_lock(&staging_mutex);
	batch = staging;
	len = staging_len;
	lost = staging_lost;
	staging = spare;
	spare = batch;
	staging_len = 0;
	staging_lost = 0;
	pthread_mutex_unlock(&staging_mutex);

	for (at = 0; at + 4 <= len;) {
		u32 size;

		memcpy(&size, batch + at, sizeof(size));
		if (size < 24 || size > len - at)
			break;
		memcpy(hex + h, "event ", 6);
		h += 6;
		for (; size--; at++) {
			hex[h++] = digits[batch[at] >> 4];
			hex[h++] = digits[batch[at] & 15];
		}
		hex[h++] = '\n';
	}
	for (i = 0; i < CTL_CLIENTS; i++) {
		struct ctl_client *c = &clients[i];

		if (c->fd < 0 || !c->events)
			continue;
		client_events(c, hex, h, lost);
		if (!client_flush(c))
			client_close(c);
	}
}

/* --- the thread ---------------------------------------------------------- */

static void client_accept(void)
{
	int fd = accept(listen_fd, NULL, NULL);
	unsigned int i;

	if (fd < 0)
		return;
	for (i = 0; i < CTL_CLIENTS; i++) {
		if (clients[i].fd < 0) {
			clients[i].fd = fd;
			return;
		}
	}
	send(fd, "error EBUSY too many clients\n", 29, MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

static short client_poll_events(const struct ctl_client *c)
{
	return (short)((wants_requests(c) ? POLLIN : 0) |
		       (queued(&c->replies) || queued(&c->stream) ? POLLOUT : 0));
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* At stop: what is queued goes to those who take it within STOP_DRAIN_MS. */
static void clients_drain(void)
{
	long long deadline = now_ms() + STOP_DRAIN_MS, left;
	struct pollfd fds[CTL_CLIENTS];
	unsigned int i, n;

	while ((left = deadline - now_ms()) > 0) {
		for (i = 0, n = 0; i < CTL_CLIENTS; i++) {
			struct ctl_client *c = &clients[i];

			fds[i] = (struct pollfd) { .fd = -1 };
			if (c->fd >= 0 && (queued(&c->replies) || queued(&c->stream))) {
				fds[i] = (struct pollfd) { .fd = c->fd, .events = POLLOUT };
				n++;
			}
		}
		if (!n || (poll(fds, CTL_CLIENTS, (int)left) < 0 && errno != EINTR))
			break;
		for (i = 0; i < CTL_CLIENTS; i++)
			if (fds[i].revents && !client_flush(&clients[i]))
				client_close(&clients[i]);
	}
}

static void *ctl_main(void *unused)
{
	struct pollfd fds[CTL_CLIENTS + 2];
	unsigned int i, n;

	for (;;) {
		fds[0] = (struct pollfd) { .fd = stop_pipe[0], .events = POLLIN };
		fds[1] = (struct pollfd) { .fd = listen_fd, .events = POLLIN };
		for (i = 0, n = 2; i < CTL_CLIENTS; i++)
			fds[n++] = (struct pollfd) { .fd = clients[i].fd,
						     .events = client_poll_events(&clients[i]) };
		if (poll(fds, n, EVENT_PERIOD_MS) < 0 && errno != EINTR)
			break;
		if (fds[0].revents)
			break;
		if (fds[1].revents & POLLIN)
			client_accept();
		for (i = 0; i < CTL_CLIENTS; i++)
			if (clients[i].fd >= 0 && !client_handle(&clients[i], fds[i + 2].revents))
				client_close(&clients[i]);
		events_send();
	}
	events_send();
	clients_drain();
	for (i = 0; i < CTL_CLIENTS; i++)
		if (clients[i].fd >= 0)
			client_close(&clients[i]);
	return unused;
}

/*
 * Listens on @path (replacing a stale socket there, never another kind of
 * file) and serves it on a thread of its own until marker_ctl_stop().
 */
int marker_ctl_start(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	unsigned int i;
	int ret;

	if (!path)
		return -EINVAL;
	if (listen_fd >= 0)
		return -EEXIST;
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	socket_path = strdup(path);
	if (!socket_path)
		return -ENOMEM;
	listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listen_fd < 0)
		goto fail;
	if (bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr))) {
		struct stat st;
		int stale = errno == EADDRINUSE && !lstat(path, &st) && S_ISSOCK(st.st_mode) ?
			    socket(AF_UNIX, SOCK_STREAM, 0) : -1;

		/* In use only if someone answers; a dead run's socket is replaced. */
		if (stale < 0 || !connect(stale, (struct sockaddr *)&addr, sizeof(addr)) ||
		    unlink(path) ||
		    bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr))) {
			if (stale >= 0)
				close(stale);
			errno = EADDRINUSE;
			goto fail;
		}
		close(stale);
	}
	if (listen(listen_fd, 8) || pipe(stop_pipe))
		goto fail;
	for (i = 0; i < CTL_CLIENTS; i++)
		clients[i].fd = -1;
	ret = pthread_create(&ctl_thread, NULL, ctl_main, NULL);
	if (!ret)
		return 0;
	errno = ret;
fail:
	ret = -errno;
	if (listen_fd >= 0)
		close(listen_fd);
	listen_fd = -1;
	free(socket_path);
	socket_path = NULL;
	return ret;
}

void marker_ctl_stop(void)
{
	if (listen_fd < 0)
		return;
	if (write(stop_pipe[1], "", 1) == 1)
		pthread_join(ctl_thread, NULL);
	close(listen_fd);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	listen_fd = -1;
	unlink(socket_path);
	free(socket_path);
	socket_path = NULL;
}
