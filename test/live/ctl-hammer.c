/*
 * The control channel (sample-kernel/kernel/marker_ctl.c) under load:
 * THREADS threads fire hand-made sites (written as kmark generates the
 * trace handler) as fast as they can, while test/live/ctl.test.ts arms and
 * disarms them through the socket and reads the streamed records. Each
 * thread counts what it committed per site; on "quit" on stdin, the counts
 * are printed as "hits.NAME=N".
 *
 *	ctl-hammer SOCKET
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/marker.h>

#define THREADS 4

#define SITE(var, name_, id_, md5_, event_id_)				\
	static struct marker var						\
	__attribute__((__used__, __section__("__markers"), __aligned__(8))) = { \
		.name = name_,						\
		.format = "n %u",					\
		.id = id_,						\
		.md5 = md5_,						\
		.event_id = event_id_,					\
		.handlers = MARKER_TRACE,				\
	}

SITE(m_alpha, "h_alpha", "h/a.c:alpha:1", "a0000000000000000000000000000001", 0xa1ULL);
SITE(m_beta_1, "h_beta", "h/b.c:beta:1", "b0000000000000000000000000000001", 0xb1ULL);
SITE(m_beta_2, "h_beta", "h/b.c:beta:2", "b0000000000000000000000000000002", 0xb2ULL);
SITE(m_gamma, "h_gamma", "h/c.c:gamma:1", "c0000000000000000000000000000001", 0xc1ULL);

static struct marker *const sites[] = { &m_alpha, &m_beta_1, &m_beta_2, &m_gamma };
static unsigned long hits[ARRAY_SIZE(sites)];
static volatile int quitting;

static void fire(struct marker *m, unsigned int n, unsigned long *hit)
{
	u32 *payload;

	if (!__atomic_load_n(&m->armed, __ATOMIC_RELAXED))
		return;
	payload = __marker_trace_reserve(m, sizeof(*payload));
	if (!payload)
		return;
	*payload = n;
	__marker_trace_commit(m);
	__atomic_add_fetch(hit, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
	const struct timespec pause = { .tv_nsec = 50 * 1000 };
	unsigned int n, i;

	for (n = 0; !__atomic_load_n(&quitting, __ATOMIC_RELAXED); n++) {
		for (i = 0; i < ARRAY_SIZE(sites); i++)
			fire(sites[i], n, &hits[i]);
		if (n % 4 == 0)
			nanosleep(&pause, NULL);
	}
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t threads[THREADS];
	char line[64];
	unsigned int i;
	int ret;

	if (argc != 2)
		return 2;
	ret = marker_ctl_start(argv[1]);
	if (ret) {
		printf("ctl_start=%d\n", ret);
		return 1;
	}
	for (i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, worker, NULL);
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) && strcmp(line, "quit\n"))
		;
	__atomic_store_n(&quitting, 1, __ATOMIC_RELAXED);
	for (i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	marker_ctl_stop();
	for (i = 0; i < ARRAY_SIZE(sites); i++)
		printf("hits.%s=%lu\n", sites[i]->id, hits[i]);
	return 0;
}
