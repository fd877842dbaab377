#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/marker.h>
#include <linux/types.h>

struct net_device;

/*
 * A socket buffer: headroom, data, tailroom in one linear allocation.
 * data_len counts paged data, which this kernel never has.
 */
struct sk_buff {
	struct list_head	list;
	struct net_device	*dev;
	unsigned int		len;
	unsigned int		data_len;
	__be16			protocol;
	unsigned int		truesize;
	unsigned char		*head;
	unsigned char		*data;
	unsigned char		*tail;
	unsigned char		*end;
};

struct sk_buff_head {
	struct list_head	list;
	u32			qlen;
};

/* net/core/skbuff.c */
extern struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp_mask);
extern void kfree_skb(struct sk_buff *skb);
extern void __cold skb_over_panic(struct sk_buff *skb, unsigned int len);

static inline void skb_reserve(struct sk_buff *skb, unsigned int len)
{
	skb->data += len;
	skb->tail += len;
}

static inline unsigned char *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *tmp = skb->tail;

	skb->tail += len;
	skb->len += len;
	trace_mark(net_skb_put, "len %u skb_len %u", len, skb->len);
	if (unlikely(skb->tail > skb->end))
		skb_over_panic(skb, len);
	return tmp;
}

static inline unsigned char *skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len += len;
	if (unlikely(skb->data < skb->head))
		skb_over_panic(skb, len);
	return skb->data;
}

static inline unsigned char *skb_pull(struct sk_buff *skb, unsigned int len)
{
	evmarker(net_skb_pull, MARKER_TRACE, 2,
		 unsigned int, len, unsigned int, skb->len);
	if (unlikely(len > skb->len))
		return NULL;
	skb->len -= len;
	return skb->data += len;
}

static inline void skb_queue_head_init(struct sk_buff_head *list)
{
	INIT_LIST_HEAD(&list->list);
	list->qlen = 0;
}

static inline void skb_queue_tail(struct sk_buff_head *list,
				  struct sk_buff *skb)
{
	list_add_tail(&skb->list, &list->list);
	list->qlen++;
}

static inline struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	if (list_empty(&list->list))
		return NULL;
	skb = list_first_entry(&list->list, struct sk_buff, list);
	list_del_init(&skb->list);
	list->qlen--;
	return skb;
}

static inline bool skb_queue_empty(const struct sk_buff_head *list)
{
	return list_empty(&list->list);
}

#endif /* _LINUX_SKBUFF_H */
