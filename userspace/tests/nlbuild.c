// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Synthetic netlink messages; see nlbuild.h.
 */
#include <string.h>
#include <sys/socket.h>

#include "nlbuild.h"

const uint8_t nlb_v4_local[4] = { 192, 0, 2, 1 };
const uint8_t nlb_v4_peer[4] = { 198, 51, 100, 7 };
const uint8_t nlb_v6_local[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
const uint8_t nlb_v6_peer[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 7 };

struct nlmsghdr *nlb_genl(void *buf, uint16_t type, uint8_t cmd)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	memset(buf, 0, NLB_BUFSZ);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = KTLS_ALERT_FAMILY_VERSION;
	return nlh;
}

void nlb_put_u64(struct nlmsghdr *nlh, uint16_t type, uint16_t pad,
		 uint64_t v, bool align)
{
	/* The payload starts 4 bytes after the tail; pad if that is not on
	 * an 8-byte boundary. Buffers here start 8-byte aligned.
	 */
	if (align && ((nlh->nlmsg_len + MNL_ATTR_HDRLEN) % 8))
		mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

void nlb_sample_event(struct nlmsghdr *nlh, bool v6, uint64_t seq, bool align)
{
	const uint16_t pad = KTLS_ALERT_A_EVENT_PAD;

	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS, S_CLASS);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_EVENT_LEVEL, S_LEVEL);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_EVENT_DESCRIPTION, S_DESC);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_KNOWN, 0, NULL);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_LENGTH, S_LENGTH);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_TLS_VERSION, S_VERSION);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_CIPHER, S_CIPHER);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_FAMILY,
			 v6 ? AF_INET6 : AF_INET);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_LOCAL_ADDR, v6 ? 16 : 4,
		     v6 ? nlb_v6_local : nlb_v4_local);
	mnl_attr_put(nlh, KTLS_ALERT_A_EVENT_PEER_ADDR, v6 ? 16 : 4,
		     v6 ? nlb_v6_peer : nlb_v4_peer);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_LOCAL_PORT, S_LPORT);
	mnl_attr_put_u16(nlh, KTLS_ALERT_A_EVENT_PEER_PORT, S_PPORT);
	nlb_put_u64(nlh, KTLS_ALERT_A_EVENT_SOCK_COOKIE, pad, S_COOKIE, align);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_NETNS_INO, S_NETNS_INO);
	nlb_put_u64(nlh, KTLS_ALERT_A_EVENT_NETNS_COOKIE, pad, S_NETNS_COOKIE,
		    align);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_PID, S_PID);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_TID, S_TID);
	mnl_attr_put_strz(nlh, KTLS_ALERT_A_EVENT_COMM, S_COMM);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_UID, S_UID);
	nlb_put_u64(nlh, KTLS_ALERT_A_EVENT_TIMESTAMP, pad, S_TIMESTAMP, align);
	nlb_put_u64(nlh, KTLS_ALERT_A_EVENT_SEQ, pad, seq, align);
}

struct nlmsghdr *nlb_event_msg(void *buf, bool v6, uint64_t seq)
{
	struct nlmsghdr *nlh = nlb_genl(buf, NLB_FAMILY_ID,
					KTLS_ALERT_CMD_ALERT);

	nlb_sample_event(nlh, v6, seq, true);
	return nlh;
}

void nlb_sample_info(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, KTLS_ALERT_A_INFO_VERSION, "1.0");
	mnl_attr_put_strz(nlh, KTLS_ALERT_A_INFO_RELEASE, "6.12.0-test");
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_INFO_HOOK_ATTACHED, 1);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_INFO_TLS_LOADED, 0);
	mnl_attr_put_strz(nlh, KTLS_ALERT_A_INFO_HOOK,
			  "kretprobe:tls_rx_one_record");
}

void nlb_family_reply(struct nlmsghdr *nlh, const char *name, uint16_t id,
		      uint32_t version, const char *const *grps,
		      uint32_t first_grp)
{
	struct nlattr *list, *grp;
	uint16_t i;

	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, id);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, version);
	mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MAXATTR, KTLS_ALERT_A_EVENT_MAX);
	if (!grps)
		return;
	list = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	for (i = 0; grps[i]; i++) {
		grp = mnl_attr_nest_start(nlh, i + 1);
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, first_grp + i);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, grps[i]);
		mnl_attr_nest_end(nlh, grp);
	}
	mnl_attr_nest_end(nlh, list);
}

void nlb_class_count(struct nlmsghdr *nlh, uint32_t class, uint64_t count)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_CLASS);

	mnl_attr_put_u32(nlh, KTLS_ALERT_A_CLASS_COUNT_CLASS, class);
	nlb_put_u64(nlh, KTLS_ALERT_A_CLASS_COUNT_COUNT,
		    KTLS_ALERT_A_CLASS_COUNT_PAD, count, true);
	mnl_attr_nest_end(nlh, n);
}

void nlb_desc_count(struct nlmsghdr *nlh, uint8_t desc, uint32_t class,
		    uint64_t count)
{
	struct nlattr *n = mnl_attr_nest_start(nlh,
					       KTLS_ALERT_A_STATS_DESCRIPTION);

	mnl_attr_put_u8(nlh, KTLS_ALERT_A_DESC_COUNT_DESCRIPTION, desc);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_DESC_COUNT_CLASS, class);
	nlb_put_u64(nlh, KTLS_ALERT_A_DESC_COUNT_COUNT,
		    KTLS_ALERT_A_DESC_COUNT_PAD, count, true);
	mnl_attr_nest_end(nlh, n);
}

void nlb_reason_count(struct nlmsghdr *nlh, uint32_t reason, uint64_t count)
{
	struct nlattr *n = mnl_attr_nest_start(nlh,
					       KTLS_ALERT_A_STATS_MALFORMED);

	mnl_attr_put_u32(nlh, KTLS_ALERT_A_REASON_COUNT_REASON, reason);
	nlb_put_u64(nlh, KTLS_ALERT_A_REASON_COUNT_COUNT,
		    KTLS_ALERT_A_REASON_COUNT_PAD, count, true);
	mnl_attr_nest_end(nlh, n);
}

void nlb_type_count(struct nlmsghdr *nlh, uint8_t type, uint64_t count)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, KTLS_ALERT_A_STATS_CONTROL);

	mnl_attr_put_u8(nlh, KTLS_ALERT_A_TYPE_COUNT_CONTENT_TYPE, type);
	nlb_put_u64(nlh, KTLS_ALERT_A_TYPE_COUNT_COUNT,
		    KTLS_ALERT_A_TYPE_COUNT_PAD, count, true);
	mnl_attr_nest_end(nlh, n);
}

struct nlmsghdr *nlb_ack(void *buf, const struct nlmsghdr *req, int error,
			 const char *extack, bool capped)
{
	struct nlmsgerr *err;
	struct nlmsghdr *nlh;

	memset(buf, 0, NLB_BUFSZ);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	memcpy(&err->msg, req, sizeof(*req));
	if (!capped) {
		size_t extra = req->nlmsg_len - sizeof(*req);

		/* The rest of the request follows the embedded header. */
		memcpy(mnl_nlmsg_put_extra_header(nlh, MNL_ALIGN(extra)),
		       (const char *)req + sizeof(*req), extra);
	}
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	return nlh;
}
