/*
 * The overall speed limit.
 *
 * All workers share one schedule: a time, "next", before which the bytes
 * already taken may not all have arrived.  Taking N bytes moves next on
 * by N / rate seconds; the caller then sleeps until next.  Because every
 * worker books its bytes on the same schedule, the sum of their rates
 * stays at the limit however many there are, and a worker that takes big
 * pieces simply sleeps longer.  next is never allowed to fall more than a
 * short burst behind the clock, so an idle spell does not build up credit
 * that a later spurt could spend all at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "ratelimit.h"

/* Credit an idle limiter may keep, in nanoseconds. */
#define RATELIMIT_BURST_NS 50000000LL

/* Longest single sleep, so a stop request is seen soon. */
#define RATELIMIT_SLICE_NS 20000000LL

struct ratelimit {
	pthread_mutex_t	 lock;
	_Atomic int64_t	 rate;
	int64_t		 next_ns;
};

/* Returns the monotonic clock in nanoseconds. */
static int64_t
ratelimit_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Makes a limiter without a limit. */
struct ratelimit *
ratelimit_new(void)
{
	struct ratelimit *rl;

	if ((rl = calloc(1, sizeof *rl)) == NULL)
		return NULL;
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

/* Frees the limiter. */
void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

/* Sets the limit; 0 is none. */
void
ratelimit_set(struct ratelimit *rl, int64_t rate)
{
	pthread_mutex_lock(&rl->lock);
	atomic_store(&rl->rate, rate > 0 ? rate : 0);
	rl->next_ns = ratelimit_now_ns();	/* forget the old schedule */
	pthread_mutex_unlock(&rl->lock);
}

/* Returns the limit. */
int64_t
ratelimit_get(struct ratelimit *rl)
{
	if (rl == NULL)
		return 0;
	return atomic_load(&rl->rate);
}

/* Books N bytes on the schedule and returns when they may go on. */
static int64_t
ratelimit_book(struct ratelimit *rl, size_t n, int64_t rate)
{
	int64_t now = ratelimit_now_ns(), due;

	pthread_mutex_lock(&rl->lock);
	if (rl->next_ns < now - RATELIMIT_BURST_NS)
		rl->next_ns = now - RATELIMIT_BURST_NS;
	rl->next_ns += (int64_t)((double)n * 1e9 / (double)rate);
	due = rl->next_ns;
	pthread_mutex_unlock(&rl->lock);
	return due;
}

/* Sleeps until the bytes fit under the limit or a stop is asked for. */
void
ratelimit_take(struct ratelimit *rl, size_t n, const atomic_int *stop)
{
	int64_t rate, due, left;
	struct timespec ts;

	if (rl == NULL || (rate = atomic_load(&rl->rate)) == 0)
		return;
	due = ratelimit_book(rl, n, rate);
	while ((left = due - ratelimit_now_ns()) > 0) {
		if (atomic_load(stop) || atomic_load(&rl->rate) != rate)
			return;
		if (left > RATELIMIT_SLICE_NS)
			left = RATELIMIT_SLICE_NS;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left;
		nanosleep(&ts, NULL);
	}
}
