// SPDX-License-Identifier: GPL-2.0
/*
 * The token parser of rules and chain specs (grammar: RULE SYNTAX in
 * nfgatectl(8)). Errors name the keyword, quote the bad token and say
 * what was expected.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "text.h"

enum phase { PH_MATCH, PH_ACTION, PH_VERDICT, PH_COMMENT };

struct parser {
	int argc;
	char *const *argv;
	int i;			/* the next token */
	enum phase phase;
	struct nfg_rule *r;
	struct nfg_perr *err;
	int at[NFGATE_RULE_A_MAX + 1];	/* token index of each keyword */
};

int nfg_perr_fail(struct nfg_perr *err, int index, const char *fmt, ...)
{
	va_list ap;

	err->index = index;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* "a, b or c" */
static const char *sym_list(const struct nfg_sym *syms, char *buf, size_t len)
{
	struct nfg_sb sb;
	size_t i;

	nfg_sb_init(&sb, buf, len);
	for (i = 0; syms[i].name; i++)
		nfg_sb_printf(&sb, "%s%s", !i ? "" : syms[i + 1].name ? ", " : " or ",
			      syms[i].name);
	return buf;
}

/* Decimal, or 0x hex if hex; at most max. */
static bool parse_uint(const char *s, bool hex, uint32_t max, uint32_t *v)
{
	unsigned long long n;
	int base = 10;
	char *end;

	if (hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s || s[strspn(s, "0123456789abcdefABCDEF")])
			return false;	/* strtoull() would take "0x0x1" */
	} else if (!isdigit((unsigned char)*s)) {
		return false;
	}
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno || *end || n > max)
		return false;
	*v = (uint32_t)n;
	return true;
}

/* The value after a keyword, or NULL (reported). */
static const char *next_value(struct parser *p, const char *what)
{
	if (p->i < p->argc)
		return p->argv[p->i++];
	nfg_perr_fail(p->err, p->argc, "%s: missing value", what);
	return NULL;
}

/* ---- match values ----------------------------------------------------- */

static int parse_sym8(struct parser *p, const struct nfg_match_desc *d,
		      const char *val, int at)
{
	uint8_t *field = (uint8_t *)p->r + d->off;
	char names[160];
	uint32_t v;

	if (nfg_sym_value(d->syms, val, &v) ||
	    (d->max && parse_uint(val, false, d->max, &v))) {
		*field = (uint8_t)v;
		return 0;
	}
	sym_list(d->syms, names, sizeof(names));
	if (d->max)
		return nfg_perr_fail(p->err, at, "%s: \"%s\" is not %s, or a number 0-%u",
				     d->key, val, names, d->max);
	return nfg_perr_fail(p->err, at, "%s: \"%s\" is not %s", d->key, val, names);
}

/* A comma list of names of syms (or "none" if allow_none). */
static int parse_bits(struct parser *p, const char *key, const struct nfg_sym *syms,
		      const char *val, int at, bool allow_none, uint32_t *out)
{
	char names[160], word[64];
	const char *s = val;
	uint32_t bit;
	size_t n;

	*out = 0;
	if (allow_none && !strcmp(val, "none"))
		return 0;
	do {
		n = strcspn(s, ",");
		if (!n || n >= sizeof(word))
			return nfg_perr_fail(p->err, at, "%s: \"%s\" is not a comma-separated list of names",
					     key, val);
		memcpy(word, s, n);
		word[n] = '\0';
		if (!nfg_sym_value(syms, word, &bit))
			return nfg_perr_fail(p->err, at, "%s: \"%s\" is not %s%s", key, word,
					     sym_list(syms, names, sizeof(names)),
					     allow_none ? " (or none)" : "");
		if (*out & bit)
			return nfg_perr_fail(p->err, at, "%s: \"%s\" is listed twice", key, word);
		*out |= bit;
		s += n;
	} while (*s++ == ',');
	return 0;
}

static int parse_ifname(struct parser *p, const struct nfg_match_desc *d,
			const char *val, int at)
{
	char *field = (char *)p->r + d->off;
	size_t len = strlen(val);

	if (!len)
		return nfg_perr_fail(p->err, at, "%s: empty interface name", d->key);
	if (len > d->max)
		return nfg_perr_fail(p->err, at, "%s: \"%s\" is longer than %u characters",
				     d->key, val, d->max);
	if (strpbrk(val, "/: \t\n"))
		return nfg_perr_fail(p->err, at, "%s: \"%s\": interface names contain no '/', ':' or spaces",
				     d->key, val);
	memcpy(field, val, len + 1);
	return 0;
}

/* Clear the host bits of a; true if there were any. */
static bool addr_mask(struct nfg_addr *a)
{
	unsigned int i, bytes = a->family == NFGATE_FAMILY_IP ? 4 : 16;
	bool host = false;
	uint8_t m;

	for (i = 0; i < bytes; i++) {
		m = i * 8 >= a->plen ? 0 :
		    i * 8 + 8 <= a->plen ? 0xff : (uint8_t)(0xff << (8 - a->plen % 8));
		host |= (a->addr[i] & ~m) != 0;
		a->addr[i] &= m;
	}
	return host;
}

int nfg_addr_parse(const char *key, const char *val, struct nfg_addr *a,
		   struct nfg_perr *err)
{
	char host[INET6_ADDRSTRLEN + 8], net[INET6_ADDRSTRLEN];
	const char *slash = strchr(val, '/');
	size_t n = slash ? (size_t)(slash - val) : strlen(val);
	uint32_t plen, bits;

	memset(a, 0, sizeof(*a));
	if (n >= sizeof(host))
		return nfg_perr_fail(err, 0, "%s: \"%s\" is not an IPv4 or IPv6 address", key, val);
	memcpy(host, val, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, a->addr) == 1)
		a->family = NFGATE_FAMILY_IP;
	else if (inet_pton(AF_INET6, host, a->addr) == 1)
		a->family = NFGATE_FAMILY_IP6;
	else
		return nfg_perr_fail(err, 0, "%s: \"%s\" is not an IPv4 or IPv6 address", key, host);
	bits = a->family == NFGATE_FAMILY_IP ? 32 : 128;
	if (slash && !parse_uint(slash + 1, false, bits, &plen))
		return nfg_perr_fail(err, 0, "%s: prefix length \"%s\" is not a number 0-%u",
				     key, slash + 1, bits);
	a->plen = (uint8_t)(slash ? plen : bits);
	if (!addr_mask(a))
		return 0;
	inet_ntop(a->family == NFGATE_FAMILY_IP ? AF_INET : AF_INET6, a->addr,
		  net, sizeof(net));
	return nfg_perr_fail(err, 0, "%s: \"%s\" has bits set past the prefix length; the network is %s/%u",
			     key, val, net, a->plen);
}

static int parse_addr(struct parser *p, const struct nfg_match_desc *d,
		      const char *val, int at)
{
	struct nfg_addr *a = (struct nfg_addr *)((char *)p->r + d->off);

	if (nfg_addr_parse(d->key, val, a, p->err) == 0)
		return 0;
	p->err->index = at;
	return -1;
}

int nfg_range_parse(const char *key, const char *val, struct nfg_range *r,
		    struct nfg_perr *err)
{
	const char *dash = strchr(val, '-');
	char first[8];
	size_t n = dash ? (size_t)(dash - val) : strlen(val);
	uint32_t lo, hi;

	if (n < sizeof(first)) {
		memcpy(first, val, n);
		first[n] = '\0';
	} else {
		first[0] = '\0';	/* too long: not a port */
	}
	if (!parse_uint(first, false, 65535, &lo) ||
	    (dash && !parse_uint(dash + 1, false, 65535, &hi)))
		return nfg_perr_fail(err, 0, "%s: \"%s\" is not a port (0-65535) or a range of ports (PORT-PORT)",
				     key, val);
	if (!dash)
		hi = lo;
	if (hi < lo)
		return nfg_perr_fail(err, 0, "%s: range \"%s\" ends before it starts", key, val);
	r->min = (uint16_t)lo;
	r->max = (uint16_t)hi;
	return 0;
}

static int parse_ports(struct parser *p, const struct nfg_match_desc *d,
		       const char *val, int at)
{
	struct nfg_range *r = (struct nfg_range *)((char *)p->r + d->off);

	if (nfg_range_parse(d->key, val, r, p->err) == 0)
		return 0;
	p->err->index = at;
	return -1;
}

static const struct nfg_sym *icmp_syms(const struct nfg_rule *r)
{
	if (!(r->present & NFG_BIT(NFGATE_RULE_A_L4PROTO)) ||
	    (r->invert & NFG_BIT(NFGATE_RULE_A_L4PROTO)))
		return NULL;
	if (r->l4proto == IPPROTO_ICMP)
		return nfg_icmp_type_syms;
	if (r->l4proto == IPPROTO_ICMPV6)
		return nfg_icmpv6_type_syms;
	return NULL;
}

static int parse_icmp(struct parser *p, const char *val, int at)
{
	const struct nfg_sym *syms = icmp_syms(p->r);
	uint32_t v;

	if (!syms)
		return nfg_perr_fail(p->err, at, "icmp-type: needs \"l4proto icmp\" or \"l4proto icmpv6\" before it");
	if (!nfg_sym_value(syms, val, &v) && !parse_uint(val, false, 255, &v))
		return nfg_perr_fail(p->err, at, "icmp-type: \"%s\" is not an %s type name or a number 0-255",
				     val, syms == nfg_icmp_type_syms ? "ICMP" : "ICMPv6");
	p->r->icmp_type = (uint8_t)v;
	p->r->icmp_any_code = true;
	if (p->i >= p->argc || strcmp(p->argv[p->i], "icmp-code"))
		return 0;
	at = p->i++;
	val = next_value(p, "icmp-code");
	if (!val)
		return -1;
	if (!parse_uint(val, false, 255, &v))
		return nfg_perr_fail(p->err, at + 1, "icmp-code: \"%s\" is not a number 0-255", val);
	p->r->icmp_code = (uint8_t)v;
	p->r->icmp_any_code = false;
	return 0;
}

/* VALUE[/MASK] of TCP flag lists, or of numbers */
static int parse_masked(struct parser *p, const char *key, const struct nfg_sym *syms,
			const char *val, int at, struct nfg_masked *m)
{
	char value[160];
	const char *slash = strchr(val, '/');
	size_t n = slash ? (size_t)(slash - val) : strlen(val);

	if (n >= sizeof(value))
		return nfg_perr_fail(p->err, at, "%s: \"%s\" is too long", key, val);
	snprintf(value, sizeof(value), "%.*s", (int)n, val);
	if (syms) {
		if (parse_bits(p, key, syms, value, at, true, &m->value) ||
		    (slash && parse_bits(p, key, syms, slash + 1, at, true, &m->mask)))
			return -1;
		if (!slash)
			m->mask = m->value;
	} else {
		if (!parse_uint(value, true, UINT32_MAX, &m->value) ||
		    (slash && !parse_uint(slash + 1, true, UINT32_MAX, &m->mask)))
			return nfg_perr_fail(p->err, at, "%s: \"%s\" is not VALUE or VALUE/MASK (numbers, decimal or 0x hex, up to 0xffffffff)",
					     key, val);
		if (!slash)
			m->mask = UINT32_MAX;
	}
	if (m->value & ~m->mask)
		return nfg_perr_fail(p->err, at, "%s: \"%s\": the value has bits outside the mask",
				     key, val);
	return 0;
}

static int parse_match_value(struct parser *p, const struct nfg_match_desc *d,
			     const char *val, int at)
{
	char *field = (char *)p->r + d->off;

	switch (d->kind) {
	case NFG_MK_SYM8:
		return parse_sym8(p, d, val, at);
	case NFG_MK_BITS32:
		return parse_bits(p, d->key, d->syms, val, at, false, (uint32_t *)field);
	case NFG_MK_IFNAME:
		return parse_ifname(p, d, val, at);
	case NFG_MK_ADDR:
		return parse_addr(p, d, val, at);
	case NFG_MK_PORTS:
		return parse_ports(p, d, val, at);
	case NFG_MK_ICMP:
		return parse_icmp(p, val, at);
	case NFG_MK_FLAGS:
		return parse_masked(p, d->key, d->syms, val, at, (struct nfg_masked *)field);
	case NFG_MK_MARK:
		return parse_masked(p, d->key, NULL, val, at, (struct nfg_masked *)field);
	case NFG_MK_SET:
		if (!nfg_chain_name_valid(val))
			return nfg_perr_fail(p->err, at, "%s: \"@%s\" is not a set name: use 1 to %d letters, digits, '_', '-' and '.'",
					     d->key, val, NFGATE_NAME_MAX - 1);
		strcpy(field, val);
		return 0;
	}
	return nfg_perr_fail(p->err, at, "%s: unsupported", d->key);
}

static int parse_match(struct parser *p, const struct nfg_match_desc *d, int at)
{
	uint32_t bit = NFG_BIT(d->attr);
	const char *val;
	bool neg = false;

	if (p->phase > PH_MATCH)
		return nfg_perr_fail(p->err, at, "%s: matches go before actions, the verdict and the comment",
				     d->key);
	if (p->r->present & bit)
		return nfg_perr_fail(p->err, at, "%s: given twice; a rule has each match at most once",
				     d->key);
	if (p->i < p->argc && !strcmp(p->argv[p->i], "!=")) {
		neg = true;
		p->i++;
	}
	val = next_value(p, d->key);
	if (val && val[0] == '@' && nfg_set_match_by_key(d->key)) {
		d = nfg_set_match_by_key(d->key);
		bit = NFG_BIT(d->attr);
		if (p->r->present & bit)
			return nfg_perr_fail(p->err, at, "%s: given twice; a rule has each match at most once",
					     d->key);
		val++;
	}
	if (!val || parse_match_value(p, d, val, p->i - 1) < 0)
		return -1;
	p->r->present |= bit;
	if (neg)
		p->r->invert |= bit;
	p->at[d->attr] = at;
	return 0;
}

/* The words after a recent match's mode: seconds S, hitcount N, rdest. */
static int parse_meter_opts(struct parser *p, struct nfg_meter *m, bool recent)
{
	const char *w, *val;
	uint32_t v, max;

	while (p->i < p->argc) {
		w = p->argv[p->i];
		if (!strcmp(w, "rdest")) {
			m->rdest = true;
			p->i++;
			continue;
		}
		if (!recent || (strcmp(w, "seconds") && strcmp(w, "hitcount")))
			break;
		p->i++;
		val = next_value(p, w);
		if (!val)
			return -1;
		max = w[0] == 's' ? NFGATE_SET_TIMEOUT_MAX : NFGATE_RECENT_HITS_MAX;
		if (!parse_uint(val, false, max, &v) || !v)
			return nfg_perr_fail(p->err, p->i - 1, "recent %s: \"%s\" is not a number 1-%u",
					     w, val, max);
		*(w[0] == 's' ? &m->seconds : &m->hitcount) = v;
	}
	return 0;
}

/*
 * recent [!=] NAME check|update|set|remove [seconds S] [hitcount N] [rdest]
 * rate [!=] NAME [rdest]
 */
static int parse_meter(struct parser *p, const char *key, int at)
{
	bool recent = !strcmp(key, "recent");
	struct nfg_meter *m = recent ? &p->r->recent : &p->r->rate;
	const char *val;
	uint32_t v;

	if (p->phase > PH_MATCH)
		return nfg_perr_fail(p->err, at, "%s: matches go before actions, the verdict and the comment",
				     key);
	if (m->on)
		return nfg_perr_fail(p->err, at, "%s: given twice; a rule has each match at most once",
				     key);
	m->on = true;
	if (p->i < p->argc && !strcmp(p->argv[p->i], "!=")) {
		m->invert = true;
		p->i++;
	}
	val = next_value(p, key);
	if (!val)
		return -1;
	if (!nfg_chain_name_valid(val))
		return nfg_perr_fail(p->err, p->i - 1, "%s: \"%s\" is not a set name", key, val);
	strcpy(m->name, val);
	if (recent) {
		val = next_value(p, "recent NAME");
		if (!val)
			return -1;
		if (!nfg_sym_value(nfg_recent_mode_syms, val, &v))
			return nfg_perr_fail(p->err, p->i - 1, "recent %s: \"%s\" is not a mode: check, update, set or remove",
					     m->name, val);
		m->mode = (uint8_t)v;
	}
	if (parse_meter_opts(p, m, recent) < 0)
		return -1;
	if ((m->seconds || m->hitcount) &&
	    (m->mode == NFGATE_RECENT_SET || m->mode == NFGATE_RECENT_REMOVE))
		return nfg_perr_fail(p->err, at, "recent %s: seconds and hitcount go with modes check and update only",
				     m->name);
	return 0;
}

/* ---- actions ---------------------------------------------------------- */

static int parse_log_level(struct parser *p, const char *val, int at)
{
	char names[128];
	uint32_t v;

	if (nfg_sym_value(nfg_level_syms, val, &v) || parse_uint(val, false, 7, &v)) {
		p->r->log.level = (uint8_t)v;
		return 0;
	}
	return nfg_perr_fail(p->err, at, "log level: \"%s\" is not %s, or 0-7", val,
			     sym_list(nfg_level_syms, names, sizeof(names)));
}

static int parse_log_number(struct parser *p, const char *opt, const char *val,
			    int at)
{
	struct nfg_log *l = &p->r->log;
	uint32_t v;

	if (!strcmp(opt, "group")) {
		if (!parse_uint(val, false, 65535, &v))
			return nfg_perr_fail(p->err, at, "log group: \"%s\" is not a number 0-65535", val);
		l->nflog = true;
		l->group = (uint16_t)v;
	} else if (!strcmp(opt, "rate")) {
		size_t n = strlen(val) > 7 ? strlen(val) - 7 : 0;
		char num[16];

		snprintf(num, sizeof(num), "%.*s", (int)n, val);
		if (!n || strcmp(val + n, "/second") || !parse_uint(num, false, 10000, &v))
			return nfg_perr_fail(p->err, at, "log rate: \"%s\" is not NUM/second with NUM 0-10000 (0: no limit)",
					     val);
		l->rate = v;
	} else {
		if (!parse_uint(val, false, 10000, &v) || !v)
			return nfg_perr_fail(p->err, at, "log burst: \"%s\" is not a number 1-10000", val);
		l->burst = v;
	}
	return 0;
}

static int parse_log_option(struct parser *p, const char *opt, const char *val,
			    int at)
{
	struct nfg_log *l = &p->r->log;

	if (strcmp(opt, "prefix"))
		return strcmp(opt, "level") ? parse_log_number(p, opt, val, at) :
		       parse_log_level(p, val, at);
	if (strlen(val) >= sizeof(l->prefix))
		return nfg_perr_fail(p->err, at, "log prefix: longer than %zu bytes",
				     sizeof(l->prefix) - 1);
	strcpy(l->prefix, val);
	return 0;
}

static int parse_log(struct parser *p)
{
	static const char *const opts[] = { "prefix", "level", "group", "rate", "burst" };
	struct nfg_log *l = &p->r->log;
	unsigned int seen = 0, k;
	int level_at = 0;
	const char *val;

	l->level = NFG_LOG_DEFAULT_LEVEL;
	l->rate = NFG_LOG_DEFAULT_RATE;
	l->burst = NFG_LOG_DEFAULT_BURST;
	while (p->i < p->argc) {
		for (k = 0; k < NFG_ARRAY_SIZE(opts) && strcmp(p->argv[p->i], opts[k]); k++)
			;
		if (k == NFG_ARRAY_SIZE(opts))
			break;
		if (seen & (1U << k))
			return nfg_perr_fail(p->err, p->i, "log %s: given twice", opts[k]);
		seen |= 1U << k;
		if (k == 1)
			level_at = p->i;
		p->i++;
		val = next_value(p, opts[k]);
		if (!val || parse_log_option(p, opts[k], val, p->i - 1) < 0)
			return -1;
	}
	if (level_at && l->nflog)
		return nfg_perr_fail(p->err, level_at, "log level: a level is for syslog; logging to an NFLOG group has none");
	if (l->nflog)
		l->level = 0;
	return 0;
}

/* add-to-set NAME saddr|daddr [timeout S] [refresh] */
static int parse_add_set(struct parser *p)
{
	struct nfg_add_set *a = &p->r->add_set;
	const char *name = next_value(p, "add-to-set"), *field, *val;
	uint32_t v;

	if (!name)
		return -1;
	if (!nfg_chain_name_valid(name))
		return nfg_perr_fail(p->err, p->i - 1, "add-to-set: \"%s\" is not a set name", name);
	strcpy(a->name, name);
	field = next_value(p, "add-to-set");
	if (!field)
		return -1;
	if (strcmp(field, "saddr") && strcmp(field, "daddr"))
		return nfg_perr_fail(p->err, p->i - 1, "add-to-set %s: \"%s\" is not saddr or daddr",
				     name, field);
	a->field = !strcmp(field, "saddr") ? NFGATE_ADD_SET_SADDR : NFGATE_ADD_SET_DADDR;
	if (p->i < p->argc && !strcmp(p->argv[p->i], "timeout")) {
		p->i++;
		val = next_value(p, "add-to-set timeout");
		if (!val)
			return -1;
		if (!parse_uint(val, false, NFGATE_SET_TIMEOUT_MAX, &v))
			return nfg_perr_fail(p->err, p->i - 1, "add-to-set timeout: \"%s\" is not a number of seconds 0-%u",
					     val, NFGATE_SET_TIMEOUT_MAX);
		a->has_timeout = true;
		a->timeout = v;
	}
	if (p->i < p->argc && !strcmp(p->argv[p->i], "refresh")) {
		p->i++;
		a->refresh = true;
	}
	return 0;
}

static int parse_action(struct parser *p, const char *tok, int at)
{
	uint16_t attr = !strcmp(tok, "log") ? NFGATE_RULE_A_LOG :
			!strcmp(tok, "add-to-set") ? NFGATE_RULE_A_ADD_SET :
			NFGATE_RULE_A_MARK_SET;
	const char *val;

	if (p->phase > PH_ACTION)
		return nfg_perr_fail(p->err, at, "%s: actions go before the verdict and the comment", tok);
	if (p->r->present & NFG_BIT(attr))
		return nfg_perr_fail(p->err, at, "%s: given twice", tok);
	p->phase = PH_ACTION;
	p->r->present |= NFG_BIT(attr);
	p->at[attr] = at;
	if (attr == NFGATE_RULE_A_LOG)
		return parse_log(p);
	if (attr == NFGATE_RULE_A_ADD_SET)
		return parse_add_set(p);
	val = next_value(p, tok);
	if (!val)
		return -1;
	return parse_masked(p, tok, NULL, val, p->i - 1, &p->r->mark_set);
}

/* ---- verdict and comment ---------------------------------------------- */

static int parse_reject_code(struct parser *p, const char *with)
{
	const struct nfg_sym *syms = p->r->reject_type == NFGATE_REJECT_ICMP ?
				     nfg_icmp_code_syms : nfg_icmpv6_code_syms;
	const char *val = next_value(p, "reject with");
	char names[200];
	uint32_t v;

	if (!val)
		return -1;
	if (nfg_sym_value(syms, val, &v) || parse_uint(val, false, 15, &v)) {
		p->r->reject_code = (uint8_t)v;
		return 0;
	}
	return nfg_perr_fail(p->err, p->i - 1, "reject with %s: \"%s\" is not %s, or a code 0-15",
			     with, val, sym_list(syms, names, sizeof(names)));
}

static int parse_reject(struct parser *p)
{
	char names[200];
	const char *with;
	uint32_t v;

	if (p->i >= p->argc || strcmp(p->argv[p->i], "with"))
		return 0;
	p->i++;
	with = next_value(p, "reject with");
	if (!with)
		return -1;
	if (!nfg_sym_value(nfg_reject_syms, with, &v))
		return nfg_perr_fail(p->err, p->i - 1, "reject with: \"%s\" is not %s", with,
				     sym_list(nfg_reject_syms, names, sizeof(names)));
	p->r->reject_type = (uint8_t)v;
	p->at[NFGATE_RULE_A_REJECT] = p->i - 1;
	if (v == NFGATE_REJECT_ICMP || v == NFGATE_REJECT_ICMPV6)
		return parse_reject_code(p, with);
	return 0;
}

static int parse_verdict(struct parser *p, uint32_t verdict, int at)
{
	if (p->phase == PH_VERDICT)
		return nfg_perr_fail(p->err, at, "%s: the rule already has a verdict", p->argv[at]);
	if (p->phase > PH_VERDICT)
		return nfg_perr_fail(p->err, at, "%s: the verdict goes before the comment", p->argv[at]);
	p->phase = PH_VERDICT;
	p->r->verdict = verdict;
	p->at[NFGATE_RULE_A_VERDICT] = at;
	return verdict == NFGATE_VERDICT_REJECT ? parse_reject(p) : 0;
}

static int parse_comment(struct parser *p, int at)
{
	const char *val;

	if (p->phase == PH_COMMENT)
		return nfg_perr_fail(p->err, at, "comment: given twice");
	p->phase = PH_COMMENT;
	val = next_value(p, "comment");
	if (!val)
		return -1;
	if (strlen(val) >= sizeof(p->r->comment))
		return nfg_perr_fail(p->err, p->i - 1, "comment: longer than %zu bytes",
				     sizeof(p->r->comment) - 1);
	strcpy(p->r->comment, val);
	if (*val)
		p->r->present |= NFG_BIT(NFGATE_RULE_A_COMMENT);
	return 0;
}

static int parse_item(struct parser *p)
{
	int at = p->i;
	const char *tok = p->argv[p->i++];
	const struct nfg_match_desc *d = nfg_match_by_key(tok);
	uint32_t v;

	if (p->phase == PH_COMMENT)
		return nfg_perr_fail(p->err, at, "\"%s\" after the comment: the comment comes last (quote a comment of several words)",
				     tok);
	if (d)
		return parse_match(p, d, at);
	if (!strcmp(tok, "recent") || !strcmp(tok, "rate"))
		return parse_meter(p, tok, at);
	if (!strcmp(tok, "log") || !strcmp(tok, "mark-set") ||
	    !strcmp(tok, "add-to-set"))
		return parse_action(p, tok, at);
	if (nfg_sym_value(nfg_verdict_syms, tok, &v))
		return parse_verdict(p, v, at);
	if (!strcmp(tok, "comment"))
		return parse_comment(p, at);
	if (!strcmp(tok, "icmp-code"))
		return nfg_perr_fail(p->err, at, "icmp-code: goes right after icmp-type and its value");
	if (!strcmp(tok, "!="))
		return nfg_perr_fail(p->err, at, "\"!=\" goes right after a match keyword");
	return nfg_perr_fail(p->err, at, "unknown keyword \"%s\": expected a match (nfproto, l4proto, iifname, oifname, saddr, daddr, sport, dport, icmp-type, tcp-flags, ct-state, ct-status, ct-direction, mark, recent, rate), an action (log, mark-set, add-to-set), a verdict (accept, drop, reject, continue) or comment",
			     tok);
}

/* ---- checks across keywords ------------------------------------------- */

static bool l4_is(const struct nfg_rule *r, uint8_t proto)
{
	return (r->present & NFG_BIT(NFGATE_RULE_A_L4PROTO)) &&
	       !(r->invert & NFG_BIT(NFGATE_RULE_A_L4PROTO)) && r->l4proto == proto;
}

static int check_ports(struct parser *p)
{
	const struct nfg_rule *r = p->r;
	uint16_t attr = (r->present & NFG_BIT(NFGATE_RULE_A_SPORT)) ?
			NFGATE_RULE_A_SPORT : NFGATE_RULE_A_DPORT;

	if (!(r->present & NFG_BIT(attr)) ||
	    !(r->present & NFG_BIT(NFGATE_RULE_A_L4PROTO)))
		return 0;
	if (l4_is(r, IPPROTO_TCP) || l4_is(r, IPPROTO_UDP) ||
	    l4_is(r, IPPROTO_SCTP) || l4_is(r, IPPROTO_UDPLITE))
		return 0;
	return nfg_perr_fail(p->err, p->at[attr], "%s: needs l4proto tcp, udp, sctp or udplite (or no l4proto: any of them)",
			     nfg_match_by_attr(attr)->key);
}

/* The family a part of the rule restricts it to, or 0. */
static uint8_t part_family(const struct nfg_rule *r, uint16_t attr)
{
	if (attr == NFGATE_RULE_A_SADDR || attr == NFGATE_RULE_A_DADDR)
		return (r->present & NFG_BIT(attr)) ?
		       (attr == NFGATE_RULE_A_SADDR ? r->saddr : r->daddr).family : 0;
	if (attr == NFGATE_RULE_A_ICMP)
		return !(r->present & NFG_BIT(attr)) ? 0 :
		       r->l4proto == IPPROTO_ICMP ? NFGATE_FAMILY_IP : NFGATE_FAMILY_IP6;
	if (r->verdict != NFGATE_VERDICT_REJECT)
		return 0;
	return r->reject_type == NFGATE_REJECT_ICMP ? NFGATE_FAMILY_IP :
	       r->reject_type == NFGATE_REJECT_ICMPV6 ? NFGATE_FAMILY_IP6 : 0;
}

static int check_family(struct parser *p)
{
	static const uint16_t parts[] = { NFGATE_RULE_A_SADDR, NFGATE_RULE_A_DADDR,
					  NFGATE_RULE_A_ICMP, NFGATE_RULE_A_REJECT };
	static const char *const names[] = { "saddr", "daddr", "icmp-type", "reject with" };
	uint8_t fam, first = 0;
	size_t i, k = 0;

	for (i = 0; i < NFG_ARRAY_SIZE(parts); i++) {
		fam = part_family(p->r, parts[i]);
		if (!fam)
			continue;
		if (!first) {
			first = fam;
			k = i;
		} else if (fam != first) {
			return nfg_perr_fail(p->err, p->at[parts[i]], "%s: the rule mixes IPv4 and IPv6 (%s is %s, %s is %s)",
					     names[i], names[k], first == NFGATE_FAMILY_IP ? "IPv4" : "IPv6",
					     names[i], fam == NFGATE_FAMILY_IP ? "IPv4" : "IPv6");
		}
	}
	return 0;
}

static int check_rule(struct parser *p)
{
	const struct nfg_rule *r = p->r;

	if ((r->present & NFG_BIT(NFGATE_RULE_A_TCP_FLAGS)) && !l4_is(r, IPPROTO_TCP))
		return nfg_perr_fail(p->err, p->at[NFGATE_RULE_A_TCP_FLAGS], "tcp-flags: needs \"l4proto tcp\"");
	if (r->verdict == NFGATE_VERDICT_REJECT &&
	    r->reject_type == NFGATE_REJECT_TCP_RESET && !l4_is(r, IPPROTO_TCP))
		return nfg_perr_fail(p->err, p->at[NFGATE_RULE_A_REJECT], "reject with tcp-reset: needs \"l4proto tcp\"");
	if (check_ports(p) < 0)
		return -1;
	return check_family(p);
}

int nfg_rule_parse_tokens(int argc, char *const argv[], struct nfg_rule *r,
			  struct nfg_perr *err)
{
	struct parser p = { .argc = argc, .argv = argv, .r = r, .err = err };

	nfg_rule_init(r);
	memset(err, 0, sizeof(*err));
	while (p.i < argc)
		if (parse_item(&p) < 0)
			return -1;
	return check_rule(&p);
}

/* ---- chain specs ------------------------------------------------------ */

static bool parse_int(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	if (!isdigit((unsigned char)s[*s == '-' || *s == '+']))
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !errno && !*end && *v >= lo && *v <= hi;
}

/* The longest priority symbol that starts s, or NULL. */
static const struct nfg_sym *prio_symbol(const char *s)
{
	const struct nfg_sym *sym, *best = NULL;

	for (sym = nfg_prio_syms; sym->name; sym++)
		if (!strncmp(s, sym->name, strlen(sym->name)) &&
		    (!best || strlen(sym->name) > strlen(best->name)))
			best = sym;
	return best;
}

int nfg_prio_parse(const char *s, int32_t *prio, struct nfg_perr *err)
{
	const long long big = 1LL << 60;
	const struct nfg_sym *sym = prio_symbol(s);
	const char *rest = sym ? s + strlen(sym->name) : s;
	long long base = sym ? (int32_t)sym->value : 0, n = 0;
	char names[160];

	if ((sym && !*rest) ||
	    ((!sym || *rest == '+' || *rest == '-') && parse_int(rest, -big, big, &n))) {
		if (base + n <= INT32_MIN || base + n >= INT32_MAX)
			return nfg_perr_fail(err, err->index, "priority: %s is out of range (%d to %d)",
					     s, INT32_MIN + 1, INT32_MAX - 1);
		*prio = (int32_t)(base + n);
		return 0;
	}
	return nfg_perr_fail(err, err->index, "priority: \"%s\" is not a number or %s, optionally followed by +N or -N",
			     s, sym_list(nfg_prio_syms, names, sizeof(names)));
}

static int parse_spec_item(int argc, char *const argv[], int *i,
			   struct nfg_chain *c, struct nfg_perr *err)
{
	static const char *const keys[] = { "hook", "family", "priority", "policy" };
	static const struct nfg_sym *const syms[] = {
		nfg_hook_syms, nfg_family_syms, NULL, nfg_policy_syms };
	uint32_t *fields[] = { &c->hook, NULL, NULL, &c->policy };
	char names[160];
	uint32_t v;
	size_t k;

	for (k = 0; k < NFG_ARRAY_SIZE(keys) && strcmp(argv[*i], keys[k]); k++)
		;
	if (k == NFG_ARRAY_SIZE(keys))
		return nfg_perr_fail(err, *i, "unknown keyword \"%s\": a chain spec has hook, family, priority and policy",
				     argv[*i]);
	if (++*i >= argc)
		return nfg_perr_fail(err, argc, "%s: missing value", keys[k]);
	err->index = (*i)++;
	if (!syms[k])
		return nfg_prio_parse(argv[err->index], &c->priority, err) < 0 ? -1 : (int)k;
	if (!nfg_sym_value(syms[k], argv[err->index], &v))
		return nfg_perr_fail(err, err->index, "%s: \"%s\" is not %s", keys[k],
				     argv[err->index], sym_list(syms[k], names, sizeof(names)));
	if (fields[k])
		*fields[k] = v;
	else
		c->family = (uint8_t)v;
	return (int)k;
}

int nfg_chain_parse_spec(int argc, char *const argv[], struct nfg_chain *c,
			 struct nfg_perr *err)
{
	static const char *const required[] = { "hook", "family", "priority" };
	unsigned int seen = 0;
	int i = 0, k, start;

	memset(err, 0, sizeof(*err));
	c->policy = NFGATE_VERDICT_ACCEPT;
	while (i < argc) {
		start = i;
		k = parse_spec_item(argc, argv, &i, c, err);
		if (k < 0)
			return -1;
		if (seen & (1U << k))
			return nfg_perr_fail(err, start, "%s: given twice", argv[start]);
		seen |= 1U << k;
	}
	for (k = 0; k < 3; k++)
		if (!(seen & (1U << k)))
			return nfg_perr_fail(err, argc, "missing \"%s\": a chain needs hook, family and priority",
					     required[k]);
	return 0;
}
