#include "CFuzzDriver.h"

// Both from libFuzzer's interface: the driver is in libFuzzer (-sanitize=fuzzer), the test
// function is each harness's @_cdecl("LLVMFuzzerTestOneInput").
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int fuzz_driver_run(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
