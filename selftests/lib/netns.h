/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network namespaces for tests: a fresh one with loopback up, and the
 * identities ktls_alert reports for a namespace.
 */
#ifndef KTLS_TEST_NETNS_H
#define KTLS_TEST_NETNS_H

#include <stddef.h>
#include <stdint.h>

/* Move the calling thread into a new network namespace with lo up. */
int kta_netns_new(char *why, size_t whylen);
/* An O_RDONLY fd of the calling thread's network namespace. */
int kta_netns_fd(void);
/* Inode number of the calling thread's network namespace. */
int kta_netns_ino(uint64_t *ino);
/* Cookie of the network namespace of socket @fd (SO_NETNS_COOKIE). */
int kta_netns_cookie(int fd, uint64_t *cookie);

#endif
