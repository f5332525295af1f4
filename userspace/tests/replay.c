// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Feed files to the fuzz target without libFuzzer, one TAP line each:
 * `make check` replays the committed corpus (and what `make fuzz` found)
 * under AddressSanitizer and UBSan. A crash ends the run, which fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path)
{
	size_t len = 0, cap = 4096, n;
	uint8_t *data = malloc(cap);
	FILE *f = fopen(path, "rb");

	if (!f || !data) {
		free(data);
		if (f)
			fclose(f);
		return -1;
	}
	while ((n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *more = realloc(data, cap * 2);

			if (!more)
				break;
			data = more;
			cap *= 2;
		}
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		const char *base = strrchr(argv[i], '/');

		base = base ? base + 1 : argv[i];
		if (replay(argv[i])) {
			printf("not ok %d - replay %s (cannot read it)\n", i, base);
			failed = 1;
		} else {
			printf("ok %d - replay %s\n", i, base);
		}
	}
	if (argc < 2)
		printf("ok 1 - replay # SKIP no corpus files given\n");
	printf("1..%d\n", argc < 2 ? 1 : argc - 1);
	return failed;
}
