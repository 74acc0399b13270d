// Fuzz target for the p0f TCP fingerprints: the input is decoded as an
// Ethernet frame and as a raw IP packet and goes through tcp_syn() (packet
// features, signature text, matching against a small database), and it is
// also read as a p0f.fp file by the loader (start-up code, but it should fail
// cleanly on anything). A violated invariant aborts. Seeds:
// tests/fuzz/corpus/p0f/ (the frames of tests/unit/posture/evidence_tcp_test.cc
// and a few fp fragments).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dissectors/packet/packet.h"
#include "posture/evidence/tcp.h"
#include "posture/kb/p0f_db.h"

namespace {

constexpr std::string_view kDb = R"(classes = win,unix,other
[tcp:request]
label = g:unix:Linux:2.2.x-3.x
sig   = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0
label = s:win:Windows:7 or 8
sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0
label = s:!:NMap:SYN scan
sys   = @unix,@win
sig   = *:64-:0:1460:1024,0:mss::0
[tcp:response]
label = s:unix:Linux:3.x
sig   = *:64:0:*:mss*10,*:mss:df:*
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const posture::P0fDb db = *posture::P0fDb::parse(kDb, "fuzz.fp");
    static const posture::Databases dbs{&db};
    const dissect::ByteView in{data, size};
    dissect::packet::Decoded d;
    for (const auto lt : {dissect::packet::LinkType::Ethernet, dissect::packet::LinkType::RawIp}) {
        dissect::packet::decode(in, lt, d);
        const posture::evidence::PacketContext ctx{&d, true, 0, &dbs};
        posture::evidence::Sink out;
        const bool fingerprinted = posture::evidence::tcp_syn(ctx, out, 1460);
        if (fingerprinted != (out.size() == 1)) std::abort();
        if (const auto p = posture::evidence::p0f_packet(d); p && p->layout.count > posture::kP0fMaxTcpOptions)
            std::abort();
    }
    (void)posture::P0fDb::parse(std::string_view(reinterpret_cast<const char*>(data), size), "input.fp");
    return 0;
}
