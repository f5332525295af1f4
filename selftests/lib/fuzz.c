// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "fuzz.h"

static uint64_t rng_state = 1;
static int tap_n, tap_failed;

void fuzz_seed(uint64_t seed)
{
	/* xorshift stays at 0 forever from a zero state. */
	rng_state = seed ? seed : 1;
}

/* xorshift64*: reproducible from the printed seed. */
uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

unsigned int below(unsigned int n)
{
	return n ? rnd() % n : 0;
}

void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	tap_failed += !ok;
}

/* Prints the plan; the exit status of the run. */
int tap_plan(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
