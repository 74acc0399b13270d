// The layer walker, end to end (dissectors/packet). Frames come from
// packet_frames.h; a few small ones that only one test needs are built here.
#include "dissectors/packet/packet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/packet_frames.h"

namespace dissect::packet {
namespace {

using test::Bytes;
using test::cat;
using test::view;
namespace f = test::frames;

constexpr LinkType kAllLinkTypes[] = {LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2,
                                      LinkType::RawIp,    LinkType::RawIpv4,  LinkType::RawIpv6};

bool is_known_anomaly(const char* name) {
    const auto names = anomaly_names();
    return std::any_of(names.begin(), names.end(), [name](const char* n) { return std::strcmp(n, name) == 0; });
}

// Checks what must hold for any input: every view lies inside the frame and
// the anomaly, if any, is one of the published names.
void expect_invariants(const Decoded& d, ByteView frame) {
    EXPECT_TRUE(test::within(frame, d.l2_payload));
    EXPECT_TRUE(test::within(frame, d.ip));
    EXPECT_TRUE(test::within(frame, d.tcp_options));
    EXPECT_TRUE(test::within(frame, d.l4_payload));
    if (d.anomaly != nullptr) {
        EXPECT_TRUE(is_known_anomaly(d.anomaly)) << d.anomaly;
    }
    EXPECT_LE(d.tunnel_depth, kMaxTunnelDepth);
    EXPECT_LE(d.vlan_count, kMaxVlanTags);
}

Decoded decode_checked(const Bytes& frame, LinkType lt = LinkType::Ethernet) {
    Decoded d;
    decode(view(frame), lt, d);
    expect_invariants(d, view(frame));
    return d;
}
// The views in Decoded point into the frame: it must outlive them.
Decoded decode_checked(Bytes&& frame, LinkType lt = LinkType::Ethernet) = delete;

std::string anomaly_of(const Decoded& d) { return d.anomaly ? d.anomaly : "(none)"; }

void expect_inner_tcp(const Decoded& d) {
    EXPECT_EQ(d.anomaly, nullptr) << d.anomaly;
    EXPECT_EQ(d.tunnel_depth, 1);
    EXPECT_TRUE(d.has_eth);
    EXPECT_EQ(to_string(d.src_mac), "0a:00:00:00:00:0a");
    EXPECT_EQ(to_string(d.dst_mac), "0a:00:00:00:00:0b");
    EXPECT_EQ(d.ethertype, 0x0800);
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_EQ(to_string(d.src_ip), "10.1.1.1");
    EXPECT_EQ(to_string(d.dst_ip), "10.2.2.2");
    EXPECT_EQ(d.ttl, 63);
    EXPECT_EQ(d.ip.size(), 44u);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.sport, 51000);
    EXPECT_EQ(d.dport, 22);
    EXPECT_EQ(d.tcp_flags, 0x18);
    EXPECT_EQ(d.tcp_seq, 4096u);
    EXPECT_EQ(d.tcp_ack, 8192u);
    EXPECT_EQ(d.l4_payload.as_chars(), "SSH-");
    EXPECT_FALSE(d.capture_truncated);
}

// ------------------------------------------------------------------ plain frames

TEST(PacketDecode, EthernetIpv4TcpSynWithOptions) {
    const auto d = decode_checked(f::kEthIpv4TcpSyn);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_TRUE(d.has_eth);
    EXPECT_EQ(to_string(d.dst_mac), "02:00:00:00:00:02");
    EXPECT_EQ(to_string(d.src_mac), "02:00:00:00:00:01");
    EXPECT_EQ(d.vlan_count, 0);
    EXPECT_EQ(d.ethertype, 0x0800);
    EXPECT_FALSE(d.llc);
    EXPECT_EQ(d.l2_payload.size(), 60u);
    EXPECT_EQ(d.tunnel_depth, 0);
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_EQ(to_string(d.src_ip), "192.0.2.1");
    EXPECT_EQ(to_string(d.dst_ip), "198.51.100.2");
    EXPECT_EQ(d.ip_proto, 6);
    EXPECT_EQ(d.ttl, 64);
    EXPECT_EQ(d.ip_id, 0x1c46);
    EXPECT_TRUE(d.df);
    EXPECT_FALSE(d.ip_options);
    EXPECT_FALSE(d.fragment);
    EXPECT_EQ(d.ip.size(), 60u);
    EXPECT_EQ(d.ip.data(), f::kEthIpv4TcpSyn.data() + 14);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.sport, 49152);
    EXPECT_EQ(d.dport, 443);
    EXPECT_EQ(d.tcp_flags, 0x02);
    EXPECT_EQ(d.tcp_seq, 0x11223344u);
    EXPECT_EQ(d.tcp_ack, 0u);
    EXPECT_EQ(d.tcp_window, 64240);
    EXPECT_EQ(d.tcp_urg, 0);
    EXPECT_EQ(d.tcp_header_len, 40);
    ASSERT_EQ(d.tcp_options.size(), 20u);
    EXPECT_EQ(d.tcp_options[0], 0x02);  // MSS first
    EXPECT_TRUE(d.l4_payload.empty());
    EXPECT_FALSE(d.capture_truncated);
}

TEST(PacketDecode, QinQIpv6Udp) {
    const auto d = decode_checked(f::kQinQIpv6Udp);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.vlan_count, 2);
    EXPECT_EQ(d.vlan, 200);  // innermost
    EXPECT_EQ(d.ethertype, 0x86dd);
    EXPECT_EQ(d.l3, L3::Ipv6);
    EXPECT_EQ(to_string(d.src_ip), "fe80::1");
    EXPECT_EQ(to_string(d.dst_ip), "ff02::1:2");
    EXPECT_EQ(d.ttl, 1);
    EXPECT_EQ(d.ip_proto, 17);
    EXPECT_EQ(d.ip.size(), 52u);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.sport, 546);
    EXPECT_EQ(d.dport, 547);
    EXPECT_EQ(d.l4_payload.size(), 4u);
}

TEST(PacketDecode, Ieee8023LlcSnapCdpIsOtherWithSnapFields) {
    const auto d = decode_checked(f::kLlcSnapCdpFrame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_TRUE(d.has_eth);
    EXPECT_EQ(to_string(d.dst_mac), "01:00:0c:cc:cc:cc");
    EXPECT_EQ(d.ethertype, 0);
    EXPECT_TRUE(d.llc);
    EXPECT_EQ(d.llc_dsap, 0xaa);
    EXPECT_EQ(d.llc_ssap, 0xaa);
    EXPECT_TRUE(d.snap);
    EXPECT_EQ(d.snap_oui, 0x00000cu);
    EXPECT_EQ(d.snap_pid, 0x2000);
    EXPECT_EQ(d.l3, L3::Other);
    EXPECT_EQ(d.l2_payload.size(), 10u);  // CDP body only: the 802.3 length drops the padding
    EXPECT_EQ(d.l2_payload[0], 0x02);     // CDP version
    EXPECT_FALSE(d.has_l4);
}

TEST(PacketDecode, VlanTaggedLlcSnap) {
    const auto d = decode_checked(f::kPvstFrame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.vlan_count, 1);
    EXPECT_EQ(d.vlan, 10);
    EXPECT_TRUE(d.llc);
    EXPECT_TRUE(d.snap);
    EXPECT_EQ(d.snap_pid, 0x010b);
    EXPECT_EQ(d.l3, L3::Other);
    EXPECT_EQ(d.l2_payload.size(), 4u);
}

TEST(PacketDecode, SnapWithZeroOuiContinuesAsEtherType) {
    constexpr std::uint8_t kSnapArp[] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // dst MAC
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
        0x00, 0x24,                          // 802.3 length 36 = LLC/SNAP 8 + ARP 28
        0xaa, 0xaa, 0x03,                    // LLC SNAP UI
        0x00, 0x00, 0x00,                    // OUI 0: the PID is an EtherType (RFC 1042)
        0x08, 0x06,                          // PID ARP
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04,  // ARP: Ethernet, IPv4, 6, 4
        0x00, 0x02,                          // opcode reply
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // sender MAC
        0xc0, 0x00, 0x02, 0x01,              // sender IP
        0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // target MAC
        0xc0, 0x00, 0x02, 0x02,              // target IP
    };
    const Bytes frame = cat(kSnapArp);
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_TRUE(d.llc);
    EXPECT_TRUE(d.snap);
    EXPECT_EQ(d.snap_oui, 0u);
    EXPECT_EQ(d.ethertype, 0x0806);
    EXPECT_EQ(d.l3, L3::Arp);
    EXPECT_EQ(d.arp.opcode, 2);
    EXPECT_EQ(to_string(d.arp.target_ip), "192.0.2.2");
}

TEST(PacketDecode, MplsIpv4Icmp) {
    const auto d = decode_checked(f::kMplsIpv4Icmp);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.mpls_labels, 2);
    EXPECT_EQ(d.ethertype, 0x0800);
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_EQ(d.ip_proto, 1);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.icmp_type, 8);
    EXPECT_EQ(d.icmp_code, 0);
    EXPECT_EQ(d.l4_payload.size(), 4u);
    EXPECT_EQ(d.sport, 0);
    EXPECT_EQ(d.tunnel_depth, 0);
}

TEST(PacketDecode, MplsEthernetPseudowireIsATunnel) {
    constexpr std::uint8_t kPwHeader[] = {
        0x00, 0x3e, 0x81, 0xff,  // label 1000, S 1, TTL 255
        0x00, 0x00, 0x00, 0x00,  // PW control word
    };
    const Bytes frame = cat(f::kEthMpls, kPwHeader, f::kInnerFrame);
    const auto d = decode_checked(frame);
    expect_inner_tcp(d);
    EXPECT_EQ(d.mpls_labels, 0);  // the inner frame has none
}

TEST(PacketDecode, MplsWithoutBottomOfStackIsTooManyLabels) {
    const auto d = decode_checked(f::kMplsTooManyLabels);
    EXPECT_EQ(anomaly_of(d), "dissect.mpls.too_many_labels");
    EXPECT_TRUE(d.has_eth);
    EXPECT_EQ(d.l3, L3::None);
}

TEST(PacketDecode, ArpRequest) {
    const auto d = decode_checked(f::kArpRequest);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.ethertype, 0x0806);
    EXPECT_EQ(d.l3, L3::Arp);
    EXPECT_EQ(d.arp.opcode, 1);
    EXPECT_EQ(to_string(d.arp.sender_mac), "02:00:00:00:00:01");
    EXPECT_EQ(to_string(d.arp.sender_ip), "192.0.2.1");
    EXPECT_TRUE(d.arp.target_mac.is_zero());
    EXPECT_EQ(to_string(d.arp.target_ip), "192.0.2.254");
    EXPECT_FALSE(d.src_ip.valid());
    EXPECT_FALSE(d.has_l4);
}

TEST(PacketDecode, Ipv6HopByHopAndFragmentHeader) {
    const auto d = decode_checked(f::kIpv6HbhFragUdp);
    // The UDP length counts the whole datagram, not this fragment: no anomaly.
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.l3, L3::Ipv6);
    EXPECT_EQ(to_string(d.src_ip), "2001:db8::1");
    EXPECT_EQ(d.ipv6_flow, 0x12345u);
    EXPECT_EQ(d.ip_proto, 17);
    EXPECT_TRUE(d.fragment);
    EXPECT_TRUE(d.first_fragment);
    EXPECT_EQ(d.ip.size(), 72u);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.sport, 5000);
    EXPECT_EQ(d.dport, 5001);
    EXPECT_EQ(d.l4_payload.size(), 8u);
}

TEST(PacketDecode, Ipv4FirstFragmentHasL4) {
    const auto d = decode_checked(f::kIpv4FirstFragment);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_TRUE(d.fragment);
    EXPECT_TRUE(d.first_fragment);
    EXPECT_EQ(d.ip_id, 0xbeef);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.sport, 12345);
    EXPECT_EQ(d.dport, 53);
    EXPECT_EQ(d.l4_payload.size(), 16u);
}

TEST(PacketDecode, Ipv4LaterFragmentHasNoL4) {
    const auto d = decode_checked(f::kIpv4LastFragment);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_TRUE(d.fragment);
    EXPECT_FALSE(d.first_fragment);
    EXPECT_EQ(d.ip_proto, 17);
    EXPECT_FALSE(d.has_l4);
    EXPECT_EQ(d.sport, 0);  // the data that looks like a UDP header was not read as one
    EXPECT_EQ(d.dport, 0);
    EXPECT_EQ(d.l4_payload.size(), 16u);  // the fragment data
}

TEST(PacketDecode, Icmpv6TypeAndCode) {
    const auto d = decode_checked(f::kEthIpv6IcmpNs);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.ip_proto, 58);
    EXPECT_EQ(d.ttl, 255);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.icmp_type, 135);
    EXPECT_EQ(d.icmp_code, 0);
    EXPECT_EQ(d.l4_payload.size(), 20u);
}

TEST(PacketDecode, EthernetPaddingIsNotPartOfTheIpPacket) {
    const Bytes padding(18, 0x00);
    const auto frame = cat(f::kEthIpv4, f::kIpv4Icmp, f::kIcmpEchoRequest, padding);
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.ip.size(), 28u);
    EXPECT_EQ(d.l4_payload.size(), 4u);
    EXPECT_EQ(d.l2_payload.size(), 46u);  // the L2 view still has it
    EXPECT_FALSE(d.capture_truncated);
}

TEST(PacketDecode, OtherEtherTypesStopWithTheirBody) {
    const auto lldp = decode_checked(f::kLldp);
    EXPECT_EQ(lldp.anomaly, nullptr) << anomaly_of(lldp);
    EXPECT_EQ(lldp.ethertype, 0x88cc);
    EXPECT_EQ(lldp.l3, L3::Other);
    EXPECT_EQ(lldp.l2_payload.size(), f::kLldp.size() - 14);
    EXPECT_EQ(lldp.l2_payload[0], 0x02);  // chassis id TLV

    const auto eapol = decode_checked(f::kEapolStart);
    EXPECT_EQ(eapol.anomaly, nullptr) << anomaly_of(eapol);
    EXPECT_EQ(eapol.ethertype, 0x888e);
    EXPECT_EQ(eapol.l3, L3::Other);
    EXPECT_EQ(eapol.l2_payload.size(), 4u);
}

// ------------------------------------------------------------------ remote SPAN / tunnels

TEST(PacketDecode, Erspan2OverGreYieldsInnerFrame) { expect_inner_tcp(decode_checked(f::kErspan2InnerTcp)); }

TEST(PacketDecode, Erspan3OverGreYieldsInnerFrame) { expect_inner_tcp(decode_checked(f::kErspan3InnerTcp)); }

TEST(PacketDecode, Erspan1OverGreYieldsInnerFrame) { expect_inner_tcp(decode_checked(f::kErspan1InnerTcp)); }

TEST(PacketDecode, GreTransparentBridgingYieldsInnerFrame) {
    expect_inner_tcp(decode_checked(f::kGreTebInnerTcp));
}

TEST(PacketDecode, VxlanYieldsInnerFrame) { expect_inner_tcp(decode_checked(f::kVxlanInnerTcp)); }

TEST(PacketDecode, GeneveYieldsInnerFrame) { expect_inner_tcp(decode_checked(f::kGeneveInnerTcp)); }

TEST(PacketDecode, VxlanInnerArp) {
    const auto d = decode_checked(f::kVxlanInnerArp);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, 1);
    EXPECT_EQ(to_string(d.src_mac), "0a:00:00:00:00:0a");
    EXPECT_TRUE(d.dst_mac.is_broadcast());
    EXPECT_EQ(d.l3, L3::Arp);
    EXPECT_EQ(to_string(d.arp.sender_ip), "10.1.1.1");
    EXPECT_FALSE(d.has_l4);  // the outer UDP is gone
    EXPECT_EQ(d.sport, 0);
}

TEST(PacketDecode, FabricPathYieldsInnerFrameAndNoOuterSender) {
    const auto d = decode_checked(f::kFabricPathInnerTcp);
    expect_inner_tcp(d);
    EXPECT_FALSE(d.outer_has_eth);  // switch ids are nobody's MAC
}

TEST(PacketDecode, TunnelKeepsTheOuterSender) {
    const auto d = decode_checked(f::kVxlanInnerTcp);
    expect_inner_tcp(d);
    ASSERT_TRUE(d.outer_has_eth);
    EXPECT_EQ(to_string(d.outer_src_ip), "192.0.2.1");
    EXPECT_NE(d.outer_src_mac, d.src_mac);
}

TEST(PacketDecode, IpInIpYieldsTheInnerPacket) {
    const auto d = decode_checked(f::kIpIpInnerTcp);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, 1);
    EXPECT_FALSE(d.has_eth);
    EXPECT_EQ(to_string(d.src_ip), "10.1.1.1");
    EXPECT_EQ(d.dport, 22);
    EXPECT_TRUE(d.outer_has_eth);
    EXPECT_EQ(to_string(d.outer_src_ip), "192.0.2.1");
}

TEST(PacketDecode, GtpuGpduYieldsTheUsersPacket) {
    for (const auto* frame : {&f::kGtpuInnerTcp, &f::kGtpuExtInnerTcp}) {
        const auto d = decode_checked(*frame);
        EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
        EXPECT_EQ(d.tunnel_depth, 1);
        EXPECT_FALSE(d.has_eth);
        EXPECT_EQ(to_string(d.src_ip), "10.1.1.1");
        EXPECT_EQ(d.dport, 22);
        EXPECT_TRUE(d.outer_has_eth);
        EXPECT_EQ(to_string(d.outer_src_ip), "192.0.2.1");
        EXPECT_EQ(to_string(d.outer_dst_ip), "198.51.100.2");
    }
}

TEST(PacketDecode, GtpuEchoKeepsTheOuterPacket) {
    auto frame = f::kGtpuInnerTcp;
    frame[14 + 20 + 8 + 1] = 0x01;  // Echo Request
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, 0);
    EXPECT_EQ(d.dport, 2152);
}

TEST(PacketDecode, GtpPrimeIsAnAnomalyAndKeepsTheOuterPacket) {
    auto frame = f::kGtpuInnerTcp;
    frame[14 + 20 + 8] = 0x20;  // PT 0: GTP'
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.gtpu.bad_version");
    EXPECT_EQ(d.tunnel_depth, 0);
    EXPECT_EQ(to_string(d.src_ip), "192.0.2.1");
}

TEST(PacketDecode, GreInnerIpHasNoEthernet) {
    const auto d = decode_checked(f::kGreInnerIpv4);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, 1);
    EXPECT_FALSE(d.has_eth);
    EXPECT_TRUE(d.src_mac.is_zero());
    EXPECT_EQ(d.ethertype, 0x0800);
    EXPECT_EQ(to_string(d.src_ip), "10.1.1.1");
    EXPECT_EQ(d.dport, 22);
}

TEST(PacketDecode, Erspan3FrameTypeIpCarriesBareIp) {
    constexpr std::uint8_t kGre[] = {
        0x10, 0x00, 0x22, 0xeb,  // flags S; protocol ERSPAN III
        0x00, 0x00, 0x00, 0x01,  // sequence
    };
    constexpr std::uint8_t kErspan3Ip[] = {
        0x20, 0x00, 0x00, 0x01,  // version 2, VLAN 0; session id 1
        0x00, 0x00, 0x00, 0x00,  // timestamp
        0x00, 0x00,              // SGT
        0x08, 0x00,              // P 0, FT 2 (IP), HW id 0, D 0, Gra 0, O 0
    };
    constexpr std::uint8_t kOuterIp[] = {
        0x45, 0x00, 0x00, 0x54,  // version 4, IHL 5; total length 84 = 20 + 8 + 12 + 44
        0x00, 0x00, 0x00, 0x00,  // id; flags, offset
        0xff, 0x2f, 0x00, 0x00,  // TTL; protocol GRE; checksum
        0xc0, 0x00, 0x02, 0x01,  // src
        0xc6, 0x33, 0x64, 0x02,  // dst
    };
    const Bytes frame = cat(f::kEthIpv4, kOuterIp, kGre, kErspan3Ip, f::kInnerIpv4Tcp);
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, 1);
    EXPECT_FALSE(d.has_eth);
    EXPECT_EQ(to_string(d.src_ip), "10.1.1.1");
    EXPECT_EQ(d.sport, 51000);
}

TEST(PacketDecode, NestedTunnelsUpToTheCapAreStripped) {
    const Bytes frame = f::nested_gre_frame(kMaxTunnelDepth);
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, kMaxTunnelDepth);
    EXPECT_EQ(to_string(d.src_ip), "10.1.1.1");
    EXPECT_EQ(d.dport, 22);
}

TEST(PacketDecode, TunnelsNestedPastTheCapStopAtTheCap) {
    const Bytes frame = f::nested_gre_frame(kMaxTunnelDepth + 1);
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.tunnel.too_deep");
    EXPECT_EQ(d.tunnel_depth, kMaxTunnelDepth);
    EXPECT_EQ(d.l3, L3::Ipv4);  // the deepest frame we were allowed to reach
    EXPECT_EQ(d.ip_proto, 47);
    EXPECT_EQ(to_string(d.src_ip), "192.0.2.1");
}

TEST(PacketDecode, VxlanWithoutIFlagKeepsOuterFrame) {
    auto frame = f::kVxlanInnerTcp;
    frame[14 + 20 + 8] = 0x00;  // VXLAN flags: I clear
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.vxlan.no_vni");
    EXPECT_EQ(d.tunnel_depth, 0);
    EXPECT_EQ(to_string(d.src_ip), "192.0.2.1");
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.dport, 4789);
}

TEST(PacketDecode, GeneveOptionLengthPastEndKeepsOuterFrame) {
    auto frame = f::kGeneveInnerTcp;
    frame[14 + 20 + 8] = 0x3f;  // Geneve option length 63 * 4: past the end
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.geneve.truncated");
    EXPECT_EQ(d.tunnel_depth, 0);
    EXPECT_EQ(d.dport, 6081);
}

TEST(PacketDecode, GreUnsupportedVersionKeepsOuterFrame) {
    auto frame = f::kGreTebInnerTcp;
    frame[14 + 20 + 1] = 0x05;  // GRE version 5
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.gre.unsupported_version");
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_EQ(d.ip_proto, 47);
    EXPECT_EQ(d.tunnel_depth, 0);
}

TEST(PacketDecode, GreWithUnknownProtocolIsNotStripped) {
    auto frame = f::kGreTebInnerTcp;
    frame[14 + 20 + 2] = 0x88;
    frame[14 + 20 + 3] = 0x0b;  // PPP
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.tunnel_depth, 0);
    EXPECT_EQ(d.ip_proto, 47);
    EXPECT_FALSE(d.has_l4);
    EXPECT_EQ(d.l4_payload.size(), 4u + f::kInnerFrame.size());  // the GRE packet
}

// ------------------------------------------------------------------ link types

TEST(PacketDecode, LinuxCookedV1) {
    const auto d = decode_checked(f::kSllIpv4Udp, LinkType::LinuxSll);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_FALSE(d.has_eth);
    EXPECT_EQ(to_string(d.src_mac), "02:00:00:00:00:01");
    EXPECT_TRUE(d.dst_mac.is_zero());
    EXPECT_EQ(d.ethertype, 0x0800);
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_EQ(d.sport, 123);
    EXPECT_EQ(d.dport, 123);
    EXPECT_EQ(d.l4_payload.size(), 4u);
}

TEST(PacketDecode, LinuxCookedV2) {
    const auto d = decode_checked(f::kSll2Ipv6Icmpv6, LinkType::LinuxSll2);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_FALSE(d.has_eth);
    EXPECT_EQ(to_string(d.src_mac), "02:00:00:00:00:01");
    EXPECT_EQ(d.l3, L3::Ipv6);
    EXPECT_EQ(d.icmp_type, 128);
    EXPECT_EQ(d.icmp_code, 0);
}

TEST(PacketDecode, LinuxCookedLlcFrame) {
    constexpr std::uint8_t kSllStp[] = {
        0x00, 0x00,                                      // packet type: to us
        0x00, 0x01,                                      // ARPHRD_ETHER
        0x00, 0x06,                                      // address length 6
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,  // address
        0x00, 0x04,                                      // protocol: 802.2 LLC frame
        0x42, 0x42, 0x03,                                // LLC STP
        0x00, 0x00,                                      // BPDU starts
    };
    const Bytes frame = cat(kSllStp);
    const auto d = decode_checked(frame, LinkType::LinuxSll);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_TRUE(d.llc);
    EXPECT_EQ(d.llc_dsap, 0x42);
    EXPECT_EQ(d.l3, L3::Other);
    EXPECT_EQ(d.l2_payload.size(), 2u);
}

TEST(PacketDecode, RawIpPicksVersionFromFirstNibble) {
    const auto v4 = decode_checked(f::kRawIpv4Icmp, LinkType::RawIp);
    EXPECT_EQ(v4.anomaly, nullptr) << anomaly_of(v4);
    EXPECT_FALSE(v4.has_eth);
    EXPECT_EQ(v4.l3, L3::Ipv4);
    EXPECT_EQ(v4.icmp_type, 8);
    EXPECT_EQ(v4.ip.size(), 28u);

    const Bytes ipv6 = cat(f::kIpv6IcmpEcho);
    const auto v6 = decode_checked(ipv6, LinkType::RawIp);
    EXPECT_EQ(v6.anomaly, nullptr) << anomaly_of(v6);
    EXPECT_EQ(v6.l3, L3::Ipv6);
    EXPECT_EQ(v6.icmp_type, 128);

    EXPECT_EQ(decode_checked(f::kRawIpv4Icmp, LinkType::RawIpv4).l3, L3::Ipv4);
    EXPECT_EQ(decode_checked(ipv6, LinkType::RawIpv6).l3, L3::Ipv6);
}

TEST(PacketDecode, RawIpWithOtherVersionIsBadVersion) {
    const Bytes version5 = {0x50, 0x00};
    EXPECT_EQ(anomaly_of(decode_checked(version5, LinkType::RawIp)), "dissect.ip.bad_version");
    const Bytes empty;
    EXPECT_EQ(anomaly_of(decode_checked(empty, LinkType::RawIp)), "dissect.ip.truncated");
    EXPECT_EQ(anomaly_of(decode_checked(f::kRawIpv4Icmp, LinkType::RawIpv6)), "dissect.ipv6.bad_version");
}

TEST(PacketDecode, UnknownLinkTypeIsAnAnomaly) {
    const auto d = decode_checked(f::kEthIpv4TcpSyn, static_cast<LinkType>(200));
    EXPECT_EQ(anomaly_of(d), "dissect.packet.unknown_link_type");
    EXPECT_FALSE(d.has_eth);
}

// ------------------------------------------------------------------ broken and truncated frames

TEST(PacketDecode, BrokenIpv4HeaderStillYieldsMacs) {
    const auto d = decode_checked(f::kEthIpv4IhlTooSmall);
    EXPECT_EQ(anomaly_of(d), "dissect.ipv4.bad_header_length");
    EXPECT_TRUE(d.has_eth);
    EXPECT_EQ(to_string(d.src_mac), "02:00:00:00:00:01");
    EXPECT_EQ(to_string(d.dst_mac), "02:00:00:00:00:02");
    EXPECT_EQ(d.ethertype, 0x0800);
    EXPECT_EQ(d.l3, L3::None);
    EXPECT_FALSE(d.src_ip.valid());
}

TEST(PacketDecode, IhlPastTotalLengthIsBadTotalLength) {
    const auto d = decode_checked(f::kEthIpv4IhlLies);
    EXPECT_EQ(anomaly_of(d), "dissect.ipv4.bad_total_length");
    EXPECT_TRUE(d.has_eth);
}

TEST(PacketDecode, SnaplenCutPayloadIsNotAnAnomaly) {
    const Bytes frame = cat(f::kInnerEthIpv4, f::kInnerIpv4Tcp);
    const Bytes cut(frame.begin(), frame.end() - 4);  // headers intact, payload gone
    const auto d = decode_checked(cut);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_TRUE(d.capture_truncated);
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.dport, 22);
    EXPECT_EQ(d.ip.size(), 40u);
    EXPECT_TRUE(d.l4_payload.empty());
}

TEST(PacketDecode, SnaplenCutHeaderIsAnAnomaly) {
    const Bytes cut(f::kEthIpv4TcpSyn.begin(), f::kEthIpv4TcpSyn.begin() + 14 + 20 + 30);  // TCP options cut
    const auto d = decode_checked(cut);
    EXPECT_EQ(anomaly_of(d), "dissect.tcp.truncated");
    EXPECT_TRUE(d.capture_truncated);
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_FALSE(d.has_l4);
}

TEST(PacketDecode, UdpLengthPastCompleteIpPacketIsFlaggedButParsed) {
    auto frame = f::kSllIpv4Udp;
    frame[16 + 20 + 5] = 0x40;  // UDP length 64; the IP packet (complete) holds 12
    const auto d = decode_checked(frame, LinkType::LinuxSll);
    EXPECT_EQ(anomaly_of(d), "dissect.udp.length_exceeds_ip");
    EXPECT_TRUE(d.has_l4);
    EXPECT_EQ(d.dport, 123);
    EXPECT_EQ(d.l4_payload.size(), 4u);
}

TEST(PacketDecode, TcpDataOffsetBelowFive) {
    auto frame = f::kEthIpv4TcpSyn;
    frame[14 + 20 + 12] = 0x40;  // data offset 4
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.tcp.bad_data_offset");
    EXPECT_EQ(d.l3, L3::Ipv4);
    EXPECT_FALSE(d.has_l4);
}

TEST(PacketDecode, VlanTagsUpToTheCapAreFollowed) {
    Bytes frame = cat(f::kEthVlan);
    for (int i = 1; i < kMaxVlanTags; ++i) frame = cat(frame, Bytes{0x00, static_cast<std::uint8_t>(i), 0x81, 0x00});
    frame = cat(frame, Bytes{0x00, kMaxVlanTags, 0x08, 0x00}, f::kIpv4Icmp, f::kIcmpEchoRequest);
    const auto d = decode_checked(frame);
    EXPECT_EQ(d.anomaly, nullptr) << anomaly_of(d);
    EXPECT_EQ(d.vlan_count, kMaxVlanTags);
    EXPECT_EQ(d.vlan, kMaxVlanTags);
    EXPECT_EQ(d.l3, L3::Ipv4);
}

TEST(PacketDecode, MoreVlanTagsThanTheCapStop) {
    const auto d = decode_checked(f::kVlanTooManyTags);
    EXPECT_EQ(anomaly_of(d), "dissect.vlan.too_many_tags");
    EXPECT_EQ(d.vlan_count, kMaxVlanTags);
    EXPECT_EQ(d.vlan, 4);
    EXPECT_EQ(d.l3, L3::None);
    EXPECT_TRUE(d.has_eth);
}

TEST(PacketDecode, Ipv6ExtHeadersOverTheCap) {
    constexpr std::uint8_t kDestOpts[] = {0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00};  // next: DestOpts again
    Bytes ext;
    for (int i = 0; i <= kMaxIpv6ExtHeaders; ++i) ext = cat(ext, kDestOpts);
    const auto payload_len = static_cast<std::uint8_t>(ext.size());
    const Bytes fixed = {
        0x60, 0x00, 0x00, 0x00,                          // version 6
        0x00, payload_len,                               // payload length
        0x3c,                                            // next header Destination Options
        0x40,                                            // hop limit
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,  // src
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,  // dst
    };
    const Bytes frame = cat(f::kEthIpv6, fixed, ext);
    const auto d = decode_checked(frame);
    EXPECT_EQ(anomaly_of(d), "dissect.ipv6.ext_header_limit");
    EXPECT_TRUE(d.has_eth);
}

TEST(PacketDecode, OutputIsResetBetweenFrames) {
    Decoded d;
    decode(view(f::kEthIpv4TcpSyn), LinkType::Ethernet, d);
    ASSERT_TRUE(d.has_l4);
    decode(view(f::kArpRequest), LinkType::Ethernet, d);
    EXPECT_FALSE(d.has_l4);
    EXPECT_EQ(d.sport, 0);
    EXPECT_TRUE(d.tcp_options.empty());
    EXPECT_FALSE(d.src_ip.valid());
}

// ------------------------------------------------------------------ every frame, every prefix

LinkType link_type_for(std::string_view name) {
    if (name.starts_with("sll2_")) return LinkType::LinuxSll2;
    if (name.starts_with("sll_")) return LinkType::LinuxSll;
    if (name.starts_with("rawip_")) return LinkType::RawIp;
    return LinkType::Ethernet;
}

// A prefix of a well-formed frame is a snaplen cut: it may only ever produce
// "*.truncated" anomalies, and must never read outside itself.
TEST(PacketDecode, EveryPrefixOfEveryFrameIsCleanOrTruncated) {
    for (const auto& [name, frame, well_formed] : f::kNamedFrames) {
        if (!well_formed) continue;  // its prefixes may show its own anomaly
        const LinkType lt = link_type_for(name);
        for (std::size_t n = 0; n < frame->size(); ++n) {
            const Bytes prefix(frame->begin(), frame->begin() + static_cast<std::ptrdiff_t>(n));
            Decoded d;
            decode(view(prefix), lt, d);
            expect_invariants(d, view(prefix));
            if (d.anomaly != nullptr) {
                EXPECT_TRUE(std::string_view(d.anomaly).ends_with(".truncated"))
                    << name << " prefix " << n << ": " << d.anomaly;
            }
        }
    }
}

TEST(PacketDecode, EveryFrameUnderEveryLinkTypeKeepsInvariants) {
    for (const auto& [name, frame, well_formed] : f::kNamedFrames)
        for (const LinkType lt : kAllLinkTypes) decode_checked(*frame, lt);
}

TEST(PacketDecode, OnlyTheBrokenFramesHaveAnAnomaly) {
    for (const auto& [name, frame, well_formed] : f::kNamedFrames) {
        const auto d = decode_checked(*frame, link_type_for(name));
        EXPECT_EQ(d.anomaly == nullptr, well_formed) << name << ": " << anomaly_of(d);
        EXPECT_FALSE(d.capture_truncated) << name;
    }
}

TEST(PacketAnomalyNames, AreUniqueDottedAndStable) {
    const auto names = anomaly_names();
    std::set<std::string_view> seen;
    for (const char* n : names) {
        const std::string_view s(n);
        EXPECT_TRUE(s.starts_with("dissect.")) << s;
        EXPECT_EQ(std::count(s.begin(), s.end(), '.'), 2) << s;
        EXPECT_TRUE(seen.insert(s).second) << "duplicate " << s;
    }
    // The names the brief and the pipeline rely on.
    for (const char* expected :
         {"dissect.eth.truncated", "dissect.ipv4.truncated", "dissect.ipv4.bad_header_length",
          "dissect.ipv4.bad_version", "dissect.ipv6.ext_header_limit", "dissect.tcp.bad_data_offset",
          "dissect.vlan.too_many_tags", "dissect.mpls.too_many_labels", "dissect.tunnel.too_deep",
          "dissect.gre.unsupported_version"})
        EXPECT_TRUE(seen.contains(expected)) << expected;
}

// packet.cc documents every anomaly name in its header comment; keep that
// list and anomaly_names() the same.
TEST(PacketAnomalyNames, MatchTheListInPacketCc) {
    std::ifstream in(std::string(SENSOR_SOURCE_DIR) + "/dissectors/packet/packet.cc");
    ASSERT_TRUE(in);
    std::set<std::string> documented;
    constexpr std::string_view kEntry = "//   dissect.";  // "//   dissect.<proto>.<what>   why"
    for (std::string l; std::getline(in, l);) {
        if (!l.starts_with(kEntry)) continue;
        const std::size_t begin = kEntry.find('d');
        documented.insert(l.substr(begin, l.find(' ', begin) - begin));
    }
    std::set<std::string> published;
    for (const char* n : anomaly_names()) published.insert(n);
    EXPECT_EQ(documented, published);
}

}  // namespace
}  // namespace dissect::packet
