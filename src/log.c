/*
 * The log file.  One lock keeps lines from different workers whole.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"

static FILE		*log_fp;		/* guarded by log_lock */
static atomic_int	 log_on;		/* a cheap look at log_fp */
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Opens the log for appending. */
int
log_open(const char *path)
{
	FILE *fp;

	if ((fp = fopen(path, "ae")) == NULL)
		return -1;
	pthread_mutex_lock(&log_lock);
	log_fp = fp;
	atomic_store(&log_on, 1);
	pthread_mutex_unlock(&log_lock);
	return 0;
}

/* Closes the log. */
void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
	atomic_store(&log_on, 0);
	pthread_mutex_unlock(&log_lock);
}

/* Writes a line with the local time to the millisecond in front. */
void
log_msg(const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	va_list ap;

	if (!atomic_load_explicit(&log_on, memory_order_relaxed))
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	pthread_mutex_lock(&log_lock);
	if (log_fp != NULL) {
		fprintf(log_fp, "%s.%03ld ", stamp, (long)tv.tv_usec / 1000);
		va_start(ap, fmt);
		vfprintf(log_fp, fmt, ap);
		va_end(ap);
		fputc('\n', log_fp);
		fflush(log_fp);
	}
	pthread_mutex_unlock(&log_lock);
}
