// bench/lldp_bench.cc
// ns per LLDPDU for dissectors/lldp parse() and the posture/evidence/lldp
// mapper, on a real switch PDU (zeek/lldp.pcap) and an IP phone's PDU with
// LLDP-MED inventory (tests/unit/dissectors/lldp_frames.h).
#include <benchmark/benchmark.h>

#include "dissectors/lldp/lldp.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/lldp.h"
#include "tests/unit/dissectors/lldp_frames.h"

namespace {

template <std::size_t N>
void parse_pdu(benchmark::State& state, const std::uint8_t (&pdu)[N]) {
    const dissect::ByteView v{pdu, N};
    for (auto _ : state) {
        auto m = dissect::lldp::parse(v);
        benchmark::DoNotOptimize(m);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * N));
}

template <std::size_t N>
void map_pdu(benchmark::State& state, const std::uint8_t (&pdu)[N]) {
    const dissect::ByteView v{pdu, N};
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::lldp_frame(v, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

void BM_LldpParseSwitch(benchmark::State& s) { parse_pdu(s, dissect::test::kSmcSwitch); }
void BM_LldpParseMedPhone(benchmark::State& s) { parse_pdu(s, dissect::test::kMedPhone); }
void BM_LldpMapSwitch(benchmark::State& s) { map_pdu(s, dissect::test::kSmcSwitch); }
void BM_LldpMapMedPhone(benchmark::State& s) { map_pdu(s, dissect::test::kMedPhone); }

}  // namespace

BENCHMARK(BM_LldpParseSwitch);
BENCHMARK(BM_LldpParseMedPhone);
BENCHMARK(BM_LldpMapSwitch);
BENCHMARK(BM_LldpMapMedPhone);
