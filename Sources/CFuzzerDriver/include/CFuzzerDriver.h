#ifndef FEEDWATCH_CFUZZERDRIVER_H
#define FEEDWATCH_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>
/* Provided by libclang_rt.fuzzer when linking with -sanitize=fuzzer; declared here
   because the fuzz executable needs its own @main (SwiftPM links every executable
   with a <module>_main entry point, which clashes with libFuzzer's main). */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
#endif
