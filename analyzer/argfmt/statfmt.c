// SPDX-License-Identifier: MIT
/*
 * statfmt.c - the stat family's output structs, abbreviated as strace
 * prints them without -v: the mode, then the size (or the device number of
 * a character or block device), then "...".
 *
 * struct stat differs between architectures; the bytes are decoded with
 * this machine's layout only when their length is this machine's
 * sizeof(struct stat). struct statx is UAPI and the same everywhere.
 */
#include <linux/stat.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "analyzer/argfmt/statfmt.h"
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/out.h"

void statfmt__mode(struct out *o, uint32_t mode)
{
	const char *type = xlat__name(&xt_file_types, mode & S_IFMT);
	uint32_t special = mode & (S_ISUID | S_ISGID | S_ISVTX);

	if (type) {
		out_str(o, type);
		out_ch(o, '|');
	} else if (mode & S_IFMT) {
		out_oct(o, mode & S_IFMT);
		out_ch(o, '|');
	}
	if (special) {
		xlat__flags(o, &xt_mode_special, special, NULL);
		out_ch(o, '|');
	}
	out_oct3(o, mode & 0777);
}

static void print_makedev(struct out *o, uint64_t major, uint64_t minor)
{
	out_str(o, "makedev(");
	out_hex(o, major);
	out_str(o, ", ");
	out_hex(o, minor);
	out_ch(o, ')');
}

int statfmt__stat(struct out *o, const uint8_t *p, uint32_t len)
{
	struct stat st;

	if (len != sizeof(st))
		return 0;
	memcpy(&st, p, sizeof(st));
	out_str(o, "{st_mode=");
	statfmt__mode(o, st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		out_str(o, ", st_rdev=");
		print_makedev(o, major(st.st_rdev), minor(st.st_rdev));
	} else {
		out_str(o, ", st_size=");
		out_dec(o, st.st_size);
	}
	out_str(o, ", ...}");
	return 1;
}

int statfmt__statx(struct out *o, const uint8_t *p, uint32_t len)
{
	struct statx stx;

	if (len < offsetof(struct statx, stx_blocks))
		return 0;
	memset(&stx, 0, sizeof(stx));
	memcpy(&stx, p, len < sizeof(stx) ? len : sizeof(stx));
	out_str(o, "{stx_mask=");
	xlat__flags(o, &xt_statx_mask, stx.stx_mask, NULL);
	out_str(o, ", stx_attributes=");
	xlat__flags(o, &xt_statx_attrs, stx.stx_attributes, NULL);
	out_str(o, ", stx_mode=");
	statfmt__mode(o, stx.stx_mode);
	out_str(o, ", stx_size=");
	out_udec(o, stx.stx_size);
	out_str(o, ", ...}");
	return 1;
}
