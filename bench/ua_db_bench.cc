// bench/ua_db_bench.cc
// ns per User-Agent for posture/kb/ua_db over Debian's uap-core regexes.yaml
// (skipped when absent): a parse that misses the cache (all three parser
// lists), one that hits it, the hint mapping, and load() itself. The strings
// are a mix of what a site's clients send: browsers on the common platforms,
// an Android WebView, OS services and command-line tools.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>
#include <vector>

#include "posture/kb/ua_db.h"

namespace {

constexpr const char* kUserAgents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 "
    "Safari/537.36 Edg/118.0.2088.46",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/16.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 "
    "Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 9; JKM-LX1 Build/HUAWEIJKM-LX1; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/106.0.5249.118 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 "
    "Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0",
    "Microsoft-CryptoAPI/10.0",
    "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50",
    "com.apple.trustd/2.2",
    "Dalvik/2.1.0 (Linux; U; Android 11; M2101K6G Build/RKQ1.200826.002)",
    "curl/7.88.1",
};
constexpr std::size_t kCount = sizeof kUserAgents / sizeof kUserAgents[0];

posture::UaDb* db() {
    static std::optional<posture::UaDb> d = []() -> std::optional<posture::UaDb> {
        auto r = posture::UaDb::load();
        if (!r) return std::nullopt;
        return std::move(*r);
    }();
    return d ? &*d : nullptr;
}

void BM_UaParseMiss(benchmark::State& state) {
    posture::UaDb* d = db();
    if (!d) {
        state.SkipWithError("/usr/share/uap-core/regexes.yaml not available");
        return;
    }
    std::size_t i = 0;
    for (auto _ : state) {
        auto u = d->parse_uncached(kUserAgents[i++ % kCount]);
        benchmark::DoNotOptimize(u);
    }
}

void BM_UaParseHit(benchmark::State& state) {
    posture::UaDb* d = db();
    if (!d) {
        state.SkipWithError("/usr/share/uap-core/regexes.yaml not available");
        return;
    }
    const std::vector<std::string> uas(std::begin(kUserAgents), std::end(kUserAgents));
    for (const auto& ua : uas) (void)d->parse(ua);
    std::size_t i = 0;
    for (auto _ : state) {
        const posture::UaInfo& u = d->parse(uas[i++ % kCount]);
        benchmark::DoNotOptimize(&u);
    }
}

void BM_UaHints(benchmark::State& state) {
    posture::UaDb* d = db();
    if (!d) {
        state.SkipWithError("/usr/share/uap-core/regexes.yaml not available");
        return;
    }
    std::vector<posture::UaInfo> parsed;
    for (const char* ua : kUserAgents) parsed.push_back(d->parse_uncached(ua));
    std::size_t i = 0;
    for (auto _ : state) {
        auto h = posture::ua_hints(parsed[i++ % kCount]);
        benchmark::DoNotOptimize(h);
    }
}

void BM_UaLoad(benchmark::State& state) {
    for (auto _ : state) {
        auto r = posture::UaDb::load();
        if (!r) {
            state.SkipWithError(r.error().c_str());
            return;
        }
        benchmark::DoNotOptimize(r);
    }
}

}  // namespace

BENCHMARK(BM_UaParseMiss);
BENCHMARK(BM_UaParseHit);
BENCHMARK(BM_UaHints);
BENCHMARK(BM_UaLoad)->Unit(benchmark::kMillisecond)->Iterations(3);
