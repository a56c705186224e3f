/* Memory for libharu's objects, given to HPDF_NewEx() as its allocator.
 * Internal to forms/pdf*.c; one document at a time uses it. */
#ifndef SY_PDF_ARENA_H
#define SY_PDF_ARENA_H
#include <hpdf.h>

void *pdf_arena_alloc(HPDF_UINT size);
void pdf_arena_free(void *p);
/* The document is freed: start again from the bottom for the next one. */
void pdf_arena_reset(void);

#endif
