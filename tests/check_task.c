/*
 * Unit tests of the task list: state counts, event folding, speed over a
 * window of samples, ETA, and the order queued tasks are handed out in.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "task.h"

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
	ck_assert_int_eq(tl.bytes, 100);
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

int
main(void)
{
	Suite *s = suite_create("task");
	TCase *tc = tcase_create("list");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_counts_follow_states);
	tcase_add_test(tc, test_speed_and_eta);
	tcase_add_test(tc, test_speed_window_forgets_old_samples);
	tcase_add_test(tc, test_unknown_size_becomes_known_when_done);
	tcase_add_test(tc, test_state_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
