# Conveniences around SwiftPM; the README's two commands need nothing but sh.
SWIFT ?= swift
FUZZ_SECONDS ?= 600

.PHONY: deps build run test bench link-order fuzz fuzz-build fuzz-feed fuzz-query install clean

# `sudo make install`: the binary, the systemd unit, and /etc/feedwatch/feeds.conf
# (kept when it exists) with the sample feeds it names. DESTDIR for packaging.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SYSCONFDIR ?= /etc
UNITDIR ?= /etc/systemd/system

deps:
	scripts/deps.sh

build: deps
	$(SWIFT) build

run: deps
	$(SWIFT) run feedwatch run

test: deps
	$(SWIFT) test

# Release build; prints our figures next to baselines measured in the same run
# (bare libxml2 for the parser, curl --parallel for the fetcher, the matcher
# without its presearch, bare SQLite and write+fsync for the store).
bench: deps
	$(SWIFT) build -c release --product feedwatch-bench
	$(SWIFT) build -c release --product feedwatch
	.build/release/feedwatch-bench parse
	.build/release/feedwatch-bench fetch
	.build/release/feedwatch-bench match
	.build/release/feedwatch-bench store
	.build/release/feedwatch-bench sinks
	.build/release/feedwatch-bench daemon

# Regenerates Sources/feedwatch/link-order.txt (the release build's code
# layout: see Package.swift) from a callgrind profile of a daemon run; needs valgrind.
link-order: deps
	scripts/link-order.sh

# libFuzzer + AddressSanitizer on the feed parser, in its own build folder so the
# normal .build is not invalidated. Seeds: our fixtures, the samples and the real
# captures in ../shared/feeds/real when present.
fuzz-build: deps
	$(SWIFT) build -c debug --product fuzz-feed --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	$(SWIFT) build -c debug --product fuzz-query --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING

# Both harnesses, one after the other, FUZZ_SECONDS each.
fuzz: fuzz-feed fuzz-query

fuzz-feed: fuzz-build
	mkdir -p fuzz-corpus/feed
	cp -n Tests/FeedParserTests/Fixtures/* samples/*.xml fuzz-corpus/feed/ 2>/dev/null || true
	[ -d ../shared/feeds/real ] && cp -n ../shared/feeds/real/*.xml ../shared/feeds/real/*.atom fuzz-corpus/feed/ || true
	.build-fuzz/debug/fuzz-feed -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -rss_limit_mb=2048 \
		-dict=fuzz/feed.dict fuzz-corpus/feed

# The query parser and matcher: a query line, then an article.
fuzz-query: fuzz-build
	mkdir -p fuzz-corpus/query
	cp -n fuzz/query-seeds/* fuzz-corpus/query/ 2>/dev/null || true
	.build-fuzz/debug/fuzz-query -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=2048 \
		-dict=fuzz/query.dict fuzz-corpus/query

install: deps
	$(SWIFT) build -c release --product feedwatch
	install -D -m 0755 .build/release/feedwatch $(DESTDIR)$(BINDIR)/feedwatch
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/feedwatch/samples
	sed -e 's,/usr/local/bin/feedwatch,$(BINDIR)/feedwatch,g' -e 's,/etc/feedwatch/,$(SYSCONFDIR)/feedwatch/,g' \
		systemd/feedwatch.service > $(DESTDIR)$(UNITDIR)/feedwatch.service
	install -m 0644 samples/* $(DESTDIR)$(SYSCONFDIR)/feedwatch/samples/
	[ -e $(DESTDIR)$(SYSCONFDIR)/feedwatch/feeds.conf ] || install -m 0644 feeds.conf $(DESTDIR)$(SYSCONFDIR)/feedwatch/feeds.conf
	@echo "feedwatch installed. Next: sudo systemctl daemon-reload && sudo systemctl enable --now feedwatch"

clean:
	rm -rf .build .build-fuzz
