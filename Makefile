# Thin wrapper around meson/ninja.  `make check` does everything a fresh
# Debian 12 machine needs: packages, configure, build, every test.
BUILD ?= build
SAN_BUILD ?= build-sanitize

.PHONY: all deps check check-quick check-sanitize check-fuzz run clean

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

deps:
	./scripts/install-deps

check: deps
	$(MAKE) all
	python3 scripts/run-tests --build $(BUILD)

check-quick: deps
	$(MAKE) all
	python3 scripts/run-tests --build $(BUILD) --quick

check-sanitize: deps
	[ -f $(SAN_BUILD)/build.ninja ] || ./configure --builddir=$(SAN_BUILD) --enable-sanitizers
	ninja -C $(SAN_BUILD)
	python3 scripts/run-tests --build $(SAN_BUILD)

# The libFuzzer targets (migration stream, virtio migration stream, virtio guest),
# built with clang, sharing FUZZ_SECONDS.
FUZZ_SECONDS ?= 600
check-fuzz: deps
	command -v clang >/dev/null || { apt-get update -q && apt-get install -y -q clang; }
	./tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS)

run: deps
	$(MAKE) all
	./scripts/run-default-guest $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
