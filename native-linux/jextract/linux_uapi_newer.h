/*
 * Kernel UAPI definitions newer than the oldest kernel headers memctl is built with (Debian 12's
 * linux-libc-dev 6.1), copied from the kernel's UAPI headers so that jextract generates the same
 * bindings on every machine, whatever its headers' age. The values are ABI: they never change
 * once released. LinuxHeadersTest compares each one with the real header where that header has
 * it, and BindingLayoutTest checks the layout arithmetic everywhere.
 *
 * The headers that would define them (<linux/fs.h>, <linux/pidfd.h>) are deliberately not
 * included here or by the jextract inputs, so a machine with newer headers parses the same text.
 * SYS_process_madvise (Linux 5.10) is not here: <sys/syscall.h> of every supported system has it.
 */
#ifndef MEMCTL_LINUX_UAPI_NEWER_H
#define MEMCTL_LINUX_UAPI_NEWER_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Linux 6.7, include/uapi/linux/fs.h: the PAGEMAP_SCAN ioctl of /proc/PID/pagemap. */

/* Bitmasks provided in pm_scan_args masks and reported in page_region.categories. */
#define PAGE_IS_WPALLOWED	(1 << 0)
#define PAGE_IS_WRITTEN		(1 << 1)
#define PAGE_IS_FILE		(1 << 2)
#define PAGE_IS_PRESENT		(1 << 3)
#define PAGE_IS_SWAPPED		(1 << 4)
#define PAGE_IS_PFNZERO		(1 << 5)
#define PAGE_IS_HUGE		(1 << 6)
/* Linux 6.8, include/uapi/linux/fs.h. */
#define PAGE_IS_SOFT_DIRTY	(1 << 7)

/* Linux 6.7, include/uapi/linux/fs.h. */
struct page_region {
	__u64 start;
	__u64 end;
	__u64 categories;
};

/* Flags for PAGEMAP_SCAN ioctl */
#define PM_SCAN_WP_MATCHING	(1 << 0)	/* Write protect the pages matched. */
#define PM_SCAN_CHECK_WPASYNC	(1 << 1)	/* Abort the scan when a non-WP-enabled page is found. */

struct pm_scan_arg {
	__u64 size;
	__u64 flags;
	__u64 start;
	__u64 end;
	__u64 walk_end;
	__u64 vec;
	__u64 vec_len;
	__u64 max_pages;
	__u64 category_inverted;
	__u64 category_mask;
	__u64 category_anyof_mask;
	__u64 return_mask;
};

/* Pagemap ioctl */
#define PAGEMAP_SCAN	_IOWR('f', 16, struct pm_scan_arg)

/*
 * Linux 6.14, include/uapi/linux/pidfd.h (since Linux 6.17 in include/uapi/linux/fcntl.h, same
 * value): a pidfd that names the calling thread, accepted by process_madvise among others.
 */
#define PIDFD_SELF_THREAD	-10000 /* Current thread. */
#define PIDFD_SELF		PIDFD_SELF_THREAD

#endif /* MEMCTL_LINUX_UAPI_NEWER_H */
