#include "bench/sitegen/dns.h"

#include <algorithm>
#include <cctype>

namespace sitegen::dns {
namespace {

constexpr std::size_t kMdnsSoftLimit = 1300;  // start another message past this (MTU headroom)
constexpr std::uint16_t kMdnsPort9 = 9;       // DNS-SD placeholder port for TXT-only services

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

MessageBuilder::MessageBuilder(std::uint16_t id, std::uint16_t flags, bool compress) : w_(512), compress_(compress) {
    w_.be16(id).be16(flags).be16(0).be16(0).be16(0).be16(0);
}

void MessageBuilder::name(std::string_view dotted) {
    while (!dotted.empty()) {
        if (compress_) {
            const auto it = offsets_.find(lower(dotted));
            if (it != offsets_.end()) {
                w_.be16(0xc000u | it->second);
                return;
            }
            if (w_.size() < 0x3fff) offsets_.emplace(lower(dotted), static_cast<std::uint16_t>(w_.size()));
        }
        std::size_t dot = dotted.find('.');
        // An instance label may itself contain dots only in escaped form; DNS-SD
        // instance names here never do, so a plain split is right.
        const std::string_view label = dotted.substr(0, dot);
        w_.u8(static_cast<unsigned>(std::min<std::size_t>(label.size(), 63))).str(label.substr(0, 63));
        dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
    }
    w_.u8(0);
}

void MessageBuilder::question(std::string_view qname, std::uint16_t type, std::uint16_t klass) {
    name(qname);
    w_.be16(type).be16(klass);
    ++counts_[0];
}

void MessageBuilder::begin_rr(Section s, std::string_view owner, std::uint16_t type, std::uint16_t klass,
                              std::uint32_t ttl) {
    const auto sec = static_cast<std::uint8_t>(s);
    if (sec < section_) return;  // out of order: programming error; the record is dropped
    section_ = sec;
    name(owner);
    w_.be16(type).be16(klass).be32(ttl);
    rdlen_at_ = w_.size();
    w_.be16(0);
    ++counts_[sec];
}

void MessageBuilder::end_rr() { w_.patch_be16(rdlen_at_, since(w_, rdlen_at_, 2)); }

void MessageBuilder::a(Section s, std::string_view owner, std::uint32_t ttl, const Ip4& ip, std::uint16_t klass) {
    begin_rr(s, owner, kTypeA, klass, ttl);
    w_.bytes(ip.bytes());
    end_rr();
}

void MessageBuilder::aaaa(Section s, std::string_view owner, std::uint32_t ttl, const Ip6& ip, std::uint16_t klass) {
    begin_rr(s, owner, kTypeAaaa, klass, ttl);
    w_.bytes(ip.b);
    end_rr();
}

void MessageBuilder::ptr(Section s, std::string_view owner, std::uint32_t ttl, std::string_view target,
                         std::uint16_t klass) {
    begin_rr(s, owner, kTypePtr, klass, ttl);
    name(target);
    end_rr();
}

void MessageBuilder::cname(Section s, std::string_view owner, std::uint32_t ttl, std::string_view target) {
    begin_rr(s, owner, kTypeCname, kClassIn, ttl);
    name(target);
    end_rr();
}

void MessageBuilder::srv(Section s, std::string_view owner, std::uint32_t ttl, std::uint16_t port,
                         std::string_view target, std::uint16_t klass) {
    begin_rr(s, owner, kTypeSrv, klass, ttl);
    w_.be16(0).be16(0).be16(port);
    name(target);
    end_rr();
}

void MessageBuilder::txt(Section s, std::string_view owner, std::uint32_t ttl, std::span<const std::string> strings,
                         std::uint16_t klass) {
    begin_rr(s, owner, kTypeTxt, klass, ttl);
    if (strings.empty()) w_.u8(0);  // RFC 6763 6.1: an empty TXT record holds one empty string
    for (const std::string& t : strings) {
        const std::size_t n = std::min<std::size_t>(t.size(), 255);
        w_.u8(static_cast<unsigned>(n)).str(std::string_view(t).substr(0, n));
    }
    end_rr();
}

void MessageBuilder::nb(Section s, std::string_view owner, std::uint32_t ttl, std::uint16_t nb_flags, const Ip4& ip) {
    begin_rr(s, owner, kTypeNb, kClassIn, ttl);
    w_.be16(nb_flags).bytes(ip.bytes());
    end_rr();
}

Bytes MessageBuilder::finish() {
    for (int i = 0; i < 4; ++i) w_.patch_be16(4 + 2 * static_cast<std::size_t>(i), counts_[i]);
    return w_.take();
}

Bytes query(std::uint16_t id, std::string_view qname, std::uint16_t qtype) {
    MessageBuilder m(id, 0x0100);
    m.question(qname, qtype);
    return m.finish();
}

Bytes response(std::uint16_t id, std::string_view qname, std::uint16_t qtype, std::span<const Ip4> a4,
               std::span<const Ip6> a6, std::uint32_t ttl, std::string_view cname) {
    MessageBuilder m(id, 0x8180);  // response, RD, RA, NOERROR
    m.question(qname, qtype);
    std::string_view owner = qname;
    if (!cname.empty()) {
        m.cname(MessageBuilder::Section::kAnswer, qname, ttl, cname);
        owner = cname;
    }
    if (qtype == kTypeA)
        for (const Ip4& ip : a4) m.a(MessageBuilder::Section::kAnswer, owner, ttl, ip);
    if (qtype == kTypeAaaa)
        for (const Ip6& ip : a6) m.aaaa(MessageBuilder::Section::kAnswer, owner, ttl, ip);
    return m.finish();
}

std::vector<Bytes> mdns_announce(const MdnsHost& host, std::span<const MdnsService> services, std::uint32_t ttl) {
    using S = MessageBuilder::Section;
    const std::string host_local = host.host + ".local";
    std::vector<Bytes> out;
    std::size_t i = 0;
    do {
        MessageBuilder m(0, 0x8400, true);  // response, authoritative
        bool any = false;
        for (; i < services.size(); ++i) {
            if (any && m.size() > kMdnsSoftLimit) break;
            const MdnsService& svc = services[i];
            const std::string type_local = svc.type + ".local";
            const std::string inst = svc.instance + "." + type_local;
            m.ptr(S::kAnswer, "_services._dns-sd._udp.local", ttl * 4, type_local);
            m.ptr(S::kAnswer, type_local, ttl * 4, inst);
            m.srv(S::kAnswer, inst, ttl, svc.port == 0 ? kMdnsPort9 : svc.port, host_local, kClassIn | kCacheFlush);
            m.txt(S::kAnswer, inst, ttl * 4, svc.txt, kClassIn | kCacheFlush);
            any = true;
        }
        m.a(S::kAnswer, host_local, ttl, host.ip4, kClassIn | kCacheFlush);
        if (host.ip6) m.aaaa(S::kAnswer, host_local, ttl, *host.ip6, kClassIn | kCacheFlush);
        out.push_back(m.finish());
    } while (i < services.size());
    return out;
}

Bytes mdns_query(std::span<const std::string> service_types, bool qu) {
    MessageBuilder m(0, 0x0000);
    for (const std::string& t : service_types) m.question(t + ".local", kTypePtr, static_cast<std::uint16_t>(kClassIn | (qu ? kUnicastResponse : 0)));
    return m.finish();
}

Bytes llmnr_query(std::uint16_t id, std::string_view qname, std::uint16_t qtype) {
    MessageBuilder m(id, 0x0000, false);
    m.question(qname, qtype);
    return m.finish();
}

std::string netbios_encode(std::string_view name, std::uint8_t suffix) {
    std::string padded;
    for (std::size_t k = 0; k < 15; ++k) {
        const char c = k < name.size() ? name[k] : ' ';
        padded.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    padded.push_back(static_cast<char>(suffix));
    std::string enc;
    for (const char c : padded) {
        const auto v = static_cast<unsigned char>(c);
        enc.push_back(static_cast<char>('A' + (v >> 4)));
        enc.push_back(static_cast<char>('A' + (v & 0x0f)));
    }
    return enc;
}

Bytes nbns_registration(std::uint16_t id, std::string_view name, std::uint8_t suffix, bool group, const Ip4& ip) {
    // Opcode 5 (registration), RD, B (broadcast).
    MessageBuilder m(id, 0x2910);
    const std::string enc = netbios_encode(name, suffix);
    m.question(enc, kTypeNb);
    m.nb(MessageBuilder::Section::kAdditional, enc, 300000, group ? 0x8000 : 0x0000, ip);
    return m.finish();
}

Bytes nbns_query(std::uint16_t id, std::string_view name, std::uint8_t suffix) {
    MessageBuilder m(id, 0x0110);  // query, RD, B
    m.question(netbios_encode(name, suffix), kTypeNb);
    return m.finish();
}

}  // namespace sitegen::dns
