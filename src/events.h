/*
 * The event ring: the only way a worker thread talks back to the main
 * thread.  See events.c for how it works.
 */
#ifndef HAUL_EVENTS_H
#define HAUL_EVENTS_H

#include <stddef.h>
#include <stdint.h>

enum event_kind {
	EVENT_STARTED,		/* a worker claimed the file; DONE is
				 * what its part held already */
	EVENT_NAMED,		/* TEXT is the file name on disk */
	EVENT_PROGRESS,		/* DONE of TOTAL bytes (TOTAL -1: unknown) */
	EVENT_RETRYING,		/* TEXT is why; VALUE is the next attempt's
				 * number, AT_MS when it starts */
	EVENT_DONE,		/* finished; TEXT the final file name, if
				 * set; VALUE 1 means skipped */
	EVENT_FAILED		/* TEXT is the reason in words */
};

struct event {
	enum event_kind	 kind;
	unsigned	 task;
	unsigned	 serial;	/* the job's, see task_start() */
	int64_t		 done;
	int64_t		 total;
	long		 value;
	uint64_t	 at_ms;		/* monotonic time, see the kinds */
	long		 status;	/* last HTTP status, 0 none */
	char		*text;	/* malloc'd or NULL; the event owns it */
};

struct events;

/* Returns a ring with room for CAPACITY events, or NULL. */
struct events	*events_new(size_t capacity);

/* Frees the ring and the text of any event still in it. */
void		 events_free(struct events *ev);

/*
 * Returns a file descriptor that becomes readable while events are
 * waiting; poll it, then call events_drain().
 */
int		 events_fd(const struct events *ev);

/*
 * Queues a copy of E; the ring takes ownership of E->text.  A progress
 * event replaces the task's pending progress event if there is one, and
 * is dropped if the ring is full; any other event waits for room.
 */
void		 events_push(struct events *ev, const struct event *e);

/*
 * Stops pushes from ever waiting: from now on an event that finds the ring
 * full is dropped.  Called before the workers are joined at exit, when
 * nobody drains the ring any more.
 */
void		 events_close(struct events *ev);

/*
 * Moves up to MAX waiting events, oldest first, into OUT and returns how
 * many.  The caller owns their texts.
 */
size_t		 events_drain(struct events *ev, struct event *out, size_t max);

#endif
