/*
 * What the Check unit tests share.
 */
#ifndef HAUL_TESTS_UNIT_H
#define HAUL_TESTS_UNIT_H

#include <check.h>

/*
 * Runs every test of suite S, printing Check's summary line, and returns
 * the exit status for the test driver: EXIT_SUCCESS when all passed.
 */
int	unit_run(Suite *s);

#endif
