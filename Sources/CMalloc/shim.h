// glibc's malloc tuning (mallopt).
#include <malloc.h>
