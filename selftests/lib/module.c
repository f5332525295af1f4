// SPDX-License-Identifier: GPL-2.0
/*
 * Loading ktls_alert.ko from a test program; see module.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "module.h"

int kta_module_status = -ENOEXEC;
char kta_module_why[512] = "the module was never loaded";
static bool kta_module_ours;

int kta_module_path(char *path, size_t len, char *why, size_t whylen)
{
	const char *ko = getenv("KTLS_ALERT_KO");
	const char *series = getenv("KTLS_VM_SERIES");
	char exe[PATH_MAX];
	ssize_t n;

	if (ko && *ko) {
		snprintf(path, len, "%s", ko);
		return 0;
	}
	if (!series || !*series) {
		snprintf(why, whylen,
			 "neither KTLS_ALERT_KO nor KTLS_VM_SERIES is set: run inside scripts/vm-run or name the module file");
		return -ENOENT;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0) {
		snprintf(why, whylen, "readlink /proc/self/exe: %s",
			 strerror(errno));
		return -errno;
	}
	exe[n] = '\0';
	/* build/selftests/<prog> -> build/kmod-<series>/ktls_alert.ko */
	snprintf(path, len, "%s/../kmod-%s/ktls_alert.ko", dirname(exe),
		 series);
	return 0;
}

bool kta_module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/ktls_alert", &st) == 0;
}

int kta_module_load(char *why, size_t whylen)
{
	char path[PATH_MAX];
	int fd, err;

	err = kta_module_path(path, sizeof(path), why, whylen);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		snprintf(why, whylen,
			 "cannot open %s: %s (build it: scripts/build-module --kernel %s)",
			 path, strerror(errno), getenv("KTLS_VM_SERIES") ?: "?");
		return err;
	}
	if (syscall(SYS_finit_module, fd, "", 0)) {
		err = -errno;
		snprintf(why, whylen, "insmod %s: %s", path, strerror(errno));
	}
	close(fd);
	return err;
}

int kta_module_unload(char *why, size_t whylen)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 250; i++) {
		if (!syscall(SYS_delete_module, "ktls_alert", O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			break;
		nanosleep(&ts, NULL);
	}
	snprintf(why, whylen, "rmmod ktls_alert: %s", strerror(errno));
	return -errno;
}

static void kta_module_at_exit(void)
{
	char why[256];

	if (kta_module_ours && kta_module_unload(why, sizeof(why)))
		fprintf(stderr, "# %s\n", why);
}

void kta_module_for_this_program(void)
{
	kta_module_status = kta_module_load(kta_module_why,
					    sizeof(kta_module_why));
	if (kta_module_status == -EEXIST) {
		/* Someone else's load; leave it as found. */
		kta_module_status = 0;
		return;
	}
	if (kta_module_status) {
		fprintf(stderr, "# %s\n", kta_module_why);
		return;
	}
	kta_module_ours = true;
	atexit(kta_module_at_exit);
}
