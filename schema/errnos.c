// SPDX-License-Identifier: MIT
/*
 * errnos.c - the one errno name table of both programs (errnos.h).
 */
#include <stddef.h>
#include "errnos.h"

/* include/linux/errno.h: the same on every architecture */
#define KERNEL_ERRNOS \
	{ 512, "ERESTARTSYS" }, { 513, "ERESTARTNOINTR" }, \
	{ 514, "ERESTARTNOHAND" }, { 515, "ENOIOCTLCMD" }, \
	{ 516, "ERESTART_RESTARTBLOCK" }, { 517, "EPROBE_DEFER" }, \
	{ 518, "EOPENSTALE" }, { 519, "ENOPARAM" }, { 521, "EBADHANDLE" }, \
	{ 522, "ENOTSYNC" }, { 523, "EBADCOOKIE" }, { 524, "ENOTSUPP" }, \
	{ 525, "ETOOSMALL" }, { 526, "ESERVERFAULT" }, { 527, "EBADTYPE" }, \
	{ 528, "EJUKEBOX" }, { 529, "EIOCBQUEUED" }, \
	{ 530, "ERECALLCONFLICT" }, { 531, "ENOGRACE" }

#define COUNT(a)	((int)(sizeof(a) / sizeof((a)[0])))

static const struct kt_errno_name kernel_errnos[] = { KERNEL_ERRNOS };

const struct kt_errno_name kt_errnos[] = {
#include "errno_names.inc"
	KERNEL_ERRNOS
};
const int kt_errnos_count = COUNT(kt_errnos);
const int kt_errnos_libc = COUNT(kt_errnos) - COUNT(kernel_errnos);

const char *errnos__name(int nr)
{
	for (int i = 0; i < kt_errnos_count; i++)
		if (kt_errnos[i].nr == nr)
			return kt_errnos[i].name;
	return NULL;
}
