/*
 * The task list.  Tasks live in one growing array indexed by id, so
 * task_get() is O(1) and the screen can page through them without a walk.
 * The list keeps per-state counts and the overall speed current as events
 * arrive, so drawing the header never scans the tasks.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "task.h"

/* Speed is measured over at most this window. */
#define TASK_WINDOW_MS 5000

/* A task that reported nothing for this long is shown at speed 0. */
#define TASK_IDLE_MS 3000

static const char *task_state_names[TASK_NSTATES] = {
	"queued", "active", "retry", "done", "failed"
};

/* Returns the word for STATE. */
const char *
task_state_name(enum task_state state)
{
	if (state >= TASK_NSTATES)
		return "?";
	return task_state_names[state];
}

/* Returns milliseconds on the monotonic clock. */
uint64_t
task_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Prepares an empty list. */
void
task_list_init(struct task_list *tl)
{
	memset(tl, 0, sizeof *tl);
}

/* Frees one task and its strings. */
static void
task_free(struct task *t)
{
	free(t->url);
	free(t->out);
	free(t->dir);
	free(t->name);
	free(t->error);
	free(t->checksum);
	free(t);
}

/* Frees every task in the list. */
void
task_list_free(struct task_list *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		task_free(tl->v[i]);
	free(tl->v);
	memset(tl, 0, sizeof *tl);
}

/* Returns a copy of S, or NULL for NULL; sets *FAILED when out of memory. */
static char *
task_strdup(const char *s, int *failed)
{
	char *copy;

	if (s == NULL)
		return NULL;
	if ((copy = strdup(s)) == NULL)
		*failed = 1;
	return copy;
}

/* Makes room for one more task pointer. */
static int
task_grow(struct task_list *tl)
{
	struct task **v;
	size_t cap;

	if (tl->n < tl->cap)
		return 0;
	cap = tl->cap ? tl->cap * 2 : 64;
	if ((v = realloc(tl->v, cap * sizeof *v)) == NULL)
		return -1;
	tl->v = v;
	tl->cap = cap;
	return 0;
}

/* Adds a queued task; see task.h. */
struct task *
task_add(struct task_list *tl, const char *url, const char *out,
    const char *dir)
{
	struct task *t;
	int failed = 0;

	if (task_grow(tl) != 0 || (t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->url = task_strdup(url, &failed);
	t->out = task_strdup(out, &failed);
	t->dir = task_strdup(dir, &failed);
	if (failed) {
		task_free(t);
		return NULL;
	}
	t->id = (unsigned)tl->n;
	t->state = TASK_QUEUED;
	t->total = -1;
	tl->v[tl->n++] = t;
	tl->count[TASK_QUEUED]++;
	tl->changes++;
	return t;
}

/* Returns the task with ID. */
struct task *
task_get(const struct task_list *tl, unsigned id)
{
	if (id >= tl->n)
		return NULL;
	return tl->v[id];
}

/* Returns the first queued task, remembering where the search ended. */
struct task *
task_next_queued(struct task_list *tl)
{
	if (tl->count[TASK_QUEUED] == 0)
		return NULL;
	while (tl->next_queued < tl->n) {
		struct task *t = tl->v[tl->next_queued];

		if (t->state == TASK_QUEUED)
			return t;
		tl->next_queued++;
	}
	return NULL;
}

/* Moves T to STATE, keeping the counts right. */
static void
task_set_state(struct task_list *tl, struct task *t, enum task_state state)
{
	if (t->state == state)
		return;
	tl->count[t->state]--;
	tl->count[state]++;
	if (state == TASK_QUEUED && t->id < tl->next_queued)
		tl->next_queued = t->id;
	t->state = state;
	tl->changes++;
}

/* Marks T as handed to a worker. */
void
task_start(struct task_list *tl, struct task *t, uint64_t now_ms)
{
	task_set_state(tl, t, TASK_ACTIVE);
	t->started_ms = now_ms;
	t->attempts++;
	t->nsamples = 0;
	t->sample_head = 0;
}

/* Records a (time, bytes) sample and recomputes T's speed. */
static void
task_sample(struct task *t, uint64_t now_ms)
{
	unsigned last, oldest;
	uint64_t span;

	if (t->nsamples == TASK_SAMPLES) {
		t->sample_head = (t->sample_head + 1) % TASK_SAMPLES;
		t->nsamples--;
	}
	last = (t->sample_head + t->nsamples) % TASK_SAMPLES;
	t->sample_ms[last] = now_ms;
	t->sample_bytes[last] = t->done;
	t->nsamples++;

	/* Forget samples older than the window, keeping at least two. */
	while (t->nsamples > 2 &&
	    now_ms - t->sample_ms[t->sample_head] > TASK_WINDOW_MS) {
		t->sample_head = (t->sample_head + 1) % TASK_SAMPLES;
		t->nsamples--;
	}
	oldest = t->sample_head;
	span = now_ms - t->sample_ms[oldest];
	if (t->nsamples < 2 || span == 0)
		return;
	t->speed = (double)(t->done - t->sample_bytes[oldest]) * 1000.0 /
	    (double)span;
	if (t->speed < 0)
		t->speed = 0;
}

/* Replaces *FIELD with TEXT, which the task now owns. */
static void
task_take_text(char **field, char *text)
{
	if (text == NULL)
		return;
	free(*field);
	*field = text;
}

/* Ends T as done or failed. */
static void
task_finish(struct task_list *tl, struct task *t, enum task_state state,
    uint64_t now_ms)
{
	task_set_state(tl, t, state);
	t->finished_ms = now_ms;
	t->speed = 0;
	if (state == TASK_DONE) {
		if (t->total < 0)
			t->total = t->done;
		tl->bytes += t->done;
	}
}

/* Recomputes the overall speed from the active tasks' speeds. */
static void
task_list_speed(struct task_list *tl, double before, double after)
{
	tl->speed += after - before;
	if (tl->speed < 0.5)
		tl->speed = 0;
}

/* Folds event E into its task; see task.h. */
struct task *
task_apply(struct task_list *tl, struct event *e, uint64_t now_ms)
{
	struct task *t;
	double before;

	if ((t = task_get(tl, e->task)) == NULL) {
		free(e->text);
		return NULL;
	}
	before = t->speed;
	switch (e->kind) {
	case EVENT_STARTED:
		task_set_state(tl, t, TASK_ACTIVE);
		break;
	case EVENT_NAMED:
		task_take_text(&t->name, e->text);
		e->text = NULL;
		break;
	case EVENT_PROGRESS:
		t->done = e->done;
		t->total = e->total;
		task_sample(t, now_ms);
		break;
	case EVENT_RETRYING:
		task_set_state(tl, t, TASK_RETRYING);
		task_take_text(&t->error, e->text);
		e->text = NULL;
		t->attempts = (int)e->value;
		t->retry_at_ms = e->at_ms;
		t->speed = 0;
		break;
	case EVENT_DONE:
		t->done = e->done;
		if (e->total >= 0)
			t->total = e->total;
		t->skipped = e->value == 1;
		task_finish(tl, t, TASK_DONE, now_ms);
		break;
	case EVENT_FAILED:
		task_take_text(&t->error, e->text);
		e->text = NULL;
		t->done = e->done > 0 ? e->done : t->done;
		task_finish(tl, t, TASK_FAILED, now_ms);
		break;
	}
	free(e->text);
	e->text = NULL;
	task_list_speed(tl, before, t->speed);
	tl->changes++;
	return t;
}

/* Lets the speed of tasks that went quiet fall to zero. */
void
task_tick(struct task_list *tl, uint64_t now_ms)
{
	size_t i;
	double speed = 0;

	if (tl->count[TASK_ACTIVE] == 0 && tl->speed == 0)
		return;
	for (i = tl->n; i-- > 0;) {
		struct task *t = tl->v[i];
		unsigned last;

		if (t->state != TASK_ACTIVE || t->speed == 0)
			continue;
		last = (t->sample_head + t->nsamples - 1) % TASK_SAMPLES;
		if (t->nsamples > 0 &&
		    now_ms - t->sample_ms[last] > TASK_IDLE_MS) {
			t->speed = 0;
			tl->changes++;
		}
		speed += t->speed;
	}
	tl->speed = speed;
}

/* Returns T's remaining time in seconds, or -1. */
int64_t
task_eta(const struct task *t)
{
	if (t->total < 0 || t->speed < 1)
		return -1;
	if (t->done >= t->total)
		return 0;
	return (int64_t)((double)(t->total - t->done) / t->speed + 0.5);
}

/* Returns the number of tasks not yet done or failed. */
unsigned
task_list_pending(const struct task_list *tl)
{
	return tl->count[TASK_QUEUED] + tl->count[TASK_ACTIVE] +
	    tl->count[TASK_RETRYING];
}

/* Returns the overall remaining time, or -1 when any size is unknown. */
int64_t
task_list_eta(const struct task_list *tl)
{
	int64_t left = 0;
	size_t i;

	if (tl->speed < 1 || tl->count[TASK_QUEUED] > 0)
		return -1;
	for (i = 0; i < tl->n; i++) {
		const struct task *t = tl->v[i];

		if (t->state != TASK_ACTIVE && t->state != TASK_RETRYING)
			continue;
		if (t->total < 0)
			return -1;
		left += t->total - t->done;
	}
	return (int64_t)((double)left / tl->speed + 0.5);
}
