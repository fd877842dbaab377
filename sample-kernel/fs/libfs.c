/*
 * fs/libfs.c
 *
 * Helpers for simple in-memory files, and the few files the root file
 * system starts with.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/uaccess.h>

ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available)
{
	loff_t pos = *ppos;
	size_t ret;

	evmarker(fs_simple_read, MARKER_TRACE | MARKER_PROBE, 3,
		 size_t, count, loff_t, *ppos, size_t, available);
	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	if (count > available - pos)
		count = available - pos;
	ret = copy_to_user(to, (const char *)from + pos, count);
	if (ret == count)
		return -EFAULT;
	count -= ret;
	*ppos = pos + count;
	return count;
}

static ssize_t simple_ro_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	const struct inode *inode = file->f_inode;

	return simple_read_from_buffer(buf, count, ppos, inode->i_private,
				       inode->i_size);
}

const struct file_operations simple_ro_file_operations = {
	.llseek		= default_llseek,
	.read		= simple_ro_read,
};

static const char etc_hostname[] = CONFIG_DEFAULT_HOSTNAME "\n";

static int __init populate_rootfs(void)
{
	return simple_mknod("/etc/hostname", S_IFREG | 0644, 0,
			    &simple_ro_file_operations, (void *)etc_hostname,
			    sizeof(etc_hostname) - 1);
}
fs_initcall(populate_rootfs);
