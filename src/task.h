/*
 * The task list: every download haul knows about, its state, counters,
 * speed and ETA.  Only the main thread touches it; workers report through
 * the event ring and task_apply() folds their events in.
 */
#ifndef HAUL_TASK_H
#define HAUL_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "checksum.h"
#include "events.h"

enum task_state {
	TASK_QUEUED,
	TASK_ACTIVE,
	TASK_RETRYING,
	TASK_DONE,
	TASK_FAILED,
	TASK_NSTATES
};

/* How many progress samples a task keeps to compute its speed. */
#define TASK_SAMPLES 16

struct task {
	unsigned	 id;		/* index in the list */
	enum task_state	 state;
	char		*url;
	char		*out;		/* requested name or NULL */
	char		*dir;		/* directory the file goes into */
	char		*name;		/* name on disk once known, else NULL */
	char		*error;		/* last error in words, else NULL */
	struct checksum_spec *checksum;	/* expected digest, or NULL */
	uint64_t	 retry_at_ms;	/* when a retrying task tries again */
	int64_t		 total;		/* size in bytes, -1 unknown */
	int64_t		 done;		/* bytes on disk */
	double		 speed;		/* bytes per second */
	int		 attempts;
	int		 skipped;	/* done because the file existed */
	uint64_t	 started_ms;
	uint64_t	 finished_ms;

	/* Recent (time, bytes) samples, oldest at sample_head. */
	uint64_t	 sample_ms[TASK_SAMPLES];
	int64_t		 sample_bytes[TASK_SAMPLES];
	unsigned	 sample_head;
	unsigned	 nsamples;
};

struct task_list {
	struct task	**v;
	size_t		  n;
	size_t		  cap;
	size_t		  next_queued;	/* no queued task below this index */
	unsigned	  count[TASK_NSTATES];
	int64_t		  bytes;	/* bytes written by finished tasks */
	double		  speed;	/* sum of active tasks' speeds */
	unsigned	  changes;	/* bumped by every change */
};

void		 task_list_init(struct task_list *tl);
void		 task_list_free(struct task_list *tl);

/*
 * Adds a queued task for URL, to be saved in DIR, named OUT if not NULL.
 * The strings are copied.  Returns the task, or NULL when out of memory.
 */
struct task	*task_add(struct task_list *tl, const char *url,
		    const char *out, const char *dir);

/* Returns the task with ID, or NULL. */
struct task	*task_get(const struct task_list *tl, unsigned id);

/* Returns the first queued task (the next to start), or NULL. */
struct task	*task_next_queued(struct task_list *tl);

/* Marks T active: it was handed to a worker. */
void		 task_start(struct task_list *tl, struct task *t,
		    uint64_t now_ms);

/*
 * Folds event E into the task it names.  Returns the task, or NULL when E
 * names no task.  Takes ownership of E->text.
 */
struct task	*task_apply(struct task_list *tl, struct event *e,
		    uint64_t now_ms);

/* Lets speeds of tasks that stopped reporting fall to zero. */
void		 task_tick(struct task_list *tl, uint64_t now_ms);

/* Returns T's remaining time in seconds, or -1 when unknown. */
int64_t		 task_eta(const struct task *t);

/* Returns the overall remaining time in seconds, or -1 when unknown. */
int64_t		 task_list_eta(const struct task_list *tl);

/* Returns a short word for STATE ("queued", "active", ...). */
const char	*task_state_name(enum task_state state);

/* Returns the number of tasks not yet done or failed. */
unsigned	 task_list_pending(const struct task_list *tl);

/* Milliseconds on a monotonic clock. */
uint64_t	 task_now_ms(void);

#endif
