/*
 * Unit tests of the task list: state counts, event folding, speed over a
 * window of samples, ETA, and the order queued tasks are handed out in.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "task.h"
#include "unit.h"

/* Applies an event of KIND to task ID at time NOW. */
static struct task *
apply(struct task_list *tl, enum event_kind kind, unsigned id, int64_t done,
    int64_t total, const char *text, uint64_t now)
{
	struct task *t = task_get(tl, id);
	struct event e = { .kind = kind, .task = id, .done = done,
	    .total = total, .text = text ? strdup(text) : NULL,
	    .serial = t ? t->serial : 0 };

	return task_apply(tl, &e, now);
}

START_TEST(test_counts_follow_states)
{
	struct task_list tl;
	struct task *a, *b;

	task_list_init(&tl);
	a = task_add(&tl, "http://h/a", NULL, ".");
	b = task_add(&tl, "http://h/b", "bee", "d");
	ck_assert_uint_eq(tl.count[TASK_QUEUED], 2);
	ck_assert_str_eq(b->out, "bee");
	ck_assert_ptr_eq(task_next_queued(&tl), a);
	task_start(&tl, a, 0);
	ck_assert_ptr_eq(task_next_queued(&tl), b);
	ck_assert_uint_eq(tl.count[TASK_ACTIVE], 1);
	apply(&tl, EVENT_NAMED, 0, 0, -1, "a.bin", 1);
	ck_assert_str_eq(a->name, "a.bin");
	apply(&tl, EVENT_DONE, 0, 100, 100, NULL, 2);
	ck_assert_uint_eq(tl.count[TASK_DONE], 1);
	ck_assert_uint_eq(tl.count[TASK_ACTIVE], 0);
	ck_assert_int_eq(tl.received, 100);
	task_start(&tl, b, 3);
	apply(&tl, EVENT_FAILED, 1, 0, -1, "HTTP 404 Not Found", 4);
	ck_assert_uint_eq(tl.count[TASK_FAILED], 1);
	ck_assert_str_eq(b->error, "HTTP 404 Not Found");
	ck_assert_uint_eq(task_list_pending(&tl), 0);
	ck_assert_ptr_null(task_next_queued(&tl));
	ck_assert_ptr_null(apply(&tl, EVENT_DONE, 99, 0, 0, "x", 5));
	task_list_free(&tl);
}
END_TEST

START_TEST(test_speed_and_eta)
{
	struct task_list tl;
	struct task *t;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	task_start(&tl, t, 0);
	apply(&tl, EVENT_PROGRESS, 0, 0, 10000, NULL, 1000);
	ck_assert_int_eq(task_eta(t), -1);
	apply(&tl, EVENT_PROGRESS, 0, 1000, 10000, NULL, 2000);
	ck_assert(t->speed > 999 && t->speed < 1001);
	ck_assert_int_eq(task_eta(t), 9);
	ck_assert(tl.speed > 999 && tl.speed < 1001);
	ck_assert_int_eq(task_list_eta(&tl), 9);
	/* Quiet for longer than the idle limit: speed drops to zero. */
	task_tick(&tl, 10000);
	ck_assert(t->speed == 0);
	ck_assert(tl.speed == 0);
	ck_assert_int_eq(task_eta(t), -1);
	task_list_free(&tl);
}
END_TEST

START_TEST(test_speed_window_forgets_old_samples)
{
	struct task_list tl;
	struct task *t;
	uint64_t ms;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	task_start(&tl, t, 0);
	/* 10 s at 1000 B/s, then 10 s at 100 B/s. */
	for (ms = 0; ms <= 10000; ms += 1000)
		apply(&tl, EVENT_PROGRESS, 0, (int64_t)ms, -1, NULL, ms);
	for (ms = 11000; ms <= 20000; ms += 1000)
		apply(&tl, EVENT_PROGRESS, 0,
		    10000 + (int64_t)(ms - 10000) / 10, -1, NULL, ms);
	ck_assert(t->speed > 99 && t->speed < 101);
	ck_assert_int_eq(task_eta(t), -1);	/* size unknown */
	task_list_free(&tl);
}
END_TEST

START_TEST(test_unknown_size_becomes_known_when_done)
{
	struct task_list tl;
	struct task *t;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	task_start(&tl, t, 0);
	apply(&tl, EVENT_DONE, 0, 42, -1, NULL, 5);
	ck_assert_int_eq(t->total, 42);
	task_list_free(&tl);
}
END_TEST

START_TEST(test_state_names)
{
	ck_assert_str_eq(task_state_name(TASK_QUEUED), "queued");
	ck_assert_str_eq(task_state_name(TASK_FAILED), "failed");
	ck_assert_str_eq(task_state_name(TASK_NSTATES), "?");
}
END_TEST

START_TEST(test_remove_and_move_keep_ids)
{
	struct task_list tl;
	struct task *a, *b, *c;

	task_list_init(&tl);
	a = task_add(&tl, "http://h/a", NULL, ".");
	b = task_add(&tl, "http://h/b", NULL, ".");
	c = task_add(&tl, "http://h/c", NULL, ".");
	ck_assert_int_eq(task_move(&tl, c, -1), 0);
	ck_assert_ptr_eq(tl.v[1], c);
	ck_assert_ptr_eq(tl.v[2], b);
	ck_assert_uint_eq(c->pos, 1);
	ck_assert_int_eq(task_move(&tl, a, -1), -1);
	ck_assert_int_eq(task_move(&tl, b, +1), -1);
	task_start(&tl, a, 0);
	/* The moved task now starts before the one it jumped. */
	ck_assert_ptr_eq(task_next_queued(&tl), c);
	task_remove(&tl, c);
	ck_assert_ptr_null(task_get(&tl, 2));
	ck_assert_ptr_eq(task_get(&tl, 1), b);
	ck_assert_uint_eq(b->pos, 1);
	ck_assert_uint_eq(tl.n, 2);
	ck_assert_uint_eq(tl.count[TASK_QUEUED], 1);
	ck_assert_ptr_eq(task_next_queued(&tl), b);
	task_list_free(&tl);
}
END_TEST

START_TEST(test_pause_waits_for_the_job_to_end)
{
	struct task_list tl;
	struct task *t;
	unsigned old;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	old = task_start(&tl, t, 0);
	ck_assert_int_eq(task_toggle_pause(&tl, t), 1);
	ck_assert_int_eq(t->state, TASK_PAUSED);
	ck_assert_uint_eq(tl.count[TASK_PAUSED], 1);
	/* Resumed before the stopped job reported back: still paused. */
	ck_assert_int_eq(task_toggle_pause(&tl, t), 0);
	ck_assert_int_eq(t->state, TASK_PAUSED);
	ck_assert_ptr_null(task_next_queued(&tl));
	apply(&tl, EVENT_FAILED, 0, 500, 1000, "stopped", 1);
	ck_assert_int_eq(t->state, TASK_QUEUED);
	ck_assert_int_eq(t->done, 500);
	ck_assert_uint_eq(tl.count[TASK_FAILED], 0);
	/* A new job; a late event of the old one changes nothing. */
	ck_assert_uint_ne(task_start(&tl, t, 2), old);
	{
		struct event e = { .kind = EVENT_FAILED, .task = 0,
		    .serial = old, .text = strdup("late") };

		ck_assert_ptr_null(task_apply(&tl, &e, 3));
	}
	ck_assert_int_eq(t->state, TASK_ACTIVE);
	task_list_free(&tl);
}
END_TEST

START_TEST(test_paused_job_that_finished_is_done)
{
	struct task_list tl;
	struct task *t;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	task_start(&tl, t, 0);
	task_toggle_pause(&tl, t);
	apply(&tl, EVENT_DONE, 0, 1000, 1000, NULL, 1);
	ck_assert_int_eq(t->state, TASK_DONE);
	ck_assert_int_eq(task_toggle_pause(&tl, t), -1);
	task_list_free(&tl);
}
END_TEST

START_TEST(test_retry_and_error_history)
{
	struct task_list tl;
	struct task *t;
	char text[32];
	int i;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	ck_assert_int_eq(task_retry(&tl, t), -1);
	task_start(&tl, t, 0);
	for (i = 0; i < TASK_ERRORS + 3; i++) {
		snprintf(text, sizeof text, "error %d", i);
		apply(&tl, EVENT_RETRYING, 0, 0, -1, text, 1);
	}
	apply(&tl, EVENT_FAILED, 0, 0, -1, "final", 2);
	ck_assert_uint_eq(t->nerrors, TASK_ERRORS + 4);
	ck_assert_str_eq(t->errors[TASK_ERRORS - 1], "final");
	ck_assert_str_eq(t->errors[0], "error 4");
	ck_assert_int_eq(task_retry(&tl, t), 0);
	ck_assert_int_eq(t->state, TASK_QUEUED);
	ck_assert_ptr_eq(task_next_queued(&tl), t);
	task_list_free(&tl);
}
END_TEST

START_TEST(test_received_counts_only_new_bytes)
{
	struct task_list tl;
	struct task *t;

	task_list_init(&tl);
	t = task_add(&tl, "http://h/a", NULL, ".");
	task_start(&tl, t, 0);
	/* The part held 70000 bytes from an earlier run. */
	apply(&tl, EVENT_STARTED, 0, 70000, -1, NULL, 1);
	ck_assert_int_eq(tl.received, 0);
	apply(&tl, EVENT_PROGRESS, 0, 100000, 200000, NULL, 2);
	ck_assert_int_eq(tl.received, 30000);
	/* The server sent the whole file instead: the part starts over. */
	apply(&tl, EVENT_PROGRESS, 0, 50000, 200000, NULL, 3);
	ck_assert_int_eq(tl.received, 30000);
	apply(&tl, EVENT_DONE, 0, 200000, 200000, NULL, 4);
	ck_assert_int_eq(tl.received, 180000);
	task_list_free(&tl);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("task");
	TCase *tc = tcase_create("list");

	tcase_add_test(tc, test_counts_follow_states);
	tcase_add_test(tc, test_speed_and_eta);
	tcase_add_test(tc, test_speed_window_forgets_old_samples);
	tcase_add_test(tc, test_unknown_size_becomes_known_when_done);
	tcase_add_test(tc, test_state_names);
	tcase_add_test(tc, test_remove_and_move_keep_ids);
	tcase_add_test(tc, test_pause_waits_for_the_job_to_end);
	tcase_add_test(tc, test_paused_job_that_finished_is_done);
	tcase_add_test(tc, test_retry_and_error_history);
	tcase_add_test(tc, test_received_counts_only_new_bytes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
