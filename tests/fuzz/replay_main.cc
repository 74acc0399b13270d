// Replay driver for fuzz targets under g++: runs LLVMFuzzerTestOneInput on every
// file named on the command line (directories are walked, sorted). Exits non-zero
// when a path cannot be read; a crash or sanitizer report fails the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
// SENSOR_REPLAY_VERBOSE=1: each path on stderr before it runs, so a crash
// names its input (tests/fuzz/corrupt_replay.sh).
const bool kVerbose = std::getenv("SENSOR_REPLAY_VERBOSE") != nullptr;

bool run_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    if (kVerbose) std::fprintf(stderr, "replay: %s\n", p.c_str());
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return true;
}
}  // namespace

int main(int argc, char** argv) {
    std::size_t ran = 0;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path p(argv[i]);
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::filesystem::path> files;
            for (const auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                if (!run_file(f)) { std::fprintf(stderr, "cannot read %s\n", f.c_str()); return 2; }
                ++ran;
            }
        } else {
            if (!run_file(p)) { std::fprintf(stderr, "cannot read %s\n", argv[i]); return 2; }
            ++ran;
        }
    }
    std::printf("replayed %zu inputs\n", ran);
    return ran == 0 ? 3 : 0;
}
