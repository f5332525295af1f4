// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * jsoncheck [-l] [-k KEY,KEY...] < INPUT
 *
 * Exit 0 when INPUT is one JSON value (with -l: every non-empty line is
 * one, JSON Lines), and with -k when each value is an object that has
 * each KEY exactly once. Exit 1 otherwise, saying why on stderr. For the
 * shell tests of the tool.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsoncheck.h"

static int check_one(const char *s, size_t len, const char *keys,
		     unsigned long line)
{
	char err[128], k[128];
	struct jc_keys found;
	const char *p, *comma;
	size_t n;

	if (!jsoncheck(s, len, &found, err, sizeof(err))) {
		fprintf(stderr, "jsoncheck: line %lu: %s\n", line, err);
		return 1;
	}
	for (p = keys; p && *p; p = comma ? comma + 1 : p + n) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (!n || n >= sizeof(k))
			continue;
		memcpy(k, p, n);
		k[n] = '\0';
		if (jc_key_count(&found, k) != 1) {
			fprintf(stderr, "jsoncheck: line %lu: key \"%s\" appears %d times\n",
				line, k, jc_key_count(&found, k));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *keys = NULL;
	bool lines = false;
	size_t len = 0, cap = 0;
	char *in = NULL, *p, *nl;
	unsigned long line = 0;
	int c, bad = 0;
	size_t n;

	while ((c = getopt(argc, argv, "lk:")) != -1) {
		switch (c) {
		case 'l':
			lines = true;
			break;
		case 'k':
			keys = optarg;
			break;
		default:
			fprintf(stderr, "usage: jsoncheck [-l] [-k KEY,...] < INPUT\n");
			return 2;
		}
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			in = realloc(in, cap);
			if (!in)
				return 2;
		}
		n = fread(in + len, 1, cap - len, stdin);
		if (!n)
			break;
		len += n;
	}
	if (!lines) {
		bad = check_one(in, len, keys, 1);
		free(in);
		return bad;
	}
	for (p = in; p < in + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(in + len - p));
		if (!nl)
			nl = in + len;
		line++;
		if (nl > p)
			bad |= check_one(p, (size_t)(nl - p), keys, line);
	}
	if (!line) {
		fprintf(stderr, "jsoncheck: no lines\n");
		bad = 1;
	}
	free(in);
	return bad;
}
