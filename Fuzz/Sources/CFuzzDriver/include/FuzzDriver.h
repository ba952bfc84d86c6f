#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry for programs that have their own main (SwiftPM gives every executable one).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

// Runs libFuzzer's driver on the target's LLVMFuzzerTestOneInput (which each target exports).
int intake_fuzz_main(int argc, char **argv);
