#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, and libxml/encoding.h would pull in the
   system ICU's <unicode/ucnv.h>, whose UErrorCode clashes with Foundation's
   _FoundationICU module in any file (or generated test runner) that sees both.
   Hiding it only drops two trailing fields of xmlCharEncodingHandler, which we
   never touch: we transcode to UTF-8 ourselves before libxml2 sees a byte. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#endif
