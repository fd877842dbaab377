#ifndef _LINUX_ETHERDEVICE_H
#define _LINUX_ETHERDEVICE_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/string.h>

/* Build the link-level header in front of the payload. */
static inline void eth_header(struct sk_buff *skb, struct net_device *dev,
			      __be16 type)
{
	struct ethhdr *eth = (struct ethhdr *)skb_push(skb, ETH_HLEN);

	memset(eth->h_dest, 0, ETH_ALEN);
	memset(eth->h_source, 0, ETH_ALEN);
	eth->h_proto = type;
}

/* Strip the link-level header on receive and return the protocol. */
static inline __be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;

	skb->dev = dev;
	skb_pull(skb, ETH_HLEN);
	return eth->h_proto;
}

#endif /* _LINUX_ETHERDEVICE_H */
