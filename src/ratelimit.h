/*
 * The overall speed limit, shared by every worker.  A worker calls
 * ratelimit_take() after writing each piece of a body; it sleeps as long
 * as it takes for the bytes to fit under the limit.  The limit can change
 * at any time from the main thread.
 */
#ifndef HAUL_RATELIMIT_H
#define HAUL_RATELIMIT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct ratelimit;

/* Returns a limiter with no limit set, or NULL. */
struct ratelimit	*ratelimit_new(void);

void			 ratelimit_free(struct ratelimit *rl);

/* Sets the limit in bytes per second; 0 removes it. */
void			 ratelimit_set(struct ratelimit *rl, int64_t rate);

/* Returns the limit in bytes per second, 0 for none. */
int64_t			 ratelimit_get(struct ratelimit *rl);

/*
 * Accounts for N bytes just received and sleeps until they fit under the
 * limit, or until *STOP becomes non-zero.  Returns at once without a
 * limit.
 */
void			 ratelimit_take(struct ratelimit *rl, size_t n,
			    const atomic_int *stop);

#endif
