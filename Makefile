# Installs composure: the binary, its man page, shell completions, and the built-in library (rubrics,
# scenarios, lexicon, schemas) where the binary and the YAML files' schema headers look for them.
#
#   make install                         # builds a release binary, installs under /usr/local
#   make install PREFIX=$HOME/.local     # no root needed; put $HOME/.local/bin on PATH
#   make install DESTDIR=/tmp/stage PREFIX=/usr   # staged, for packagers
#   make uninstall PREFIX=...            # removes exactly what install put there
#   make man                             # regenerates Docs/man/composure.1 with ArgumentParser's plugin
#
# BIN=path/to/composure installs an already-built binary instead of building one.

PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
SWIFT ?= swift
MAN_CONFIGURATION ?= debug
BIN ?=

bindir := $(DESTDIR)$(PREFIX)/bin
sharedir := $(DESTDIR)$(PREFIX)/share/composure
mandir := $(DESTDIR)$(PREFIX)/share/man/man1
bashdir := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
zshdir := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
fishdir := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all build install uninstall man check-prefix

all: build

check-prefix:
	@case '$(PREFIX)' in /*) ;; *) echo "error: PREFIX must be an absolute path, not '$(PREFIX)'" >&2; exit 2;; esac

# Scripts/setup installs the system libraries the build links (readline, SQLite) when they are missing.
build:
ifeq ($(BIN),)
	Scripts/setup
	$(SWIFT) build -c $(CONFIGURATION) --product composure >&2
endif

install: check-prefix build
	@set -eu; \
	bin='$(BIN)'; \
	if [ -z "$$bin" ]; then bin="$$($(SWIFT) build -c $(CONFIGURATION) --product composure --show-bin-path)/composure"; fi; \
	[ -x "$$bin" ] || { echo "error: no composure binary at $$bin" >&2; exit 2; }; \
	install -d '$(bindir)' '$(sharedir)/Docs' '$(mandir)' '$(bashdir)' '$(zshdir)' '$(fishdir)'; \
	install -m 0755 "$$bin" '$(bindir)/composure'; \
	rm -rf '$(sharedir)/Rubrics' '$(sharedir)/Scenarios' '$(sharedir)/Lexicon' '$(sharedir)/Docs/schema'; \
	cp -R Rubrics Scenarios Lexicon '$(sharedir)/'; \
	cp -R Docs/schema '$(sharedir)/Docs/schema'; \
	install -m 0644 Docs/man/composure.1 '$(mandir)/composure.1'; \
	"$$bin" --generate-completion-script bash > '$(bashdir)/composure'; \
	"$$bin" --generate-completion-script zsh > '$(zshdir)/_composure'; \
	"$$bin" --generate-completion-script fish > '$(fishdir)/composure.fish'; \
	echo "installed $(PREFIX)/bin/composure (library in $(PREFIX)/share/composure, man page, completions)"; \
	case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) [ -n '$(DESTDIR)' ] || echo "note: $(PREFIX)/bin is not on PATH; add it: export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

uninstall: check-prefix
	rm -f '$(bindir)/composure' '$(mandir)/composure.1' '$(bashdir)/composure' '$(zshdir)/_composure' \
		'$(fishdir)/composure.fish'
	rm -rf '$(sharedir)'

# The page is generated, not written: ArgumentParser's generate-manual plugin reads the command's own help
# (--experimental-dump-help), so it says what --help says. It is kept in the repository so that installing
# needs no plugin build; EndToEndTests' ManualPageTests fail when it no longer matches the binary.
man:
	$(SWIFT) package plugin generate-manual --configuration $(MAN_CONFIGURATION) --date 2026-01-01 \
		--authors 'the Composure authors' >&2
	cp .build/plugins/GenerateManual/outputs/composure/composure.1 Docs/man/composure.1
