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
	TASK_PAUSED,
	TASK_DONE,
	TASK_FAILED,
	TASK_NSTATES
};

/* How many progress samples a task keeps to compute its speed. */
#define TASK_SAMPLES 16

/* How many past errors a task remembers for its details view. */
#define TASK_ERRORS 16

/*
 * Recent (time, bytes) samples of a running task, oldest at HEAD; only
 * tasks that run have them, so a long queue costs little memory.
 */
struct task_samples {
	uint64_t	 ms[TASK_SAMPLES];
	int64_t		 bytes[TASK_SAMPLES];
	unsigned	 head;
	unsigned	 n;
};

struct task {
	unsigned	 id;		/* never reused while haul runs */
	unsigned	 pos;		/* place in the list: v[pos] is this */
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
	long		 http_status;	/* of the last response, 0 none */
	char		**errors;	/* TASK_ERRORS slots once an error
					 * came: every error so far, oldest
					 * first, only the last TASK_ERRORS */
	unsigned	 nerrors;	/* errors seen in all */

	/* Links in the list of running (active or retrying) tasks. */
	struct task	*run_prev;
	struct task	*run_next;

	/* The job a worker runs for this task, if any. */
	unsigned	 serial;	/* events of other jobs are stale */
	int		 job_live;	/* the job has not ended yet */
	int		 resume_asked;	/* queue again once the job ends */
	uint64_t	 started_ms;
	uint64_t	 finished_ms;

	struct task_samples *samples;	/* while running, else NULL */
};

struct task_list {
	struct task	**v;		/* in the order shown and started */
	size_t		  n;
	size_t		  cap;
	struct task	**by_id;	/* NULL where a task was removed */
	size_t		  nids;
	size_t		  idcap;
	unsigned	  serials;	/* last job serial handed out */
	size_t		  next_queued;	/* no queued task below this place */
	struct task	 *running;	/* active and retrying tasks, so
					 * ticks never walk the whole list */
	unsigned	  count[TASK_NSTATES];
	int64_t		  received;	/* body bytes that arrived this run */
	double		  speed;	/* sum of active tasks' speeds */
	unsigned	  changes;	/* bumped by every change */
	unsigned	  states;	/* bumped when what a session file
					 * holds changes */
};

void		 task_list_init(struct task_list *tl);
void		 task_list_free(struct task_list *tl);

/*
 * Adds a queued task for URL, to be saved in DIR, named OUT if not NULL.
 * The strings are copied.  Returns the task, or NULL when out of memory.
 */
struct task	*task_add(struct task_list *tl, const char *url,
		    const char *out, const char *dir);

/* Returns the task with ID, or NULL (never was, or removed). */
struct task	*task_get(const struct task_list *tl, unsigned id);

/*
 * Removes T from the list and frees it.  Events of its job, if one is
 * still running, will name no task and be dropped.
 */
void		 task_remove(struct task_list *tl, struct task *t);

/*
 * Moves T one place up (DELTA -1) or down (+1) in the list, which is also
 * the order queued tasks start in.  Returns 0, or -1 at either end.
 */
int		 task_move(struct task_list *tl, struct task *t, int delta);

/*
 * Pauses T if it is queued, active or retrying (returns 1; the caller
 * stops its job), or resumes it if paused (returns 0; it is queued again
 * once its old job has ended).  Returns -1 for other states.
 */
int		 task_toggle_pause(struct task_list *tl, struct task *t);

/* Marks T done without a transfer (a session said it was). */
void		 task_restore_done(struct task_list *tl, struct task *t);

/* Queues a failed task again.  Returns 0, or -1 if T had not failed. */
int		 task_retry(struct task_list *tl, struct task *t);

/* Returns the first queued task (the next to start), or NULL. */
struct task	*task_next_queued(struct task_list *tl);

/*
 * Marks T active: it is being handed to a worker.  Returns the serial the
 * job must carry in its events.
 */
unsigned	 task_start(struct task_list *tl, struct task *t,
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

/* Returns the number of tasks queued or running (not paused). */
unsigned	 task_list_pending(const struct task_list *tl);

/* Milliseconds on a monotonic clock. */
uint64_t	 task_now_ms(void);

#endif
