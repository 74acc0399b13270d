#include "bench/sitegen/apps.h"

#include <array>
#include <cstdio>

#include "bench/sitegen/der.h"

namespace sitegen::app {
namespace {

constexpr std::uint64_t kNtpUnixOffsetS = 2208988800ULL;  // 1900-01-01 to 1970-01-01

void put_ntp_time(Writer& w, std::uint64_t unix_us) {
    const std::uint64_t secs = unix_us / 1000000 + kNtpUnixOffsetS;
    const std::uint64_t frac = ((unix_us % 1000000) << 32) / 1000000;
    w.be32(static_cast<std::uint32_t>(secs)).be32(static_cast<std::uint32_t>(frac));
}

void mqtt_fixed(Writer& w, unsigned type_flags, std::size_t remaining) {
    w.u8(type_flags);
    do {
        unsigned b = remaining & 0x7f;
        remaining >>= 7;
        if (remaining > 0) b |= 0x80;
        w.u8(b);
    } while (remaining > 0);
}

void mqtt_str(Writer& w, std::string_view s) { w.be16(static_cast<unsigned>(s.size())).str(s); }

void ipp_attr(Writer& w, unsigned tag, std::string_view name, ByteSpan value) {
    w.u8(tag).be16(static_cast<unsigned>(name.size())).str(name).be16(static_cast<unsigned>(value.size())).bytes(value);
}
void ipp_attr(Writer& w, unsigned tag, std::string_view name, std::string_view value) {
    ipp_attr(w, tag, name, as_bytes(value));
}

constexpr std::array<std::string_view, 24> kWords{
    "status", "device", "network", "printer", "config", "system", "update", "service", "port",  "enable", "user",
    "admin",  "status", "toner",   "tray",    "paper",  "job",    "queue",  "ready",   "index", "page",   "list",
    "info",   "setup"};

}  // namespace

std::string filler_text(std::size_t n, Rng& rng) {
    std::string s;
    s.reserve(n + 16);
    if (n >= 32) s = "<html><body><div class=\"main\">";
    while (s.size() < n) {
        s += kWords[rng.below(kWords.size())];
        s += (rng.below(9) == 0) ? "</p>\n<p>" : " ";
    }
    s.resize(n);
    return s;
}

Bytes http_request(std::string_view method, std::string_view target, std::string_view version, const Headers& headers,
                   std::string_view body) {
    Writer w(256 + body.size());
    w.str(method).str(" ").str(target).str(" ").str(version).str("\r\n");
    for (const auto& [k, v] : headers) w.str(k).str(": ").str(v).str("\r\n");
    w.str("\r\n").str(body);
    return w.take();
}

Bytes http_response(std::string_view version, int status, std::string_view reason, const Headers& headers,
                    std::size_t body_len, Rng& rng, std::string_view body) {
    const std::string filler = body.empty() ? filler_text(body_len, rng) : std::string{};
    const std::string_view content = body.empty() ? std::string_view(filler) : body;
    Writer w(256 + content.size());
    w.str(version).str(" ").str(std::to_string(status)).str(" ").str(reason).str("\r\n");
    for (const auto& [k, v] : headers) w.str(k).str(": ").str(v).str("\r\n");
    w.str("Content-Length: ").str(std::to_string(content.size())).str("\r\n\r\n").str(content);
    return w.take();
}

Bytes ssh_banner(std::string_view banner) {
    Writer w(banner.size() + 2);
    w.str(banner).str("\r\n");
    return w.take();
}

namespace {
// Unencrypted binary packet: length, padding length, payload, padding to a multiple of 8.
Bytes ssh_packet(ByteSpan payload, Rng& rng) {
    std::size_t pad = 8 - (5 + payload.size()) % 8;
    if (pad < 4) pad += 8;
    Writer w(5 + payload.size() + pad);
    w.be32(static_cast<std::uint32_t>(1 + payload.size() + pad)).u8(static_cast<unsigned>(pad)).bytes(payload);
    w.random(rng, pad);
    return w.take();
}
void ssh_string(Writer& w, std::string_view s) { w.be32(static_cast<std::uint32_t>(s.size())).str(s); }
void ssh_string(Writer& w, ByteSpan s) { w.be32(static_cast<std::uint32_t>(s.size())).bytes(s); }
}  // namespace

Bytes ssh_kexinit(const SshAlgorithms& a, Rng& rng) {
    Writer p(1024);
    p.u8(20).random(rng, 16);
    ssh_string(p, a.kex);
    ssh_string(p, a.host_key);
    ssh_string(p, a.cipher);
    ssh_string(p, a.cipher);
    ssh_string(p, a.mac);
    ssh_string(p, a.mac);
    ssh_string(p, a.compression);
    ssh_string(p, a.compression);
    ssh_string(p, std::string_view{});
    ssh_string(p, std::string_view{});
    p.u8(0).be32(0);  // first_kex_packet_follows, reserved
    return ssh_packet(p.data(), rng);
}

Bytes ssh_ecdh_init(std::size_t q_len, Rng& rng) {
    Writer p(q_len + 8);
    p.u8(30);
    Writer q;
    q.random(rng, q_len);
    ssh_string(p, q.data());
    return ssh_packet(p.data(), rng);
}

Bytes ssh_ecdh_reply(std::size_t q_len, Rng& rng) {
    Writer point;
    point.u8(4).random(rng, 64);
    Writer host_key;
    ssh_string(host_key, "ecdsa-sha2-nistp256");
    ssh_string(host_key, "nistp256");
    ssh_string(host_key, point.data());
    Writer rs;
    for (int k = 0; k < 2; ++k) {
        Writer mp;
        mp.u8(0).u8(0x80 | rng.u8()).random(rng, 31);  // positive mpint with its leading zero byte
        ssh_string(rs, mp.data());
    }
    Writer sig;
    ssh_string(sig, "ecdsa-sha2-nistp256");
    ssh_string(sig, rs.data());
    Writer q;
    q.random(rng, q_len);
    Writer p(q_len + 300);
    p.u8(31);
    ssh_string(p, host_key.data());
    ssh_string(p, q.data());
    ssh_string(p, sig.data());
    return ssh_packet(p.data(), rng);
}

std::string_view ssh_negotiate(std::string_view client_list, std::string_view server_list) {
    auto next = [](std::string_view& list) {
        const std::size_t comma = list.find(',');
        const std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        return item;
    };
    while (!client_list.empty()) {
        const std::string_view want = next(client_list);
        std::string_view rest = server_list;
        while (!rest.empty())
            if (next(rest) == want) return want;
    }
    return {};
}

Bytes ssh_newkeys(Rng& rng) {
    const std::uint8_t msg = 21;
    return ssh_packet(ByteSpan(&msg, 1), rng);
}

Bytes ssh_encrypted(std::size_t payload, Rng& rng) {
    const std::size_t body = (payload + 5 + 7) / 8 * 8;
    Writer w(4 + body + 16);
    w.random(rng, 4 + body + 16);
    return w.take();
}

Bytes snmp_message(std::string_view community, std::uint8_t pdu_tag, std::int32_t request_id,
                   std::span<const VarBind> binds) {
    Bytes list;
    for (const VarBind& b : binds) {
        Bytes value;
        switch (b.kind) {
        case VarBind::Kind::kNull: value = der::null(); break;
        case VarBind::Kind::kOctets: value = der::octets(std::string_view(b.text)); break;
        case VarBind::Kind::kOid: value = der::oid(b.text); break;
        case VarBind::Kind::kInteger: value = der::integer(b.number); break;
        case VarBind::Kind::kTimeTicks: {
            Bytes n = der::integer(b.number);
            n[0] = 0x43;  // [APPLICATION 3] TimeTicks, same content encoding as INTEGER
            value = n;
            break;
        }
        }
        const Bytes vb = der::seq({der::oid(b.oid), value});
        list.insert(list.end(), vb.begin(), vb.end());
    }
    const Bytes pdu = der::tlv(pdu_tag, der::cat({der::integer(request_id), der::integer(0), der::integer(0),
                                                  der::tlv(der::tag::kSequence, list)}));
    return der::seq({der::integer(1), der::octets(community), pdu});  // version 1 = v2c
}

Bytes sip_encode(const SipMessage& m) {
    Writer w(512 + m.body.size());
    w.str(m.start_line).str("\r\n");
    for (const auto& [k, v] : m.headers) w.str(k).str(": ").str(v).str("\r\n");
    w.str("Content-Length: ").str(std::to_string(m.body.size())).str("\r\n\r\n").str(m.body);
    return w.take();
}

std::string sdp(std::string_view user, std::uint64_t session_id, const Ip4& ip, std::uint16_t rtp_port,
                std::span<const int> payload_types) {
    std::string s = "v=0\r\no=" + std::string(user) + " " + std::to_string(session_id) + " " +
                    std::to_string(session_id) + " IN IP4 " + ip.str() + "\r\ns=SIP Call\r\nc=IN IP4 " + ip.str() +
                    "\r\nt=0 0\r\nm=audio " + std::to_string(rtp_port) + " RTP/AVP";
    for (const int pt : payload_types) s += " " + std::to_string(pt);
    s += " 101\r\n";
    for (const int pt : payload_types) {
        if (pt == 0) s += "a=rtpmap:0 PCMU/8000\r\n";
        if (pt == 8) s += "a=rtpmap:8 PCMA/8000\r\n";
        if (pt == 9) s += "a=rtpmap:9 G722/8000\r\n";
    }
    s += "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    return s;
}

Bytes rtp(std::uint8_t pt, bool marker, std::uint16_t seq, std::uint32_t ts, std::uint32_t ssrc, std::size_t payload,
          Rng& rng) {
    Writer w(12 + payload);
    w.u8(0x80).u8(static_cast<unsigned>((marker ? 0x80 : 0) | (pt & 0x7f))).be16(seq).be32(ts).be32(ssrc);
    w.random(rng, payload);
    return w.take();
}

Bytes rtsp_interleaved(std::uint8_t channel, ByteSpan data) {
    Writer w(4 + data.size());
    w.u8('$').u8(channel).be16(static_cast<unsigned>(data.size())).bytes(data);
    return w.take();
}

Bytes mqtt_connect(std::string_view client_id, std::uint16_t keepalive_s, std::string_view user, std::string_view pass) {
    Writer v;
    mqtt_str(v, "MQTT");
    unsigned flags = 0x02;  // clean session
    if (!user.empty()) flags |= 0x80;
    if (!pass.empty()) flags |= 0x40;
    v.u8(4).u8(flags).be16(keepalive_s);
    mqtt_str(v, client_id);
    if (!user.empty()) mqtt_str(v, user);
    if (!pass.empty()) mqtt_str(v, pass);
    Writer w;
    mqtt_fixed(w, 0x10, v.size());
    w.bytes(v.data());
    return w.take();
}

Bytes mqtt_connack() { return Bytes{0x20, 0x02, 0x00, 0x00}; }

Bytes mqtt_publish(std::string_view topic, std::string_view payload) {
    Writer w;
    mqtt_fixed(w, 0x30, 2 + topic.size() + payload.size());
    mqtt_str(w, topic);
    w.str(payload);
    return w.take();
}

Bytes mqtt_subscribe(std::uint16_t packet_id, std::string_view topic) {
    Writer w;
    mqtt_fixed(w, 0x82, 2 + 2 + topic.size() + 1);
    w.be16(packet_id);
    mqtt_str(w, topic);
    w.u8(0);
    return w.take();
}

Bytes mqtt_suback(std::uint16_t packet_id) {
    Writer w;
    w.u8(0x90).u8(3).be16(packet_id).u8(0);
    return w.take();
}

Bytes mqtt_pingreq() { return Bytes{0xc0, 0x00}; }
Bytes mqtt_pingresp() { return Bytes{0xd0, 0x00}; }
Bytes mqtt_disconnect() { return Bytes{0xe0, 0x00}; }

Bytes modbus_read_request(std::uint16_t transaction, std::uint8_t unit, std::uint16_t address, std::uint16_t count) {
    Writer w(12);
    w.be16(transaction).be16(0).be16(6).u8(unit).u8(3).be16(address).be16(count);
    return w.take();
}

Bytes modbus_read_response(std::uint16_t transaction, std::uint8_t unit, std::uint16_t count, Rng& rng) {
    Writer w(9 + 2 * count);
    w.be16(transaction).be16(0).be16(static_cast<unsigned>(3 + 2 * count)).u8(unit).u8(3).u8(2 * count);
    for (unsigned i = 0; i < count; ++i) w.be16(static_cast<unsigned>(rng.below(1000)));
    return w.take();
}

Bytes ntp_request(std::uint64_t unix_us) {
    Writer w(48);
    w.u8(0x23).u8(0).u8(6).u8(0xe9);  // LI 0, v4, mode 3; stratum 0; poll 6; precision -23
    w.be32(0).be32(0).be32(0);       // root delay, dispersion, reference id
    w.zeros(24);                     // reference, origin, receive timestamps
    put_ntp_time(w, unix_us);
    return w.take();
}

Bytes ntp_reply(std::uint64_t request_unix_us, std::uint64_t unix_us, std::uint32_t ref_id) {
    Writer w(48);
    w.u8(0x24).u8(2).u8(6).u8(0xe8);  // v4, mode 4; stratum 2
    w.be32(0x00000150).be32(0x00000420).be32(ref_id);
    put_ntp_time(w, unix_us - 30000000);  // reference: last sync 30 s ago
    put_ntp_time(w, request_unix_us);     // origin
    put_ntp_time(w, unix_us - 40);        // receive
    put_ntp_time(w, unix_us);             // transmit
    return w.take();
}

Bytes ssdp_msearch(std::string_view st, int mx, std::string_view user_agent) {
    std::string s = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: " +
                    std::to_string(mx) + "\r\nST: " + std::string(st) + "\r\n";
    if (!user_agent.empty()) s += "USER-AGENT: " + std::string(user_agent) + "\r\n";
    s += "\r\n";
    Writer w;
    w.str(s);
    return w.take();
}

Bytes ssdp_notify(std::string_view location, std::string_view nt, std::string_view server, std::string_view usn) {
    Writer w(512);
    w.str("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: ")
        .str(location)
        .str("\r\nNT: ")
        .str(nt)
        .str("\r\nNTS: ssdp:alive\r\nSERVER: ")
        .str(server)
        .str("\r\nUSN: ")
        .str(usn)
        .str("\r\n\r\n");
    return w.take();
}

Bytes ssdp_response(std::string_view st, std::string_view location, std::string_view server, std::string_view usn,
                    std::string_view date) {
    Writer w(512);
    w.str("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nDATE: ")
        .str(date)
        .str("\r\nEXT:\r\nLOCATION: ")
        .str(location)
        .str("\r\nSERVER: ")
        .str(server)
        .str("\r\nST: ")
        .str(st)
        .str("\r\nUSN: ")
        .str(usn)
        .str("\r\n\r\n");
    return w.take();
}

Bytes wsd_hello(std::string_view endpoint_uuid, std::string_view message_uuid, std::string_view xaddr,
                std::string_view scopes) {
    Writer w(1200);
    w.str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" "
          "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
          "xmlns:wsd=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" "
          "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
          "<SOAP-ENV:Header><wsa:MessageID>uuid:")
        .str(message_uuid)
        .str("</wsa:MessageID><wsa:To SOAP-ENV:mustUnderstand=\"true\">urn:schemas-xmlsoap-org:ws:2005:04:discovery"
             "</wsa:To><wsa:Action SOAP-ENV:mustUnderstand=\"true\">"
             "http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello</wsa:Action></SOAP-ENV:Header>"
             "<SOAP-ENV:Body><wsd:Hello><wsa:EndpointReference><wsa:Address>urn:uuid:")
        .str(endpoint_uuid)
        .str("</wsa:Address></wsa:EndpointReference><wsd:Types>dn:NetworkVideoTransmitter</wsd:Types><wsd:Scopes>")
        .str(scopes)
        .str("</wsd:Scopes><wsd:XAddrs>")
        .str(xaddr)
        .str("</wsd:XAddrs><wsd:MetadataVersion>1</wsd:MetadataVersion></wsd:Hello></SOAP-ENV:Body>"
             "</SOAP-ENV:Envelope>");
    return w.take();
}

Bytes ipp_get_printer_attributes(std::uint32_t request_id, std::string_view printer_uri) {
    Writer w(256);
    w.u8(2).u8(0).be16(0x000b).be32(request_id);  // IPP 2.0, Get-Printer-Attributes
    w.u8(0x01);                                  // operation-attributes-tag
    ipp_attr(w, 0x47, "attributes-charset", "utf-8");
    ipp_attr(w, 0x48, "attributes-natural-language", "en-us");
    ipp_attr(w, 0x45, "printer-uri", printer_uri);
    ipp_attr(w, 0x44, "requested-attributes", "printer-make-and-model");
    ipp_attr(w, 0x44, "", "printer-state");  // additional value of the same attribute
    w.u8(0x03);                               // end-of-attributes
    return w.take();
}

Bytes ipp_printer_attributes(std::uint32_t request_id, std::string_view make_and_model, std::string_view name) {
    Writer w(256);
    w.u8(2).u8(0).be16(0x0000).be32(request_id);  // successful-ok
    w.u8(0x01);
    ipp_attr(w, 0x47, "attributes-charset", "utf-8");
    ipp_attr(w, 0x48, "attributes-natural-language", "en-us");
    w.u8(0x04);  // printer-attributes-tag
    ipp_attr(w, 0x41, "printer-make-and-model", make_and_model);
    ipp_attr(w, 0x42, "printer-name", name);
    const std::array<std::uint8_t, 4> idle{0, 0, 0, 3};
    ipp_attr(w, 0x23, "printer-state", ByteSpan(idle));
    w.u8(0x03);
    return w.take();
}

Bytes telnet_server_options() {
    // IAC DO TERMINAL-TYPE, IAC DO TSPEED, IAC DO X-DISPLAY, IAC DO NEW-ENVIRON, IAC WILL ECHO, IAC WILL SGA
    return Bytes{0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23, 0xff, 0xfd, 0x27,
                 0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03};
}

Bytes telnet_client_options() {
    // IAC WILL TERMINAL-TYPE, IAC WONT TSPEED, IAC WONT X-DISPLAY, IAC WONT NEW-ENVIRON, IAC DO ECHO, IAC DO SGA
    return Bytes{0xff, 0xfb, 0x18, 0xff, 0xfc, 0x20, 0xff, 0xfc, 0x23, 0xff, 0xfc, 0x27,
                 0xff, 0xfd, 0x01, 0xff, 0xfd, 0x03};
}

std::string http_date(std::uint64_t unix_us) {
    static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::uint64_t t = unix_us / 1000000;
    const std::uint64_t days = t / 86400;
    const std::uint64_t sod = t % 86400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const std::int64_t z = static_cast<std::int64_t>(days) + 719468;
    const std::int64_t era = z / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[days % 7], static_cast<int>(d),
                  kMonths[m - 1], static_cast<int>(y), static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                  static_cast<int>(sod % 60));
    return buf;
}

std::string uuid(Rng& rng) {
    std::array<std::uint8_t, 16> b{};
    rng.fill(b.data(), b.size());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    const std::string h = to_hex(b);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

// OpenSSH 9.6 client's algorithm lists (Ubuntu 24.04, Debian 13), in its order.
const SshAlgorithms kOpenssh96Client{
    "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,ext-info-c,kex-strict-c-v00@openssh.com",
    "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,"
    "rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
    "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "none,zlib@openssh.com"};

}  // namespace sitegen::app
