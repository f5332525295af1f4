// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * A program outside the tree that uses the installed library the way an
 * integrator would: headers and flags from pkg-config only.
 */
#include <stdio.h>
#include <string.h>

#include <ktls_alert/ktls_alert.h>

int main(void)
{
	const struct ktls_alert_desc_info *d = ktls_alert_desc_lookup(40);

	if (!d || KTLS_ALERT_CMD_ALERT != 4)
		return 1;
	printf("%s %s %s\n", d->name, ktls_alert_class_name(KTLS_ALERT_CLASS_FATAL),
	       ktls_alert_lib_version());
	return 0;
}
