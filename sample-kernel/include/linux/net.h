#ifndef _LINUX_NET_H
#define _LINUX_NET_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/wait.h>

#define AF_PACKET	17
#define PF_PACKET	AF_PACKET

#define SOCK_DGRAM	2

#define MSG_DONTWAIT	0x40

struct file;

/* A packet socket: every frame of its protocol, on the loopback device. */
struct socket {
	short			type;
	__be16			protocol;
	struct net_device	*dev;
	struct file		*file;
	struct sk_buff_head	receive_queue;
	wait_queue_head_t	wait;
	struct packet_type	prot_hook;
};

#endif /* _LINUX_NET_H */
