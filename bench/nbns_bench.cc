// bench/nbns_bench.cc
// ns per parse of the NBNS parser (dissectors/nbns) and per call of its mapper
// (posture/evidence/nbns), on the test messages and on every NBNS payload of
// the nDPI Ethernet mix capture (Windows, Samba and macOS hosts).
#include <benchmark/benchmark.h>

#include "bench/udp_payloads.h"
#include "dissectors/nbns/nbns.h"
#include "posture/evidence/nbns.h"
#include "tests/unit/dissectors/nbns_messages.h"

namespace {

using dissect::ByteView;
namespace nb = dissect::nbns;
namespace ev = posture::evidence;

template <std::size_t N>
ByteView view(const std::uint8_t (&a)[N]) {
    return ByteView{a, N};
}

void parse_one(benchmark::State& state, ByteView msg) {
    for (auto _ : state) {
        auto m = nb::parse(msg);
        benchmark::DoNotOptimize(m);
    }
    state.SetItemsProcessed(state.iterations());
}

void map_one(benchmark::State& state, ByteView msg) {
    dissect::packet::Decoded dec;
    dec.src_ip = dissect::IpAddr::v4(0xc0a8ef81);  // 192.168.239.129, the registering host
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = ev::nbns_datagram(msg, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void parse_capture(benchmark::State& state) {
    static const auto payloads =
        bench::udp_payloads(bench::shared_capture("bench/ndpi_ethernet_mix_merged.pcap"), 137);
    bench::parse_each(state, payloads, [](dissect::ByteView p) { return nb::parse(p); });
}

}  // namespace

BENCHMARK_CAPTURE(parse_one, registration, view(dissect::test::kNbnsRegistration));
BENCHMARK_CAPTURE(parse_one, query, view(dissect::test::kNbnsQuery));
BENCHMARK_CAPTURE(parse_one, node_status_response, view(dissect::test::kNbnsNodeStatusResponse));
BENCHMARK_CAPTURE(map_one, registration, view(dissect::test::kNbnsRegistration));
BENCHMARK_CAPTURE(map_one, node_status_response, view(dissect::test::kNbnsNodeStatusResponse));
BENCHMARK(parse_capture)->Name("parse_capture/ndpi_ethernet_mix_nbns");
