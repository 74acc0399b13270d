// bench/netbios_dgm_bench.cc
// ns per parse of the NetBIOS datagram / browser parser
// (dissectors/netbios_dgm) and per call of the browser mapper
// (posture/evidence/netbios_dgm), on the test datagrams and on every UDP 138
// payload of the nDPI Ethernet mix capture.
#include <benchmark/benchmark.h>

#include "bench/udp_payloads.h"
#include "dissectors/netbios_dgm/netbios_dgm.h"
#include "posture/evidence/netbios_dgm.h"
#include "tests/unit/dissectors/netbios_dgm_messages.h"

namespace {

using dissect::ByteView;
namespace ng = dissect::netbios_dgm;
namespace ev = posture::evidence;

template <std::size_t N>
ByteView view(const std::uint8_t (&a)[N]) {
    return ByteView{a, N};
}

void parse_one(benchmark::State& state, ByteView msg) {
    for (auto _ : state) {
        auto m = ng::parse(msg);
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
        auto r = ev::browser_datagram(msg, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void parse_capture(benchmark::State& state) {
    static const auto payloads =
        bench::udp_payloads(bench::shared_capture("bench/ndpi_ethernet_mix_merged.pcap"), 138);
    bench::parse_each(state, payloads, [](dissect::ByteView p) { return ng::parse(p); });
}

}  // namespace

BENCHMARK_CAPTURE(parse_one, host_announcement, view(dissect::test::kBrowserHostAnnouncement));
BENCHMARK_CAPTURE(parse_one, election, view(dissect::test::kBrowserElection));
BENCHMARK_CAPTURE(map_one, host_announcement, view(dissect::test::kBrowserHostAnnouncement));
BENCHMARK_CAPTURE(map_one, local_master, view(dissect::test::kBrowserLocalMaster));
BENCHMARK(parse_capture)->Name("parse_capture/ndpi_ethernet_mix_browser");
