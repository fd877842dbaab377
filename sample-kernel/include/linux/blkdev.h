#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/types.h>

#define SECTOR_SHIFT		9
#define SECTOR_SIZE		(1 << SECTOR_SHIFT)

/* bi_rw and cmd_flags */
#define REQ_WRITE		(1U << 0)
#define REQ_SYNC		(1U << 1)
#define REQ_MERGED		(1U << 2)

struct bio;
struct gendisk;
struct request_queue;

typedef void (bio_end_io_t)(struct bio *, int);
typedef void (request_fn_proc)(struct request_queue *q);

/* One contiguous buffer per bio: no scatter-gather in this kernel. */
struct bio {
	sector_t		bi_sector;
	unsigned int		bi_size;	/* bytes */
	unsigned long		bi_rw;
	struct bio		*bi_next;
	struct gendisk		*bi_disk;
	void			*bi_buf;
	bio_end_io_t		*bi_end_io;
	void			*bi_private;
};

struct request {
	struct list_head	queuelist;
	struct list_head	donelist;
	struct request_queue	*q;
	unsigned int		cmd_flags;
	sector_t		sector;
	unsigned int		nr_sectors;
	int			cpu;		/* where it was submitted */
	int			errors;
	struct bio		*bio;
	struct bio		*biotail;
};

struct request_queue {
	struct list_head	queue_head;
	request_fn_proc		*request_fn;
	void			*queuedata;
	bool			plugged;
	unsigned int		in_flight;
	unsigned long		nr_requests;
	unsigned long		nr_merges;
	unsigned long		nr_sectors;
};

struct gendisk {
	char			disk_name[32];
	sector_t		capacity;
	struct request_queue	*queue;
};

static inline unsigned int bio_sectors(const struct bio *bio)
{
	return bio->bi_size >> SECTOR_SHIFT;
}

/* block/blk-core.c */
extern struct request_queue *blk_init_queue(request_fn_proc *rfn, void *data);
extern struct bio *bio_alloc(gfp_t gfp_mask);
extern void bio_put(struct bio *bio);
extern void submit_bio(unsigned long rw, struct bio *bio);
extern void blk_plug_device(struct request_queue *q);
extern void blk_unplug(struct request_queue *q);
extern void blk_complete_request(struct request *rq);
extern void blk_show_stats(void);
extern void add_disk(struct gendisk *disk);
extern struct gendisk *get_gendisk(const char *name);

/* block/elevator.c */
extern bool elv_attempt_merge(struct request_queue *q, struct bio *bio);
extern void elv_insert(struct request_queue *q, struct request *rq);
extern struct request *elv_next_request(struct request_queue *q);

#endif /* _LINUX_BLKDEV_H */
