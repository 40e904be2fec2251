// SPDX-License-Identifier: MIT
/*
 * syscalls.c - lookups in the generated syscall table.
 */
#include <string.h>
#include "syscalls.h"

const struct kt_name_entry kt_syscall_table[] = {
#include "syscall_names.inc"
};
const int kt_syscall_count = sizeof(kt_syscall_table) / sizeof(kt_syscall_table[0]);

int syscalls__nr(const char *name)
{
	for (int i = 0; i < kt_syscall_count; i++)
		if (!strcmp(kt_syscall_table[i].name, name))
			return kt_syscall_table[i].nr;
	return -1;
}

const char *syscalls__name(int nr)
{
	for (int i = 0; i < kt_syscall_count; i++)
		if (kt_syscall_table[i].nr == nr)
			return kt_syscall_table[i].name;
	return NULL;
}
