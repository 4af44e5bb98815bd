/*
 * messages.c — binding the catalogs and choosing their language (messages.h).
 *
 * glibc ignores LANGUAGE when LC_MESSAGES is "C", and setlocale(LC_MESSAGES,
 * "vi_VN.UTF-8") fails where that locale is not generated (most servers):
 * C.UTF-8 is built into glibc (2.35 and later, Debian 12), is not "C", so
 * LANGUAGE=vi picks the catalog, and its charset is UTF-8 as our texts.
 */
#include "base/messages.h"

#include <locale.h>
#include <stdlib.h>

int messages_use(enum lang lang, const char *locale_dir)
{
	if (locale_dir && locale_dir[0]) {
		bindtextdomain(MESSAGES_DOMAIN, locale_dir);
		bind_textdomain_codeset(MESSAGES_DOMAIN, "UTF-8");
	}
	/* strerror() is glibc's catalog: UTF-8 too, not LC_CTYPE's ASCII ("Kh?ng c?"). */
	bind_textdomain_codeset("libc", "UTF-8");
	if (lang == LANG_EN) {
		setlocale(LC_MESSAGES, "C");
		return 0;
	}
	/* Only LC_MESSAGES: LC_NUMERIC (and LC_CTYPE, LC_COLLATE…) stay "C". */
	if (!setlocale(LC_MESSAGES, "C.UTF-8") && !setlocale(LC_MESSAGES, "C.utf8"))
		return -1;
	setenv("LANGUAGE", "vi", 1);
	return 0;
}

const char *message_in(enum lang lang, const char *msgid)
{
	return lang == LANG_EN ? msgid : dgettext(MESSAGES_DOMAIN, msgid);
}
