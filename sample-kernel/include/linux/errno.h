#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define ENOENT		 2	/* No such file or directory */
#define EINTR		 4	/* Interrupted system call */
#define EIO		 5	/* I/O error */
#define E2BIG		 7	/* Argument list too long */
#define EBADF		 9	/* Bad file number */
#define EAGAIN		11	/* Try again */
#define ENOMEM		12	/* Out of memory */
#define EFAULT		14	/* Bad address */
#define EBUSY		16	/* Device or resource busy */
#define EEXIST		17	/* File exists */
#define EINVAL		22	/* Invalid argument */
#define EMFILE		24	/* Too many open files */
#define EFBIG		27	/* File too large */
#define ENOSPC		28	/* No space left on device */
#define ESPIPE		29	/* Illegal seek */
#define ERANGE		34	/* Math result not representable */
#define ENAMETOOLONG	36	/* File name too long */
#define ENOTSOCK	88	/* Socket operation on non-socket */
#define EMSGSIZE	90	/* Message too long */
#define EPROTONOSUPPORT	93	/* Protocol not supported */
#define EAFNOSUPPORT	97	/* Address family not supported by protocol */
#define EADDRINUSE	98	/* Address already in use */
#define ENETDOWN	100	/* Network is down */
#define ENOBUFS		105	/* No buffer space available */

/*
 * Never seen by the caller of a system call: the call is re-issued once the
 * task that got it has been woken (see kernel/sched.c).
 */
#define ERESTARTSYS	512

#endif /* _LINUX_ERRNO_H */
