/*
 * block/elevator.c
 *
 * A one-way elevator: requests wait sorted by sector, and a bio that
 * starts where a queued request of the same direction ends joins it.
 */

/*
 * Build with CONFIG_DEBUG_ELEVATOR to have this file's markers on whatever
 * CONFIG_MARKERS says.
 */
#ifdef CONFIG_DEBUG_ELEVATOR
#define ENABLE_LOCAL_MARKERS
#endif

#include <linux/blkdev.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/marker.h>

bool elv_attempt_merge(struct request_queue *q, struct bio *bio)
{
	struct request *rq;

	list_for_each_entry(rq, &q->queue_head, queuelist) {
		if ((rq->cmd_flags & REQ_WRITE) != (bio->bi_rw & REQ_WRITE))
			continue;
		if (rq->sector + rq->nr_sectors != bio->bi_sector)
			continue;
		trace_mark(block_rq_merge,
			   "sector %llu nr_sectors %u bio_sectors %u",
			   rq->sector, rq->nr_sectors, bio_sectors(bio));
		rq->biotail->bi_next = bio;
		rq->biotail = bio;
		rq->nr_sectors += bio_sectors(bio);
		rq->cmd_flags |= REQ_MERGED;
		q->nr_merges++;
		return true;
	}
	return false;
}

void elv_insert(struct request_queue *q, struct request *rq)
{
	struct request *pos;

	trace_mark(block_rq_insert, "sector %llu nr_sectors %u cmd_flags %x",
		   rq->sector, rq->nr_sectors, rq->cmd_flags);
	list_for_each_entry(pos, &q->queue_head, queuelist)
		if (pos->sector > rq->sector)
			break;
	/* Before the first request further out, or at the tail. */
	list_add_tail(&rq->queuelist, &pos->queuelist);
}

/* The next request to dispatch, taken off the queue. */
struct request *elv_next_request(struct request_queue *q)
{
	struct request *rq;

	if (list_empty(&q->queue_head))
		return NULL;
	rq = list_first_entry(&q->queue_head, struct request, queuelist);
	list_del_init(&rq->queuelist);
	evmarker(block_rq_issue, MARKER_TRACE | MARKER_PROBE, 2,
		 sector_t, rq->sector, unsigned int, rq->nr_sectors);
	return rq;
}
