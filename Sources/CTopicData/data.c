#include "CTopicData.h"

/* C23 #embed (clang 19+, which the Swift toolchain ships): the build tracks the
   files, so editing one rebuilds this. The trailing 0 keeps an empty file legal. */
static const unsigned char people[] = {
#embed "../TopicMatcher/Data/entities-people.tsv" suffix(,)
    0};
static const unsigned char countries[] = {
#embed "../TopicMatcher/Data/entities-countries.tsv" suffix(,)
    0};
static const unsigned char places[] = {
#embed "../TopicMatcher/Data/entities-places.tsv" suffix(,)
    0};
static const unsigned char organisations[] = {
#embed "../TopicMatcher/Data/entities-organisations.tsv" suffix(,)
    0};
static const unsigned char concepts[] = {
#embed "../TopicMatcher/Data/concepts.tsv" suffix(,)
    0};
static const unsigned char inflection[] = {
#embed "../TopicMatcher/Data/inflection.tsv" suffix(,)
    0};

const unsigned char *fw_topic_data(int which, unsigned long *size) {
    switch (which) {
    case FW_DATA_PEOPLE: *size = sizeof(people) - 1; return people;
    case FW_DATA_COUNTRIES: *size = sizeof(countries) - 1; return countries;
    case FW_DATA_PLACES: *size = sizeof(places) - 1; return places;
    case FW_DATA_ORGANISATIONS: *size = sizeof(organisations) - 1; return organisations;
    case FW_DATA_CONCEPTS: *size = sizeof(concepts) - 1; return concepts;
    case FW_DATA_INFLECTION: *size = sizeof(inflection) - 1; return inflection;
    default: *size = 0; return 0;
    }
}

/* __GLIBC__ comes from <features.h>: without a libc header before the test it
   is never defined, and the pages and the allocator's free memory stayed resident. */
#if defined(__has_include)
#if __has_include(<features.h>)
#include <features.h>
#endif
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* The data's own pages: read once into the catalog, then only by tools that
   list aliases (which fault them back in from the binary). */
static void release_pages(const unsigned char *p, unsigned long n) {
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) return;
    uintptr_t start = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)p + n) & ~((uintptr_t)page - 1);
    if (end > start) madvise((void *)start, end - start, MADV_DONTNEED);
}

int fw_release_free_memory(void) {
    release_pages(people, sizeof(people));
    release_pages(countries, sizeof(countries));
    release_pages(places, sizeof(places));
    release_pages(organisations, sizeof(organisations));
    release_pages(concepts, sizeof(concepts));
    release_pages(inflection, sizeof(inflection));
    return malloc_trim(0);
}
#else
int fw_release_free_memory(void) { return 0; }
#endif
