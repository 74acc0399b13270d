// bench/ssh_bench.cc
// ns per SSH direction (identification line + KEXINIT) for dissectors/ssh
// parse() and the posture/evidence/ssh mapper (HASSH included), on the
// OpenSSH 5.9 client KEXINIT of zeek's ssh.pcap (name-lists as captured).
#include <benchmark/benchmark.h>

#include "dissectors/packet/packet.h"
#include "dissectors/ssh/ssh.h"
#include "posture/evidence/ssh.h"
#include "tests/unit/dissectors/ssh_messages.h"

namespace {

using namespace dissect::test::ssh_messages;

void BM_SshParseOpenSsh59Client(benchmark::State& state) {
    const Bytes in = stream("SSH-2.0-OpenSSH_5.9", kZeekClient);
    const dissect::ByteView v{in.data(), in.size()};
    for (auto _ : state) {
        auto m = dissect::ssh::parse(v);
        benchmark::DoNotOptimize(m);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}

void BM_SshMapOpenSsh59Client(benchmark::State& state) {
    const Bytes in = stream("SSH-2.0-OpenSSH_5.9", kZeekClient);
    const dissect::ByteView v{in.data(), in.size()};
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::ssh_stream(v, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

void BM_SshMapDebianServer(benchmark::State& state) {
    const Bytes in = stream("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1", kModern);
    const dissect::ByteView v{in.data(), in.size()};
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, false, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::ssh_stream(v, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

}  // namespace

BENCHMARK(BM_SshParseOpenSsh59Client);
BENCHMARK(BM_SshMapOpenSsh59Client);
BENCHMARK(BM_SshMapDebianServer);
