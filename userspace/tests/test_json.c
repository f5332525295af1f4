// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The tool's JSON writer and its output formats: exact strings for known
 * inputs, and every output checked by an independent JSON validator
 * (jsoncheck.c). Events come from synthetic netlink messages through the
 * library's decoder, so this is the path monitor --json takes.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "internal.h"
#include "jsoncheck.h"
#include "nlbuild.h"
#include "tap.h"

static char buf[NLB_BUFSZ] __attribute__((aligned(8)));

/* Output of a writer session, captured in memory. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
	struct json j;
};

static void cap_start(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	if (!c->f)
		abort();
	json_init(&c->j, c->f);
}

static const char *cap_end(struct capture *c)
{
	fclose(c->f);
	return c->text;
}

static bool valid_json(const char *s)
{
	char err[128];

	if (jsoncheck(s, strlen(s), NULL, err, sizeof(err)))
		return true;
	printf("# invalid JSON (%s): %s\n", err, s);
	return false;
}

/* json_strn() of @in (@len bytes) must give exactly @want. */
static void check_escape(const char *in, size_t len, const char *want)
{
	struct capture c;
	const char *got;

	cap_start(&c);
	json_strn(&c.j, in, len);
	got = cap_end(&c);
	CHECK_STR(got, want);
	CHECK(valid_json(got));
	free(c.text);
}

static void test_escaping(void)
{
	TEST_BEGIN("quotes and backslashes are escaped, the slash is not");
	check_escape("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	TEST_END();

	TEST_BEGIN("control characters use the short escapes or \\u00XX");
	check_escape("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"");
	check_escape("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"");
	check_escape("a\0b", 3, "\"a\\u0000b\"");
	TEST_END();

	TEST_BEGIN("well-formed UTF-8 passes through unchanged");
	check_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e", 14,
		     "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"");
	check_escape("\xed\x9f\xbf\xf4\x8f\xbf\xbf", 7,
		     "\"\xed\x9f\xbf\xf4\x8f\xbf\xbf\"");
	TEST_END();

	TEST_BEGIN("bytes outside well-formed UTF-8 become U+FFFD, one per byte");
	check_escape("\xff", 1, "\"\\ufffd\"");
	check_escape("x\xc3", 2, "\"x\\ufffd\"");
	check_escape("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
	check_escape("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	check_escape("\xf4\x90\x80\x80", 4,
		     "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	check_escape("\xe2\x82", 2, "\"\\ufffd\\ufffd\"");
	check_escape("\x80z", 2, "\"\\ufffdz\"");
	TEST_END();
}

static void test_structure(void)
{
	struct capture c;
	const char *got;

	TEST_BEGIN("commas and nesting come out right");
	cap_start(&c);
	json_obj_begin(&c.j);
	json_key(&c.j, "a");
	json_arr_begin(&c.j);
	json_u64(&c.j, 1);
	json_bool(&c.j, true);
	json_null(&c.j);
	json_str(&c.j, "x");
	json_obj_begin(&c.j);
	json_obj_end(&c.j);
	json_arr_begin(&c.j);
	json_arr_end(&c.j);
	json_arr_end(&c.j);
	json_key(&c.j, "b");
	json_obj_begin(&c.j);
	json_kv_str(&c.j, "c", NULL);
	json_key(&c.j, "d");
	json_i64(&c.j, -5);
	json_kv_u64(&c.j, "e", UINT64_MAX);
	json_kv_bool(&c.j, "f", false);
	json_obj_end(&c.j);
	json_obj_end(&c.j);
	got = cap_end(&c);
	CHECK_STR(got, "{\"a\":[1,true,null,\"x\",{},[]],\"b\":{\"c\":null,\"d\":-5,\"e\":18446744073709551615,\"f\":false}}");
	CHECK(valid_json(got));
	free(c.text);
	TEST_END();

	TEST_BEGIN("two top-level values in a row stay separate lines");
	cap_start(&c);
	json_obj_begin(&c.j);
	json_obj_end(&c.j);
	fputc('\n', c.f);
	json_obj_begin(&c.j);
	json_kv_u64(&c.j, "x", 1);
	json_obj_end(&c.j);
	got = cap_end(&c);
	/* The writer's state must not put a comma before the second one. */
	CHECK_STR(got, "{}\n{\"x\":1}");
	free(c.text);
	TEST_END();
}

static const char *const monitor_keys[] = {
	"time", "netns", "class", "level", "level_raw", "description", "code",
	"known", "reserved", "tls_version", "cipher", "local", "peer", "pid",
	"comm", "uid", "cookie", "seq", "malformed", "length",
	"tid", "family", "local_port", "peer_port",
};

static void decoded_event(struct ktls_alert_event *ev, bool v6, uint64_t seq)
{
	struct kta_err e;

	CHECK(kta_decode_event(nlb_event_msg(buf, v6, seq), ev, &e) == 0);
}

static void test_event_json(void)
{
	static const char want_v4[] =
		"{\"time\":\"2023-11-14T22:13:20.123456789Z\","
		"\"time_ns\":1700000000123456789,\"netns\":4026531840,"
		"\"netns_cookie\":72623859790382856,\"class\":\"fatal\","
		"\"level\":\"fatal\",\"level_raw\":2,"
		"\"description\":\"handshake_failure\",\"code\":40,"
		"\"known\":true,\"reserved\":false,\"malformed\":null,"
		"\"length\":2,\"tls_version\":\"1.3\",\"tls_version_raw\":772,"
		"\"cipher\":\"aes-gcm-128\",\"cipher_raw\":51,"
		"\"family\":\"inet\",\"local\":\"192.0.2.1\",\"local_port\":443,"
		"\"peer\":\"198.51.100.7\",\"peer_port\":51000,\"pid\":812,"
		"\"tid\":815,\"comm\":\"nginx\",\"uid\":33,"
		"\"cookie\":1234605616436508552,\"seq\":7}";
	struct ktls_alert_event ev;
	struct jc_keys keys;
	struct capture c;
	const char *got;
	size_t i;

	TEST_BEGIN("monitor --json: a full IPv4 event, field by field");
	decoded_event(&ev, false, 7);
	cap_start(&c);
	fmt_event_json(&c.j, &ev);
	got = cap_end(&c);
	CHECK_STR(got, want_v4);
	CHECK(jsoncheck(got, strlen(got), &keys, NULL, 0));
	for (i = 0; i < sizeof(monitor_keys) / sizeof(monitor_keys[0]); i++)
		CHECKF(jc_key_count(&keys, monitor_keys[i]) == 1, "key %s",
		       monitor_keys[i]);
	free(c.text);
	TEST_END();

	TEST_BEGIN("monitor --json: IPv6 addresses in their usual short form");
	decoded_event(&ev, true, 8);
	cap_start(&c);
	fmt_event_json(&c.j, &ev);
	got = cap_end(&c);
	CHECK(strstr(got, "\"family\":\"inet6\",\"local\":\"2001:db8::1\",\"local_port\":443,\"peer\":\"2001:db8::7\"") != NULL);
	CHECK(valid_json(got));
	free(c.text);
	TEST_END();

	TEST_BEGIN("monitor --json: absent attributes are null, never made up");
	memset(&ev, 0, sizeof(ev));
	ev.present = 1ULL << KTLS_ALERT_A_EVENT_CLASS |
		     1ULL << KTLS_ALERT_A_EVENT_MALFORMED |
		     1ULL << KTLS_ALERT_A_EVENT_LENGTH;
	ev.class = KTLS_ALERT_CLASS_MALFORMED;
	ev.malformed = KTLS_ALERT_MALFORMED_EMPTY;
	cap_start(&c);
	fmt_event_json(&c.j, &ev);
	got = cap_end(&c);
	CHECK(strstr(got, "\"class\":\"malformed\",\"level\":null,\"level_raw\":null,\"description\":null,\"code\":null,\"known\":false,\"reserved\":false,\"malformed\":\"empty\",\"length\":0,") != NULL);
	CHECK(strstr(got, "\"time\":null") && strstr(got, "\"pid\":null") &&
	      strstr(got, "\"comm\":null") && strstr(got, "\"local\":null"));
	CHECK(jsoncheck(got, strlen(got), &keys, NULL, 0));
	for (i = 0; i < sizeof(monitor_keys) / sizeof(monitor_keys[0]); i++)
		CHECKF(jc_key_count(&keys, monitor_keys[i]) == 1, "key %s",
		       monitor_keys[i]);
	free(c.text);
	TEST_END();

	TEST_BEGIN("monitor --json: unknown numbers keep their raw value");
	decoded_event(&ev, false, 1);
	ev.description = 200;
	ev.known = false;
	ev.level = 7;
	ev.cipher = 99;
	ev.tls_version = 0x0305;
	cap_start(&c);
	fmt_event_json(&c.j, &ev);
	got = cap_end(&c);
	CHECK(strstr(got, "\"level\":\"unknown\",\"level_raw\":7,\"description\":\"unknown\",\"code\":200,\"known\":false") != NULL);
	CHECK(strstr(got, "\"tls_version\":\"unknown\",\"tls_version_raw\":773,\"cipher\":\"unknown\",\"cipher_raw\":99") != NULL);
	free(c.text);
	TEST_END();

	TEST_BEGIN("monitor --json: a hostile comm stays valid JSON");
	decoded_event(&ev, false, 1);
	strcpy(ev.comm, "we\"ird\\\n\xff");
	cap_start(&c);
	fmt_event_json(&c.j, &ev);
	got = cap_end(&c);
	CHECK(strstr(got, "\"comm\":\"we\\\"ird\\\\\\n\\ufffd\"") != NULL);
	CHECK(valid_json(got));
	free(c.text);
	TEST_END();
}

static void test_text(void)
{
	struct ktls_alert_event ev;
	char t[64], a[64];
	struct capture c;
	const char *got;

	TEST_BEGIN("times print as RFC 3339 UTC with nanoseconds");
	fmt_time(t, sizeof(t), 0);
	CHECK_STR(t, "1970-01-01T00:00:00.000000000Z");
	fmt_time(t, sizeof(t), S_TIMESTAMP);
	CHECK_STR(t, "2023-11-14T22:13:20.123456789Z");
	fmt_time(t, sizeof(t), 951782400000000001ULL);
	CHECK_STR(t, "2000-02-29T00:00:00.000000001Z");
	TEST_END();

	TEST_BEGIN("addresses print with ports, IPv6 in brackets");
	fmt_addr(a, sizeof(a), nlb_v4_local, 4, 443, true);
	CHECK_STR(a, "192.0.2.1:443");
	fmt_addr(a, sizeof(a), nlb_v6_peer, 16, 8443, true);
	CHECK_STR(a, "[2001:db8::7]:8443");
	fmt_addr(a, sizeof(a), (const uint8_t *)
		 "\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f\0\0\x01", 16, 0, false);
	CHECK_STR(a, "::ffff:127.0.0.1");
	TEST_END();

	TEST_BEGIN("monitor: the text line carries every field");
	decoded_event(&ev, false, 7);
	cap_start(&c);
	fmt_event_text(c.f, &ev);
	got = cap_end(&c);
	CHECK_STR(got, "2023-11-14T22:13:20.123456789Z fatal desc=handshake_failure(40) level=fatal(2) tls=1.3 cipher=aes-gcm-128 local=192.0.2.1:443 peer=198.51.100.7:51000 pid=812 tid=815 comm=nginx uid=33 seq=7 cookie=1234605616436508552 netns=4026531840\n");
	free(c.text);
	TEST_END();

	TEST_BEGIN("monitor: malformed and reserved events say so; odd comms are escaped");
	decoded_event(&ev, true, 1);
	ev.class = KTLS_ALERT_CLASS_MALFORMED;
	ev.present |= 1ULL << KTLS_ALERT_A_EVENT_MALFORMED;
	ev.malformed = KTLS_ALERT_MALFORMED_OVERSIZED;
	ev.length = 64;
	ev.description = 21;
	ev.reserved = true;
	strcpy(ev.comm, "a b\x01");
	cap_start(&c);
	fmt_event_text(c.f, &ev);
	got = cap_end(&c);
	CHECK(!strncmp(got, "2023-11-14T22:13:20.123456789Z malformed reason=oversized desc=decryption_failed(21,reserved) level=fatal(2) length=64 ", 114));
	CHECK(strstr(got, " local=[2001:db8::1]:443 peer=[2001:db8::7]:51000 ") != NULL);
	CHECK(strstr(got, " comm=a\\x20b\\x01 ") != NULL);
	free(c.text);
	TEST_END();

	TEST_BEGIN("lost events have a line of their own in both formats");
	cap_start(&c);
	fmt_lost_json(&c.j, S_TIMESTAMP, 17);
	got = cap_end(&c);
	CHECK_STR(got, "{\"time\":\"2023-11-14T22:13:20.123456789Z\",\"time_ns\":1700000000123456789,\"lost\":17}");
	free(c.text);
	cap_start(&c);
	fmt_lost_text(c.f, S_TIMESTAMP, 1);
	got = cap_end(&c);
	CHECK(!strncmp(got, "2023-11-14T22:13:20.123456789Z lost 1 event:", 44));
	free(c.text);
	TEST_END();
}

static void test_stats_and_registry(void)
{
	static struct ktls_alert_stats st;
	struct capture c;
	const char *got;
	size_t i;

	TEST_BEGIN("stats --json: counters by class, description, reason and type");
	memset(&st, 0, sizeof(st));
	st.present = 1U << KTLS_ALERT_A_STATS_UNDELIVERED;
	st.class_count[KTLS_ALERT_CLASS_FATAL] = 3;
	st.class_count[KTLS_ALERT_CLASS_CLOSURE] = 1;
	st.desc_count[40][KTLS_ALERT_CLASS_FATAL] = 3;
	st.desc_count[0][KTLS_ALERT_CLASS_CLOSURE] = 1;
	st.malformed[KTLS_ALERT_MALFORMED_BAD_LEVEL] = 2;
	st.control[22] = 5;
	st.undelivered = 4;
	cap_start(&c);
	fmt_stats_json(&c.j, &st);
	got = cap_end(&c);
	CHECK_STR(got, "{\"class\":{\"closure\":1,\"warning\":0,\"fatal\":3,\"malformed\":0},"
		  "\"description\":[{\"code\":0,\"name\":\"close_notify\",\"closure\":1,\"warning\":0,\"fatal\":0,\"malformed\":0},"
		  "{\"code\":40,\"name\":\"handshake_failure\",\"closure\":0,\"warning\":0,\"fatal\":3,\"malformed\":0}],"
		  "\"malformed\":{\"empty\":0,\"truncated\":0,\"oversized\":0,\"bad-level\":2},"
		  "\"control\":[{\"content_type\":22,\"name\":\"handshake\",\"count\":5}],"
		  "\"undelivered\":4,\"missed\":null}");
	CHECK(valid_json(got));
	free(c.text);
	TEST_END();

	TEST_BEGIN("list --json and explain --json: every registry entry is valid JSON");
	cap_start(&c);
	json_arr_begin(&c.j);
	for (i = 0; i < ktls_alert_desc_count(); i++)
		fmt_desc_json(&c.j, ktls_alert_desc_at(i)->code);
	fmt_desc_json(&c.j, 200);
	json_arr_end(&c.j);
	got = cap_end(&c);
	CHECK(valid_json(got));
	CHECK(strstr(got, "{\"code\":117,\"name\":\"general_error\",\"known\":true,\"reference\":\"RFC 8446bis\",\"reserved\":false,\"closure\":false,\"explanation\":\"") != NULL);
	CHECK(strstr(got, "{\"code\":200,\"name\":\"unknown\",\"known\":false,\"reference\":null,\"reserved\":false,\"closure\":false,\"explanation\":null}") != NULL);
	free(c.text);
	TEST_END();
}

static void test_validator(void)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "\"\x01\"", "01",
		"1.", "-", "tru", "{} {}", "\"\\x\"", "\"\\u12\"", "\"\xff\"",
		"[\"a\"", "nul", "{1:2}",
	};
	static const char *const good[] = {
		"{}", "[]", "0", "-1.5e+3", "\"\\u00e9\"", " true ", "null",
		"{\"a\":[{\"b\":\"\xc3\xa9\"}]}",
	};
	size_t i;

	TEST_BEGIN("the test's own JSON validator rejects broken JSON");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECKF(!jsoncheck(bad[i], strlen(bad[i]), NULL, NULL, 0),
		       "accepted \"%s\"", bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECKF(jsoncheck(good[i], strlen(good[i]), NULL, NULL, 0),
		       "refused \"%s\"", good[i]);
	TEST_END();
}

int main(void)
{
	test_validator();
	test_escaping();
	test_structure();
	test_event_json();
	test_text();
	test_stats_and_registry();
	return tap_done();
}
