// bench/cdp_bench.cc
// ns per CDP PDU for dissectors/cdp parse() and the posture/evidence/cdp
// mapper, on a real Catalyst 3560 PDU (tcpdump/3560_CDP.pcap, 378 bytes).
#include <benchmark/benchmark.h>

#include "dissectors/cdp/cdp.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/cdp.h"
#include "tests/unit/dissectors/cdp_frames.h"

namespace {

using dissect::test::cdp_frames::kCatalyst3560;

void BM_CdpParseCatalyst(benchmark::State& state) {
    const dissect::ByteView v{kCatalyst3560.data(), kCatalyst3560.size()};
    for (auto _ : state) {
        auto m = dissect::cdp::parse(v);
        benchmark::DoNotOptimize(m);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kCatalyst3560.size()));
}

void BM_CdpMapCatalyst(benchmark::State& state) {
    const dissect::ByteView v{kCatalyst3560.data(), kCatalyst3560.size()};
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::cdp_frame(v, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

}  // namespace

BENCHMARK(BM_CdpParseCatalyst);
BENCHMARK(BM_CdpMapCatalyst);
