/*
 * The trace handler's flight recorder (docs/runtime.md) under a dump that
 * runs while a thread writes: one writer fills a small overwrite-mode
 * buffer with numbered records, the main thread dumps it again and again,
 * then once more after the writer stopped. Prints "key=value" lines for
 * test/runtime/flight-recorder.test.ts.
 *
 *	flight-recorder DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/marker.h>

static struct marker m_seq
__attribute__((__used__, __section__("__markers"), __aligned__(8))) = {
	.name = "t_seq",
	.format = "n %llu",
	.id = "t/seq.c:t_seq:1",
	.md5 = "0f0e0d0c0b0a09080706050403020100",
	.event_id = 0x0f0e0d0c0b0a0908ULL,
	.handlers = MARKER_TRACE,
};

#define DUMPS_WHILE_WRITING 50

static int stop;
static unsigned long long written;

static void *writer(void *arg)
{
	unsigned long long n;

	(void)arg;
	for (n = 0; !__atomic_load_n(&stop, __ATOMIC_ACQUIRE); n++) {
		unsigned char *r = __marker_trace_reserve(&m_seq, sizeof(n));

		if (r) {
			memcpy(r, &n, sizeof(n));
			__marker_trace_commit(&m_seq);
		}
	}
	written = n;
	return NULL;
}

int main(int argc, char **argv)
{
	char path[4096];
	pthread_t t;
	int k;

	if (argc != 2)
		return 2;
	printf("set_mode_invalid=%d\n", marker_trace_set_mode((enum marker_trace_mode)7));
	printf("set_mode=%d\n", marker_trace_set_mode(MARKER_TRACE_OVERWRITE));
	printf("set_size=%d\n", marker_trace_set_buffer_size(4096));
	pthread_create(&t, NULL, writer, NULL);
	for (k = 0; k < DUMPS_WHILE_WRITING; k++) {
		snprintf(path, sizeof(path), "%s/during-%d.kmtrace", argv[1], k);
		printf("dump_%d=%d\n", k, marker_trace_dump(path));
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	snprintf(path, sizeof(path), "%s/final.kmtrace", argv[1]);
	printf("dump_final=%d\n", marker_trace_dump(path));
	printf("written=%llu\n", written);
	return 0;
}
