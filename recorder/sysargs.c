// SPDX-License-Identifier: MIT
/*
 * sysargs.c - syscall argument counts from the kernel's syscall trace
 * events.
 *
 * Every syscall the kernel defines with SYSCALL_DEFINEn has a trace event
 * events/syscalls/sys_enter_NAME in tracefs whose format lists, after
 * __syscall_nr, one field per argument. tracefs is often not mounted (and
 * a recorder should not mount it for the whole machine), so a child
 * process reads it: from where it is mounted, or else from a tracefs it
 * mounts in a mount namespace of its own, gone when the child exits. The
 * child sends the table through a pipe; the parent loads the BPF programs
 * meanwhile. Anything missing (no tracefs, no CONFIG_FTRACE_SYSCALLS, not
 * root) leaves counts unknown, and events of those syscalls keep all six
 * argument registers as before.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include "argtypes.h"
#include "sysargs.h"
#include "syscalls.h"
#include "schema/record.h"

#define PREFIX		"sys_enter_"
#define MOUNT_AT	"/sys/kernel/tracing"

/*
 * Whether a format line "\tfield:DECL;\toffset:..." declares an argument.
 * The arguments come first, one plain field each; newer kernels follow
 * them with fields of their own (__data_loc char[] __filename_val, the
 * string a pointer argument names).
 */
static int is_arg_field(const char *line)
{
	const char *decl = line + strlen("\tfield:");
	const char *end = strchr(decl, ';'), *name = end;

	if (!end || memmem(decl, (size_t)(end - decl), "__data_loc", 10))
		return 0;
	while (name > decl && name[-1] != ' ' && name[-1] != '*')
		name--;
	return name < end && name[0] != '_';
}

/* The declaration of a field line: "const char * filename". */
static const char *field_decl(const char *line, size_t *len)
{
	const char *decl = line + strlen("\tfield:");
	const char *end = strchr(decl, ';');

	*len = end ? (size_t)(end - decl) : 0;
	return decl;
}

/*
 * The argument fields after "__syscall_nr" in an event's format file, and
 * their types (argtypes.c). Returns the count, or -1 when the file does
 * not look like one.
 */
static int read_args(int dirfd, const char *event, uint8_t type[KT_NARGS])
{
	char path[300], buf[4096];
	const char *field[KT_NARGS + 1];
	size_t off = 0;
	ssize_t len;
	const char *p;
	int fd, n = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/format", event) >=
	    sizeof(path))
		return -1;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (off < sizeof(buf) - 1 &&
	       (len = read(fd, buf + off, sizeof(buf) - 1 - off)) > 0)
		off += (size_t)len;
	close(fd);
	buf[off] = 0;
	p = strstr(buf, "__syscall_nr;");
	if (!p)
		return -1;
	while ((p = strstr(p + 1, "\tfield:")) && is_arg_field(p)) {
		if (n == KT_NARGS)
			return -1;
		field[n++] = p;
	}
	for (int i = 0; i < n; i++) {
		size_t dl, nl = 0;
		const char *d = field_decl(field[i], &dl);
		const char *next = i + 1 < n ? field_decl(field[i + 1], &nl) : NULL;

		type[i] = argtypes__of_decl(d, dl, next, nl);
	}
	return n;
}

/*
 * The syscall an event names: its own name, or the one its kernel
 * function is an older or newer variant of (sys_newstat is stat(2)).
 */
static int event_nr(const char *name)
{
	static const char *const alias[][2] = {
		{ "newstat", "stat" }, { "newlstat", "lstat" },
		{ "newfstat", "fstat" }, { "newuname", "uname" },
		{ "sendfile64", "sendfile" }, { "umount", "umount2" },
	};
	int nr = syscalls__nr(name);

	for (size_t i = 0; nr < 0 && i < sizeof(alias) / sizeof(*alias); i++)
		if (!strcmp(name, alias[i][0]))
			nr = syscalls__nr(alias[i][1]);
	return nr;
}

/*
 * Where tracefs is mounted, from /proc/self/mountinfo (field 5, the mount
 * point, of a line whose type after " - " is tracefs). Trying the usual
 * paths instead would walk into debugfs/tracing and automount one.
 */
static int find_tracefs(char *dir, size_t size)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char point[4096];

		if (!strstr(line, " - tracefs ") ||
		    sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
		    strchr(point, '\\'))	/* an escaped blank: not ours */
			continue;
		found = (size_t)snprintf(dir, size, "%s/events/syscalls",
					 point) < size;
	}
	fclose(f);
	return found;
}

static DIR *open_events(void)
{
	char dir[4200];

	if (find_tracefs(dir, sizeof(dir)))
		return opendir(dir);
	/*
	 * None: mount one in a mount namespace of our own, gone with this
	 * process. (Mounting over a mounted tracefs would reset the options
	 * of its one superblock, for every mount.)
	 */
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tracefs", MOUNT_AT, "tracefs", 0, NULL))
		return NULL;
	return opendir(MOUNT_AT "/events/syscalls");
}

static void read_counts(struct sysargs_tab *tab)
{
	DIR *d = open_events();
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		int nr, n;

		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)))
			continue;
		nr = event_nr(de->d_name + strlen(PREFIX));
		if (nr < 0 || nr >= KT_MAX_SYSCALLS)
			continue;
		n = read_args(dirfd(d), de->d_name, tab->type[nr]);
		if (n >= 0)
			tab->nargs[nr] = (uint8_t)n;
		argtypes__fix(syscalls__name(nr), tab->type[nr]);
	}
	closedir(d);
}

void sysargs__start(struct sysargs *s)
{
	int fds[2];

	s->pid = 0;
	s->fd = -1;
	if (pipe2(fds, O_CLOEXEC))
		return;
	s->pid = fork();
	if (s->pid == 0) {
		static struct sysargs_tab tab;
		const char *bytes = (const char *)&tab;
		size_t off = 0;

		close(fds[0]);
		memset(tab.nargs, SYSARGS_UNKNOWN, sizeof(tab.nargs));
		read_counts(&tab);
		while (off < sizeof(tab)) {
			ssize_t w = write(fds[1], bytes + off, sizeof(tab) - off);

			if (w <= 0 && errno != EINTR)
				_exit(1);
			off += w > 0 ? (size_t)w : 0;
		}
		_exit(0);
	}
	close(fds[1]);
	if (s->pid < 0) {
		s->pid = 0;
		close(fds[0]);
		return;
	}
	s->fd = fds[0];
}

int sysargs__finish(struct sysargs *s, struct sysargs_tab *tab)
{
	char *bytes = (char *)tab;
	size_t off = 0;
	int known = 0;

	memset(tab, 0, sizeof(*tab));
	memset(tab->nargs, SYSARGS_UNKNOWN, sizeof(tab->nargs));
	while (s->fd >= 0 && off < sizeof(*tab)) {
		ssize_t r = read(s->fd, bytes + off, sizeof(*tab) - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	if (s->fd >= 0)
		close(s->fd);
	if (s->pid > 0)
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
	s->fd = -1;
	s->pid = 0;
	if (off < sizeof(*tab)) {
		memset(tab, 0, sizeof(*tab));
		memset(tab->nargs, SYSARGS_UNKNOWN, sizeof(tab->nargs));
		return 0;
	}
	for (int i = 0; i < KT_MAX_SYSCALLS; i++)
		known += tab->nargs[i] != SYSARGS_UNKNOWN;
	return known;
}
