// bench/p0f_bench.cc
// ns per SYN for the p0f fingerprint path: the packet features
// (posture/evidence/tcp p0f_packet), the signature text, matching against
// Debian's /etc/p0f/p0f.fp (skipped when absent) and the whole tcp_syn()
// mapper. The SYN is a Linux 3.11+ one (64240 window, MSS 1460, SACK, TS, WS 7).
#include <benchmark/benchmark.h>

#include <optional>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/evidence/tcp.h"
#include "posture/kb/p0f_db.h"

namespace {

constexpr std::uint8_t kLinuxSyn[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,  // Ethernet, IPv4
    0x45, 0x00, 0x00, 0x3c, 0x04, 0xd2, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,              // IPv4: DF, TTL 64, TCP
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,                                      // 10.0.0.1 -> 10.0.0.2
    0x9c, 0x41, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,              // ports, seq, ack
    0xa0, 0x02, 0xfa, 0xf0, 0x00, 0x00, 0x00, 0x00,                                      // 40-byte header, SYN, win
    0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x30, 0x39,              // MSS, SACK ok, TS
    0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,                                      // TS echo, NOP, WS 7
};

const dissect::packet::Decoded& decoded() {
    static const dissect::packet::Decoded d = [] {
        dissect::packet::Decoded x;
        dissect::packet::decode({kLinuxSyn, sizeof kLinuxSyn}, dissect::packet::LinkType::Ethernet, x);
        return x;
    }();
    return d;
}

const posture::P0fDb* debian_db() {
    static const std::optional<posture::P0fDb> db = []() -> std::optional<posture::P0fDb> {
        auto r = posture::P0fDb::load();
        if (!r) return std::nullopt;
        return std::move(*r);
    }();
    return db ? &*db : nullptr;
}

void BM_P0fPacketFeatures(benchmark::State& state) {
    for (auto _ : state) {
        auto p = posture::evidence::p0f_packet(decoded());
        benchmark::DoNotOptimize(p);
    }
}

void BM_P0fSignatureText(benchmark::State& state) {
    const auto p = *posture::evidence::p0f_packet(decoded());
    for (auto _ : state) {
        auto s = posture::p0f_signature(p);
        benchmark::DoNotOptimize(s);
    }
}

void BM_P0fMatchDebianDb(benchmark::State& state) {
    const posture::P0fDb* db = debian_db();
    if (!db) {
        state.SkipWithError("/etc/p0f/p0f.fp not available");
        return;
    }
    const auto p = *posture::evidence::p0f_packet(decoded());
    for (auto _ : state) {
        auto m = db->match(p);
        benchmark::DoNotOptimize(m);
    }
}

void BM_P0fTcpSynMapper(benchmark::State& state) {
    const posture::Databases dbs{debian_db()};
    const posture::evidence::PacketContext ctx{&decoded(), true, 0, &dbs};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::tcp_syn(ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

}  // namespace

BENCHMARK(BM_P0fPacketFeatures);
BENCHMARK(BM_P0fSignatureText);
BENCHMARK(BM_P0fMatchDebianDb);
BENCHMARK(BM_P0fTcpSynMapper);
