/*
 * fs/namei.c
 *
 * Path lookup in a flat namespace: every name ("/dev/zero") is one dentry
 * in a hash table, made by simple_mknod().
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define D_HASHBITS	5
#define D_HASHSIZE	(1U << D_HASHBITS)

static struct dentry *dentry_hashtable[D_HASHSIZE];
static unsigned long last_ino;

static unsigned int full_name_hash(const char *name)
{
	unsigned int hash = 0;
	unsigned char c;

	while ((c = *name++) != '\0')
		hash = (hash + (c << 4) + (c >> 4)) * 11;
	return hash;
}

/* Copy a path name in from user space; kfree() it when done. */
char *getname(const char __user *filename)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len >= PATH_MAX) {
		kfree(name);
		return ERR_PTR(-ENAMETOOLONG);
	}
	return name;
}

struct dentry *lookup_path(const char *name)
{
	unsigned int hash = full_name_hash(name);
	struct dentry *dentry;

	trace_mark(fs_lookup, "name %s hash %x", name, hash);
	for (dentry = dentry_hashtable[hash & (D_HASHSIZE - 1)]; dentry;
	     dentry = dentry->d_next)
		if (dentry->d_hash == hash && !strcmp(dentry->d_name, name))
			return dentry;
	evmarker(fs_lookup_miss, MARKER_PRINTK, 1, const char *, name);
	return NULL;
}

/* @name must outlive the dentry: it is not copied. */
int simple_mknod(const char *name, umode_t mode, dev_t rdev,
		 const struct file_operations *fop, void *data, loff_t size)
{
	struct dentry *dentry;
	struct inode *inode;
	unsigned int bucket;

	if (lookup_path(name))
		return -EEXIST;
	inode = kzalloc(sizeof(*inode), GFP_KERNEL);
	dentry = kzalloc(sizeof(*dentry), GFP_KERNEL);
	if (!inode || !dentry) {
		kfree(inode);
		kfree(dentry);
		return -ENOMEM;
	}
	inode->i_ino = ++last_ino;
	inode->i_mode = mode;
	inode->i_rdev = rdev;
	inode->i_size = size;
	inode->i_fop = fop;
	inode->i_private = data;
	atomic_set(&inode->i_count, 1);

	dentry->d_name = name;
	dentry->d_hash = full_name_hash(name);
	dentry->d_inode = inode;
	bucket = dentry->d_hash & (D_HASHSIZE - 1);
	dentry->d_next = dentry_hashtable[bucket];
	dentry_hashtable[bucket] = dentry;
	return 0;
}
