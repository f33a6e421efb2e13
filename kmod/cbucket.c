// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: the buckets of compact sets (NFGATE_SET_F_COMPACT), arrays of
 * keys with no per-element object; see struct nfgate_cbkt in nfgate.h.
 *
 * Every function here but nfgate_cb_find() and nfgate_cb_get() runs under
 * the set's lock. A batch first reserves a slot per new key, growing
 * buckets by copy (the only step that allocates, so the only one that can
 * fail, and one that changes nothing a reader can see), then appends into
 * the reserved slots, which cannot fail: a batch is all or nothing.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "nfgate.h"

static size_t nfgate_cb_stride(u8 width)
{
	return width == 32 ? sizeof(u64) : sizeof(struct nfgate_cslot6);
}

static bool nfgate_cb_live(const struct nfgate_cbkt *b, u8 width, u16 i)
{
	if (width == 32)
		return READ_ONCE(b->k4[i]) != NFGATE_CB_DEAD4;
	return READ_ONCE(b->k6[i].plen) != NFGATE_CB_DEAD6;
}

/* The bytes kmalloc gives a bucket of @n slots: its size class. */
static size_t nfgate_cb_bytes(u32 n, u8 width)
{
	return kmalloc_size_roundup(offsetof(struct nfgate_cbkt, k4) +
				    nfgate_cb_stride(width) * n);
}

/*
 * A bucket with room for @want keys: as many as its kmalloc size class
 * holds, so that growing a bucket one key at a time allocates once per
 * size class.
 */
static struct nfgate_cbkt *nfgate_cb_alloc(u32 want, u8 width, gfp_t gfp)
{
	size_t stride = nfgate_cb_stride(width);
	size_t hdr = offsetof(struct nfgate_cbkt, k4);
	struct nfgate_cbkt *b;
	u32 size;

	size = min_t(size_t, (nfgate_cb_bytes(want, width) - hdr) / stride,
		     U16_MAX);
	b = kmalloc(hdr + stride * size, gfp);
	if (!b)
		return NULL;
	b->size = size;
	b->pos = 0;
	b->live = 0;
	b->resv = 0;
	return b;
}

/* Copy @b's live keys into a bucket with room for @extra more, publish it. */
static int nfgate_cb_repack(struct nfgate_cbkt __rcu **pp,
			    struct nfgate_cbkt *b, u8 width, u32 extra,
			    gfp_t gfp)
{
	size_t stride = nfgate_cb_stride(width);
	struct nfgate_cbkt *nb;
	u16 i;

	nb = nfgate_cb_alloc((b ? b->live : 0) + extra, width, gfp);
	if (!nb)
		return -ENOMEM;
	for (i = 0; b && i < b->pos; i++) {
		if (!nfgate_cb_live(b, width, i))
			continue;
		memcpy((u8 *)nb->k4 + stride * nb->pos++, (u8 *)b->k4 + stride * i,
		       stride);
	}
	nb->live = nb->pos;
	nb->resv = b ? b->resv : 0;
	rcu_assign_pointer(*pp, nb);
	if (b)
		kfree_rcu(b, rcu);
	return 0;
}

/* The slot holding live key (@k, @plen), or -1. RCU or the set's lock. */
int nfgate_cb_find(const struct nfgate_cbkt *b, u8 width,
		   const union nfgate_inaddr *k, u8 plen)
{
	u16 i, n;

	if (!b)
		return -1;
	/* acquire: pairs with nfgate_cb_append()'s release */
	n = smp_load_acquire(&b->pos);
	for (i = 0; i < n; i++) {
		if (width == 32) {
			if (READ_ONCE(b->k4[i]) == nfgate_cb_key4(k->in, plen))
				return i;
		} else if (READ_ONCE(b->k6[i].plen) == plen &&
			   ipv6_addr_equal(&b->k6[i].a, &k->in6)) {
			return i;
		}
	}
	return -1;
}

/**
 * nfgate_cb_reserve - promise the bucket at @pp a slot for one more key
 * @pp: the bucket pointer in the set's table
 * @width: 32 or 128
 * @gfp: for the copy when the bucket is full
 *
 * Return: 0, -ENOMEM, or -ENOSPC when the bucket holds U16_MAX keys.
 */
int nfgate_cb_reserve(struct nfgate_cbkt __rcu **pp, u8 width, gfp_t gfp)
{
	struct nfgate_cbkt *b = rcu_dereference_protected(*pp, 1);
	u32 extra = b ? b->resv + 1 : 1;

	if (b && b->pos + extra <= b->size) {
		b->resv++;
		return 0;
	}
	if (b && b->live + extra > U16_MAX)
		return -ENOSPC;
	if (nfgate_cb_repack(pp, b, width, extra, gfp))
		return -ENOMEM;
	rcu_dereference_protected(*pp, 1)->resv++;
	return 0;
}

/* Take back a promise of nfgate_cb_reserve() (a batch that failed). */
void nfgate_cb_unreserve(struct nfgate_cbkt __rcu **pp)
{
	struct nfgate_cbkt *b = rcu_dereference_protected(*pp, 1);

	if (--b->resv || b->live)
		return;
	RCU_INIT_POINTER(*pp, NULL);
	kfree_rcu(b, rcu);
}

/* Add a key that is not in the bucket, into a reserved slot. */
void nfgate_cb_append(struct nfgate_cbkt __rcu **pp, u8 width,
		      const union nfgate_inaddr *k, u8 plen)
{
	struct nfgate_cbkt *b = rcu_dereference_protected(*pp, 1);
	u16 i = b->pos;

	if (width == 32) {
		WRITE_ONCE(b->k4[i], nfgate_cb_key4(k->in, plen));
	} else {
		b->k6[i].a = k->in6;
		WRITE_ONCE(b->k6[i].plen, plen);
	}
	b->resv--;
	b->live++;
	/* release: readers that see the new pos see the key written above */
	smp_store_release(&b->pos, i + 1);
}

/*
 * Delete key (@k, @plen): false if it is not there. A bucket left empty
 * is freed; one left at least half dead is copied into a smaller size
 * class, when there is one and @gfp finds the memory (else it keeps its
 * dead slots until it next grows).
 */
bool nfgate_cb_del(struct nfgate_cbkt __rcu **pp, u8 width,
		   const union nfgate_inaddr *k, u8 plen, gfp_t gfp)
{
	struct nfgate_cbkt *b = rcu_dereference_protected(*pp, 1);
	int i = nfgate_cb_find(b, width, k, plen);

	if (i < 0)
		return false;
	if (width == 32)
		WRITE_ONCE(b->k4[i], NFGATE_CB_DEAD4);
	else
		WRITE_ONCE(b->k6[i].plen, NFGATE_CB_DEAD6);
	if (--b->live || b->resv) {
		if (b->live * 2 <= b->pos &&
		    nfgate_cb_bytes(b->live + b->resv, width) <
		    nfgate_cb_bytes(b->size, width))
			nfgate_cb_repack(pp, b, width, b->resv, gfp);
		return true;
	}
	RCU_INIT_POINTER(*pp, NULL);
	kfree_rcu(b, rcu);
	return true;
}

/* Slot @i's key, for a dump: false if it is dead. RCU. */
bool nfgate_cb_get(const struct nfgate_cbkt *b, u8 width, u16 i,
		   union nfgate_inaddr *k, u8 *plen)
{
	u64 x;
	u32 p;

	if (width == 32) {
		x = READ_ONCE(b->k4[i]);
		if (x == NFGATE_CB_DEAD4)
			return false;
		memset(k, 0, sizeof(*k));
		k->in = (__force __be32)(u32)x;
		*plen = x >> 32;
		return true;
	}
	p = READ_ONCE(b->k6[i].plen);
	if (p == NFGATE_CB_DEAD6)
		return false;
	memset(k, 0, sizeof(*k));
	k->in6 = b->k6[i].a;
	*plen = p;
	return true;
}

/*
 * Unpublish the bucket at @pp and free it: after a grace period, or at
 * once when @now (no reader can be left). Return: its live keys.
 */
u32 nfgate_cb_release(struct nfgate_cbkt __rcu **pp, bool now)
{
	struct nfgate_cbkt *b = rcu_dereference_protected(*pp, 1);
	u32 live;

	if (!b)
		return 0;
	live = b->live;
	RCU_INIT_POINTER(*pp, NULL);
	if (now)
		kfree(b);
	else
		kfree_rcu(b, rcu);
	return live;
}
