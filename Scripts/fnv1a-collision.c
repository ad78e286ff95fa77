// Finds two 16-hex-digit strings a, b with FNV-1a-64(P1 + a) == FNV-1a-64(P2 + b): a claw between two prefixes,
// by parallel collision search with distinguished points (van Oorschot and Wiener). FNV-1a reads bytes one at a time,
// so the same suffix after a and b keeps the hashes equal: two conversations that differ before a "Ref" code
// collide. This is how the pair in Tests/ComposureStoreTests/BatchRecorderTests.swift was found (issue 15: the
// store once told conversations apart by this hash). About 4e9 steps, two minutes on two cores:
//
//   gcc -O3 -o /tmp/fnv1a-collision Scripts/fnv1a-collision.c -lpthread
//   /tmp/fnv1a-collision "$PREFIX1" "$PREFIX2" 2     # prefixes: a JSONL line up to the code; 2 threads
//
// It prints each collision found and stops at the first between the two prefixes.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
static uint64_t S[2];
static const uint64_t P = 0x100000001b3ULL;
static uint64_t fnv(uint64_t h, const char *s, size_t n) { for (size_t i = 0; i < n; i++) { h ^= (uint8_t)s[i]; h *= P; } return h; }
static inline void enc(uint64_t x, char *o) { static const char d[] = "0123456789abcdef"; for (int i = 15; i >= 0; i--) { o[i] = d[x & 15]; x >>= 4; } }
static inline int sel(uint64_t x) { return (int)((x * 0x9E3779B97F4A7C15ULL) >> 63); }
static inline uint64_t g(uint64_t x) { char b[16]; enc(x, b); uint64_t h = S[sel(x)]; for (int i = 0; i < 16; i++) { h ^= (uint8_t)b[i]; h *= P; } return h; }
#define DBITS 20
#define TABLE (1 << 20)
typedef struct { uint64_t dp, start, len; int used; } Entry;
static Entry table[TABLE];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int done = 0;
static uint64_t total = 0;
static uint64_t rng(uint64_t *s) { *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17; return *s; }
static int resolve(uint64_t a, uint64_t la, uint64_t b, uint64_t lb) {
    while (la > lb) { a = g(a); la--; }
    while (lb > la) { b = g(b); lb--; }
    if (a == b) return 0;
    for (;;) { uint64_t na = g(a), nb = g(b); if (na == nb) break; a = na; b = nb; }
    if (a == b) return 0;
    char ea[17] = {0}, eb[17] = {0}; enc(a, ea); enc(b, eb);
    printf("collision sel %d/%d: %s %s -> %016llx\n", sel(a), sel(b), ea, eb, (unsigned long long)g(a));
    fflush(stdout);
    return sel(a) != sel(b);
}
static void *worker(void *arg) {
    uint64_t seed = (uint64_t)(uintptr_t)arg * 0x12345678ABCDULL + (uint64_t)time(NULL);
    while (!done) {
        uint64_t start = rng(&seed), x = start, len = 0;
        while ((x >> (64 - DBITS)) != 0 && len < (40ULL << DBITS)) { x = g(x); len++; }
        if ((x >> (64 - DBITS)) != 0) continue;
        pthread_mutex_lock(&lock);
        total += len;
        uint64_t i = (x * 0x9E3779B97F4A7C15ULL) >> (64 - 20);
        while (table[i].used && table[i].dp != x) i = (i + 1) & (TABLE - 1);
        if (table[i].used) {
            Entry e = table[i];
            pthread_mutex_unlock(&lock);
            if (resolve(start, len, e.start, e.len)) { done = 1; }
            continue;
        }
        table[i] = (Entry){x, start, len, 1};
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}
int main(int argc, char **argv) {
    S[0] = fnv(0xcbf29ce484222325ULL, argv[1], strlen(argv[1]));
    S[1] = fnv(0xcbf29ce484222325ULL, argv[2], strlen(argv[2]));
    int n = argc > 3 ? atoi(argv[3]) : 2;
    pthread_t t[16];
    for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    printf("steps %llu\n", (unsigned long long)total);
    return 0;
}
