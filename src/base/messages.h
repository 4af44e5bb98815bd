/*
 * messages.h — every text a person reads, through GNU gettext catalogs.
 *
 * Messages are written in C once, in English (the msgid); their Vietnamese
 * lives in po/vi.po, built to <locale dir>/vi/LC_MESSAGES/phuluc.mo. The
 * language is phuluc's own choice (enum lang: Vietnamese unless the
 * environment or --lang asks for English, run/main.c), not the C locale's:
 * messages_use() makes the Vietnamese catalog load even where no vi_VN
 * locale is installed, and never touches LC_NUMERIC (figures are formatted
 * by our own code).
 *
 * Marking, for xgettext (`make pot`, the keywords are in the Makefile):
 *   _("text")         translated now, in the language messages_use() chose
 *   N_("text")        only marked: a table's text, translated where printed
 *   message_in(lang, text)   translated into lang (LANG_EN: text itself)
 *   finding_add(fs, RULE_X, file, line, column, "format", ...)   (finding.h)
 *   error_set(err, kind, "format", ...)                          (error.h)
 *
 *   messages_use(LANG_VI, "/usr/share/locale");
 *   printf("%s\n", _("this help"));      // "trợ giúp này"
 *
 * Nothing is allocated; the returned texts are static (the catalog's).
 */
#ifndef PHULUC_MESSAGES_H
#define PHULUC_MESSAGES_H

#include <libintl.h>

/* The language of what a person reads: Vietnamese unless asked otherwise. */
enum lang { LANG_VI, LANG_EN };

#define MESSAGES_DOMAIN "phuluc"

#define _(msgid)  dgettext(MESSAGES_DOMAIN, msgid)
#define N_(msgid) msgid

/*
 * Makes lang the language of _() for the whole process, with the catalogs
 * under locale_dir (NULL or "": only English). For LANG_VI: LC_MESSAGES is
 * set to C.UTF-8 (glibc's built-in locale, present everywhere) and LANGUAGE
 * to "vi", so gettext finds vi/LC_MESSAGES/phuluc.mo whatever locales the
 * machine has; for LANG_EN the C locale stays and every msgid is itself.
 * Catalog texts come out in UTF-8. Call once, before any message is made
 * (batch workers are forked and inherit it). Returns 0, or -1 when no
 * locale could be set for LC_MESSAGES (messages then stay English).
 */
int messages_use(enum lang lang, const char *locale_dir);

/* msgid in lang: itself for LANG_EN, its translation for LANG_VI (itself if none). */
const char *message_in(enum lang lang, const char *msgid) __attribute__((format_arg(2)));

#endif
