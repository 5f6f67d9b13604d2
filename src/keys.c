/*
 * What each key does.  The bindings live in two tables, one for the task
 * list and one for the add prompt; the input handler looks keys up in
 * them and the help overlay is drawn from them, so the two cannot drift.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui_private.h"

/* How long Enter in the prompt waits to see whether a paste goes on. */
#define KEYS_PASTE_MS	30

/* Most keys one binding has. */
#define KEYS_PER_BINDING 4

/* Width of the key column in the help overlay. */
#define KEYS_LABEL_W	11

/* Acts on a key; returns 1 when CMD was filled for main.c. */
typedef int (*keys_fn)(struct ui *, const struct task_list *,
    struct ui_cmd *);

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

static int	keys_add(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_down(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_up(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_page_down(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_page_up(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_top(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_bottom(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_errors(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_redraw(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_help(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_quit(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_enter(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_cancel(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_backspace(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_clear(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_word(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_paste(struct ui *, const struct task_list *,
		    struct ui_cmd *);
static int	keys_paste_end(struct ui *, const struct task_list *,
		    struct ui_cmd *);

/* Keys over the task list. */
static const struct keys_binding keys_list[] = {
	{ { 'a' }, "a", "add URLs (several may be pasted)", keys_add },
	{ { 'j', UI_FKEY(KEY_DOWN) }, "j Down", "select the next task",
	    keys_down },
	{ { 'k', UI_FKEY(KEY_UP) }, "k Up", "select the previous task",
	    keys_up },
	{ { UI_FKEY(KEY_NPAGE) }, "PgDn", "one page down", keys_page_down },
	{ { UI_FKEY(KEY_PPAGE) }, "PgUp", "one page up", keys_page_up },
	{ { 'g', UI_FKEY(KEY_HOME) }, "g Home", "select the first task",
	    keys_top },
	{ { 'G', UI_FKEY(KEY_END) }, "G End", "select the last task",
	    keys_bottom },
	{ { 'e' }, "e", "show or hide the error pane", keys_errors },
	{ { 'L' - '@' }, "Ctrl-L", "redraw the screen", keys_redraw },
	{ { '?' }, "?", "show this help", keys_help },
	{ { 'q' }, "q", "quit (asks while transfers run)", keys_quit },
	{ { UI_KEY_PASTE }, NULL, NULL, keys_paste }
};

/* Keys in the add prompt; other printable keys are typed in. */
static const struct keys_binding keys_prompt[] = {
	{ { '\r', '\n', UI_FKEY(KEY_ENTER) }, "Enter",
	    "add the URLs typed", keys_enter },
	{ { '[' - '@' }, "Esc", "cancel", keys_cancel },
	{ { 0x7f, 'H' - '@', UI_FKEY(KEY_BACKSPACE) }, "Backspace",
	    "delete a character", keys_backspace },
	{ { 'U' - '@' }, "Ctrl-U", "clear the line", keys_clear },
	{ { 'W' - '@' }, "Ctrl-W", "delete a word", keys_word },
	{ { UI_KEY_PASTE }, NULL, NULL, keys_paste },
	{ { UI_KEY_PASTE_END }, NULL, NULL, keys_paste_end }
};

#define KEYS_NLIST	(sizeof keys_list / sizeof keys_list[0])
#define KEYS_NPROMPT	(sizeof keys_prompt / sizeof keys_prompt[0])

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

/* Opens the add prompt with an empty line. */
static int
keys_add(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->mode = UI_MODE_PROMPT;
	ui->len = 0;
	return 0;
}

/* Moves the selection N tasks down (up when N is negative). */
static void
keys_move(struct ui *ui, long n)
{
	if (ui->ntasks == 0) {
		ui->sel = 0;
		return;
	}
	if (n < 0 && (size_t)-n > ui->sel)
		ui->sel = 0;
	else if (n < 0)
		ui->sel -= (size_t)-n;
	else if ((size_t)n >= ui->ntasks - ui->sel)
		ui->sel = ui->ntasks - 1;
	else
		ui->sel += (size_t)n;
}

/* Returns how many rows a page is. */
static long
keys_page(const struct ui *ui)
{
	return ui->list_rows > 1 ? ui->list_rows - 1 : 1;
}

/* Selects the next task. */
static int
keys_down(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	keys_move(ui, 1);
	return 0;
}

/* Selects the previous task. */
static int
keys_up(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	keys_move(ui, -1);
	return 0;
}

/* Moves the selection a page down. */
static int
keys_page_down(struct ui *ui, const struct task_list *tl,
    struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	keys_move(ui, keys_page(ui));
	return 0;
}

/* Moves the selection a page up. */
static int
keys_page_up(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	keys_move(ui, -keys_page(ui));
	return 0;
}

/* Selects the first task. */
static int
keys_top(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->sel = 0;
	return 0;
}

/* Selects the last task. */
static int
keys_bottom(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->sel = ui->ntasks > 0 ? ui->ntasks - 1 : 0;
	return 0;
}

/* Shows or hides the error pane. */
static int
keys_errors(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->show_errors = !ui->show_errors;
	return 0;
}

/* Repaints the whole terminal, for when something scribbled on it. */
static int
keys_redraw(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)ui;
	(void)tl;
	(void)cmd;
	clearok(curscr, TRUE);
	return 0;
}

/* Opens the help overlay. */
static int
keys_help(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->mode = UI_MODE_HELP;
	return 0;
}

/* Quits, or asks first while transfers are still to run. */
static int
keys_quit(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	if (task_list_pending(tl) > 0) {
		ui->mode = UI_MODE_CONFIRM;
		return 0;
	}
	cmd->command = UI_QUIT;
	return 1;
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
keys_submit(struct ui *ui, struct ui_cmd *cmd)
{
	ui->mode = UI_MODE_LIST;
	ui->pasting = 0;
	if (ui->len == 0 || keys_blank(ui)) {
		ui_message(ui, "Nothing added.");
		return 0;
	}
	if ((cmd->text = keys_line_text(ui)) == NULL) {
		ui_message(ui, "Could not read the URLs typed.");
		return 0;
	}
	cmd->command = UI_ADD;
	ui->len = 0;
	return 1;
}

/*
 * Adds the URLs typed, unless the Enter is a line break inside a paste:
 * the terminal marked a paste as going on, or more keys follow at once.
 * Then it only separates two URLs.
 */
static int
keys_enter(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	int next;

	(void)tl;
	if (ui->pasting) {
		keys_insert(ui, L' ');
		return 0;
	}
	if ((next = ui_key(ui, KEYS_PASTE_MS)) != UI_NOKEY) {
		ui_unkey(ui, next);
		keys_insert(ui, L' ');
		return 0;
	}
	return keys_submit(ui, cmd);
}

/* Closes the prompt without adding anything. */
static int
keys_cancel(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->mode = UI_MODE_LIST;
	ui->len = 0;
	ui->pasting = 0;
	return 0;
}

/* Deletes the last character of the prompt's line. */
static int
keys_backspace(struct ui *ui, const struct task_list *tl,
    struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	if (ui->len > 0)
		ui->len--;
	return 0;
}

/* Empties the prompt's line. */
static int
keys_clear(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->len = 0;
	return 0;
}

/* Deletes the last word of the prompt's line and the space after it. */
static int
keys_word(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	while (ui->len > 0 && iswspace((wint_t)ui->line[ui->len - 1]))
		ui->len--;
	while (ui->len > 0 && !iswspace((wint_t)ui->line[ui->len - 1]))
		ui->len--;
	return 0;
}

/* Starts a paste: into the add prompt, opening it if need be. */
static int
keys_paste(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	if (ui->mode != UI_MODE_PROMPT) {
		ui->mode = UI_MODE_PROMPT;
		ui->len = 0;
	}
	ui->pasting = 1;
	return 0;
}

/* Ends a paste: from now on Enter adds the URLs again. */
static int
keys_paste_end(struct ui *ui, const struct task_list *tl,
    struct ui_cmd *cmd)
{
	(void)tl;
	(void)cmd;
	ui->pasting = 0;
	return 0;
}

/* Handles KEY over the task list. */
static int
keys_mode_list(struct ui *ui, const struct task_list *tl, int key,
    struct ui_cmd *cmd)
{
	const struct keys_binding *b;

	if ((b = keys_find(keys_list, KEYS_NLIST, key)) == NULL)
		return 0;
	return b->fn(ui, tl, cmd);
}

/* Closes the help overlay, whatever the key. */
static int
keys_mode_help(struct ui *ui, const struct task_list *tl, int key,
    struct ui_cmd *cmd)
{
	(void)tl;
	(void)key;
	(void)cmd;
	ui->mode = UI_MODE_LIST;
	return 0;
}

/* Handles KEY in the add prompt: an editing key, or a character typed. */
static int
keys_mode_prompt(struct ui *ui, const struct task_list *tl, int key,
    struct ui_cmd *cmd)
{
	const struct keys_binding *b;

	if ((b = keys_find(keys_prompt, KEYS_NPROMPT, key)) != NULL)
		return b->fn(ui, tl, cmd);
	if (key >= UI_FKEY(0))
		return 0;
	if (key == '\t')
		key = ' ';
	if (wcwidth((wchar_t)key) <= 0)
		return 0;
	if (keys_insert(ui, (wchar_t)key) != 0)
		ui_message(ui, "The line is full.");
	return 0;
}

/* Quits on y, goes back to the list on any other key. */
static int
keys_mode_confirm(struct ui *ui, const struct task_list *tl, int key,
    struct ui_cmd *cmd)
{
	(void)tl;
	ui->mode = UI_MODE_LIST;
	if (key != 'y' && key != 'Y')
		return 0;
	cmd->command = UI_QUIT;
	return 1;
}

/* What keys do in each mode. */
static int (*const keys_modes[UI_NMODES])(struct ui *,
    const struct task_list *, int, struct ui_cmd *) = {
	[UI_MODE_LIST] = keys_mode_list,
	[UI_MODE_HELP] = keys_mode_help,
	[UI_MODE_PROMPT] = keys_mode_prompt,
	[UI_MODE_CONFIRM] = keys_mode_confirm
};

/* Acts on KEY in the current mode; see ui_private.h. */
int
keys_press(struct ui *ui, const struct task_list *tl, int key,
    struct ui_cmd *cmd)
{
	return keys_modes[ui->mode](ui, tl, key, cmd);
}

/* Clears a box of H rows and W columns at Y, X and draws its border. */
static void
keys_box(int y, int x, int h, int w)
{
	int i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

/*
 * Writes the N bindings of TABLE in the box's rows from *Y, stopping
 * before row END, and moves *Y past them.
 */
static void
keys_help_rows(struct ui *ui, const struct keys_binding *table, size_t n,
    int *y, int end, int x, int w)
{
	size_t i;

	for (i = 0; i < n && *y < end; i++) {
		if (table[i].label == NULL)
			continue;
		ui_put(ui, *y, x, KEYS_LABEL_W, table[i].label, A_BOLD);
		ui_put(ui, *y, x + KEYS_LABEL_W + 1, w - KEYS_LABEL_W - 1,
		    table[i].help, A_NORMAL);
		(*y)++;
	}
}

/* Returns how many of the N bindings in TABLE the help shows. */
static int
keys_labelled(const struct keys_binding *table, size_t n)
{
	size_t i;
	int shown;

	shown = 0;
	for (i = 0; i < n; i++)
		if (table[i].label != NULL)
			shown++;
	return shown;
}

/* Returns the rows the whole help overlay takes, border included. */
static int
keys_help_rows_all(void)
{
	return keys_labelled(keys_list, KEYS_NLIST) +
	    keys_labelled(keys_prompt, KEYS_NPROMPT) + 4;
}

/* Draws the help overlay from the key tables; see ui_private.h. */
void
keys_draw_help(struct ui *ui)
{
	int h, w, y, x, end;

	h = keys_help_rows_all();
	w = 52;
	if (h > LINES - 1)
		h = LINES - 1;
	if (w > COLS - 2)
		w = COLS - 2;
	if (h < 3 || w < 4)
		return;
	y = (LINES - 1 - h) / 2;
	x = (COLS - w) / 2;
	keys_box(y, x, h, w);
	ui_put(ui, y, x + 2, w - 4, " Keys ", A_BOLD);
	end = y + h - 1;
	ui_put(ui, end, x + 2, w - 4, h < keys_help_rows_all() ?
	    " a taller window shows all " : " any key closes this ",
	    A_NORMAL);
	y++;
	keys_help_rows(ui, keys_list, KEYS_NLIST, &y, end, x + 2, w - 4);
	y++;
	if (y < end)
		ui_put(ui, y++, x + 2, w - 4, "In the add prompt:", A_BOLD);
	keys_help_rows(ui, keys_prompt, KEYS_NPROMPT, &y, end, x + 2, w - 4);
}
