/* Allocation that never returns NULL, and the one fatal path. */
#ifndef SY_UTIL_H
#define SY_UTIL_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
/* Free *pp and set it to NULL. */
#define FREE(pp) do { free(*(pp)); *(pp) = NULL; } while (0)

/* The hook app/ installs to restore the terminal before a fatal exit. */
void sy_set_fatal_hook(void (*hook)(void));
_Noreturn void sy_fatal(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));

/* Copy at most size-1 bytes, always terminate; returns strlen(src). */
size_t sy_strlcpy(char *dst, const char *src, size_t size);
#endif
