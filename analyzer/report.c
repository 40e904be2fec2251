// SPDX-License-Identifier: MIT
/* placeholder */
#include <stdio.h>
#include "report.h"
int report__print(struct sqlite3 *db, FILE *f) { (void)db; (void)f; return 0; }
