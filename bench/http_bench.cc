// bench/http_bench.cc
// ns per HTTP/1.x head for dissectors/http parse() and the
// posture/evidence/http mapper: zeek's Wget request and Apache response
// (http-vlan-0.pcap) and a browser-sized request.
#include <benchmark/benchmark.h>

#include <string_view>

#include "dissectors/http/http.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/http.h"
#include "tests/unit/dissectors/http_messages.h"

namespace {

using namespace dissect::test::http_messages;

dissect::ByteView view(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void parse_bench(benchmark::State& state, std::string_view msg) {
    const auto v = view(msg);
    for (auto _ : state) {
        auto m = dissect::http::parse(v);
        benchmark::DoNotOptimize(m);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * msg.size()));
}

void map_bench(benchmark::State& state, std::string_view msg, bool from_client) {
    const auto v = view(msg);
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, from_client, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::http_stream(v, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

void BM_HttpParseWgetRequest(benchmark::State& s) { parse_bench(s, kWgetRequest); }
void BM_HttpParseBrowserRequest(benchmark::State& s) { parse_bench(s, kBrowserRequest); }
void BM_HttpParseApacheResponse(benchmark::State& s) { parse_bench(s, kApacheResponse); }
void BM_HttpMapBrowserRequest(benchmark::State& s) { map_bench(s, kBrowserRequest, true); }
void BM_HttpMapApacheResponse(benchmark::State& s) { map_bench(s, kApacheResponse, false); }

}  // namespace

BENCHMARK(BM_HttpParseWgetRequest);
BENCHMARK(BM_HttpParseBrowserRequest);
BENCHMARK(BM_HttpParseApacheResponse);
BENCHMARK(BM_HttpMapBrowserRequest);
BENCHMARK(BM_HttpMapApacheResponse);
