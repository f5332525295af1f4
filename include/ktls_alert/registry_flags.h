/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * Flags of the entries in registry.h.
 */
#ifndef _KTLS_ALERT_REGISTRY_FLAGS_H
#define _KTLS_ALERT_REGISTRY_FLAGS_H

/* The registry marks the value reserved: a compliant peer never sends it. */
#define KTLS_ALERT_REG_RESERVED	0x1
/* A closure alert: it ends the connection gracefully. */
#define KTLS_ALERT_REG_CLOSURE	0x2

#endif /* _KTLS_ALERT_REGISTRY_FLAGS_H */
