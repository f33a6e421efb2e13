/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text helpers shared by the rule printer and parser: a bounded string
 * builder, quoting of words, and a tokenizer that undoes the quoting.
 *
 * A word is printed bare when it consists only of letters, digits and
 * "_.,:/@%+*=!-" (and is not empty), and otherwise in double quotes, with
 * \" \\ \n \t and \xHH escapes for the quote, the backslash and control
 * characters. nfg_tokenize() reads that back, so tokenize(quote(s)) == s.
 */
#ifndef NFGATECTL_TEXT_H
#define NFGATECTL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* A string builder over a caller's buffer; always NUL-terminated. */
struct nfg_sb {
	char *buf;
	size_t size;
	size_t len;		/* what was written, or would have been */
};

void nfg_sb_init(struct nfg_sb *sb, char *buf, size_t size);
void nfg_sb_printf(struct nfg_sb *sb, const char *fmt, ...) NFG_PRINTF(2, 3);
/* A space if the builder is not empty, then the bare word. */
void nfg_sb_word(struct nfg_sb *sb, const char *word);
/* A space if the builder is not empty, then s quoted as needed. */
void nfg_sb_quoted(struct nfg_sb *sb, const char *s);
/* The whole text fit in the buffer. */
bool nfg_sb_ok(const struct nfg_sb *sb);

bool nfg_word_needs_quotes(const char *s);
/* c may stand in a bare word */
bool nfg_bare_char(unsigned char c);
/* Read the quoted string at *pp (which is '"') into *out, advancing both
 * (no NUL is written), and *pp past the closing quote: 0, or -1 with a
 * message in err. A newline before the closing quote is an error. */
int nfg_unquote(const char **pp, char **out, char *err, size_t errlen);

/* Tokens of a line; argv[argc] is NULL. */
struct nfg_tokens {
	int argc;
	char **argv;
	char *mem;
};

/* Split line into words (see above): 0, or -1 with a message in err. */
int nfg_tokenize(const char *line, struct nfg_tokens *t, char *err,
		 size_t errlen);
void nfg_tokens_free(struct nfg_tokens *t);

#endif
