#include "bench/sitegen/der.h"

#include <vector>

namespace sitegen::der {
namespace {

void put_len(Writer& w, std::size_t n) {
    if (n < 0x80) {
        w.u8(static_cast<unsigned>(n));
    } else if (n <= 0xff) {
        w.u8(0x81).u8(static_cast<unsigned>(n));
    } else if (n <= 0xffff) {
        w.u8(0x82).be16(static_cast<unsigned>(n));
    } else {
        w.u8(0x83).be24(static_cast<std::uint32_t>(n));
    }
}

Bytes name(std::string_view c, std::string_view o, std::string_view cn) {
    Bytes all;
    auto add = [&all](std::string_view attr_oid, std::uint8_t string_tag, std::string_view value) {
        if (value.empty()) return;
        const Bytes atv = seq({oid(attr_oid), tlv(string_tag, as_bytes(value))});
        const Bytes rdn = tlv(tag::kSet, atv);
        all.insert(all.end(), rdn.begin(), rdn.end());
    };
    add("2.5.4.6", tag::kPrintableString, c);
    add("2.5.4.10", tag::kUtf8String, o);
    add("2.5.4.3", tag::kUtf8String, cn);
    return tlv(tag::kSequence, all);
}

Bytes random_positive(Rng& rng, std::size_t n) {
    Bytes b(n);
    rng.fill(b.data(), n);
    b[0] = static_cast<std::uint8_t>((b[0] & 0x7f) | 0x01);  // positive, no leading zero
    return b;
}

}  // namespace

Bytes cat(std::initializer_list<ByteSpan> parts) {
    std::size_t n = 0;
    for (const ByteSpan p : parts) n += p.size();
    Bytes out;
    out.reserve(n);
    for (const ByteSpan p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

Bytes tlv(std::uint8_t t, ByteSpan content) {
    Writer w(content.size() + 5);
    w.u8(t);
    put_len(w, content.size());
    w.bytes(content);
    return w.take();
}

Bytes seq(std::initializer_list<ByteSpan> parts) { return tlv(tag::kSequence, cat(parts)); }

Bytes integer(std::int64_t v) {
    // Minimal two's-complement big-endian form.
    Bytes b;
    for (int shift = 56; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
    std::size_t skip = 0;
    while (skip + 1 < b.size() &&
           ((b[skip] == 0x00 && (b[skip + 1] & 0x80) == 0) || (b[skip] == 0xff && (b[skip + 1] & 0x80) != 0))) {
        ++skip;
    }
    return tlv(tag::kInteger, ByteSpan(b).subspan(skip));
}

Bytes unsigned_integer(ByteSpan magnitude) {
    std::size_t skip = 0;
    while (skip + 1 < magnitude.size() && magnitude[skip] == 0) ++skip;
    Bytes b;
    if (magnitude.empty() || (magnitude[skip] & 0x80) != 0) b.push_back(0);
    b.insert(b.end(), magnitude.begin() + static_cast<std::ptrdiff_t>(skip), magnitude.end());
    return tlv(tag::kInteger, b);
}

Bytes oid(std::string_view dotted) {
    std::vector<std::uint64_t> arcs;
    std::uint64_t cur = 0;
    for (const char c : dotted) {
        if (c == '.') {
            arcs.push_back(cur);
            cur = 0;
        } else {
            cur = cur * 10 + static_cast<std::uint64_t>(c - '0');
        }
    }
    arcs.push_back(cur);
    Bytes body;
    auto put_arc = [&body](std::uint64_t v) {
        std::uint8_t tmp[10];
        int n = 0;
        do {
            tmp[n++] = static_cast<std::uint8_t>(v & 0x7f);
            v >>= 7;
        } while (v != 0);
        while (n-- > 0) body.push_back(static_cast<std::uint8_t>(tmp[n] | (n > 0 ? 0x80 : 0)));
    };
    put_arc(arcs.size() >= 2 ? arcs[0] * 40 + arcs[1] : arcs[0] * 40);
    for (std::size_t i = 2; i < arcs.size(); ++i) put_arc(arcs[i]);
    return tlv(tag::kOid, body);
}

Bytes octets(ByteSpan v) { return tlv(tag::kOctetString, v); }
Bytes octets(std::string_view v) { return tlv(tag::kOctetString, as_bytes(v)); }
Bytes null() { return Bytes{tag::kNull, 0}; }

Bytes certificate(const CertSpec& spec, Rng& rng) {
    const Bytes sig_alg = seq({oid("1.2.840.10045.4.3.2")});  // ecdsa-with-SHA256, no parameters
    const Bytes subject = name(spec.subject_c, spec.subject_o, spec.subject_cn);
    const Bytes issuer = spec.self_signed ? subject : name(spec.issuer_c, spec.issuer_o, spec.issuer_cn);
    const Bytes validity = seq({tlv(tag::kUtcTime, as_bytes(spec.not_before)),
                                tlv(tag::kUtcTime, as_bytes(spec.not_after))});
    Writer point;
    point.u8(0).u8(0x04).random(rng, 64);  // BIT STRING: no unused bits, uncompressed point
    const Bytes spki = seq({seq({oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")}),
                            tlv(tag::kBitString, point.data())});

    Bytes exts;
    auto add_ext = [&exts](std::string_view ext_oid, bool critical, const Bytes& value) {
        const Bytes e = critical ? seq({oid(ext_oid), Bytes{tag::kBoolean, 1, 0xff}, octets(value)})
                                 : seq({oid(ext_oid), octets(value)});
        exts.insert(exts.end(), e.begin(), e.end());
    };
    // basicConstraints: a self-signed device certificate commonly claims cA.
    add_ext("2.5.29.19", true, spec.self_signed ? seq({Bytes{tag::kBoolean, 1, 0xff}}) : seq({}));
    Bytes san_names;
    if (!spec.san_dns.empty()) san_names = tlv(0x82, as_bytes(spec.san_dns));  // [2] dNSName
    if (spec.san_ip.v != 0) {
        const Bytes ip = tlv(0x87, spec.san_ip.bytes());  // [7] iPAddress
        san_names.insert(san_names.end(), ip.begin(), ip.end());
    }
    if (!san_names.empty()) add_ext("2.5.29.17", false, tlv(tag::kSequence, san_names));

    const Bytes version = tlv(0xa0, integer(2));  // [0] EXPLICIT v3
    const Bytes serial = unsigned_integer(random_positive(rng, 16));
    const Bytes extensions = tlv(0xa3, tlv(tag::kSequence, exts));  // [3] EXPLICIT
    const Bytes tbs = seq({version, serial, sig_alg, issuer, validity, subject, spki, extensions});

    const Bytes r = unsigned_integer(random_positive(rng, 32));
    const Bytes s = unsigned_integer(random_positive(rng, 32));
    const Bytes ecdsa_sig = seq({r, s});
    Bytes sig_bits{0};
    sig_bits.insert(sig_bits.end(), ecdsa_sig.begin(), ecdsa_sig.end());
    return seq({tbs, sig_alg, tlv(tag::kBitString, sig_bits)});
}

}  // namespace sitegen::der
