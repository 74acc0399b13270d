# The two set-up commands of the README: `make demo` and `make test`.
# Both install what is missing (Debian packages), configure and build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
SHARED     ?= $(abspath ../shared)
CMAKE_ARGS ?=
# Ninja when installed, for a fresh build directory (an existing one keeps its generator).
gen = $$( [ ! -f $(1)/CMakeCache.txt ] && command -v ninja >/dev/null && echo "-G Ninja")
DEMO_DIR   := $(BUILD)/demo

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_LONG_SECONDS ?= 900
FUZZ_TARGETS ?=

IMAGE_DIR  ?= $(BUILD)/image
APT_CACHE  ?= $(BUILD)/apt-cache

.PHONY: all deps configure build demo test test-asan test-tsan bench fuzz clean package-deb package-test \
	image image-smoke test-arm64 fuzz-build fuzz-long asan-configure corruption

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(call gen,$(BUILD)) -DSENSOR_SHARED_DIR=$(SHARED) $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

demo: configure
	@cmake --build $(BUILD) -j$(JOBS) --target sensord sitegen
	@$(BUILD)/bench/sitegen --out $(DEMO_DIR) >/dev/null
	@echo "== generated site capture: $(DEMO_DIR)/site.pcap (ground truth: $(DEMO_DIR)/site_truth.tsv)"
	@$(BUILD)/sensor/sensord --read $(DEMO_DIR)/site.pcap --workers 2

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 900

asan-configure: deps
	@cmake -S . -B $(ASAN_BUILD) $(call gen,$(ASAN_BUILD)) -DSENSOR_SANITIZE=address,undefined -DSENSOR_BUILD_BENCH=ON \
	  -DSENSOR_BUILD_MICROBENCH=OFF -DSENSOR_TESTS_PER_BINARY=ON \
	  -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g1" "-DCMAKE_C_FLAGS=-O1 -g1" \
	  -DSENSOR_SHARED_DIR=$(SHARED) $(CMAKE_ARGS) >/dev/null

test-asan: asan-configure
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 1800

# Real libFuzzer binaries (clang 16, ASan+UBSan), one per dissector and one
# for the whole pipeline over capture-file bytes, each run FUZZ_SECONDS
# (default 60) from its seed corpus: make fuzz FUZZ_SECONDS=600
# FUZZ_TARGETS="tls pipeline". make fuzz-long runs each FUZZ_LONG_SECONDS
# (default 900: about 5.5 hours for the 22 targets). Clang 16 lacks
# only the feature-test value libstdc++ 12 checks before offering
# <expected> (it implements P0848, which <expected> needs), so the build states
# it; libc++ 16's std::expected corrupts its has-value flag (LLVM #68552).
fuzz-build:
	@bash scripts/install-deps.sh fuzz
	@cmake -S . -B $(FUZZ_BUILD) $(call gen,$(FUZZ_BUILD)) -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
	  "-DCMAKE_CXX_FLAGS=-U__cpp_concepts -D__cpp_concepts=202002L" -DSENSOR_LIBFUZZER=ON -DSENSOR_BUILD_BENCH=OFF \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzzers

fuzz: fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-long: fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_LONG_SECONDS) $(FUZZ_TARGETS)

# The corruption test over every capture under ../shared (pcaps and
# pcap-seeds): each damaged with editcap -E 0.02 and truncated at a random
# offset, 3 seeds each, through the whole pipeline built with ASan+UBSan
# (tests/fuzz/corrupt_replay.sh). `make test` runs it on a few captures.
corruption: asan-configure
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target pipeline_fuzz
	@bash tests/fuzz/corrupt_replay.sh $(ASAN_BUILD) $(SHARED) all

bench: build
	@bash bench/pipeline.sh $(BUILD)

# The Debian package (firmware/package): build/sensord_VERSION_ARCH.deb.
package-deb: build
	@cd $(BUILD) && cpack -G DEB >/dev/null && ls -1 $(abspath $(BUILD))/sensord_*.deb

# Installs that package into a clean Debian 12 root (mmdebstrap; needs root
# and a mirror, ~150 MB) and runs sensord --check-config there.
package-test: package-deb
	@bash scripts/install-deps.sh image
	@bash firmware/package/test-install.sh $$(ls -1t $(BUILD)/sensord_*.deb | head -1)

# The appliance image (firmware/image): a reproducible Debian 12 root with the
# package installed, read-only root and a data partition (needs root and a
# mirror; ~10 min on 2 cores). image-smoke boots it under qemu-system-x86_64
# (TCG without /dev/kvm) and checks, inside the VM, that sensord reads the
# bundled capture and that sensord@.service starts.
image: package-deb
	@bash scripts/install-deps.sh image
	@bash firmware/image/build-image.sh --deb $$(ls -1t $(BUILD)/sensord_*.deb | head -1) \
	  --sitegen $(BUILD)/bench/sitegen --out $(IMAGE_DIR) --apt-cache $(APT_CACHE)

image-smoke: image
	@bash firmware/image/smoke.sh --image $(IMAGE_DIR)

# The whole project cross-compiled for arm64 (firmware/cross) and its unit
# tests run under qemu-aarch64-static (firmware/README.md, "ARM64").
test-arm64: deps
	@bash scripts/install-deps.sh cross
	@JOBS=$(JOBS) bash firmware/cross/test-arm64.sh build-arm64

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
