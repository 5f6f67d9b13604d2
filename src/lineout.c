/*
 * Line output for non-terminals.
 */
#include <string.h>

#include "format.h"
#include "lineout.h"

/* Prints the line for a finished or failed task. */
void
lineout_task(const struct task *t, int quiet)
{
	char size[FORMAT_LEN], name[1024], url[2048], why[2048];

	format_escape(url, sizeof url, t->url);
	if (t->state == TASK_FAILED) {
		format_escape(why, sizeof why, t->error ? t->error : "failed");
		fprintf(stderr, "failed  %s: %s\n", url, why);
		return;
	}
	if (quiet)
		return;
	format_escape(name, sizeof name, t->name ? t->name : url);
	format_size(size, sizeof size, t->done);
	printf("%-7s %9s  %s%s%s\n", t->skipped ? "skipped" : "done", size,
	    strcmp(t->dir, ".") == 0 ? "" : t->dir,
	    strcmp(t->dir, ".") == 0 ? "" : "/", name);
	fflush(stdout);
}

/* Prints the summary line. */
void
lineout_summary(FILE *fp, const struct task_list *tl, uint64_t elapsed_ms)
{
	char size[FORMAT_LEN], rate[FORMAT_LEN];
	double secs = (double)elapsed_ms / 1000.0;

	format_size(size, sizeof size, tl->received);
	format_rate(rate, sizeof rate, secs > 0 ? (double)tl->received / secs :
	    0);
	fprintf(fp, "%u done, %u failed, %u not finished; %s received in "
	    "%.1f s (%s)\n",
	    tl->count[TASK_DONE], tl->count[TASK_FAILED],
	    task_list_pending(tl) + tl->count[TASK_PAUSED], size, secs, rate);
	fflush(fp);
}
