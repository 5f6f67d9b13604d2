/*
 * Unit tests of the event ring: order, coalescing, dropping of progress
 * when full, and a stress test with several producers, a slow consumer
 * and a tiny ring in which every state event must arrive in order.
 */
#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "unit.h"

/* Pushes an event of KIND for TASK carrying VALUE. */
static void
push(struct events *ev, enum event_kind kind, unsigned task, long value)
{
	struct event e = { .kind = kind, .task = task, .value = value };

	events_push(ev, &e);
}

/* Returns 1 if FD is readable right now. */
static int
readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

START_TEST(test_order_and_wake)
{
	struct events *ev = events_new(8);
	struct event out[8];
	size_t n;

	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(readable(events_fd(ev)), 0);
	push(ev, EVENT_STARTED, 1, 0);
	push(ev, EVENT_STARTED, 2, 0);
	push(ev, EVENT_DONE, 1, 0);
	ck_assert_int_eq(readable(events_fd(ev)), 1);
	n = events_drain(ev, out, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(out[0].kind, EVENT_STARTED);
	ck_assert_uint_eq(out[0].task, 1);
	ck_assert_uint_eq(out[1].task, 2);
	ck_assert_int_eq(out[2].kind, EVENT_DONE);
	ck_assert_int_eq(readable(events_fd(ev)), 0);
	events_free(ev);
}
END_TEST

START_TEST(test_only_endings_wake_at_once)
{
	struct events *ev = events_new(8);
	struct event out[8];

	push(ev, EVENT_STARTED, 1, 0);
	push(ev, EVENT_NAMED, 1, 0);
	push(ev, EVENT_PROGRESS, 1, 10);
	ck_assert_int_eq(readable(events_fd(ev)), 0);
	push(ev, EVENT_PROGRESS, 2, 10);	/* half full: wake */
	ck_assert_int_eq(readable(events_fd(ev)), 1);
	ck_assert_uint_eq(events_drain(ev, out, 8), 4);
	ck_assert_int_eq(readable(events_fd(ev)), 0);
	push(ev, EVENT_RETRYING, 1, 2);
	ck_assert_int_eq(readable(events_fd(ev)), 1);
	ck_assert_uint_eq(events_drain(ev, out, 8), 1);
	push(ev, EVENT_FAILED, 1, 0);
	ck_assert_int_eq(readable(events_fd(ev)), 1);
	events_drain(ev, out, 8);
	events_free(ev);
}
END_TEST

START_TEST(test_progress_coalesces)
{
	struct events *ev = events_new(8);
	struct event out[8];
	size_t n;

	push(ev, EVENT_STARTED, 1, 0);
	push(ev, EVENT_PROGRESS, 1, 10);
	push(ev, EVENT_PROGRESS, 2, 20);
	push(ev, EVENT_PROGRESS, 1, 11);
	n = events_drain(ev, out, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(out[1].kind, EVENT_PROGRESS);
	ck_assert_uint_eq(out[1].task, 1);
	ck_assert_int_eq(out[1].value, 11);
	ck_assert_uint_eq(out[2].task, 2);
	events_free(ev);
}
END_TEST

START_TEST(test_progress_never_jumps_a_state_event)
{
	struct events *ev = events_new(8);
	struct event out[8];
	size_t n;

	push(ev, EVENT_PROGRESS, 1, 10);
	push(ev, EVENT_RETRYING, 1, 2);
	push(ev, EVENT_PROGRESS, 1, 30);
	n = events_drain(ev, out, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(out[0].value, 10);
	ck_assert_int_eq(out[1].kind, EVENT_RETRYING);
	ck_assert_int_eq(out[2].value, 30);
	events_free(ev);
}
END_TEST

START_TEST(test_full_ring_drops_progress)
{
	struct events *ev = events_new(2);
	struct event out[4];

	push(ev, EVENT_STARTED, 1, 0);
	push(ev, EVENT_STARTED, 2, 0);
	push(ev, EVENT_PROGRESS, 3, 5);
	ck_assert_uint_eq(events_drain(ev, out, 4), 2);
	ck_assert_int_eq(out[1].kind, EVENT_STARTED);
	events_free(ev);
}
END_TEST

START_TEST(test_closed_ring_never_waits)
{
	struct events *ev = events_new(1);
	struct event e = { .kind = EVENT_FAILED, .task = 1 };
	struct event out[2];

	push(ev, EVENT_STARTED, 1, 0);
	events_close(ev);
	e.text = strdup("dropped");
	events_push(ev, &e);
	ck_assert_uint_eq(events_drain(ev, out, 2), 1);
	events_free(ev);
}
END_TEST

#define PRODUCERS 6
#define PER_PRODUCER 2000

/* A producer: for each of its tasks, started, progress, then done. */
static void *
producer(void *arg)
{
	struct events *ev = arg;
	static atomic_uint next_base;
	unsigned base = atomic_fetch_add(&next_base, 1) * 1000000u;
	long i;

	for (i = 0; i < PER_PRODUCER; i++) {
		push(ev, EVENT_STARTED, base, i);
		push(ev, EVENT_PROGRESS, base, i);
		push(ev, EVENT_PROGRESS, base, i + 1);
		push(ev, EVENT_DONE, base, i);
	}
	return NULL;
}

START_TEST(test_stress_state_events_all_arrive_in_order)
{
	struct events *ev = events_new(4);
	pthread_t t[PRODUCERS];
	long next[PRODUCERS];
	int phase[PRODUCERS];
	struct event out[3];
	unsigned done = 0;
	int i;

	memset(next, 0, sizeof next);
	memset(phase, 0, sizeof phase);
	for (i = 0; i < PRODUCERS; i++)
		pthread_create(&t[i], NULL, producer, ev);

	while (done < PRODUCERS * PER_PRODUCER) {
		struct pollfd p = { .fd = events_fd(ev), .events = POLLIN };
		size_t n, k;

		poll(&p, 1, 1000);
		usleep(50);	/* a slow consumer */
		n = events_drain(ev, out, 3);
		for (k = 0; k < n; k++) {
			unsigned who = out[k].task / 1000000u;

			ck_assert_uint_lt(who, PRODUCERS);
			if (out[k].kind == EVENT_PROGRESS)
				continue;
			ck_assert_int_eq(out[k].value, next[who]);
			if (out[k].kind == EVENT_STARTED) {
				ck_assert_int_eq(phase[who], 0);
				phase[who] = 1;
			} else {
				ck_assert_int_eq(out[k].kind, EVENT_DONE);
				ck_assert_int_eq(phase[who], 1);
				phase[who] = 0;
				next[who]++;
				done++;
			}
		}
	}
	for (i = 0; i < PRODUCERS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(next[i], PER_PRODUCER);
	}
	events_free(ev);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("ring");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_order_and_wake);
	tcase_add_test(tc, test_only_endings_wake_at_once);
	tcase_add_test(tc, test_progress_coalesces);
	tcase_add_test(tc, test_progress_never_jumps_a_state_event);
	tcase_add_test(tc, test_full_ring_drops_progress);
	tcase_add_test(tc, test_closed_ring_never_waits);
	tcase_add_test(tc, test_stress_state_events_all_arrive_in_order);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
