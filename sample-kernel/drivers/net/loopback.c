/*
 * drivers/net/loopback.c
 *
 * The loopback device: what is sent on it is received on it.
 */
#include <linux/etherdevice.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/netdevice.h>

static netdev_tx_t loopback_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len;

	evmarker(net_loopback_xmit, MARKER_PROBE, 2,
		 struct sk_buff *, skb, struct net_device *, dev);
	skb->protocol = eth_type_trans(skb, dev);
	len = skb->len;
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	netif_rx(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops loopback_ops = {
	.ndo_start_xmit	= loopback_xmit,
};

static struct net_device loopback_dev = {
	.name		= "lo",
	.flags		= IFF_LOOPBACK,
	.mtu		= 65536,
	.hard_header_len = ETH_HLEN,
	.netdev_ops	= &loopback_ops,
};

static int __init loopback_init(void)
{
	return register_netdev(&loopback_dev);
}
module_init(loopback_init);
