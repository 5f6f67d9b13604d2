/*
 * The worker pool: N threads, each with its own CURL easy handle kept for
 * its whole life, taking jobs from a queue the main thread fills.
 */
#ifndef HAUL_POOL_H
#define HAUL_POOL_H

#include "events.h"
#include "fetch.h"

struct pool;

/*
 * Starts NTHREADS workers that report to EV and fetch with OPTS (both
 * must outlive the pool).  Returns NULL with errno set on failure.
 */
struct pool	*pool_start(unsigned nthreads, struct events *ev,
		    const struct fetch_opts *opts);

/*
 * Makes sure at least N workers run (the pool never shrinks: the main
 * thread simply hands out fewer jobs).  Returns how many run.
 */
unsigned	 pool_grow_to(struct pool *pool, unsigned n);

/* Queues JOB for the next free worker; the pool owns it from now on. */
void		 pool_submit(struct pool *pool, struct job *job);

/* Asks the worker running TASK's job, if any, to stop it. */
void		 pool_cancel(struct pool *pool, unsigned task);

/*
 * Stops every running transfer, drops queued jobs, joins the workers and
 * frees the pool.
 */
void		 pool_stop(struct pool *pool);

#endif
