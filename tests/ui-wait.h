/* SPDX-License-Identifier: GPL-3.0-or-later
 * ui-wait.h — what the display tests share: turning the main loop until a
 * condition holds (or failing after a while), or for a moment. */
#pragma once

#include <glib.h>

/* Spins the main loop until @cond holds or @seconds pass. */
#define WAIT_FOR_SECONDS(cond, seconds)                                        \
  G_STMT_START {                                                               \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;   \
    while (!(cond) && g_get_monotonic_time () < _deadline)                     \
      if (!g_main_context_iteration (NULL, FALSE))                             \
        g_usleep (1000);                                                       \
    if (!(cond))                                                               \
      g_error ("Timed out waiting for: %s", #cond);                            \
  } G_STMT_END
#define WAIT_FOR(cond) WAIT_FOR_SECONDS (cond, 20)

/* Spins the main loop for @ms milliseconds. */
static inline void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}
