/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host unit tests of nfgatectl: each test returns 0 on success; CHECK()
 * reports the failing line. tests/unit.c runs them ("unit --list", then
 * "unit <name>"), tests/run.sh prints TAP.
 */
#ifndef NFGATECTL_UNIT_H
#define NFGATECTL_UNIT_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			return 1;					\
		}							\
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		if (strcmp((got), (want))) {				\
			fprintf(stderr, "%s:%d: got '%s', want '%s'\n",	\
				__FILE__, __LINE__, (got), (want));	\
			return 1;					\
		}							\
	} while (0)

#define FAMILY_ID 0x42

struct unit_test {
	const char *name;
	int (*fn)(void);
};

/* tests/unit_rule.c */
extern const struct unit_test unit_rule_tests[];
extern const size_t unit_rule_ntests;
/* tests/unit_set.c */
extern const struct unit_test unit_set_tests[];
extern const size_t unit_set_ntests;
/* tests/unit_doctor.c */
extern const struct unit_test unit_doctor_tests[];
extern const size_t unit_doctor_ntests;

#endif
