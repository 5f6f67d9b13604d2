/*
 * The worker pool.  The main thread decides what runs and when; it hands
 * a job over only when a worker is free, so the job queue stays short and
 * the task list keeps the real order.  Each worker blocks every signal
 * (only the main thread takes them), makes one CURL easy handle and keeps
 * it, so connections stay alive from one small file to the next, and
 * resets it with curl_easy_reset() between jobs.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

struct worker {
	pthread_t	 thread;
	struct pool	*pool;
	unsigned	 task;		/* task of the running job */
	int		 busy;
	atomic_int	 stop;		/* set to end the running job */
};

struct pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;		/* a job or shutdown arrived */
	struct job		**queue;	/* ring of waiting jobs */
	size_t			 qcap;
	size_t			 qhead;
	size_t			 qlen;
	int			 shutdown;
	struct events		*ev;
	const struct fetch_opts	*opts;
	struct worker		**workers;
	unsigned		 nworkers;
};

/* Takes the next job, waiting for one; NULL means shut down. */
static struct job *
pool_take(struct pool *pool, struct worker *w)
{
	struct job *job = NULL;

	pthread_mutex_lock(&pool->lock);
	while (!pool->shutdown && pool->qlen == 0)
		pthread_cond_wait(&pool->work, &pool->lock);
	if (!pool->shutdown) {
		job = pool->queue[pool->qhead];
		pool->qhead = (pool->qhead + 1) % pool->qcap;
		pool->qlen--;
		w->task = job->task;
		w->busy = 1;
		atomic_store(&w->stop, 0);
	}
	pthread_mutex_unlock(&pool->lock);
	return job;
}

/* Marks W idle again. */
static void
pool_done(struct pool *pool, struct worker *w)
{
	pthread_mutex_lock(&pool->lock);
	w->busy = 0;
	pthread_mutex_unlock(&pool->lock);
}

/* Reports that a worker could not even make its handle. */
static void
pool_fail_job(struct pool *pool, const struct job *job)
{
	struct event e = {
		.kind = EVENT_FAILED,
		.task = job->task,
		.serial = job->serial
	};

	e.text = strdup("could not set up a transfer handle");
	events_push(pool->ev, &e);
}

/* A worker thread: one handle, many jobs. */
static void *
pool_worker(void *arg)
{
	struct worker *w = arg;
	struct pool *pool = w->pool;
	struct job *job;
	struct fetch_worker *fw;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	fw = fetch_worker_new();
	while ((job = pool_take(pool, w)) != NULL) {
		if (fw == NULL)
			pool_fail_job(pool, job);
		else
			fetch_run(fw, job, pool->opts, pool->ev, &w->stop);
		fetch_job_free(job);
		pool_done(pool, w);
	}
	fetch_worker_free(fw);
	return NULL;
}

/* Starts one more worker; returns 0 or -1. */
static int
pool_add_worker(struct pool *pool)
{
	struct worker **grown, *w;

	grown = realloc(pool->workers,
	    (pool->nworkers + 1) * sizeof *pool->workers);
	if (grown == NULL)
		return -1;
	pool->workers = grown;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return -1;
	w->pool = pool;
	if (pthread_create(&w->thread, NULL, pool_worker, w) != 0) {
		free(w);
		return -1;
	}
	pool->workers[pool->nworkers++] = w;
	return 0;
}

/* Starts the workers. */
struct pool *
pool_start(unsigned nthreads, struct events *ev, const struct fetch_opts *opts)
{
	struct pool *pool;

	if ((pool = calloc(1, sizeof *pool)) == NULL)
		return NULL;
	pool->ev = ev;
	pool->opts = opts;
	pool->qcap = 16;
	if ((pool->queue = calloc(pool->qcap, sizeof *pool->queue)) == NULL) {
		free(pool);
		return NULL;
	}
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->work, NULL);
	if (pool_grow_to(pool, nthreads) == 0) {
		pool_stop(pool);
		errno = EAGAIN;
		return NULL;
	}
	return pool;
}

/* Makes sure at least N workers run; returns how many do. */
unsigned
pool_grow_to(struct pool *pool, unsigned n)
{
	pthread_mutex_lock(&pool->lock);
	while (pool->nworkers < n && pool_add_worker(pool) == 0)
		continue;
	n = pool->nworkers;
	pthread_mutex_unlock(&pool->lock);
	return n;
}

/* Doubles the job ring when it is full. */
static int
pool_grow(struct pool *pool)
{
	struct job **q;
	size_t i, cap = pool->qcap * 2;

	if ((q = calloc(cap, sizeof *q)) == NULL)
		return -1;
	for (i = 0; i < pool->qlen; i++)
		q[i] = pool->queue[(pool->qhead + i) % pool->qcap];
	free(pool->queue);
	pool->queue = q;
	pool->qcap = cap;
	pool->qhead = 0;
	return 0;
}

/* Queues JOB. */
void
pool_submit(struct pool *pool, struct job *job)
{
	pthread_mutex_lock(&pool->lock);
	if (pool->qlen == pool->qcap && pool_grow(pool) != 0) {
		pthread_mutex_unlock(&pool->lock);
		pool_fail_job(pool, job);
		fetch_job_free(job);
		return;
	}
	pool->queue[(pool->qhead + pool->qlen) % pool->qcap] = job;
	pool->qlen++;
	pthread_cond_signal(&pool->work);
	pthread_mutex_unlock(&pool->lock);
}

/* Flags the worker running TASK to stop. */
void
pool_cancel(struct pool *pool, unsigned task)
{
	unsigned i;

	pthread_mutex_lock(&pool->lock);
	for (i = 0; i < pool->nworkers; i++) {
		struct worker *w = pool->workers[i];

		if (w->busy && w->task == task)
			atomic_store(&w->stop, 1);
	}
	pthread_mutex_unlock(&pool->lock);
}

/* Stops everything and frees the pool. */
void
pool_stop(struct pool *pool)
{
	unsigned i;

	pthread_mutex_lock(&pool->lock);
	pool->shutdown = 1;
	for (i = 0; i < pool->nworkers; i++)
		atomic_store(&pool->workers[i]->stop, 1);
	for (i = 0; i < pool->qlen; i++)
		fetch_job_free(pool->queue[(pool->qhead + i) % pool->qcap]);
	pool->qlen = 0;
	pthread_cond_broadcast(&pool->work);
	pthread_mutex_unlock(&pool->lock);

	for (i = 0; i < pool->nworkers; i++) {
		pthread_join(pool->workers[i]->thread, NULL);
		free(pool->workers[i]);
	}
	pthread_cond_destroy(&pool->work);
	pthread_mutex_destroy(&pool->lock);
	free(pool->queue);
	free(pool->workers);
	free(pool);
}
