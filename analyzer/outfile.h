/* SPDX-License-Identifier: MIT */
/*
 * outfile.h - the files analyze writes: --db, --export, --flamegraph.
 *
 * What they hold comes from 0600 traces, so they get the trace's rules
 * (record's recorder/tracefile.c): mode 0600, handed to the sudo caller,
 * never written through a symbolic link planted at the path. Each is
 * written under a temporary name in the same directory and renamed over
 * the path once complete, so a reader never sees half a file and a failed
 * run leaves the old one alone.
 */
#ifndef ANALYZE_OUTFILE_H
#define ANALYZE_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

enum outfile_flags {
	/*
	 * A database: an existing file is locked (flock) for the whole run,
	 * so a second analyze on the same path fails at once; when there
	 * was none, a file that appears meanwhile is not replaced. Only a
	 * regular file may stand at the path.
	 */
	OUTFILE_DB = 1,
};

struct outfile {
	const char *path;	/* the name asked for (not owned) */
	char *tmp;		/* the new file until outfile__commit(), owned;
				 * NULL when path is written in place */
	int fd;			/* open for writing, or -1 */
	int lockfd;		/* the old file, flock'd (OUTFILE_DB), or -1 */
	int existed;		/* a regular file stood at path */
	dev_t dev;		/* ... and its identity */
	ino_t ino;
	int flags;		/* enum outfile_flags */
};

/*
 * Start writing path: "-" is stdout (not with OUTFILE_DB), a character
 * device or FIFO is opened as it is, anything else gets a new 0600 file
 * beside it (of->tmp, of->fd). A symbolic link, a directory, or (with
 * OUTFILE_DB) a path another analyze holds is refused. Returns 0, or -1
 * after printing one line; of is to be ended by outfile__commit() or
 * outfile__discard() in both cases.
 */
int outfile__open(struct outfile *of, const char *path, int flags);

/*
 * A stdio stream on of->fd (which it then owns), or NULL after printing
 * an error. stdout for "-".
 */
FILE *outfile__stream(struct outfile *of);

/*
 * Put the new file in place (rename; with OUTFILE_DB and no old file,
 * never over one that appeared meanwhile). of->fd must be closed by then
 * (by fclose() of its stream, or by the caller). Returns 0, or -1 after
 * printing one line, the new file removed.
 */
int outfile__commit(struct outfile *of);

/* Remove the new file and release the old one; safe on any state. */
void outfile__discard(struct outfile *of);

#endif /* ANALYZE_OUTFILE_H */
