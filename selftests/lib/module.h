/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading and unloading ktls_alert.ko from a test program. Which file:
 * $KTLS_ALERT_KO, else build/kmod-$KTLS_VM_SERIES/ktls_alert.ko next to the
 * program's build directory (what scripts/build-module writes).
 */
#ifndef KTLS_TEST_MODULE_H
#define KTLS_TEST_MODULE_H

#include <stdbool.h>
#include <stddef.h>

/* The module file to load; fills @why and returns -ENOENT when unknown. */
int kta_module_path(char *path, size_t len, char *why, size_t whylen);
/* finit_module() the module file. 0, or a negative errno with @why set. */
int kta_module_load(char *why, size_t whylen);
/* delete_module(), waiting up to 5 s for users to go. */
int kta_module_unload(char *why, size_t whylen);
bool kta_module_loaded(void);

/*
 * For test programs on the kselftest harness: load the module before the
 * first test and unload it at exit, whatever happens in between. Tests
 * assert kta_module_status == 0 and log kta_module_why, so every test fails
 * with the reason when the module could not be loaded.
 */
extern int kta_module_status;
extern char kta_module_why[512];
void kta_module_for_this_program(void);

#endif
