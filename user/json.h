/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer: compact output, commas handled for the
 * caller. Strings are escaped per RFC 8259; valid UTF-8 passes through,
 * bytes that are not valid UTF-8 become U+FFFD so the output always is.
 */
#ifndef NFGATECTL_JSON_H
#define NFGATECTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json_writer {
	FILE *out;
	unsigned int depth;
	bool need_comma[JSON_MAX_DEPTH + 1];
	bool after_key;
};

void json_init(struct json_writer *w, FILE *out);
void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
/* s[0..len) */
void json_string_len(struct json_writer *w, const char *s, size_t len);
void json_u64(struct json_writer *w, uint64_t v);
void json_s64(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);

/* key followed by a value, inside an object */
void json_member_string(struct json_writer *w, const char *key, const char *s);
void json_member_u64(struct json_writer *w, const char *key, uint64_t v);
void json_member_s64(struct json_writer *w, const char *key, int64_t v);
void json_member_bool(struct json_writer *w, const char *key, bool v);

/* Writes the trailing newline; 0, or -1 if the stream had an error. */
int json_finish(struct json_writer *w);

/* Writes s[0..len) as a quoted, escaped JSON string. */
void json_write_string(FILE *out, const char *s, size_t len);

#endif
