// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;	/* overlong */
	else if (s[0] == 0xed)
		hi = 0x9f;	/* UTF-16 surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;	/* overlong */
	else if (s[0] == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static void write_escape(FILE *out, unsigned char c)
{
	char e;

	switch (c) {
	case '"':  e = '"'; break;
	case '\\': e = '\\'; break;
	case '\b': e = 'b'; break;
	case '\f': e = 'f'; break;
	case '\n': e = 'n'; break;
	case '\r': e = 'r'; break;
	case '\t': e = 't'; break;
	default:
		fprintf(out, "\\u%04x", c);
		return;
	}
	fputc('\\', out);
	fputc(e, out);
}

void json_write_string(FILE *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', out);
	while (i < len) {
		if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\') {
			write_escape(out, s[i++]);
		} else if (s[i] < 0x80) {
			fputc(s[i++], out);
		} else if ((n = utf8_seq_len(s + i, len - i))) {
			fwrite(s + i, 1, n, out);
			i += n;
		} else {
			fputs("\\ufffd", out);
			i++;
		}
	}
	fputc('"', out);
}

void json_init(struct json_writer *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

/* Separator before a value (or a key) at the current depth. */
static void begin_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		fputc(',', w->out);
	w->need_comma[w->depth] = true;
}

static void open_container(struct json_writer *w, char c)
{
	begin_value(w);
	if (w->depth == JSON_MAX_DEPTH)
		abort();	/* programming error: nesting too deep */
	fputc(c, w->out);
	w->need_comma[++w->depth] = false;
}

static void close_container(struct json_writer *w, char c)
{
	if (w->depth == 0)
		abort();	/* programming error: unbalanced */
	w->depth--;
	fputc(c, w->out);
}

void json_object_begin(struct json_writer *w)
{
	open_container(w, '{');
}

void json_object_end(struct json_writer *w)
{
	close_container(w, '}');
}

void json_array_begin(struct json_writer *w)
{
	open_container(w, '[');
}

void json_array_end(struct json_writer *w)
{
	close_container(w, ']');
}

void json_key(struct json_writer *w, const char *key)
{
	begin_value(w);
	json_write_string(w->out, key, strlen(key));
	fputc(':', w->out);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	json_string_len(w, s, strlen(s));
}

void json_string_len(struct json_writer *w, const char *s, size_t len)
{
	begin_value(w);
	json_write_string(w->out, s, len);
}

void json_u64(struct json_writer *w, uint64_t v)
{
	begin_value(w);
	fprintf(w->out, "%llu", (unsigned long long)v);
}

void json_s64(struct json_writer *w, int64_t v)
{
	begin_value(w);
	fprintf(w->out, "%lld", (long long)v);
}

void json_bool(struct json_writer *w, bool v)
{
	begin_value(w);
	fputs(v ? "true" : "false", w->out);
}

void json_member_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_member_u64(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_u64(w, v);
}

void json_member_s64(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_s64(w, v);
}

void json_member_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

int json_finish(struct json_writer *w)
{
	fputc('\n', w->out);
	return ferror(w->out) ? -1 : 0;
}
