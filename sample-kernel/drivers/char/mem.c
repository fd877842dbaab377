/*
 * drivers/char/mem.c
 *
 * The memory devices: /dev/null, /dev/zero, /dev/full and /dev/port.
 */

/*
 * While this driver is being debugged, its markers, whenever they are on,
 * go to mem_debug_handler() below rather than to the configured handlers.
 */
#define LOCAL_MARKERS_HANDLER mem_debug_handler

#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/uaccess.h>

#define MEM_MAJOR	1
#define IO_SPACE_LIMIT	0xff

/* The simulated I/O port space, and where /dev/port "maps" it. */
static u8 io_space[IO_SPACE_LIMIT + 1];
static u8 __iomem *ioport_base;

static struct {
	unsigned long	zeroed;
	unsigned long	discarded;
	unsigned long	refused;
	unsigned long	port_reads;
} mem_stats;

static void __maybe_unused __printf(2, 3)
mem_debug_handler(const char *name, const char *fmt, ...)
{
	char buf[128];
	va_list args;

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_NOTICE "mem: %s: %s\n", name, buf);
}

static ssize_t read_null(struct file *file, char __user *buf,
			 size_t count, loff_t *ppos)
{
	return 0;
}

static ssize_t write_null(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	evmarker(mem_write_null, MARKER_PRINTK, 1, size_t, count);
	mem_stats.discarded += count;
	return count;
}

static ssize_t
read_zero(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	trace_mark(mem_read_zero, "count %zu pos %lld", count, *ppos);
	if (clear_user(buf, count))
		return -EFAULT;
	mem_stats.zeroed += count;
	return count;
}

static ssize_t write_full(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	trace_mark(mem_write_full, "count %zu", count);
	mem_stats.refused++;
	return -ENOSPC;
}

static ssize_t
read_port(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long i = *ppos;
	char __user *tmp = buf;

	trace_mark(mem_read_port, "port %lu count %zu",
		   (unsigned long)*ppos, count);
	while (count-- > 0 && i <= IO_SPACE_LIMIT) {
		u8 c = ioread8(ioport_base + i);

		if (copy_to_user(tmp, &c, 1))
			return -EFAULT;
		i++;
		tmp++;
	}
	*ppos = i;
	mem_stats.port_reads += tmp - buf;
	return tmp - buf;
}

static const struct file_operations null_fops = {
	.llseek		= default_llseek,
	.read		= read_null,
	.write		= write_null,
};

static const struct file_operations zero_fops = {
	.llseek		= default_llseek,
	.read		= read_zero,
	.write		= write_null,
};

static const struct file_operations full_fops = {
	.llseek		= default_llseek,
	.read		= read_zero,
	.write		= write_full,
};

static const struct file_operations port_fops = {
	.llseek		= default_llseek,
	.read		= read_port,
};

static struct memdev {
	const char			*name;
	umode_t				mode;
	unsigned int			minor;
	const struct file_operations	*fops;
} devlist[] __initdata = {
	{ "/dev/null",	0666, 3, &null_fops },
	{ "/dev/port",	0640, 4, &port_fops },
	{ "/dev/zero",	0666, 5, &zero_fops },
	{ "/dev/full",	0666, 7, &full_fops },
};

static int __init chr_dev_init(void)
{
	unsigned int i;
	int err;

	/* Each port reads back its own number until something writes it. */
	ioport_base = (u8 __force __iomem *)io_space;
	for (i = 0; i <= IO_SPACE_LIMIT; i++)
		iowrite8(i, ioport_base + i);

	for (i = 0; i < ARRAY_SIZE(devlist); i++) {
		const struct memdev *dev = &devlist[i];

		err = simple_mknod(dev->name, S_IFCHR | dev->mode,
				   MKDEV(MEM_MAJOR, dev->minor), dev->fops,
				   NULL, 0);
		if (err)
			return err;
	}
	printk(KERN_INFO "mem: %zu devices\n", ARRAY_SIZE(devlist));
	return 0;
}
module_init(chr_dev_init);

static void __exit chr_dev_exit(void)
{
	printk(KERN_INFO "mem: %lu bytes zeroed, %lu discarded, %lu writes refused, %lu port bytes read\n",
	       mem_stats.zeroed, mem_stats.discarded, mem_stats.refused,
	       mem_stats.port_reads);
}
module_exit(chr_dev_exit);
