/* libharu allocates every object of a document on its own, and its objects
 * are large (each dictionary entry and name holds a 128-byte buffer): a
 * ledger of a thousand pages is megabytes of them, all fresh memory, and
 * each first touch of a 4 KB page is a page fault, which on a virtual
 * machine can cost more than compressing a kilobyte. So the objects are cut
 * one after the other from blocks, 16-byte aligned, and only freed all at
 * once with the document (libharu's own pool does not align). The first
 * blocks, all a certificate needs, come from the heap and are kept for the
 * next document; past them, blocks come from a reserved range marked for
 * transparent huge pages, where the kernel maps 2 MB per fault. */
#include "forms/pdf_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define BLOCK (256u << 10)
#define BIG 4096               /* bigger: malloc'd and freed on their own, as libharu
				* frees and regrows its lists, which would pile up here */
#define HEAP_BLOCKS 2          /* kept between documents */
#define HUGE_PAGE (2u << 20)
#define SPAN (512u << 20)      /* address space reserved; only what is used is mapped */
#define KEEP (16u << 20)       /* of the range, kept mapped between documents at most */

static struct {
	char *heap[HEAP_BLOCKS];
	int heap_used;
	char *cur; /* block being cut */
	size_t left;
	char *span; /* NULL until needed, MAP_FAILED when it could not be had */
	size_t span_used;
} arena;

static int span_ready(void)
{
	if (arena.span == MAP_FAILED)
		return 0;
	if (arena.span)
		return 1;
	char *p = mmap(NULL, SPAN + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		arena.span = MAP_FAILED;
		return 0;
	}
	arena.span = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	madvise(arena.span, SPAN, MADV_HUGEPAGE); /* a hint: without it, plain pages */
	return 1;
}

static int next_block(void)
{
	if (arena.heap_used < HEAP_BLOCKS) {
		char **b = &arena.heap[arena.heap_used];
		if (!*b && !(*b = malloc(BLOCK)))
			return -1;
		arena.heap_used++;
		arena.cur = *b;
	} else if (span_ready() && arena.span_used + BLOCK <= SPAN) {
		arena.cur = arena.span + arena.span_used;
		arena.span_used += BLOCK;
	} else {
		return -1;
	}
	arena.left = BLOCK;
	return 0;
}

static int owned(const void *p)
{
	const char *c = p;
	for (int i = 0; i < HEAP_BLOCKS; i++)
		if (arena.heap[i] && c >= arena.heap[i] && c < arena.heap[i] + BLOCK)
			return 1;
	return arena.span && arena.span != MAP_FAILED && c >= arena.span && c < arena.span + SPAN;
}

void *pdf_arena_alloc(HPDF_UINT size)
{
	size_t n = ((size_t)size + 15) & ~(size_t)15;
	if (n == 0 || n > BIG || (n > arena.left && next_block() != 0))
		return malloc(size ? size : 1);
	void *p = arena.cur;
	arena.cur += n;
	arena.left -= n;
	return p;
}

void pdf_arena_free(void *p)
{
	if (p && !owned(p))
		free(p);
}

void pdf_arena_reset(void)
{
	if (arena.span_used > KEEP)
		madvise(arena.span, arena.span_used, MADV_DONTNEED);
	arena.span_used = 0;
	arena.heap_used = 0;
	arena.cur = NULL;
	arena.left = 0;
}
