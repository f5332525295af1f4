/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces between the parts of ktls_alert.ko:
 *
 *   hook.c     attaches to the kTLS receive path, reads each control record
 *   parse.c    parses and classifies an alert record (pure)
 *   stats.c    per network namespace, per-CPU counters
 *   netlink.c  the ktls_alert generic netlink family
 *   main.c     module init and exit
 */
#ifndef _KTLS_ALERT_H
#define _KTLS_ALERT_H

#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include <uapi/linux/ktls_alert.h>

#include "parse.h"

#define KTLS_ALERT_VERSION	"1.0.0"

#define KTLS_ALERT_NCLASS	KTLS_ALERT_CLASS_MALFORMED
#define KTLS_ALERT_NREASON	KTLS_ALERT_MALFORMED_BAD_LEVEL

/**
 * struct ktls_alert_event - one alert record, as the hook saw it
 * @v: the parse and classification result
 * @sk: the kTLS socket the record arrived on
 * @seq: the record's TLS sequence number
 * @version: the connection's TLS version (TLS_1_2_VERSION, TLS_1_3_VERSION)
 * @cipher: the receive direction's TLS_CIPHER_* value
 */
struct ktls_alert_event {
	struct ktls_alert_verdict v;
	struct sock *sk;
	u64 seq;
	u16 version;
	u16 cipher;
};

/**
 * struct ktls_alert_counters - every counter of one network namespace
 * @class: alerts per class, indexed by class - 1
 * @desc: alerts per description byte and class (records of two or more
 *	bytes only; shorter ones have no description)
 * @malformed: malformed records per reason, indexed by reason - 1
 * @control: other control records per content type
 * @undelivered: notifications that did not reach every listener
 *
 * One instance per CPU per namespace; readers sum them.
 */
struct ktls_alert_counters {
	u64 class[KTLS_ALERT_NCLASS];
	u64 desc[256][KTLS_ALERT_NCLASS];
	u64 malformed[KTLS_ALERT_NREASON];
	u64 control[256];
	u64 undelivered;
};

/* stats.c */
int ktls_alert_stats_init(void);
void ktls_alert_stats_exit(void);
void ktls_alert_count_alert(struct net *net, const struct ktls_alert_verdict *v);
void ktls_alert_count_control(struct net *net, u8 content_type);
void ktls_alert_count_undelivered(struct net *net);
void ktls_alert_stats_read(struct net *net, struct ktls_alert_counters *sum);
void ktls_alert_stats_reset(struct net *net);

/* netlink.c */
int ktls_alert_genl_init(void);
void ktls_alert_genl_exit(void);
void ktls_alert_notify(struct net *net, const struct ktls_alert_event *ev);

/* hook.c */
int ktls_alert_hook_init(void);
void ktls_alert_hook_exit(void);
bool ktls_alert_hook_attached(void);
bool ktls_alert_tls_loaded(void);
u64 ktls_alert_hook_missed(void);
const char *ktls_alert_hook_point(void);

#endif /* _KTLS_ALERT_H */
