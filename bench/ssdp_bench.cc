// bench/ssdp_bench.cc
// ns per parse of the SSDP parser (dissectors/ssdp) and per call of its mapper
// (posture/evidence/ssdp), on the test datagrams and on every SSDP payload of
// the IoT Sentinel capture (cameras, bridges, plugs, routers).
#include <benchmark/benchmark.h>

#include "bench/udp_payloads.h"
#include "dissectors/ssdp/ssdp.h"
#include "posture/evidence/ssdp.h"
#include "tests/unit/dissectors/ssdp_messages.h"

namespace {

using dissect::ByteView;
using dissect::test::bytes;
namespace sd = dissect::ssdp;
namespace ev = posture::evidence;

void parse_one(benchmark::State& state, ByteView msg) {
    for (auto _ : state) {
        auto m = sd::parse(msg);
        benchmark::DoNotOptimize(m);
    }
    state.SetItemsProcessed(state.iterations());
}

void map_one(benchmark::State& state, ByteView msg) {
    dissect::packet::Decoded dec;
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = ev::ssdp_datagram(msg, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void parse_capture(benchmark::State& state) {
    static const auto payloads =
        bench::udp_payloads(bench::shared_capture("bench/iot_sentinel_shared_merged.pcap"), 1900);
    bench::parse_each(state, payloads, [](dissect::ByteView p) { return sd::parse(p); });
}

}  // namespace

BENCHMARK_CAPTURE(parse_one, notify_camera, bytes(dissect::test::kSsdpNotifyCamera));
BENCHMARK_CAPTURE(parse_one, response_hue, bytes(dissect::test::kSsdpResponseHue));
BENCHMARK_CAPTURE(parse_one, msearch_camera, bytes(dissect::test::kSsdpMSearchCamera));
BENCHMARK_CAPTURE(map_one, notify_camera, bytes(dissect::test::kSsdpNotifyCamera));
BENCHMARK_CAPTURE(map_one, notify_windows_renderer, bytes(dissect::test::kSsdpNotifyWindowsRenderer));
BENCHMARK(parse_capture)->Name("parse_capture/iot_sentinel_ssdp");
