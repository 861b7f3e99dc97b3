/*
 * memctl.h: the host imports of module "memctl" (dev.memctl.chicory.MemoryControl), for C
 * programs built for wasm32-wasi and run under Chicory on a NativeChicoryMemory. docs/chicory.md,
 * "Protection", says which memory each import needs and how its traps read.
 *
 * Addresses and lengths are byte counts; protect, map and unmap widen the range to whole 64 KiB
 * pages. Every misuse (an unknown access value, a memory of the wrong kind, a length of 0, a map
 * over mapped pages, a range outside the memory) traps: the call does not return.
 */
#ifndef MEMCTL_H
#define MEMCTL_H

#include <stddef.h>
#include <stdint.h>

#define MEMCTL_PAGE_SIZE 65536u

/* The access values of protect and map. */
#define MEMCTL_ACCESS_NONE 0      /* every load and store traps */
#define MEMCTL_ACCESS_READ 1      /* loads are allowed, stores trap */
#define MEMCTL_ACCESS_READ_WRITE 2

/* memory.discard: zeroes [address, address + length) and hands its pages back to the OS. Both must
 * be multiples of 64 KiB. Works on every memory. */
__attribute__((import_module("memctl"), import_name("discard")))
void memctl_discard(void *address, size_t length);

/* memory.protect (virtual memory): gives the pages of the range the access; returns the address of
 * the first page. Traps over unmapped pages. */
__attribute__((import_module("memctl"), import_name("protect")))
void *memctl_protect(void *address, size_t length, int access);

/* memory.map (virtual memory): maps the pages of the range, zeroed, with the access; returns the
 * address of the first page. Traps over mapped pages. */
__attribute__((import_module("memctl"), import_name("map")))
void *memctl_map(void *address, size_t length, int access);

/* memory.unmap (virtual memory): the pages of the range lose their contents and trap on every
 * access until mapped again. Unmapped pages in the range are no error. */
__attribute__((import_module("memctl"), import_name("unmap")))
void memctl_unmap(void *address, size_t length);

/* The modes of map_file. */
#define MEMCTL_MAP_PRIVATE 0 /* copy-on-write: stores stay in the memory */
#define MEMCTL_MAP_SHARED 1  /* stores reach the file (and every other mapping of it) */

/* mapFile (virtual memory): maps length bytes of the file the embedder granted as handle file
 * (MemoryControl.grantFile), from offset, at address; address and offset multiples of 64 KiB.
 * Returns address. Traps for a handle never granted, over mapped pages, or past the file's end. */
__attribute__((import_module("memctl"), import_name("map_file")))
void *memctl_map_file(void *address, size_t length, int file, uint64_t offset, int mode);

/* Seals the static read-only region (memory with static protection): stores to it trap from now
 * on. Idempotent. */
__attribute__((import_module("memctl"), import_name("seal_read_only")))
void memctl_seal_read_only(void);

#endif
