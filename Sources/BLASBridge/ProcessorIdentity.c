#include "BLASBridge.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long read_xcr0(void) {
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

void blas_bridge_read_processor(BLASBridgeProcessor *p) {
    memset(p, 0, sizeof *p);
    unsigned eax, ebx, ecx, edx;
    unsigned highest = __get_cpuid_max(0, NULL);
    __cpuid(0, eax, ebx, ecx, edx);
    memcpy(p->vendor, &ebx, 4);
    memcpy(p->vendor + 4, &edx, 4);
    memcpy(p->vendor + 8, &ecx, 4);

    __cpuid(1, eax, ebx, ecx, edx);
    unsigned base_family = (eax >> 8) & 0xf, base_model = (eax >> 4) & 0xf;
    p->family = base_family + (base_family == 0xf ? (eax >> 20) & 0xff : 0);
    p->model = base_model | ((base_family == 0x6 || base_family == 0xf) ? ((eax >> 16) & 0xf) << 4 : 0);
    bool osxsave = ecx & (1u << 27);
    unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
    bool os_avx = (xcr0 & 0x6) == 0x6;           // XMM and YMM state
    bool os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;  // opmask, upper ZMM0-15, ZMM16-31
    p->avx = os_avx && (ecx & (1u << 28));
    p->fma = p->avx && (ecx & (1u << 12));

    if (highest >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        unsigned subleaves = eax;
        p->avx2 = p->avx && (ebx & (1u << 5));
        p->avx512f = os_avx512 && (ebx & (1u << 16));
        p->avx512dq = p->avx512f && (ebx & (1u << 17));
        p->avx512cd = p->avx512f && (ebx & (1u << 28));
        p->avx512bw = p->avx512f && (ebx & (1u << 30));
        p->avx512vl = p->avx512f && (ebx & (1u << 31));
        if (subleaves >= 1) {
            __cpuid_count(7, 1, eax, ebx, ecx, edx);
            p->avx512bf16 = p->avx512f && (eax & (1u << 5));
        }
    }
    if (__get_cpuid_max(0x80000000, NULL) >= 0x80000004) {
        unsigned *brand = (unsigned *)p->brand;
        for (unsigned leaf = 0; leaf < 3; leaf++)
            __cpuid(0x80000002 + leaf, brand[4 * leaf], brand[4 * leaf + 1], brand[4 * leaf + 2], brand[4 * leaf + 3]);
        p->brand[48] = 0;
    }
}
#else
void blas_bridge_read_processor(BLASBridgeProcessor *p) { memset(p, 0, sizeof *p); }
#endif
