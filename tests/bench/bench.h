/* bench.h: shared by the native benchmark's files. */
#ifndef PC_BENCH_H
#define PC_BENCH_H
/* Runs `iterations` x 10 x 8 FMAs (160 FLOPs per iteration) and returns a checksum. */
double bench_fma_chains_avx2(long iterations);
#endif
