#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <stdint.h>
#include <linux/list.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#define IFNAMSIZ	16

#define IFF_UP		0x1
#define IFF_LOOPBACK	0x8

#define ETH_ALEN	6
#define ETH_HLEN	14
#define ETH_P_IP	0x0800
#define ETH_P_ALL	0x0003

#define NET_RX_SUCCESS	0
#define NET_RX_DROP	1

typedef enum netdev_tx {
	NETDEV_TX_OK	= 0x00,
	NETDEV_TX_BUSY	= 0x10,
} netdev_tx_t;

/* Interface counters as user space reads them: C99 fixed-width types. */
struct rtnl_link_stats64 {
	uint64_t	rx_packets;
	uint64_t	tx_packets;
	uint64_t	rx_bytes;
	uint64_t	tx_bytes;
	uint64_t	rx_dropped;
	uint64_t	tx_dropped;
};

struct net_device;

struct net_device_ops {
	int		(*ndo_open)(struct net_device *dev);
	netdev_tx_t	(*ndo_start_xmit)(struct sk_buff *skb,
					  struct net_device *dev);
};

struct net_device {
	char			name[IFNAMSIZ];
	int			ifindex;
	unsigned int		flags;
	unsigned int		mtu;
	unsigned short		hard_header_len;
	const struct net_device_ops	*netdev_ops;
	struct rtnl_link_stats64	stats;
	struct list_head	dev_list;
};

struct packet_type {
	__be16			type;
	int			(*func)(struct sk_buff *skb,
					struct net_device *dev,
					struct packet_type *pt);
	void			*af_packet_priv;
	struct packet_type __rcu	*next;
};

struct ethhdr {
	unsigned char	h_dest[ETH_ALEN];
	unsigned char	h_source[ETH_ALEN];
	__be16		h_proto;
} __packed;

static inline __be16 cpu_to_be16(u16 x)
{
	return (__force __be16)__builtin_bswap16(x);
}

/* net/core/dev.c */
extern int register_netdev(struct net_device *dev);
extern void dev_add_pack(struct packet_type *pt);
extern void dev_remove_pack(struct packet_type *pt);
extern int dev_queue_xmit(struct sk_buff *skb);
extern int netif_rx(struct sk_buff *skb);
extern struct net_device *dev_get_by_name(const char *name);
extern struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev,
					       struct rtnl_link_stats64 *storage);
extern void net_show_stats(void);

#endif /* _LINUX_NETDEVICE_H */
