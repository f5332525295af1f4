/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * A strict JSON (RFC 8259) validator for the tests: it checks what the
 * tool's JSON writer produced without sharing any code with it.
 */
#ifndef _KTLS_ALERT_JSONCHECK_H
#define _KTLS_ALERT_JSONCHECK_H

#include <stdbool.h>
#include <stddef.h>

#define JC_MAX_KEYS	64

/* The keys of the top-level object, as they appear between the quotes. */
struct jc_keys {
	int n;
	const char *key[JC_MAX_KEYS];
	size_t len[JC_MAX_KEYS];
};

/*
 * jsoncheck() - is @s (@len bytes) exactly one JSON value?
 * Whitespace may surround it. When @keys is not NULL and the value is an
 * object, its member names are recorded there. On failure @err (if not
 * NULL) says where and why.
 */
bool jsoncheck(const char *s, size_t len, struct jc_keys *keys, char *err,
	       size_t errlen);

/* How many times the top-level object has member @name. */
int jc_key_count(const struct jc_keys *keys, const char *name);

#endif /* _KTLS_ALERT_JSONCHECK_H */
