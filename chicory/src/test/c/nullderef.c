/*
 * nullderef: ordinary C with a classic bug: a lookup returns NULL for a missing key and the caller
 * uses the result unchecked. Nothing memctl-specific is in here; NullPageTest builds it with
 * -Wl,--global-base=65536, so that nothing the linker places (data, stack, heap) is in page 0,
 * and runs it on a memory whose page 0 is a no-access region: the first access through NULL traps.
 * On a plain memory the same program reads the zeros of page 0, writes into it, and goes on.
 *
 * Argument: "read" (load through NULL) or "write" (store through NULL).
 */
#include <stdio.h>
#include <string.h>

struct entry {
    int value; /* first: a load or store of it through NULL is at address 0 */
    const char *key;
};

static struct entry table[] = {{1, "one"}, {2, "two"}, {3, "three"}};

/* noinline: so that the compiler cannot see that the result is NULL and drop the access. */
__attribute__((noinline)) static struct entry *lookup(const char *key) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].key, key) == 0) {
            return &table[i];
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *op = argc > 1 ? argv[1] : "read";
    printf("two=%d\n", lookup("two")->value);
    fflush(stdout);
    struct entry *missing = lookup(argv[0] + strlen(argv[0])); /* "": not in the table */
    if (strcmp(op, "write") == 0) {
        missing->value = 42;
        printf("wrote=%d\n", missing->value);
    } else {
        printf("read=%d\n", missing->value);
    }
    printf("survived=1\n");
    return 0;
}
