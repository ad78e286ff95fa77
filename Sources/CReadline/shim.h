#ifndef COMPOSURE_CREADLINE_SHIM_H
#define COMPOSURE_CREADLINE_SHIM_H

// readline.h uses FILE without including stdio.h itself.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// Setters and getters for readline's global variables, which Swift 6 rejects as
// shared mutable state when touched directly.

static inline void composure_rl_set_catch_signals(int value) { rl_catch_signals = value; }

static inline void composure_rl_set_completion(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}

static inline void composure_rl_set_completion_over(int value) { rl_attempted_completion_over = value; }

static inline void composure_rl_set_completion_append_character(int value) {
    rl_completion_append_character = value;
}

static inline void composure_rl_set_readline_name(const char *name) { rl_readline_name = name; }

static inline int composure_rl_point(void) { return rl_point; }

/// The newest history entry's text, or NULL when the history is empty.
static inline const char *composure_history_last_line(void) {
    if (history_length <= 0) return NULL;
    HIST_ENTRY *entry = history_get(history_base + history_length - 1);
    return entry ? entry->line : NULL;
}

/// Called about ten times a second while readline waits for a key (for `play --watch`).
static inline void composure_rl_set_event_hook(rl_hook_func_t *function) { rl_event_hook = function; }

/// Called before each line is read (to put back a line cut short by a reload).
static inline void composure_rl_set_startup_hook(rl_hook_func_t *function) { rl_startup_hook = function; }

/// Ends the line being read: readline returns what has been typed so far.
static inline void composure_rl_set_done(int value) { rl_done = value; }

static inline const char *composure_rl_line_buffer(void) { return rl_line_buffer; }

/// After Ctrl-C: abandon the line being typed and start a fresh prompt (`prompt`, when not NULL).
static inline void composure_rl_abandon_line(const char *prompt) {
    // Mark the abandoned line as bash does, so it does not look sent.
    rl_point = rl_end;
    rl_redisplay();
    fputs(" ^C", rl_outstream ? rl_outstream : stdout);
    rl_free_line_state();
    rl_replace_line("", 0);
    rl_crlf();
    if (prompt) rl_set_prompt(prompt);
    rl_on_new_line();
    rl_redisplay();
}

static inline char **composure_rl_matches(const char *text, rl_compentry_func_t *generator) {
    return rl_completion_matches(text, generator);
}

#endif
