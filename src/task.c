/*
 * The task list.  Tasks live in one growing array in the order they are
 * shown and started, and a second array maps ids to tasks, so task_get()
 * is O(1) even after tasks were moved or removed, and the screen can page
 * through the list without a walk.
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
	"queued", "active", "retry", "paused", "done", "failed"
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
	unsigned i;

	free(t->url);
	free(t->out);
	free(t->dir);
	free(t->name);
	free(t->error);
	free(t->checksum);
	for (i = 0; t->errors != NULL && i < TASK_ERRORS; i++)
		free(t->errors[i]);
	free(t->errors);
	free(t->samples);
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
	free(tl->by_id);
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

/* Makes room for one more pointer in *V, which holds *CAP. */
static int
task_grow(struct task ***v, size_t n, size_t *cap)
{
	struct task **grown;
	size_t want;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 64;
	if ((grown = realloc(*v, want * sizeof *grown)) == NULL)
		return -1;
	*v = grown;
	*cap = want;
	return 0;
}

/* Adds a queued task; see task.h. */
struct task *
task_add(struct task_list *tl, const char *url, const char *out,
    const char *dir)
{
	struct task *t;
	int failed = 0;

	if (task_grow(&tl->v, tl->n, &tl->cap) != 0 ||
	    task_grow(&tl->by_id, tl->nids, &tl->idcap) != 0 ||
	    (t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->url = task_strdup(url, &failed);
	t->out = task_strdup(out, &failed);
	t->dir = task_strdup(dir, &failed);
	if (failed) {
		task_free(t);
		return NULL;
	}
	t->id = (unsigned)tl->nids;
	t->pos = (unsigned)tl->n;
	t->state = TASK_QUEUED;
	t->total = -1;
	tl->by_id[tl->nids++] = t;
	tl->v[tl->n++] = t;
	tl->count[TASK_QUEUED]++;
	tl->changes++;
	tl->states++;
	return t;
}

/* Returns the task with ID. */
struct task *
task_get(const struct task_list *tl, unsigned id)
{
	if (id >= tl->nids)
		return NULL;
	return tl->by_id[id];
}

/* Returns 1 if a task in STATE has a transfer going or coming. */
static int
task_is_running(enum task_state state)
{
	return state == TASK_ACTIVE || state == TASK_RETRYING;
}

/* Puts T at the head of the running list. */
static void
task_link_running(struct task_list *tl, struct task *t)
{
	t->run_prev = NULL;
	t->run_next = tl->running;
	if (tl->running != NULL)
		tl->running->run_prev = t;
	tl->running = t;
}

/* Takes T out of the running list. */
static void
task_unlink_running(struct task_list *tl, struct task *t)
{
	if (t->run_prev != NULL)
		t->run_prev->run_next = t->run_next;
	else
		tl->running = t->run_next;
	if (t->run_next != NULL)
		t->run_next->run_prev = t->run_prev;
	t->run_prev = t->run_next = NULL;
}

/* Removes T from the list and frees it. */
void
task_remove(struct task_list *tl, struct task *t)
{
	size_t i;

	if (task_is_running(t->state))
		task_unlink_running(tl, t);
	tl->count[t->state]--;
	tl->speed -= t->speed;
	if (tl->speed < 0.5)
		tl->speed = 0;
	tl->by_id[t->id] = NULL;
	for (i = t->pos; i + 1 < tl->n; i++) {
		tl->v[i] = tl->v[i + 1];
		tl->v[i]->pos = (unsigned)i;
	}
	tl->n--;
	if (tl->next_queued > t->pos)
		tl->next_queued = t->pos;
	task_free(t);
	tl->changes++;
	tl->states++;
}

/* Swaps T with its neighbour above (DELTA -1) or below (+1). */
int
task_move(struct task_list *tl, struct task *t, int delta)
{
	size_t to;
	struct task *other;

	if ((delta < 0 && t->pos == 0) || (delta > 0 && t->pos + 1 >= tl->n))
		return -1;
	to = delta < 0 ? t->pos - 1 : t->pos + 1;
	other = tl->v[to];
	tl->v[to] = t;
	tl->v[t->pos] = other;
	other->pos = t->pos;
	t->pos = (unsigned)to;
	if (tl->next_queued > other->pos)
		tl->next_queued = other->pos;
	if (tl->next_queued > t->pos)
		tl->next_queued = t->pos;
	tl->changes++;
	tl->states++;
	return 0;
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
	if (task_is_running(t->state) && !task_is_running(state))
		task_unlink_running(tl, t);
	else if (!task_is_running(t->state) && task_is_running(state))
		task_link_running(tl, t);
	tl->count[t->state]--;
	tl->count[state]++;
	if (state == TASK_QUEUED && t->pos < tl->next_queued)
		tl->next_queued = t->pos;
	t->state = state;
	tl->changes++;
	tl->states++;
}

/* Marks T as handed to a worker and returns the job's serial. */
unsigned
task_start(struct task_list *tl, struct task *t, uint64_t now_ms)
{
	task_set_state(tl, t, TASK_ACTIVE);
	t->started_ms = now_ms;
	t->attempts++;
	free(t->samples);
	t->samples = NULL;
	t->job_live = 1;
	t->resume_asked = 0;
	t->serial = ++tl->serials;
	return t->serial;
}

/* Pauses or resumes T; see task.h. */
int
task_toggle_pause(struct task_list *tl, struct task *t)
{
	switch (t->state) {
	case TASK_QUEUED:
	case TASK_ACTIVE:
	case TASK_RETRYING:
		tl->speed -= t->speed;
		if (tl->speed < 0.5)
			tl->speed = 0;
		t->speed = 0;
		t->resume_asked = 0;
		task_set_state(tl, t, TASK_PAUSED);
		return 1;
	case TASK_PAUSED:
		if (t->job_live)
			t->resume_asked = 1;
		else
			task_set_state(tl, t, TASK_QUEUED);
		tl->changes++;
		return 0;
	default:
		return -1;
	}
}

/* Marks T done without a transfer. */
void
task_restore_done(struct task_list *tl, struct task *t)
{
	task_set_state(tl, t, TASK_DONE);
}

/* Queues a failed task again. */
int
task_retry(struct task_list *tl, struct task *t)
{
	if (t->state != TASK_FAILED || t->job_live)
		return -1;
	task_set_state(tl, t, TASK_QUEUED);
	return 0;
}

/* Records a (time, bytes) sample and recomputes T's speed. */
static void
task_sample(struct task *t, uint64_t now_ms)
{
	struct task_samples *sm = t->samples;
	unsigned last;
	uint64_t span;

	if (sm == NULL && (sm = t->samples = calloc(1, sizeof *sm)) == NULL)
		return;
	if (sm->n == TASK_SAMPLES) {
		sm->head = (sm->head + 1) % TASK_SAMPLES;
		sm->n--;
	}
	last = (sm->head + sm->n) % TASK_SAMPLES;
	sm->ms[last] = now_ms;
	sm->bytes[last] = t->done;
	sm->n++;

	/* Forget samples older than the window, keeping at least two. */
	while (sm->n > 2 && now_ms - sm->ms[sm->head] > TASK_WINDOW_MS) {
		sm->head = (sm->head + 1) % TASK_SAMPLES;
		sm->n--;
	}
	span = now_ms - sm->ms[sm->head];
	if (sm->n < 2 || span == 0)
		return;
	t->speed = (double)(t->done - sm->bytes[sm->head]) * 1000.0 /
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
	free(t->samples);
	t->samples = NULL;
	if (state == TASK_DONE && t->total < 0)
		t->total = t->done;
}

/* Adds TEXT (copied) to T's error history, dropping the oldest. */
static void
task_note_error(struct task *t, const char *text)
{
	unsigned slot;

	if (text == NULL)
		return;
	if (t->errors == NULL &&
	    (t->errors = calloc(TASK_ERRORS, sizeof *t->errors)) == NULL)
		return;
	if (t->nerrors >= TASK_ERRORS) {
		free(t->errors[0]);
		memmove(t->errors, t->errors + 1,
		    (TASK_ERRORS - 1) * sizeof t->errors[0]);
		slot = TASK_ERRORS - 1;
	} else
		slot = t->nerrors;
	t->errors[slot] = strdup(text);
	t->nerrors++;
}

/*
 * Ends the job of a paused task: it stays paused (or is queued again if
 * a resume was asked for), unless the job finished the file first.
 */
static void
task_paused_job_ended(struct task_list *tl, struct task *t,
    const struct event *e, uint64_t now_ms)
{
	t->job_live = 0;
	if (e->done > 0)
		t->done = e->done;
	if (e->kind == EVENT_DONE) {
		t->skipped = e->value == 1;
		task_finish(tl, t, TASK_DONE, now_ms);
	} else if (t->resume_asked) {
		t->resume_asked = 0;
		task_set_state(tl, t, TASK_QUEUED);
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

/*
 * Adds what event E says arrived since T's last report to the bytes
 * received this run.  A start only sets the base: bytes a part already
 * held came in an earlier run.  A part cut back (a restart) counts again
 * from where it was cut.
 */
static void
task_count_received(struct task_list *tl, struct task *t,
    const struct event *e)
{
	if (e->kind == EVENT_STARTED)
		t->done = e->done;
	else if (e->kind != EVENT_NAMED && e->done > t->done)
		tl->received += e->done - t->done;
}

/* Folds event E into its task; see task.h. */
struct task *
task_apply(struct task_list *tl, struct event *e, uint64_t now_ms)
{
	struct task *t;
	double before;

	if ((t = task_get(tl, e->task)) == NULL || e->serial != t->serial) {
		free(e->text);
		e->text = NULL;
		return NULL;
	}
	if (e->status != 0)
		t->http_status = e->status;
	task_count_received(tl, t, e);
	if (e->kind == EVENT_RETRYING || e->kind == EVENT_FAILED)
		task_note_error(t, e->text);
	if (e->kind == EVENT_DONE && e->text != NULL) {
		task_take_text(&t->name, e->text);
		e->text = NULL;
		tl->states++;
	}
	if (t->state == TASK_PAUSED) {
		if (e->kind == EVENT_DONE || e->kind == EVENT_FAILED)
			task_paused_job_ended(tl, t, e, now_ms);
		else if (e->kind == EVENT_NAMED) {
			task_take_text(&t->name, e->text);
			e->text = NULL;
		}
		free(e->text);
		e->text = NULL;
		tl->changes++;
		return t;
	}
	before = t->speed;
	switch (e->kind) {
	case EVENT_STARTED:
		task_set_state(tl, t, TASK_ACTIVE);
		break;
	case EVENT_NAMED:
		task_take_text(&t->name, e->text);
		e->text = NULL;
		tl->states++;
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
		t->job_live = 0;
		task_finish(tl, t, TASK_DONE, now_ms);
		break;
	case EVENT_FAILED:
		t->job_live = 0;
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
	struct task *t;
	double speed = 0;

	for (t = tl->running; t != NULL; t = t->run_next) {
		unsigned last;

		if (t->state != TASK_ACTIVE || t->speed == 0)
			continue;
		if (t->samples == NULL || t->samples->n == 0)
			continue;
		last = (t->samples->head + t->samples->n - 1) % TASK_SAMPLES;
		if (now_ms - t->samples->ms[last] > TASK_IDLE_MS) {
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
	const struct task *t;
	int64_t left = 0;

	if (tl->speed < 1 || tl->count[TASK_QUEUED] > 0)
		return -1;
	for (t = tl->running; t != NULL; t = t->run_next) {
		if (t->total < 0)
			return -1;
		left += t->total - t->done;
	}
	return (int64_t)((double)left / tl->speed + 0.5);
}
