/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFGATECTL_FEATURES_H
#define NFGATECTL_FEATURES_H

#include <stddef.h>
#include <stdint.h>

/* Name of feature bit (0..63): "events", ..., or "bit<N>" if unknown. */
void nfg_feature_label(unsigned int bit, char *buf, size_t len);

/* "events, bit9" for a mask, "none" for 0. */
void nfg_features_format(uint64_t mask, char *buf, size_t len);

#endif
