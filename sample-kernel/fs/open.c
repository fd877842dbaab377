/*
 * fs/open.c
 *
 * Opening and closing files, and the file descriptor table of a task.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/syscalls.h>

struct fs_stats fs_stats;

static struct kmem_cache *filp_cachep;

struct files_struct *alloc_files(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (files)
		atomic_set(&files->count, 1);
	return files;
}

void put_files_struct(struct files_struct *files)
{
	unsigned int fd;

	if (!atomic_dec_and_test(&files->count))
		return;
	/* Whatever the task left open is closed for it. */
	for (fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (files->fd_array[fd])
			fput(files->fd_array[fd]);
	kfree(files);
}

/* The lowest free descriptor; it stays free until fd_install(). */
int get_unused_fd(void)
{
	struct files_struct *files = current->files;
	unsigned int fd;

	for (fd = files->next_fd; fd < NR_OPEN_DEFAULT; fd++) {
		if (!files->fd_array[fd]) {
			files->next_fd = fd + 1;
			return fd;
		}
	}
	return -EMFILE;
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current->files;

	if (fd < files->next_fd)
		files->next_fd = fd;
}

void fd_install(unsigned int fd, struct file *file)
{
	current->files->fd_array[fd] = file;
}

struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *file;

	if (fd >= NR_OPEN_DEFAULT)
		return NULL;
	file = files->fd_array[fd];
	if (file)
		atomic_long_inc(&file->f_count);
	return file;
}

struct file *alloc_file(struct dentry *dentry, struct inode *inode,
			fmode_t mode, const struct file_operations *fop)
{
	struct file *file;

	file = kmem_cache_alloc(filp_cachep, GFP_KERNEL | __GFP_ZERO);
	if (!file)
		return NULL;
	file->f_dentry = dentry;
	file->f_inode = inode;
	file->f_mode = mode;
	file->f_op = fop;
	atomic_long_set(&file->f_count, 1);
	return file;
}

void fput(struct file *file)
{
	if (!atomic_long_dec_and_test(&file->f_count))
		return;
	if (file->f_op->release)
		file->f_op->release(file->f_inode, file);
	kmem_cache_free(filp_cachep, file);
}

static fmode_t open_fmode(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ | FMODE_LSEEK;
	case O_WRONLY:
		return FMODE_WRITE | FMODE_LSEEK;
	default:
		return FMODE_READ | FMODE_WRITE | FMODE_LSEEK;
	}
}

long do_sys_open(int dfd, const char __user *filename, int flags,
		 umode_t mode)
{
	struct dentry *dentry;
	struct file *f;
	char *tmp;
	int fd, error;

	tmp = getname(filename);
	if (IS_ERR(tmp))
		return PTR_ERR(tmp);

	fd = get_unused_fd();
	if (fd < 0)
		goto out;
	error = -ENOENT;
	dentry = lookup_path(tmp);
	if (!dentry)
		goto out_put_fd;
	error = -ENOMEM;
	f = alloc_file(dentry, dentry->d_inode, open_fmode(flags),
		       dentry->d_inode->i_fop);
	if (!f)
		goto out_put_fd;
	f->f_flags = flags;
	if (f->f_op->open) {
		error = f->f_op->open(f->f_inode, f);
		if (error) {
			kmem_cache_free(filp_cachep, f);
			goto out_put_fd;
		}
	}
	fd_install(fd, f);
	goto out;

out_put_fd:
	put_unused_fd(fd);
	fd = error;
out:
	trace_mark(fs_open,
		   "filename %s flags %d mode %ho fd %d",
		   tmp, flags, mode, fd);
	if (fd >= 0)
		fs_stats.opens++;
	else
		fs_stats.open_failures++;
	kfree(tmp);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	struct files_struct *files = current->files;
	struct file *file;

	evmarker(fs_close, MARKER_TRACE, 1, unsigned int, fd);
	if (fd >= NR_OPEN_DEFAULT)
		return -EBADF;
	file = files->fd_array[fd];
	if (!file)
		return -EBADF;
	files->fd_array[fd] = NULL;
	put_unused_fd(fd);
	fput(file);
	fs_stats.closes++;
	return 0;
}

void fs_show_stats(void)
{
	printk(KERN_INFO "fs: %lu opens, %lu failed, %lu closes, %lu reads (%lu bytes), %lu writes (%lu bytes)\n",
	       fs_stats.opens, fs_stats.open_failures, fs_stats.closes,
	       fs_stats.reads, fs_stats.read_bytes,
	       fs_stats.writes, fs_stats.write_bytes);
}

static int __init files_init(void)
{
	filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0,
					SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	return 0;
}
fs_initcall(files_init);
