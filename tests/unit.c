/*
 * The runner every Check unit test's main() ends with.
 */
#include <stdlib.h>

#include "unit.h"

/* Runs suite S and returns the exit status for the test driver. */
int
unit_run(Suite *s)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
