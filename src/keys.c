/*
 * What each key does.  The bindings live in tables, one for each mode
 * that has keys of its own: the task list (and the error pane, when it
 * has the focus), the prompt, and the details view (whose scrolling keys
 * also scroll the help).  The input handler looks keys up in the tables
 * and the help overlay is drawn from them, so the two cannot drift.
 *
 * A key about "the selected task" means the task selected in the list,
 * or the failure selected in the error pane while the pane has the focus.
 * Nothing here changes the task list: a key that needs it changed fills
 * a command for main.c, which owns the list.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "format.h"
#include "ui_private.h"

/* How long Enter in the prompt waits to see whether a paste goes on. */
#define KEYS_PASTE_MS	30

/* Most keys one binding has. */
#define KEYS_PER_BINDING 8

/* Width of the key column in the help overlay, and of the whole box. */
#define KEYS_LABEL_W	13
#define KEYS_HELP_W	76

/* Keys with no character of their own. */
#define KEYS_ESC	('[' - '@')
#define KEYS_CTRL(c)	((c) - '@')

/* Room for a task's partial file name: a directory and a file name. */
#define KEYS_PATH_MAX	(PATH_MAX + 272)

/* A key being handled: the screen, the list, the key, the command. */
struct keys_ctx {
	struct ui		*ui;
	const struct task_list	*tl;
	int			 key;
	struct ui_cmd		*cmd;
};

/* Acts on a key; returns 1 when the command was filled for main.c. */
typedef int (*keys_fn)(struct keys_ctx *);

/*
 * One binding: the keys, how help names them (NULL: not a key a person
 * presses, left out of the help), what they do.
 */
struct keys_binding {
	int		 keys[KEYS_PER_BINDING];	/* ended by 0 */
	const char	*label;
	const char	*help;
	keys_fn		 fn;
};

static int	keys_add(struct keys_ctx *);
static int	keys_step(struct keys_ctx *);
static int	keys_page(struct keys_ctx *);
static int	keys_ends(struct keys_ctx *);
static int	keys_pause(struct keys_ctx *);
static int	keys_pause_all(struct keys_ctx *);
static int	keys_retry(struct keys_ctx *);
static int	keys_remove(struct keys_ctx *);
static int	keys_shift(struct keys_ctx *);
static int	keys_jobs(struct keys_ctx *);
static int	keys_limit(struct keys_ctx *);
static int	keys_details(struct keys_ctx *);
static int	keys_focus(struct keys_ctx *);
static int	keys_errors(struct keys_ctx *);
static int	keys_click(struct keys_ctx *);
static int	keys_help(struct keys_ctx *);
static int	keys_quit(struct keys_ctx *);
static int	keys_enter(struct keys_ctx *);
static int	keys_cancel(struct keys_ctx *);
static int	keys_backspace(struct keys_ctx *);
static int	keys_erase(struct keys_ctx *);
static int	keys_paste(struct keys_ctx *);
static int	keys_paste_end(struct keys_ctx *);
static int	keys_close(struct keys_ctx *);
static int	keys_scroll(struct keys_ctx *);
static int	keys_refresh(struct keys_ctx *);

/* Keys over the task list, and over the error pane when it has focus. */
static const struct keys_binding keys_list[] = {
	{ { 'a' }, "a", "add URLs (several may be pasted)", keys_add },
	{ { 'j', UI_FKEY(KEY_DOWN), 'k', UI_FKEY(KEY_UP) }, "j k Up Down",
	    "select the next or previous task", keys_step },
	{ { UI_FKEY(KEY_NPAGE), UI_FKEY(KEY_PPAGE) }, "PgDn PgUp",
	    "one page down or up", keys_page },
	{ { 'g', UI_FKEY(KEY_HOME), 'G', UI_FKEY(KEY_END) }, "g G Home End",
	    "select the first or the last task", keys_ends },
	{ { 'p', ' ' }, "p Space", "pause or resume the selected task",
	    keys_pause },
	{ { 'P' }, "P", "pause all, or resume all when none runs",
	    keys_pause_all },
	{ { 'r' }, "r", "retry the selected failed task", keys_retry },
	{ { 'x' }, "x", "remove the selected task (its partial file stays)",
	    keys_remove },
	{ { 'K', 'J' }, "K J", "move the selected task up or down the queue",
	    keys_shift },
	{ { '+' }, "+", "one more download at a time", keys_jobs },
	{ { '-' }, "-",
	    "one fewer; a download beyond the new limit finishes first",
	    keys_jobs },
	{ { 'l' }, "l", "set the overall speed limit", keys_limit },
	{ { '\r', '\n', UI_FKEY(KEY_ENTER) }, "Enter",
	    "details of the selected task", keys_details },
	{ { '\t', KEYS_ESC }, "Tab Esc",
	    "into the error pane (r, x, Enter act there) and out",
	    keys_focus },
	{ { 'e' }, "e", "show or hide the error pane", keys_errors },
	{ { UI_FKEY(KEY_MOUSE) }, "click", "select a task or the error pane",
	    keys_click },
	{ { KEYS_CTRL('L') }, "Ctrl-L", "redraw the screen", keys_refresh },
	{ { '?' }, "?", "show this help", keys_help },
	{ { 'q' }, "q", "quit (asks while transfers run)", keys_quit },
	{ { UI_KEY_PASTE }, NULL, NULL, keys_paste }
};

/* Keys in the prompt; other printable keys are typed in. */
static const struct keys_binding keys_prompt[] = {
	{ { '\r', '\n', UI_FKEY(KEY_ENTER) }, "Enter",
	    "add the URLs, or set the limit, typed", keys_enter },
	{ { KEYS_ESC }, "Esc", "cancel", keys_cancel },
	{ { 0x7f, KEYS_CTRL('H'), UI_FKEY(KEY_BACKSPACE) }, "Backspace",
	    "delete a character", keys_backspace },
	{ { KEYS_CTRL('U'), KEYS_CTRL('W') }, "Ctrl-U Ctrl-W",
	    "clear the line, delete a word", keys_erase },
	{ { UI_KEY_PASTE }, NULL, NULL, keys_paste },
	{ { UI_KEY_PASTE_END }, NULL, NULL, keys_paste_end }
};

/* Keys in the details view; the scrolling ones also scroll the help. */
static const struct keys_binding keys_view[] = {
	{ { '\r', '\n', UI_FKEY(KEY_ENTER), KEYS_ESC, 'q' }, "Enter Esc q",
	    "close the details", keys_close },
	{ { 'j', UI_FKEY(KEY_DOWN), 'k', UI_FKEY(KEY_UP), UI_FKEY(KEY_NPAGE),
	    UI_FKEY(KEY_PPAGE), 'g', 'G' }, "j k PgDn PgUp",
	    "scroll (the arrows, g and G too)", keys_scroll }
};

#define KEYS_NLIST	(sizeof keys_list / sizeof keys_list[0])
#define KEYS_NPROMPT	(sizeof keys_prompt / sizeof keys_prompt[0])
#define KEYS_NVIEW	(sizeof keys_view / sizeof keys_view[0])

/* The tables in the order the help shows them, under their titles. */
static const struct keys_section {
	const char			*title;	/* NULL: none */
	const struct keys_binding	*table;
	size_t				 n;
} keys_sections[] = {
	{ NULL, keys_list, KEYS_NLIST },
	{ "In the prompt:", keys_prompt, KEYS_NPROMPT },
	{ "In the details view (and this help):", keys_view, KEYS_NVIEW }
};

#define KEYS_NSECTIONS	(sizeof keys_sections / sizeof keys_sections[0])

/* Returns the binding of KEY among the N in TABLE, or NULL. */
static const struct keys_binding *
keys_find(const struct keys_binding *table, size_t n, int key)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < KEYS_PER_BINDING && table[i].keys[k] != 0;
		    k++)
			if (table[i].keys[k] == key)
				return &table[i];
	return NULL;
}

/* Returns what a task is called on screen: its name, else its URL. */
static const char *
keys_name(const struct task *t)
{
	return t->name != NULL ? t->name : t->url;
}

/* Shows a message made as printf makes it; "..." ends one cut short. */
static void __attribute__((format(printf, 2, 3)))
keys_say(struct ui *ui, const char *format, ...)
{
	char msg[sizeof ui->msg];
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(msg, sizeof msg, format, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof msg)
		memcpy(msg + sizeof msg - 4, "...", 4);
	ui_message(ui, msg);
}

/*
 * Returns the selected task: the failure selected in the error pane when
 * it has the focus, else the task selected in the list; NULL if none.
 */
static const struct task *
keys_target(const struct keys_ctx *k)
{
	const struct ui *ui = k->ui;

	if (ui->pane_focus)
		return ui->pane_sel < ui->nfails ?
		    task_get(k->tl, ui->fails[ui->pane_sel]) : NULL;
	return ui->sel < k->tl->n ? k->tl->v[ui->sel] : NULL;
}

/* Fills the command COMMAND about T for main.c; returns 1. */
static int
keys_command(struct keys_ctx *k, enum ui_command command,
    const struct task *t, long long value)
{
	k->cmd->command = command;
	k->cmd->task = t != NULL ? t->id : 0;
	k->cmd->value = value;
	return 1;
}

/* Says there is no task to act on; returns 0. */
static int
keys_no_task(struct keys_ctx *k)
{
	ui_message(k->ui, "No task is selected.");
	return 0;
}

/* Opens the prompt for PROMPT with an empty line. */
static void
keys_open_prompt(struct ui *ui, enum ui_prompt prompt)
{
	ui->mode = UI_MODE_PROMPT;
	ui->prompt = prompt;
	ui->len = 0;
	ui->pasting = 0;
}

/* Opens the prompt for URLs to add. */
static int
keys_add(struct keys_ctx *k)
{
	keys_open_prompt(k->ui, UI_PROMPT_ADD);
	return 0;
}

/* Moves *SEL, one of N places, BY places on (back when BY < 0). */
static void
keys_move(size_t *sel, size_t n, long by)
{
	if (n == 0)
		*sel = 0;
	else if (by < 0 && (size_t)-by > *sel)
		*sel = 0;
	else if (by < 0)
		*sel -= (size_t)-by;
	else if ((size_t)by >= n - *sel)
		*sel = n - 1;
	else
		*sel += (size_t)by;
}

/* Moves the selection in the list, or in the pane when it has focus. */
static void
keys_select_by(struct ui *ui, long by)
{
	if (ui->pane_focus)
		keys_move(&ui->pane_sel, ui->nfails, by);
	else
		keys_move(&ui->sel, ui->ntasks, by);
}

/* Returns whether KEY is one that moves back or up. */
static int
keys_backward(int key)
{
	return key == 'k' || key == 'g' || key == UI_FKEY(KEY_UP) ||
	    key == UI_FKEY(KEY_PPAGE) || key == UI_FKEY(KEY_HOME);
}

/* Selects the next or the previous task (or failure). */
static int
keys_step(struct keys_ctx *k)
{
	keys_select_by(k->ui, keys_backward(k->key) ? -1 : 1);
	return 0;
}

/* Moves the selection a page down or up. */
static int
keys_page(struct keys_ctx *k)
{
	int rows;
	long page;

	rows = k->ui->pane_focus ? k->ui->pane_rows - 1 : k->ui->list_rows;
	page = rows > 1 ? rows - 1 : 1;
	keys_select_by(k->ui, keys_backward(k->key) ? -page : page);
	return 0;
}

/* Selects the first or the last task (or failure). */
static int
keys_ends(struct keys_ctx *k)
{
	keys_select_by(k->ui, keys_backward(k->key) ? LONG_MIN + 1 :
	    LONG_MAX);
	return 0;
}

/* Asks main.c to pause or resume the selected task. */
static int
keys_pause(struct keys_ctx *k)
{
	const struct task *t;

	if ((t = keys_target(k)) == NULL)
		return keys_no_task(k);
	if (t->state == TASK_DONE) {
		keys_say(k->ui, "%s is done; there is nothing to pause.",
		    keys_name(t));
		return 0;
	}
	if (t->state == TASK_FAILED) {
		keys_say(k->ui, "%s failed; r retries it.", keys_name(t));
		return 0;
	}
	return keys_command(k, UI_PAUSE, t, 0);
}

/* Asks main.c to pause every task, or to resume them all. */
static int
keys_pause_all(struct keys_ctx *k)
{
	if (k->tl->n == 0)
		return keys_no_task(k);
	return keys_command(k, UI_PAUSE_ALL, NULL, 0);
}

/* Asks main.c to retry the selected task, which must have failed. */
static int
keys_retry(struct keys_ctx *k)
{
	const struct task *t;

	if ((t = keys_target(k)) == NULL)
		return keys_no_task(k);
	if (t->state != TASK_FAILED) {
		keys_say(k->ui, "%s has not failed; r retries failed "
		    "tasks only.", keys_name(t));
		return 0;
	}
	if (t->job_live) {
		keys_say(k->ui, "%s is still stopping; try again.",
		    keys_name(t));
		return 0;
	}
	return keys_command(k, UI_RETRY, t, 0);
}

/*
 * Writes the name of T's partial file into PATH.  Returns 1 when the
 * file is there to speak of: T is unfinished and has bytes on disk.
 */
static int
keys_part_path(const struct task *t, char *path, size_t len)
{
	int n;

	if (t->state == TASK_DONE || t->name == NULL || t->dir == NULL)
		return 0;
	n = snprintf(path, len, "%s/%s.part", t->dir, t->name);
	if (n < 0 || (size_t)n >= len)
		return 0;
	return t->done > 0 || access(path, F_OK) == 0;
}

/* Asks main.c to remove T, and says where its partial file stays. */
static int
keys_removing(struct keys_ctx *k, const struct task *t)
{
	char path[KEYS_PATH_MAX];

	if (keys_part_path(t, path, sizeof path))
		keys_say(k->ui, "Removed %s; its partial file stays: %s",
		    keys_name(t), path);
	else if (t->state == TASK_DONE)
		keys_say(k->ui, "Removed %s from the list; the file stays.",
		    keys_name(t));
	else
		keys_say(k->ui, "Removed %s.", keys_name(t));
	return keys_command(k, UI_REMOVE, t, 0);
}

/* Removes the selected task, asking first when it is running. */
static int
keys_remove(struct keys_ctx *k)
{
	const struct task *t;

	if ((t = keys_target(k)) == NULL)
		return keys_no_task(k);
	if (t->state == TASK_ACTIVE || t->state == TASK_RETRYING ||
	    t->job_live) {
		k->ui->mode = UI_MODE_CONFIRM;
		k->ui->ask = UI_ASK_REMOVE;
		k->ui->ask_id = t->id;
		return 0;
	}
	return keys_removing(k, t);
}

/* Moves the selected task up (K) or down (J); the selection follows. */
static int
keys_shift(struct keys_ctx *k)
{
	const struct task *t;
	int up;

	if ((t = keys_target(k)) == NULL)
		return keys_no_task(k);
	up = k->key == 'K';
	if (up && t->pos == 0) {
		keys_say(k->ui, "%s is first already.", keys_name(t));
		return 0;
	}
	if (!up && (size_t)t->pos + 1 >= k->tl->n) {
		keys_say(k->ui, "%s is last already.", keys_name(t));
		return 0;
	}
	return keys_command(k, UI_MOVE, t, up ? -1 : 1);
}

/* Asks for one more (+) or one fewer (-) download at a time. */
static int
keys_jobs(struct keys_ctx *k)
{
	return keys_command(k, UI_JOBS, NULL, k->key == '-' ? -1 : 1);
}

/* Opens the prompt for the speed limit. */
static int
keys_limit(struct keys_ctx *k)
{
	keys_open_prompt(k->ui, UI_PROMPT_LIMIT);
	return 0;
}

/* Opens the details view of the selected task. */
static int
keys_details(struct keys_ctx *k)
{
	const struct task *t;

	if ((t = keys_target(k)) == NULL)
		return keys_no_task(k);
	k->ui->mode = UI_MODE_DETAILS;
	k->ui->detail_id = t->id;
	k->ui->detail_top = 0;
	return 0;
}

/* Tab moves the focus into the error pane and out; Esc only out. */
static int
keys_focus(struct keys_ctx *k)
{
	struct ui *ui = k->ui;

	if (k->key == KEYS_ESC || ui->pane_focus) {
		ui->pane_focus = 0;
		return 0;
	}
	if (ui->nfails == 0) {
		ui_message(ui, "No task has failed: the error pane is empty.");
		return 0;
	}
	ui->show_errors = 1;
	ui->pane_focus = 1;
	ui->pane_sel = ui->nfails - 1;
	return 0;
}

/* Shows or hides the error pane, which gives up the focus if hidden. */
static int
keys_errors(struct keys_ctx *k)
{
	k->ui->show_errors = !k->ui->show_errors;
	if (!k->ui->show_errors)
		k->ui->pane_focus = 0;
	return 0;
}

/* Focuses the error pane, selecting the failure on its row ROW. */
static void
keys_click_pane(struct ui *ui, int row)
{
	size_t i;

	if (ui->nfails == 0)
		return;
	i = row >= 0 ? ui->pane_top + (size_t)row : ui->pane_sel;
	ui->pane_sel = i < ui->nfails ? i : ui->nfails - 1;
	ui->pane_focus = 1;
}

/*
 * Takes a mouse report: a click on a task row selects the task, a click
 * in the error pane gives it the focus and selects the failure there.
 */
static int
keys_click(struct keys_ctx *k)
{
	struct ui *ui = k->ui;
	MEVENT ev;
	size_t i;

	if (getmouse(&ev) != OK ||
	    (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) == 0 ||
	    COLS < UI_MIN_COLS || LINES < UI_MIN_LINES)
		return 0;
	if (ev.y >= ui->list_y && ev.y < ui->list_y + ui->list_rows) {
		i = ui->top + (size_t)(ev.y - ui->list_y);
		if (i < ui->ntasks) {
			ui->sel = i;
			ui->pane_focus = 0;
		}
	} else if (ui->pane_rows > 0 && ev.y >= ui->pane_y &&
	    ev.y < ui->pane_y + ui->pane_rows)
		keys_click_pane(ui, ev.y - ui->pane_y - 1);
	return 0;
}

/* Repaints the whole terminal, for when something scribbled on it. */
static int
keys_refresh(struct keys_ctx *k)
{
	(void)k;
	clearok(curscr, TRUE);
	return 0;
}

/* Opens the help overlay at its top. */
static int
keys_help(struct keys_ctx *k)
{
	k->ui->mode = UI_MODE_HELP;
	k->ui->help_top = 0;
	return 0;
}

/* Quits, or asks first while transfers are still to run. */
static int
keys_quit(struct keys_ctx *k)
{
	if (task_list_pending(k->tl) > 0) {
		k->ui->mode = UI_MODE_CONFIRM;
		k->ui->ask = UI_ASK_QUIT;
		return 0;
	}
	return keys_command(k, UI_QUIT, NULL, 0);
}

/* Appends C to the prompt's line; returns 0, or -1 when it is full. */
static int
keys_insert(struct ui *ui, wchar_t c)
{
	wchar_t *line;
	size_t cap;

	if (ui->len + 1 >= ui->cap) {
		if (ui->cap >= UI_LINE_MAX)
			return -1;
		cap = ui->cap > 0 ? ui->cap * 2 : 256;
		if ((line = realloc(ui->line, cap * sizeof *line)) == NULL)
			return -1;
		ui->line = line;
		ui->cap = cap;
	}
	ui->line[ui->len++] = c;
	return 0;
}

/* Returns whether the prompt's line holds nothing but white space. */
static int
keys_blank(const struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->len; i++)
		if (!iswspace((wint_t)ui->line[i]))
			return 0;
	return 1;
}

/* Returns the prompt's line as a malloc'd multibyte string, or NULL. */
static char *
keys_line_text(struct ui *ui)
{
	const wchar_t *src;
	mbstate_t st;
	size_t n;
	char *text;

	if (ui->line == NULL)
		return strdup("");
	ui->line[ui->len] = L'\0';
	src = ui->line;
	memset(&st, 0, sizeof st);
	if ((n = wcsrtombs(NULL, &src, 0, &st)) == (size_t)-1)
		return NULL;
	if ((text = malloc(n + 1)) == NULL)
		return NULL;
	src = ui->line;
	memset(&st, 0, sizeof st);
	wcsrtombs(text, &src, n + 1, &st);
	return text;
}

/* Closes the prompt and hands the URLs typed to main.c. */
static int
keys_submit_urls(struct keys_ctx *k)
{
	struct ui *ui = k->ui;

	ui->mode = UI_MODE_LIST;
	ui->pasting = 0;
	if (ui->len == 0 || keys_blank(ui)) {
		ui_message(ui, "Nothing added.");
		return 0;
	}
	if ((k->cmd->text = keys_line_text(ui)) == NULL) {
		ui_message(ui, "Could not read the URLs typed.");
		return 0;
	}
	ui->len = 0;
	return keys_command(k, UI_ADD, NULL, 0);
}

/* Says what the speed limit now is, LIMIT bytes a second or none. */
static void
keys_limit_said(struct ui *ui, int64_t limit)
{
	char rate[FORMAT_LEN], msg[64];

	if (limit == 0)
		snprintf(msg, sizeof msg, "No speed limit.");
	else
		snprintf(msg, sizeof msg, "Speed limit: %s",
		    format_rate(rate, sizeof rate, (double)limit));
	ui_message(ui, msg);
}

/* Closes the prompt and hands the speed limit typed to main.c. */
static int
keys_submit_limit(struct keys_ctx *k)
{
	char *text, *p;
	size_t n;
	int64_t limit;
	int ok;

	k->ui->mode = UI_MODE_LIST;
	k->ui->pasting = 0;
	if ((text = keys_line_text(k->ui)) == NULL) {
		ui_message(k->ui, "Could not read the limit typed.");
		return 0;
	}
	for (p = text; *p == ' '; p++)
		continue;
	for (n = strlen(p); n > 0 && p[n - 1] == ' '; n--)
		p[n - 1] = '\0';
	ok = *p != '\0' && format_parse_size(p, &limit) == 0;
	if (*p == '\0')
		ui_message(k->ui, "The speed limit stays as it was.");
	else if (!ok)
		keys_say(k->ui, "Not a speed: %s (try 500K, 2M, or 0 for "
		    "none)", p);
	else
		keys_limit_said(k->ui, limit);
	free(text);
	k->ui->len = 0;
	return ok ? keys_command(k, UI_LIMIT, NULL, limit) : 0;
}

/*
 * Enter in the prompt: sets the limit, or adds the URLs typed unless the
 * Enter is a line break inside a paste (the terminal marked a paste as
 * going on, or more keys follow at once); then it only separates URLs.
 */
static int
keys_enter(struct keys_ctx *k)
{
	int next;

	if (k->ui->prompt == UI_PROMPT_LIMIT && !k->ui->pasting)
		return keys_submit_limit(k);
	if (k->ui->pasting) {
		keys_insert(k->ui, L' ');
		return 0;
	}
	if ((next = ui_key(k->ui, KEYS_PASTE_MS)) != UI_NOKEY) {
		ui_unkey(k->ui, next);
		keys_insert(k->ui, L' ');
		return 0;
	}
	return keys_submit_urls(k);
}

/* Closes the prompt without doing anything. */
static int
keys_cancel(struct keys_ctx *k)
{
	k->ui->mode = UI_MODE_LIST;
	k->ui->len = 0;
	k->ui->pasting = 0;
	return 0;
}

/* Deletes the last character of the prompt's line. */
static int
keys_backspace(struct keys_ctx *k)
{
	if (k->ui->len > 0)
		k->ui->len--;
	return 0;
}

/* Empties the line (Ctrl-U), or deletes its last word (Ctrl-W). */
static int
keys_erase(struct keys_ctx *k)
{
	struct ui *ui = k->ui;

	if (k->key == KEYS_CTRL('U')) {
		ui->len = 0;
		return 0;
	}
	while (ui->len > 0 && iswspace((wint_t)ui->line[ui->len - 1]))
		ui->len--;
	while (ui->len > 0 && !iswspace((wint_t)ui->line[ui->len - 1]))
		ui->len--;
	return 0;
}

/* Starts a paste: into the add prompt, opening it if need be. */
static int
keys_paste(struct keys_ctx *k)
{
	if (k->ui->mode != UI_MODE_PROMPT)
		keys_open_prompt(k->ui, UI_PROMPT_ADD);
	k->ui->pasting = 1;
	return 0;
}

/* Ends a paste: from now on Enter acts again. */
static int
keys_paste_end(struct keys_ctx *k)
{
	k->ui->pasting = 0;
	return 0;
}

/* Closes the details view or the help. */
static int
keys_close(struct keys_ctx *k)
{
	k->ui->mode = UI_MODE_LIST;
	return 0;
}

/*
 * Returns where a view of ROWS rows, PAGE of them on screen, starts after
 * KEY moved it from TOP.
 */
static size_t
keys_scrolled(size_t top, size_t rows, size_t page, int key)
{
	size_t last, by;

	last = rows > page ? rows - page : 0;
	if (top > last)
		top = last;
	if (key == 'g')
		return 0;
	if (key == 'G')
		return last;
	if (key == UI_FKEY(KEY_NPAGE) || key == UI_FKEY(KEY_PPAGE))
		by = page > 1 ? page - 1 : 1;
	else
		by = 1;
	if (keys_backward(key))
		return top > by ? top - by : 0;
	return last - top > by ? top + by : last;
}

/* Returns the lines inside the help overlay: titles and bindings. */
static int
keys_help_lines(void)
{
	size_t s, i;
	int lines;

	lines = 0;
	for (s = 0; s < KEYS_NSECTIONS; s++) {
		if (keys_sections[s].title != NULL)
			lines++;
		for (i = 0; i < keys_sections[s].n; i++)
			if (keys_sections[s].table[i].label != NULL)
				lines++;
	}
	return lines;
}

/*
 * Scrolls the details view, or the help; help that fits closes instead,
 * as its last line promises.
 */
static int
keys_scroll(struct keys_ctx *k)
{
	struct ui *ui = k->ui;
	int lines;

	if (ui->mode == UI_MODE_DETAILS) {
		ui->detail_top = keys_scrolled(ui->detail_top,
		    ui->detail_rows, ui->detail_page, k->key);
		return 0;
	}
	lines = keys_help_lines();
	if (ui->help_page <= 0 || lines <= ui->help_page) {
		ui->mode = UI_MODE_LIST;
		return 0;
	}
	ui->help_top = (int)keys_scrolled((size_t)ui->help_top,
	    (size_t)lines, (size_t)ui->help_page, k->key);
	return 0;
}

/* Runs the binding of KEY among the N in TABLE; returns its result. */
static int
keys_run(const struct keys_binding *table, size_t n, struct keys_ctx *k)
{
	const struct keys_binding *b;

	if ((b = keys_find(table, n, k->key)) == NULL)
		return 0;
	return b->fn(k);
}

/* Handles a key over the task list or the focused error pane. */
static int
keys_mode_list(struct keys_ctx *k)
{
	return keys_run(keys_list, KEYS_NLIST, k);
}

/* Scrolls the help with the view's keys; any other key closes it. */
static int
keys_mode_help(struct keys_ctx *k)
{
	const struct keys_binding *b;

	if ((b = keys_find(keys_view, KEYS_NVIEW, k->key)) != NULL)
		return b->fn(k);
	k->ui->mode = UI_MODE_LIST;
	return 0;
}

/* Handles a key in the prompt: an editing key, or a character typed. */
static int
keys_mode_prompt(struct keys_ctx *k)
{
	const struct keys_binding *b;
	int key;

	if ((b = keys_find(keys_prompt, KEYS_NPROMPT, k->key)) != NULL)
		return b->fn(k);
	key = k->key;
	if (key >= UI_FKEY(0))
		return 0;
	if (key == '\t')
		key = ' ';
	if (wcwidth((wchar_t)key) <= 0)
		return 0;
	if (keys_insert(k->ui, (wchar_t)key) != 0)
		ui_message(k->ui, "The line is full.");
	return 0;
}

/* Acts on a yes to the question asked; returns 1 when CMD was filled. */
static int
keys_yes(struct keys_ctx *k)
{
	const struct task *t;

	if (k->ui->ask == UI_ASK_QUIT)
		return keys_command(k, UI_QUIT, NULL, 0);
	if ((t = task_get(k->tl, k->ui->ask_id)) == NULL) {
		ui_message(k->ui, "That task is gone already.");
		return 0;
	}
	return keys_removing(k, t);
}

/* Takes y as yes; any other key goes back to the list. */
static int
keys_mode_confirm(struct keys_ctx *k)
{
	k->ui->mode = UI_MODE_LIST;
	if (k->key == 'y' || k->key == 'Y')
		return keys_yes(k);
	if (k->ui->ask == UI_ASK_REMOVE)
		ui_message(k->ui, "Nothing removed.");
	return 0;
}

/* Handles a key in the details view. */
static int
keys_mode_view(struct keys_ctx *k)
{
	return keys_run(keys_view, KEYS_NVIEW, k);
}

/* What keys do in each mode. */
static int (*const keys_modes[UI_NMODES])(struct keys_ctx *) = {
	[UI_MODE_LIST] = keys_mode_list,
	[UI_MODE_HELP] = keys_mode_help,
	[UI_MODE_PROMPT] = keys_mode_prompt,
	[UI_MODE_CONFIRM] = keys_mode_confirm,
	[UI_MODE_DETAILS] = keys_mode_view
};

/* Acts on KEY in the current mode; see ui_private.h. */
int
keys_press(struct ui *ui, const struct task_list *tl, int key,
    struct ui_cmd *cmd)
{
	struct keys_ctx k = { ui, tl, key, cmd };

	return keys_modes[ui->mode](&k);
}

/*
 * Writes help line number *N at row Y + *N - help_top, when that row is
 * in view, and counts it: a section TITLE when HELP is NULL, else a
 * binding's LABEL and HELP.
 */
static void
keys_help_line(struct ui *ui, int *n, int y, int x, int w,
    const char *label, const char *help)
{
	int row;

	row = (*n)++ - ui->help_top;
	if (row < 0 || row >= ui->help_page)
		return;
	if (help == NULL) {
		ui_put(ui, y + row, x, w, label, A_BOLD | A_UNDERLINE);
		return;
	}
	ui_put(ui, y + row, x, KEYS_LABEL_W, label, A_BOLD);
	ui_put(ui, y + row, x + KEYS_LABEL_W + 1, w - KEYS_LABEL_W - 1,
	    help, A_NORMAL);
}

/* Writes the lines of the help in view, from row Y on, W wide. */
static void
keys_help_body(struct ui *ui, int y, int x, int w)
{
	const struct keys_section *sec;
	size_t s, i;
	int n;

	n = 0;
	for (s = 0; s < KEYS_NSECTIONS; s++) {
		sec = &keys_sections[s];
		if (sec->title != NULL)
			keys_help_line(ui, &n, y, x, w, sec->title, NULL);
		for (i = 0; i < sec->n; i++)
			if (sec->table[i].label != NULL)
				keys_help_line(ui, &n, y, x, w,
				    sec->table[i].label, sec->table[i].help);
	}
}

/* Draws the help overlay from the key tables; see ui_private.h. */
void
keys_draw_help(struct ui *ui)
{
	int lines, h, w, y, x, last;

	lines = keys_help_lines();
	h = lines + 2 < LINES - 1 ? lines + 2 : LINES - 1;
	w = KEYS_HELP_W < COLS - 2 ? KEYS_HELP_W : COLS - 2;
	if (h < 3 || w < 4)
		return;
	ui->help_page = h - 2;
	last = lines > ui->help_page ? lines - ui->help_page : 0;
	if (ui->help_top > last)
		ui->help_top = last;
	y = (LINES - 1 - h) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, h, w);
	ui_put(ui, y, x + 2, w - 4, " Keys ", A_BOLD);
	ui_put(ui, y + h - 1, x + 2, w - 4, lines > ui->help_page ?
	    " j k PgDn PgUp scroll, other keys close " :
	    " any key closes this ", A_NORMAL);
	keys_help_body(ui, y + 1, x + 2, w - 4);
}
