// bench/tls_bench.cc
// ns per parse of the TLS stream parser (dissectors/tls: records, reassembly,
// hello; the Certificate message and x509 walk for a TLS 1.2 server) and per
// call of its mapper (posture/evidence/tls: JA3/JA3S MD5, JA4 SHA-256, owned
// strings), on the test messages and on the first 16 KiB of every TLS
// direction of the IoT Sentinel capture (real devices' hellos and chains).
#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "dissectors/tls/tls.h"
#include "dissectors/tls/x509.h"
#include "posture/evidence/tls.h"
#include "tests/unit/dissectors/tls_samples.h"
#include "tests/unit/posture/tls_pcap_util.h"

namespace {

using dissect::ByteView;
namespace tls = dissect::tls;
namespace ev = posture::evidence;
namespace ts = dissect::test::tls_samples;

using Bytes = std::vector<std::uint8_t>;

template <class... Parts>
Bytes cat(const Parts&... parts) {
    Bytes out;
    (out.insert(out.end(), std::begin(parts), std::end(parts)), ...);
    return out;
}

const Bytes& sample(int which) {
    static const std::vector<Bytes> samples = {
        cat(ts::kFirefoxHello),
        cat(ts::kChromeLikeHello),
        cat(ts::kLegacyHello),
        cat(ts::kServerHello12, ts::kCertificateHeader, ts::kLeafCertDer, ts::kCaCertLength, ts::kCaCertDer,
            ts::kServerDone),
        cat(ts::kServerHello13),
    };
    return samples[static_cast<std::size_t>(which)];
}

void parse_one(benchmark::State& state, int which) {
    const Bytes& msg = sample(which);
    static std::array<std::uint8_t, 16 * 1024> scratch;
    for (auto _ : state) {
        auto f = tls::parse(ByteView{msg.data(), msg.size()}, scratch);
        benchmark::DoNotOptimize(f);
    }
    state.SetItemsProcessed(state.iterations());
}

void x509_one(benchmark::State& state) {
    for (auto _ : state) {
        auto c = tls::x509::parse(ByteView{ts::kLeafCertDer, sizeof ts::kLeafCertDer});
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations());
}

void map_one(benchmark::State& state, int which) {
    const Bytes& msg = sample(which);
    const dissect::packet::Decoded dec;
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    for (auto _ : state) {
        out.clear();
        auto r = ev::tls_stream(ByteView{msg.data(), msg.size()}, ctx, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}

// Every TCP direction of the capture that starts with a TLS handshake record.
const std::vector<Bytes>& capture_streams() {
    static const std::vector<Bytes> streams = [] {
        std::vector<Bytes> out;
        const auto frames =
            tls_test::read_capture(std::string(SENSOR_SHARED_DIR) + "/pcaps/bench/iot_sentinel_shared_merged.pcap");
        if (!frames) return out;
        for (auto& d : tls_test::directions(*frames, true))
            if (d.stream.size() > 5 && d.stream[0] == tls::kHandshake && d.stream[1] == 0x03)
                out.push_back(std::move(d.stream));
        return out;
    }();
    return streams;
}

// One iteration, one direction, cycling through the capture.
void capture(benchmark::State& state, bool map) {
    const auto& streams = capture_streams();
    if (streams.empty()) {
        state.SkipWithError("capture not found under SENSOR_SHARED_DIR");
        return;
    }
    static std::array<std::uint8_t, 16 * 1024> scratch;
    const dissect::packet::Decoded dec;
    const posture::Databases db;
    const ev::PacketContext ctx{&dec, true, 0, &db};
    ev::Sink out;
    std::size_t i = 0, bytes = 0;
    for (auto _ : state) {
        const Bytes& s = streams[i];
        const ByteView v{s.data(), s.size()};
        if (map) {
            out.clear();
            auto r = ev::tls_stream(v, ctx, out);
            benchmark::DoNotOptimize(r);
        } else {
            auto f = tls::parse(v, scratch);
            benchmark::DoNotOptimize(f);
        }
        bytes += s.size();
        if (++i == streams.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["directions"] = static_cast<double>(streams.size());
}

}  // namespace

BENCHMARK_CAPTURE(parse_one, client_hello_firefox, 0);
BENCHMARK_CAPTURE(parse_one, client_hello_chrome_grease, 1);
BENCHMARK_CAPTURE(parse_one, client_hello_tls10, 2);
BENCHMARK_CAPTURE(parse_one, server_flight_tls12_certificate, 3);
BENCHMARK_CAPTURE(parse_one, server_hello_tls13, 4);
BENCHMARK(x509_one);
BENCHMARK_CAPTURE(map_one, client_hello_firefox, 0);
BENCHMARK_CAPTURE(map_one, client_hello_chrome_grease, 1);
BENCHMARK_CAPTURE(map_one, client_hello_tls10, 2);
BENCHMARK_CAPTURE(map_one, server_flight_tls12_certificate, 3);
BENCHMARK_CAPTURE(map_one, server_hello_tls13, 4);
BENCHMARK_CAPTURE(capture, iot_sentinel_parse, false);
BENCHMARK_CAPTURE(capture, iot_sentinel_map, true);
