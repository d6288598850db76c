#ifndef MI_CARCHIVE_SHIM_H
#define MI_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

// AE_IFREG is a cast macro, which Swift cannot import.
static const unsigned int MI_AE_IFREG = AE_IFREG;
#endif
