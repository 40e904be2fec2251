# ktrail - record what the kernel did for a workload, analyze it with SQL.
#
# One non-recursive Makefile; every output goes under $(BUILD)/.
#   vmlinux.h -> bpf/*.bpf.c -> .bpf.o -> linked record.bpf.o -> record.skel.h
#   -> recorder/*.o -> build/record;  analyzer/{,import/}*.o -> build/analyze
#   analyzer/sqlfuncs.c + extension.c + schema/errnos.c -> build/ktrail.so
#   (the SQLite extension)
#
#   make            build record and analyze (installs missing Debian packages)
#   make demo       record a sample workload and print its analysis
#   make test       all tests; the last line is "N passed, N failed"
#   make test-san   the same tests against an ASan+UBSan build (build/san/)
#   make bench      benchmarks against strace, perf trace and bpftrace
#   make fuzz       run the trace-reader fuzzer (FUZZ_SECONDS, default 300)
#   make install    PREFIX=/usr/local DESTDIR=  (the binaries, man pages,
#                   and the SQLite extension as $(PREFIX)/lib/ktrail/ktrail.so)
#   V=1             show full commands

BUILD	?= build
PREFIX	?= /usr/local
CC	?= gcc
CLANG	?= clang
BPFTOOL	?= bpftool
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
# zstd level of the trace's frames, chosen by measurement: on a file-heavy
# run (tar of /usr/include) level 3 gave 6.4 bytes/event and level 6 5.0,
# and the writer thread keeps up with a tight syscall loop at either.
ZSTD_LEVEL ?= 6

ARCH	:= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' \
		-e 's/ppc64le/powerpc/' -e 's/s390x/s390/' -e 's/riscv64/riscv/')
VERSION	:= 0.1.0

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# Debian packages the build needs; `deps` installs only those missing.
DEPS_PKGS := libbpf-dev libelf-dev zlib1g-dev libsqlite3-dev libzstd-dev \
	     clang llvm bpftool libclang-rt-dev libedit-dev sqlite3 g++ \
	     systemtap-sdt-dev libdw-dev

WARN	:= -Wall -Wextra -Werror
CFLAGS	?= -O2 -g
ifeq ($(SAN),1)
CFLAGS	+= -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
LDFLAGS	+= -fsanitize=address,undefined
endif
ALL_CFLAGS = $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -MMD -MP \
	     -DKTRAIL_VERSION='"$(VERSION)"' -I$(BUILD) -I$(BUILD)/gen -I.

# clang -target bpf does not see the host's system include dirs by itself
# (libbpf-bootstrap's Makefile does the same).
CLANG_SYS_INCLUDES := $(shell $(CLANG) -v -E - </dev/null 2>&1 \
	| sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -I$(BUILD) -I. $(CLANG_SYS_INCLUDES)

# schema/ is linked by both programs; analyzer/import/ is the file ->
# database half of analyze, and the fuzzer's source set with the codec
SCHEMA_SRCS := schema/codec.c schema/errnos.c
IMPORT_SRCS := $(wildcard analyzer/import/*.c)
REC_SRCS  := $(wildcard recorder/*.c) $(SCHEMA_SRCS)
# analyzer/argfmt/ renders arguments as strace does (no SQLite in it)
ARGFMT_SRCS := $(wildcard analyzer/argfmt/*.c)
ANA_SRCS  := $(filter-out analyzer/extension.c,$(wildcard analyzer/*.c)) \
	     $(IMPORT_SRCS) $(ARGFMT_SRCS) $(SCHEMA_SRCS)
# the SQL functions again, position-independent, for the SQLite extension
EXT_SRCS  := analyzer/sqlfuncs.c analyzer/extsort.c analyzer/extension.c \
	     schema/errnos.c
# maps.bpf.c first: it defines the maps the others declare extern, and
# bpftool's linker resolves an extern map only after its definition
BPF_SRCS  := bpf/maps.bpf.c $(filter-out bpf/maps.bpf.c,$(wildcard bpf/*.bpf.c))
REC_OBJS  := $(patsubst %.c,$(BUILD)/obj/%.o,$(REC_SRCS))
ANA_OBJS  := $(patsubst %.c,$(BUILD)/obj/%.o,$(ANA_SRCS))
EXT_OBJS  := $(patsubst %.c,$(BUILD)/ext/%.o,$(EXT_SRCS))
ARGFMT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(ARGFMT_SRCS))
ARGFMT_GEN := $(BUILD)/gen/argfmt_tables.inc $(BUILD)/gen/argfmt_tables.h \
	      $(BUILD)/gen/argfmt_errmsg.inc
BPF_OBJS  := $(patsubst bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))
SAMPLES   := $(patsubst samples/%.c,$(BUILD)/samples/%,$(wildcard samples/*.c)) \
	     $(patsubst samples/%.cc,$(BUILD)/samples/%,$(wildcard samples/*.cc))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNITS     := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
# what every unit test links: the codec and the recorder's writer
UNIT_LIBS := $(BUILD)/obj/schema/codec.o $(BUILD)/obj/recorder/writer.o

.DELETE_ON_ERROR:
FUZZ_SECONDS ?= 300
# the reader and importer (which renders arguments with analyzer/argfmt/),
# and the report's scan of what they filled
FUZZ_READER_SRCS := tests/fuzz/fuzz_reader.c $(SCHEMA_SRCS) $(IMPORT_SRCS) \
		    $(ARGFMT_SRCS) \
		    analyzer/stats.c analyzer/ranks.c analyzer/outfile.c \
		    analyzer/progress.c analyzer/escape.c
# the reader and the record checks alone, without SQLite: many more inputs
FUZZ_DECODE_SRCS := tests/fuzz/fuzz_decode.c $(SCHEMA_SRCS) \
		    analyzer/import/reader.c analyzer/import/check.c
FUZZ_CODEC_SRCS := tests/fuzz/fuzz_codec.c schema/codec.c
FUZZ_OBJS := $(patsubst %.c,$(BUILD)/fuzz-obj/%.o,\
		$(sort $(FUZZ_READER_SRCS) $(FUZZ_DECODE_SRCS) $(FUZZ_CODEC_SRCS)))
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	       -fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE \
	       -MMD -MP -I. -I$(BUILD)/gen

.PHONY: all deps demo test test-san bench fuzz install clean FORCE

all: $(BUILD)/record $(BUILD)/analyze $(BUILD)/ktrail.so

deps:
	@missing=""; for p in $(DEPS_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "  DEPS    installing$$missing"; \
		apt-get update -qq && apt-get install -y -qq $$missing >/dev/null \
			|| { echo "make: cannot install$$missing" >&2; exit 1; }; \
	fi

# ---- generated headers ---------------------------------------------------

$(BUILD)/vmlinux.h: | deps
	$(call msg,GEN,$@)
	@mkdir -p $(@D)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@

$(BUILD)/gen/syscall_names.inc $(BUILD)/gen/errno_names.inc &: schema/gentables.sh | deps
	$(call msg,GEN,$(BUILD)/gen/)
	$(Q)sh schema/gentables.sh "$(CC)" $(BUILD)/gen

# rewritten only when the level changes: a new ZSTD_LEVEL rebuilds its user
$(BUILD)/gen/zstd_level.h: FORCE
	@mkdir -p $(@D)
	@echo '#define ZSTD_LEVEL $(ZSTD_LEVEL)' > $@.tmp; \
	 if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

FORCE:

# the argument renderer's constant tables, from the installed headers
$(ARGFMT_GEN) &: analyzer/argfmt/gentables.sh analyzer/argfmt/tables.list | deps
	$(call msg,GEN,$(BUILD)/gen/argfmt_*)
	$(Q)sh analyzer/argfmt/gentables.sh "$(CC)" analyzer/argfmt/tables.list $(BUILD)/gen

$(BUILD)/gen/trace_sql.h: schema/trace.sql
	$(call msg,GEN,$@)
	@mkdir -p $(@D)
	$(Q){ echo '/* generated from schema/trace.sql: do not edit */'; \
	      echo 'static const char trace_sql[] ='; \
	      sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	      echo ';'; } > $@

# ---- BPF -> skeleton -----------------------------------------------------

$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c $(BUILD)/vmlinux.h | deps
	$(call msg,BPF,$@)
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -c $< -o $@

$(BUILD)/record.bpf.o: $(BPF_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(BUILD)/record.skel.h: $(BUILD)/record.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name record_bpf > $@

# ---- programs ------------------------------------------------------------

# Headers that do not exist before the first build can never appear in a .d
# file: give their users explicit edges.
$(filter $(BUILD)/obj/recorder/%,$(REC_OBJS)): $(BUILD)/record.skel.h \
	$(BUILD)/gen/syscall_names.inc
$(BUILD)/obj/recorder/session.o: $(BUILD)/gen/zstd_level.h
$(filter $(BUILD)/obj/analyzer/%,$(ANA_OBJS)): $(BUILD)/gen/trace_sql.h
$(ARGFMT_OBJS) $(BUILD)/obj/tests/unit/test_argfmt.o: $(ARGFMT_GEN) \
	$(BUILD)/gen/errno_names.inc
$(BUILD)/obj/schema/errnos.o: $(BUILD)/gen/errno_names.inc

$(BUILD)/obj/%.o: %.c | deps
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/record: $(REC_OBJS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $^ -lbpf -ldw -lelf -lz -lzstd -o $@

$(BUILD)/analyze: $(ANA_OBJS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $^ -lsqlite3 -lzstd -ledit -lm -o $@

$(BUILD)/ext/%.o: %.c $(BUILD)/gen/errno_names.inc | deps
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -fsanitize=%,$(ALL_CFLAGS)) -fPIC \
		-fvisibility=hidden -DKTRAIL_EXTENSION -c $< -o $@

# No -lsqlite3: every call goes through the loading SQLite's API table.
# Never sanitized: the programs that load it (sqlite3, python3) are not.
$(BUILD)/ktrail.so: $(EXT_OBJS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(filter-out -fsanitize=%,$(LDFLAGS)) -shared -Wl,-z,defs \
		$^ -lm -o $@

# Samples keep frame pointers, set up before any other code of a function
# (no shrink-wrapping), so user stacks can be walked (Debian's own
# binaries do not).
$(BUILD)/samples/%: samples/%.c | deps
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -O1 -g -fno-omit-frame-pointer -fno-shrink-wrap -fno-inline -Wall -Wextra -Werror -MMD -MP -I. $< -o $@

$(BUILD)/samples/%: samples/%.cc | deps
	$(call msg,CXX,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Werror -MMD -MP $< -o $@

# bench/untraced.sh's pieces of the syscall probes, and their loader
$(BUILD)/bench/floor.bpf.o: bench/floor.bpf.c $(BUILD)/vmlinux.h | deps
	$(call msg,BPF,$@)
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -c $< -o $@

$(BUILD)/bench/attach: bench/attach.c | deps
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) $< -lbpf -o $@

# the argument renderer's test links the renderer
$(BUILD)/tests/test_argfmt: $(ARGFMT_OBJS) $(BUILD)/obj/schema/errnos.o
# the caps test links the recorder's collection of captured arguments
$(BUILD)/tests/test_caps: $(BUILD)/obj/recorder/caps.o
$(UNITS): $(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(UNIT_LIBS)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) $^ -lzstd -o $@

# libFuzzer targets for the trace reader and importer, and the codec
# (clang only)
$(FUZZ_OBJS): $(BUILD)/gen/trace_sql.h $(BUILD)/gen/errno_names.inc
$(BUILD)/fuzz-obj/%.o: %.c | deps
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -c $< -o $@

$(BUILD)/fuzz_reader: $(patsubst %.c,$(BUILD)/fuzz-obj/%.o,$(FUZZ_READER_SRCS))
	$(call msg,FUZZ,$@)
	$(Q)$(CLANG) -fsanitize=fuzzer,address,undefined $^ -lsqlite3 -lzstd -lm -o $@

$(BUILD)/fuzz_decode: $(patsubst %.c,$(BUILD)/fuzz-obj/%.o,$(FUZZ_DECODE_SRCS))
	$(call msg,FUZZ,$@)
	$(Q)$(CLANG) -fsanitize=fuzzer,address,undefined $^ -lzstd -o $@

$(BUILD)/fuzz_codec: $(patsubst %.c,$(BUILD)/fuzz-obj/%.o,$(FUZZ_CODEC_SRCS))
	$(call msg,FUZZ,$@)
	$(Q)$(CLANG) -fsanitize=fuzzer,address,undefined $^ -o $@

# ---- what people run -----------------------------------------------------

demo: all $(SAMPLES)
	@sh samples/demo.sh $(BUILD)

test: all $(SAMPLES) $(UNITS) $(BUILD)/fuzz_reader $(BUILD)/fuzz_decode \
      $(BUILD)/fuzz_codec
	@sh tests/run.sh $(BUILD)

test-san:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 test

# the record decoders alone for FUZZ_SECONDS/4, the reader + decoders
# (no SQLite), then the reader + importer, FUZZ_SECONDS each; the seeds
# are the golden traces, synthetic ones of every record kind and, as
# root with BTF, traces record makes here
fuzz: all $(SAMPLES) $(BUILD)/tests/mktrace $(BUILD)/fuzz_reader \
      $(BUILD)/fuzz_decode $(BUILD)/fuzz_codec
	@mkdir -p $(BUILD)/fuzz-corpus $(BUILD)/fuzz-batches
	@bash tests/fuzz/seeds.sh $(BUILD)/fuzz-corpus $(BUILD)
	@for f in tests/golden/*.zst; do zstd -dcq "$$f" > \
		$(BUILD)/fuzz-batches/$$(basename $$f .zst) 2>/dev/null; done; true
	$(BUILD)/fuzz_codec -max_total_time=$$(($(FUZZ_SECONDS) / 4)) \
		-print_final_stats=1 $(BUILD)/fuzz-batches
	$(BUILD)/fuzz_decode -max_total_time=$(FUZZ_SECONDS) \
		-print_final_stats=1 $(BUILD)/fuzz-corpus tests/golden
	$(BUILD)/fuzz_reader -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=2 \
		-print_final_stats=1 $(BUILD)/fuzz-corpus tests/golden

bench: all $(SAMPLES) $(BUILD)/bench/floor.bpf.o $(BUILD)/bench/attach
	@sh bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/lib/ktrail
	install -m 0755 $(BUILD)/record $(BUILD)/analyze $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 $(BUILD)/ktrail.so $(DESTDIR)$(PREFIX)/lib/ktrail/
	install -m 0644 recorder/record.1 analyzer/analyze.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf $(BUILD)

-include $(wildcard $(patsubst %.o,%.d,$(REC_OBJS) $(ANA_OBJS) $(EXT_OBJS) $(FUZZ_OBJS) \
	$(patsubst $(BUILD)/tests/%,$(BUILD)/obj/tests/unit/%.o,$(UNITS))) \
	$(BUILD)/bpf/*.d $(BUILD)/samples/*.d $(BUILD)/bench/*.d)
