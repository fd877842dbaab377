/*
 * net/core/skbuff.c
 *
 * Allocating and freeing socket buffers.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define SKB_DATA_ALIGN(x)	ALIGN(x, 16U)

static struct kmem_cache *skbuff_head_cache;

struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp_mask)
{
	struct sk_buff *skb;
	u8 *data;

	evmarker(net_skb_alloc, MARKER_TRACE | MARKER_PROBE, 2,
		 unsigned int, size, gfp_t, gfp_mask);
	skb = kmem_cache_alloc(skbuff_head_cache, gfp_mask | __GFP_ZERO);
	if (!skb)
		return NULL;
	size = SKB_DATA_ALIGN(size);
	data = kmalloc(size, gfp_mask);
	if (!data) {
		kmem_cache_free(skbuff_head_cache, skb);
		return NULL;
	}
	INIT_LIST_HEAD(&skb->list);
	skb->truesize = size + sizeof(struct sk_buff);
	skb->head = skb->data = skb->tail = data;
	skb->end = data + size;
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	if (!skb)
		return;
	trace_mark(net_skb_free, "len %u protocol %hu", skb->len, skb->protocol);
	kfree(skb->head);
	kmem_cache_free(skbuff_head_cache, skb);
}

void skb_over_panic(struct sk_buff *skb, unsigned int len)
{
	panic("skb_over_panic: len:%u put:%u dev:%s", skb->len, len,
	      skb->dev ? skb->dev->name : "<NULL>");
}

static int __init skb_init(void)
{
	skbuff_head_cache = kmem_cache_create("skbuff_head_cache",
					      sizeof(struct sk_buff), 0,
					      SLAB_HWCACHE_ALIGN | SLAB_PANIC,
					      NULL);
	return 0;
}
subsys_initcall(skb_init);
