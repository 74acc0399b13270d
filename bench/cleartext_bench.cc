// bench/cleartext_bench.cc
// ns per direction for dissectors/cleartext parse() and the
// posture/evidence/cleartext mappers: an FTP greeting (zeek's ftp-ipv4.pcap),
// an FTP client logging in, a Telnet server up to its login prompt and an
// IMAP client login.
#include <benchmark/benchmark.h>

#include <string_view>

#include "dissectors/cleartext/cleartext.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/cleartext.h"
#include "tests/unit/dissectors/cleartext_sessions.h"

namespace {

using namespace dissect::test::cleartext_sessions;
namespace ct = dissect::cleartext;

dissect::ByteView view(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void parse_bench(benchmark::State& state, ct::Proto p, ct::Side side, dissect::ByteView v) {
    for (auto _ : state) {
        auto m = ct::parse(p, side, v);
        benchmark::DoNotOptimize(m);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * v.size()));
}

using Mapper = dissect::Result<posture::evidence::StreamStatus> (*)(dissect::ByteView,
                                                                    const posture::evidence::PacketContext&,
                                                                    posture::evidence::Sink&);
void map_bench(benchmark::State& state, Mapper m, bool from_client, dissect::ByteView v) {
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, from_client, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = m(v, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
}

const dissect::ByteView kTelnet{kTelnetServer, sizeof(kTelnetServer)};

void BM_CleartextParseFtpGreeting(benchmark::State& s) {
    parse_bench(s, ct::Proto::Ftp, ct::Side::Server, view(kFtpGreeting));
}
void BM_CleartextParseFtpLogin(benchmark::State& s) { parse_bench(s, ct::Proto::Ftp, ct::Side::Client, view(kFtpLogin)); }
void BM_CleartextParseTelnetServer(benchmark::State& s) { parse_bench(s, ct::Proto::Telnet, ct::Side::Server, kTelnet); }
void BM_CleartextParseImapLogin(benchmark::State& s) {
    parse_bench(s, ct::Proto::Imap, ct::Side::Client, view(kImapLogin));
}
void BM_CleartextMapFtpGreeting(benchmark::State& s) {
    map_bench(s, posture::evidence::ftp_stream, false, view(kFtpGreeting));
}
void BM_CleartextMapTelnetServer(benchmark::State& s) { map_bench(s, posture::evidence::telnet_stream, false, kTelnet); }

}  // namespace

BENCHMARK(BM_CleartextParseFtpGreeting);
BENCHMARK(BM_CleartextParseFtpLogin);
BENCHMARK(BM_CleartextParseTelnetServer);
BENCHMARK(BM_CleartextParseImapLogin);
BENCHMARK(BM_CleartextMapFtpGreeting);
BENCHMARK(BM_CleartextMapTelnetServer);
