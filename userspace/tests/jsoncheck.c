// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Recursive-descent JSON validator; see jsoncheck.h.
 */
#include <stdio.h>
#include <string.h>

#include "jsoncheck.h"

#define JC_MAX_DEPTH	64

struct jc {
	const unsigned char *p, *start, *end;
	int depth;
	struct jc_keys *keys;
	char *err;
	size_t errlen;
};

static bool jc_fail(struct jc *c, const char *why)
{
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "offset %zu: %s",
			 (size_t)(c->p - c->start), why);
	return false;
}

static void jc_ws(struct jc *c)
{
	while (c->p < c->end &&
	       (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool jc_hex(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
	       (ch >= 'A' && ch <= 'F');
}

/* One UTF-8 encoded character of two or more bytes, checked by RFC 3629's
 * table of well-formed sequences.
 */
static bool jc_utf8(struct jc *c)
{
	const unsigned char *p = c->p;
	size_t left = (size_t)(c->end - p), n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] == 0xe0)
		n = 3, lo = 0xa0;
	else if (p[0] == 0xed)
		n = 3, hi = 0x9f;
	else if (p[0] >= 0xe1 && p[0] <= 0xef)
		n = 3;
	else if (p[0] == 0xf0)
		n = 4, lo = 0x90;
	else if (p[0] == 0xf4)
		n = 4, hi = 0x8f;
	else if (p[0] >= 0xf1 && p[0] <= 0xf3)
		n = 4;
	else
		return jc_fail(c, "byte that cannot start UTF-8");
	if (left < n || p[1] < lo || p[1] > hi)
		return jc_fail(c, "ill-formed UTF-8");
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return jc_fail(c, "ill-formed UTF-8");
	c->p += n;
	return true;
}

static bool jc_string(struct jc *c, const unsigned char **body, size_t *len)
{
	const unsigned char *b;
	int i;

	if (c->p >= c->end || *c->p != '"')
		return jc_fail(c, "expected a string");
	b = ++c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return jc_fail(c, "raw control character in a string");
		if (*c->p == '\\') {
			c->p++;
			if (c->p >= c->end)
				break;
			if (*c->p == 'u') {
				for (i = 1; i <= 4; i++)
					if (c->p + i >= c->end || !jc_hex(c->p[i]))
						return jc_fail(c, "bad \\u escape");
				c->p += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *c->p))
				return jc_fail(c, "bad escape");
			c->p++;
			continue;
		}
		if (*c->p >= 0x80) {
			if (!jc_utf8(c))
				return false;
			continue;
		}
		c->p++;
	}
	if (c->p >= c->end)
		return jc_fail(c, "unterminated string");
	if (body) {
		*body = b;
		*len = (size_t)(c->p - b);
	}
	c->p++;
	return true;
}

static bool jc_digits(struct jc *c)
{
	const unsigned char *s = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > s;
}

static bool jc_number(struct jc *c)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (!jc_digits(c))
		return jc_fail(c, "bad number");
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (!jc_digits(c))
			return jc_fail(c, "bad fraction");
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!jc_digits(c))
			return jc_fail(c, "bad exponent");
	}
	return true;
}

static bool jc_literal(struct jc *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n))
		return jc_fail(c, "unknown literal");
	c->p += n;
	return true;
}

static bool jc_value(struct jc *c);

static bool jc_object(struct jc *c)
{
	const unsigned char *key;
	size_t klen;
	bool top = c->depth == 1;

	c->p++;
	jc_ws(c);
	if (c->p < c->end && *c->p == '}') {
		c->p++;
		return true;
	}
	for (;;) {
		jc_ws(c);
		if (!jc_string(c, &key, &klen))
			return false;
		if (top && c->keys && c->keys->n < JC_MAX_KEYS) {
			c->keys->key[c->keys->n] = (const char *)key;
			c->keys->len[c->keys->n++] = klen;
		}
		jc_ws(c);
		if (c->p >= c->end || *c->p != ':')
			return jc_fail(c, "expected ':'");
		c->p++;
		if (!jc_value(c))
			return false;
		jc_ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '}') {
			c->p++;
			return true;
		}
		return jc_fail(c, "expected ',' or '}'");
	}
}

static bool jc_array(struct jc *c)
{
	c->p++;
	jc_ws(c);
	if (c->p < c->end && *c->p == ']') {
		c->p++;
		return true;
	}
	for (;;) {
		if (!jc_value(c))
			return false;
		jc_ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return true;
		}
		return jc_fail(c, "expected ',' or ']'");
	}
}

static bool jc_value(struct jc *c)
{
	bool ok;

	jc_ws(c);
	if (c->p >= c->end)
		return jc_fail(c, "expected a value");
	if (++c->depth > JC_MAX_DEPTH)
		return jc_fail(c, "nested too deeply");
	switch (*c->p) {
	case '{':
		ok = jc_object(c);
		break;
	case '[':
		ok = jc_array(c);
		break;
	case '"':
		ok = jc_string(c, NULL, NULL);
		break;
	case 't':
		ok = jc_literal(c, "true");
		break;
	case 'f':
		ok = jc_literal(c, "false");
		break;
	case 'n':
		ok = jc_literal(c, "null");
		break;
	default:
		ok = jc_number(c);
		break;
	}
	c->depth--;
	return ok;
}

bool jsoncheck(const char *s, size_t len, struct jc_keys *keys, char *err,
	       size_t errlen)
{
	struct jc c = {
		.p = (const unsigned char *)s,
		.start = (const unsigned char *)s,
		.end = (const unsigned char *)s + len,
		.keys = keys,
		.err = err,
		.errlen = errlen,
	};

	if (keys)
		keys->n = 0;
	if (!jc_value(&c))
		return false;
	jc_ws(&c);
	if (c.p != c.end)
		return jc_fail(&c, "trailing bytes after the value");
	return true;
}

int jc_key_count(const struct jc_keys *keys, const char *name)
{
	size_t n = strlen(name);
	int i, count = 0;

	for (i = 0; i < keys->n; i++)
		if (keys->len[i] == n && !memcmp(keys->key[i], name, n))
			count++;
	return count;
}
