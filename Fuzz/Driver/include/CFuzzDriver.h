// SwiftPM links every executable with its own `main` (an alias of <module>_main, the @main
// entry point), so libFuzzer's main is never linked in. Each harness's @main calls this instead,
// which hands the harness's LLVMFuzzerTestOneInput to libFuzzer's driver, as libFuzzer's main would.
#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer on the process's arguments; returns its exit status.
int fuzz_driver_run(int argc, char **argv);

#endif
