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

static int NFG_PRINTF(3, 4) spec_fail(struct nfg_perr *err, int index,
				      const char *fmt, ...)
{
	va_list ap;

	err->index = index;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

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
		return spec_fail(err, 1, "%s: \"%s\" is not %s", kw->word, val,
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
		return spec_fail(err, 1, "%s: \"%s\" is not %s 0-%u", kw->word,
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
	if (s->flags & kw->bit)
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
};

/* What a port set cannot have (a fixed bitmap: no elements to time out,
 * count, or add from rules). */
#define PORT_SET_HAS	(NFG_SPEC_HAS_MAXELEM | NFG_SPEC_HAS_TIMEOUT)
#define PORT_SET_FLAGS	(NFGATE_SET_F_COUNTERS | NFGATE_SET_F_DYNAMIC)

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
			return spec_fail(err, i, "unknown keyword \"%s\": expected %s",
					 argv[i], list);
		}
		if (kw->takes_value && i + 1 >= argc)
			return spec_fail(err, i, "%s: missing value", kw->word);
		if (kw->parse(kw, kw->takes_value ? argv[i + 1] : NULL, s, err) < 0) {
			err->index += i;
			return -1;
		}
		if (kw->parse != kw_type && opt_at < 0)
			opt_at = i;
		i += kw->takes_value;
	}
	if (!s->type)
		return spec_fail(err, argc, "type is required (%s)",
				 nfg_set_type_names());
	if (s->type == NFGATE_SET_PORT &&
	    ((s->has & PORT_SET_HAS) || (s->flags & PORT_SET_FLAGS)))
		return spec_fail(err, opt_at, "port sets take no maxelem, timeout, counters or dynamic");
	return 0;
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
	       a->maxelem == b->maxelem && a->timeout == b->timeout;
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
		return spec_fail(err, i, "%s: missing value", argv[i]);
	if (timeout) {
		if (parse_u32(val, NFGATE_SET_TIMEOUT_MAX, &o->timeout) < 0)
			return spec_fail(err, i + 1, "timeout: \"%s\" is not a number of seconds 0-%u",
					 val, NFGATE_SET_TIMEOUT_MAX);
		o->has_timeout = true;
		return 1;
	}
	if (strlen(val) >= NFGATE_COMMENT_MAX)
		return spec_fail(err, i + 1, "comment: longer than %d characters",
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
			rc = spec_fail(err, i, "out of memory");
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
