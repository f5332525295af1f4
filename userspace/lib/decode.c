// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Decoders for the messages libktls_alert receives: alert notifications,
 * get-stats and get-info replies, the nlctrl family reply and netlink
 * acknowledgements. Pure functions over bytes in memory.
 *
 * Every attribute is checked for the type and length the spec gives it
 * before it is read. Attributes with unknown numbers are skipped so that a
 * newer module stays readable. A message or attribute stream that ends in
 * the middle of a header is refused with -EBADMSG.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

void kta_seterr(struct kta_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

int kta_attr_walk(const void *buf, size_t len, kta_attr_cb cb, void *data,
		  struct kta_err *e, const char *what)
{
	const char *p = buf;
	size_t off = 0;
	int ret;

	while (off < len) {
		const struct nlattr *attr = (const void *)(p + off);
		size_t left = len - off;

		if (left < sizeof(*attr) || attr->nla_len < sizeof(*attr) ||
		    attr->nla_len > left) {
			kta_seterr(e, "%s: truncated attribute at offset %zu",
				   what, off);
			return -EBADMSG;
		}
		ret = cb(attr, data);
		if (ret)
			return ret;
		off += MNL_ALIGN(attr->nla_len);
	}
	return 0;
}

/* The expected shape of one attribute; MNL_TYPE_UNSPEC means "skip". */
struct kta_policy {
	const char *name;
	enum mnl_attr_data_type type;
};

/*
 * kta_check() - validate @attr against @pol (@max entries).
 * Returns 1 when the attribute is known and well formed, 0 when it is to be
 * skipped (unknown number, or padding), -EBADMSG otherwise.
 */
static int kta_check(const struct nlattr *attr, const struct kta_policy *pol,
		     unsigned int max, struct kta_err *e, const char *what)
{
	uint16_t type = mnl_attr_get_type(attr);

	if (type > max || pol[type].type == MNL_TYPE_UNSPEC)
		return 0;
	if (mnl_attr_validate(attr, pol[type].type) < 0) {
		kta_seterr(e, "%s: attribute %s has a bad length (%u bytes)",
			   what, pol[type].name,
			   (unsigned int)mnl_attr_get_payload_len(attr));
		return -EBADMSG;
	}
	return 1;
}

/*
 * Copy a string attribute into @dst of @size bytes. The kernel sends them
 * NUL terminated; a missing terminator is tolerated, a string that does
 * not fit is refused.
 */
static int kta_copy_str(char *dst, size_t size, const struct nlattr *attr,
			struct kta_err *e, const char *what, const char *name)
{
	const char *src = mnl_attr_get_payload(attr);
	size_t n = strnlen(src, mnl_attr_get_payload_len(attr));

	if (n >= size) {
		kta_seterr(e, "%s: attribute %s is longer than %zu bytes",
			   what, name, size - 1);
		return -EBADMSG;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* Where the attributes of a generic netlink message start, and how many
 * bytes they take.
 */
static int kta_genl_attrs(const struct nlmsghdr *nlh, const void **attrs,
			  size_t *len, struct kta_err *e, const char *what)
{
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		kta_seterr(e, "%s: message too short for a generic netlink header",
			   what);
		return -EBADMSG;
	}
	*attrs = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	*len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	return 0;
}

/* ---- alert notifications ---- */

static const struct kta_policy kta_event_policy[KTLS_ALERT_A_EVENT_MAX + 1] = {
	[KTLS_ALERT_A_EVENT_CLASS]	  = { "class", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_LEVEL]	  = { "level", MNL_TYPE_U8 },
	[KTLS_ALERT_A_EVENT_DESCRIPTION]  = { "description", MNL_TYPE_U8 },
	[KTLS_ALERT_A_EVENT_KNOWN]	  = { "known", MNL_TYPE_FLAG },
	[KTLS_ALERT_A_EVENT_RESERVED]	  = { "reserved", MNL_TYPE_FLAG },
	[KTLS_ALERT_A_EVENT_MALFORMED]	  = { "malformed", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_LENGTH]	  = { "length", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_TLS_VERSION]  = { "tls-version", MNL_TYPE_U16 },
	[KTLS_ALERT_A_EVENT_CIPHER]	  = { "cipher", MNL_TYPE_U16 },
	[KTLS_ALERT_A_EVENT_FAMILY]	  = { "family", MNL_TYPE_U16 },
	[KTLS_ALERT_A_EVENT_LOCAL_ADDR]	  = { "local-addr", MNL_TYPE_BINARY },
	[KTLS_ALERT_A_EVENT_PEER_ADDR]	  = { "peer-addr", MNL_TYPE_BINARY },
	[KTLS_ALERT_A_EVENT_LOCAL_PORT]	  = { "local-port", MNL_TYPE_U16 },
	[KTLS_ALERT_A_EVENT_PEER_PORT]	  = { "peer-port", MNL_TYPE_U16 },
	[KTLS_ALERT_A_EVENT_SOCK_COOKIE]  = { "sock-cookie", MNL_TYPE_U64 },
	[KTLS_ALERT_A_EVENT_NETNS_INO]	  = { "netns-ino", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_NETNS_COOKIE] = { "netns-cookie", MNL_TYPE_U64 },
	[KTLS_ALERT_A_EVENT_PID]	  = { "pid", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_TID]	  = { "tid", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_COMM]	  = { "comm", MNL_TYPE_STRING },
	[KTLS_ALERT_A_EVENT_UID]	  = { "uid", MNL_TYPE_U32 },
	[KTLS_ALERT_A_EVENT_TIMESTAMP]	  = { "timestamp", MNL_TYPE_U64 },
	[KTLS_ALERT_A_EVENT_SEQ]	  = { "seq", MNL_TYPE_U64 },
	/* KTLS_ALERT_A_EVENT_PAD: alignment filler, skipped */
};

struct kta_event_ctx {
	struct ktls_alert_event *ev;
	struct kta_err *e;
};

static int kta_event_addr(const struct nlattr *attr, uint8_t *dst,
			  uint8_t *dst_len, struct kta_err *e, const char *name)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	if (len != 4 && len != 16) {
		kta_seterr(e, "alert: attribute %s is %u bytes, not 4 or 16",
			   name, (unsigned int)len);
		return -EBADMSG;
	}
	memcpy(dst, mnl_attr_get_payload(attr), len);
	*dst_len = len;
	return 0;
}

static int kta_event_attr(const struct nlattr *attr, void *data)
{
	struct kta_event_ctx *c = data;
	struct ktls_alert_event *ev = c->ev;
	uint16_t type = mnl_attr_get_type(attr);
	int ret;

	ret = kta_check(attr, kta_event_policy, KTLS_ALERT_A_EVENT_MAX, c->e,
			"alert");
	if (ret <= 0)
		return ret;

	switch (type) {
	case KTLS_ALERT_A_EVENT_CLASS:
		ev->class = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_LEVEL:
		ev->level = mnl_attr_get_u8(attr);
		break;
	case KTLS_ALERT_A_EVENT_DESCRIPTION:
		ev->description = mnl_attr_get_u8(attr);
		break;
	case KTLS_ALERT_A_EVENT_KNOWN:
		ev->known = true;
		break;
	case KTLS_ALERT_A_EVENT_RESERVED:
		ev->reserved = true;
		break;
	case KTLS_ALERT_A_EVENT_MALFORMED:
		ev->malformed = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_LENGTH:
		ev->length = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_TLS_VERSION:
		ev->tls_version = mnl_attr_get_u16(attr);
		break;
	case KTLS_ALERT_A_EVENT_CIPHER:
		ev->cipher = mnl_attr_get_u16(attr);
		break;
	case KTLS_ALERT_A_EVENT_FAMILY:
		ev->family = mnl_attr_get_u16(attr);
		break;
	case KTLS_ALERT_A_EVENT_LOCAL_ADDR:
		ret = kta_event_addr(attr, ev->local_addr, &ev->local_addr_len,
				     c->e, "local-addr");
		break;
	case KTLS_ALERT_A_EVENT_PEER_ADDR:
		ret = kta_event_addr(attr, ev->peer_addr, &ev->peer_addr_len,
				     c->e, "peer-addr");
		break;
	case KTLS_ALERT_A_EVENT_LOCAL_PORT:
		ev->local_port = mnl_attr_get_u16(attr);
		break;
	case KTLS_ALERT_A_EVENT_PEER_PORT:
		ev->peer_port = mnl_attr_get_u16(attr);
		break;
	case KTLS_ALERT_A_EVENT_SOCK_COOKIE:
		ev->sock_cookie = mnl_attr_get_u64(attr);
		break;
	case KTLS_ALERT_A_EVENT_NETNS_INO:
		ev->netns_ino = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_NETNS_COOKIE:
		ev->netns_cookie = mnl_attr_get_u64(attr);
		break;
	case KTLS_ALERT_A_EVENT_PID:
		ev->pid = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_TID:
		ev->tid = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_COMM:
		ret = kta_copy_str(ev->comm, sizeof(ev->comm), attr, c->e,
				   "alert", "comm");
		break;
	case KTLS_ALERT_A_EVENT_UID:
		ev->uid = mnl_attr_get_u32(attr);
		break;
	case KTLS_ALERT_A_EVENT_TIMESTAMP:
		ev->timestamp_ns = mnl_attr_get_u64(attr);
		break;
	case KTLS_ALERT_A_EVENT_SEQ:
		ev->seq = mnl_attr_get_u64(attr);
		break;
	}
	if (ret < 0)
		return ret;
	ev->present |= 1ULL << type;
	return 0;
}

/* An address must have the size its family says it has. */
static int kta_event_addr_family(const struct ktls_alert_event *ev,
				 unsigned int attr, uint8_t len,
				 struct kta_err *e)
{
	uint8_t want;

	if (!KTLS_ALERT_HAS(ev, attr) ||
	    !KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_FAMILY))
		return 0;
	if (ev->family == AF_INET)
		want = 4;
	else if (ev->family == AF_INET6)
		want = 16;
	else
		return 0;
	if (len != want) {
		kta_seterr(e, "alert: %s address of %u bytes for family %u",
			   attr == KTLS_ALERT_A_EVENT_LOCAL_ADDR ? "local" : "peer",
			   (unsigned int)len, (unsigned int)ev->family);
		return -EBADMSG;
	}
	return 0;
}

int kta_decode_event(const struct nlmsghdr *nlh, struct ktls_alert_event *ev,
		     struct kta_err *e)
{
	struct kta_event_ctx c = { .ev = ev, .e = e };
	const void *attrs;
	size_t len;
	int ret;

	memset(ev, 0, sizeof(*ev));
	ret = kta_genl_attrs(nlh, &attrs, &len, e, "alert");
	if (ret)
		return ret;
	ret = kta_attr_walk(attrs, len, kta_event_attr, &c, e, "alert");
	if (ret)
		return ret;
	if (!KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_CLASS)) {
		kta_seterr(e, "alert: notification without a class attribute");
		return -EBADMSG;
	}
	ret = kta_event_addr_family(ev, KTLS_ALERT_A_EVENT_LOCAL_ADDR,
				    ev->local_addr_len, e);
	if (ret)
		return ret;
	return kta_event_addr_family(ev, KTLS_ALERT_A_EVENT_PEER_ADDR,
				     ev->peer_addr_len, e);
}

/* ---- get-stats ---- */

/*
 * One policy serves the four kinds of counter nests: key is the attribute
 * that says what is counted, count the u64 counter.
 */
struct kta_nest_ctx {
	const struct kta_policy *pol;
	unsigned int max;
	uint16_t key_attr;
	uint16_t count_attr;
	const char *what;
	struct kta_err *e;
	uint32_t key;
	uint64_t count;
	bool has_key;
	bool has_count;
};

static const struct kta_policy kta_class_count_policy[] = {
	[KTLS_ALERT_A_CLASS_COUNT_CLASS] = { "class", MNL_TYPE_U32 },
	[KTLS_ALERT_A_CLASS_COUNT_COUNT] = { "count", MNL_TYPE_U64 },
};

static const struct kta_policy kta_desc_count_policy[] = {
	[KTLS_ALERT_A_DESC_COUNT_DESCRIPTION] = { "description", MNL_TYPE_U8 },
	[KTLS_ALERT_A_DESC_COUNT_CLASS]	      = { "class", MNL_TYPE_U32 },
	[KTLS_ALERT_A_DESC_COUNT_COUNT]	      = { "count", MNL_TYPE_U64 },
};

static const struct kta_policy kta_reason_count_policy[] = {
	[KTLS_ALERT_A_REASON_COUNT_REASON] = { "reason", MNL_TYPE_U32 },
	[KTLS_ALERT_A_REASON_COUNT_COUNT]  = { "count", MNL_TYPE_U64 },
};

static const struct kta_policy kta_type_count_policy[] = {
	[KTLS_ALERT_A_TYPE_COUNT_CONTENT_TYPE] = { "content-type", MNL_TYPE_U8 },
	[KTLS_ALERT_A_TYPE_COUNT_COUNT]	       = { "count", MNL_TYPE_U64 },
};

/* The description x class nest has two keys; the second lands here. */
struct kta_desc_ctx {
	struct kta_nest_ctx n;
	uint32_t class;
	bool has_class;
};

static int kta_nest_attr(const struct nlattr *attr, void *data)
{
	struct kta_nest_ctx *c = data;
	uint16_t type = mnl_attr_get_type(attr);
	int ret;

	ret = kta_check(attr, c->pol, c->max, c->e, c->what);
	if (ret <= 0)
		return ret;

	if (type == c->count_attr) {
		c->count = mnl_attr_get_u64(attr);
		c->has_count = true;
	} else if (type == c->key_attr) {
		if (c->pol[type].type == MNL_TYPE_U8)
			c->key = mnl_attr_get_u8(attr);
		else
			c->key = mnl_attr_get_u32(attr);
		c->has_key = true;
	} else if (c->pol == kta_desc_count_policy &&
		   type == KTLS_ALERT_A_DESC_COUNT_CLASS) {
		struct kta_desc_ctx *d = (struct kta_desc_ctx *)c;

		d->class = mnl_attr_get_u32(attr);
		d->has_class = true;
	}
	return 0;
}

static int kta_nest_walk(const struct nlattr *nest, struct kta_nest_ctx *c)
{
	int ret;

	ret = kta_attr_walk(mnl_attr_get_payload(nest),
			    mnl_attr_get_payload_len(nest), kta_nest_attr, c,
			    c->e, c->what);
	if (ret)
		return ret;
	if (!c->has_key || !c->has_count) {
		kta_seterr(c->e, "%s: entry without %s", c->what,
			   c->has_key ? "a count" : "its key attribute");
		return -EBADMSG;
	}
	return 0;
}

struct kta_stats_ctx {
	struct ktls_alert_stats *st;
	struct kta_err *e;
};

static const struct kta_policy kta_stats_policy[KTLS_ALERT_A_STATS_MAX + 1] = {
	[KTLS_ALERT_A_STATS_CLASS]	 = { "class", MNL_TYPE_NESTED },
	[KTLS_ALERT_A_STATS_DESCRIPTION] = { "description", MNL_TYPE_NESTED },
	[KTLS_ALERT_A_STATS_MALFORMED]	 = { "malformed", MNL_TYPE_NESTED },
	[KTLS_ALERT_A_STATS_CONTROL]	 = { "control", MNL_TYPE_NESTED },
	[KTLS_ALERT_A_STATS_UNDELIVERED] = { "undelivered", MNL_TYPE_U64 },
	[KTLS_ALERT_A_STATS_MISSED]	 = { "missed", MNL_TYPE_U64 },
};

static int kta_stats_attr(const struct nlattr *attr, void *data)
{
	struct kta_stats_ctx *c = data;
	struct ktls_alert_stats *st = c->st;
	uint16_t type = mnl_attr_get_type(attr);
	struct kta_desc_ctx d;
	struct kta_nest_ctx n;
	int ret;

	ret = kta_check(attr, kta_stats_policy, KTLS_ALERT_A_STATS_MAX, c->e,
			"stats");
	if (ret <= 0)
		return ret;

	memset(&n, 0, sizeof(n));
	memset(&d, 0, sizeof(d));
	n.e = c->e;
	switch (type) {
	case KTLS_ALERT_A_STATS_CLASS:
		n.pol = kta_class_count_policy;
		n.max = KTLS_ALERT_A_CLASS_COUNT_COUNT;
		n.key_attr = KTLS_ALERT_A_CLASS_COUNT_CLASS;
		n.count_attr = KTLS_ALERT_A_CLASS_COUNT_COUNT;
		n.what = "stats class entry";
		ret = kta_nest_walk(attr, &n);
		if (ret)
			return ret;
		if (n.key >= 1 && n.key <= KTLS_ALERT_NR_CLASSES)
			st->class_count[n.key] += n.count;
		break;
	case KTLS_ALERT_A_STATS_DESCRIPTION:
		d.n.e = c->e;
		d.n.pol = kta_desc_count_policy;
		d.n.max = KTLS_ALERT_A_DESC_COUNT_COUNT;
		d.n.key_attr = KTLS_ALERT_A_DESC_COUNT_DESCRIPTION;
		d.n.count_attr = KTLS_ALERT_A_DESC_COUNT_COUNT;
		d.n.what = "stats description entry";
		ret = kta_nest_walk(attr, &d.n);
		if (ret)
			return ret;
		if (!d.has_class) {
			kta_seterr(c->e, "%s: entry without a class", d.n.what);
			return -EBADMSG;
		}
		if (d.class >= 1 && d.class <= KTLS_ALERT_NR_CLASSES)
			st->desc_count[d.n.key][d.class] += d.n.count;
		break;
	case KTLS_ALERT_A_STATS_MALFORMED:
		n.pol = kta_reason_count_policy;
		n.max = KTLS_ALERT_A_REASON_COUNT_COUNT;
		n.key_attr = KTLS_ALERT_A_REASON_COUNT_REASON;
		n.count_attr = KTLS_ALERT_A_REASON_COUNT_COUNT;
		n.what = "stats malformed entry";
		ret = kta_nest_walk(attr, &n);
		if (ret)
			return ret;
		if (n.key >= 1 && n.key <= KTLS_ALERT_NR_REASONS)
			st->malformed[n.key] += n.count;
		break;
	case KTLS_ALERT_A_STATS_CONTROL:
		n.pol = kta_type_count_policy;
		n.max = KTLS_ALERT_A_TYPE_COUNT_COUNT;
		n.key_attr = KTLS_ALERT_A_TYPE_COUNT_CONTENT_TYPE;
		n.count_attr = KTLS_ALERT_A_TYPE_COUNT_COUNT;
		n.what = "stats control entry";
		ret = kta_nest_walk(attr, &n);
		if (ret)
			return ret;
		st->control[n.key] += n.count;
		break;
	case KTLS_ALERT_A_STATS_UNDELIVERED:
		st->undelivered = mnl_attr_get_u64(attr);
		break;
	case KTLS_ALERT_A_STATS_MISSED:
		st->missed = mnl_attr_get_u64(attr);
		break;
	}
	st->present |= 1U << type;
	return 0;
}

int kta_decode_stats(const struct nlmsghdr *nlh, struct ktls_alert_stats *st,
		     struct kta_err *e)
{
	struct kta_stats_ctx c = { .st = st, .e = e };
	const void *attrs;
	size_t len;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = kta_genl_attrs(nlh, &attrs, &len, e, "stats");
	if (ret)
		return ret;
	return kta_attr_walk(attrs, len, kta_stats_attr, &c, e, "stats");
}

/* ---- get-info ---- */

static const struct kta_policy kta_info_policy[KTLS_ALERT_A_INFO_MAX + 1] = {
	[KTLS_ALERT_A_INFO_VERSION]	  = { "version", MNL_TYPE_STRING },
	[KTLS_ALERT_A_INFO_RELEASE]	  = { "release", MNL_TYPE_STRING },
	[KTLS_ALERT_A_INFO_HOOK_ATTACHED] = { "hook-attached", MNL_TYPE_U8 },
	[KTLS_ALERT_A_INFO_TLS_LOADED]	  = { "tls-loaded", MNL_TYPE_U8 },
	[KTLS_ALERT_A_INFO_HOOK]	  = { "hook", MNL_TYPE_STRING },
};

struct kta_info_ctx {
	struct ktls_alert_info *info;
	struct kta_err *e;
};

static int kta_info_attr(const struct nlattr *attr, void *data)
{
	struct kta_info_ctx *c = data;
	struct ktls_alert_info *info = c->info;
	uint16_t type = mnl_attr_get_type(attr);
	int ret;

	ret = kta_check(attr, kta_info_policy, KTLS_ALERT_A_INFO_MAX, c->e,
			"info");
	if (ret <= 0)
		return ret;

	switch (type) {
	case KTLS_ALERT_A_INFO_VERSION:
		ret = kta_copy_str(info->version, sizeof(info->version), attr,
				   c->e, "info", "version");
		break;
	case KTLS_ALERT_A_INFO_RELEASE:
		ret = kta_copy_str(info->release, sizeof(info->release), attr,
				   c->e, "info", "release");
		break;
	case KTLS_ALERT_A_INFO_HOOK_ATTACHED:
		info->hook_attached = mnl_attr_get_u8(attr) != 0;
		break;
	case KTLS_ALERT_A_INFO_TLS_LOADED:
		info->tls_loaded = mnl_attr_get_u8(attr) != 0;
		break;
	case KTLS_ALERT_A_INFO_HOOK:
		ret = kta_copy_str(info->hook, sizeof(info->hook), attr, c->e,
				   "info", "hook");
		break;
	}
	if (ret < 0)
		return ret;
	info->present |= 1U << type;
	return 0;
}

int kta_decode_info(const struct nlmsghdr *nlh, struct ktls_alert_info *info,
		    struct kta_err *e)
{
	struct kta_info_ctx c = { .info = info, .e = e };
	const void *attrs;
	size_t len;
	int ret;

	memset(info, 0, sizeof(*info));
	ret = kta_genl_attrs(nlh, &attrs, &len, e, "info");
	if (ret)
		return ret;
	return kta_attr_walk(attrs, len, kta_info_attr, &c, e, "info");
}

/* ---- nlctrl: the family's id, version and multicast groups ---- */

static const struct kta_policy kta_ctrl_policy[CTRL_ATTR_MCAST_GROUPS + 1] = {
	[CTRL_ATTR_FAMILY_ID]	 = { "family id", MNL_TYPE_U16 },
	[CTRL_ATTR_FAMILY_NAME]	 = { "family name", MNL_TYPE_STRING },
	[CTRL_ATTR_VERSION]	 = { "version", MNL_TYPE_U32 },
	[CTRL_ATTR_MCAST_GROUPS] = { "multicast groups", MNL_TYPE_NESTED },
};

static const struct kta_policy kta_grp_policy[CTRL_ATTR_MCAST_GRP_ID + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { "group name", MNL_TYPE_STRING },
	[CTRL_ATTR_MCAST_GRP_ID]   = { "group id", MNL_TYPE_U32 },
};

struct kta_family_ctx {
	struct kta_family *fam;
	struct kta_err *e;
	/* the group being read */
	char grp_name[GENL_NAMSIZ];
	uint32_t grp_id;
	bool has_grp_name;
	bool has_grp_id;
};

static int kta_grp_attr(const struct nlattr *attr, void *data)
{
	struct kta_family_ctx *c = data;
	int ret;

	ret = kta_check(attr, kta_grp_policy, CTRL_ATTR_MCAST_GRP_ID, c->e,
			"family");
	if (ret <= 0)
		return ret;
	if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID) {
		c->grp_id = mnl_attr_get_u32(attr);
		c->has_grp_id = true;
		return 0;
	}
	ret = kta_copy_str(c->grp_name, sizeof(c->grp_name), attr, c->e,
			   "family", "group name");
	if (ret)
		return ret;
	c->has_grp_name = true;
	return 0;
}

static int kta_grp_list_attr(const struct nlattr *attr, void *data)
{
	struct kta_family_ctx *c = data;
	int ret;

	/* Each group is a nest whose number is its index in the list. */
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
		kta_seterr(c->e, "family: malformed multicast group entry");
		return -EBADMSG;
	}
	c->has_grp_name = false;
	c->has_grp_id = false;
	ret = kta_attr_walk(mnl_attr_get_payload(attr),
			    mnl_attr_get_payload_len(attr), kta_grp_attr, c,
			    c->e, "family group");
	if (ret)
		return ret;
	if (c->has_grp_name && c->has_grp_id &&
	    !strcmp(c->grp_name, KTLS_ALERT_MCGRP_ALERTS)) {
		c->fam->alerts_grp = c->grp_id;
		c->fam->has_alerts_grp = true;
	}
	return 0;
}

static int kta_family_attr(const struct nlattr *attr, void *data)
{
	struct kta_family_ctx *c = data;
	char name[GENL_NAMSIZ];
	int ret;

	ret = kta_check(attr, kta_ctrl_policy, CTRL_ATTR_MCAST_GROUPS, c->e,
			"family");
	if (ret <= 0)
		return ret;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		c->fam->id = mnl_attr_get_u16(attr);
		c->fam->has_id = true;
		break;
	case CTRL_ATTR_FAMILY_NAME:
		ret = kta_copy_str(name, sizeof(name), attr, c->e, "family",
				   "family name");
		if (ret)
			return ret;
		if (strcmp(name, KTLS_ALERT_FAMILY_NAME)) {
			kta_seterr(c->e, "family: reply is about family \"%s\"",
				   name);
			return -EBADMSG;
		}
		break;
	case CTRL_ATTR_VERSION:
		c->fam->version = mnl_attr_get_u32(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		return kta_attr_walk(mnl_attr_get_payload(attr),
				     mnl_attr_get_payload_len(attr),
				     kta_grp_list_attr, c, c->e,
				     "family groups");
	}
	return 0;
}

int kta_decode_family(const struct nlmsghdr *nlh, struct kta_family *fam,
		      struct kta_err *e)
{
	struct kta_family_ctx c = { .fam = fam, .e = e };
	const void *attrs;
	size_t len;
	int ret;

	memset(fam, 0, sizeof(*fam));
	ret = kta_genl_attrs(nlh, &attrs, &len, e, "family");
	if (ret)
		return ret;
	ret = kta_attr_walk(attrs, len, kta_family_attr, &c, e, "family");
	if (ret)
		return ret;
	if (!fam->has_id || fam->id < NLMSG_MIN_TYPE) {
		kta_seterr(e, "family: nlctrl reply without a usable family id");
		return -EBADMSG;
	}
	return 0;
}

/* ---- acknowledgements and errors ---- */

static int kta_ack_attr(const struct nlattr *attr, void *data)
{
	struct kta_err *e = data;
	const char *msg;
	uint16_t len;

	if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG)
		return 0;
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0) {
		kta_seterr(e, "ack: extended ack message is not a string");
		return -EBADMSG;
	}
	msg = mnl_attr_get_payload(attr);
	len = mnl_attr_get_payload_len(attr);
	snprintf(e->msg, sizeof(e->msg), "%.*s", (int)len, msg);
	return 0;
}

int kta_decode_ack(const struct nlmsghdr *nlh, int *code, struct kta_err *e)
{
	const struct nlmsgerr *err;
	size_t off = sizeof(*err);
	struct kta_err tmp;
	size_t plen;
	int ret;

	e->msg[0] = '\0';
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*err)) {
		kta_seterr(e, "ack: truncated error message");
		return -EBADMSG;
	}
	plen = nlh->nlmsg_len - NLMSG_HDRLEN;
	err = mnl_nlmsg_get_payload(nlh);
	*code = err->error > 0 ? -err->error : err->error;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	/* Unless capped, the kernel echoes the whole request first. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (err->msg.nlmsg_len < NLMSG_HDRLEN ||
		    err->msg.nlmsg_len - NLMSG_HDRLEN > plen - off) {
			kta_seterr(e, "ack: echoed request overruns the message");
			return -EBADMSG;
		}
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = MNL_ALIGN(off);
	if (off >= plen)
		return 0;
	tmp.msg[0] = '\0';
	ret = kta_attr_walk((const char *)err + off, plen - off, kta_ack_attr,
			    &tmp, &tmp, "ack");
	memcpy(e->msg, tmp.msg, sizeof(e->msg));
	return ret;
}

/* ---- one datagram of notifications ---- */

int kta_dispatch_buf(struct ktls_alert *h, const void *buf, size_t len,
		     ktls_alert_event_cb on_event, void *data, int *delivered)
{
	struct ktls_alert_event ev;
	const char *p = buf;
	size_t off = 0;
	int code, ret;

	while (off < len) {
		const struct nlmsghdr *nlh = (const void *)(p + off);
		size_t left = len - off;
		const struct genlmsghdr *genl;

		if (left < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) ||
		    nlh->nlmsg_len > left) {
			kta_seterr(&h->err,
				   "truncated netlink message at offset %zu of %zu",
				   off, len);
			return -EBADMSG;
		}
		off += NLMSG_ALIGN(nlh->nlmsg_len);

		if (nlh->nlmsg_type == NLMSG_ERROR) {
			ret = kta_decode_ack(nlh, &code, &h->err);
			if (ret)
				return ret;
			if (code) {
				char sbuf[64];

				kta_seterr(&h->err, "kernel error on the event socket: %s",
					   kta_strerror(-code, sbuf, sizeof(sbuf)));
				return code;
			}
			continue;
		}
		if (nlh->nlmsg_type != h->fam.id ||
		    nlh->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
			kta_seterr(&h->err,
				   "ktls_alert message too short for a generic netlink header");
			return -EBADMSG;
		}
		genl = mnl_nlmsg_get_payload(nlh);
		if (genl->cmd != KTLS_ALERT_CMD_ALERT)
			continue;

		ret = kta_decode_event(nlh, &ev, &h->err);
		if (ret)
			return ret;
		ret = on_event(&ev, data);
		if (ret < 0) {
			char sbuf[64];

			kta_seterr(&h->err, "the event callback failed: %s",
				   kta_strerror(-ret, sbuf, sizeof(sbuf)));
			return ret;
		}
		++*delivered;
		if (ret > 0)
			return KTA_STOP;
	}
	return 0;
}
