// SPDX-License-Identifier: GPL-2.0
/*
 * The words of a set, shared by "nfgatectl set create|add" and the set
 * blocks of nfgate.conf(5) (see setelem.h):
 *
 *   spec      type TYPE [maxelem N] [timeout S] [counters] ...
 *   elements  ELEM... [timeout S] [comment TEXT]
 *
 * The spec keywords are a table: a new option is one row (its word, how
 * many values it takes, its parse and print functions).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "setelem.h"
#include "text.h"

/* A decimal number 0..max: 0, or -1. */
static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || !*s || *end || s[0] == '-' || n > max)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

/* ---- spec keywords ---------------------------------------------------- */

struct spec_kw;
typedef int (*spec_parse_fn)(const struct spec_kw *kw, const char *val,
			     struct nfg_set_spec *s, struct nfg_perr *err);
typedef void (*spec_print_fn)(const struct spec_kw *kw,
			      const struct nfg_set_spec *s, struct nfg_sb *sb);

struct spec_kw {
	const char *word;
	bool takes_value;
	spec_parse_fn parse;
	spec_print_fn print;
	uint32_t bit;		/* flag: NFGATE_SET_F_*; value: NFG_SPEC_HAS_* */
	size_t off;		/* value: offsetof(struct nfg_set_spec, ...) */
	uint32_t max;		/* value: largest accepted */
	const char *what;	/* value: what it is, for messages */
};

static int kw_type(const struct spec_kw *kw, const char *val,
		   struct nfg_set_spec *s, struct nfg_perr *err)
{
	int t = nfg_set_type_parse(val);

	if (!t)
		return nfg_perr_fail(err, 1, "%s: \"%s\" is not %s", kw->word, val,
				     nfg_set_type_names());
	s->type = (uint8_t)t;
	return 0;
}

static void kw_type_print(const struct spec_kw *kw,
			  const struct nfg_set_spec *s, struct nfg_sb *sb)
{
	const char *name = nfg_set_type_name(s->type);

	nfg_sb_printf(sb, "%s %s", kw->word, name ? name : "?");
}

static int kw_u32(const struct spec_kw *kw, const char *val,
		  struct nfg_set_spec *s, struct nfg_perr *err)
{
	uint32_t *field = (uint32_t *)((char *)s + kw->off);

	if (parse_u32(val, kw->max, field) < 0)
		return nfg_perr_fail(err, 1, "%s: \"%s\" is not %s 0-%u", kw->word,
				     val, kw->what, kw->max);
	s->has |= kw->bit;
	return 0;
}

static void kw_u32_print(const struct spec_kw *kw,
			 const struct nfg_set_spec *s, struct nfg_sb *sb)
{
	if (s->has & kw->bit)
		nfg_sb_printf(sb, " %s %u", kw->word,
			      *(const uint32_t *)((const char *)s + kw->off));
}

static int kw_family(const struct spec_kw *kw, const char *val,
		     struct nfg_set_spec *s, struct nfg_perr *err)
{
	s->family = !strcmp(val, "ipv4") ? NFGATE_FAMILY_IP :
		    !strcmp(val, "ipv6") ? NFGATE_FAMILY_IP6 : 0;
	if (!s->family)
		return nfg_perr_fail(err, 1, "%s: \"%s\" is not ipv4 or ipv6", kw->word, val);
	return 0;
}

static void kw_family_print(const struct spec_kw *kw,
			    const struct nfg_set_spec *s, struct nfg_sb *sb)
{
	if (nfg_set_is_meter(s->type))
		nfg_sb_printf(sb, " %s %s", kw->word, nfg_set_family_name(s->type));
}

static const struct {
	const char *name;
	uint32_t seconds;
} rate_units[] = {
	{ "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
};

/* rate N/second|minute|hour|day */
static int kw_rate(const struct spec_kw *kw, const char *val,
		   struct nfg_set_spec *s, struct nfg_perr *err)
{
	const char *slash = strchr(val, '/');
	char num[16];
	size_t i;

	if (slash && (size_t)(slash - val) < sizeof(num)) {
		memcpy(num, val, slash - val);
		num[slash - val] = '\0';
		for (i = 0; i < NFG_ARRAY_SIZE(rate_units); i++) {
			if (strcmp(slash + 1, rate_units[i].name) ||
			    parse_u32(num, UINT32_MAX, &s->rate) < 0 || !s->rate)
				continue;
			s->period = rate_units[i].seconds;
			s->has |= NFG_SPEC_HAS_RATE;
			return 0;
		}
	}
	return nfg_perr_fail(err, 1, "%s: \"%s\" is not N/second, N/minute, N/hour or N/day with N 1-%u",
			     kw->word, val, UINT32_MAX);
}

static void kw_rate_print(const struct spec_kw *kw,
			  const struct nfg_set_spec *s, struct nfg_sb *sb)
{
	size_t i;

	if (!(s->has & NFG_SPEC_HAS_RATE))
		return;
	for (i = 0; i < NFG_ARRAY_SIZE(rate_units); i++)
		if (rate_units[i].seconds == s->period)
			nfg_sb_printf(sb, " %s %u/%s", kw->word, s->rate,
				      rate_units[i].name);
}

static int kw_flag(const struct spec_kw *kw, const char *val,
		   struct nfg_set_spec *s, struct nfg_perr *err)
{
	(void)val;
	(void)err;
	s->flags |= kw->bit;
	return 0;
}

static void kw_flag_print(const struct spec_kw *kw,
			  const struct nfg_set_spec *s, struct nfg_sb *sb)
{
	/* recent and rate tables are dynamic without saying so */
	if ((s->flags & kw->bit) &&
	    !(kw->bit == NFGATE_SET_F_DYNAMIC && nfg_set_is_meter(s->type)))
		nfg_sb_printf(sb, " %s", kw->word);
}

#define SPEC_U32(w, b, field, m, wh) \
	{ .word = (w), .takes_value = true, .parse = kw_u32, \
	  .print = kw_u32_print, .bit = (b), \
	  .off = offsetof(struct nfg_set_spec, field), .max = (m), .what = (wh) }
#define SPEC_FLAG(w, f) \
	{ .word = (w), .parse = kw_flag, .print = kw_flag_print, .bit = (f) }

/* In the order they are printed; "type" first. */
static const struct spec_kw spec_kws[] = {
	{ .word = "type", .takes_value = true, .parse = kw_type,
	  .print = kw_type_print },
	SPEC_U32("maxelem", NFG_SPEC_HAS_MAXELEM, maxelem, UINT32_MAX,
		 "a number"),
	SPEC_U32("timeout", NFG_SPEC_HAS_TIMEOUT, timeout,
		 NFGATE_SET_TIMEOUT_MAX, "a number of seconds"),
	SPEC_FLAG("counters", NFGATE_SET_F_COUNTERS),
	SPEC_FLAG("dynamic", NFGATE_SET_F_DYNAMIC),
	SPEC_FLAG("compact", NFGATE_SET_F_COMPACT),
	/* recent and rate tables */
	{ .word = "family", .takes_value = true, .parse = kw_family,
	  .print = kw_family_print },
	SPEC_U32("mask", NFG_SPEC_HAS_MASK, mask, 128, "a prefix length"),
	SPEC_U32("hits", NFG_SPEC_HAS_HITS, hits, NFGATE_RECENT_HITS_MAX,
		 "a number of hits"),
	{ .word = "rate", .takes_value = true, .parse = kw_rate,
	  .print = kw_rate_print },
	SPEC_U32("burst", NFG_SPEC_HAS_BURST, burst, NFGATE_RATE_BURST_MAX,
		 "a number of packets"),
};

/* What a port set cannot have (a fixed bitmap: no elements to time out,
 * count, or add from rules). */
#define PORT_SET_HAS	(NFG_SPEC_HAS_MAXELEM | NFG_SPEC_HAS_TIMEOUT)
#define PORT_SET_FLAGS	(NFGATE_SET_F_COUNTERS | NFGATE_SET_F_DYNAMIC | \
			 NFGATE_SET_F_COMPACT)

static const struct spec_kw *spec_kw_find(const char *word)
{
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(spec_kws); i++)
		if (!strcmp(spec_kws[i].word, word))
			return &spec_kws[i];
	return NULL;
}

/* "type, maxelem, timeout or counters" */
static void spec_kw_list(struct nfg_sb *sb)
{
	size_t i, n = NFG_ARRAY_SIZE(spec_kws);

	for (i = 0; i < n; i++)
		nfg_sb_printf(sb, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "",
			      spec_kws[i].word);
}

/*
 * Recent and rate tables: family is required (and goes into the type),
 * mask, hits, rate and burst go with their types only.
 */
static int spec_check_meter(int argc, struct nfg_set_spec *s,
			    struct nfg_perr *err)
{
	bool meter = nfg_set_is_meter(s->type);
	bool recent = s->type == NFGATE_SET_RECENT_IPV4;
	uint32_t bad = (meter ? 0 : NFG_SPEC_HAS_MASK) |
		       (recent ? 0 : NFG_SPEC_HAS_HITS) |
		       (meter && !recent ? 0 : NFG_SPEC_HAS_RATE | NFG_SPEC_HAS_BURST);

	if (meter != !!s->family)
		return nfg_perr_fail(err, argc, meter ? "type %s needs family ipv4|ipv6" :
				     "family goes with types recent and rate only, not %s",
				     nfg_set_type_name(s->type));
	if ((s->has & bad) ||
	    (meter && (s->flags & (NFGATE_SET_F_COUNTERS | NFGATE_SET_F_COMPACT))))
		return nfg_perr_fail(err, argc, "mask goes with recent and rate, hits with recent, rate and burst with rate, counters and compact with ipv4 and ipv6");
	if (meter && !recent && !(s->has & NFG_SPEC_HAS_RATE))
		return nfg_perr_fail(err, argc, "type rate needs rate N/second|minute|hour|day");
	if ((s->has & NFG_SPEC_HAS_MASK) &&
	    s->mask > (s->family == NFGATE_FAMILY_IP ? 32U : 128U))
		return nfg_perr_fail(err, argc, "mask %u is longer than an %s address",
				     s->mask, s->family == NFGATE_FAMILY_IP ? "IPv4" : "IPv6");
	if (((s->has & NFG_SPEC_HAS_HITS) && !s->hits) ||
	    ((s->has & NFG_SPEC_HAS_BURST) && !s->burst))
		return nfg_perr_fail(err, argc, "hits and burst are at least 1");
	if (s->family == NFGATE_FAMILY_IP6)
		s->type++;	/* NFGATE_SET_RECENT_IPV6, NFGATE_SET_RATE_IPV6 */
	if (meter)
		s->flags |= NFGATE_SET_F_DYNAMIC;	/* always: packets fill them */
	return 0;
}

int nfg_set_spec_parse(int argc, char *const argv[], struct nfg_set_spec *s,
		       struct nfg_perr *err)
{
	const struct spec_kw *kw;
	char list[256];
	struct nfg_sb sb;
	int i, opt_at = -1;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < argc; i++) {
		kw = spec_kw_find(argv[i]);
		if (!kw) {
			nfg_sb_init(&sb, list, sizeof(list));
			spec_kw_list(&sb);
			return nfg_perr_fail(err, i, "unknown keyword \"%s\": expected %s",
					     argv[i], list);
		}
		if (kw->takes_value && i + 1 >= argc)
			return nfg_perr_fail(err, i, "%s: missing value", kw->word);
		if (kw->parse(kw, kw->takes_value ? argv[i + 1] : NULL, s, err) < 0) {
			err->index += i;
			return -1;
		}
		if (kw->parse != kw_type && opt_at < 0)
			opt_at = i;
		i += kw->takes_value;
	}
	if (!s->type)
		return nfg_perr_fail(err, argc, "type is required (%s)",
				     nfg_set_type_names());
	if (s->type == NFGATE_SET_PORT &&
	    ((s->has & PORT_SET_HAS) || (s->flags & PORT_SET_FLAGS)))
		return nfg_perr_fail(err, opt_at, "port sets take no maxelem, timeout, counters, dynamic or compact");
	if ((s->flags & NFGATE_SET_F_COMPACT) &&
	    ((s->flags & NFGATE_SET_F_COUNTERS) || s->timeout))
		return nfg_perr_fail(err, opt_at, "a compact set's elements are bare addresses: it takes no counters and no timeout");
	return spec_check_meter(argc, s, err);
}

/* Recent and rate tables: drop the options that say the default. */
static void nfg_set_spec_meter_normalize(struct nfg_set_spec *s)
{
	static const struct {
		uint32_t bit;
		size_t off;
		uint32_t dflt;
	} dflts[] = {
		{ NFG_SPEC_HAS_HITS, offsetof(struct nfg_set_spec, hits),
		  NFGATE_RECENT_HITS_DEFAULT },
		{ NFG_SPEC_HAS_BURST, offsetof(struct nfg_set_spec, burst),
		  NFGATE_RATE_BURST_DEFAULT },
	};
	uint32_t width = !strcmp(nfg_set_family_name(s->type), "ipv4") ? 32 : 128;
	size_t i;

	if (!nfg_set_is_meter(s->type))
		return;
	if (!(s->has & NFG_SPEC_HAS_MASK) || s->mask == width) {
		s->has &= ~NFG_SPEC_HAS_MASK;
		s->mask = width;
	}
	for (i = 0; i < NFG_ARRAY_SIZE(dflts); i++) {
		uint32_t *v = (uint32_t *)((char *)s + dflts[i].off);

		if (!(s->has & dflts[i].bit) || *v == dflts[i].dflt) {
			s->has &= ~dflts[i].bit;
			*v = dflts[i].dflt;
		}
	}
	if (s->type == NFGATE_SET_RECENT_IPV4 || s->type == NFGATE_SET_RECENT_IPV6)
		s->has &= ~NFG_SPEC_HAS_BURST;
	else
		s->has &= ~NFG_SPEC_HAS_HITS;
}

void nfg_set_spec_meter_from_info(struct nfg_set_spec *s,
				  const struct nfg_set_info *i)
{
	if (!nfg_set_is_meter(s->type))
		return;
	s->family = !strcmp(nfg_set_family_name(s->type), "ipv4") ?
		    NFGATE_FAMILY_IP : NFGATE_FAMILY_IP6;
	s->mask = i->mask;
	s->hits = i->hits;
	s->rate = i->rate;
	s->period = i->period;
	s->burst = i->burst;
	s->has |= NFG_SPEC_HAS_MASK | NFG_SPEC_HAS_HITS | NFG_SPEC_HAS_BURST |
		  (i->rate ? NFG_SPEC_HAS_RATE : 0);
	nfg_set_spec_meter_normalize(s);
}

bool nfg_set_spec_keyword(const char *word)
{
	return spec_kw_find(word) != NULL;
}

void nfg_set_spec_normalize(struct nfg_set_spec *s)
{
	if (s->maxelem == NFGATE_SET_MAXELEM_DEFAULT || s->type == NFGATE_SET_PORT)
		s->has &= ~NFG_SPEC_HAS_MAXELEM;
	if (s->timeout == 0)
		s->has &= ~NFG_SPEC_HAS_TIMEOUT;
	if (!(s->has & NFG_SPEC_HAS_MAXELEM))
		s->maxelem = NFGATE_SET_MAXELEM_DEFAULT;
	if (!(s->has & NFG_SPEC_HAS_TIMEOUT))
		s->timeout = 0;
	nfg_set_spec_meter_normalize(s);
}

void nfg_set_spec_from_info(struct nfg_set_spec *s, uint8_t type,
			    uint32_t maxelem, uint32_t timeout, uint32_t flags)
{
	memset(s, 0, sizeof(*s));
	s->type = type;
	s->maxelem = maxelem;
	s->timeout = timeout;
	s->flags = flags & ~(uint32_t)NFGATE_SET_F_STAGING;
	s->has = NFG_SPEC_HAS_MAXELEM | NFG_SPEC_HAS_TIMEOUT;
	nfg_set_spec_normalize(s);
}

bool nfg_set_spec_same(const struct nfg_set_spec *a,
		       const struct nfg_set_spec *b)
{
	return a->type == b->type && a->flags == b->flags &&
	       a->maxelem == b->maxelem && a->timeout == b->timeout &&
	       (!nfg_set_is_meter(a->type) ||
		(a->mask == b->mask && a->hits == b->hits && a->rate == b->rate &&
		 a->period == b->period && a->burst == b->burst));
}

size_t nfg_set_spec_format(const struct nfg_set_spec *s, char *buf, size_t len)
{
	struct nfg_sb sb;
	size_t i;

	nfg_sb_init(&sb, buf, len);
	for (i = 0; i < NFG_ARRAY_SIZE(spec_kws); i++)
		spec_kws[i].print(&spec_kws[i], s, &sb);
	return strlen(buf);
}

void nfg_set_spec_encode(struct nlmsghdr *nlh, const struct nfg_set_spec *s)
{
	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, s->type);
	if (s->has & NFG_SPEC_HAS_MAXELEM)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_MAXELEM, s->maxelem);
	if (s->has & NFG_SPEC_HAS_TIMEOUT)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_TIMEOUT, s->timeout);
	if (s->flags)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_FLAGS, s->flags);
	if (s->has & NFG_SPEC_HAS_MASK)
		mnl_attr_put_u8(nlh, NFGATE_SET_A_MASK, (uint8_t)s->mask);
	if (s->has & NFG_SPEC_HAS_HITS)
		mnl_attr_put_u8(nlh, NFGATE_SET_A_HITS, (uint8_t)s->hits);
	if (s->has & NFG_SPEC_HAS_RATE) {
		mnl_attr_put_u32(nlh, NFGATE_SET_A_RATE, s->rate);
		mnl_attr_put_u32(nlh, NFGATE_SET_A_PERIOD, s->period);
	}
	if (s->has & NFG_SPEC_HAS_BURST)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_BURST, s->burst);
}

/* ---- element words ---------------------------------------------------- */

/* An option of the element words: 1 if argv[i] is one (parsed), 0 if
 * not, -1 on error. */
static int elem_opt(int argc, char *const argv[], int i,
		    struct nfg_elem_opts *o, struct nfg_perr *err)
{
	const char *val = i + 1 < argc ? argv[i + 1] : NULL;
	bool timeout = !strcmp(argv[i], "timeout");

	if (!timeout && strcmp(argv[i], "comment"))
		return 0;
	if (!val)
		return nfg_perr_fail(err, i, "%s: missing value", argv[i]);
	if (timeout) {
		if (parse_u32(val, NFGATE_SET_TIMEOUT_MAX, &o->timeout) < 0)
			return nfg_perr_fail(err, i + 1, "timeout: \"%s\" is not a number of seconds 0-%u",
					     val, NFGATE_SET_TIMEOUT_MAX);
		o->has_timeout = true;
		return 1;
	}
	if (strlen(val) >= NFGATE_COMMENT_MAX)
		return nfg_perr_fail(err, i + 1, "comment: longer than %d characters",
				     NFGATE_COMMENT_MAX - 1);
	o->comment = val;
	return 1;
}

int nfg_elem_words_parse(int argc, char *const argv[], int type, bool opts,
			 struct nfg_elems *es, struct nfg_elem_opts *o,
			 struct nfg_perr *err)
{
	size_t before = es ? es->n : 0;
	struct nfg_elem e;
	int i, rc = 0, n = 0;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < argc && rc >= 0; i++) {
		rc = opts ? elem_opt(argc, argv, i, o, err) : 0;
		if (rc > 0) {
			i++;
			continue;
		}
		if (rc < 0)
			break;
		n++;
		if (!type)
			continue;
		if (nfg_elem_parse(argv[i], type, &e, err) < 0) {
			err->index = i;
			rc = -1;
		} else if (nfg_elems_push(es, &e) < 0)
			rc = nfg_perr_fail(err, i, "out of memory");
	}
	if (rc < 0 && es)
		nfg_elems_truncate(es, before);
	return rc < 0 ? -1 : n;
}

size_t nfg_elem_line_format(const struct nfg_elem *e, int type, char *buf,
			    size_t len)
{
	char text[64];
	struct nfg_sb sb;

	nfg_elem_format(e, type, text, sizeof(text));
	nfg_sb_init(&sb, buf, len);
	nfg_sb_word(&sb, text);
	if (e->has_timeout)
		nfg_sb_printf(&sb, " timeout %u", e->timeout);
	if (e->comment) {
		nfg_sb_word(&sb, "comment");
		nfg_sb_quoted(&sb, e->comment);
	}
	return strlen(buf);
}

void nfg_elems_inherit(struct nfg_elems *es, const struct nfg_set_spec *s)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		if (es->v[i].has_timeout && es->v[i].timeout == s->timeout)
			es->v[i].has_timeout = false;
}
