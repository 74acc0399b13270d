// bench/smb_bench.cc
// ns per message for dissectors/smb parse() (SMB1 NEGOTIATE, SMB1
// SESSION_SETUP with an NTLMSSP CHALLENGE, SMB2 NEGOTIATE: real messages from
// zeek/raw_ntlm_in_smb.pcap and arkime/wireshark-smb-on-windows10.pcap), for
// NTLMSSP parsing alone, and for the posture/evidence/smb stream mapper over a
// client's NEGOTIATE + SESSION_SETUP(AUTHENTICATE) (tests/unit/dissectors/smb_frames.h).
#include <benchmark/benchmark.h>

#include "dissectors/packet/packet.h"
#include "dissectors/smb/smb.h"
#include "posture/evidence/smb.h"
#include "tests/unit/dissectors/smb_frames.h"

namespace {

using namespace dissect::test::smb_frames;

void parse_message(benchmark::State& state, dissect::ByteView v) {
    for (auto _ : state) {
        auto p = dissect::smb::parse(v);
        benchmark::DoNotOptimize(p);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * v.size()));
}

void BM_SmbParseSmb1Negotiate(benchmark::State& s) {
    parse_message(s, {kMacNegotiateRequest, sizeof kMacNegotiateRequest});
}
void BM_SmbParseSmb1ChallengeResponse(benchmark::State& s) {
    parse_message(s, {kXpChallengeResponse, sizeof kXpChallengeResponse});
}
void BM_SmbParseSmb2Negotiate(benchmark::State& s) {
    parse_message(s, {kWin10Smb2Negotiate, sizeof kWin10Smb2Negotiate});
}

void BM_NtlmParseAuthenticate(benchmark::State& state) {
    const Bytes msg = ntlm_authenticate("CORP", "alice", "PC-17", 10, 0, 19041);
    for (auto _ : state) {
        auto n = dissect::smb::parse_ntlmssp({msg.data(), msg.size()});
        benchmark::DoNotOptimize(n);
    }
}

void BM_SmbStreamClient(benchmark::State& state) {
    Bytes stream(kWin10Smb2Negotiate, kWin10Smb2Negotiate + sizeof kWin10Smb2Negotiate);
    const Bytes setup = nbss(smb2_session_setup_request(spnego_wrapped(ntlm_authenticate("CORP", "alice", "PC-17", 10, 0, 19041))));
    stream.insert(stream.end(), setup.begin(), setup.end());
    const dissect::packet::Decoded dec{};
    const posture::Databases db{};
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = posture::evidence::smb_stream({stream.data(), stream.size()}, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}

}  // namespace

BENCHMARK(BM_SmbParseSmb1Negotiate);
BENCHMARK(BM_SmbParseSmb1ChallengeResponse);
BENCHMARK(BM_SmbParseSmb2Negotiate);
BENCHMARK(BM_NtlmParseAuthenticate);
BENCHMARK(BM_SmbStreamClient);
