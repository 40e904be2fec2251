// SPDX-License-Identifier: MIT
/*
 * fuzz_reader.c - libFuzzer target for analyze's reader and importer.
 *
 * Each input is a trace file: it goes through analyzer/import/reader.c (zstd
 * frames), the codec and analyzer/import/import.c into an in-memory database
 * (emptied after each input), then the report's scan (analyzer/stats.c)
 * runs over what was imported. An input starting with 'B' is instead a
 * list of batches separated by "KTFR", each written as a checksummed zstd
 * frame (tests/fuzz/input.h): most mutations of compressed bytes only
 * fail the checksum, these reach the record decoders and the importer.
 * tests/fuzz/fuzz_decode.c runs the same inputs without SQLite, faster. Whatever the bytes, this
 * must end without a crash, a hang, a leak or undefined behaviour; refusing
 * the input is fine. As libbpf's fuzz/ does for its ELF parser, the seed
 * corpus is the golden bad inputs.
 *
 * Build: `make build/fuzz_reader` (clang only). Its sources are this file,
 * the schema/ sources, every file of analyzer/import/ (the file ->
 * database half of analyze) and analyzer/stats.c. Run it:
 *
 *   mkdir -p build/fuzz-corpus
 *   tests/fuzz/seeds.sh build/fuzz-corpus build   # 'B' seeds
 *   build/fuzz_reader -max_total_time=300 -close_fd_mask=2 \
 *     build/fuzz-corpus tests/golden
 *
 * The input reaches the reader as a memfd, under /proc/self/fd/N, so the
 * real open/read path is exercised without temporary files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <sqlite3.h>
#include <zstd.h>
#include "analyzer/import/db.h"
#include "analyzer/import/import.h"
#include "analyzer/stats.h"
#include "tests/fuzz/input.h"

static sqlite3 *db;

static const char clear_sql[] =
	"DELETE FROM traces; DELETE FROM meta; DELETE FROM probes;"
	"DELETE FROM syscalls; DELETE FROM errnos; DELETE FROM comms;"
	"DELETE FROM event_rows; DELETE FROM proc_events; DELETE FROM processes;"
	"DELETE FROM stacks; DELETE FROM stack_frames; DELETE FROM lost;";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_stats st;
	char path[64];
	int fd = memfd_create("trace", MFD_CLOEXEC);

	if (!db && (sqlite3_open(":memory:", &db) || db__create_schema(db)))
		abort();
	if (fd < 0)
		return 0;
	if (fuzz_input__write(fd, data, size)) {
		close(fd);
		return 0;
	}
	lseek(fd, 0, SEEK_SET);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (import__file(db, path, 1) != IMPORT_FAILED) {
		stats__collect(db, 1, NULL, &st);	/* the percentiles too */
		stats__free(&st);
	}
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (sqlite3_exec(db, clear_sql, NULL, NULL, NULL))
		abort();
	close(fd);
	return 0;
}
