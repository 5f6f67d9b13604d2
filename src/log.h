/*
 * The --log file: a timestamped record of what each task asked and was
 * told.  Any thread may log; when no log is open, logging costs a test of
 * one pointer.
 */
#ifndef HAUL_LOG_H
#define HAUL_LOG_H

/* Opens (appends to) PATH.  Returns 0, or -1 with errno set. */
int	log_open(const char *path);

/* Closes the log, if one is open. */
void	log_close(void);

/* Writes one line, prefixed with the time, if a log is open. */
void	log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
