/* SPDX-License-Identifier: MIT */
/*
 * dotcmd.h - the sqlite3 shell's everyday dot-commands, for the SQL prompt.
 */
#ifndef ANALYZE_DOTCMD_H
#define ANALYZE_DOTCMD_H

struct session;

/*
 * Run the dot-command line (".mode csv", without its newline; the buffer
 * is split in place) on session s. Returns SESSION_OK, SESSION_QUIT, or
 * SESSION_ERROR after one line on stderr (an unknown command included).
 */
int dotcmd__run(struct session *s, char *line);

#endif /* ANALYZE_DOTCMD_H */
