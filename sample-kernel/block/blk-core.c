/*
 * block/blk-core.c
 *
 * Turning bios into requests, and completing them.
 */
#include <linux/blkdev.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#define MAX_DISKS	4

static struct kmem_cache *request_cachep;
static struct kmem_cache *bio_cachep;

/* Requests completed by a driver, waiting for BLOCK_SOFTIRQ on that CPU. */
static struct list_head blk_cpu_done[NR_CPUS];

static struct gendisk *disks[MAX_DISKS];
static int nr_disks;

struct request_queue *blk_init_queue(request_fn_proc *rfn, void *data)
{
	struct request_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	INIT_LIST_HEAD(&q->queue_head);
	q->request_fn = rfn;
	q->queuedata = data;
	return q;
}

void add_disk(struct gendisk *disk)
{
	BUG_ON(nr_disks == MAX_DISKS);
	disks[nr_disks++] = disk;
	printk(KERN_INFO "%s: %llu sectors\n", disk->disk_name, disk->capacity);
}

struct gendisk *get_gendisk(const char *name)
{
	int i;

	for (i = 0; i < nr_disks; i++)
		if (!strcmp(disks[i]->disk_name, name))
			return disks[i];
	return NULL;
}

struct bio *bio_alloc(gfp_t gfp_mask)
{
	return kmem_cache_alloc(bio_cachep, gfp_mask | __GFP_ZERO);
}

void bio_put(struct bio *bio)
{
	kmem_cache_free(bio_cachep, bio);
}

static struct request *blk_get_request(struct request_queue *q, int rw,
				       gfp_t gfp_mask)
{
	struct request *rq;

	evmarker(block_getrq, MARKER_TRACE, 3,
		 struct request_queue *, q, int, rw, gfp_t, gfp_mask);
	rq = kmem_cache_alloc(request_cachep, gfp_mask | __GFP_ZERO);
	if (!rq)
		return NULL;
	INIT_LIST_HEAD(&rq->queuelist);
	INIT_LIST_HEAD(&rq->donelist);
	rq->q = q;
	rq->cmd_flags = rw;
	rq->cpu = smp_processor_id();
	q->in_flight++;
	return rq;
}

static void blk_put_request(struct request *rq)
{
	rq->q->in_flight--;
	kmem_cache_free(request_cachep, rq);
}

static void __blk_run_queue(struct request_queue *q)
{
	if (!list_empty(&q->queue_head))
		q->request_fn(q);
}

static void generic_make_request(struct bio *bio)
{
	struct gendisk *disk = bio->bi_disk;
	struct request_queue *q = disk->queue;
	struct request *rq;

	trace_mark(block_bio_queue, "disk %s sector %llu size %u rw %lu",
		   disk->disk_name, bio->bi_sector, bio->bi_size, bio->bi_rw);

	if (bio->bi_sector + bio_sectors(bio) > disk->capacity) {
		bio->bi_end_io(bio, -EIO);
		return;
	}
	if (!elv_attempt_merge(q, bio)) {
		rq = blk_get_request(q, bio->bi_rw & REQ_WRITE, GFP_NOIO);
		if (!rq) {
			bio->bi_end_io(bio, -ENOMEM);
			return;
		}
		rq->sector = bio->bi_sector;
		rq->nr_sectors = bio_sectors(bio);
		rq->bio = rq->biotail = bio;
		elv_insert(q, rq);
		q->nr_requests++;
	}
	q->nr_sectors += bio_sectors(bio);
	if (!q->plugged)
		__blk_run_queue(q);
}

void submit_bio(unsigned long rw, struct bio *bio)
{
	bio->bi_rw |= rw;
	generic_make_request(bio);
}

/* Hold the queue back so that adjacent bios can merge before dispatch. */
void blk_plug_device(struct request_queue *q)
{
	q->plugged = true;
}

void blk_unplug(struct request_queue *q)
{
	q->plugged = false;
	__blk_run_queue(q);
}

/* Called by the driver when the hardware is done with @rq. */
void blk_complete_request(struct request *rq)
{
#ifdef CONFIG_SMP
	int cpu = smp_processor_id();

	/* Finish on the submitting CPU, where the waiter's data is warm. */
	trace_mark(block_rq_steer, "sector %llu cpu %d submit_cpu %d",
		   rq->sector, cpu, rq->cpu);
	list_add_tail(&rq->donelist, &blk_cpu_done[rq->cpu]);
	raise_softirq_on(rq->cpu, BLOCK_SOFTIRQ);
#else
	evmarker(block_rq_softirq, MARKER_TRACE | MARKER_PROBE, 1,
		 sector_t, rq->sector);
	list_add_tail(&rq->donelist, &blk_cpu_done[0]);
	raise_softirq(BLOCK_SOFTIRQ);
#endif
}

static void blk_end_request(struct request *rq, int error)
{
	struct bio *bio, *next;

	trace_mark(block_rq_complete,
		   "sector %llu nr_sectors %u errors %d",
		   rq->sector, rq->nr_sectors, error);
	for (bio = rq->bio; bio; bio = next) {
		next = bio->bi_next;
		bio->bi_next = NULL;
		bio->bi_end_io(bio, error);
	}
	blk_put_request(rq);
}

static void blk_done_softirq(struct softirq_action *h)
{
	struct list_head *done = &blk_cpu_done[smp_processor_id()];

	while (!list_empty(done)) {
		struct request *rq = list_first_entry(done, struct request,
						      donelist);

		list_del_init(&rq->donelist);
		blk_end_request(rq, rq->errors);
	}
}

void blk_show_stats(void)
{
	int i;

	for (i = 0; i < nr_disks; i++) {
		const struct request_queue *q = disks[i]->queue;

		printk(KERN_INFO "block: %s: %lu requests, %lu merges, %lu sectors\n",
		       disks[i]->disk_name, q->nr_requests, q->nr_merges,
		       q->nr_sectors);
	}
}

static int __init blk_dev_init(void)
{
	int cpu;

	request_cachep = kmem_cache_create("blkdev_requests",
					   sizeof(struct request), 0,
					   SLAB_PANIC, NULL);
	bio_cachep = kmem_cache_create("bio", sizeof(struct bio), 0,
				       SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	for_each_online_cpu(cpu)
		INIT_LIST_HEAD(&blk_cpu_done[cpu]);
	open_softirq(BLOCK_SOFTIRQ, blk_done_softirq);
	return 0;
}
subsys_initcall(blk_dev_init);
