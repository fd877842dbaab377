/*
 * drivers/block/brd.c
 *
 * A RAM disk of CONFIG_BLK_DEV_RAM_SIZE kilobytes.
 */
#include <linux/blkdev.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/string.h>

#define BRD_SECTORS	(CONFIG_BLK_DEV_RAM_SIZE * 1024 / SECTOR_SIZE)

static u8 brd_data[BRD_SECTORS * SECTOR_SIZE];

static struct gendisk brd_disk = {
	.disk_name	= "ram0",
	.capacity	= BRD_SECTORS,
};

/* The block layer has checked that the transfer fits the disk. */
static void brd_do_bvec(sector_t sector, void *buf, unsigned int len, int rw)
{
	u64 offset = sector << SECTOR_SHIFT;
	u8 *mem = brd_data + offset;

	evmarker(brd_transfer, MARKER_PRINTK, 3,
		 u64, offset, unsigned int, len, int, rw);
	if (rw & REQ_WRITE)
		memcpy(mem, buf, len);
	else
		memcpy(buf, mem, len);
}

static void brd_request_fn(struct request_queue *q)
{
	struct request *rq;
	struct bio *bio;

	while ((rq = elv_next_request(q)) != NULL) {
		for (bio = rq->bio; bio; bio = bio->bi_next)
			brd_do_bvec(bio->bi_sector, bio->bi_buf, bio->bi_size,
				    rq->cmd_flags & REQ_WRITE);
		rq->errors = 0;
		blk_complete_request(rq);
	}
}

static int __init brd_init(void)
{
	brd_disk.queue = blk_init_queue(brd_request_fn, &brd_disk);
	if (!brd_disk.queue)
		return -ENOMEM;
	add_disk(&brd_disk);
	return 0;
}
module_init(brd_init);
