/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * Builders of synthetic netlink messages for the host tests, the corpus
 * generator and the fuzzer's seeds: what the kernel module and nlctrl
 * would send, laid out with libmnl the way the kernel lays it out.
 */
#ifndef _KTLS_ALERT_NLBUILD_H
#define _KTLS_ALERT_NLBUILD_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <ktls_alert/ktls_alert.h>

/* The generic netlink id the tests and the fuzzer pretend the family has. */
#define NLB_FAMILY_ID	0x2a
#define NLB_BUFSZ	65536

/* The sample event: what nlb_sample_event() encodes. */
#define S_CLASS		KTLS_ALERT_CLASS_FATAL
#define S_LEVEL		2
#define S_DESC		40
#define S_LENGTH	2
#define S_VERSION	0x0304
#define S_CIPHER	51
#define S_LPORT		443
#define S_PPORT		51000
#define S_COOKIE	0x1122334455667788ULL
#define S_NETNS_INO	4026531840U
#define S_NETNS_COOKIE	0x0102030405060708ULL
#define S_PID		812
#define S_TID		815
#define S_COMM		"nginx"
#define S_UID		33
#define S_TIMESTAMP	1700000000123456789ULL

extern const uint8_t nlb_v4_local[4], nlb_v4_peer[4];
extern const uint8_t nlb_v6_local[16], nlb_v6_peer[16];

/*
 * A netlink header plus a generic netlink header in @buf (NLB_BUFSZ bytes,
 * zeroed first).
 */
struct nlmsghdr *nlb_genl(void *buf, uint16_t type, uint8_t cmd);

/*
 * A u64 as nla_put_u64_64bit() writes it: when @align is set and the value
 * would not be 8-byte aligned, a zero-length @pad attribute goes first.
 */
void nlb_put_u64(struct nlmsghdr *nlh, uint16_t type, uint16_t pad,
		 uint64_t v, bool align);

/* The sample event with sequence number @seq, over IPv4 or IPv6. */
void nlb_sample_event(struct nlmsghdr *nlh, bool v6, uint64_t seq, bool align);

/* A whole alert notification message in @buf; returns its header. */
struct nlmsghdr *nlb_event_msg(void *buf, bool v6, uint64_t seq);

/* A get-info reply. */
void nlb_sample_info(struct nlmsghdr *nlh);

/* An nlctrl reply for @name with id @id and the multicast groups named in
 * @grps (NULL terminated), numbered from @first_grp on.
 */
void nlb_family_reply(struct nlmsghdr *nlh, const char *name, uint16_t id,
		      uint32_t version, const char *const *grps,
		      uint32_t first_grp);

/* Counter entries of a get-stats reply. */
void nlb_class_count(struct nlmsghdr *nlh, uint32_t class, uint64_t count);
void nlb_desc_count(struct nlmsghdr *nlh, uint8_t desc, uint32_t class,
		    uint64_t count);
void nlb_reason_count(struct nlmsghdr *nlh, uint32_t reason, uint64_t count);
void nlb_type_count(struct nlmsghdr *nlh, uint8_t type, uint64_t count);

/*
 * An NLMSG_ERROR answering @req with @error, carrying @extack as
 * NLMSGERR_ATTR_MSG when not NULL. Unless @capped, the request is echoed
 * in full before the attributes, as without NETLINK_CAP_ACK.
 */
struct nlmsghdr *nlb_ack(void *buf, const struct nlmsghdr *req, int error,
			 const char *extack, bool capped);

#endif /* _KTLS_ALERT_NLBUILD_H */
