// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: per-CPU counters that survive commits, and a lock-free rate
 * limiter.
 */
#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "nfgate.h"

struct nfgate_stats *nfgate_stats_new(u64 handle)
{
	struct nfgate_stats *st;
	int cpu;

	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return NULL;
	st->pcpu = alloc_percpu_gfp(struct nfgate_pcpu_stats,
				    GFP_KERNEL_ACCOUNT);
	if (!st->pcpu) {
		kfree(st);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(st->pcpu, cpu)->syncp);
	refcount_set(&st->ref, 1);
	st->handle = handle;
	return st;
}

/* May run in an RCU callback: free_percpu() is fine in atomic context. */
void nfgate_stats_put(struct nfgate_stats *st)
{
	if (!st || !refcount_dec_and_test(&st->ref))
		return;
	free_percpu(st->pcpu);
	kfree(st);
}

void nfgate_stats_read(const struct nfgate_stats *st, u64 *packets, u64 *bytes)
{
	unsigned int start;
	u64 p, b;
	int cpu;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct nfgate_pcpu_stats *c = per_cpu_ptr(st->pcpu, cpu);

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			p = u64_stats_read(&c->packets);
			b = u64_stats_read(&c->bytes);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		*packets += p;
		*bytes += b;
	}
}

/*
 * GCRA: an event at time t passes when t >= tat - tolerance, and then moves
 * tat to max(tat, t) + interval. rate 0 means unlimited.
 */
void nfgate_ratelimit_init(struct nfgate_ratelimit *rl, u32 rate, u32 burst)
{
	atomic64_set(&rl->tat, 0);
	rl->interval = rate ? div_u64(NSEC_PER_SEC, rate) : 0;
	rl->tolerance = burst ? rl->interval * (burst - 1) : 0;
}

/*
 * GCRA: admit an event unless it comes more than @tolerance ns ahead of
 * the theoretical arrival time @tat; lock-free, one cmpxchg per event.
 */
bool nfgate_gcra_pass(atomic64_t *tat_p, u64 interval, u64 tolerance)
{
	s64 now = ktime_get_mono_fast_ns(), tat, next;

	tat = atomic64_read(tat_p);
	do {
		if (now < tat - (s64)tolerance)
			return false;
		next = max(tat, now) + interval;
	} while (!atomic64_try_cmpxchg(tat_p, &tat, next));
	return true;
}

bool nfgate_ratelimit_pass(struct nfgate_ratelimit *rl)
{
	return !rl->interval ||
	       nfgate_gcra_pass(&rl->tat, rl->interval, rl->tolerance);
}
