/*
 * fs/read_write.c
 *
 * read(2), write(2), lseek(2) and the VFS calls behind them.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/syscalls.h>

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

loff_t default_llseek(struct file *file, loff_t offset, int whence)
{
	switch (whence) {
	case SEEK_END:
		offset += file->f_inode->i_size;
		break;
	case SEEK_CUR:
		offset += file->f_pos;
		break;
	}
	if (offset < 0)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

static loff_t vfs_llseek(struct file *file, loff_t offset, int whence)
{
	if (!(file->f_mode & FMODE_LSEEK) || !file->f_op->llseek)
		return -ESPIPE;
	return file->f_op->llseek(file, offset, whence);
}

/*
 * The read method of @file, or NULL when it has none or was not opened
 * for reading.
 */
static ssize_t (*file_read_op(const struct file *file))(struct file *,
							 char __user *,
							 size_t, loff_t *)
{
	evmarker(fs_read_op, MARKER_PROBE, 2,
		 unsigned long, file->f_inode->i_ino,
		 umode_t, file->f_inode->i_mode);
	if (!(file->f_mode & FMODE_READ))
		return NULL;
	return file->f_op->read;
}

ssize_t vfs_read(struct file *file, char __user *buf, size_t count,
		 loff_t *pos)
{
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t ret;

	read = file_read_op(file);
	if (!read)
		return -EBADF;
	trace_mark(fs_vfs_read, "ino %lu count %zu pos %lld",
		   file->f_inode->i_ino, count, *pos);
	ret = read(file, buf, count, pos);
	if (ret > 0) {
		fs_stats.reads++;
		fs_stats.read_bytes += ret;
	}
	return ret;
}

ssize_t vfs_write(struct file *file, const char __user *buf, size_t count,
		  loff_t *pos)
{
	ssize_t ret;

	if (!(file->f_mode & FMODE_WRITE) || !file->f_op->write)
		return -EBADF;
	ret = file->f_op->write(file, buf, count, pos);
	if (ret > 0) {
		fs_stats.writes++;
		fs_stats.write_bytes += ret;
	}
	return ret;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, off_t, offset, unsigned int, whence)
{
	struct file *file;
	loff_t retval;

	trace_mark(fs_lseek, "fd %u offset %ld whence %u", fd, offset, whence);
	file = fget(fd);
	if (!file)
		return -EBADF;
	retval = -EINVAL;
	if (whence <= SEEK_END)
		retval = vfs_llseek(file, offset, whence);
	fput(file);
	return retval;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *file;
	ssize_t ret;

	trace_mark(fs_read, "fd %u count %zu", fd, count);
	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = vfs_read(file, buf, count, &file->f_pos);
	fput(file);
	trace_mark(fs_read_done, "fd %u ret %zd", fd, ret);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)
{
	struct file *file;
	ssize_t ret;

	evmarker(fs_write, MARKER_PRINTK | MARKER_TRACE, 2,
		 unsigned int, fd, size_t, count);
	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = vfs_write(file, buf, count, &file->f_pos);
	fput(file);
	return ret;
}
