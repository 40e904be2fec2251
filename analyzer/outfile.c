// SPDX-License-Identifier: MIT
/*
 * outfile.c - private output files, written beside and renamed in place.
 *
 * The new file is made by mkostemp() in the target's directory: created
 * with O_EXCL, so no link planted under its (random) name is followed,
 * and mode 0600. rename() then replaces whatever directory entry is at
 * the path, a symbolic link included, without following it: the link's
 * target is never written. A symbolic link found at the start is refused
 * anyway, as record refuses one, since the user probably meant its target.
 *
 * Two `analyze --db same.db` at once: the first locks the old database
 * (flock on its inode, released when analyze exits), the second fails to
 * and says so. With no old database there is nothing to lock; the commit
 * then uses renameat2(RENAME_NOREPLACE) (link() where the file system
 * lacks it), so the second to finish gets EEXIST and an error rather than
 * silently replacing the first one's database.
 *
 * SIGINT, SIGTERM and SIGHUP remove the new files before analyze dies of
 * them (unless a handler of the SQL prompt has taken SIGINT over).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "outfile.h"

/*
 * The new files not yet in place, removed when a signal ends analyze
 * (Ctrl-C during a long import): nothing is left beside the path.
 */
#define LIVE_MAX	4
static char *volatile live[LIVE_MAX];

static void on_signal(int sig)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i])
			unlink(live[i]);	/* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remember tmp (or forget it: add 0) for on_signal(). */
static void track(char *tmp, int add)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static int installed;
	struct sigaction sa, old;

	for (int i = 0; i < LIVE_MAX; i++)
		if (add ? !live[i] : live[i] == tmp) {
			live[i] = add ? tmp : NULL;
			break;
		}
	if (!add || installed)
		return;
	installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* a signal someone ignores (nohup) stays ignored */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
}

/* The sudo caller, who owns what analyze writes when run under sudo. */
static void sudo_caller(uid_t *uid, gid_t *gid)
{
	const char *u = getenv("SUDO_UID"), *g = getenv("SUDO_GID");

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (!u || geteuid() != 0)
		return;
	*uid = (uid_t)strtoul(u, NULL, 10);
	if (g)
		*gid = (gid_t)strtoul(g, NULL, 10);
}

/* "DIR/.NAME.XXXXXX" for path, or NULL (out of memory). */
static char *tmp_name(const char *path)
{
	char *d = strdup(path), *b = strdup(path), *t = NULL;

	if (d && b && asprintf(&t, "%s/.%s.XXXXXX", dirname(d), basename(b)) < 0)
		t = NULL;
	free(d);
	free(b);
	return t;
}

/* The new file beside path: of->tmp and of->fd. */
static int create_tmp(struct outfile *of)
{
	uid_t uid;
	gid_t gid;

	of->tmp = tmp_name(of->path);
	if (!of->tmp) {
		fprintf(stderr, "analyze: out of memory\n");
		return -1;
	}
	of->fd = mkostemp(of->tmp, O_CLOEXEC);
	if (of->fd < 0) {
		fprintf(stderr, "analyze: cannot create '%s': %s\n", of->path,
			strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	track(of->tmp, 1);
	sudo_caller(&uid, &gid);
	/* mkostemp's 0600 is final: the umask only narrows it */
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(of->fd, uid, gid)) {
		fprintf(stderr, "analyze: cannot hand '%s' to the sudo caller: %s\n",
			of->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Lock the database at path (OUTFILE_DB): one analyze at a time. */
static int lock_old(struct outfile *of)
{
	of->lockfd = open(of->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (of->lockfd < 0) {
		fprintf(stderr, "analyze: cannot open '%s': %s\n", of->path,
			strerror(errno));
		return -1;
	}
	if (flock(of->lockfd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK)
			fprintf(stderr, "analyze: '%s' is being written by another analyze\n",
				of->path);
		else
			fprintf(stderr, "analyze: cannot lock '%s': %s\n",
				of->path, strerror(errno));
		return -1;
	}
	return 0;
}

int outfile__open(struct outfile *of, const char *path, int flags)
{
	struct stat st;

	memset(of, 0, sizeof(*of));
	of->path = path;
	of->fd = of->lockfd = -1;
	of->flags = flags;
	if (!(flags & OUTFILE_DB) && !strcmp(path, "-"))
		return 0;
	if (lstat(path, &st)) {
		if (errno != ENOENT) {
			fprintf(stderr, "analyze: cannot create '%s': %s\n",
				path, strerror(errno));
			return -1;
		}
		return create_tmp(of);
	}
	if (S_ISLNK(st.st_mode)) {
		fprintf(stderr, "analyze: refusing to write '%s': it is a symbolic link\n",
			path);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "analyze: cannot create '%s': %s\n", path,
			strerror(EISDIR));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		if ((flags & OUTFILE_DB) ||
		    !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
			fprintf(stderr, "analyze: '%s' exists and is not a regular file; not overwriting it\n",
				path);
			return -1;
		}
		/* /dev/null, a pipe: written as they are */
		of->fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
		if (of->fd < 0) {
			fprintf(stderr, "analyze: cannot open '%s': %s\n", path,
				strerror(errno));
			return -1;
		}
		return 0;
	}
	of->existed = 1;
	of->dev = st.st_dev;
	of->ino = st.st_ino;
	if ((flags & OUTFILE_DB) && lock_old(of))
		return -1;
	return create_tmp(of);
}

FILE *outfile__stream(struct outfile *of)
{
	FILE *f;

	if (of->fd < 0 && !of->tmp)
		return stdout;
	f = fdopen(of->fd, "w");
	if (!f) {
		fprintf(stderr, "analyze: cannot write '%s': %s\n", of->path,
			strerror(errno));
		return NULL;
	}
	of->fd = -1;	/* the stream's now */
	return f;
}

/* Put of->tmp at of->path when nothing may be replaced. */
static int rename_noreplace(struct outfile *of)
{
	if (!renameat2(AT_FDCWD, of->tmp, AT_FDCWD, of->path, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (link(of->tmp, of->path))
		return -1;
	unlink(of->tmp);
	return 0;
}

int outfile__commit(struct outfile *of)
{
	struct stat st;
	int err;

	if (of->fd >= 0) {
		close(of->fd);
		of->fd = -1;
	}
	if (!of->tmp) {
		outfile__discard(of);
		return 0;
	}
	if (of->lockfd >= 0 && (lstat(of->path, &st) || st.st_dev != of->dev ||
				st.st_ino != of->ino)) {
		fprintf(stderr, "analyze: '%s' was replaced while analyze ran; not replacing it\n",
			of->path);
		outfile__discard(of);
		return -1;
	}
	if ((of->flags & OUTFILE_DB) && !of->existed)
		err = rename_noreplace(of);
	else
		err = rename(of->tmp, of->path);
	if (err) {
		if (errno == EEXIST)
			fprintf(stderr, "analyze: '%s' appeared while analyze ran (another analyze --db?); not replacing it\n",
				of->path);
		else
			fprintf(stderr, "analyze: cannot create '%s': %s\n",
				of->path, strerror(errno));
		outfile__discard(of);
		return -1;
	}
	track(of->tmp, 0);
	free(of->tmp);
	of->tmp = NULL;
	outfile__discard(of);
	return 0;
}

void outfile__discard(struct outfile *of)
{
	if (of->fd >= 0)
		close(of->fd);
	if (of->tmp) {
		unlink(of->tmp);
		track(of->tmp, 0);
	}
	if (of->lockfd >= 0)
		close(of->lockfd);
	free(of->tmp);
	of->tmp = NULL;
	of->fd = of->lockfd = -1;
}
