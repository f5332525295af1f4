/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two fuzzers share: a generator that a printed seed replays, and
 * TAP result lines.
 */
#ifndef KTLS_ALERT_SELFTEST_FUZZ_H
#define KTLS_ALERT_SELFTEST_FUZZ_H

#include <stdint.h>

void fuzz_seed(uint64_t seed);
uint64_t rnd(void);
/* A number in [0, n); 0 when n is 0. */
unsigned int below(unsigned int n);

/* "ok N ..." or "not ok N ..."; the count and failures for the plan. */
void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tap_plan(void);

#endif
