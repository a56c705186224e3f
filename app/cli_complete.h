/* The shell's completion, asked of the program by the bash completion
 * script: `scrapyard __complete CWORD WORD...`, the words of the command
 * line from "scrapyard" on and the index of the one being completed. */
#ifndef SY_CLI_COMPLETE_H
#define SY_CLI_COMPLETE_H

/* Prints the candidates for words[cword], one a line, or the single line
 * "@files" when the shell should complete a file name. Silent on any
 * error; returns 0. db_path: the database for stock and certificate numbers. */
int cli_complete(const char *db_path, int cword, int nwords, char **words);

#endif
