/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-target.h — the libFuzzer entry point every importer target defines,
 * also called by fuzz-driver.c where libFuzzer is not available. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
