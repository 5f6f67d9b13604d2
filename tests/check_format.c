/*
 * Unit tests for format.c: {input, expected} tables for sizes, rates,
 * durations and parsed sizes.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "unit.h"

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

static const struct size_case {
	int64_t		 bytes;
	const char	*text;
} size_cases[] = {
	{ 0, "0 B" },
	{ 1, "1 B" },
	{ 999, "999 B" },
	{ 1023, "1023 B" },
	{ 1024, "1.0 KiB" },
	{ 1536, "1.5 KiB" },
	{ 10137, "9.9 KiB" },
	{ 10239, "10 KiB" },
	{ 12345, "12 KiB" },
	{ 1047552, "1023 KiB" },
	{ 1048064, "1.0 MiB" },
	{ 1048575, "1.0 MiB" },
	{ 1048576, "1.0 MiB" },
	{ 12897485, "12 MiB" },
	{ 1073741824, "1.0 GiB" },
	{ 1610612736, "1.5 GiB" },
	{ INT64_C(5) << 40, "5.0 TiB" },
	{ INT64_C(1) << 50, "1.0 PiB" },
	{ INT64_MAX, "8.0 EiB" },
	{ -1, "?" },
	{ INT64_MIN, "?" },
};

static const struct rate_case {
	double		 rate;
	const char	*text;
} rate_cases[] = {
	{ 0, "0 B/s" },
	{ 0.4, "0 B/s" },
	{ 512, "512 B/s" },
	{ 1023.6, "1.0 KiB/s" },
	{ 1536, "1.5 KiB/s" },
	{ 2.5 * 1048576, "2.5 MiB/s" },
	{ 100.0 * 1048576, "100 MiB/s" },
	{ 3.0 * 1073741824, "3.0 GiB/s" },
	{ -1, "?" },
	{ NAN, "?" },
	{ INFINITY, "?" },
};

static const struct eta_case {
	int64_t		 secs;
	const char	*text;
} eta_cases[] = {
	{ 0, "0s" },
	{ 42, "42s" },
	{ 59, "59s" },
	{ 60, "1m00s" },
	{ 187, "3m07s" },
	{ 3599, "59m59s" },
	{ 3600, "1h00m" },
	{ 7500, "2h05m" },
	{ 86399, "23h59m" },
	{ 86400, "1d00h" },
	{ 273600, "3d04h" },
	{ 8640000, "100d00h" },
	{ -1, "--" },
};

static const struct parse_case {
	const char	*text;
	int		 ok;
	int64_t		 bytes;
} parse_cases[] = {
	{ "0", 1, 0 },
	{ "1500", 1, 1500 },
	{ "1500B", 1, 1500 },
	{ "500K", 1, 512000 },
	{ "10k", 1, 10240 },
	{ "2M", 1, 2097152 },
	{ "2MiB", 1, 2097152 },
	{ "2mib", 1, 2097152 },
	{ "2MB", 1, 2097152 },
	{ "1.5G", 1, 1610612736 },
	{ "0.5K", 1, 512 },
	{ "1.25k", 1, 1280 },
	{ "0.1K", 1, 102 },
	{ "1T", 1, INT64_C(1) << 40 },
	{ "8388607T", 1, INT64_C(8388607) << 40 },
	{ "9223372036854775807", 1, INT64_MAX },
	{ "", 0, 0 },
	{ "abc", 0, 0 },
	{ "-1", 0, 0 },
	{ "+1", 0, 0 },
	{ "5X", 0, 0 },
	{ " 1", 0, 0 },
	{ "1 ", 0, 0 },
	{ "1 K", 0, 0 },
	{ "1.", 0, 0 },
	{ ".5K", 0, 0 },
	{ "1.5", 0, 0 },
	{ "1e3", 0, 0 },
	{ "K", 0, 0 },
	{ "1iB", 0, 0 },
	{ "1Ki", 0, 0 },
	{ "1KiBB", 0, 0 },
	{ "1KK", 0, 0 },
	{ "8388608T", 0, 0 },
	{ "9223372036854775808", 0, 0 },
	{ "99999999999999999999", 0, 0 },
	{ "9007199254740992G", 0, 0 },
};

/* format_size() writes each size of the table as expected. */
START_TEST(test_size)
{
	const struct size_case *c = &size_cases[_i];
	char buf[FORMAT_LEN];

	ck_assert_ptr_eq(format_size(buf, sizeof buf, c->bytes), buf);
	ck_assert_str_eq(buf, c->text);
}
END_TEST

/* format_size() never needs more than 8 columns. */
START_TEST(test_size_width)
{
	char buf[FORMAT_LEN];
	int64_t b;
	int k;

	for (b = 1; b > 0 && b < INT64_MAX / 3; b = b * 3 + 1) {
		for (k = -2; k <= 2; k++) {
			format_size(buf, sizeof buf, b + k);
			ck_assert_msg(strlen(buf) <= 8, "%s is too wide", buf);
		}
	}
}
END_TEST

/* format_size() cuts its text to the buffer it is given. */
START_TEST(test_size_short_buffer)
{
	char buf[4];

	format_size(buf, sizeof buf, 1536);
	ck_assert_str_eq(buf, "1.5");
}
END_TEST

/* format_rate() writes each rate of the table as expected. */
START_TEST(test_rate)
{
	const struct rate_case *c = &rate_cases[_i];
	char buf[FORMAT_LEN];

	ck_assert_ptr_eq(format_rate(buf, sizeof buf, c->rate), buf);
	ck_assert_str_eq(buf, c->text);
}
END_TEST

/* format_eta() writes each duration of the table as expected. */
START_TEST(test_eta)
{
	const struct eta_case *c = &eta_cases[_i];
	char buf[FORMAT_LEN];

	ck_assert_ptr_eq(format_eta(buf, sizeof buf, c->secs), buf);
	ck_assert_str_eq(buf, c->text);
}
END_TEST

/* format_parse_size() accepts and rejects what the table says. */
START_TEST(test_parse)
{
	const struct parse_case *c = &parse_cases[_i];
	int64_t out;

	out = -42;
	if (c->ok) {
		ck_assert_msg(format_parse_size(c->text, &out) == 0,
		    "\"%s\" was rejected", c->text);
		ck_assert_int_eq(out, c->bytes);
	} else {
		ck_assert_msg(format_parse_size(c->text, &out) == -1,
		    "\"%s\" was accepted", c->text);
		ck_assert_int_eq(out, -42);
	}
}
END_TEST

/* Collects the format tests. */
static Suite *
format_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("format");
	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_size, 0, (int)NITEMS(size_cases));
	tcase_add_test(tc, test_size_width);
	tcase_add_test(tc, test_size_short_buffer);
	tcase_add_loop_test(tc, test_rate, 0, (int)NITEMS(rate_cases));
	tcase_add_loop_test(tc, test_eta, 0, (int)NITEMS(eta_cases));
	tcase_add_loop_test(tc, test_parse, 0, (int)NITEMS(parse_cases));
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the format tests; fails when any test does. */
int
main(void)
{

	return unit_run(format_suite());
}
