// SPDX-License-Identifier: GPL-2.0
/* nfgatectl stats [--watch [SECS]] [--json]: rule and set counters. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "json.h"
#include "ruleset.h"
#include "subcommands.h"
#include "text.h"

const char nfg_stats_usage[] =
	"Usage: nfgatectl stats [--watch [SECS]] [-j]\n"
	"\n"
	"Counters of every rule (chain, position, handle, packets, bytes,\n"
	"comment), of every chain's policy, and of every set (elements, maxelem,\n"
	"packet-path insertions refused because it was full, and for sets with\n"
	"counters the elements that matched and the packets and bytes they\n"
	"counted). Columns are aligned on a terminal and tab-separated when\n"
	"piped.\n"
	"\n"
	"Options:\n"
	"  -w, --watch [SECS]  print them again every SECS seconds (default 1)\n"
	"                      with per-second rates over the interval, until\n"
	"                      interrupted; a terminal is redrawn in place, a\n"
	"                      pipe gets one snapshot after the other (with\n"
	"                      --json: one object per line)\n"
	"  -j, --json          print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help          show this help\n";

#define WATCH_MAX 86400

struct set_stats {
	struct nfg_set_info info;
	uint64_t hit, packets, bytes;	/* sets with counters */
};

struct snapshot {
	struct nfg_ruleset rs;
	struct set_stats *sets;
	size_t nsets;
	struct timespec at;
};

/* ---- reading ---------------------------------------------------------- */

static int sum_elem(const struct nlattr *nest, void *data)
{
	const struct nlattr *tb[NFGATE_ELEM_A_MAX + 1];
	struct set_stats *s = data;
	uint64_t p;

	if (nfg_attr_parse_nested(nest, &nfg_elem_attrs, tb) < 0)
		return -1;
	p = tb[NFGATE_ELEM_A_PACKETS] ? mnl_attr_get_u64(tb[NFGATE_ELEM_A_PACKETS]) : 0;
	s->hit += p > 0;
	s->packets += p;
	if (tb[NFGATE_ELEM_A_BYTES])
		s->bytes += mnl_attr_get_u64(tb[NFGATE_ELEM_A_BYTES]);
	return 0;
}

static void sum_reset(void *data)
{
	struct set_stats *s = data;

	s->hit = s->packets = s->bytes = 0;
}

static int read_sets(struct nfg_nl *nl, struct snapshot *snap)
{
	struct nfg_set_info *v;
	size_t n, i;
	int rc;

	rc = nfg_set_infos_get(nl, NULL, &v, &n, "stats");
	if (rc)
		return rc;
	snap->sets = calloc(n + 1, sizeof(*snap->sets));
	if (!snap->sets) {
		free(v);
		nfg_err("stats: out of memory");
		return NFG_EXIT_FAIL;
	}
	for (i = 0; !rc && i < n; i++) {
		snap->sets[i].info = v[i];
		if (v[i].flags & NFGATE_SET_F_COUNTERS)
			rc = nfg_set_elems_dump(nl, v[i].name, sum_elem, sum_reset,
						&snap->sets[i], "stats");
	}
	snap->nsets = n;
	free(v);
	return rc;
}

static void snapshot_free(struct snapshot *snap)
{
	nfg_ruleset_free(&snap->rs);
	free(snap->sets);
	memset(snap, 0, sizeof(*snap));
}

static int snapshot_read(struct nfg_nl *nl, struct snapshot *snap)
{
	int rc;

	memset(snap, 0, sizeof(*snap));
	clock_gettime(CLOCK_MONOTONIC, &snap->at);
	rc = nfg_ruleset_read_retry(nl, &snap->rs, NULL, "stats");
	if (!rc && (snap->rs.features & NFGATE_FEATURE_SETS))
		rc = read_sets(nl, snap);
	return rc;
}

/* ---- rates ------------------------------------------------------------ */

static double seconds(const struct snapshot *a, const struct snapshot *b)
{
	return (double)(b->at.tv_sec - a->at.tv_sec) +
	       (double)(b->at.tv_nsec - a->at.tv_nsec) / 1e9;
}

/* Per second from old to now; 0 when there is no old or it went down. */
static uint64_t rate(uint64_t now, const uint64_t *old, double secs)
{
	if (!old || now < *old || secs <= 0)
		return 0;
	return (uint64_t)((double)(now - *old) / secs + 0.5);
}

static const struct nfg_rule *old_rule(const struct snapshot *prev,
				       uint64_t handle)
{
	size_t i;
	long k;

	for (i = 0; prev && i < prev->rs.nchains; i++) {
		k = nfg_chain_find_handle(&prev->rs.chains[i], handle);
		if (k >= 0)
			return &prev->rs.chains[i].rules[k];
	}
	return NULL;
}

static const struct set_stats *old_set(const struct snapshot *prev,
				       const char *name)
{
	size_t i;

	for (i = 0; prev && i < prev->nsets; i++)
		if (!strcmp(prev->sets[i].info.name, name))
			return &prev->sets[i];
	return NULL;
}

/* ---- tables ----------------------------------------------------------- */

#define COLS_MAX 10
#define CELL_MAX 160

struct table {
	size_t ncols, nrows;
	char (*cells)[COLS_MAX][CELL_MAX];
	size_t width[COLS_MAX];
};

static void table_row(struct table *t, const char *const *cols)
{
	char (*c)[COLS_MAX][CELL_MAX] = realloc(t->cells, (t->nrows + 1) * sizeof(*c));
	size_t i, len;

	if (!c)
		return;
	t->cells = c;
	for (i = 0; i < t->ncols; i++) {
		snprintf(c[t->nrows][i], CELL_MAX, "%s", cols[i] ? cols[i] : "");
		len = strlen(c[t->nrows][i]);
		if (len > t->width[i])
			t->width[i] = len;
	}
	t->nrows++;
}

static void table_print(FILE *out, struct table *t, bool align)
{
	size_t r, i;

	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			if (i + 1 == t->ncols)
				fprintf(out, "%s\n", t->cells[r][i]);
			else if (align)
				fprintf(out, "%-*s  ", (int)t->width[i], t->cells[r][i]);
			else
				fprintf(out, "%s\t", t->cells[r][i]);
		}
	}
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static const char *u64s(char *buf, uint64_t v)
{
	snprintf(buf, 24, "%llu", (unsigned long long)v);
	return buf;
}

struct view {
	const struct snapshot *now, *prev;
	bool watch, align;
	double secs;
};

static void rule_rows(struct table *t, const struct view *v)
{
	char pos[24], h[24], p[24], b[24], pr[24], br[24];
	const struct nfg_chain *c;
	const struct nfg_rule *r, *o;
	size_t i, j;

	for (i = 0; i < v->now->rs.nchains; i++) {
		c = &v->now->rs.chains[i];
		for (j = 0; j < c->nrules; j++) {
			r = &c->rules[j];
			o = old_rule(v->prev, r->handle);
			snprintf(pos, sizeof(pos), "%zu", j);
			const char *row[] = { c->name, pos, u64s(h, r->handle),
				u64s(p, r->packets), u64s(b, r->bytes),
				v->watch ? u64s(pr, rate(r->packets, o ? &o->packets : NULL, v->secs)) : r->comment,
				v->watch ? u64s(br, rate(r->bytes, o ? &o->bytes : NULL, v->secs)) : NULL,
				r->comment };
			table_row(t, row);
		}
		const char *prow[] = { c->name, "-", "policy", u64s(p, c->packets),
			u64s(b, c->bytes), v->watch ? "" : "", "", "" };
		table_row(t, prow);
	}
}

static void print_text(FILE *out, const struct view *v)
{
	static const char *const rhead[] = { "CHAIN", "POS", "HANDLE", "PACKETS",
		"BYTES", "PKT/S", "BYTE/S", "COMMENT" };
	static const char *const shead[] = { "SET", "TYPE", "ELEMENTS", "MAXELEM",
		"FULL", "HIT", "PACKETS", "BYTES", "PKT/S", "BYTE/S" };
	char e[24], m[24], f[24], hi[24], p[24], b[24], pr[24], br[24];
	struct table t = { .ncols = v->watch ? 8 : 6 };
	const char *rh[8];
	const struct set_stats *s, *o;
	size_t i;

	memcpy(rh, rhead, sizeof(rh));
	if (!v->watch)
		rh[5] = "COMMENT";
	table_row(&t, rh);
	rule_rows(&t, v);
	table_print(out, &t, v->align);
	if (!v->now->nsets)
		return;
	fputc('\n', out);
	t.ncols = v->watch ? 10 : 8;
	table_row(&t, shead);
	for (i = 0; i < v->now->nsets; i++) {
		s = &v->now->sets[i];
		o = old_set(v->prev, s->info.name);
		bool cnt = s->info.flags & NFGATE_SET_F_COUNTERS;
		const char *row[] = { s->info.name, nfg_set_type_name(s->info.type),
			u64s(e, s->info.count), s->info.type == NFGATE_SET_PORT ? "-" : u64s(m, s->info.maxelem),
			u64s(f, s->info.full), cnt ? u64s(hi, s->hit) : "-",
			cnt ? u64s(p, s->packets) : "-", cnt ? u64s(b, s->bytes) : "-",
			cnt ? u64s(pr, rate(s->packets, o ? &o->packets : NULL, v->secs)) : "-",
			cnt ? u64s(br, rate(s->bytes, o ? &o->bytes : NULL, v->secs)) : "-" };
		table_row(&t, row);
	}
	table_print(out, &t, v->align);
}

/* ---- JSON ------------------------------------------------------------- */

static void json_rates(struct json_writer *w, const struct view *v,
		       uint64_t p, const uint64_t *op, uint64_t b,
		       const uint64_t *ob)
{
	if (!v->watch)
		return;
	json_member_u64(w, "packets_per_s", rate(p, op, v->secs));
	json_member_u64(w, "bytes_per_s", rate(b, ob, v->secs));
}

static void json_rules(struct json_writer *w, const struct view *v)
{
	const struct nfg_chain *c;
	const struct nfg_rule *r, *o;
	size_t i, j;

	json_key(w, "rules");
	json_array_begin(w);
	for (i = 0; i < v->now->rs.nchains; i++) {
		c = &v->now->rs.chains[i];
		for (j = 0; j < c->nrules; j++) {
			r = &c->rules[j];
			o = old_rule(v->prev, r->handle);
			json_object_begin(w);
			json_member_string(w, "chain", c->name);
			json_member_u64(w, "position", j);
			json_member_u64(w, "handle", r->handle);
			json_member_string(w, "comment", r->comment);
			json_member_u64(w, "packets", r->packets);
			json_member_u64(w, "bytes", r->bytes);
			json_rates(w, v, r->packets, o ? &o->packets : NULL,
				   r->bytes, o ? &o->bytes : NULL);
			json_object_end(w);
		}
	}
	json_array_end(w);
	json_key(w, "policies");
	json_array_begin(w);
	for (i = 0; i < v->now->rs.nchains; i++) {
		c = &v->now->rs.chains[i];
		json_object_begin(w);
		json_member_string(w, "chain", c->name);
		json_member_u64(w, "packets", c->packets);
		json_member_u64(w, "bytes", c->bytes);
		json_object_end(w);
	}
	json_array_end(w);
}

static void json_sets(struct json_writer *w, const struct view *v)
{
	const struct set_stats *s, *o;
	size_t i;

	json_key(w, "sets");
	json_array_begin(w);
	for (i = 0; i < v->now->nsets; i++) {
		s = &v->now->sets[i];
		o = old_set(v->prev, s->info.name);
		json_object_begin(w);
		json_member_string(w, "name", s->info.name);
		json_member_string(w, "type", nfg_set_type_name(s->info.type));
		json_member_u64(w, "elements", s->info.count);
		json_member_u64(w, "maxelem", s->info.maxelem);
		json_member_u64(w, "full", s->info.full);
		json_member_bool(w, "counters", s->info.flags & NFGATE_SET_F_COUNTERS);
		json_member_bool(w, "dynamic", s->info.flags & NFGATE_SET_F_DYNAMIC);
		if (s->info.flags & NFGATE_SET_F_COUNTERS) {
			json_member_u64(w, "hit", s->hit);
			json_member_u64(w, "packets", s->packets);
			json_member_u64(w, "bytes", s->bytes);
			json_rates(w, v, s->packets, o ? &o->packets : NULL,
				   s->bytes, o ? &o->bytes : NULL);
		}
		json_object_end(w);
	}
	json_array_end(w);
}

static void print_json(FILE *out, const struct view *v)
{
	struct json_writer w;

	json_init(&w, out);
	json_object_begin(&w);
	json_member_u64(&w, "generation", v->now->rs.generation);
	if (v->watch)
		json_member_u64(&w, "interval_ms", (uint64_t)(v->secs * 1000 + 0.5));
	json_rules(&w, v);
	json_sets(&w, v);
	json_object_end(&w);
	json_finish(&w);
}

/* ---- main ------------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int parse(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global, bool *json, unsigned int *watch)
{
	char *end;
	int i;

	*json = global->json;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			*json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(nfg_stats_usage, stdout);
			return NFG_EXIT_OK;
		} else if (!strcmp(argv[i], "-w") || !strcmp(argv[i], "--watch")) {
			*watch = 1;
			if (i + 1 < argc && argv[i + 1][0] != '-') {
				unsigned long n = strtoul(argv[++i], &end, 10);

				if (*end || !n || n > WATCH_MAX || !isdigit((unsigned char)argv[i][0]))
					return nfg_usage_err(cmd->name, "stats: --watch: \"%s\" is not a number of seconds 1-%d",
							     argv[i], WATCH_MAX);
				*watch = (unsigned int)n;
			}
		} else {
			return nfg_usage_err(cmd->name, "stats: unexpected argument '%s'",
					     argv[i]);
		}
	}
	return NFG_CMD_CONTINUE;
}

static int loop(struct nfg_nl *nl, bool json, unsigned int watch)
{
	struct snapshot snap[2];
	struct view v = { .watch = watch > 0, .align = isatty(STDOUT_FILENO) };
	int rc = NFG_EXIT_OK, cur = 0, n;

	memset(snap, 0, sizeof(snap));
	for (n = 0; !stop; n++, cur ^= 1) {
		snapshot_free(&snap[cur]);
		rc = snapshot_read(nl, &snap[cur]);
		if (rc)
			break;
		v.now = &snap[cur];
		v.prev = n ? &snap[cur ^ 1] : NULL;
		v.secs = n ? seconds(v.prev, v.now) : 0;
		if (v.watch && v.align && !json)
			fputs("\033[H\033[2J", stdout);
		else if (n && !json)
			fputc('\n', stdout);
		if (json)
			print_json(stdout, &v);
		else
			print_text(stdout, &v);
		fflush(stdout);
		if (!watch)
			break;
		sleep(watch);
	}
	snapshot_free(&snap[0]);
	snapshot_free(&snap[1]);
	return stop ? NFG_EXIT_OK : rc;
}

int stats_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global)
{
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int watch = 0;
	struct nfg_nl nl;
	bool json;
	int rc;

	rc = parse(argc, argv, cmd, global, &json, &watch);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = loop(&nl, json, watch);
	nfg_nl_close(&nl);
	return rc;
}
