/*
 * net/socket.c
 *
 * Packet sockets over the loopback device: socket(2), send(2), recv(2),
 * and close(2) through the socket's file.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

static struct kmem_cache *sock_cachep;

/* Sockets have no name: their files share one anonymous inode. */
static struct inode sock_inode = {
	.i_mode		= S_IFSOCK | 0777,
};

static int packet_rcv(struct sk_buff *skb, struct net_device *dev,
		      struct packet_type *pt)
{
	struct socket *sock = pt->af_packet_priv;

	skb_queue_tail(&sock->receive_queue, skb);
	wake_up(&sock->wait);
	return NET_RX_SUCCESS;
}

static int sock_close(struct inode *inode, struct file *file)
{
	struct socket *sock = file->private_data;
	struct sk_buff *skb;

	dev_remove_pack(&sock->prot_hook);
	while ((skb = skb_dequeue(&sock->receive_queue)) != NULL)
		kfree_skb(skb);
	kmem_cache_free(sock_cachep, sock);
	return 0;
}

static const struct file_operations socket_file_ops = {
	.llseek		= no_llseek,
	.release	= sock_close,
};

/* The socket behind @fd, holding its file: sockfd_put() when done. */
static struct socket *sockfd_lookup(int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &socket_file_ops) {
		fput(file);
		return ERR_PTR(-ENOTSOCK);
	}
	return file->private_data;
}

static void sockfd_put(struct socket *sock)
{
	fput(sock->file);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	struct socket *sock;
	struct file *file;
	int fd;

	trace_mark(net_socket_create, "family %d type %d protocol %d",
		   family, type, protocol);
	if (family != PF_PACKET)
		return -EAFNOSUPPORT;
	if (type != SOCK_DGRAM)
		return -EPROTONOSUPPORT;

	sock = kmem_cache_alloc(sock_cachep, GFP_KERNEL | __GFP_ZERO);
	if (!sock)
		return -ENOMEM;
	sock->type = type;
	sock->protocol = protocol;
	sock->dev = dev_get_by_name("lo");
	skb_queue_head_init(&sock->receive_queue);
	init_waitqueue_head(&sock->wait);
	sock->prot_hook.type = sock->protocol;
	sock->prot_hook.func = packet_rcv;
	sock->prot_hook.af_packet_priv = sock;

	fd = get_unused_fd();
	if (fd < 0)
		goto out_free;
	file = alloc_file(NULL, &sock_inode, FMODE_READ | FMODE_WRITE,
			  &socket_file_ops);
	if (!file) {
		put_unused_fd(fd);
		fd = -ENOMEM;
		goto out_free;
	}
	file->private_data = sock;
	sock->file = file;
	dev_add_pack(&sock->prot_hook);
	fd_install(fd, file);
	return fd;

out_free:
	kmem_cache_free(sock_cachep, sock);
	return fd;
}

SYSCALL_DEFINE4(send, int, fd, void __user *, buff, size_t, len,
		unsigned int, flags)
{
	struct socket *sock;
	struct sk_buff *skb;
	int err;

	evmarker(net_socket_sendmsg, MARKER_TRACE, 3,
		 int, fd, size_t, len, unsigned int, flags);
	sock = sockfd_lookup(fd);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	err = -EMSGSIZE;
	if (len > sock->dev->mtu)
		goto out;
	err = -ENOBUFS;
	skb = alloc_skb(len + ETH_HLEN, GFP_KERNEL);
	if (!skb)
		goto out;
	skb_reserve(skb, ETH_HLEN);
	if (copy_from_user(skb_put(skb, len), buff, len)) {
		kfree_skb(skb);
		err = -EFAULT;
		goto out;
	}
	skb->dev = sock->dev;
	skb->protocol = sock->protocol;
	eth_header(skb, sock->dev, sock->protocol);
	err = dev_queue_xmit(skb);
	if (!err)
		err = len;
out:
	sockfd_put(sock);
	return err;
}

/*
 * Without MSG_DONTWAIT an empty queue puts the caller to sleep: it gets
 * -ERESTARTSYS and calls again once a packet has woken it.
 */
SYSCALL_DEFINE4(recv, int, fd, void __user *, ubuf, size_t, size,
		unsigned int, flags)
{
	struct socket *sock;
	struct sk_buff *skb;
	int err;

	sock = sockfd_lookup(fd);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	skb = skb_dequeue(&sock->receive_queue);
	if (!skb) {
		err = -EAGAIN;
		if (!(flags & MSG_DONTWAIT)) {
			prepare_to_wait(&sock->wait, TASK_INTERRUPTIBLE);
			err = -ERESTARTSYS;
		}
		goto out;
	}
	err = min_t(size_t, size, skb->len);
	if (copy_to_user(ubuf, skb->data, err))
		err = -EFAULT;
	kfree_skb(skb);
out:
	trace_mark(net_socket_recvmsg, "fd %d size %zu ret %d",
		   fd, size, err);
	sockfd_put(sock);
	return err;
}

static int __init sock_init(void)
{
	sock_cachep = kmem_cache_create("sock", sizeof(struct socket), 0,
					SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	return 0;
}
fs_initcall(sock_init);
