/*
 * The event ring.
 *
 * Workers never touch the task list; everything they have to say goes
 * through here.  The ring is a fixed array used as a circular queue and
 * guarded by one mutex.  Two kinds of event share it and are treated
 * differently when it fills up:
 *
 * - State events (started, named, retrying, done, failed) must all arrive,
 *   in order.  When the ring is full the worker waits on a condition
 *   variable until the main thread drains it.  That back-pressure is
 *   harmless: the main thread drains the whole ring every time it wakes.
 *
 * - Progress events only say "task T has D of N bytes".  A newer one makes
 *   an older one worthless, so a progress event replaces the task's
 *   pending progress event if one is still queued after the task's last
 *   state event, and is simply dropped when the ring is full; the next one
 *   (or the final done event, which carries the byte count too) makes up
 *   for it.  A flood of progress therefore never blocks a worker.
 *
 * The main thread learns that events are waiting through a pipe.  Only
 * events that end or delay a task (done, failed, retrying) wake it at
 * once, as does a ring getting half full; progress, names and starts wait
 * for the main loop's next tick, a tenth of a second at most, so a busy
 * transfer does not wake the screen for every piece it writes.  A wake
 * writes one byte unless one is already waiting, and draining the ring
 * reads the pipe empty, so the pipe never holds more than a byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"

struct events {
	pthread_mutex_t	 lock;
	pthread_cond_t	 room;		/* signalled when events are drained */
	struct event	*ring;
	size_t		 cap;
	size_t		 head;		/* oldest event */
	size_t		 len;
	int		 pipe[2];	/* [0] is polled, [1] is written */
	int		 closed;	/* pushes drop instead of waiting */
	int		 woken;		/* a byte waits in the pipe */
};

/* Sets O_NONBLOCK and FD_CLOEXEC on FD. */
static int
events_nonblock(int fd)
{
	int flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Creates a ring for CAPACITY events. */
struct events *
events_new(size_t capacity)
{
	struct events *ev;

	if (capacity == 0 || (ev = calloc(1, sizeof *ev)) == NULL)
		return NULL;
	if ((ev->ring = calloc(capacity, sizeof *ev->ring)) == NULL)
		goto fail;
	if (pipe(ev->pipe) == -1)
		goto fail;
	if (events_nonblock(ev->pipe[0]) == -1 ||
	    events_nonblock(ev->pipe[1]) == -1) {
		close(ev->pipe[0]);
		close(ev->pipe[1]);
		goto fail;
	}
	ev->cap = capacity;
	pthread_mutex_init(&ev->lock, NULL);
	pthread_cond_init(&ev->room, NULL);
	return ev;

fail:
	free(ev->ring);
	free(ev);
	return NULL;
}

/* Frees the ring and any texts left in it. */
void
events_free(struct events *ev)
{
	size_t i;

	if (ev == NULL)
		return;
	for (i = 0; i < ev->len; i++)
		free(ev->ring[(ev->head + i) % ev->cap].text);
	close(ev->pipe[0]);
	close(ev->pipe[1]);
	pthread_cond_destroy(&ev->room);
	pthread_mutex_destroy(&ev->lock);
	free(ev->ring);
	free(ev);
}

/* Returns the descriptor that is readable while events wait. */
int
events_fd(const struct events *ev)
{
	return ev->pipe[0];
}

/* Returns the slot of the I-th queued event (0 is the oldest). */
static struct event *
events_at(struct events *ev, size_t i)
{
	return &ev->ring[(ev->head + i) % ev->cap];
}

/*
 * Looks for a progress event of E's task queued after the task's last
 * state event and overwrites it with E.  Returns 1 if it did.
 */
static int
events_coalesce(struct events *ev, const struct event *e)
{
	size_t i;

	for (i = ev->len; i-- > 0;) {
		struct event *q = events_at(ev, i);

		if (q->task != e->task)
			continue;
		if (q->kind != EVENT_PROGRESS)
			return 0;
		*q = *e;
		return 1;
	}
	return 0;
}

/* Returns 1 for the kinds of event the main loop must see at once. */
static int
events_urgent(enum event_kind kind)
{
	return kind == EVENT_DONE || kind == EVENT_FAILED ||
	    kind == EVENT_RETRYING;
}

/* Wakes the main loop; a full pipe already means it will wake. */
static void
events_wake(struct events *ev)
{
	char c = 1;
	ssize_t n;

	do
		n = write(ev->pipe[1], &c, 1);
	while (n == -1 && errno == EINTR);
}

/* Queues E; see events.h for what happens when the ring is full. */
void
events_push(struct events *ev, const struct event *e)
{
	pthread_mutex_lock(&ev->lock);
	if (e->kind == EVENT_PROGRESS) {
		if (events_coalesce(ev, e) || ev->len == ev->cap) {
			pthread_mutex_unlock(&ev->lock);
			return;
		}
	} else {
		while (ev->len == ev->cap && !ev->closed)
			pthread_cond_wait(&ev->room, &ev->lock);
		if (ev->len == ev->cap) {
			pthread_mutex_unlock(&ev->lock);
			free(e->text);
			return;
		}
	}
	*events_at(ev, ev->len) = *e;
	ev->len++;
	if (!ev->woken && (events_urgent(e->kind) || ev->len >= ev->cap / 2)) {
		events_wake(ev);
		ev->woken = 1;
	}
	pthread_mutex_unlock(&ev->lock);
}

/* Lets every waiting and future push go through or drop. */
void
events_close(struct events *ev)
{
	pthread_mutex_lock(&ev->lock);
	ev->closed = 1;
	pthread_cond_broadcast(&ev->room);
	pthread_mutex_unlock(&ev->lock);
}

/* Empties the wake pipe. */
static void
events_unwake(struct events *ev)
{
	char buf[64];

	while (read(ev->pipe[0], buf, sizeof buf) > 0)
		continue;
}

/* Moves up to MAX events into OUT, oldest first. */
size_t
events_drain(struct events *ev, struct event *out, size_t max)
{
	size_t n;

	pthread_mutex_lock(&ev->lock);
	for (n = 0; n < max && ev->len > 0; n++) {
		out[n] = ev->ring[ev->head];
		ev->head = (ev->head + 1) % ev->cap;
		ev->len--;
	}
	if (ev->len == 0 && ev->woken) {
		events_unwake(ev);
		ev->woken = 0;
	}
	if (n > 0)
		pthread_cond_broadcast(&ev->room);
	pthread_mutex_unlock(&ev->lock);
	return n;
}
