# peerdesk - plain Makefile with pkg-config.
#   make run     build, create a demo database and serve it on http://127.0.0.1:8080
#   make test    build and run every test suite (unit, HTTP on SQLite and PostgreSQL, browser, ASan)
#   make bench   measure with wrk against the demo data (prints a table, writes bench/out/latest.md;
#                bench/RESULTS.md keeps the recorded figures)
#   make asan    build the sanitizer binaries (build-asan/)
#   make install install the binary and the man page: PREFIX (/usr/local), DESTDIR (empty)
.SUFFIXES:

ifeq ($(origin CC),default)
CC = gcc
endif
PKGS     = libmicrohttpd sqlite3 libpq libsodium jansson pwquality libical
WARN     = -Wall -Wextra -Wformat=2 -Werror
INCS     = -Isrc/core -Isrc/store -Isrc/http -Isrc/auth -Isrc/audit -Isrc/domain -Isrc/view \
           -Isrc/handlers -Isrc/cli -Isrc/ops -Isrc/import
CFLAGS  ?= -O2 -g
ALLCFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(INCS) $(CFLAGS) $(SAN) `pkg-config --cflags $(PKGS)`
LIBS     = `pkg-config --libs $(PKGS)` -lcsv -lpthread -lm
B       ?= build
# make V=1 shows every command.
Q        = $(if $(V),,@)

SRC_LIB = $(wildcard src/core/*.c src/store/*.c src/http/*.c src/auth/*.c src/audit/*.c \
          src/domain/*.c src/view/*.c src/handlers/*.c src/ops/*.c src/import/*.c) \
          $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
TEMPLATES  = $(sort $(wildcard templates/*.mustache))
STATIC     = $(sort $(wildcard static/*))
MIGRATIONS = $(sort $(wildcard src/store/migrations/*/*.sql))
# The message catalog: one file per language; adding a language is adding a file.
MESSAGES   = $(sort $(wildcard messages/*.txt))
# Default rule tables (rules/boundary.tsv: SV-5, boundary.h); an organization adds its own rows.
RULES      = $(sort $(wildcard rules/*.tsv))
OBJ_LIB = $(SRC_LIB:%.c=$(B)/%.o) $(B)/gen/templates.o $(B)/gen/static.o $(B)/gen/migrations.o \
          $(B)/gen/messages.o $(B)/gen/rules.o
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/*.c))
HTTP_TESTS = $(patsubst tests/http/%.c,$(B)/tests/%,$(filter-out tests/http/harness.c,$(wildcard tests/http/*.c)))

.PHONY: all run test bench asan clean deps deps-test tests format install uninstall

PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man

all: deps $(B)/peerdesk

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

$(B)/%.o: %.c $(wildcard src/*/*.h) $(wildcard src/store/*.def)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALLCFLAGS) -c $< -o $@

$(B)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 $(WARN) $< -o $@

$(B)/gen/templates.c: $(B)/embed $(TEMPLATES)
	@mkdir -p $(@D)
	$(B)/embed $@ embedded_templates templates/ $(TEMPLATES)
$(B)/gen/static.c: $(B)/embed $(STATIC)
	@mkdir -p $(@D)
	$(B)/embed $@ embedded_static static/ $(STATIC)
$(B)/gen/migrations.c: $(B)/embed $(MIGRATIONS)
	@mkdir -p $(@D)
	$(B)/embed $@ embedded_migrations src/store/migrations/ $(MIGRATIONS)
$(B)/gen/messages.c: $(B)/embed $(MESSAGES)
	@mkdir -p $(@D)
	$(B)/embed $@ embedded_messages messages/ $(MESSAGES)
$(B)/gen/rules.c: $(B)/embed $(RULES)
	@mkdir -p $(@D)
	$(B)/embed $@ embedded_rules rules/ $(RULES)
$(B)/gen/%.o: $(B)/gen/%.c
	@echo "  CC      $<"
	$(Q)$(CC) $(ALLCFLAGS) -c $< -o $@

$(B)/libpeerdesk.a: $(OBJ_LIB)
	@rm -f $@
	ar rcs $@ $(OBJ_LIB)

$(B)/peerdesk: $(B)/src/cli/main.o $(B)/libpeerdesk.a
	$(CC) $(ALLCFLAGS) $(B)/src/cli/main.o $(B)/libpeerdesk.a $(LIBS) -o $@

# Unit tests: cmocka programs over the library.
$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libpeerdesk.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $< $(B)/libpeerdesk.a $(LIBS) `pkg-config --cflags --libs cmocka` -o $@

# HTTP tests: libcurl against the real server, plus the shared harness.
$(B)/tests/%: tests/http/%.c tests/http/harness.c tests/http/harness.h $(B)/libpeerdesk.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests/http $< tests/http/harness.c $(B)/libpeerdesk.a $(LIBS) \
	  `pkg-config --cflags --libs cmocka libcurl` -o $@

# The 837P sample that tests/x12/run.sh reads with a real X12 parser (SV-8).
$(B)/tests/x12_sample: tests/x12/x12_sample.c $(B)/libpeerdesk.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $< $(B)/libpeerdesk.a $(LIBS) -o $@

tests: $(B)/peerdesk $(UNIT_TESTS) $(HTTP_TESTS) $(B)/tests/x12_sample

# Template micro-benchmark (not a test): build/bench/tmpl_bench [N] from the repository.
$(B)/bench/tmpl_bench: bench/tmpl_bench.c tests/unit/tmpl_reference.h $(B)/libpeerdesk.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests/unit $< $(B)/libpeerdesk.a $(LIBS) -o $@

run: all
	@mkdir -p var
	@$(B)/peerdesk --db sqlite:var/demo.db init >/dev/null
	@$(B)/peerdesk --db sqlite:var/demo.db demo --scale 1
	@echo
	@echo "peerdesk is running at http://127.0.0.1:8080/  (Ctrl-C stops it)"
	@$(B)/peerdesk --db sqlite:var/demo.db serve --listen 127.0.0.1:8080 --quiet

test: deps-test
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory B=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-O1 -g" tests
	@sh tests/run.sh

asan:
	@$(MAKE) --no-print-directory B=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-O1 -g" tests

bench: all
	@sh tools/deps.sh bench
	@sh bench/run.sh

# The binary carries its templates, static files and migrations; the man page is all else.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/peerdesk $(DESTDIR)$(BINDIR)/peerdesk
	install -m 644 docs/peerdesk.1 $(DESTDIR)$(MANDIR)/man1/peerdesk.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/peerdesk $(DESTDIR)$(MANDIR)/man1/peerdesk.1

format:
	clang-format -i src/*/*.c src/*/*.h tests/*/*.c tests/*/*.h

clean:
	rm -rf build build-asan
