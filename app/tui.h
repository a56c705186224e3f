/* The full-screen program a clerk lives in. */
#ifndef SY_TUI_H
#define SY_TUI_H
struct session;
/* Runs in session s until the clerk quits; returns the exit status. */
int tui_run(struct session *s);
#endif
