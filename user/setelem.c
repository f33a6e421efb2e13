// SPDX-License-Identifier: GPL-2.0
/* Set elements: text, files and netlink (see setelem.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "setelem.h"
#include "text.h"

static const struct nfg_attr_spec elem_spec[NFGATE_ELEM_A_MAX + 1] = {
	[NFGATE_ELEM_A_PAD]	 = { "NFGATE_ELEM_A_PAD", MNL_TYPE_UNSPEC, NULL },
	[NFGATE_ELEM_A_ADDR]	 = { "NFGATE_ELEM_A_ADDR", MNL_TYPE_BINARY, NULL },
	[NFGATE_ELEM_A_PREFIX]	 = { "NFGATE_ELEM_A_PREFIX", MNL_TYPE_U8, NULL },
	[NFGATE_ELEM_A_PORT_MIN] = { "NFGATE_ELEM_A_PORT_MIN", MNL_TYPE_U16, NULL },
	[NFGATE_ELEM_A_PORT_MAX] = { "NFGATE_ELEM_A_PORT_MAX", MNL_TYPE_U16, NULL },
	[NFGATE_ELEM_A_TIMEOUT]	 = { "NFGATE_ELEM_A_TIMEOUT", MNL_TYPE_U32, NULL },
	[NFGATE_ELEM_A_EXPIRES]	 = { "NFGATE_ELEM_A_EXPIRES", MNL_TYPE_U32, NULL },
	[NFGATE_ELEM_A_PACKETS]	 = { "NFGATE_ELEM_A_PACKETS", MNL_TYPE_U64, NULL },
	[NFGATE_ELEM_A_BYTES]	 = { "NFGATE_ELEM_A_BYTES", MNL_TYPE_U64, NULL },
	[NFGATE_ELEM_A_COMMENT]	 = { "NFGATE_ELEM_A_COMMENT", MNL_TYPE_NUL_STRING, NULL },
	[NFGATE_ELEM_A_HITS]	 = { "NFGATE_ELEM_A_HITS", MNL_TYPE_U32, NULL },
	[NFGATE_ELEM_A_LAST_SEEN] = { "NFGATE_ELEM_A_LAST_SEEN", MNL_TYPE_U32, NULL },
	[NFGATE_ELEM_A_TOKENS]	 = { "NFGATE_ELEM_A_TOKENS", MNL_TYPE_U32, NULL },
};

const struct nfg_attr_set nfg_elem_attrs = NFG_ATTR_SET(elem_spec);

static const struct nfg_attr_spec elems_spec[NFGATE_SET_A_ELEM + 1] = {
	[NFGATE_SET_A_ELEM] = { "NFGATE_SET_A_ELEM", MNL_TYPE_NESTED, &nfg_elem_attrs },
};

static const struct nfg_attr_set elems_attrs = NFG_ATTR_ARRAY(elems_spec);

static const struct nfg_attr_spec set_spec[NFGATE_SET_A_MAX + 1] = {
	[NFGATE_SET_A_PAD]	= { "NFGATE_SET_A_PAD", MNL_TYPE_UNSPEC, NULL },
	[NFGATE_SET_A_NAME]	= { "NFGATE_SET_A_NAME", MNL_TYPE_NUL_STRING, NULL },
	[NFGATE_SET_A_TYPE]	= { "NFGATE_SET_A_TYPE", MNL_TYPE_U8, NULL },
	[NFGATE_SET_A_MAXELEM]	= { "NFGATE_SET_A_MAXELEM", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_TIMEOUT]	= { "NFGATE_SET_A_TIMEOUT", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_FLAGS]	= { "NFGATE_SET_A_FLAGS", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_NAME2]	= { "NFGATE_SET_A_NAME2", MNL_TYPE_NUL_STRING, NULL },
	[NFGATE_SET_A_ELEMS]	= { "NFGATE_SET_A_ELEMS", MNL_TYPE_NESTED, &elems_attrs },
	[NFGATE_SET_A_ELEM]	= { "NFGATE_SET_A_ELEM", MNL_TYPE_NESTED, &nfg_elem_attrs },
	[NFGATE_SET_A_COUNT]	= { "NFGATE_SET_A_COUNT", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_REFS]	= { "NFGATE_SET_A_REFS", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_FULL]	= { "NFGATE_SET_A_FULL", MNL_TYPE_U64, NULL },
	[NFGATE_SET_A_EVENT]	= { "NFGATE_SET_A_EVENT", MNL_TYPE_U8, NULL },
	[NFGATE_SET_A_MASK]	= { "NFGATE_SET_A_MASK", MNL_TYPE_U8, NULL },
	[NFGATE_SET_A_HITS]	= { "NFGATE_SET_A_HITS", MNL_TYPE_U8, NULL },
	[NFGATE_SET_A_RATE]	= { "NFGATE_SET_A_RATE", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_PERIOD]	= { "NFGATE_SET_A_PERIOD", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_BURST]	= { "NFGATE_SET_A_BURST", MNL_TYPE_U32, NULL },
	[NFGATE_SET_A_EVICTED]	= { "NFGATE_SET_A_EVICTED", MNL_TYPE_U64, NULL },
};

const struct nfg_attr_set nfg_set_attrs = NFG_ATTR_SET(set_spec);

static const char *const type_names[] = {
	[NFGATE_SET_IPV4] = "ipv4",
	[NFGATE_SET_IPV6] = "ipv6",
	[NFGATE_SET_PORT] = "port",
	/* the family is a separate word: "type recent family ipv6" */
	[NFGATE_SET_RECENT_IPV4] = "recent",
	[NFGATE_SET_RECENT_IPV6] = "recent",
	[NFGATE_SET_RATE_IPV4] = "rate",
	[NFGATE_SET_RATE_IPV6] = "rate",
};

bool nfg_set_is_meter(int type)
{
	return type >= NFGATE_SET_RECENT_IPV4 && type <= NFGATE_SET_RATE_IPV6;
}

/* The address set type whose elements a set of this type has. */
static int elem_type(int type)
{
	if (type == NFGATE_SET_RECENT_IPV4 || type == NFGATE_SET_RATE_IPV4)
		return NFGATE_SET_IPV4;
	if (type == NFGATE_SET_RECENT_IPV6 || type == NFGATE_SET_RATE_IPV6)
		return NFGATE_SET_IPV6;
	return type;
}

const char *nfg_set_family_name(int type)
{
	return elem_type(type) == NFGATE_SET_IPV4 ? "ipv4" : "ipv6";
}

int nfg_set_type_parse(const char *s)
{
	int t;

	for (t = NFGATE_SET_IPV4; t < __NFGATE_SET_TYPE_MAX; t++)
		if (!strcmp(s, type_names[t]))
			return t;
	return 0;
}

const char *nfg_set_type_name(int type)
{
	return type > 0 && type < __NFGATE_SET_TYPE_MAX ? type_names[type] : NULL;
}

const char *nfg_set_type_names(void)
{
	return "ipv4, ipv6, port, recent or rate";
}

static int NFG_PRINTF(2, 3) elem_fail(struct nfg_perr *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int nfg_elem_parse(const char *s, int type, struct nfg_elem *e,
		   struct nfg_perr *err)
{
	uint8_t want;

	type = elem_type(type);
	want = type == NFGATE_SET_IPV4 ? NFGATE_FAMILY_IP : NFGATE_FAMILY_IP6;
	memset(e, 0, sizeof(*e));
	err->index = 0;
	if (type == NFGATE_SET_PORT)
		return nfg_range_parse("element", s, &e->ports, err);
	if (nfg_addr_parse("element", s, &e->addr, err) < 0)
		return -1;
	if (e->addr.family != want)
		return elem_fail(err, "element: \"%s\" is not an %s address",
				 s, nfg_set_family_name(type));
	return 0;
}

int nfg_elems_push(struct nfg_elems *es, const struct nfg_elem *e)
{
	struct nfg_elem *v;
	size_t cap;

	if (es->n == es->cap) {
		cap = es->cap ? es->cap * 2 : 64;
		v = realloc(es->v, cap * sizeof(*v));
		if (!v) {
			nfg_err("out of memory");
			return -1;
		}
		es->v = v;
		es->cap = cap;
	}
	es->v[es->n++] = *e;
	return 0;
}

void nfg_elems_truncate(struct nfg_elems *es, size_t n)
{
	size_t i;

	for (i = n; i < es->n; i++)
		free(es->v[i].comment);
	if (n < es->n)
		es->n = n;
}

void nfg_elems_free(struct nfg_elems *es)
{
	nfg_elems_truncate(es, 0);
	free(es->v);
	memset(es, 0, sizeof(*es));
}

int nfg_elem_cmp(const struct nfg_elem *a, const struct nfg_elem *b)
{
	int c = memcmp(a->addr.addr, b->addr.addr, sizeof(a->addr.addr));

	if (c)
		return c;
	if (a->addr.plen != b->addr.plen)
		return a->addr.plen < b->addr.plen ? -1 : 1;
	if (a->ports.min != b->ports.min)
		return a->ports.min < b->ports.min ? -1 : 1;
	return a->ports.max < b->ports.max ? -1 : a->ports.max > b->ports.max;
}

static int elem_qcmp(const void *a, const void *b)
{
	int c = nfg_elem_cmp(a, b);

	/* stable for equal keys: the later one sorts last */
	return c ? c : (a < b ? -1 : a > b);
}

/* Merge sorted port ranges that overlap or touch. */
static void merge_ports(struct nfg_elems *es)
{
	size_t i, n = 0;

	for (i = 0; i < es->n; i++) {
		if (n && (uint32_t)es->v[n - 1].ports.max + 1 >= es->v[i].ports.min) {
			if (es->v[i].ports.max > es->v[n - 1].ports.max)
				es->v[n - 1].ports.max = es->v[i].ports.max;
			free(es->v[i].comment);
			continue;
		}
		es->v[n++] = es->v[i];
	}
	es->n = n;
}

void nfg_elems_normalize(struct nfg_elems *es, int type)
{
	size_t i, n = 0;

	if (es->n > 1)
		qsort(es->v, es->n, sizeof(*es->v), elem_qcmp);
	if (type == NFGATE_SET_PORT) {
		merge_ports(es);
		return;
	}
	for (i = 0; i < es->n; i++) {
		if (n && !nfg_elem_cmp(&es->v[n - 1], &es->v[i])) {
			free(es->v[n - 1].comment);
			es->v[n - 1] = es->v[i];
			continue;
		}
		es->v[n++] = es->v[i];
	}
	es->n = n;
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool nfg_elems_same(const struct nfg_elems *a, const struct nfg_elems *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct nfg_elem *x = &a->v[i], *y = &b->v[i];

		if (nfg_elem_cmp(x, y) || x->has_timeout != y->has_timeout ||
		    (x->has_timeout && x->timeout != y->timeout) ||
		    !str_same(x->comment, y->comment))
			return false;
	}
	return true;
}

/* The element text of a line: comment cut, blanks trimmed; "" if none. */
static char *line_text(char *line)
{
	char *end;

	line[strcspn(line, "#\r\n")] = '\0';
	line += strspn(line, " \t");
	end = line + strlen(line);
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return line;
}

/* Prefix err->msg with "NAME:LINE: ". */
static void locate(struct nfg_perr *err, const char *name, unsigned long lineno)
{
	char out[sizeof(err->msg)];
	struct nfg_sb sb;

	nfg_sb_init(&sb, out, sizeof(out));
	nfg_sb_printf(&sb, "%s:%lu: %s", name, lineno, err->msg);
	memcpy(err->msg, out, sizeof(out));
}

int nfg_elems_read(FILE *f, const char *name, int type, struct nfg_elems *es,
		   struct nfg_perr *err)
{
	size_t before = es->n, cap = 0;
	unsigned long lineno = 0;
	struct nfg_elem e;
	char *line = NULL, *text;
	int rc = 0;

	while (!rc && getline(&line, &cap, f) >= 0) {
		lineno++;
		text = line_text(line);
		if (!*text)
			continue;
		if (strpbrk(text, " \t"))
			rc = elem_fail(err, "one element per line, not \"%s\"", text);
		else if (nfg_elem_parse(text, type, &e, err) < 0)
			rc = -1;
		else if (nfg_elems_push(es, &e) < 0)
			rc = elem_fail(err, "out of memory");
		if (rc)
			locate(err, name, lineno);
	}
	if (!rc && ferror(f))
		rc = elem_fail(err, "%s: read error: %s", name, strerror(errno));
	free(line);
	if (rc)
		nfg_elems_truncate(es, before);
	return rc;
}

size_t nfg_elem_format(const struct nfg_elem *e, int type, char *buf,
		       size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	type = elem_type(type);
	if (type == NFGATE_SET_PORT)
		n = e->ports.min == e->ports.max ?
		    snprintf(buf, len, "%u", e->ports.min) :
		    snprintf(buf, len, "%u-%u", e->ports.min, e->ports.max);
	else if (!inet_ntop(type == NFGATE_SET_IPV4 ? AF_INET : AF_INET6,
			    e->addr.addr, a, sizeof(a)))
		n = snprintf(buf, len, "?");
	else if (e->addr.plen == (type == NFGATE_SET_IPV4 ? 32 : 128))
		n = snprintf(buf, len, "%s", a);
	else
		n = snprintf(buf, len, "%s/%u", a, e->addr.plen);
	return n < 0 ? 0 : (size_t)n;
}

int nfg_elem_encode(struct nlmsghdr *nlh, size_t buflen, int type,
		    const struct nfg_elem *e, const struct nfg_elem_opts *o)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, buflen,
							NFGATE_SET_A_ELEM);
	struct nfg_elem_opts own;
	bool ok;

	type = elem_type(type);
	if (!nest)
		return -1;
	if (type == NFGATE_SET_PORT)
		ok = mnl_attr_put_u16_check(nlh, buflen, NFGATE_ELEM_A_PORT_MIN,
					    e->ports.min) &&
		     mnl_attr_put_u16_check(nlh, buflen, NFGATE_ELEM_A_PORT_MAX,
					    e->ports.max);
	else
		ok = mnl_attr_put_check(nlh, buflen, NFGATE_ELEM_A_ADDR,
					type == NFGATE_SET_IPV4 ? 4 : 16,
					e->addr.addr) &&
		     mnl_attr_put_u8_check(nlh, buflen, NFGATE_ELEM_A_PREFIX,
					   e->addr.plen);
	if (!o) {
		own.has_timeout = e->has_timeout;
		own.timeout = e->timeout;
		own.comment = e->comment;
		o = &own;
	}
	if (ok && o->has_timeout)
		ok = mnl_attr_put_u32_check(nlh, buflen, NFGATE_ELEM_A_TIMEOUT,
					    o->timeout);
	if (ok && o->comment)
		ok = mnl_attr_put_strz_check(nlh, buflen, NFGATE_ELEM_A_COMMENT,
					     o->comment);
	if (!ok) {
		mnl_attr_nest_cancel(nlh, nest);
		return -1;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

int nfg_elem_decode(const struct nlattr *nest, int type, struct nfg_elem *e)
{
	const struct nlattr *tb[NFGATE_ELEM_A_MAX + 1];
	size_t len = elem_type(type) == NFGATE_SET_IPV4 ? 4 : 16;

	memset(e, 0, sizeof(*e));
	if (nfg_attr_parse_nested(nest, &nfg_elem_attrs, tb) < 0)
		return -1;
	if (elem_type(type) == NFGATE_SET_PORT) {
		if (!tb[NFGATE_ELEM_A_PORT_MIN] || !tb[NFGATE_ELEM_A_PORT_MAX])
			goto bad;
		e->ports.min = mnl_attr_get_u16(tb[NFGATE_ELEM_A_PORT_MIN]);
		e->ports.max = mnl_attr_get_u16(tb[NFGATE_ELEM_A_PORT_MAX]);
		return 0;
	}
	if (!tb[NFGATE_ELEM_A_ADDR] || !tb[NFGATE_ELEM_A_PREFIX] ||
	    mnl_attr_get_payload_len(tb[NFGATE_ELEM_A_ADDR]) != len)
		goto bad;
	memcpy(e->addr.addr, mnl_attr_get_payload(tb[NFGATE_ELEM_A_ADDR]), len);
	e->addr.plen = mnl_attr_get_u8(tb[NFGATE_ELEM_A_PREFIX]);
	e->addr.family = len == 4 ? NFGATE_FAMILY_IP : NFGATE_FAMILY_IP6;
	return 0;
bad:
	nfg_err("malformed set element from the kernel");
	errno = EBADMSG;
	return -1;
}
