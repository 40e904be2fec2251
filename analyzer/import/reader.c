// SPDX-License-Identifier: MIT
/*
 * reader.c - frames of a trace file, decompressed one at a time.
 *
 * Modelled on zstd's examples/streaming_decompression.c: the file is read
 * through a fixed input buffer and fed to ZSTD_decompressStream(), which
 * returns 0 exactly when a frame is complete and its checksum verified. A
 * frame left open at end of file is truncation (the recorder was killed),
 * told apart from corruption (zstd refused the bytes) and from something
 * that is no zstd frame at all. The output buffer is sized from the frame
 * header's content size and never exceeds KT_MAX_BATCH, so a hostile file
 * can make the reader allocate at most one batch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zstd.h>
#include "reader.h"
#include "schema/le.h"
#include "schema/record.h"

#define IN_SIZE		(1u << 20)
#define GROW_START	(1u << 20)	/* first output size, content size unknown */
#define HDR_MAX		18		/* ZSTD_FRAMEHEADERSIZE_MAX */
#define SKIP_MAGIC	0x184D2A50u	/* skippable frames: this | 0..15 */

struct reader {
	int fd;
	int close_fd;
	int eof;
	ZSTD_DCtx *dctx;
	unsigned char *in;	/* IN_SIZE bytes */
	size_t in_len;		/* bytes held */
	size_t in_pos;		/* bytes consumed */
	uint64_t in_off;	/* file offset of in[0] */
	unsigned char *out;	/* one batch */
	size_t out_cap;
	uint64_t frame_off;	/* file offset of the current frame */
	char detail[160];
};

struct reader *reader__open(const char *path)
{
	struct reader *r = calloc(1, sizeof(*r));
	struct stat st;
	int err;

	if (!r)
		return NULL;
	if (!strcmp(path, "-")) {
		r->fd = 0;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			goto out_err;
		r->close_fd = 1;
	}
	if (fstat(r->fd, &st))
		goto out_err;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto out_err;
	}
	r->in = malloc(IN_SIZE);
	r->dctx = ZSTD_createDCtx();
	if (!r->in || !r->dctx) {
		errno = ENOMEM;
		goto out_err;
	}
	/* a valid batch never needs a window over KT_MAX_BATCH (64 MiB) */
	ZSTD_DCtx_setParameter(r->dctx, ZSTD_d_windowLogMax, 26);
	return r;

out_err:
	err = errno;
	reader__free(r);
	errno = err;
	return NULL;
}

/* Make at least want bytes available, unless the file ends first. */
static int fill(struct reader *r, size_t want)
{
	if (r->in_pos) {
		memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
		r->in_off += r->in_pos;
		r->in_len -= r->in_pos;
		r->in_pos = 0;
	}
	while (!r->eof && r->in_len < want) {
		ssize_t n = read(r->fd, r->in + r->in_len, IN_SIZE - r->in_len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(r->detail, sizeof(r->detail), "%s",
				 strerror(errno));
			return -RD_IO;
		}
		if (n == 0)
			r->eof = 1;
		r->in_len += (size_t)n;
	}
	return 0;
}

static size_t avail(const struct reader *r)
{
	return r->in_len - r->in_pos;
}

/* What a skippable frame decodes to: no records (never a NULL pointer). */
static const unsigned char empty_batch[1];

/* Skip a skippable frame (zstd format section 3.1.2); 4 bytes are held. */
static int skip_frame(struct reader *r, const unsigned char **batch,
		      size_t *len)
{
	uint64_t size;
	int err = fill(r, 8);

	if (err)
		return err;
	if (avail(r) < 8)
		return -RD_TRUNCATED;
	size = 8 + (uint64_t)kt_get_le32(r->in + r->in_pos + 4);
	while (size) {
		size_t n = avail(r) < size ? avail(r) : (size_t)size;

		r->in_pos += n;
		size -= n;
		if (size) {
			err = fill(r, 1);
			if (err)
				return err;
			if (!avail(r))
				return -RD_TRUNCATED;
		}
	}
	*batch = empty_batch;
	*len = 0;
	return 1;
}

/* Give the output buffer room for cap bytes. */
static int out_reserve(struct reader *r, size_t cap)
{
	unsigned char *p;

	if (cap <= r->out_cap)
		return 0;
	p = realloc(r->out, cap);
	if (!p)
		return -RD_NOMEM;
	r->out = p;
	r->out_cap = cap;
	return 0;
}

/* Check the magic and header of the frame at in_pos; size its output. */
static int frame_begin(struct reader *r, unsigned long long *csize)
{
	static const unsigned char zmagic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
	size_t n = avail(r) < 4 ? avail(r) : 4;
	int err;

	if (memcmp(r->in + r->in_pos, zmagic, n))
		return (n == 4 && (kt_get_le32(r->in + r->in_pos) & ~15u) ==
			SKIP_MAGIC) ? 1 : -RD_NOT_ZSTD;
	if (n < 4 || avail(r) < 5)
		return -RD_TRUNCATED;
	/* Frame_Header_Descriptor bit 2, Content_Checksum_flag (RFC 8878
	 * 3.1.1.1.1.5): without it, damage inside the frame goes unseen */
	if (!(r->in[r->in_pos + 4] & 0x04)) {
		snprintf(r->detail, sizeof(r->detail), "frame without a checksum");
		return -RD_CORRUPT;
	}
	*csize = ZSTD_getFrameContentSize(r->in + r->in_pos, avail(r));
	if (*csize == ZSTD_CONTENTSIZE_ERROR) {
		if (r->eof && avail(r) < HDR_MAX)
			return -RD_TRUNCATED;
		snprintf(r->detail, sizeof(r->detail), "bad frame header");
		return -RD_CORRUPT;
	}
	if (*csize != ZSTD_CONTENTSIZE_UNKNOWN && *csize > KT_MAX_BATCH)
		return -RD_TOO_BIG;
	err = out_reserve(r, *csize == ZSTD_CONTENTSIZE_UNKNOWN ? GROW_START :
			  *csize ? (size_t)*csize : 1);
	if (err)
		return err;
	ZSTD_DCtx_reset(r->dctx, ZSTD_reset_session_only);
	return 0;
}

/* When the output is full: grow it if the size is unknown, else refuse. */
static int out_full(struct reader *r, unsigned long long csize)
{
	if (csize != ZSTD_CONTENTSIZE_UNKNOWN) {
		snprintf(r->detail, sizeof(r->detail),
			 "content larger than the %llu bytes its header says",
			 csize);
		return -RD_CORRUPT;
	}
	if (r->out_cap >= KT_MAX_BATCH)
		return -RD_TOO_BIG;
	return out_reserve(r, r->out_cap * 2 > KT_MAX_BATCH ? KT_MAX_BATCH :
			   r->out_cap * 2);
}

int reader__next(struct reader *r, const unsigned char **batch, size_t *len)
{
	unsigned long long csize = 0;
	ZSTD_outBuffer ob = { 0 };
	int err = fill(r, HDR_MAX);

	if (err)
		return err;
	r->frame_off = r->in_off + r->in_pos;
	if (!avail(r))
		return 0;
	err = frame_begin(r, &csize);
	if (err)
		return err < 0 ? err : skip_frame(r, batch, len);
	for (;;) {
		ZSTD_inBuffer ib = { r->in + r->in_pos, avail(r), 0 };
		size_t before = ob.pos, ret;

		ob.dst = r->out;
		ob.size = csize == ZSTD_CONTENTSIZE_UNKNOWN ? r->out_cap :
			  (size_t)csize;
		ret = ZSTD_decompressStream(r->dctx, &ob, &ib);
		r->in_pos += ib.pos;
		if (ZSTD_isError(ret)) {
			snprintf(r->detail, sizeof(r->detail), "%s",
				 ZSTD_getErrorName(ret));
			return -RD_CORRUPT;
		}
		if (ret == 0) {
			*batch = r->out;
			*len = ob.pos;
			return 1;
		}
		if (ib.pos || ob.pos != before)
			continue;
		if (ob.pos == ob.size)
			err = out_full(r, csize);
		else if (!(err = fill(r, 1)) && !avail(r))
			err = -RD_TRUNCATED;
		if (err)
			return err;
	}
}

uint64_t reader__offset(const struct reader *r)
{
	return r->frame_off;
}

uint64_t reader__size(const struct reader *r)
{
	return r->in_off + r->in_len;
}

const char *reader__detail(const struct reader *r)
{
	return r->detail;
}

void reader__free(struct reader *r)
{
	if (!r)
		return;
	if (r->close_fd)
		close(r->fd);
	ZSTD_freeDCtx(r->dctx);
	free(r->in);
	free(r->out);
	free(r);
}
