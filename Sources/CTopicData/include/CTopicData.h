#ifndef FW_TOPIC_DATA_H
#define FW_TOPIC_DATA_H
/* The entity, concept and inflection data of TopicMatcher (Sources/TopicMatcher/Data),
   embedded in the binary at build time so an installed feedwatch needs no data path. */
enum fw_topic_data_file {
    FW_DATA_PEOPLE, FW_DATA_COUNTRIES, FW_DATA_PLACES, FW_DATA_ORGANISATIONS, FW_DATA_CONCEPTS,
    FW_DATA_INFLECTION, FW_DATA_COUNT
};
/* The bytes of one file (not NUL-terminated) and their count. */
const unsigned char *fw_topic_data(int which, unsigned long *size);


/* Once the data has been read: gives the data's own pages and the memory the
   allocator holds free back to the system (madvise, malloc_trim). Returns
   whether the allocator gave any back. */
int fw_release_free_memory(void);
#endif
