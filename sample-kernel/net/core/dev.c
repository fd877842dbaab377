/*
 * net/core/dev.c
 *
 * Network devices, and the path of a packet between a device and the
 * protocol handlers.
 */
#include <inttypes.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/smp.h>
#include <linux/string.h>

/* Packets a CPU hands to the protocols per softirq run. */
static int netdev_budget = 8;

struct softnet_data {
	struct sk_buff_head	input_pkt_queue;
};

static struct softnet_data softnet_data[NR_CPUS];
static LIST_HEAD(dev_base_head);
static int dev_ifindex;
static struct packet_type __rcu *ptype_base;

int register_netdev(struct net_device *dev)
{
	int err = 0;

	dev->ifindex = ++dev_ifindex;
	list_add_tail(&dev->dev_list, &dev_base_head);
	if (dev->netdev_ops->ndo_open)
		err = dev->netdev_ops->ndo_open(dev);
	if (!err)
		dev->flags |= IFF_UP;
	printk(KERN_INFO "net: %s: ifindex %d, mtu %u\n",
	       dev->name, dev->ifindex, dev->mtu);
	return err;
}

struct net_device *dev_get_by_name(const char *name)
{
	struct net_device *dev;

	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (!strcmp(dev->name, name))
			return dev;
	return NULL;
}

void dev_add_pack(struct packet_type *pt)
{
	pt->next = ptype_base;
	rcu_assign_pointer(ptype_base, pt);
}

void dev_remove_pack(struct packet_type *pt)
{
	struct packet_type __rcu **pp;

	for (pp = &ptype_base; *pp; pp = &(*pp)->next) {
		if (*pp == pt) {
			rcu_assign_pointer(*pp, pt->next);
			return;
		}
	}
}

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	trace_mark(net_dev_xmit,
		   "dev %s len %u data_len %u protocol %hu",
		   dev->name, skb->len, skb->data_len, skb->protocol);
	if (!(dev->flags & IFF_UP)) {
		dev->stats.tx_dropped++;
		kfree_skb(skb);
		return -ENETDOWN;
	}
	return dev->netdev_ops->ndo_start_xmit(skb, dev) == NETDEV_TX_OK ?
	       0 : -ENOBUFS;
}

/* From a driver's "interrupt": queue for this CPU's NET_RX softirq. */
int netif_rx(struct sk_buff *skb)
{
	struct softnet_data *sd = &softnet_data[smp_processor_id()];

	evmarker(net_dev_receive, MARKER_PRINTK | MARKER_TRACE, 2,
		 const char *, skb->dev->name, unsigned int, skb->len);
	skb_queue_tail(&sd->input_pkt_queue, skb);
	raise_softirq(NET_RX_SOFTIRQ);
	return NET_RX_SUCCESS;
}

static int netif_receive_skb(struct sk_buff *skb)
{
	struct packet_type *ptype;
	int ret = NET_RX_DROP;

	rcu_read_lock();
	for (ptype = rcu_dereference(ptype_base); ptype;
	     ptype = rcu_dereference(ptype->next)) {
		if (ptype->type == skb->protocol) {
			ret = ptype->func(skb, skb->dev, ptype);
			break;
		}
	}
	rcu_read_unlock();
	if (!ptype) {
		skb->dev->stats.rx_dropped++;
		kfree_skb(skb);
	}
	return ret;
}

static void net_rx_action(struct softirq_action *h)
{
	struct softnet_data *sd = &softnet_data[smp_processor_id()];
	int budget = netdev_budget;
	int processed = 0;
	struct sk_buff *skb;

	while (processed < budget &&
	       (skb = skb_dequeue(&sd->input_pkt_queue)) != NULL) {
		netif_receive_skb(skb);
		processed++;
	}
	trace_mark(net_rx_action, "cpu %d processed %d budget %d",
		   smp_processor_id(), processed, budget);
	/* Out of budget: the rest waits for this CPU's next slice. */
	if (!skb_queue_empty(&sd->input_pkt_queue))
		raise_softirq(NET_RX_SOFTIRQ);
}

struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev,
					struct rtnl_link_stats64 *storage)
{
	*storage = dev->stats;
	trace_mark(net_dev_stats,
		   "dev %s rx_packets %" PRIu64 " tx_packets %" PRIu64,
		   dev->name, storage->rx_packets, storage->tx_packets);
	return storage;
}

void net_show_stats(void)
{
	struct rtnl_link_stats64 stats;
	struct net_device *dev;

	list_for_each_entry(dev, &dev_base_head, dev_list) {
		dev_get_stats(dev, &stats);
		printk(KERN_INFO "net: %s: %" PRIu64 " packets sent, %" PRIu64
		       " received, %" PRIu64 " bytes, %" PRIu64 " dropped\n",
		       dev->name, stats.tx_packets, stats.rx_packets,
		       stats.tx_bytes, stats.rx_dropped + stats.tx_dropped);
	}
}

static int __init net_dev_init(void)
{
	int cpu;

	for_each_online_cpu(cpu)
		skb_queue_head_init(&softnet_data[cpu].input_pkt_queue);
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
	return 0;
}
subsys_initcall(net_dev_init);
