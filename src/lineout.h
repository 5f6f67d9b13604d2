/*
 * Line output: the view of the task list for pipes, logs and CI.  One
 * line per finished task on standard output, one per failure on standard
 * error, then a summary.  Text from the network is escaped.
 */
#ifndef HAUL_LINEOUT_H
#define HAUL_LINEOUT_H

#include <stdint.h>
#include <stdio.h>

#include "task.h"

/* Prints the line for T, which has just finished or failed. */
void	lineout_task(const struct task *t, int quiet);

/*
 * Prints the closing summary: counts, the body bytes received in this run
 * (not those a resumed part already held) and the elapsed time.
 */
void	lineout_summary(FILE *fp, const struct task_list *tl,
	    uint64_t elapsed_ms);

#endif
