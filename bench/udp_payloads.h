// bench/udp_payloads.h
// Real payloads for the per-dissector benchmarks: the UDP payloads to or from
// one port in a capture under SENSOR_SHARED_DIR, decoded with the sensor's own
// layer walker (dissectors/packet) so tunnels and VLANs are handled alike.
// Returns nothing when the capture is absent (the benchmark then skips).
#pragma once

#include <benchmark/benchmark.h>
#include <pcap/pcap.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dissectors/packet/packet.h"

namespace bench {

using Payload = std::vector<std::uint8_t>;

// Payloads of unfragmented UDP datagrams with `port` as source or destination,
// in capture order, at most `max` of them.
[[nodiscard]] inline std::vector<Payload> udp_payloads(const std::string& capture, std::uint16_t port,
                                                       std::size_t max = 50000) {
    std::vector<Payload> out;
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(capture.c_str(), err);
    if (!p) return out;
    dissect::packet::LinkType lt{};
    switch (pcap_datalink(p)) {
        case DLT_EN10MB: lt = dissect::packet::LinkType::Ethernet; break;
        case DLT_LINUX_SLL: lt = dissect::packet::LinkType::LinuxSll; break;
        case DLT_RAW: lt = dissect::packet::LinkType::RawIp; break;
        default: pcap_close(p); return out;
    }
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    dissect::packet::Decoded d;
    while (out.size() < max && pcap_next_ex(p, &h, &data) == 1) {
        dissect::packet::decode(dissect::ByteView{data, h->caplen}, lt, d);
        if (d.ip_proto != 17 || !d.has_l4 || d.fragment || (d.sport != port && d.dport != port)) continue;
        if (d.l4_payload.empty()) continue;
        out.emplace_back(d.l4_payload.data(), d.l4_payload.data() + d.l4_payload.size());
    }
    pcap_close(p);
    return out;
}

[[nodiscard]] inline std::string shared_capture(const char* relative) {
    return std::string(SENSOR_SHARED_DIR) + "/pcaps/" + relative;
}

// The common loop of the `parse_capture` benchmarks: one payload per
// iteration, cycling through all of them; skips when the capture is absent.
// Reports items (payloads), bytes and how many distinct payloads were cycled.
template <class Parse>
void parse_each(benchmark::State& state, const std::vector<Payload>& payloads, Parse&& parse) {
    if (payloads.empty()) {
        state.SkipWithError("capture not found under SENSOR_SHARED_DIR");
        return;
    }
    std::size_t i = 0, bytes = 0;
    for (auto _ : state) {
        const auto& p = payloads[i];
        auto m = parse(dissect::ByteView{p.data(), p.size()});
        benchmark::DoNotOptimize(m);
        bytes += p.size();
        if (++i == payloads.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["payloads"] = static_cast<double>(payloads.size());
}

}  // namespace bench
