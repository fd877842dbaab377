#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

#define S_IFMT		00170000
#define S_IFREG		0100000
#define S_IFCHR		0020000
#define S_IFSOCK	0140000
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)

#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002

#define FMODE_READ	((__force fmode_t)0x1)
#define FMODE_WRITE	((__force fmode_t)0x2)
#define FMODE_LSEEK	((__force fmode_t)0x4)

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

#define AT_FDCWD	-100
#define PATH_MAX	256

#define MINORBITS	20
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))

struct file;
struct inode;

struct file_operations {
	loff_t	(*llseek)(struct file *, loff_t, int);
	ssize_t	(*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t	(*write)(struct file *, const char __user *, size_t, loff_t *);
	int	(*open)(struct inode *, struct file *);
	int	(*release)(struct inode *, struct file *);
};

struct inode {
	unsigned long		i_ino;
	umode_t			i_mode;
	dev_t			i_rdev;
	loff_t			i_size;
	atomic_t		i_count;
	const struct file_operations	*i_fop;
	void			*i_private;
};

struct dentry {
	const char		*d_name;
	unsigned int		d_hash;
	struct inode		*d_inode;
	struct dentry		*d_next;	/* hash chain */
};

struct file {
	struct dentry		*f_dentry;
	struct inode		*f_inode;
	const struct file_operations	*f_op;
	fmode_t			f_mode;
	unsigned int		f_flags;
	loff_t			f_pos;
	atomic_long_t		f_count;
	void			*private_data;
};

struct fs_stats {
	unsigned long	opens;
	unsigned long	open_failures;
	unsigned long	closes;
	unsigned long	reads;
	unsigned long	read_bytes;
	unsigned long	writes;
	unsigned long	write_bytes;
};
extern struct fs_stats fs_stats;

/* fs/namei.c */
extern char *getname(const char __user *filename);
extern struct dentry *lookup_path(const char *name);
extern int __must_check simple_mknod(const char *name, umode_t mode,
				     dev_t rdev,
				     const struct file_operations *fop,
				     void *data, loff_t size);

/* fs/open.c */
extern struct file *alloc_file(struct dentry *dentry, struct inode *inode,
			       fmode_t mode, const struct file_operations *fop);
extern long do_sys_open(int dfd, const char __user *filename, int flags,
			umode_t mode);
extern struct file *fget(unsigned int fd);
extern void fput(struct file *file);
extern int get_unused_fd(void);
extern void put_unused_fd(unsigned int fd);
extern void fd_install(unsigned int fd, struct file *file);
extern void fs_show_stats(void);

/* fs/read_write.c */
extern ssize_t vfs_read(struct file *file, char __user *buf, size_t count,
			loff_t *pos);
extern ssize_t vfs_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *pos);
extern loff_t default_llseek(struct file *file, loff_t offset, int whence);
extern loff_t no_llseek(struct file *file, loff_t offset, int whence);

/* fs/libfs.c */
extern ssize_t simple_read_from_buffer(void __user *to, size_t count,
				       loff_t *ppos, const void *from,
				       size_t available);
extern const struct file_operations simple_ro_file_operations;

#endif /* _LINUX_FS_H */
