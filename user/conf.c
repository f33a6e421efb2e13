// SPDX-License-Identifier: GPL-2.0
/* nfgate.conf(5): parser and printer (grammar in conf.h and the man page) */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "setelem.h"
#include "err.h"
#include "text.h"

struct conf_file {
	char *path;			/* as messages show it */
	char *text;			/* the contents, NUL-terminated */
	struct conf_file *next;
};

/* A word of a statement, and where it stands in its file. */
struct conf_word {
	char *s;
	const struct conf_file *f;
	const char *at;
	size_t len;			/* of its source text */
};

struct conf_def {
	char *name;
	struct conf_word *w;
	size_t n;
};

struct conf_ctx {
	const char *what;
	struct nfg_ruleset *rs;
	struct conf_file *files;
	struct conf_def *defs;
	size_t ndefs;
	struct conf_word *stmt;		/* the statement being read */
	size_t n, cap;
	struct nfg_chain chain;		/* the chain being read */
	struct conf_word chain_at;	/* its "chain" or "set" keyword */
	bool in_chain, have_spec;
	struct nfg_setdef set;		/* the set being read */
	bool in_set;
	bool no_include;		/* parsing text: no files */
	int depth;
};

/* ---- errors ----------------------------------------------------------- */

static void conf_verr(const struct conf_ctx *x, const struct conf_file *f,
		      const char *at, const char *fmt, va_list ap)
{
	const char *line = f->text, *p, *end;
	char msg[512];
	int lineno = 1;

	for (p = f->text; p < at; p++)
		if (*p == '\n') {
			lineno++;
			line = p + 1;
		}
	end = line + strcspn(line, "\n");
	vsnprintf(msg, sizeof(msg), fmt, ap);
	nfg_err("%s: %s:%d:%d: %s", x->what, f->path, lineno,
		(int)(at - line) + 1, msg);
	fprintf(stderr, "  %.*s\n  ", (int)(end - line), line);
	for (p = line; p < at; p++)
		fputc(*p == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
}

static int NFG_PRINTF(3, 4) conf_err(const struct conf_ctx *x,
				     const struct conf_word *w,
				     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_verr(x, w->f, w->at, fmt, ap);
	va_end(ap);
	return -1;
}

static int NFG_PRINTF(4, 5) conf_err_at(const struct conf_ctx *x,
					const struct conf_file *f,
					const char *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_verr(x, f, at, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- statements ------------------------------------------------------- */

static void stmt_clear(struct conf_ctx *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->stmt[i].s);
	x->n = 0;
}

static int stmt_push(struct conf_ctx *x, const struct conf_word *w)
{
	struct conf_word *n;
	size_t cap;

	if (x->n == x->cap) {
		cap = x->cap ? 2 * x->cap : 16;
		n = realloc(x->stmt, cap * sizeof(*n));
		if (!n)
			return conf_err(x, w, "out of memory");
		x->stmt = n;
		x->cap = cap;
	}
	x->stmt[x->n] = *w;
	x->stmt[x->n].s = strdup(w->s);
	if (!x->stmt[x->n].s)
		return conf_err(x, w, "out of memory");
	x->n++;
	return 0;
}

static const struct conf_def *def_find(const struct conf_ctx *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->ndefs; i++)
		if (!strcmp(x->defs[i].name, name))
			return &x->defs[i];
	return NULL;
}

/* Add a word, or the words $NAME stands for (at the place of $NAME). */
static int add_word(struct conf_ctx *x, const struct conf_word *w, bool quoted)
{
	const struct conf_def *d;
	struct conf_word e;
	size_t i;

	if (quoted || w->s[0] != '$')
		return stmt_push(x, w);
	d = def_find(x, w->s + 1);
	if (!d)
		return conf_err(x, w, "undefined variable %s: define it before its use ('define %s = ...')",
				w->s, w->s + 1);
	e = *w;
	for (i = 0; i < d->n; i++) {
		e.s = d->w[i].s;
		if (stmt_push(x, &e) < 0)
			return -1;
	}
	return 0;
}

static bool def_name_valid(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static int do_define(struct conf_ctx *x)
{
	struct conf_def *defs, *d;
	size_t i;

	if (x->n < 4 || strcmp(x->stmt[2].s, "="))
		return conf_err(x, &x->stmt[0], "expected 'define NAME = WORD...'");
	if (!def_name_valid(x->stmt[1].s))
		return conf_err(x, &x->stmt[1], "bad variable name \"%s\": letters, digits and _, not starting with a digit",
				x->stmt[1].s);
	if (def_find(x, x->stmt[1].s))
		return conf_err(x, &x->stmt[1], "variable %s is already defined", x->stmt[1].s);
	defs = realloc(x->defs, (x->ndefs + 1) * sizeof(*defs));
	if (!defs)
		return conf_err(x, &x->stmt[0], "out of memory");
	x->defs = defs;
	d = &defs[x->ndefs++];
	d->n = x->n - 3;
	d->name = x->stmt[1].s;
	d->w = calloc(d->n, sizeof(*d->w));
	x->stmt[1].s = NULL;
	if (!d->w) {
		d->n = 0;
		return conf_err(x, &x->stmt[0], "out of memory");
	}
	for (i = 0; i < d->n; i++) {
		d->w[i] = x->stmt[3 + i];
		x->stmt[3 + i].s = NULL;
	}
	return 0;
}

static int lex_file(struct conf_ctx *x, struct conf_file *f);
static int load_file(struct conf_ctx *x, const char *path,
		     const struct conf_word *from);

static bool has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Relative patterns are relative to the including file's directory. */
static char *include_pattern(const struct conf_word *w)
{
	const char *slash = strrchr(w->f->path, '/');
	char *p;

	if (w->s[0] == '/' || !slash || !strcmp(w->f->path, "-"))
		return strdup(w->s);
	if (asprintf(&p, "%.*s/%s", (int)(slash - w->f->path), w->f->path, w->s) < 0)
		return NULL;
	return p;
}

static int do_include(struct conf_ctx *x)
{
	struct conf_word w;
	glob_t g = { 0 };
	char *pattern;
	size_t i;
	int rc = 0, grc;

	if (x->n != 2)
		return conf_err(x, &x->stmt[0], "expected 'include \"FILE\"'");
	if (x->no_include)
		return conf_err(x, &x->stmt[0], "include is not allowed here");
	if (x->depth >= NFG_CONF_INCLUDE_DEPTH)
		return conf_err(x, &x->stmt[0], "includes nested more than %d deep (an include loop?)",
				NFG_CONF_INCLUDE_DEPTH);
	w = x->stmt[1];
	pattern = include_pattern(&w);
	if (!pattern)
		return conf_err(x, &w, "out of memory");
	grc = glob(pattern, GLOB_ERR, NULL, &g);
	if (grc == GLOB_NOMATCH && !has_glob_chars(w.s))
		rc = conf_err(x, &w, "cannot read %s: %s", pattern, strerror(ENOENT));
	else if (grc && grc != GLOB_NOMATCH)
		rc = conf_err(x, &w, "cannot read %s: %s", pattern,
			      grc == GLOB_NOSPACE ? "out of memory" : "read error");
	/* The statement's words go; the include keeps its own place. */
	x->stmt[1].s = NULL;
	stmt_clear(x);
	x->depth++;
	for (i = 0; !rc && i < g.gl_pathc; i++)
		rc = load_file(x, g.gl_pathv[i], &w);
	x->depth--;
	free(w.s);
	globfree(&g);
	free(pattern);
	return rc;
}

/* ---- chains ----------------------------------------------------------- */

static int parse_words(struct conf_ctx *x, bool spec)
{
	char **argv = calloc(x->n + 1, sizeof(*argv));
	struct nfg_perr err = { 0 };
	const struct conf_word *w;
	struct nfg_rule r;
	size_t i;
	int rc;

	if (!argv)
		return conf_err(x, &x->stmt[0], "out of memory");
	for (i = 0; i < x->n; i++)
		argv[i] = x->stmt[i].s;
	if (spec) {
		rc = nfg_chain_parse_spec((int)x->n, argv, &x->chain, &err);
	} else {
		nfg_rule_init(&r);
		rc = nfg_rule_parse_tokens((int)x->n, argv, &r, &err);
		if (!rc && nfg_chain_insert(&x->chain, x->chain.nrules, &r) < 0) {
			free(argv);
			return conf_err(x, &x->stmt[0], "out of memory");
		}
	}
	free(argv);
	if (!rc)
		return 0;
	if (err.index >= 0 && (size_t)err.index < x->n)
		return conf_err(x, &x->stmt[err.index], "%s", err.msg);
	w = &x->stmt[x->n - 1];
	return conf_err_at(x, w->f, w->at + w->len, "%s", err.msg);
}

static const char *block_name(const struct conf_ctx *x)
{
	return x->in_chain ? x->chain.name : x->set.name;
}

static const char *block_kind(const struct conf_ctx *x)
{
	return x->in_chain ? "chain" : "set";
}

static int set_open(struct conf_ctx *x);

static int chain_open(struct conf_ctx *x, const struct conf_word *brace)
{
	if (x->in_chain || x->in_set)
		return conf_err(x, brace, "'{' inside %s %s: close it with '}' first",
				block_kind(x), block_name(x));
	if (x->n == 2 && !strcmp(x->stmt[0].s, "set"))
		return set_open(x);
	if (x->n != 2 || strcmp(x->stmt[0].s, "chain"))
		return conf_err(x, brace, "'{' only follows 'chain NAME' or 'set NAME'");
	if (!nfg_chain_name_valid(x->stmt[1].s))
		return conf_err(x, &x->stmt[1], "bad chain name \"%s\": letters, digits, '_', '.' and '-', at most %d",
				x->stmt[1].s, NFGATE_NAME_MAX - 1);
	if (nfg_ruleset_find(x->rs, x->stmt[1].s))
		return conf_err(x, &x->stmt[1], "chain %s is declared twice", x->stmt[1].s);
	nfg_chain_init(&x->chain);
	snprintf(x->chain.name, sizeof(x->chain.name), "%s", x->stmt[1].s);
	x->chain_at = x->stmt[0];
	x->chain_at.s = NULL;
	x->in_chain = true;
	x->have_spec = false;
	stmt_clear(x);
	return 0;
}

/* ---- sets ------------------------------------------------------------- */

static int set_open(struct conf_ctx *x)
{
	if (!nfg_chain_name_valid(x->stmt[1].s))
		return conf_err(x, &x->stmt[1], "bad set name \"%s\": letters, digits, '_', '.' and '-', at most %d",
				x->stmt[1].s, NFGATE_NAME_MAX - 1);
	if (nfg_ruleset_find_set(x->rs, x->stmt[1].s))
		return conf_err(x, &x->stmt[1], "set %s is declared twice", x->stmt[1].s);
	memset(&x->set, 0, sizeof(x->set));
	snprintf(x->set.name, sizeof(x->set.name), "%s", x->stmt[1].s);
	x->chain_at = x->stmt[0];
	x->chain_at.s = NULL;
	x->in_set = true;
	x->have_spec = false;
	stmt_clear(x);
	return 0;
}

static int set_close(struct conf_ctx *x, const struct conf_word *brace)
{
	if (!x->have_spec)
		return conf_err(x, brace, "set %s has no spec: its first line must be 'type TYPE [maxelem N] [timeout S] [counters] [dynamic] [compact]'",
				x->set.name);
	nfg_elems_inherit(&x->set.elems, &x->set.spec);
	nfg_elems_normalize(&x->set.elems, x->set.spec.type);
	if (nfg_ruleset_add_set(x->rs, &x->set) < 0)
		return conf_err(x, brace, "out of memory");
	memset(&x->set, 0, sizeof(x->set));
	x->in_set = false;
	return 0;
}

/* Report err (from words parsed out of the statement) at its word. */
static int stmt_perr(struct conf_ctx *x, const struct nfg_perr *err)
{
	const struct conf_word *w;

	if (err->index >= 0 && (size_t)err->index < x->n)
		return conf_err(x, &x->stmt[err->index], "%s", err->msg);
	w = &x->stmt[x->n - 1];
	return conf_err_at(x, w->f, w->at + w->len, "%s", err->msg);
}

/* The statement's words as an argv (NULL-terminated), or NULL. */
static char **stmt_argv(struct conf_ctx *x)
{
	char **argv = calloc(x->n + 1, sizeof(*argv));
	size_t i;

	for (i = 0; argv && i < x->n; i++)
		argv[i] = x->stmt[i].s;
	if (!argv)
		conf_err(x, &x->stmt[0], "out of memory");
	return argv;
}

/* Give the elements from index from on the options of their line. */
static int elems_take_opts(struct nfg_elems *es, size_t from,
			   const struct nfg_elem_opts *o)
{
	size_t i;

	for (i = from; i < es->n; i++) {
		es->v[i].has_timeout = o->has_timeout;
		es->v[i].timeout = o->timeout;
		if (o->comment && !(es->v[i].comment = strdup(o->comment)))
			return -1;
	}
	return 0;
}

static int set_elem_line(struct conf_ctx *x)
{
	struct nfg_setdef *set = &x->set;
	size_t before = set->elems.n;
	struct nfg_perr err = { 0 };
	struct nfg_elem_opts o;
	char **argv;
	int n;

	if (set->spec.flags & NFGATE_SET_F_DYNAMIC)
		return conf_err(x, &x->stmt[0], "set %s is dynamic: rules fill it, so it declares no elements",
				set->name);
	argv = stmt_argv(x);
	if (!argv)
		return -1;
	n = nfg_elem_words_parse((int)x->n, argv, set->spec.type, true,
				 &set->elems, &o, &err);
	free(argv);
	if (n < 0)
		return stmt_perr(x, &err);
	if (!n)
		return conf_err(x, &x->stmt[0], "no element on this line: elements are %s",
				set->spec.type == NFGATE_SET_PORT ? "ports or PORT-PORT ranges" :
				"addresses or ADDRESS/LEN prefixes");
	if (elems_take_opts(&set->elems, before, &o) < 0)
		return conf_err(x, &x->stmt[0], "out of memory");
	return 0;
}

/* elements "PATTERN": element files (one element per line, '#'
 * comments), relative to this file's directory. */
static int set_elem_files(struct conf_ctx *x)
{
	const struct conf_word *w = &x->stmt[1];
	struct nfg_perr err;
	char *pattern;
	glob_t g = { 0 };
	size_t i;
	int rc = 0, grc;
	FILE *f;

	if (x->set.spec.flags & NFGATE_SET_F_DYNAMIC)
		return conf_err(x, &x->stmt[0], "set %s is dynamic: rules fill it, so it declares no elements",
				x->set.name);
	pattern = include_pattern(w);
	if (!pattern)
		return conf_err(x, w, "out of memory");
	grc = glob(pattern, GLOB_ERR, NULL, &g);
	if (grc == GLOB_NOMATCH && !has_glob_chars(w->s))
		rc = conf_err(x, w, "cannot read %s: %s", pattern, strerror(ENOENT));
	else if (grc && grc != GLOB_NOMATCH)
		rc = conf_err(x, w, "cannot read %s: %s", pattern,
			      grc == GLOB_NOSPACE ? "out of memory" : "read error");
	for (i = 0; !rc && i < g.gl_pathc; i++) {
		f = fopen(g.gl_pathv[i], "r");
		if (!f) {
			rc = conf_err(x, w, "cannot read %s: %s", g.gl_pathv[i],
				      strerror(errno));
			break;
		}
		if (nfg_elems_read(f, g.gl_pathv[i], x->set.spec.type,
				   &x->set.elems, &err) < 0)
			rc = conf_err(x, w, "%s", err.msg);
		fclose(f);
	}
	globfree(&g);
	free(pattern);
	return rc;
}

static int set_stmt(struct conf_ctx *x)
{
	struct nfg_perr err = { 0 };
	char **argv;
	int rc;

	if (x->have_spec && !strcmp(x->stmt[0].s, "elements")) {
		if (x->n != 2)
			return conf_err(x, &x->stmt[0], "expected 'elements \"FILE\"'");
		return set_elem_files(x);
	}
	if (x->have_spec)
		return set_elem_line(x);
	if (!nfg_set_spec_keyword(x->stmt[0].s))
		return conf_err(x, &x->stmt[0], "set %s: its first line must be the spec 'type TYPE [maxelem N] [timeout S] [counters] [dynamic] [compact]'",
				x->set.name);
	argv = stmt_argv(x);
	if (!argv)
		return -1;
	rc = nfg_set_spec_parse((int)x->n, argv, &x->set.spec, &err);
	free(argv);
	if (rc < 0)
		return stmt_perr(x, &err);
	nfg_set_spec_normalize(&x->set.spec);
	x->have_spec = true;
	return 0;
}

/* Add the finished chain to rs, keeping rs in name order. */
static int chain_close(struct conf_ctx *x, const struct conf_word *brace)
{
	struct nfg_ruleset *rs = x->rs;
	struct nfg_chain *chains;
	size_t at;

	if (x->in_set)
		return set_close(x, brace);
	if (!x->in_chain)
		return conf_err(x, brace, "'}' without a chain or set to close");
	if (!x->have_spec)
		return conf_err(x, brace, "chain %s has no spec: its first line must be 'hook HOOK family FAMILY priority PRIO'",
				x->chain.name);
	chains = realloc(rs->chains, (rs->nchains + 1) * sizeof(*chains));
	if (!chains)
		return conf_err(x, brace, "out of memory");
	rs->chains = chains;
	for (at = 0; at < rs->nchains && strcmp(chains[at].name, x->chain.name) < 0; at++)
		;
	memmove(&chains[at + 1], &chains[at], (rs->nchains - at) * sizeof(*chains));
	chains[at] = x->chain;
	rs->nchains++;
	nfg_chain_init(&x->chain);
	x->in_chain = false;
	return 0;
}

static int stmt_end(struct conf_ctx *x)
{
	int rc;

	if (!x->n)
		return 0;
	if ((x->in_chain || x->in_set) && (!strcmp(x->stmt[0].s, "chain") ||
					   !strcmp(x->stmt[0].s, "set") ||
					   !strcmp(x->stmt[0].s, "define") ||
					   !strcmp(x->stmt[0].s, "include"))) {
		rc = conf_err(x, &x->stmt[0], "%s inside %s %s: close it with '}' first",
			      x->stmt[0].s, block_kind(x), block_name(x));
	} else if (x->in_set) {
		rc = set_stmt(x);
	} else if (x->in_chain) {
		rc = parse_words(x, !x->have_spec);
		x->have_spec = true;
	} else if (!strcmp(x->stmt[0].s, "define")) {
		rc = do_define(x);
	} else if (!strcmp(x->stmt[0].s, "include")) {
		return do_include(x);
	} else if (!strcmp(x->stmt[0].s, "chain") || !strcmp(x->stmt[0].s, "set")) {
		rc = conf_err(x, &x->stmt[x->n - 1], "expected '{' after '%s NAME'",
			      x->stmt[0].s);
	} else {
		rc = conf_err(x, &x->stmt[0], "unknown statement \"%s\": expected set, chain, define or include",
			      x->stmt[0].s);
	}
	stmt_clear(x);
	return rc;
}

/* ---- lexer ------------------------------------------------------------ */

static bool delimiter(char c)
{
	return !c || isspace((unsigned char)c) || strchr(";{}#", c);
}

/* Read the word at *pp into w (a bare word, $NAME, or a quoted string). */
static int lex_word(struct conf_ctx *x, struct conf_file *f, const char **pp,
		    struct conf_word *w, bool *quoted)
{
	const char *p = *pp;
	char err[256], *out;

	w->f = f;
	w->at = p;
	w->s = out = malloc(strlen(p) + 1);
	if (!out)
		return conf_err_at(x, f, p, "out of memory");
	*quoted = *p == '"';
	if (*quoted) {
		if (nfg_unquote(&p, &out, err, sizeof(err)) < 0) {
			free(w->s);
			return conf_err_at(x, f, w->at, "%s", err);
		}
	} else {
		if (*p == '$')
			*out++ = *p++;
		while (*p && nfg_bare_char((unsigned char)*p))
			*out++ = *p++;
	}
	*out = '\0';
	if (p == w->at || !delimiter(*p)) {
		free(w->s);
		return conf_err_at(x, f, p, "unexpected character '%c'%s", *p,
				   *quoted ? ": separate words with spaces" :
				   ": quote words that hold it (\"...\")");
	}
	w->len = (size_t)(p - w->at);
	*pp = p;
	return 0;
}

static int lex_brace(struct conf_ctx *x, struct conf_file *f, const char *p)
{
	struct conf_word w = { .f = f, .at = p, .len = 1 };

	if (*p == '{')
		return chain_open(x, &w);
	if (stmt_end(x) < 0)
		return -1;
	return chain_close(x, &w);
}

static int lex_file(struct conf_ctx *x, struct conf_file *f)
{
	struct conf_word w;
	const char *p = f->text;
	bool quoted = false;
	int rc;

	for (;;) {
		p += strspn(p, " \t\r\v\f");
		if (*p == '#')
			p += strcspn(p, "\n");
		if (!*p)
			break;
		if (*p == '\n' || *p == ';') {
			rc = stmt_end(x);
			p++;
		} else if (*p == '{' || *p == '}') {
			rc = lex_brace(x, f, p++);
		} else {
			rc = lex_word(x, f, &p, &w, &quoted);
			if (!rc) {
				rc = add_word(x, &w, quoted);
				free(w.s);
			}
		}
		if (rc)
			return rc;
	}
	if (stmt_end(x) < 0)
		return -1;
	if ((x->in_chain || x->in_set) && x->chain_at.f == f)
		return conf_err(x, &x->chain_at, "%s %s is not closed: '}' is missing",
				block_kind(x), block_name(x));
	return 0;
}

/* ---- files ------------------------------------------------------------ */

static char *read_all(FILE *in, const char **why)
{
	size_t len = 0, cap = 4096, n;
	char *buf = malloc(cap), *nb;

	while (buf) {
		n = fread(buf + len, 1, cap - len - 1, in);
		len += n;
		if (n == 0)
			break;
		if (len + 1 == cap) {
			if (cap >= NFG_CONF_FILE_MAX) {
				*why = "larger than 16 MiB";
				free(buf);
				return NULL;
			}
			nb = realloc(buf, cap * 2);
			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	if (!buf) {
		*why = strerror(ENOMEM);
		return NULL;
	}
	if (ferror(in) || memchr(buf, '\0', len)) {
		*why = ferror(in) ? strerror(errno) : "it holds a NUL byte: not a text file";
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static struct conf_file *file_new(struct conf_ctx *x, const char *path)
{
	struct conf_file *f = calloc(1, sizeof(*f));

	if (!f || !(f->path = strdup(path))) {
		free(f);
		nfg_err("%s: out of memory", x->what);
		return NULL;
	}
	f->next = x->files;
	x->files = f;
	return f;
}

static int load_file(struct conf_ctx *x, const char *path,
		     const struct conf_word *from)
{
	struct conf_file *f = file_new(x, path);
	const char *why = NULL;
	FILE *in;

	if (!f)
		return -1;
	in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in)
		why = strerror(errno);
	else
		f->text = read_all(in, &why);
	if (in && in != stdin)
		fclose(in);
	if (!f->text) {
		if (from)
			return conf_err(x, from, "cannot read %s: %s", path, why);
		nfg_err("%s: cannot read %s: %s", x->what, path, why);
		return -1;
	}
	return lex_file(x, f);
}

static void ctx_free(struct conf_ctx *x)
{
	struct conf_file *f;
	size_t i, j;

	stmt_clear(x);
	free(x->stmt);
	for (i = 0; i < x->ndefs; i++) {
		for (j = 0; j < x->defs[i].n; j++)
			free(x->defs[i].w[j].s);
		free(x->defs[i].w);
		free(x->defs[i].name);
	}
	free(x->defs);
	nfg_chain_free(&x->chain);
	nfg_setdef_free(&x->set);
	while ((f = x->files)) {
		x->files = f->next;
		free(f->text);
		free(f->path);
		free(f);
	}
}

/* Parse the file path, or (text != NULL) the text named path. */
static int conf_parse(const char *path, const char *text, size_t len,
		      struct nfg_ruleset *rs, const char *what)
{
	struct conf_ctx x = { .what = what, .rs = rs, .no_include = !!text };
	struct conf_file *f;
	int rc = -1;

	memset(rs, 0, sizeof(*rs));
	nfg_chain_init(&x.chain);
	if (!text) {
		rc = load_file(&x, path, NULL);
	} else if ((f = file_new(&x, path))) {
		if (memchr(text, '\0', len))
			nfg_err("%s: %s: it holds a NUL byte: not a text file", what, path);
		else if ((f->text = strndup(text, len)))
			rc = lex_file(&x, f);
		else
			nfg_err("%s: out of memory", what);
	}
	ctx_free(&x);
	if (rc)
		nfg_ruleset_free(rs);
	return rc ? -1 : 0;
}

int nfg_conf_parse(const char *path, struct nfg_ruleset *rs, const char *what)
{
	return conf_parse(path, NULL, 0, rs, what);
}

int nfg_conf_parse_text(const char *name, const char *text, size_t len,
			struct nfg_ruleset *rs, const char *what)
{
	return conf_parse(name, text, len, rs, what);
}

/* ---- printer ---------------------------------------------------------- */

static void print_set(FILE *out, const struct nfg_setdef *set)
{
	char text[NFG_RULE_TEXT_MAX];
	size_t i;

	nfg_set_spec_format(&set->spec, text, sizeof(text));
	fprintf(out, "set %s {\n\t%s\n", set->name, text);
	for (i = 0; i < set->elems.n; i++) {
		nfg_elem_line_format(&set->elems.v[i], set->spec.type, text,
				     sizeof(text));
		fprintf(out, "\t%s\n", text);
	}
	fputs("}\n", out);
}

void nfg_conf_print(FILE *out, const struct nfg_ruleset *rs)
{
	char text[NFG_RULE_TEXT_MAX];
	const struct nfg_chain *c;
	size_t i, j;

	for (i = 0; i < rs->nsets; i++) {
		fputs(i ? "\n" : "", out);
		print_set(out, &rs->sets[i]);
	}
	for (i = 0; i < rs->nchains; i++) {
		c = &rs->chains[i];
		nfg_chain_format_spec(c, text, sizeof(text));
		fprintf(out, "%schain %s {\n\t%s\n", i || rs->nsets ? "\n" : "",
			c->name, text);
		for (j = 0; j < c->nrules; j++) {
			nfg_rule_format(&c->rules[j], text, sizeof(text));
			fprintf(out, "\t%s%s\n", text, c->rules[j].unknown ?
				"  # has settings this nfgatectl does not know" : "");
		}
		fputs("}\n", out);
	}
}

/* ---- diff ------------------------------------------------------------- */

static void diff_line(FILE *out, char mark, const char *text)
{
	fprintf(out, "%c\t%s\n", mark, text);
}

static void diff_rule(FILE *out, char mark, const struct nfg_rule *r)
{
	char text[NFG_RULE_TEXT_MAX];

	nfg_rule_format(r, text, sizeof(text));
	diff_line(out, mark, text);
}

static void diff_whole(FILE *out, char mark, const struct nfg_chain *c)
{
	char text[NFG_RULE_TEXT_MAX];
	size_t i;

	nfg_chain_format_spec(c, text, sizeof(text));
	fprintf(out, "%cchain %s {\n", mark, c->name);
	diff_line(out, mark, text);
	for (i = 0; i < c->nrules; i++)
		diff_rule(out, mark, &c->rules[i]);
	fprintf(out, "%c}\n", mark);
}

/* Largest table of the rule diff; beyond it, all out then all in. */
#define DIFF_CELLS_MAX	(4u << 20)

/* The rules of a and b as a longest-common-subsequence diff. */
static void diff_rules(FILE *out, const struct nfg_chain *a,
		       const struct nfg_chain *b)
{
	size_t n = a->nrules, m = b->nrules, i, j, w = m + 1;
	uint32_t *l = NULL;

	if ((n + 1) * w <= DIFF_CELLS_MAX)
		l = calloc((n + 1) * w, sizeof(*l));
	for (i = n; l && i-- > 0;)
		for (j = m; j-- > 0;)
			l[i * w + j] = nfg_rule_same(&a->rules[i], &b->rules[j]) ?
				l[(i + 1) * w + j + 1] + 1 :
				(l[(i + 1) * w + j] > l[i * w + j + 1] ?
				 l[(i + 1) * w + j] : l[i * w + j + 1]);
	for (i = j = 0; l && i < n && j < m;) {
		if (nfg_rule_same(&a->rules[i], &b->rules[j])) {
			diff_rule(out, ' ', &a->rules[i++]);
			j++;
		} else if (l[(i + 1) * w + j] >= l[i * w + j + 1]) {
			diff_rule(out, '-', &a->rules[i++]);
		} else {
			diff_rule(out, '+', &b->rules[j++]);
		}
	}
	for (; i < n; i++)
		diff_rule(out, '-', &a->rules[i]);
	for (; j < m; j++)
		diff_rule(out, '+', &b->rules[j]);
	free(l);
}

static void diff_chain(FILE *out, const struct nfg_chain *a,
		       const struct nfg_chain *b)
{
	char sa[NFG_RULE_TEXT_MAX], sb[NFG_RULE_TEXT_MAX];

	if (nfg_chain_same(a, b))
		return;
	nfg_chain_format_spec(a, sa, sizeof(sa));
	nfg_chain_format_spec(b, sb, sizeof(sb));
	fprintf(out, " chain %s {\n", a->name);
	if (strcmp(sa, sb)) {
		diff_line(out, '-', sa);
		diff_line(out, '+', sb);
	} else {
		diff_line(out, ' ', sa);
	}
	diff_rules(out, a, b);
	fputs(" }\n", out);
}

void nfg_conf_diff(FILE *out, const struct nfg_ruleset *from,
		   const struct nfg_ruleset *to)
{
	size_t i = 0, j = 0;
	int cmp;

	while (i < from->nchains || j < to->nchains) {
		if (i == from->nchains)
			cmp = 1;
		else if (j == to->nchains)
			cmp = -1;
		else
			cmp = strcmp(from->chains[i].name, to->chains[j].name);
		if (cmp < 0)
			diff_whole(out, '-', &from->chains[i++]);
		else if (cmp > 0)
			diff_whole(out, '+', &to->chains[j++]);
		else
			diff_chain(out, &from->chains[i++], &to->chains[j++]);
	}
}
