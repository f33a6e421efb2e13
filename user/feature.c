// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include <linux/nfgate.h>

#include "feature.h"

static const struct {
	uint64_t mask;
	const char *name;
} features[] = {
	{ NFGATE_FEATURE_EVENTS, "events" },
	{ NFGATE_FEATURE_RULES, "rules" },
	{ NFGATE_FEATURE_SETS, "sets" },
	{ NFGATE_FEATURE_COMMIT_SETS, "commit-sets" },
	{ NFGATE_FEATURE_METERS, "meters" },
	{ NFGATE_FEATURE_SNAPSHOT_DUMPS, "snapshot-dumps" },
};

void nfg_feature_label(unsigned int bit, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		if (bit < 64 && features[i].mask == 1ULL << bit) {
			snprintf(buf, len, "%s", features[i].name);
			return;
		}
	}
	snprintf(buf, len, "bit%u", bit);
}

void nfg_features_format(uint64_t mask, char *buf, size_t len)
{
	char label[32];
	size_t used = 0;
	unsigned int bit;

	snprintf(buf, len, "none");
	for (bit = 0; bit < 64 && used < len; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		nfg_feature_label(bit, label, sizeof(label));
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? ", " : "", label);
	}
}
