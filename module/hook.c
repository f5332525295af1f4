// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching to the kTLS receive path.
 *
 * A kretprobe on tls_rx_one_record() (see compat.h) sees every record the
 * kernel decrypts for a kTLS socket, at the moment it is decrypted, whatever
 * the application then does with it: recvmsg with or without a control
 * buffer, splice or read_sock. The entry handler remembers the socket and
 * the decrypt argument; the return handler looks at the record type and
 * returns at once for data records. Control records are counted; alert
 * records are also parsed and announced.
 *
 * tls.ko may come and go while this module is loaded: a module notifier
 * arms the probe when tls.ko appears and drops it when tls.ko leaves.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <net/tls.h>

#include "compat.h"
#include "ktls_alert.h"

/* A global function of tls.ko that exists whenever tls.ko is loaded. */
#define KTLS_ALERT_TLS_WITNESS	"tls_sw_recvmsg"

/* What the entry handler keeps for the return handler. */
struct ktls_alert_call {
	struct sock *sk;
	struct ktls_alert_decrypt_arg *darg;
};

static DEFINE_MUTEX(ktls_alert_hook_lock);
/* All below: written under ktls_alert_hook_lock. */
static struct kretprobe ktls_alert_krp;
static bool ktls_alert_armed;
static bool ktls_alert_tls_present;
/* Probe misses of earlier registrations (tls.ko reloads). */
static u64 ktls_alert_missed_before;
/* Records whose bytes could not be read; should stay 0. */
static atomic64_t ktls_alert_unreadable = ATOMIC64_INIT(0);

static void ktls_alert_control_record(struct sock *sk, struct sk_buff *skb,
				      u8 type)
{
	struct tls_context *ctx = tls_get_ctx(sk);
	struct strp_msg *rxm = strp_msg(skb);
	struct net *net = sock_net(sk);
	struct ktls_alert_event ev;
	u8 head[2] = { 0, 0 };
	__be64 next_seq;
	u32 len;

	if (type != KTLS_ALERT_CT_ALERT) {
		ktls_alert_count_control(net, type);
		return;
	}

	/* The kernel's own view of the plaintext; never the peer's header. */
	len = rxm->full_len > 0 ? rxm->full_len : 0;
	if (len && skb_copy_bits(skb, rxm->offset, head, min_t(u32, len, 2))) {
		atomic64_inc(&ktls_alert_unreadable);
		return;
	}

	ev.sk = sk;
	ev.version = ctx->crypto_recv.info.version;
	ev.cipher = ctx->crypto_recv.info.cipher_type;
	/* rec_seq already counts this record (compat.h, assumption 4). */
	memcpy(&next_seq, ctx->rx.rec_seq, sizeof(next_seq));
	ev.seq = be64_to_cpu(next_seq) - 1;
	ktls_alert_classify(head, len, ev.version, &ev.v);
	ktls_alert_count_alert(net, &ev.v);
	ktls_alert_notify(net, &ev);
}

static int ktls_alert_on_entry(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct ktls_alert_call *call = (struct ktls_alert_call *)ri->data;

	call->sk = (struct sock *)regs_get_kernel_argument(regs, 0);
	call->darg = (struct ktls_alert_decrypt_arg *)
		     regs_get_kernel_argument(regs, 2);
	return 0;
}

static int ktls_alert_on_return(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct ktls_alert_call *call = (struct ktls_alert_call *)ri->data;
	struct sk_buff *skb;
	u8 type;

	if (regs_return_value(regs))
		return 0;
	skb = call->darg->skb;
	if (unlikely(!skb))
		return 0;
	type = ktls_alert_record_type(skb);
	if (likely(type == KTLS_ALERT_CT_APPLICATION_DATA))
		return 0;
	ktls_alert_control_record(call->sk, skb, type);
	return 0;
}

/*
 * Probe instances are taken for the duration of tls_rx_one_record(), which
 * can sleep on async crypto; allow many per CPU. Shortfalls are counted in
 * the kretprobe's nmissed and reported as "missed".
 */
static int ktls_alert_maxactive(void)
{
	return clamp_t(int, 32 * num_possible_cpus(), 128, 4096);
}

static int ktls_alert_arm(void)
{
	int err;

	lockdep_assert_held(&ktls_alert_hook_lock);
	if (ktls_alert_armed)
		return 0;

	memset(&ktls_alert_krp, 0, sizeof(ktls_alert_krp));
	ktls_alert_krp.kp.symbol_name = KTLS_ALERT_HOOK_SYMBOL;
	ktls_alert_krp.entry_handler = ktls_alert_on_entry;
	ktls_alert_krp.handler = ktls_alert_on_return;
	ktls_alert_krp.data_size = sizeof(struct ktls_alert_call);
	ktls_alert_krp.maxactive = ktls_alert_maxactive();
	err = register_kretprobe(&ktls_alert_krp);
	if (err)
		return err;
	WRITE_ONCE(ktls_alert_armed, true);
	return 0;
}

static void ktls_alert_disarm(void)
{
	lockdep_assert_held(&ktls_alert_hook_lock);
	if (!ktls_alert_armed)
		return;

	/*
	 * Waits for running handlers; instances still on some task's stack
	 * return without calling into this module again.
	 */
	unregister_kretprobe(&ktls_alert_krp);
	ktls_alert_missed_before += ktls_alert_krp.nmissed +
				    ktls_alert_krp.kp.nmissed;
	WRITE_ONCE(ktls_alert_armed, false);
}

/* Does @symbol resolve? Registers a disabled kprobe, which arms nothing. */
static bool ktls_alert_symbol_exists(const char *symbol)
{
	struct kprobe kp = {
		.symbol_name = symbol,
		.flags = KPROBE_FLAG_DISABLED,
	};

	if (register_kprobe(&kp))
		return false;
	unregister_kprobe(&kp);
	return true;
}

/* tls.ko is present: arm, or say once why this kernel cannot be watched. */
static int ktls_alert_tls_arrived(void)
{
	int err;

	lockdep_assert_held(&ktls_alert_hook_lock);
	WRITE_ONCE(ktls_alert_tls_present, true);
	err = ktls_alert_arm();
	if (err)
		pr_err("tls.ko is loaded but %s cannot be probed (error %d): kTLS internals not recognised, no alerts will be seen\n",
		       KTLS_ALERT_HOOK_SYMBOL, err);
	return err;
}

static int ktls_alert_module_event(struct notifier_block *nb,
				   unsigned long state, void *data)
{
	struct module *mod = data;

	if (strcmp(mod->name, "tls"))
		return NOTIFY_DONE;

	mutex_lock(&ktls_alert_hook_lock);
	switch (state) {
	case MODULE_STATE_COMING:
		/*
		 * Before tls.ko can be used by anyone, when possible; a
		 * failure is reported at MODULE_STATE_LIVE.
		 */
		WRITE_ONCE(ktls_alert_tls_present, true);
		ktls_alert_arm();
		break;
	case MODULE_STATE_LIVE:
		if (!ktls_alert_armed)
			ktls_alert_tls_arrived();
		break;
	case MODULE_STATE_GOING:
		ktls_alert_disarm();
		WRITE_ONCE(ktls_alert_tls_present, false);
		break;
	}
	mutex_unlock(&ktls_alert_hook_lock);
	return NOTIFY_OK;
}

static struct notifier_block ktls_alert_module_nb = {
	.notifier_call = ktls_alert_module_event,
};

/**
 * ktls_alert_hook_attached() - is the receive hook armed?
 *
 * Return: true when every decrypted kTLS record is being seen.
 */
bool ktls_alert_hook_attached(void)
{
	return READ_ONCE(ktls_alert_armed);
}

/**
 * ktls_alert_tls_loaded() - is tls.ko (or built-in kTLS) present?
 *
 * Return: true when the kernel's TLS module is loaded.
 */
bool ktls_alert_tls_loaded(void)
{
	return READ_ONCE(ktls_alert_tls_present);
}

/**
 * ktls_alert_hook_point() - where the hook attaches
 *
 * Return: a constant string such as "kretprobe:tls_rx_one_record".
 */
const char *ktls_alert_hook_point(void)
{
	return "kretprobe:" KTLS_ALERT_HOOK_SYMBOL;
}

/**
 * ktls_alert_hook_missed() - records the hook could not look at
 *
 * Counts probe instances that were not available, probe recursion and
 * unreadable records, since the module was loaded. Process context.
 *
 * Return: the module-wide count.
 */
u64 ktls_alert_hook_missed(void)
{
	u64 n;

	mutex_lock(&ktls_alert_hook_lock);
	n = ktls_alert_missed_before + atomic64_read(&ktls_alert_unreadable);
	if (ktls_alert_armed)
		n += READ_ONCE(ktls_alert_krp.nmissed) +
		     READ_ONCE(ktls_alert_krp.kp.nmissed);
	mutex_unlock(&ktls_alert_hook_lock);
	return n;
}

/**
 * ktls_alert_hook_init() - watch for tls.ko and arm the hook if it is here
 *
 * Return: 0 when the hook is armed or waits for tls.ko; a negative errno
 * when tls.ko is present but its receive path cannot be probed.
 */
int ktls_alert_hook_init(void)
{
	int err;

	err = register_module_notifier(&ktls_alert_module_nb);
	if (err)
		return err;

	mutex_lock(&ktls_alert_hook_lock);
	if (ktls_alert_symbol_exists(KTLS_ALERT_TLS_WITNESS))
		err = ktls_alert_tls_arrived();
	mutex_unlock(&ktls_alert_hook_lock);

	if (err)
		unregister_module_notifier(&ktls_alert_module_nb);
	return err;
}

/**
 * ktls_alert_hook_exit() - stop watching and disarm
 *
 * After it returns no handler of this module runs, nor will run.
 */
void ktls_alert_hook_exit(void)
{
	unregister_module_notifier(&ktls_alert_module_nb);
	mutex_lock(&ktls_alert_hook_lock);
	ktls_alert_disarm();
	mutex_unlock(&ktls_alert_hook_lock);
}
