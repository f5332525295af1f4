// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace counters.
 *
 * The hook only ever increments the current CPU's copy, so it takes no lock
 * and shares no cache line with other CPUs. Readers sum the copies. A reset
 * never writes to another CPU's copy: it records the current sums as a
 * baseline that later reads subtract, so a reset racing with the hook loses
 * nothing and double-counts nothing.
 */
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "ktls_alert.h"

struct ktls_alert_net {
	struct ktls_alert_counters __percpu *pcpu;
	/* Sums at the last reset. */
	struct ktls_alert_counters *base;
	/* Serialises resets with reads of @base. */
	struct mutex lock;
};

static unsigned int ktls_alert_net_id __read_mostly;

static struct ktls_alert_counters __percpu *ktls_alert_pcpu(struct net *net)
{
	struct ktls_alert_net *kn = net_generic(net, ktls_alert_net_id);

	return kn->pcpu;
}

/**
 * ktls_alert_count_alert() - count one alert record
 * @net: the namespace of the socket it arrived on
 * @v: its verdict
 *
 * Atomic context, no allocation.
 */
void ktls_alert_count_alert(struct net *net, const struct ktls_alert_verdict *v)
{
	struct ktls_alert_counters __percpu *c = ktls_alert_pcpu(net);
	unsigned int ci = v->class - 1;

	this_cpu_inc(c->class[ci]);
	if (v->has_description)
		this_cpu_inc(c->desc[v->description][ci]);
	if (v->malformed)
		this_cpu_inc(c->malformed[v->malformed - 1]);
}

/**
 * ktls_alert_count_control() - count one non-alert control record
 * @net: the namespace of the socket it arrived on
 * @content_type: its TLS content type
 */
void ktls_alert_count_control(struct net *net, u8 content_type)
{
	this_cpu_inc(ktls_alert_pcpu(net)->control[content_type]);
}

/**
 * ktls_alert_count_undelivered() - count a notification that was lost
 * @net: the namespace it was meant for
 */
void ktls_alert_count_undelivered(struct net *net)
{
	this_cpu_inc(ktls_alert_pcpu(net)->undelivered);
}

static void ktls_alert_sum(struct ktls_alert_net *kn,
			   struct ktls_alert_counters *sum)
{
	const u64 *src;
	u64 *dst = (u64 *)sum;
	unsigned int i, n = sizeof(*sum) / sizeof(u64);
	int cpu;

	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		src = (const u64 *)per_cpu_ptr(kn->pcpu, cpu);
		for (i = 0; i < n; i++)
			dst[i] += READ_ONCE(src[i]);
	}
}

/**
 * ktls_alert_stats_read() - counters of a namespace since its last reset
 * @net: the namespace
 * @sum: filled with the counters
 *
 * Process context.
 */
void ktls_alert_stats_read(struct net *net, struct ktls_alert_counters *sum)
{
	struct ktls_alert_net *kn = net_generic(net, ktls_alert_net_id);
	const u64 *base = (const u64 *)kn->base;
	u64 *dst = (u64 *)sum;
	unsigned int i;

	mutex_lock(&kn->lock);
	ktls_alert_sum(kn, sum);
	for (i = 0; i < sizeof(*sum) / sizeof(u64); i++)
		dst[i] -= base[i];
	mutex_unlock(&kn->lock);
}

/**
 * ktls_alert_stats_reset() - start a namespace's counters from zero
 * @net: the namespace
 *
 * Process context.
 */
void ktls_alert_stats_reset(struct net *net)
{
	struct ktls_alert_net *kn = net_generic(net, ktls_alert_net_id);

	mutex_lock(&kn->lock);
	ktls_alert_sum(kn, kn->base);
	mutex_unlock(&kn->lock);
}

static int __net_init ktls_alert_net_init(struct net *net)
{
	struct ktls_alert_net *kn = net_generic(net, ktls_alert_net_id);

	kn->base = kzalloc(sizeof(*kn->base), GFP_KERNEL);
	if (!kn->base)
		return -ENOMEM;
	kn->pcpu = alloc_percpu(struct ktls_alert_counters);
	if (!kn->pcpu) {
		kfree(kn->base);
		return -ENOMEM;
	}
	mutex_init(&kn->lock);
	return 0;
}

static void __net_exit ktls_alert_net_exit(struct net *net)
{
	struct ktls_alert_net *kn = net_generic(net, ktls_alert_net_id);

	free_percpu(kn->pcpu);
	kfree(kn->base);
	mutex_destroy(&kn->lock);
}

static struct pernet_operations ktls_alert_net_ops = {
	.init = ktls_alert_net_init,
	.exit = ktls_alert_net_exit,
	.id = &ktls_alert_net_id,
	.size = sizeof(struct ktls_alert_net),
};

/**
 * ktls_alert_stats_init() - allocate counters for every namespace
 *
 * Return: 0 or a negative errno.
 */
int ktls_alert_stats_init(void)
{
	return register_pernet_subsys(&ktls_alert_net_ops);
}

/**
 * ktls_alert_stats_exit() - free the counters of every namespace
 */
void ktls_alert_stats_exit(void)
{
	unregister_pernet_subsys(&ktls_alert_net_ops);
}
