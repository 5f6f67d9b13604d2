/*
 * Unit tests of format_escape(): text from the network reaches
 * a terminal only with control characters, invisible bidi characters and
 * invalid UTF-8 written as escapes.
 */
#include <check.h>
#include <stdlib.h>

#include "format.h"
#include "unit.h"

static const struct {
	const char	*in;
	const char	*out;
} escapes[] = {
	{ "plain.txt", "plain.txt" },
	{ "", "" },
	{ "a\033[2Jb", "a\\x1b[2Jb" },
	{ "tab\there", "tab\\x09here" },
	{ "del\177", "del\\x7f" },
	{ "caf\303\251", "caf\303\251" },
	{ "\344\270\255\346\226\207", "\344\270\255\346\226\207" },
	{ "evil\342\200\256exe", "evil\\u202eexe" },
	{ "c1\302\205", "c1\\u0085" },
	{ "bad\377\376", "bad\\xff\\xfe" },
	{ "cut\342\202", "cut\\xe2\\x82" },
	{ "overlong\300\257", "overlong\\xc0\\xaf" },
	{ "surrogate\355\240\200", "surrogate\\xed\\xa0\\x80" },
	{ "bom\357\273\277", "bom\\ufeff" },
};

START_TEST(test_escape_table)
{
	char buf[128];

	format_escape(buf, sizeof buf, escapes[_i].in);
	ck_assert_str_eq(buf, escapes[_i].out);
}
END_TEST

START_TEST(test_escape_never_overflows)
{
	char buf[6];

	format_escape(buf, sizeof buf, "abcdefgh");
	ck_assert_str_eq(buf, "abcde");
	format_escape(buf, sizeof buf, "ab\033cd");
	ck_assert_str_eq(buf, "ab");
	format_escape(buf, 1, "abc");
	ck_assert_str_eq(buf, "");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");

	tcase_add_loop_test(tc, test_escape_table, 0,
	    sizeof escapes / sizeof escapes[0]);
	tcase_add_test(tc, test_escape_never_overflows);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
