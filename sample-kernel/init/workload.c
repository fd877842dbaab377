/*
 * init/workload.c
 *
 * What the kernel runs: one kernel thread per subsystem and iteration,
 * each a small state machine advanced one step per time slice, using the
 * system calls and kernel interfaces a client of that subsystem would.
 * Every marker site outside the boot path is reached in each iteration;
 * each thread checks its results, so that a broken kernel fails the run.
 */
#include <linux/blkdev.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/wait.h>

#include "workload.h"

static int workload_errors;

static void expect(bool ok, const char *worker, const char *what, long got)
{
	if (ok)
		return;
	printk(KERN_ERR "%s: unexpected %s: %ld\n", worker, what, got);
	workload_errors++;
}

/* fs: the root file system and the memory devices. */
struct fs_work {
	int	step;
	char	buf[64];
};

static int fs_worker(void *data)
{
	struct fs_work *w = data;
	long fd, null, n;

	switch (w->step++) {
	case 0:
		fd = sys_open("/etc/hostname", O_RDONLY, 0);
		expect(fd >= 0, "fs", "open /etc/hostname", fd);
		n = sys_read(fd, w->buf, sizeof(w->buf));
		expect(n == strlen(CONFIG_DEFAULT_HOSTNAME) + 1 &&
		       !memcmp(w->buf, CONFIG_DEFAULT_HOSTNAME "\n", n),
		       "fs", "/etc/hostname read", n);
		n = sys_read(fd, w->buf, sizeof(w->buf));
		expect(n == 0, "fs", "read at end of file", n);
		n = sys_lseek(fd, 1, SEEK_SET);
		expect(n == 1, "fs", "lseek", n);
		n = sys_read(fd, w->buf, 2);
		expect(n == 2, "fs", "read after lseek", n);
		sys_close(fd);

		fd = sys_open("/etc/motd", O_RDONLY, 0);
		expect(fd == -ENOENT, "fs", "open of a missing file", fd);

		sys_nice(5);
		sys_sched_yield();
		return 1;

	case 1:
		/* dd if=/dev/zero of=/dev/null bs=16 count=1 */
		fd = sys_open("/dev/zero", O_RDONLY, 0);
		null = sys_open("/dev/null", O_WRONLY, 0);
		memset(w->buf, 0xff, sizeof(w->buf));
		n = sys_read(fd, w->buf, 16);
		expect(n == 16 && !w->buf[0] && !w->buf[15], "fs",
		       "/dev/zero read", n);
		n = sys_write(null, w->buf, n);
		expect(n == 16, "fs", "/dev/null write", n);
		sys_close(null);
		sys_close(fd);

		fd = sys_open("/dev/full", O_WRONLY, 0);
		n = sys_write(fd, w->buf, 1);
		expect(n == -ENOSPC, "fs", "/dev/full write", n);
		sys_close(fd);

		/* Ports read back their own numbers. */
		fd = sys_open("/dev/port", O_RDONLY, 0);
		sys_lseek(fd, 0x70, SEEK_SET);
		n = sys_read(fd, w->buf, 2);
		expect(n == 2 && (u8)w->buf[0] == 0x70 && (u8)w->buf[1] == 0x71,
		       "fs", "/dev/port read", n);
		sys_close(fd);

		n = sys_getpid();
		expect(n > 0, "fs", "getpid", n);
		return 0;
	}
	return 0;
}

/* block: write to the RAM disk, read back, compare. */
struct blk_work {
	int			step;
	atomic_t		pending;
	int			errors;
	wait_queue_head_t	wait;
	struct page		*page;
	u8			pattern;
};

static void blk_work_end_io(struct bio *bio, int error)
{
	struct blk_work *w = bio->bi_private;

	if (error)
		w->errors++;
	bio_put(bio);
	if (atomic_dec_and_test(&w->pending))
		wake_up(&w->wait);
}

static void blk_work_submit(struct blk_work *w, struct gendisk *disk,
			    unsigned long rw, sector_t sector, void *buf,
			    unsigned int size)
{
	struct bio *bio = bio_alloc(GFP_NOIO);

	if (!bio) {
		w->errors++;
		return;
	}
	bio->bi_disk = disk;
	bio->bi_sector = sector;
	bio->bi_size = size;
	bio->bi_buf = buf;
	bio->bi_end_io = blk_work_end_io;
	bio->bi_private = w;
	atomic_inc(&w->pending);
	submit_bio(rw, bio);
}

/* Sleep until the bios in flight are done; false if there are none. */
static bool blk_work_wait(struct blk_work *w)
{
	if (!atomic_read(&w->pending))
		return false;
	prepare_to_wait(&w->wait, TASK_UNINTERRUPTIBLE);
	return true;
}

static int blk_worker(void *data)
{
	struct blk_work *w = data;
	struct gendisk *disk = get_gendisk("ram0");
	u8 *buf;
	int i;

	if (blk_work_wait(w))
		return 1;

	switch (w->step++) {
	case 0:
		/* Two adjacent 4 KiB writes that merge, and one further out. */
		w->page = alloc_pages(GFP_KERNEL, 1);
		expect(w->page != NULL, "block", "order-1 failure", 1);
		if (!w->page)
			return 0;
		buf = page_address(w->page);
		for (i = 0; i < 2 * PAGE_SIZE; i++)
			buf[i] = w->pattern + i;
		blk_plug_device(disk->queue);
		blk_work_submit(w, disk, REQ_WRITE, 0, buf, PAGE_SIZE);
		blk_work_submit(w, disk, REQ_WRITE, 8, buf + PAGE_SIZE,
				PAGE_SIZE);
		blk_work_submit(w, disk, REQ_WRITE | REQ_SYNC, 64, buf,
				SECTOR_SIZE);
		blk_unplug(disk->queue);
		break;

	case 1:
		buf = page_address(w->page);
		memset(buf, 0, 2 * PAGE_SIZE);
		blk_work_submit(w, disk, 0, 0, buf, 2 * PAGE_SIZE);
		break;

	case 2:
		buf = page_address(w->page);
		for (i = 0; i < 2 * PAGE_SIZE; i++)
			if (buf[i] != (u8)(w->pattern + i))
				break;
		expect(i == 2 * PAGE_SIZE, "block", "data at byte", i);
		expect(!w->errors, "block", "I/O errors", w->errors);
		__free_pages(w->page, 1);
		return 0;
	}
	blk_work_wait(w);
	return 1;
}

/* mm: pages of several orders, a failing allocation, kmalloc sizes. */
struct mm_work {
	int		step;
	struct page	*pages[10];
	struct page	*block;
	void		*objs[3];
};

static int mm_worker(void *data)
{
	struct mm_work *w = data;
	struct page *page;
	int i;

	switch (w->step++) {
	case 0:
		for (i = 0; i < ARRAY_SIZE(w->pages); i++) {
			w->pages[i] = alloc_page(GFP_KERNEL);
			expect(w->pages[i] != NULL, "mm", "page failure", i);
		}
		w->block = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
		expect(w->block != NULL, "mm", "order-2 failure", 2);

		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER);
		expect(page == NULL, "mm", "order beyond MAX_ORDER", MAX_ORDER);

		w->objs[0] = kmalloc(100, GFP_KERNEL);
		w->objs[1] = kzalloc(3000, GFP_KERNEL);
		w->objs[2] = kmalloc(32, GFP_ATOMIC);
		for (i = 0; i < ARRAY_SIZE(w->objs); i++)
			expect(w->objs[i] != NULL, "mm", "kmalloc failure", i);
		sys_sched_yield();
		return 1;

	case 1:
		for (i = 0; i < ARRAY_SIZE(w->objs); i++)
			kfree(w->objs[i]);
		if (w->block)
			__free_pages(w->block, 2);
		for (i = 0; i < ARRAY_SIZE(w->pages); i++)
			if (w->pages[i])
				__free_pages(w->pages[i], 0);
		return 0;
	}
	return 0;
}

/* net: a datagram to ourselves over the loopback device. */
struct net_work {
	int	step;
	long	fd;
	char	buf[64];
};

static int net_worker(void *data)
{
	static const char msg[] = "ping";
	struct net_work *w = data;
	struct rtnl_link_stats64 stats;
	long n;

	switch (w->step) {
	case 0:
		w->fd = sys_socket(PF_PACKET, SOCK_DGRAM, cpu_to_be16(ETH_P_IP));
		expect(w->fd >= 0, "net", "socket", w->fd);
		n = sys_send(w->fd, (void *)msg, sizeof(msg), 0);
		expect(n == sizeof(msg), "net", "send", n);
		w->step = 1;
		fallthrough;

	case 1:
		n = sys_recv(w->fd, w->buf, sizeof(w->buf), 0);
		if (n == -ERESTARTSYS)
			return 1;
		expect(n == sizeof(msg) && !memcmp(w->buf, msg, n), "net",
		       "recv", n);
		dev_get_stats(dev_get_by_name("lo"), &stats);
		sys_close(w->fd);
		return 0;
	}
	return 0;
}

static struct fs_work fs_work;
static struct blk_work blk_work;
static struct mm_work mm_work;
static struct net_work net_work;

void run_workload(unsigned int iteration)
{
	bool busy;
	int cpu;

	memset(&fs_work, 0, sizeof(fs_work));
	memset(&blk_work, 0, sizeof(blk_work));
	init_waitqueue_head(&blk_work.wait);
	blk_work.pattern = iteration;
	memset(&mm_work, 0, sizeof(mm_work));
	memset(&net_work, 0, sizeof(net_work));

	kernel_thread(fs_worker, &fs_work, "kworker/fs", 0);
	kernel_thread(blk_worker, &blk_work, "kworker/blk", 0);
	kernel_thread(mm_worker, &mm_work, "kworker/mm", 0);
	kernel_thread(net_worker, &net_work, "kworker/net", 0);

	do {
		busy = false;
		for_each_online_cpu(cpu)
			busy |= sched_run_slice(cpu);
	} while (busy);

	if (nr_threads)
		panic("iteration %u: %d threads left asleep", iteration,
		      nr_threads);
}

int workload_failures(void)
{
	return workload_errors;
}
