// bench/quic_bench.cc
// ns per parse of the QUIC long header and Initial frames (dissectors/quic),
// and per call of the Initial mapper (posture/evidence/quic.cc: HKDF key
// derivation, header protection, AES-128-GCM, ClientHello, JA3/JA4), on the
// RFC 9001 sample and on every client datagram to UDP 443 in FoxIO's
// tls-handshake capture (Chrome's QUIC Initials and what follows them).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "dissectors/quic/quic.h"
#include "posture/evidence/tls.h"
#include "tests/unit/dissectors/quic_samples.h"
#include "tests/unit/posture/tls_pcap_util.h"

namespace {

using dissect::ByteView;
namespace quic = dissect::quic;
namespace ev = posture::evidence;
namespace qs = dissect::test::quic_samples;

const ByteView kInitial{qs::kRfc9001ClientInitial, sizeof qs::kRfc9001ClientInitial};
constexpr std::uint8_t kShortHeader[] = {0x43, 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08, 0x01, 0x02, 0x03};

void header(benchmark::State& state) {
    for (auto _ : state) {
        auto h = quic::parse(kInitial);
        benchmark::DoNotOptimize(h);
    }
    state.SetItemsProcessed(state.iterations());
}

void frames(benchmark::State& state) {
    std::vector<std::uint8_t> plain(std::begin(qs::kRfc9001InitialPlaintext), std::end(qs::kRfc9001InitialPlaintext));
    plain.resize(plain.size() + 917);  // the packet's PADDING
    for (auto _ : state) {
        auto f = quic::parse_frames(ByteView{plain.data(), plain.size()});
        benchmark::DoNotOptimize(f);
    }
    state.SetItemsProcessed(state.iterations());
}

void map_datagram(benchmark::State& state, ByteView d) {
    const dissect::packet::Decoded dec;
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = ev::quic_datagram(d, ctx, out);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

const std::vector<std::vector<std::uint8_t>>& capture_datagrams() {
    static const std::vector<std::vector<std::uint8_t>> out = [] {
        std::vector<std::vector<std::uint8_t>> v;
        const auto frames = tls_test::read_capture(std::string(SENSOR_SHARED_DIR) + "/pcaps/ja4/tls-handshake.pcapng");
        if (!frames) return v;
        for (auto& d : tls_test::directions(*frames, false))
            if (d.key.dst.port == 443)
                for (auto& g : d.datagrams) v.push_back(std::move(g));
        return v;
    }();
    return out;
}

// One iteration, one client datagram (Initials and short-header packets alike).
void capture(benchmark::State& state) {
    const auto& grams = capture_datagrams();
    if (grams.empty()) {
        state.SkipWithError("capture not found under SENSOR_SHARED_DIR");
        return;
    }
    const dissect::packet::Decoded dec;
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    std::size_t i = 0, hellos = 0;
    for (auto _ : state) {
        out.clear();
        auto r = ev::quic_datagram(ByteView{grams[i].data(), grams[i].size()}, ctx, out);
        benchmark::DoNotOptimize(r);
        hellos += !out.empty();
        if (++i == grams.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["datagrams"] = static_cast<double>(grams.size());
    state.counters["hello_share"] = static_cast<double>(hellos) / static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK(header);
BENCHMARK(frames);
BENCHMARK_CAPTURE(map_datagram, initial_rfc9001, kInitial);
BENCHMARK_CAPTURE(map_datagram, initial_rfc9369_v2,
                  ByteView{qs::kRfc9369ClientInitialV2, sizeof qs::kRfc9369ClientInitialV2});
BENCHMARK_CAPTURE(map_datagram, short_header, ByteView{kShortHeader, sizeof kShortHeader});
BENCHMARK(capture);
