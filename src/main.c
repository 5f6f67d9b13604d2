/*
 * haul: start-up, the main loop, and the exit status.
 *
 * The main thread owns the task list.  It loads the queue, starts the
 * worker pool, and then loops: wait for a key or an event, fold events
 * into the task list, hand queued tasks to free workers, redraw.  The
 * screen (ui.c) and the line output (lineout.c) are two views of the same
 * loop; neither knows about the other.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "events.h"
#include "fetch.h"
#include "format.h"
#include "lineout.h"
#include "log.h"
#include "naming.h"
#include "options.h"
#include "pool.h"
#include "queuefile.h"
#include "session.h"
#include "ratelimit.h"
#include "task.h"
#include "ui.h"

#define MAIN_RING_SIZE 1024
#define MAIN_DRAIN_BATCH 256
#define MAIN_TICK_MS 100

static volatile sig_atomic_t main_signal;

/* Everything the main loop works with. */
struct main_state {
	struct options		 opt;
	struct fetch_opts	 fopts;
	struct task_list	 tl;
	struct events		*ev;
	struct pool		*pool;
	struct ui		*ui;
	struct ratelimit	*limit;
	const char		*loading;	/* queue file being read */
	struct task		**seen;		/* session tasks, hashed */
	char			 cwd[PATH_MAX];	/* haul never changes it */
	size_t			 seen_cap;
	unsigned		 nskipped;	/* queue lines warned about */
	FILE			*skipped;	/* the same warnings, kept */
	char			*skipped_text;
	size_t			 skipped_len;
	char			*session;	/* default session path */
	unsigned		 saved_states;	/* tl.states when saved */
	uint64_t		 saved_ms;
	uint64_t		 start_ms;
	int			 load_failed;	/* an unreadable queue file */
};

/* Remembers which signal asked haul to stop; nothing else. */
static void
main_on_signal(int sig)
{
	int saved = errno;

	main_signal = sig;
	errno = saved;
}

/* Installs the signal handlers: only flags, and SIGPIPE ignored. */
static void
main_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* Past a file size limit, a write should fail, not kill haul. */
	sigaction(SIGXFSZ, &sa, NULL);
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * Prints a warning about line LINE of FILE, and counts it: the screen,
 * which hides what was printed before it, says how many there were.
 */
static void
main_skipped(struct main_state *s, const char *file, unsigned line,
    const char *fmt, ...)
{
	char raw[1024], safe[4096], where[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* A queue file's text may hold escape sequences: never print them. */
	format_escape(safe, sizeof safe, raw);
	format_escape(where, sizeof where, file);
	fprintf(stderr, "haul: %s:%u: %s\n", where, line, safe);
	if (s->skipped != NULL)
		fprintf(s->skipped, "haul: %s:%u: %s\n", where, line, safe);
	s->nskipped++;
}

/* Takes a warning from the queue-file parser. */
static void
main_warn(const char *file, unsigned line, const char *msg, void *arg)
{
	main_skipped(arg, file, line, "%s", msg);
}

/*
 * Returns 1 if DIR (from a queue file) stays inside the download
 * directory: relative, with no ".." component.
 */
static int
main_dir_is_safe(const char *dir)
{
	const char *p = dir;

	if (*dir == '/')
		return 0;
	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		p += *p == '/';
	}
	return 1;
}

/* Returns BASE/SUB (malloc'd), or a copy of BASE when SUB is NULL. */
static char *
main_join(const char *base, const char *sub)
{
	char *path;

	if (sub == NULL || *sub == '\0')
		return strdup(base);
	if (asprintf(&path, "%s/%s", base, sub) == -1)
		return NULL;
	return path;
}

/* Returns a hash of a task's URL and directory. */
static size_t
main_hash(const char *url, const char *dir)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	const char *p;

	for (p = url; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ '\n') * 1099511628211ULL;
	for (p = dir; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (size_t)h;
}

/*
 * Remembers the tasks a session brought back, so that the same URLs given
 * again on the command line or in a queue file are not queued twice.
 */
static void
main_seen_fill(struct main_state *s)
{
	char full[PATH_MAX];
	size_t i, j;

	if (s->tl.n == 0)
		return;
	s->seen_cap = 2 * s->tl.n + 1;
	if ((s->seen = calloc(s->seen_cap, sizeof *s->seen)) == NULL)
		return;
	for (i = 0; i < s->tl.n; i++) {
		struct task *t = s->tl.v[i];

		session_full_dir(s->cwd, t->dir, full, sizeof full);
		j = main_hash(t->url, full) % s->seen_cap;
		while (s->seen[j] != NULL)
			j = (j + 1) % s->seen_cap;
		s->seen[j] = t;
	}
}

/* Returns 1 if the session already holds URL for directory DIR. */
static int
main_seen(const struct main_state *s, const char *url, const char *dir)
{
	char full[PATH_MAX], other[PATH_MAX];
	size_t j;

	if (s->seen == NULL)
		return 0;
	session_full_dir(s->cwd, dir, full, sizeof full);
	j = main_hash(url, full) % s->seen_cap;
	for (; s->seen[j] != NULL; j = (j + 1) % s->seen_cap)
		if (strcmp(s->seen[j]->url, url) == 0 &&
		    strcmp(session_full_dir(s->cwd, s->seen[j]->dir, other,
		    sizeof other), full) == 0)
			return 1;
	return 0;
}

/*
 * Adds one task for URL, saved in directory PATH, reporting failure in
 * words; returns it, or NULL (also when the session has it already).
 */
static struct task *
main_add_in(struct main_state *s, const char *url, const char *out,
    const char *path)
{
	struct task *t;

	if (main_seen(s, url, path)) {
		log_msg("%s is in the session already", url);
		return NULL;
	}
	if ((t = task_add(&s->tl, url, out, path)) == NULL) {
		fprintf(stderr, "haul: out of memory adding %s\n", url);
		return NULL;
	}
	log_msg("task %u: added %s", t->id, url);
	/* The name the file will most likely get, until a worker knows. */
	t->name = out ? naming_sanitize(out) : naming_from_url(url);
	return t;
}

/* Adds one task, saved in DIR below the download directory. */
static struct task *
main_add(struct main_state *s, const char *url, const char *out,
    const char *dir)
{
	struct task *t = NULL;
	char *path;

	if ((path = main_join(s->opt.dir, dir)) != NULL)
		t = main_add_in(s, url, out, path);
	free(path);
	return t;
}

/* Shows how much a paused task's part holds until it runs again. */
static void
main_part_size(struct task *t)
{
	struct stat st;
	char *part;

	if (t->name == NULL ||
	    asprintf(&part, "%s/%s.part", t->dir, t->name) == -1)
		return;
	if (stat(part, &st) == 0 && S_ISREG(st.st_mode))
		t->done = (int64_t)st.st_size;
	free(part);
}

/* Gives T what entry E asks beyond its URL: checksum, pause, done. */
static void
main_entry_marks(struct main_state *s, struct task *t,
    const struct queue_entry *e, const struct checksum_spec *spec)
{
	if (t == NULL)
		return;
	if (spec != NULL && (t->checksum = malloc(sizeof *spec)) != NULL)
		*t->checksum = *spec;
	if (e->done != NULL && strcmp(e->done, "true") == 0)
		task_restore_done(&s->tl, t);
	else if (e->pause != NULL && strcmp(e->pause, "true") == 0) {
		task_toggle_pause(&s->tl, t);
		main_part_size(t);
	}
}

/* Takes one queue-file entry. */
static void
main_entry(struct queue_entry *e, void *arg)
{
	struct main_state *s = arg;
	struct checksum_spec spec, *want = NULL;
	const char *url = e->urls[0];
	char err[256];

	if (e->checksum != NULL &&
	    checksum_parse(e->checksum, &spec, err, sizeof err) != 0) {
		main_skipped(s, s->loading, e->line, "checksum: %s; entry "
		    "skipped", err);
		queuefile_entry_free(e);
		return;
	}
	if (e->checksum != NULL)
		want = &spec;
	if (e->dir != NULL && *e->dir == '/' &&
	    s->loading == s->opt.session) {
		/* A session names its directories in full (session.c). */
		main_entry_marks(s, main_add_in(s, url, e->out, e->dir), e,
		    want);
	} else if (e->dir != NULL && !main_dir_is_safe(e->dir)) {
		main_skipped(s, s->loading, e->line, "dir=%s leaves the "
		    "download directory; entry skipped", e->dir);
	} else
		main_entry_marks(s, main_add(s, url, e->out, e->dir), e, want);
	queuefile_entry_free(e);
}

/* Loads the session file, if there is one yet. */
static void
main_load_session(struct main_state *s)
{
	const char *path = s->opt.session;

	if (path == NULL || access(path, F_OK) != 0)
		return;
	s->loading = path;
	if (queuefile_load(path, main_entry, main_warn, s) < 0) {
		fprintf(stderr, "haul: cannot read session %s: %s\n", path,
		    strerror(errno));
		s->load_failed = 1;
	}
}

/* Loads the session, every -i file and the command-line URLs. */
static void
main_load(struct main_state *s)
{
	size_t i;

	main_load_session(s);
	main_seen_fill(s);

	for (i = 0; i < s->opt.ninputs; i++) {
		const char *path = s->opt.inputs[i];

		s->loading = path;
		if (queuefile_load(path, main_entry, main_warn, s) < 0) {
			fprintf(stderr, "haul: cannot read queue file %s: "
			    "%s\n", path, strerror(errno));
			s->load_failed = 1;
		}
	}
	for (i = 0; i < s->opt.nurls; i++)
		main_add(s, s->opt.urls[i], s->opt.output, NULL);
}

/* Hands queued tasks to the pool while workers are free. */
static void
main_dispatch(struct main_state *s)
{
	struct task *t;
	struct job *job;

	while (s->tl.count[TASK_ACTIVE] + s->tl.count[TASK_RETRYING] <
	    s->opt.jobs && (t = task_next_queued(&s->tl)) != NULL) {
		if ((job = calloc(1, sizeof *job)) == NULL)
			return;
		job->task = t->id;
		job->url = strdup(t->url);
		job->dir = strdup(t->dir);
		job->name = t->out ? strdup(t->out) : NULL;
		if (t->checksum != NULL &&
		    (job->checksum = malloc(sizeof *job->checksum)) != NULL)
			*job->checksum = *t->checksum;
		job->length = -1;
		job->serial = task_start(&s->tl, t, task_now_ms());
		pool_submit(s->pool, job);
	}
}

/* Folds every waiting event into the task list. */
static void
main_drain(struct main_state *s)
{
	struct event batch[MAIN_DRAIN_BATCH];
	size_t n, i;
	uint64_t now = task_now_ms();

	while ((n = events_drain(s->ev, batch, MAIN_DRAIN_BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			enum event_kind kind = batch[i].kind;
			struct task *t = task_apply(&s->tl, &batch[i], now);

			if (t == NULL || s->ui != NULL)
				continue;
			if (kind == EVENT_DONE || kind == EVENT_FAILED)
				lineout_task(t, s->opt.quiet);
		}
	}
}

/* Adds the URLs in TEXT, separated by white space. */
static void
main_add_typed(struct main_state *s, char *text)
{
	char *url, *save = NULL, msg[64];
	unsigned n = 0;

	for (url = strtok_r(text, " \t\r\n", &save); url != NULL;
	    url = strtok_r(NULL, " \t\r\n", &save)) {
		main_add(s, url, NULL, NULL);
		n++;
	}
	snprintf(msg, sizeof msg, "%u URL%s added", n, n == 1 ? "" : "s");
	ui_message(s->ui, msg);
}

/* Pauses or resumes the task the command names. */
static void
main_cmd_pause(struct main_state *s, const struct ui_cmd *cmd)
{
	struct task *t = task_get(&s->tl, cmd->task);

	if (t != NULL && task_toggle_pause(&s->tl, t) == 1 && t->job_live)
		pool_cancel(s->pool, t->id);
}

/* Pauses every unfinished task, or resumes them all if none runs. */
static void
main_cmd_pause_all(struct main_state *s, const struct ui_cmd *cmd)
{
	int pausing = task_list_pending(&s->tl) > 0;
	size_t i;

	(void)cmd;
	for (i = 0; i < s->tl.n; i++) {
		struct task *t = s->tl.v[i];

		if ((t->state == TASK_PAUSED) == pausing)
			continue;
		if (t->state >= TASK_DONE)
			continue;
		if (task_toggle_pause(&s->tl, t) == 1 && t->job_live)
			pool_cancel(s->pool, t->id);
	}
}

/* Queues a failed task again. */
static void
main_cmd_retry(struct main_state *s, const struct ui_cmd *cmd)
{
	struct task *t = task_get(&s->tl, cmd->task);

	if (t != NULL)
		task_retry(&s->tl, t);
}

/* Stops and forgets a task; its partial file stays on disk. */
static void
main_cmd_remove(struct main_state *s, const struct ui_cmd *cmd)
{
	struct task *t = task_get(&s->tl, cmd->task);

	if (t == NULL)
		return;
	if (t->job_live)
		pool_cancel(s->pool, t->id);
	task_remove(&s->tl, t);
}

/* Moves a task up or down the list. */
static void
main_cmd_move(struct main_state *s, const struct ui_cmd *cmd)
{
	struct task *t = task_get(&s->tl, cmd->task);

	if (t != NULL)
		task_move(&s->tl, t, cmd->value < 0 ? -1 : 1);
}

/* Changes how many downloads run at once; none is cut short. */
static void
main_cmd_jobs(struct main_state *s, const struct ui_cmd *cmd)
{
	long long jobs = (long long)s->opt.jobs + cmd->value;
	char msg[64];

	if (jobs < 1)
		jobs = 1;
	if (jobs > OPTIONS_MAX_JOBS)
		jobs = OPTIONS_MAX_JOBS;
	s->opt.jobs = pool_grow_to(s->pool, (unsigned)jobs) < jobs ?
	    s->opt.jobs : (unsigned)jobs;
	snprintf(msg, sizeof msg, "%u downloads at once", s->opt.jobs);
	ui_message(s->ui, msg);
	s->tl.changes++;
}

/* Sets the overall speed limit. */
static void
main_cmd_limit(struct main_state *s, const struct ui_cmd *cmd)
{
	ratelimit_set(s->limit, cmd->value);
	s->tl.changes++;
}

/* Adds the URLs typed or pasted at the prompt. */
static void
main_cmd_add(struct main_state *s, const struct ui_cmd *cmd)
{
	if (cmd->text != NULL)
		main_add_typed(s, cmd->text);
}

/* What main.c does for each command the screen sends. */
static const struct {
	enum ui_command	 command;
	void		 (*run)(struct main_state *, const struct ui_cmd *);
} main_commands[] = {
	{ UI_ADD,	main_cmd_add },
	{ UI_PAUSE,	main_cmd_pause },
	{ UI_PAUSE_ALL,	main_cmd_pause_all },
	{ UI_RETRY,	main_cmd_retry },
	{ UI_REMOVE,	main_cmd_remove },
	{ UI_MOVE,	main_cmd_move },
	{ UI_JOBS,	main_cmd_jobs },
	{ UI_LIMIT,	main_cmd_limit },
};

/* Reads keys and carries out their commands; returns 1 to quit. */
static int
main_keys(struct main_state *s)
{
	struct ui_cmd cmd;
	size_t i;
	int quit = 0;

	while (!quit && ui_input(s->ui, &s->tl, &cmd)) {
		quit = cmd.command == UI_QUIT;
		for (i = 0; i < sizeof main_commands /
		    sizeof main_commands[0]; i++)
			if (main_commands[i].command == cmd.command)
				main_commands[i].run(s, &cmd);
		free(cmd.text);
	}
	return quit;
}

/* Waits for a key, an event or the next tick. */
static void
main_wait(struct main_state *s)
{
	struct pollfd fds[2];
	nfds_t n = 0;

	fds[n].fd = events_fd(s->ev);
	fds[n++].events = POLLIN;
	if (s->ui != NULL) {
		fds[n].fd = ui_fd(s->ui);
		fds[n++].events = POLLIN;
	}
	if (poll(fds, n, MAIN_TICK_MS) == -1 && errno != EINTR)
		perror("haul: poll");
}

/* Draws the screen from the task list. */
static void
main_draw(struct main_state *s)
{
	struct ui_status st = {
		.jobs = s->opt.jobs,
		.elapsed_ms = task_now_ms() - s->start_ms,
		.dir = s->opt.dir,
		.limit = ratelimit_get(s->limit),
		.session = s->opt.session,
		.insecure = s->opt.insecure
	};

	ui_draw(s->ui, &s->tl, &st);
}

/* Saves the session file now; complains once if it cannot. */
static void
main_save(struct main_state *s)
{
	static int complained;

	if (s->opt.session == NULL)
		return;
	s->saved_states = s->tl.states;
	s->saved_ms = task_now_ms();
	if (session_save(s->opt.session, &s->tl, s->cwd,
	    s->opt.keep_done) == 0 ||
	    complained++)
		return;
	if (s->ui != NULL)
		ui_message(s->ui, "cannot save the session file");
	else
		fprintf(stderr, "haul: cannot save session %s: %s\n",
		    s->opt.session, strerror(errno));
}

/* Saves the session if a task changed state, at most once a second. */
static void
main_autosave(struct main_state *s)
{
	if (s->tl.states != s->saved_states &&
	    task_now_ms() - s->saved_ms >= 1000)
		main_save(s);
}

/* The main loop: runs until everything ended (line output) or quit. */
static void
main_loop(struct main_state *s)
{
	for (;;) {
		main_dispatch(s);
		if (s->ui != NULL)
			main_draw(s);
		else if (task_list_pending(&s->tl) == 0)
			break;
		main_wait(s);
		if (main_signal != 0)
			break;
		main_drain(s);
		task_tick(&s->tl, task_now_ms());
		main_autosave(s);
		if (s->ui != NULL && main_keys(s))
			break;
	}
}

/* Creates the download directory if it is missing. */
static int
main_make_dir(const char *dir)
{
	char err[512];

	if (fetch_mkdirs(dir, err, sizeof err) == 0)
		return 0;
	fprintf(stderr, "haul: %s\n", err);
	return -1;
}

/* Fills the fetch settings from the options. */
static void
main_fetch_opts(struct main_state *s)
{
	s->fopts.on_exists = s->opt.on_exists;
	s->fopts.resume = s->opt.resume;
	s->fopts.retries = s->opt.retries;
	s->fopts.timeout = s->opt.timeout;
	s->fopts.connect_timeout = s->opt.connect_timeout;
	s->fopts.max_wait = s->opt.max_wait;
	s->fopts.insecure = s->opt.insecure;
	s->fopts.ca_file = s->opt.ca_file;
	if (s->opt.insecure)
		fprintf(stderr, "haul: warning: --insecure: TLS certificates "
		    "are not checked; anyone on the path can read and change "
		    "the data\n");
	s->fopts.retry_wait_ms = 1000;
	s->fopts.user_agent = "haul/" PACKAGE_VERSION;
}

/* Prints the queue-file warnings again, now that the screen is gone. */
static void
main_repeat_skipped(struct main_state *s)
{
	if (s->skipped == NULL || fflush(s->skipped) != 0)
		return;
	if (s->skipped_len > 0)
		fputs(s->skipped_text, stderr);
}

/* Tells the screen how many queue lines were skipped, if any. */
static void
main_tell_skipped(struct main_state *s)
{
	char msg[96];

	if (s->nskipped == 0)
		return;
	snprintf(msg, sizeof msg, "%u queue-file line%s skipped; the reasons "
	    "are printed when haul exits", s->nskipped,
	    s->nskipped == 1 ? "" : "s");
	ui_message(s->ui, msg);
}

/* Starts the engine and, on a terminal, the screen. */
static int
main_start(struct main_state *s)
{
	int tty = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);

	if ((s->limit = ratelimit_new()) == NULL ||
	    (s->ev = events_new(MAIN_RING_SIZE)) == NULL ||
	    (s->pool = pool_start(s->opt.jobs, s->ev, &s->fopts)) == NULL) {
		fprintf(stderr, "haul: cannot start workers: %s\n",
		    strerror(errno));
		return -1;
	}
	/* Workers read the settings only once jobs arrive. */
	s->fopts.limit = s->limit;
	ratelimit_set(s->limit, s->opt.limit_rate);
	if (tty && !s->opt.no_tui && !s->opt.quiet) {
		if ((s->ui = ui_start()) == NULL) {
			fprintf(stderr, "haul: cannot use this terminal; "
			    "try --no-tui\n");
			return -1;
		}
		main_tell_skipped(s);
	}
	return 0;
}

/* Stops the screen and the engine. */
static void
main_stop(struct main_state *s)
{
	if (s->ui != NULL) {
		ui_stop(s->ui);
		main_repeat_skipped(s);
	}
	s->ui = NULL;
	if (s->ev != NULL)
		events_close(s->ev);
	if (s->pool != NULL)
		pool_stop(s->pool);
	events_free(s->ev);
	ratelimit_free(s->limit);
}

/* Returns the exit status DESIGN.md promises. */
static int
main_status(const struct main_state *s)
{
	if (s->tl.count[TASK_FAILED] > 0 || s->tl.count[TASK_PAUSED] > 0 ||
	    task_list_pending(&s->tl) > 0)
		return 1;
	return 0;
}

/*
 * With no URLs and no queue file, on a terminal, haul opens the default
 * session so a person can quit and come back to the same downloads.
 */
static int
main_use_default_session(struct main_state *s)
{
	char err[512], *slash;

	if (s->opt.session != NULL || s->opt.nurls > 0 ||
	    s->opt.ninputs > 0 || s->opt.no_tui || s->opt.quiet ||
	    !isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		return 0;
	if ((s->session = session_default_path()) == NULL)
		return 0;
	slash = strrchr(s->session, '/');
	*slash = '\0';
	if (fetch_mkdirs(s->session, err, sizeof err) != 0) {
		fprintf(stderr, "haul: %s\n", err);
		return -1;
	}
	*slash = '/';
	s->opt.session = s->session;
	return 0;
}

/* Loads the queue and checks there is work; returns 0, or -1 to exit 2. */
static int
main_prepare(struct main_state *s)
{
	main_signals();
	if (getcwd(s->cwd, sizeof s->cwd) == NULL)
		snprintf(s->cwd, sizeof s->cwd, ".");
	s->skipped = open_memstream(&s->skipped_text, &s->skipped_len);
	if (s->opt.log != NULL && log_open(s->opt.log) != 0) {
		fprintf(stderr, "haul: cannot open log %s: %s\n", s->opt.log,
		    strerror(errno));
		return -1;
	}
	if (main_use_default_session(s) != 0)
		return -1;
	main_load(s);
	if (s->load_failed)
		return -1;
	if (s->tl.n == 0 && (s->opt.no_tui || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "haul: no URLs to download\n"
		    "Try 'haul --help' for more information.\n");
		return -1;
	}
	if (main_make_dir(s->opt.dir) != 0)
		return -1;
	main_fetch_opts(s);
	return 0;
}

/* Downloads everything and returns the exit status. */
static int
main_run(struct main_state *s)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "haul: cannot initialise libcurl\n");
		return 2;
	}
	s->start_ms = task_now_ms();
	if (main_start(s) == 0)
		main_loop(s);
	main_stop(s);
	main_save(s);
	curl_global_cleanup();
	lineout_summary(s->opt.quiet ? stderr : stdout, &s->tl,
	    task_now_ms() - s->start_ms);
	return main_status(s);
}

int
main(int argc, char **argv)
{
	struct main_state s;
	enum options_result r;
	int status;

	memset(&s, 0, sizeof s);
	setlocale(LC_ALL, "");
	task_list_init(&s.tl);
	r = options_parse(argc, argv, &s.opt);
	if (r == OPTIONS_RUN)
		status = main_prepare(&s) == 0 ? main_run(&s) : 2;
	else
		status = r == OPTIONS_EXIT ? 0 : 2;
	task_list_free(&s.tl);
	options_free(&s.opt);
	free(s.session);
	free(s.seen);
	if (s.skipped != NULL)
		fclose(s.skipped);
	free(s.skipped_text);
	log_close();
	return status;
}
