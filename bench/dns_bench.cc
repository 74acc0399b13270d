// bench/dns_bench.cc
// ns per parse of the DNS message parser (dissectors/dns) and per call of its
// mappers (posture/evidence/dns), on the test messages and on every mDNS and
// DNS payload of the IoT Sentinel capture (real devices' traffic).
#include <benchmark/benchmark.h>

#include "bench/udp_payloads.h"
#include "dissectors/dns/dns.h"
#include "posture/evidence/dns.h"
#include "tests/unit/dissectors/dns_messages.h"

namespace {

using dissect::ByteView;
namespace dd = dissect::dns;
namespace ev = posture::evidence;

template <std::size_t N>
ByteView view(const std::uint8_t (&a)[N]) {
    return ByteView{a, N};
}

void parse_one(benchmark::State& state, ByteView msg) {
    for (auto _ : state) {
        auto m = dd::parse(msg);
        benchmark::DoNotOptimize(m);
    }
    state.SetItemsProcessed(state.iterations());
}

using Mapper = dissect::Result<void> (*)(ByteView, const ev::PacketContext&, ev::Sink&);

void map_one(benchmark::State& state, ByteView msg, Mapper mapper) {
    dissect::packet::Decoded dec;
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = mapper(msg, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}

struct Captured {
    std::vector<bench::Payload> mdns, dns;
};
Captured shared_payloads() {
    const auto file = bench::shared_capture("bench/iot_sentinel_shared_merged.pcap");
    return {bench::udp_payloads(file, 5353), bench::udp_payloads(file, 53)};
}

// Cycles through every payload of the capture on `port`; one iteration, one payload.
void parse_capture(benchmark::State& state, std::uint16_t port) {
    static const auto iot = shared_payloads();
    const auto& payloads = port == 5353 ? iot.mdns : iot.dns;
    bench::parse_each(state, payloads, [](dissect::ByteView p) { return dd::parse(p); });
}

}  // namespace

BENCHMARK_CAPTURE(parse_one, dns_query, view(dissect::test::kDnsQueryNtp));
BENCHMARK_CAPTURE(parse_one, dns_response_cname, view(dissect::test::kDnsResponseCname));
BENCHMARK_CAPTURE(parse_one, mdns_announce_camera, view(dissect::test::kMdnsAnnounceCamera));
BENCHMARK_CAPTURE(parse_one, mdns_printer, view(dissect::test::kMdnsPrinter));
BENCHMARK_CAPTURE(parse_one, llmnr_query, view(dissect::test::kLlmnrQuery));
BENCHMARK_CAPTURE(map_one, dns_datagram_query, view(dissect::test::kDnsQueryNtp), ev::dns_datagram);
BENCHMARK_CAPTURE(map_one, mdns_datagram_camera, view(dissect::test::kMdnsAnnounceCamera), ev::mdns_datagram);
BENCHMARK_CAPTURE(map_one, mdns_datagram_printer, view(dissect::test::kMdnsPrinter), ev::mdns_datagram);
BENCHMARK_CAPTURE(map_one, llmnr_datagram_query, view(dissect::test::kLlmnrQuery), ev::llmnr_datagram);
BENCHMARK_CAPTURE(parse_capture, iot_sentinel_mdns, 5353);
BENCHMARK_CAPTURE(parse_capture, iot_sentinel_dns, 53);
