/* version.c: the library version, set by CMake from project(VERSION). */
#include "polarcad.h"

#ifndef PC_VERSION
#define PC_VERSION "unknown"
#endif

const char *pc_version(void)
{
    return PC_VERSION;
}
