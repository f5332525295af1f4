// SPDX-License-Identifier: GPL-2.0
/*
 * ktls_alert: see every TLS alert a peer sends on a kernel TLS socket,
 * classify it, count it and announce it over generic netlink.
 *
 * Init registers the per-namespace counters, then the netlink family, then
 * the receive hook, so the hook never runs without somewhere to count and
 * report; exit undoes it in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/utsname.h>

#include "compat.h"
#include "ktls_alert.h"

static int __init ktls_alert_init(void)
{
	int err;

	if (!KTLS_ALERT_COMPAT_SERIES) {
		pr_err("kernel %s is not a checked series (%s): kTLS internals not verified, refusing to load\n",
		       init_utsname()->release, KTLS_ALERT_COMPAT_CHECKED);
		return -EOPNOTSUPP;
	}

	err = ktls_alert_stats_init();
	if (err)
		return err;
	err = ktls_alert_genl_init();
	if (err)
		goto undo_stats;
	err = ktls_alert_hook_init();
	if (err)
		goto undo_genl;
	return 0;

undo_genl:
	ktls_alert_genl_exit();
undo_stats:
	ktls_alert_stats_exit();
	return err;
}

static void __exit ktls_alert_exit(void)
{
	ktls_alert_hook_exit();
	ktls_alert_genl_exit();
	ktls_alert_stats_exit();
}

module_init(ktls_alert_init);
module_exit(ktls_alert_exit);

MODULE_AUTHOR("The ktls-alert developers");
MODULE_DESCRIPTION("Report TLS alerts received on kernel TLS sockets over generic netlink");
MODULE_LICENSE("GPL");
MODULE_VERSION(KTLS_ALERT_VERSION);
