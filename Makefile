# phuluc — see README.md. `make run` and `make check` do all set-up on a fresh
# Debian 12 machine (they install missing packages first).

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
           -Wshadow -Wstrict-prototypes -Wformat=2
PKGS    := xlsxwriter libutf8proc yaml-0.1 jansson nettle libzip expat
VERSION := $(shell cat VERSION)
# No path of the checkout is compiled in: the binary finds its templates,
# fonts and catalogs from its own location (src/run/resources.h).
CPPFLAGS += -Isrc -DPHULUC_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lcsv -lm

# The stages of the pipeline, in the order data flows through them (see
# README "Layout of the code"): a stage may include and link only the stages
# before it. Each is a folder of src/ and a static library; a unit test in
# tests/unit/<stage>/ links its stage and the stages before it only, so a test
# that needs a later stage does not link.
STAGES   := base input model check layout render run
SRC      := $(wildcard $(STAGES:%=src/%/*.c))
# The headers, and the X-macro lists they include (base/rules.def).
HDR      := $(wildcard $(STAGES:%=src/%/*.h) $(STAGES:%=src/%/*.def))
LIB_SRC  := $(filter-out src/run/main.c,$(SRC))
UNIT_SRC := $(wildcard $(STAGES:%=tests/unit/%/test_*.c))
# UPTO_<stage>: that stage and the ones before it, last first (link order).
UPTO_base   := base
UPTO_input  := input $(UPTO_base)
UPTO_model  := model $(UPTO_input)
UPTO_check  := check $(UPTO_model)
UPTO_layout := layout $(UPTO_check)
UPTO_render := render $(UPTO_layout)
UPTO_run    := run $(UPTO_render)

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

FONTS := fonts/LiberationSerif-Regular.ttf fonts/LiberationSerif-Bold.ttf \
         fonts/LiberationSerif-Italic.ttf

# Message catalogs: po/<lang>.po → build/locale/<lang>/LC_MESSAGES/phuluc.mo,
# where a build-tree binary finds them (src/run/resources.h).
LINGUAS := $(shell cat po/LINGUAS)
MO      := $(LINGUAS:%=build/locale/%/LC_MESSAGES/phuluc.mo)

.PHONY: all deps test-deps run check test asan fonts locale pot po-update format format-check include-check \
        bench clean install uninstall

all: deps build/phuluc $(FONTS) $(MO)

deps:
	@tools/install-deps.sh build

test-deps:
	@tools/install-deps.sh test

# Fonts are not committed: they come from Debian's fonts-liberation2, cut to
# the Latin + Vietnamese repertoire by tools/cut_font.py (fontTools' subsetter,
# Debian's fonttools, plus a cmap of few segments: see the script). The PDF
# embeds the font file, so a cut of ~330 glyphs instead of ~2,600 keeps a
# small annex's PDF about 4 times smaller; the PDF renderer maps only the
# codes it draws to their glyphs (render_pdf.c). The repertoire is a few
# contiguous runs, which keeps the cut cmap short
# (Latin-1, Vietnamese with its combining tone marks, dashes and quotes,
# arrows, a few marks: ■□▲▼●).
# Text outside the repertoire is refused with a clear message (missing glyph).
FONT_SRC      := /usr/share/fonts/truetype/liberation2
FONT_UNICODES := U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,\
U+01A0-01A1,U+01AF-01B0,U+0300-0303,U+0309,U+0323,U+1EA0-1EF9,U+2012-2022,U+2026,U+20AB,U+2190-2193,U+2212,U+25A0-25A1,\
U+25B2,U+25BC,U+25CF
fonts/%.ttf: Makefile tools/cut_font.py | deps
	mkdir -p fonts
	/usr/bin/python3 tools/cut_font.py $(FONT_SRC)/$*.ttf $@.tmp '$(FONT_UNICODES)' 2>/dev/null
	mv $@.tmp $@
fonts: $(FONTS)

build/locale/%/LC_MESSAGES/phuluc.mo: po/%.po | deps
	@mkdir -p $(@D)
	msgfmt -c -o $@.tmp $<
	mv $@.tmp $@
locale: $(MO)

# po/phuluc.pot from the messages in src/: _("…"), N_("…"), message_in(lang, "…"),
# the format of finding_add and of error_set (src/base/messages.h); then
# `make po-update` merges it into every po/<lang>.po for the translators.
# tests/e2e/messages.sh runs the same xgettext (XGETTEXT_FLAGS) and fails on
# a message that po/vi.po lacks or leaves untranslated.
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=message_in:2 \
	--keyword=finding_add:6 --keyword=error_set:3 --flag=finding_add:6:c-format \
	--keyword=book_fail:5 --flag=book_fail:5:c-format --keyword=run_fail:3 --flag=run_fail:3:c-format \
	--keyword=room_for_one:7 --flag=room_for_one:7:c-format \
	--keyword=fail_at:3 --keyword=failed:3 \
	--flag=error_set:3:c-format --flag=N_:1:pass-c-format --flag=_:1:pass-c-format \
	--add-comments=TRANSLATORS: --package-name=phuluc --package-version=$(VERSION) --sort-by-file
POT ?= po/phuluc.pot
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(SRC) $(HDR)
po-update: pot
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none --no-fuzzy-matching po/$$l.po po/phuluc.pot; done

build/%.o: src/%.c $(HDR) VERSION
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -c $< -o $@
build/asan/%.o: src/%.c $(HDR) VERSION
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(ASAN_FLAGS) -c $< -o $@

# One static library per stage: build/lib<stage>.a (build/asan/lib<stage>.a).
define stage_lib
build/lib$(1).a: $$(patsubst src/%.c,build/%.o,$$(filter-out src/run/main.c,$$(wildcard src/$(1)/*.c)))
	@rm -f $$@
	ar rcs $$@ $$^
build/asan/lib$(1).a: $$(patsubst src/%.c,build/asan/%.o,$$(filter-out src/run/main.c,$$(wildcard src/$(1)/*.c)))
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach s,$(STAGES),$(eval $(call stage_lib,$(s))))

# The marker beside a build-tree binary says where its checkout is (relative
# to the binary's directory): only such a binary reads templates/ and fonts/
# of the checkout; `make install` never installs the marker.
build/phuluc: build/run/main.o $(UPTO_run:%=build/lib%.a)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)
	echo .. >build/phuluc-build-tree
build/asan/phuluc: build/asan/run/main.o $(UPTO_run:%=build/asan/lib%.a)
	$(CC) $(ASAN_FLAGS) $^ -o $@ $(LDLIBS)
	echo ../.. >build/asan/phuluc-build-tree

# A unit test of stage S links the libraries of S and the stages before it,
# and tests/unit/oom.c: every allocation our objects make goes through it
# (--wrap), so a test can make the N-th one fail (tests/unit/oom.h).
OOM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup \
            -Wl,--wrap=asprintf,--wrap=vasprintf,--wrap=open_memstream
build/tests/oom.o: tests/unit/oom.c tests/unit/oom.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -c $< -o $@
build/asan/tests/oom.o: tests/unit/oom.c tests/unit/oom.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(ASAN_FLAGS) -c $< -o $@
define stage_tests
build/tests/$(1)/%: tests/unit/$(1)/%.c build/tests/oom.o $$(UPTO_$(1):%=build/lib%.a) $$(wildcard tests/unit/*.h)
	@mkdir -p $$(@D)
	$$(CC) $$(CPPFLAGS) -Itests/unit $$(PKG_CFLAGS) $$(WARN) $$(CFLAGS) $$(filter %.c %.o %.a,$$^) -o $$@ $$(OOM_WRAP) $$(LDLIBS) -lcmocka
build/asan/tests/$(1)/%: tests/unit/$(1)/%.c build/asan/tests/oom.o $$(UPTO_$(1):%=build/asan/lib%.a) $$(wildcard tests/unit/*.h)
	@mkdir -p $$(@D)
	$$(CC) $$(CPPFLAGS) -Itests/unit $$(PKG_CFLAGS) $$(WARN) $$(ASAN_FLAGS) $$(filter %.c %.o %.a,$$^) -o $$@ $$(OOM_WRAP) $$(LDLIBS) -lcmocka
endef
$(foreach s,$(STAGES),$(eval $(call stage_tests,$(s))))

UNIT_BIN      := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
ASAN_UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

asan: build/asan/phuluc $(ASAN_UNIT_BIN)

# `make install PREFIX=/usr/local DESTDIR=…`: the binary finds share/phuluc
# and share/locale beside its bin/ (src/run/resources.h), so PREFIX is not
# compiled in and the installed tree can be moved. The build-tree marker is
# not installed.
PREFIX  ?= /usr/local
BINDIR   = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share
INSTALLED_FILES = bin/phuluc \
	$(patsubst templates/%,share/phuluc/templates/%,$(wildcard templates/*.yaml)) \
	$(FONTS:fonts/%=share/phuluc/fonts/%) $(LINGUAS:%=share/locale/%/LC_MESSAGES/phuluc.mo) \
	share/doc/phuluc/huong-dan.md share/man/man1/phuluc.1 share/man/vi/man1/phuluc.1

install: build/phuluc $(FONTS) $(MO)
	install -d $(BINDIR) $(SHAREDIR)/phuluc/templates $(SHAREDIR)/phuluc/fonts \
		$(SHAREDIR)/doc/phuluc $(SHAREDIR)/man/man1 $(SHAREDIR)/man/vi/man1
	install -m 755 build/phuluc $(BINDIR)/phuluc
	install -m 644 templates/*.yaml $(SHAREDIR)/phuluc/templates/
	install -m 644 $(FONTS) $(SHAREDIR)/phuluc/fonts/
	for l in $(LINGUAS); do \
		install -d $(SHAREDIR)/locale/$$l/LC_MESSAGES && \
		install -m 644 build/locale/$$l/LC_MESSAGES/phuluc.mo $(SHAREDIR)/locale/$$l/LC_MESSAGES/ || exit 1; \
	done
	install -m 644 docs/huong-dan.md $(SHAREDIR)/doc/phuluc/
	install -m 644 man/phuluc.1 $(SHAREDIR)/man/man1/phuluc.1
	install -m 644 man/vi/phuluc.1 $(SHAREDIR)/man/vi/man1/phuluc.1

uninstall:
	rm -f $(INSTALLED_FILES:%=$(DESTDIR)$(PREFIX)/%)
	-rmdir $(SHAREDIR)/phuluc/templates $(SHAREDIR)/phuluc/fonts $(SHAREDIR)/phuluc \
		$(SHAREDIR)/doc/phuluc 2>/dev/null

# Every example job under input/ into out/<job>/, with out/manifest.csv.
run: all
	build/phuluc batch input -o out

# Every test: unit, end to end, again under ASan+UBSan, valgrind, formatting.
check: all test-deps
	@$(MAKE) --no-print-directory build/phuluc $(UNIT_BIN) asan
	@tests/run.sh

# Time and peak memory of the example build (median of several runs).
bench: all
	@tools/bench.sh

FORMAT_FILES = $(SRC) $(HDR) $(UNIT_SRC) $(wildcard tests/unit/*.[ch])
format:
	clang-format -i $(FORMAT_FILES)
# Includes point down the pipeline (STAGES), no cycle between modules, and no
# function over 100 lines; make check runs both through tests/run.sh.
include-check:
	@tools/check_includes.py
	@tools/function_lengths.py

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf build out tests/tmp $(FONTS)

# Fuzzing with libFuzzer + ASan + UBSan: one harness per target,
# tests/fuzz/fuzz_<target>.c, seeds in tests/fuzz/corpus/<target>/.
# `make fuzz` installs clang and its fuzzer runtime if missing, then runs every
# target in turn, FUZZ_SECONDS split between them; any crash, leak or timeout
# fails it (reproducer in build/fuzz/<target>-*). New inputs go to
# build/fuzz/corpus/<target>. A harness links the stage libraries built with
# the fuzzer's flags (the linker takes only what it uses), so adding a target
# is adding its name here, its harness and its seeds.
FUZZ_TARGETS := input job template xlsx font
FUZZ_SECONDS ?= 300
FUZZ_CC      := clang
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: fuzz fuzz-deps
fuzz-deps:
	@command -v $(FUZZ_CC) >/dev/null && ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq clang libclang-rt-14-dev; }
build/fuzz/%.o: src/%.c $(HDR) VERSION | deps fuzz-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
define fuzz_lib
build/fuzz/lib$(1).a: $$(patsubst src/%.c,build/fuzz/%.o,$$(filter-out src/run/main.c,$$(wildcard src/$(1)/*.c)))
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach s,$(STAGES),$(eval $(call fuzz_lib,$(s))))
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(UPTO_run:%=build/fuzz/lib%.a) | fuzz-deps
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer $(filter %.c %.a,$^) -o $@ $(LDLIBS)
# ASan's quarantine (256 MB by default) and unreleased allocator memory would
# count against -rss_limit_mb and stop a long run with a false out-of-memory;
# kept small, the limit measures the code under test.
fuzz: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%) $(FONTS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t; \
		seeds=""; [ -d tests/fuzz/corpus/$$t ] && seeds=tests/fuzz/corpus/$$t; \
		maxlen=65536; [ $$t = font ] && { seeds="$$seeds fonts"; maxlen=524288; }; \
		echo "fuzz_$$t: $$(( $(FUZZ_SECONDS) / $(words $(FUZZ_TARGETS)) )) s"; \
		ASAN_OPTIONS=quarantine_size_mb=16:allocator_release_to_os_interval_ms=1000 build/fuzz/fuzz_$$t \
			-max_total_time=$$(( $(FUZZ_SECONDS) / $(words $(FUZZ_TARGETS)) )) -max_len=$$maxlen -timeout=20 \
			-rss_limit_mb=512 -print_final_stats=1 -artifact_prefix=build/fuzz/$$t- \
			build/fuzz/corpus/$$t $$seeds; \
	done
