// A software prefetch (x86 prefetcht0): Swift has no way to emit one, an inline C function can.
static inline void prefetch_for_read(const void *address) { __builtin_prefetch(address, 0, 3); }
