/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * libktls_alert: talk to the ktls_alert generic netlink family.
 *
 * A handle is opened in the network namespace of the calling thread. It
 * resolves the family, can subscribe to the "alerts" multicast group, hands
 * every notification to a callback as a struct ktls_alert_event, and runs the
 * get-info, get-stats and reset-stats requests.
 *
 * Conventions:
 *  - Functions that can fail return 0 (or a count) on success and a negative
 *    errno on failure. After a failure, ktls_alert_last_error() holds a
 *    sentence that says what went wrong, including the kernel's extended ack
 *    message when there was one.
 *  - The library never prints, never exits and never raises signals.
 *  - ktls_alert_open() returns -ENOENT when, and only when, the kernel has no
 *    ktls_alert family: the module is not loaded. Every other failure of
 *    open maps to a different errno.
 *  - Joining the alerts group and resetting the counters need CAP_NET_ADMIN
 *    over the network namespace; without it these return -EPERM.
 *
 * Thread safety: a handle keeps state (sockets, buffers, sequence numbers,
 * the last error text) and must not be used by two threads at once; give
 * each thread its own handle or serialise calls with a lock. Different
 * handles share nothing. The table functions (names, explanations, lookups)
 * only read constant data and may be called from any thread at any time.
 */
#ifndef _KTLS_ALERT_KTLS_ALERT_H
#define _KTLS_ALERT_KTLS_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/ktls_alert.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Number of classes and malformed reasons the uapi defines (values 1..N). */
#define KTLS_ALERT_NR_CLASSES	4
#define KTLS_ALERT_NR_REASONS	4

/* Room for the comm attribute, terminating NUL included. */
#define KTLS_ALERT_COMM_MAX	64
/* Room for the strings of get-info, terminating NUL included. */
#define KTLS_ALERT_INFO_STR_MAX	256

/*
 * Every parsed structure has a bit mask "present": bit N is set when the
 * attribute numbered N (KTLS_ALERT_A_EVENT_*, KTLS_ALERT_A_INFO_*, or
 * KTLS_ALERT_A_STATS_*) was in the message. A field whose bit is clear holds
 * zero. For the flag attributes (known, reserved) the bit is the value.
 */
#define KTLS_ALERT_HAS(s, attr)	((((s)->present) >> (attr)) & 1)

/**
 * struct ktls_alert_event - one alert notification
 * @present: attributes that were in the message, see KTLS_ALERT_HAS()
 * @class: enum ktls_alert_class
 * @level: raw level byte; absent for an empty record
 * @description: raw description byte; absent for records under 2 bytes
 * @known: the description is assigned in the IANA registry
 * @reserved: the registry marks the description reserved
 * @malformed: enum ktls_alert_malformed; only for the malformed class
 * @length: plaintext length of the record in bytes
 * @tls_version: 0x0303 (TLS 1.2) or 0x0304 (TLS 1.3)
 * @cipher: TLS_CIPHER_* value from linux/tls.h
 * @family: AF_INET or AF_INET6
 * @local_addr: local address, @local_addr_len (4 or 16) bytes
 * @peer_addr: peer address, @peer_addr_len (4 or 16) bytes
 * @local_addr_len: bytes used in @local_addr
 * @peer_addr_len: bytes used in @peer_addr
 * @local_port: local port, host byte order
 * @peer_port: peer port, host byte order
 * @sock_cookie: socket cookie (SO_COOKIE)
 * @netns_ino: inode number of the socket's network namespace
 * @netns_cookie: cookie of the socket's network namespace
 * @pid: thread group id of the task whose read decrypted the record
 * @tid: thread id of that task
 * @comm: command name of that task, NUL terminated
 * @uid: real uid of that task
 * @timestamp_ns: CLOCK_REALTIME of the decryption, nanoseconds
 * @seq: TLS record sequence number of the alert record
 */
struct ktls_alert_event {
	uint64_t present;
	uint32_t class;
	uint8_t level;
	uint8_t description;
	bool known;
	bool reserved;
	uint32_t malformed;
	uint32_t length;
	uint16_t tls_version;
	uint16_t cipher;
	uint16_t family;
	uint8_t local_addr[16];
	uint8_t peer_addr[16];
	uint8_t local_addr_len;
	uint8_t peer_addr_len;
	uint16_t local_port;
	uint16_t peer_port;
	uint64_t sock_cookie;
	uint32_t netns_ino;
	uint64_t netns_cookie;
	uint32_t pid;
	uint32_t tid;
	char comm[KTLS_ALERT_COMM_MAX];
	uint32_t uid;
	uint64_t timestamp_ns;
	uint64_t seq;
};

/**
 * struct ktls_alert_stats - counters of the caller's network namespace
 * @present: KTLS_ALERT_A_STATS_* attributes seen, see KTLS_ALERT_HAS()
 * @class_count: alerts per class, indexed by enum ktls_alert_class
 * @desc_count: alerts per description byte and class
 * @malformed: malformed records per reason, indexed by
 *	enum ktls_alert_malformed
 * @control: other control records per content type
 * @undelivered: notifications the module could not deliver
 * @missed: records the module could not look at (module-wide)
 *
 * Index 0 of the class and reason arrays is never used by the kernel.
 * Entries for a class or reason newer than this library are skipped, the
 * same way unknown attributes are. Repeated entries are added up.
 */
struct ktls_alert_stats {
	uint32_t present;
	uint64_t class_count[KTLS_ALERT_NR_CLASSES + 1];
	uint64_t desc_count[256][KTLS_ALERT_NR_CLASSES + 1];
	uint64_t malformed[KTLS_ALERT_NR_REASONS + 1];
	uint64_t control[256];
	uint64_t undelivered;
	uint64_t missed;
};

/**
 * struct ktls_alert_info - what the loaded module reports about itself
 * @present: KTLS_ALERT_A_INFO_* attributes seen, see KTLS_ALERT_HAS()
 * @version: module version
 * @release: running kernel release (uname -r)
 * @hook_attached: the receive hook is armed
 * @tls_loaded: tls.ko is loaded
 * @hook: where the hook attaches
 */
struct ktls_alert_info {
	uint32_t present;
	char version[KTLS_ALERT_INFO_STR_MAX];
	char release[KTLS_ALERT_INFO_STR_MAX];
	bool hook_attached;
	bool tls_loaded;
	char hook[KTLS_ALERT_INFO_STR_MAX];
};

/* The handle; its layout is private. */
struct ktls_alert;

/**
 * typedef ktls_alert_event_cb - called once per notification
 * @ev: the parsed event, valid only during the call
 * @data: the caller's pointer given to ktls_alert_dispatch()
 *
 * Return 0 to go on, a positive value to make ktls_alert_dispatch() stop
 * and return the number of events delivered so far, or a negative errno to
 * make it stop and return that value.
 */
typedef int (*ktls_alert_event_cb)(const struct ktls_alert_event *ev,
				   void *data);

/**
 * typedef ktls_alert_lost_cb - called when notifications were lost
 * @lost: how many notifications the kernel dropped on this socket since
 *	the previous report, from the socket's drop counter
 * @data: the caller's pointer given to ktls_alert_dispatch()
 *
 * Return values as for ktls_alert_event_cb.
 */
typedef int (*ktls_alert_lost_cb)(uint64_t lost, void *data);

/**
 * ktls_alert_open() - open a handle in the caller's network namespace
 * @hp: receives the handle on success, NULL on failure
 * @errbuf: receives an error sentence on failure; may be NULL
 * @errlen: size of @errbuf
 *
 * Return: 0; -ENOENT when the ktls_alert family is not registered (the
 * module is not loaded); -EPROTO when the family lacks the alerts group;
 * -ENOMEM; or another negative errno from the socket calls.
 */
int ktls_alert_open(struct ktls_alert **hp, char *errbuf, size_t errlen);

/**
 * ktls_alert_close() - close the sockets and free the handle
 * @h: the handle, or NULL
 */
void ktls_alert_close(struct ktls_alert *h);

/**
 * ktls_alert_last_error() - text of the last failure on this handle
 * @h: the handle
 *
 * Return: a sentence without a trailing newline, or "" when nothing failed
 * yet. Valid until the next call on @h.
 */
const char *ktls_alert_last_error(const struct ktls_alert *h);

/**
 * ktls_alert_family_id() - generic netlink id of the family
 * @h: the handle
 */
uint16_t ktls_alert_family_id(const struct ktls_alert *h);

/**
 * ktls_alert_family_version() - version the kernel registered the family with
 * @h: the handle
 */
uint32_t ktls_alert_family_version(const struct ktls_alert *h);

/**
 * ktls_alert_subscribe() - join the alerts multicast group
 * @h: the handle
 *
 * Return: 0, -EPERM without CAP_NET_ADMIN over the network namespace, or
 * another negative errno.
 */
int ktls_alert_subscribe(struct ktls_alert *h);

/**
 * ktls_alert_fd() - file descriptor that becomes readable with events
 * @h: the handle
 *
 * Poll it for POLLIN (or EPOLLIN), then call ktls_alert_dispatch(). It is
 * owned by the handle: do not read from it or close it.
 */
int ktls_alert_fd(const struct ktls_alert *h);

/**
 * ktls_alert_set_rcvbuf() - size the event socket's receive buffer
 * @h: the handle
 * @bytes: requested size; the kernel doubles it for its bookkeeping
 *
 * A larger buffer makes overruns rarer. Above net.core.rmem_max the
 * request needs CAP_NET_ADMIN (SO_RCVBUFFORCE); without it the size is
 * capped by the kernel.
 *
 * Return: 0 or a negative errno.
 */
int ktls_alert_set_rcvbuf(struct ktls_alert *h, int bytes);

/**
 * ktls_alert_dispatch() - handle every notification already queued
 * @h: the handle
 * @on_event: called for every alert notification
 * @on_lost: called when the kernel dropped notifications; may be NULL
 * @data: passed to both callbacks
 *
 * Never blocks. Reads datagrams until none is left, parses each alert
 * notification and calls @on_event. When the socket overran (ENOBUFS) or
 * its kernel drop counter grew, @on_lost gets the number of dropped
 * notifications; the handle keeps working. Messages of other families and
 * commands, and attributes this library does not know, are skipped.
 *
 * Return: the number of events delivered (0 when none was pending); a
 * negative errno from a callback; -EBADMSG for a notification that does not
 * parse (the next call goes on with the next datagram); or another negative
 * errno from the socket.
 */
int ktls_alert_dispatch(struct ktls_alert *h, ktls_alert_event_cb on_event,
			ktls_alert_lost_cb on_lost, void *data);

/**
 * ktls_alert_lost_total() - notifications lost since the handle was opened
 * @h: the handle
 */
uint64_t ktls_alert_lost_total(const struct ktls_alert *h);

/**
 * ktls_alert_get_info() - run the get-info request
 * @h: the handle
 * @info: filled with the reply
 *
 * Return: 0 or a negative errno.
 */
int ktls_alert_get_info(struct ktls_alert *h, struct ktls_alert_info *info);

/**
 * ktls_alert_get_stats() - run the get-stats request
 * @h: the handle
 * @stats: filled with the counters of the caller's network namespace
 *
 * Return: 0 or a negative errno.
 */
int ktls_alert_get_stats(struct ktls_alert *h, struct ktls_alert_stats *stats);

/**
 * ktls_alert_reset_stats() - run the reset-stats request
 * @h: the handle
 *
 * Return: 0, -EPERM without CAP_NET_ADMIN, or another negative errno.
 */
int ktls_alert_reset_stats(struct ktls_alert *h);

/* ---- Tables: constant data, thread safe ---- */

/**
 * struct ktls_alert_desc_info - one entry of the IANA TLS Alerts registry
 * @code: the description byte
 * @name: the registry name, e.g. "handshake_failure"
 * @reference: the document that defines it, e.g. "RFC 8446"
 * @explanation: one line for operators
 * @reserved: the registry marks it reserved: compliant peers never send it
 * @closure: a closure alert (close_notify, user_canceled)
 */
struct ktls_alert_desc_info {
	uint8_t code;
	const char *name;
	const char *reference;
	const char *explanation;
	bool reserved;
	bool closure;
};

/* Number of registry entries; ktls_alert_desc_at() walks them by code. */
size_t ktls_alert_desc_count(void);
/* The entry at @index (0 .. count-1, ascending code), or NULL. */
const struct ktls_alert_desc_info *ktls_alert_desc_at(size_t index);
/* The entry for @code, or NULL when the code is unassigned. */
const struct ktls_alert_desc_info *ktls_alert_desc_lookup(unsigned int code);
/* The entry named @name (exact, case-insensitive), or NULL. */
const struct ktls_alert_desc_info *ktls_alert_desc_by_name(const char *name);

/*
 * Names of numbers. Each returns "unknown" for a value it has no name for,
 * never NULL, so the result can always be printed.
 */
const char *ktls_alert_desc_name(unsigned int code);
const char *ktls_alert_class_name(unsigned int class);
const char *ktls_alert_level_name(unsigned int level);
const char *ktls_alert_malformed_name(unsigned int reason);
const char *ktls_alert_tls_version_name(unsigned int version);
const char *ktls_alert_cipher_name(unsigned int cipher);
const char *ktls_alert_content_type_name(unsigned int type);

/*
 * Reverse lookups (case-insensitive). Return the value, or -ENOENT when no
 * value has that name.
 */
int ktls_alert_class_by_name(const char *name);
int ktls_alert_malformed_by_name(const char *name);
int ktls_alert_level_by_name(const char *name);

/* Version of this library, e.g. "1.0.0". */
const char *ktls_alert_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif /* _KTLS_ALERT_KTLS_ALERT_H */
