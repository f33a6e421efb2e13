// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void nfg_sb_init(struct nfg_sb *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	if (size)
		buf[0] = '\0';
}

static void sb_vprintf(struct nfg_sb *sb, const char *fmt, va_list ap)
	NFG_PRINTF(2, 0);

static void sb_vprintf(struct nfg_sb *sb, const char *fmt, va_list ap)
{
	size_t room = sb->len < sb->size ? sb->size - sb->len : 0;
	int n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);

	if (n > 0)
		sb->len += (size_t)n;
}

void nfg_sb_printf(struct nfg_sb *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

static void sb_putc(struct nfg_sb *sb, char c)
{
	nfg_sb_printf(sb, "%c", c);
}

void nfg_sb_word(struct nfg_sb *sb, const char *word)
{
	nfg_sb_printf(sb, "%s%s", sb->len ? " " : "", word);
}

bool nfg_sb_ok(const struct nfg_sb *sb)
{
	return sb->len < sb->size;
}

bool nfg_bare_char(unsigned char c)
{
	return isalnum(c) || strchr("_.,:/@%+*=!-", c);
}

bool nfg_word_needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (!nfg_bare_char((unsigned char)*s))
			return true;
	return false;
}

static void sb_quote_char(struct nfg_sb *sb, unsigned char c)
{
	if (c == '"' || c == '\\')
		nfg_sb_printf(sb, "\\%c", c);
	else if (c == '\n')
		nfg_sb_printf(sb, "\\n");
	else if (c == '\t')
		nfg_sb_printf(sb, "\\t");
	else if (c < 0x20 || c == 0x7f)
		nfg_sb_printf(sb, "\\x%02x", c);
	else
		sb_putc(sb, (char)c);
}

void nfg_sb_quoted(struct nfg_sb *sb, const char *s)
{
	if (!nfg_word_needs_quotes(s)) {
		nfg_sb_word(sb, s);
		return;
	}
	nfg_sb_printf(sb, "%s\"", sb->len ? " " : "");
	for (; *s; s++)
		sb_quote_char(sb, (unsigned char)*s);
	sb_putc(sb, '"');
}

/* ---- tokenizer -------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The escape after a backslash at *p; advances *p. -1 if invalid. */
static int read_escape(const char **p)
{
	char c = *(*p)++;
	int hi, lo;

	switch (c) {
	case '"': case '\\':
		return c;
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'x':
		hi = hexval((*p)[0]);
		lo = hi < 0 ? -1 : hexval((*p)[1]);
		if (lo < 0 || (hi == 0 && lo == 0))
			return -1;
		*p += 2;
		return hi * 16 + lo;
	default:
		return -1;
	}
}

int nfg_unquote(const char **pp, char **out, char *err, size_t errlen)
{
	const char *p = *pp + 1;
	int c;

	while (*p != '"') {
		if (!*p || *p == '\n') {
			snprintf(err, errlen, "unterminated quoted string");
			return -1;
		}
		if (*p != '\\') {
			*(*out)++ = *p++;
			continue;
		}
		p++;
		c = read_escape(&p);
		if (c < 0) {
			snprintf(err, errlen, "invalid escape sequence in a quoted string (use \\\" \\\\ \\n \\t or \\xHH)");
			return -1;
		}
		*(*out)++ = (char)c;
	}
	*pp = p + 1;
	return 0;
}

static int read_quoted(const char **pp, char **out, char *err, size_t errlen)
{
	if (nfg_unquote(pp, out, err, errlen) < 0)
		return -1;
	if (**pp && !isspace((unsigned char)**pp)) {
		snprintf(err, errlen, "text right after a closing quote: separate words with spaces");
		return -1;
	}
	return 0;
}

static int read_word(const char **pp, char **out, char *err, size_t errlen)
{
	const char *p = *pp;

	if (*p == '"')
		return read_quoted(pp, out, err, errlen);
	for (; *p && !isspace((unsigned char)*p); p++) {
		if (*p == '"' || *p == '\\') {
			snprintf(err, errlen, "'%c' inside a word: quote the whole word", *p);
			return -1;
		}
		*(*out)++ = *p;
	}
	*pp = p;
	return 0;
}

int nfg_tokenize(const char *line, struct nfg_tokens *t, char *err,
		 size_t errlen)
{
	size_t len = strlen(line);
	const char *p = line;
	char *out;

	memset(t, 0, sizeof(*t));
	t->mem = malloc(len + 1);
	t->argv = calloc(len / 2 + 2, sizeof(*t->argv));
	if (!t->mem || !t->argv) {
		snprintf(err, errlen, "out of memory");
		nfg_tokens_free(t);
		return -1;
	}
	out = t->mem;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			return 0;
		t->argv[t->argc++] = out;
		if (read_word(&p, &out, err, errlen) < 0) {
			nfg_tokens_free(t);
			return -1;
		}
		*out++ = '\0';
	}
}

void nfg_tokens_free(struct nfg_tokens *t)
{
	free(t->mem);
	free(t->argv);
	memset(t, 0, sizeof(*t));
}
