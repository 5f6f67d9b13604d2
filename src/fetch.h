/*
 * One transfer on one reused CURL easy handle: claim the file name, fetch
 * the body into NAME.part (resuming when it can), and move it into place.
 * Everything the main thread needs to know goes out as events.
 */
#ifndef HAUL_FETCH_H
#define HAUL_FETCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "checksum.h"
#include "events.h"
#include "naming.h"
#include "ratelimit.h"

/* Settings that are the same for every job. */
struct fetch_opts {
	enum naming_policy	 on_exists;
	int			 resume;	/* continue NAME.part files */
	int			 retries;	/* attempts after the first */
	long			 timeout;	/* seconds without a byte */
	long			 connect_timeout;
	long			 max_wait;	/* longest Retry-After obeyed */
	long			 retry_wait_ms;	/* first backoff, doubling */
	const char		*user_agent;
	struct ratelimit	*limit;		/* overall speed limit */
	int			 insecure;	/* skip certificate checks */
	const char		*ca_file;	/* extra CA bundle, or NULL */
};

/*
 * A unit of work handed to a worker.  Today a job is a whole file; the
 * offset and length fields are there for the day a large file is split
 * into ranges fetched by several workers.
 */
struct job {
	unsigned	 task;
	unsigned	 serial;	/* copied into every event */
	char		*url;
	char		*dir;		/* directory the file goes into */
	char		*name;		/* requested name, or NULL */
	int64_t		 offset;	/* first byte of the range */
	int64_t		 length;	/* bytes in the range, -1: to the end */
	struct checksum_spec *checksum;	/* expected digest, or NULL */
};

/*
 * Creates directory DIR and any missing parents.  Returns 0, or -1 with a
 * sentence saying why in ERR.
 */
int	fetch_mkdirs(const char *dir, char *err, size_t errlen);

/* Frees JOB and its strings. */
void	fetch_job_free(struct job *job);

/*
 * What one worker keeps from job to job: its CURL easy handle (so
 * connections stay alive between files) and its write buffer.
 */
struct fetch_worker;

/* Returns a worker's kit, or NULL when libcurl or memory fails. */
struct fetch_worker *fetch_worker_new(void);

void	fetch_worker_free(struct fetch_worker *fw);

/*
 * Runs JOB with FW until it is done, has failed, or *STOP becomes
 * non-zero, reporting through EV.  Always ends with one EVENT_DONE or
 * EVENT_FAILED.
 */
void	fetch_run(struct fetch_worker *fw, const struct job *job,
	    const struct fetch_opts *opts, struct events *ev,
	    const atomic_int *stop);

#endif
