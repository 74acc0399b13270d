// sensor/pipeline/l7_router: TCP directions reassembled and walked message
// by message (HTTP keep-alive), driven with decoded segments.
#include "sensor/pipeline/l7_router.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"

namespace sensor {
namespace {

struct Harness {
    dissect::routes::Table routes;
    posture::Databases db;
    L7Router router{routes, db, kDefaultMaxStreamBytes};
    Flow flow;
    std::uint32_t seq[2] = {1000, 5000};
    std::vector<std::string> got;  // "key=entry" of each fingerprint
    ~Harness() { router.end(flow); }  // the flow table ends its flows; here the test does

    // One segment of `text` in direction `from_client`, in order.
    void send(bool from_client, std::string_view text) {
        dissect::packet::Decoded d;
        d.ip_proto = 6;
        d.sport = from_client ? 50000 : 80;
        d.dport = from_client ? 80 : 50000;
        d.tcp_flags = 0x18;
        auto& s = seq[from_client ? 0 : 1];
        d.tcp_seq = s;
        s += static_cast<std::uint32_t>(text.size());
        d.l4_payload = dissect::ByteView{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
        router.packet(flow, d, from_client, 1, 0, [this](posture::Evidence&& e) {
            got.push_back(e.fp->key + "=" + posture::to_json(e.fp->entry));
        });
    }
};

TEST(L7Router, KeepAliveResponsesAreWalkedUntilOneNamesTheServer) {
    Harness h;
    h.send(true, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
    h.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbo");
    h.send(false, "dy");  // the body ends in a later segment
    h.send(true, "GET /b HTTP/1.1\r\nHost: h\r\nUser-Agent: ua/1\r\n\r\n");
    h.send(false, "HTTP/1.1 200 OK\r\nServer: AkamaiGHost\r\nContent-Length: 0\r\n\r\n");
    h.send(false, "HTTP/1.1 200 OK\r\nServer: later\r\nContent-Length: 0\r\n\r\n");  // done: not read
    EXPECT_EQ(h.got, (std::vector<std::string>{R"(http={"host":"h","method":"GET","path":"/a"})", R"(http_ua="ua/1")",
                                               R"(http={"host":"h","method":"GET","path":"/b"})",
                                               R"(http_server="AkamaiGHost")"}));
    EXPECT_EQ(h.router.counters().parsed[static_cast<std::size_t>(dissect::routes::Proto::Http)].get(), 4u);
}

TEST(L7Router, AtMostKMaxStreamMessagesPerDirection) {
    Harness h;
    for (int i = 0; i < 20; ++i) h.send(true, "GET /" + std::to_string(i) + " HTTP/1.1\r\n\r\n");
    EXPECT_EQ(h.got.size(), posture::evidence::kMaxStreamMessages);
    // Pipelined in one segment: the same cap.
    Harness p;
    std::string all;
    for (int i = 0; i < 20; ++i) all += "GET /" + std::to_string(i) + " HTTP/1.1\r\n\r\n";
    p.send(true, all);
    EXPECT_EQ(p.got.size(), posture::evidence::kMaxStreamMessages);
}

}  // namespace
}  // namespace sensor
