/*
 * kernel/marker.c
 *
 * The marker runtime (docs/runtime.md): what kmark's generated code calls,
 * and what a tracer uses to attach to it. Every site has a struct marker in
 * section "__markers"; the runtime finds them there, arms and disarms them,
 * hands them probes, and keeps the trace handler's per-thread buffers.
 *
 * Concurrency: sites run on any host thread and take no lock. They read
 * m->armed (relaxed) and m->probes (acquire); both are written here, with
 * atomic stores, under marker_mutex, which serializes every change. A probe
 * list is an immutable snapshot: a change builds a new one and publishes it
 * with a release store. There is no grace period telling when no site can
 * still be reading the old one, so replaced snapshots are kept on a list and
 * never freed: memory grows with registration changes, not with events.
 */
/* Not glibc's default: its <sys/types.h> clashes with <linux/types.h>. */
#define _POSIX_C_SOURCE 200809L

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
/* The host's dev_t is not the kernel's (linux/types.h): kept out of its way. */
#define dev_t host_dev_t
#include <sys/stat.h>
#undef dev_t

#include <linux/kernel.h>
#include <linux/marker.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "trace records are little-endian; sites pack them in host order"
#endif

/*
 * Provided by the linker around section "__markers". Weak: a kernel with
 * no marker site has no such section, and both are NULL.
 */
extern struct marker __start___markers[] __weak;
extern struct marker __stop___markers[] __weak;

static pthread_mutex_t marker_mutex = PTHREAD_MUTEX_INITIALIZER;

/* --- the registry ------------------------------------------------------ */

/* A site and the arms given to it alone (by id or md5). */
struct marker_site {
	struct marker *m;
	unsigned int id_arms;
};

/*
 * The sites of one name: a name at several sites (the same event in two
 * places, or a header's static inline copied into each TU that includes
 * it) is armed and probed as one.
 */
struct marker_group {
	const char *name;
	struct marker_site *sites;	/* nr_sites, consecutive in site_table */
	unsigned int nr_sites;
	unsigned int arms;		/* marker_arm() nesting */
	struct marker_probes *probes;	/* the current snapshot, or NULL */
};

/* Built on first use, under marker_mutex; the section never changes. */
static struct marker_site *site_table;
static unsigned int nr_site_table;
static struct marker_group *group_table;	/* sorted by name */
static unsigned int nr_group_table;
static bool registry_ready;

/* Replaced probe snapshots: see the top of this file. */
static struct marker_probes **retired;
static unsigned int nr_retired, max_retired;

static int site_cmp(const void *a, const void *b)
{
	const struct marker_site *x = a, *y = b;
	int c = strcmp(x->m->name, y->m->name);

	if (c)
		return c;
	/* Section order within a name, for a stable table. */
	return (x->m > y->m) - (x->m < y->m);
}

static int registry_init_locked(void)
{
	struct marker *m;
	unsigned int n = 0, i, g;

	if (registry_ready)
		return 0;

	for (m = __start___markers; m < __stop___markers; m++)
		if (m->name)
			n++;
	if (n) {
		site_table = calloc(n, sizeof(*site_table));
		group_table = calloc(n, sizeof(*group_table));
		if (!site_table || !group_table) {
			free(site_table);
			free(group_table);
			site_table = NULL;
			group_table = NULL;
			return -ENOMEM;
		}
	}
	for (m = __start___markers, i = 0; m < __stop___markers; m++)
		if (m->name)
			site_table[i++].m = m;
	if (n)
		qsort(site_table, n, sizeof(*site_table), site_cmp);

	for (i = 0, g = 0; i < n; i++) {
		if (g && !strcmp(group_table[g - 1].name, site_table[i].m->name)) {
			group_table[g - 1].nr_sites++;
			continue;
		}
		group_table[g].name = site_table[i].m->name;
		group_table[g].sites = &site_table[i];
		group_table[g].nr_sites = 1;
		g++;
	}
	nr_site_table = n;
	nr_group_table = g;
	registry_ready = true;
	return 0;
}

/* Takes marker_mutex; a failure to build the registry leaves it unlocked. */
static int marker_lock(void)
{
	int ret;

	pthread_mutex_lock(&marker_mutex);
	ret = registry_init_locked();
	if (ret)
		pthread_mutex_unlock(&marker_mutex);
	return ret;
}

static void marker_unlock(void)
{
	pthread_mutex_unlock(&marker_mutex);
}

static struct marker_group *group_find(const char *name)
{
	unsigned int lo = 0, hi = nr_group_table;

	if (!name)
		return NULL;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int c = strcmp(name, group_table[mid].name);

		if (!c)
			return &group_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool site_matches(const struct marker *m, const char *id_or_md5)
{
	return (m->id && !strcmp(m->id, id_or_md5)) ||
	       (m->md5 && !strcasecmp(m->md5, id_or_md5));
}

/* --- arming ------------------------------------------------------------ */

/*
 * The markups whose sites are code to patch (kernel/static_key.c): told,
 * under marker_mutex, when a site's count goes from 0 or to 0. Weak, so
 * that a program of the runtime alone links.
 */
void __marker_text_update(struct marker *m, bool armed) __weak;

/*
 * What a site tests: the arms of its name plus its own. Relaxed is enough:
 * a site that sees the new value late just fires (or not) once more.
 */
static void site_publish(struct marker_group *grp, struct marker_site *s)
{
	int armed = (int)(grp->arms + s->id_arms);
	int was = __atomic_exchange_n(&s->m->armed, armed, __ATOMIC_RELAXED);

	if (!was != !armed && __marker_text_update)
		__marker_text_update(s->m, armed != 0);
}

static void group_publish(struct marker_group *grp)
{
	unsigned int i;

	for (i = 0; i < grp->nr_sites; i++)
		site_publish(grp, &grp->sites[i]);
}

/* m->armed is an int: no count may take a site past INT_MAX. */
static bool group_can_arm(const struct marker_group *grp)
{
	unsigned int i;

	for (i = 0; i < grp->nr_sites; i++)
		if (grp->arms + grp->sites[i].id_arms >= INT_MAX)
			return false;
	return true;
}

int marker_arm(const char *name)
{
	const char *names[] = { name };

	return marker_arm_set(names, 1);
}

int marker_disarm(const char *name)
{
	const char *names[] = { name };

	return marker_disarm_set(names, 1);
}

/*
 * One key of a set changes one count by delta: its name's, or with by_id
 * also the own count of every descriptor with that id or md5 (a header's
 * static inline has one per TU that includes it). Nothing changes when it
 * fails: -ENOENT unknown, -ERANGE too many arms, -EINVAL not armed that way.
 */
static int key_change(const char *key, int delta, bool by_id)
{
	struct marker_group *grp = group_find(key);
	unsigned int g, i, found = 0;

	if (!key)
		return -EINVAL;
	if (grp) {
		if (delta > 0 ? !group_can_arm(grp) : !grp->arms)
			return delta > 0 ? -ERANGE : -EINVAL;
		grp->arms += delta;
		return 0;
	}
	if (!by_id)
		return -ENOENT;
	for (g = 0; g < nr_group_table; g++)
		for (grp = &group_table[g], i = 0; i < grp->nr_sites; i++) {
			if (!site_matches(grp->sites[i].m, key))
				continue;
			found++;
			if (delta > 0 && grp->arms + grp->sites[i].id_arms >= INT_MAX)
				return -ERANGE;
			if (delta < 0 && !grp->sites[i].id_arms)
				return -EINVAL;
		}
	if (!found)
		return -ENOENT;
	for (g = 0; g < nr_group_table; g++)
		for (grp = &group_table[g], i = 0; i < grp->nr_sites; i++)
			if (site_matches(grp->sites[i].m, key))
				grp->sites[i].id_arms += delta;
	return 0;
}

static void key_publish(const char *key)
{
	struct marker_group *grp = group_find(key);
	unsigned int g, i;

	if (grp) {
		group_publish(grp);
		return;
	}
	for (g = 0; g < nr_group_table; g++)
		for (grp = &group_table[g], i = 0; i < grp->nr_sites; i++)
			if (site_matches(grp->sites[i].m, key))
				site_publish(grp, &grp->sites[i]);
}

/*
 * All or none: the counts are changed first (+1 to arm, -1 to disarm), and
 * undone on the first key that fails; only then are the sites told, so that
 * none of them ever sees a set that is then taken back. Each key of the set
 * counts once per time it is listed.
 */
static int marker_change_set(const char *const *keys, unsigned int count,
			     int delta, bool by_id)
{
	unsigned int i;
	int ret;

	if (!keys && count)
		return -EINVAL;
	ret = marker_lock();
	if (ret)
		return ret;
	for (i = 0; i < count && !ret; i++)
		ret = key_change(keys[i], delta, by_id);
	if (ret)
		for (i--; i--;)
			key_change(keys[i], -delta, by_id);
	else
		for (i = 0; i < count; i++)
			key_publish(keys[i]);
	marker_unlock();
	return ret;
}

int marker_arm_set(const char *const *names, unsigned int count)
{
	return marker_change_set(names, count, 1, false);
}

int marker_disarm_set(const char *const *names, unsigned int count)
{
	return marker_change_set(names, count, -1, false);
}

int marker_arm_keys(const char *const *keys, unsigned int count)
{
	return marker_change_set(keys, count, 1, true);
}

int marker_disarm_keys(const char *const *keys, unsigned int count)
{
	return marker_change_set(keys, count, -1, true);
}

/* One site by its id or md5 (never a name), with its own nesting count. */
int marker_arm_id(const char *id_or_md5)
{
	const char *keys[] = { id_or_md5 };

	if (id_or_md5 && marker_sites(id_or_md5) > 0)
		return -ENOENT;
	return marker_arm_keys(keys, 1);
}

int marker_disarm_id(const char *id_or_md5)
{
	const char *keys[] = { id_or_md5 };

	if (id_or_md5 && marker_sites(id_or_md5) > 0)
		return -ENOENT;
	return marker_disarm_keys(keys, 1);
}

int marker_sites(const char *name)
{
	struct marker_group *grp;
	int ret = marker_lock();

	if (ret)
		return ret;
	grp = group_find(name);
	ret = grp ? (int)grp->nr_sites : 0;
	marker_unlock();
	return ret;
}

/* --- probes ------------------------------------------------------------ */

static struct marker_probes *probes_alloc(unsigned int count)
{
	struct marker_probes *p;

	p = malloc(sizeof(*p) + count * sizeof(p->entries[0]));
	if (p)
		p->count = count;
	return p;
}

/* Room on the retired list first: replacing a snapshot cannot fail. */
static int retired_reserve(void)
{
	struct marker_probes **r;
	unsigned int max;

	if (nr_retired < max_retired)
		return 0;
	max = max_retired ? 2 * max_retired : 16;
	r = realloc(retired, max * sizeof(*r));
	if (!r)
		return -ENOMEM;
	retired = r;
	max_retired = max;
	return 0;
}

/*
 * Every site of the name sees the new snapshot. A site that loaded the old
 * one finishes with it: it stays valid, retired, until the process exits.
 */
static void group_replace_probes(struct marker_group *grp,
				 struct marker_probes *probes)
{
	unsigned int i;

	for (i = 0; i < grp->nr_sites; i++)
		__atomic_store_n(&grp->sites[i].m->probes, probes,
				 __ATOMIC_RELEASE);
	if (grp->probes)
		retired[nr_retired++] = grp->probes;
	grp->probes = probes;
}

static int probe_find(const struct marker_probes *p, marker_probe_func *probe,
		      void *pdata)
{
	unsigned int i;

	for (i = 0; p && i < p->count; i++)
		if (p->entries[i].func == probe && p->entries[i].pdata == pdata)
			return i;
	return -1;
}

/* Every site of the name must have this format: kmark checks they agree. */
static bool group_format_matches(const struct marker_group *grp,
				 const char *format)
{
	unsigned int i;

	for (i = 0; i < grp->nr_sites; i++)
		if (!grp->sites[i].m->format ||
		    strcmp(grp->sites[i].m->format, format))
			return false;
	return true;
}

int marker_probe_register_prio(const char *name, const char *format,
			       marker_probe_func *probe, void *pdata,
			       int priority)
{
	struct marker_group *grp;
	struct marker_probes *old, *new;
	unsigned int count, at, i;
	int ret;

	if (!format || !probe)
		return -EINVAL;
	ret = marker_lock();
	if (ret)
		return ret;
	grp = group_find(name);
	if (!grp) {
		ret = -ENOENT;
		goto out;
	}
	if (!group_format_matches(grp, format)) {
		ret = -EINVAL;
		goto out;
	}
	old = grp->probes;
	if (probe_find(old, probe, pdata) >= 0) {
		ret = -EEXIST;
		goto out;
	}
	ret = retired_reserve();
	if (ret)
		goto out;
	count = old ? old->count : 0;
	new = probes_alloc(count + 1);
	if (!new) {
		ret = -ENOMEM;
		goto out;
	}
	/* After every probe of a lower or equal priority. */
	for (at = 0; at < count && old->entries[at].priority <= priority; at++)
		;
	for (i = 0; i < at; i++)
		new->entries[i] = old->entries[i];
	new->entries[at] = (struct marker_probe) {
		.func = probe, .pdata = pdata, .priority = priority,
	};
	for (i = at; i < count; i++)
		new->entries[i + 1] = old->entries[i];
	group_replace_probes(grp, new);
out:
	marker_unlock();
	return ret;
}

int marker_probe_register(const char *name, const char *format,
			  marker_probe_func *probe, void *pdata)
{
	return marker_probe_register_prio(name, format, probe, pdata, 0);
}

int marker_probe_unregister(const char *name, marker_probe_func *probe,
			    void *pdata)
{
	struct marker_group *grp;
	struct marker_probes *old, *new = NULL;
	unsigned int i, j;
	int at, ret = marker_lock();

	if (ret)
		return ret;
	grp = group_find(name);
	old = grp ? grp->probes : NULL;
	at = probe_find(old, probe, pdata);
	if (at < 0) {
		ret = -ENOENT;
		goto out;
	}
	ret = retired_reserve();
	if (ret)
		goto out;
	/* The last probe gone, sites see NULL and skip the loop. */
	if (old->count > 1) {
		new = probes_alloc(old->count - 1);
		if (!new) {
			ret = -ENOMEM;
			goto out;
		}
		for (i = 0, j = 0; i < old->count; i++)
			if ((int)i != at)
				new->entries[j++] = old->entries[i];
	}
	group_replace_probes(grp, new);
out:
	marker_unlock();
	return ret;
}

/* --- the trace handler ------------------------------------------------- */

/*
 * Each host thread writes records into its own buffer, without a lock:
 * __marker_trace_reserve() writes the header at the end of what is
 * committed, the site packs its payload after it, __marker_trace_commit()
 * publishes the record by moving len with a release store. A dump (any
 * thread, under marker_mutex) reads len with an acquire load and writes
 * that much: only whole records, even while the owner goes on writing.
 *
 * When a record does not fit, it is dropped and counted: a full buffer
 * keeps the start of the trace and stops recording. The count goes in the
 * dump (its buffer header) and on the console. Buffers outlive their
 * threads, so that a thread's records are in the dump after it exited.
 *
 * A reserve/commit pair must not nest on one thread (no site in a signal
 * handler): a second reserve before the commit replaces the first record.
 */
struct trace_record_header {
	u32 size;		/* of the whole record, header included */
	u32 thread;
	u64 event_id;
	u64 timestamp;
};
_Static_assert(sizeof(struct trace_record_header) == 24, "record header");

struct trace_buffer {
	struct trace_buffer *next;	/* on trace_buffers, in thread order */
	u32 thread;			/* 0, 1, ... in the order of first records */
	unsigned char *data;
	size_t size;
	size_t len;			/* committed in the current sub-buffer: written by the owner only */
	size_t pending;			/* the reserved record's size, or 0 */
	u64 lost;			/* records dropped (buffer full) or overwritten */
	/*
	 * The flight recorder (overwrite mode): two sub-buffers of size / 2,
	 * the current one written, the other holding older records. When the
	 * current one is full the other is overwritten: its records count as
	 * lost and the two swap. seq is odd during a swap, so that a dump can
	 * tell it copied a consistent pair. In discard mode one sub-buffer is
	 * the whole buffer and the other stays empty.
	 */
	int overwrite;
	size_t sub_size;
	unsigned int cur;		/* the current sub-buffer, 0 or 1 */
	size_t old_len;			/* committed in the other */
	u64 cur_records, old_records;
	unsigned int seq;
};

#define TRACE_BUFFER_DEFAULT	(1024 * 1024)
#define TRACE_MAGIC		"KMTRACE1"
#define TRACE_VERSION		2
#define TRACE_HEADER_SIZE	88
#define TRACE_BUILD_ID_MAX	20
#define TRACE_DIGEST_SIZE	16
#define NS_PER_SEC		1000000000ULL

static size_t trace_buffer_size = TRACE_BUFFER_DEFAULT;
static int trace_overwrite;	/* the mode of the buffers created from now on */
static struct trace_buffer *trace_buffers;
static struct trace_buffer **trace_buffers_tail = &trace_buffers;
static u32 nr_trace_buffers;
static u64 trace_lost_nobuf;	/* records of threads that got no buffer at all */
static __thread struct trace_buffer *this_buffer;

/* The file marker_trace_open() prepared, written by marker_trace_close(). */
static FILE *trace_file;
static char *trace_path, *trace_tmp_path;

static inline u64 trace_clock(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
#endif
}

/*
 * The clock's frequency and the Epoch time of its tick 0, for a reader to
 * turn timestamps into time (rdtsc's rate is the machine's): measured
 * against CLOCK_MONOTONIC from the first buffer to the dump, at least 10 ms.
 */
struct clock_point {
	u64 ticks, mono_ns, real_ns;
};

static struct clock_point trace_clock_origin;	/* with the first buffer */

static u64 timespec_ns(const struct timespec *ts)
{
	return (u64)ts->tv_sec * NS_PER_SEC + (u64)ts->tv_nsec;
}

static void clock_point_now(struct clock_point *p)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	p->ticks = trace_clock();
	clock_gettime(CLOCK_REALTIME, &real);
	p->mono_ns = timespec_ns(&mono);
	p->real_ns = timespec_ns(&real);
}

static void trace_clock_calibrate(u64 *freq, s64 *offset_ns)
{
	struct clock_point a = trace_clock_origin, b;
	const struct timespec pause = { 0, 1000000 };
	u64 since_tick0;

	if (!a.mono_ns)
		clock_point_now(&a);
	for (clock_point_now(&b); b.mono_ns - a.mono_ns < 10000000; clock_point_now(&b))
		nanosleep(&pause, NULL);
	*freq = (u64)((double)(b.ticks - a.ticks) * 1e9 / (double)(b.mono_ns - a.mono_ns) + 0.5);
	if (!*freq)
		*freq = NS_PER_SEC;
	since_tick0 = a.ticks / *freq * NS_PER_SEC + a.ticks % *freq * NS_PER_SEC / *freq;
	*offset_ns = (s64)(a.real_ns - since_tick0);
}

/*
 * The GNU build-id of the program (its NT_GNU_BUILD_ID note), found from
 * the ELF header the linker maps at __ehdr_start; 0 bytes when it has none.
 */
#if __SIZEOF_POINTER__ == 8
typedef Elf64_Ehdr elf_ehdr;
typedef Elf64_Phdr elf_phdr;
#else
typedef Elf32_Ehdr elf_ehdr;
typedef Elf32_Phdr elf_phdr;
#endif
extern const elf_ehdr __ehdr_start __attribute__((weak, visibility("hidden")));

static u32 program_build_id(unsigned char *id, u32 max)
{
	const elf_ehdr *eh = &__ehdr_start;
	const elf_phdr *ph;
	uintptr_t bias = 0;
	int i;

	if (!eh)
		return 0;
	ph = (const elf_phdr *)((const char *)eh + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			bias = (uintptr_t)eh - ph[i].p_vaddr;
	for (i = 0; i < eh->e_phnum; i++) {
		const unsigned char *n, *end;

		if (ph[i].p_type != PT_NOTE)
			continue;
		n = (const unsigned char *)(bias + ph[i].p_vaddr);
		end = n + ph[i].p_filesz;
		while (n + 12 <= end) {
			u32 namesz, descsz, type;
			const unsigned char *desc;

			memcpy(&namesz, n, 4);
			memcpy(&descsz, n + 4, 4);
			memcpy(&type, n + 8, 4);
			desc = n + 12 + ((namesz + 3) & ~3u);
			if (desc + descsz > end)
				break;
			if (type == NT_GNU_BUILD_ID && namesz == 4 && !memcmp(n + 12, "GNU", 4)) {
				if (descsz > max)
					descsz = max;
				memcpy(id, desc, descsz);
				return descsz;
			}
			n = desc + ((descsz + 3) & ~3u);
		}
	}
	return 0;
}

/* The catalog digest kmark link put in markers.S (docs/tracers.md). */
extern const unsigned char __kmark_catalog_digest[TRACE_DIGEST_SIZE] __attribute__((weak));

/* A thread's first record: its buffer, allocated outside the lock. */
static struct trace_buffer *trace_buffer_create(void)
{
	struct trace_buffer *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->size = __atomic_load_n(&trace_buffer_size, __ATOMIC_RELAXED);
	b->data = malloc(b->size);
	if (!b->data)
		b->size = 0;	/* every record of this thread is lost, and counted */
	b->overwrite = __atomic_load_n(&trace_overwrite, __ATOMIC_RELAXED);
	b->sub_size = b->overwrite ? b->size / 2 : b->size;

	pthread_mutex_lock(&marker_mutex);
	if (!nr_trace_buffers)
		clock_point_now(&trace_clock_origin);
	b->thread = nr_trace_buffers++;
	*trace_buffers_tail = b;
	trace_buffers_tail = &b->next;
	pthread_mutex_unlock(&marker_mutex);

	this_buffer = b;
	return b;
}

int marker_trace_set_buffer_size(size_t bytes)
{
	if (bytes < sizeof(struct trace_record_header))
		return -EINVAL;
	__atomic_store_n(&trace_buffer_size, bytes, __ATOMIC_RELAXED);
	return 0;
}

int marker_trace_set_mode(enum marker_trace_mode mode)
{
	if (mode != MARKER_TRACE_DISCARD && mode != MARKER_TRACE_OVERWRITE)
		return -EINVAL;
	__atomic_store_n(&trace_overwrite, mode == MARKER_TRACE_OVERWRITE, __ATOMIC_RELAXED);
	return 0;
}

/* The flight recorder's swap: the older sub-buffer's records are lost. */
static void trace_buffer_swap(struct trace_buffer *b)
{
	__atomic_store_n(&b->seq, b->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&b->lost, b->lost + b->old_records, __ATOMIC_RELAXED);
	b->old_records = b->cur_records;
	b->cur_records = 0;
	__atomic_store_n(&b->old_len, b->len, __ATOMIC_RELAXED);
	__atomic_store_n(&b->cur, b->cur ^ 1, __ATOMIC_RELAXED);
	__atomic_store_n(&b->len, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&b->seq, b->seq + 1, __ATOMIC_RELEASE);
}

void *__marker_trace_reserve(const struct marker *m, size_t payload)
{
	struct trace_buffer *b = this_buffer;
	struct trace_record_header h;
	size_t len;
	unsigned char *rec;

	if (unlikely(!b)) {
		b = trace_buffer_create();
		if (!b) {
			__atomic_add_fetch(&trace_lost_nobuf, 1, __ATOMIC_RELAXED);
			return NULL;
		}
	}
	b->pending = 0;
	if (payload > UINT_MAX - sizeof(h) || payload + sizeof(h) > b->sub_size) {
		__atomic_store_n(&b->lost, b->lost + 1, __ATOMIC_RELAXED);
		return NULL;
	}
	if (payload + sizeof(h) > b->sub_size - b->len) {
		if (!b->overwrite) {
			__atomic_store_n(&b->lost, b->lost + 1, __ATOMIC_RELAXED);
			return NULL;
		}
		trace_buffer_swap(b);
	}
	len = b->len;
	h.size = sizeof(h) + payload;
	h.thread = b->thread;
	h.event_id = m->event_id;
	h.timestamp = trace_clock();
	rec = b->data + b->cur * b->sub_size + len;
	memcpy(rec, &h, sizeof(h));
	b->pending = h.size;
	return rec + sizeof(h);
}

/*
 * kernel/marker_ctl.c's event stream sees each record as it is committed.
 * While it takes them (a client streams) and no trace file is open, the
 * record is not kept: a long-lived kernel's buffers do not fill up.
 */
bool __marker_trace_tap(const void *record, size_t size) __weak;

void __marker_trace_commit(const struct marker *m)
{
	struct trace_buffer *b = this_buffer;

	if (!b || !b->pending)
		return;
	if (__marker_trace_tap && __marker_trace_tap(b->data + b->len, b->pending) &&
	    !__atomic_load_n(&trace_file, __ATOMIC_RELAXED)) {
		b->pending = 0;
		return;
	}
	__atomic_store_n(&b->len, b->len + b->pending, __ATOMIC_RELEASE);
	b->cur_records++;
	b->pending = 0;
}

/*
 * What a dump writes of a buffer: the older sub-buffer's records, then the
 * current one's. In discard mode the committed length is enough (records
 * are only ever added after it). In overwrite mode the owner may swap the
 * sub-buffers and overwrite the older one at any time: both are copied,
 * and the copy kept only if no swap began or ended meanwhile (a seqlock).
 */
struct trace_snapshot {
	const unsigned char *old, *cur;
	size_t old_len, len;
	u64 lost;
	unsigned char *copy;		/* malloc'd, or NULL */
};

static int trace_snapshot(struct trace_buffer *b, struct trace_snapshot *snap)
{
	memset(snap, 0, sizeof(*snap));
	snap->cur = b->data;
	if (!b->overwrite || !b->data) {
		snap->len = __atomic_load_n(&b->len, __ATOMIC_ACQUIRE);
		snap->lost = __atomic_load_n(&b->lost, __ATOMIC_RELAXED);
		return 0;
	}
	snap->copy = malloc(b->size);
	if (!snap->copy)
		return -ENOMEM;
	for (;;) {
		unsigned int seq = __atomic_load_n(&b->seq, __ATOMIC_ACQUIRE);
		unsigned int cur;

		if (seq & 1)
			continue;
		cur = __atomic_load_n(&b->cur, __ATOMIC_RELAXED);
		snap->len = __atomic_load_n(&b->len, __ATOMIC_ACQUIRE);
		snap->old_len = __atomic_load_n(&b->old_len, __ATOMIC_RELAXED);
		snap->lost = __atomic_load_n(&b->lost, __ATOMIC_RELAXED);
		memcpy(snap->copy, b->data + (cur ^ 1) * b->sub_size, snap->old_len);
		memcpy(snap->copy + snap->old_len, b->data + cur * b->sub_size, snap->len);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&b->seq, __ATOMIC_RELAXED) == seq)
			break;
	}
	snap->old = snap->copy;
	snap->cur = snap->copy + snap->old_len;
	return 0;
}

/*
 * The file (docs/runtime.md): an 88-byte header ("KMTRACE1", version,
 * buffer count, header size, flags, clock, records lost without a buffer,
 * build-id, catalog digest); per buffer u32 thread, u32 lost records,
 * u64 length, the records.
 */
static int trace_write(FILE *f, u64 *lost)
{
	struct trace_buffer *b;
	unsigned char head[TRACE_HEADER_SIZE] = { 0 };
	u32 word;
	u64 freq, nobuf;
	s64 offset_ns;
	int ret = 0;

	trace_clock_calibrate(&freq, &offset_ns);
	pthread_mutex_lock(&marker_mutex);
	nobuf = __atomic_load_n(&trace_lost_nobuf, __ATOMIC_RELAXED);
	memcpy(head, TRACE_MAGIC, 8);
	word = TRACE_VERSION;
	memcpy(head + 8, &word, 4);
	memcpy(head + 12, &nr_trace_buffers, 4);
	word = TRACE_HEADER_SIZE;
	memcpy(head + 16, &word, 4);
	word = __atomic_load_n(&trace_overwrite, __ATOMIC_RELAXED);	/* flags: bit 0 overwrite */
	memcpy(head + 20, &word, 4);
	memcpy(head + 24, &freq, 8);
	memcpy(head + 32, &offset_ns, 8);
	memcpy(head + 40, &nobuf, 8);
	word = program_build_id(head + 52, TRACE_BUILD_ID_MAX);
	memcpy(head + 48, &word, 4);
	if (__kmark_catalog_digest)
		memcpy(head + 72, __kmark_catalog_digest, TRACE_DIGEST_SIZE);
	if (fwrite(head, sizeof(head), 1, f) != 1)
		ret = -EIO;
	*lost = nobuf;
	for (b = trace_buffers; b && !ret; b = b->next) {
		struct trace_snapshot snap;
		u64 len;
		u32 bh[4];

		ret = trace_snapshot(b, &snap);
		if (ret)
			break;
		len = snap.old_len + snap.len;
		bh[0] = b->thread;
		bh[1] = snap.lost > UINT_MAX ? UINT_MAX : (u32)snap.lost;
		memcpy(&bh[2], &len, sizeof(len));
		if (fwrite(bh, sizeof(bh), 1, f) != 1 ||
		    (snap.old_len && fwrite(snap.old, snap.old_len, 1, f) != 1) ||
		    (snap.len && fwrite(snap.cur, snap.len, 1, f) != 1))
			ret = -EIO;
		free(snap.copy);
		*lost += snap.lost;
	}
	pthread_mutex_unlock(&marker_mutex);
	return ret;
}

/*
 * Written to PATH.tmp and renamed once closed: a reader sees the old file
 * or the whole new one, never half a trace. A PATH that is not a regular
 * file (/dev/null, a FIFO) is written through instead: tmp is PATH itself,
 * never renamed over nor removed (docs/runtime.md).
 */
static int trace_finish(FILE *f, const char *tmp, const char *path)
{
	u64 lost = 0;
	int ret = trace_write(f, &lost);

	if (fclose(f) && !ret)
		ret = -errno;
	if (strcmp(tmp, path)) {
		if (!ret && rename(tmp, path))
			ret = -errno;
		if (ret)
			remove(tmp);
	}
	if (lost)
		printk(KERN_WARNING "marker: %llu trace records lost: %s\n", lost,
		       __atomic_load_n(&trace_overwrite, __ATOMIC_RELAXED) ?
		       "overwritten (flight recorder)" : "buffer full");
	return ret;
}

static char *tmp_path(const char *path)
{
	size_t n = strlen(path);
	struct stat st;
	char *tmp;

	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		return strdup(path);
	tmp = malloc(n + sizeof(".tmp"));
	if (tmp) {
		memcpy(tmp, path, n);
		memcpy(tmp + n, ".tmp", sizeof(".tmp"));
	}
	return tmp;
}

int marker_trace_dump(const char *path)
{
	char *tmp;
	FILE *f;
	int ret;

	if (!path)
		return -EINVAL;
	tmp = tmp_path(path);
	if (!tmp)
		return -ENOMEM;
	f = fopen(tmp, "wb");
	if (!f) {
		ret = -errno;
		free(tmp);
		return ret;
	}
	ret = trace_finish(f, tmp, path);
	free(tmp);
	return ret;
}

/*
 * Names the file marker_trace_close() dumps to, at exit: PATH.tmp is
 * created now, so that an unwritable path fails before the run.
 */
int marker_trace_open(const char *path)
{
	int ret;

	if (!path)
		return -EINVAL;
	pthread_mutex_lock(&marker_mutex);
	if (trace_file) {
		ret = -EEXIST;
		goto out;
	}
	ret = -ENOMEM;
	trace_path = strdup(path);
	trace_tmp_path = tmp_path(path);
	if (!trace_path || !trace_tmp_path)
		goto fail;
	trace_file = fopen(trace_tmp_path, "wb");
	if (trace_file) {
		ret = 0;
		goto out;
	}
	ret = -errno;
fail:
	free(trace_path);
	free(trace_tmp_path);
	trace_path = trace_tmp_path = NULL;
out:
	pthread_mutex_unlock(&marker_mutex);
	return ret;
}

int marker_trace_close(void)
{
	char *path, *tmp;
	FILE *f;
	int ret;

	pthread_mutex_lock(&marker_mutex);
	f = trace_file;
	path = trace_path;
	tmp = trace_tmp_path;
	trace_file = NULL;
	trace_path = trace_tmp_path = NULL;
	pthread_mutex_unlock(&marker_mutex);
	if (!f)
		return -EINVAL;
	ret = trace_finish(f, tmp, path);
	free(path);
	free(tmp);
	return ret;
}
