// Rule-lab scenarios for exposed services and protocol weaknesses
// (posture/rules/services.yaml, posture/rules/protocols.yaml).
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/der.h"
#include "bench/sitegen/dns.h"
#include "bench/sitegen/packet_builder.h"
#include "bench/sitegen/rulelab.h"
#include "bench/sitegen/smb.h"
#include "bench/sitegen/tls.h"

namespace sitegen::lab {
namespace {

// More vendor OUIs (IEEE MA-L) for the devices of these cases.
constexpr std::uint32_t kOuiHikvision = 0xc056e3;
constexpr std::uint32_t kOuiSynology = 0x001132;
constexpr std::uint32_t kOuiSupermicro = 0x002590;
constexpr std::uint32_t kOuiSchneider = 0x0080f4;  // Telemecanique (Modicon PLCs)
constexpr std::uint32_t kOuiSiemens = 0x001b1b;
constexpr std::uint32_t kOuiAbb = 0x002459;
constexpr std::uint32_t kOuiHoneywell = 0x0080a7;
constexpr std::uint32_t kOuiStMicro = 0x0080e1;    // STM32 boards (lwIP)
constexpr std::uint32_t kOuiApc = 0x00c0b7;
constexpr std::uint32_t kOuiSamsungTv = 0x8c79f5;
constexpr std::uint32_t kOuiHpPrinter = 0x3c5282;

constexpr std::uint8_t kRemoteTtl = 52;  // what an Internet server's packets show here (64 - 12 hops)

const Ip4 kSsdpGroup = Ip4::of(239, 255, 255, 250);
const Ip4 kLlmnrGroup = Ip4::of(224, 0, 0, 252);
const Ip4 kLabBroadcast = Ip4::of(10, 77, 255, 255);  // the lab's /16

// OpenSSH 9.2 (Debian 12) server algorithm lists (the 9.6 client's: app::kOpenssh96Client); the server
// keeps ECDSA and RSA host keys, so sessions use the ECDSA key app::ssh_ecdh_reply shows.
const app::SshAlgorithms kOpenssh92Server{
    "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com",
    "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "none,zlib@openssh.com"};
// Cisco IOS 12.2 SSH server: SSH-1.99, Oakley group 1 only, CBC ciphers.
const app::SshAlgorithms kCiscoIos122Server{"diffie-hellman-group1-sha1", "ssh-rsa",
                                            "aes128-cbc,3des-cbc,aes192-cbc,aes256-cbc",
                                            "hmac-sha1,hmac-sha1-96,hmac-md5,hmac-md5-96", "none"};

// NUL-terminated fields one after another (the r-commands' requests).
Bytes nul_fields(std::initializer_list<std::string_view> fields) {
    Writer w;
    for (const std::string_view f : fields) w.cstr(f);
    return w.take();
}

Bytes join(std::initializer_list<ByteSpan> parts) {
    Bytes out;
    for (const ByteSpan p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// Windows FILETIME (100 ns since 1601) for a Unix time in microseconds.
std::uint64_t filetime(std::uint64_t unix_us) { return unix_us * 10 + 116444736000000000ULL; }

// A full SSH session start: banners, KEXINITs, curve25519 exchange, NEWKEYS
// and a few encrypted packets (authentication, a command).
std::vector<Seg> ssh_session(std::string_view server_banner, std::string_view client_banner, Rng& r) {
    return {server(app::ssh_banner(server_banner)),
            client(app::ssh_banner(client_banner)),
            client(app::ssh_kexinit(app::kOpenssh96Client, r)),
            server(app::ssh_kexinit(kOpenssh92Server, r)),
            client(app::ssh_ecdh_init(1190, r)),
            server(join({app::ssh_ecdh_reply(1071, r), app::ssh_newkeys(r)})),
            client(join({app::ssh_newkeys(r), app::ssh_encrypted(18, r)})),
            server(app::ssh_encrypted(18, r)),
            client(app::ssh_encrypted(380, r)),
            server(app::ssh_encrypted(20, r)),
            client(app::ssh_encrypted(30, r))};
}

// Rewrites the version of every TLS record in `b` (a TLS 1.1 session: the
// builders write 1.2 record versions for everything but 1.0).
Bytes with_record_version(Bytes b, std::uint16_t version) {
    std::size_t off = 0;
    while (off + 5 <= b.size()) {
        b[off + 1] = static_cast<std::uint8_t>(version >> 8);
        b[off + 2] = static_cast<std::uint8_t>(version);
        off += 5 + ((std::size_t{b[off + 3]} << 8) | b[off + 4]);
    }
    return b;
}

// One HTTPS-like TLS session: hello, server flight, finishes with a request
// and a response, close_notify. `record_version` != 0 forces the record
// version of the session's records (the ClientHello keeps its own).
tls::Session tls_conversation(Lab& lab, const Host& c, const Host& s, std::uint16_t port, const tls::ClientHello& ch,
                              const tls::ServerPolicy& policy, std::size_t request, std::size_t response,
                              std::uint16_t record_version = 0) {
    Rng& r = lab.rng();
    tls::Session sess;
    Bytes flight = tls::server_flight(ch, policy, sess, r);
    Bytes fin = join({tls::client_finish(sess, r), tls::app_data(sess, request, r)});
    Bytes sfin = join({tls::server_finish(sess, r), tls::app_data(sess, response, r)});
    Bytes bye = tls::close_notify(sess, r);
    if (record_version != 0) {
        flight = with_record_version(std::move(flight), record_version);
        fin = with_record_version(std::move(fin), record_version);
        sfin = with_record_version(std::move(sfin), record_version);
        bye = with_record_version(std::move(bye), record_version);
    }
    lab.tcp(c, s, port, {client(ch.record), server(flight), client(fin), server(sfin), client(bye)}, 64,
            s.remote ? kRemoteTtl : 64);
    return sess;
}

// A leaf issued by an internal CA, and that CA's certificate.
std::vector<Bytes> internal_ca_chain(std::string_view cn, const Ip4& ip, Rng& r) {
    der::CertSpec leaf;
    leaf.subject_c = "US";
    leaf.subject_o = "Contoso Ltd";
    leaf.subject_cn = std::string(cn);
    leaf.san_dns = std::string(cn);
    leaf.san_ip = ip;
    leaf.issuer_c = "US";
    leaf.issuer_o = "Contoso Ltd";
    leaf.issuer_cn = "Contoso Issuing CA 01";
    der::CertSpec ca;
    ca.subject_c = "US";
    ca.subject_o = "Contoso Ltd";
    ca.subject_cn = "Contoso Issuing CA 01";
    ca.issuer_c = "US";
    ca.issuer_o = "Contoso Ltd";
    ca.issuer_cn = "Contoso Root CA";
    ca.not_before = "220301000000Z";
    ca.not_after = "320301000000Z";
    return {der::certificate(leaf, r), der::certificate(ca, r)};
}

// A public web site's chain (leaf + intermediate of a public CA).
std::vector<Bytes> public_chain(std::string_view name, Rng& r) {
    der::CertSpec leaf;
    leaf.subject_cn = std::string(name);
    leaf.san_dns = std::string(name);
    leaf.issuer_c = "US";
    leaf.issuer_o = "DigiCert Inc";
    leaf.issuer_cn = "DigiCert Global G2 TLS RSA SHA256 2020 CA1";
    der::CertSpec inter;
    inter.subject_c = "US";
    inter.subject_o = "DigiCert Inc";
    inter.subject_cn = "DigiCert Global G2 TLS RSA SHA256 2020 CA1";
    inter.issuer_c = "US";
    inter.issuer_o = "DigiCert Inc";
    inter.issuer_cn = "DigiCert Global Root G2";
    inter.not_before = "210330000000Z";
    inter.not_after = "310329235959Z";
    return {der::certificate(leaf, r), der::certificate(inter, r)};
}


// ---------------------------------------------------------------- service payloads

// RDP: X.224 Connection Request with the mstsc cookie and an RDP_NEG_REQ
// asking for TLS or CredSSP ([MS-RDPBCGR] 2.2.1.1), and the server's
// Connection Confirm selecting CredSSP (2.2.1.2).
Bytes rdp_connection_request(std::string_view user) {
    const std::string cookie = "Cookie: mstshash=" + std::string(user) + "\r\n";
    Writer w;
    w.u8(3).u8(0).be16(static_cast<unsigned>(4 + 7 + cookie.size() + 8));
    w.u8(static_cast<unsigned>(6 + cookie.size() + 8)).u8(0xe0).be16(0).be16(0).u8(0);
    w.str(cookie);
    w.u8(1).u8(0).le16(8).le32(0x00000003);
    return w.take();
}
Bytes rdp_connection_confirm() {
    Writer w;
    w.u8(3).u8(0).be16(19);
    w.u8(14).u8(0xd0).be16(0).be16(0x1234).u8(0);
    w.u8(2).u8(0x1f).le16(8).le32(0x00000002);
    return w.take();
}

// RFB ServerInit: 1920x1080, 32 bpp true colour, and the desktop name.
Bytes rfb_server_init(std::string_view name) {
    Writer w;
    w.be16(1920).be16(1080);
    w.u8(32).u8(24).u8(0).u8(1).be16(255).be16(255).be16(255).u8(16).u8(8).u8(0).zeros(3);
    w.be32(static_cast<std::uint32_t>(name.size())).str(name);
    return w.take();
}

// NetBIOS session request (RFC 1002 4.3.2): called and calling names,
// first-level encoded with the length byte and the root label.
Bytes netbios_session_request(std::string_view called, std::string_view calling) {
    Writer w;
    w.u8(0x81).u8(0).be16(68);
    w.u8(32).str(dns::netbios_encode(called, 0x20)).u8(0);
    w.u8(32).str(dns::netbios_encode(calling, 0x00)).u8(0);
    return w.take();
}

// X11 connection setup, little-endian, without an authorisation protocol,
// and the server's refusal (X11 protocol, "Connection Setup").
Bytes x11_setup_request() {
    Writer w;
    w.u8('l').u8(0).le16(11).le16(0).le16(0).le16(0).le16(0);
    return w.take();
}
Bytes x11_setup_failed(std::string_view reason) {
    Writer w;
    const std::size_t padded = (reason.size() + 3) / 4 * 4;
    w.u8(0).u8(static_cast<unsigned>(reason.size())).le16(11).le16(0).le16(static_cast<unsigned>(padded / 4));
    w.str(reason).zeros(padded - reason.size());
    return w.take();
}

// MariaDB 10.11 initial handshake (protocol 10, mysql_native_password).
Bytes mysql_greeting(std::uint32_t conn_id, Rng& r) {
    const auto scramble = [&r](Writer& w, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) w.u8(static_cast<unsigned>(0x21 + r.below(0x5e)));
    };
    Writer p;
    p.u8(10).cstr("5.5.5-10.11.6-MariaDB-0+deb12u1").le32(conn_id);
    scramble(p, 8);
    p.u8(0).le16(0xf7fe).u8(45).le16(0x0002).le16(0x81ff).u8(21).zeros(6).le32(0x0000001d);
    scramble(p, 12);
    p.u8(0).cstr("mysql_native_password");
    Writer w;
    w.u8(p.size() & 0xff).u8((p.size() >> 8) & 0xff).u8(0).u8(0).bytes(p.data());
    return w.take();
}
Bytes mysql_login(std::string_view user, std::string_view db, Rng& r) {
    Writer p;
    p.le32(0x000aa68d).le32(16777216).u8(45).zeros(23).cstr(user);
    p.u8(20).random(r, 20).cstr(db).cstr("mysql_native_password");
    Writer w;
    w.u8(p.size() & 0xff).u8((p.size() >> 8) & 0xff).u8(0).u8(1).bytes(p.data());
    return w.take();
}

// PostgreSQL: SSLRequest, StartupMessage (protocol 3.0), AuthenticationSASL.
Bytes pg_ssl_request() {
    Writer w;
    w.be32(8).be32(80877103);
    return w.take();
}
Bytes pg_startup(std::string_view user, std::string_view db, std::string_view app_name) {
    Writer p;
    p.be32(0x00030000).cstr("user").cstr(user).cstr("database").cstr(db).cstr("application_name").cstr(app_name).u8(0);
    Writer w;
    w.be32(static_cast<std::uint32_t>(p.size() + 4)).bytes(p.data());
    return w.take();
}
Bytes pg_auth_sasl() {
    Writer w;
    w.u8('R').be32(23).be32(10).cstr("SCRAM-SHA-256").u8(0);
    return w.take();
}

// Memcached UDP frame header (request id, sequence 0 of 1) and the text.
Bytes memcached_udp(std::uint16_t request_id, std::string_view body) {
    Writer w;
    w.be16(request_id).be16(0).be16(1).be16(0).str(body);
    return w.take();
}

// TFTP (RFC 1350) packets.
Bytes tftp_request(std::uint16_t opcode, std::string_view file, std::string_view mode) {
    Writer w;
    w.be16(opcode).cstr(file).cstr(mode);
    return w.take();
}
Bytes tftp_data(std::uint16_t block, std::size_t n, Rng& r) {
    Writer w;
    w.be16(3).be16(block).random(r, n);
    return w.take();
}
Bytes tftp_ack(std::uint16_t block) {
    Writer w;
    w.be16(4).be16(block);
    return w.take();
}

// S7comm over ISO-on-TCP (RFC 1006): COTP connection request/confirm to
// rack 0 slot 2, then S7 Setup Communication and its Ack_Data.
Bytes cotp_connect(bool confirm) {
    Writer w;
    w.u8(3).u8(0).be16(22);
    w.u8(17).u8(confirm ? 0xd0 : 0xe0).be16(confirm ? 0x0001 : 0x0000).be16(confirm ? 0x0002 : 0x0001).u8(0);
    w.u8(0xc0).u8(1).u8(0x0a);                 // TPDU size 1024
    w.u8(0xc1).u8(2).be16(0x0100);              // calling TSAP
    w.u8(0xc2).u8(2).be16(0x0102);              // called TSAP: rack 0, slot 2
    return w.take();
}
Bytes s7_setup(bool response, std::uint16_t pdu_ref) {
    Writer w;
    w.u8(3).u8(0).be16(response ? 27 : 25);
    w.u8(2).u8(0xf0).u8(0x80);                  // COTP DT, last unit
    w.u8(0x32).u8(response ? 3 : 1).be16(0).be16(pdu_ref).be16(8).be16(0);
    if (response) w.u8(0).u8(0);                // error class / code
    w.u8(0xf0).u8(0).be16(1).be16(1).be16(response ? 240 : 480);
    return w.take();
}

// IEC 60870-5-104 APDUs: U-format STARTDT act / con, and I-format general
// interrogation (C_IC_NA_1) with its activation confirmation / termination.
Bytes iec104_u(std::uint8_t control) { return Bytes{0x68, 0x04, control, 0x00, 0x00, 0x00}; }
Bytes iec104_gi(std::uint16_t ns, std::uint16_t nr, std::uint8_t cause) {
    Writer w;
    w.u8(0x68).u8(14).le16(static_cast<unsigned>(ns << 1)).le16(static_cast<unsigned>(nr << 1));
    w.u8(100).u8(1).u8(cause).u8(0).le16(1).u8(0).u8(0).u8(0).u8(20);
    return w.take();
}

// BACnet/IP (ASHRAE 135 Annex J): ReadProperty(device, object-name) and the
// ComplexACK that carries the name.
Bytes bacnet_read_name(std::uint32_t instance, std::uint8_t invoke) {
    Writer a;
    a.u8(0x00).u8(0x05).u8(invoke).u8(0x0c);
    a.u8(0x0c).be32((8u << 22) | instance).u8(0x19).u8(77);
    Writer w;
    w.u8(0x81).u8(0x0a).be16(static_cast<unsigned>(4 + 2 + a.size())).u8(1).u8(4).bytes(a.data());
    return w.take();
}
Bytes bacnet_name_ack(std::uint32_t instance, std::uint8_t invoke, std::string_view name) {
    Writer a;
    a.u8(0x30).u8(invoke).u8(0x0c);
    a.u8(0x0c).be32((8u << 22) | instance).u8(0x19).u8(77);
    a.u8(0x3e).u8(0x75).u8(static_cast<unsigned>(name.size() + 1)).u8(0).str(name).u8(0x3f);
    Writer w;
    w.u8(0x81).u8(0x0a).be16(static_cast<unsigned>(4 + 2 + a.size())).u8(1).u8(0).bytes(a.data());
    return w.take();
}

// An SSLv3-only ClientHello (OpenSSL 0.9.8 SSLv3_client_method): no
// extensions, the 0.9.8 DEFAULT cipher list with the renegotiation SCSV.
Bytes ssl3_client_hello(Rng& r) {
    static constexpr std::uint16_t kCiphers[] = {0x0039, 0x0038, 0x0035, 0x0016, 0x0013, 0x000a, 0x0033,
                                                 0x0032, 0x002f, 0x0005, 0x0004, 0x0015, 0x0012, 0x0009,
                                                 0x0014, 0x0011, 0x0008, 0x0006, 0x0003, 0x00ff};
    Writer body;
    body.be16(0x0300).random(r, 32).u8(0).be16(static_cast<unsigned>(std::size(kCiphers) * 2));
    for (const std::uint16_t c : kCiphers) body.be16(c);
    body.u8(1).u8(0);
    Writer w;
    w.u8(22).be16(0x0300).be16(static_cast<unsigned>(body.size() + 4));
    w.u8(1).be24(static_cast<std::uint32_t>(body.size())).bytes(body.data());
    return w.take();
}

// ---------------------------------------------------------------- SVC-NEW-PORT

// The host of the two new-port cases: seen (with its SSH server) during the
// learning period, answering on a new port after it.
struct NewPortHosts {
    Host server, admin;
    std::uint64_t seen_us = 0;
};

}  // namespace

void service_cases(std::vector<Case>& out) {
    out.push_back({"telnet server", [](Lab& lab) {
                       const Host dvr = lab.host("telnet-dvr", kOuiHikvision);
                       const Host pc = lab.host("telnet-dvr-viewer");
                       lab.tcp(pc, dvr, 23,
                               {server(app::telnet_server_options()), client(app::telnet_client_options()),
                                server("\r\ndvrdvs login: ")});
                       lab.expect("SVC-TELNET-OPEN", dvr, "tcp/23 answered");
                   }});
    out.push_back({"ftp server", [](Lab& lab) {
                       const Host nas = lab.host("ftp-nas", kOuiSynology);
                       const Host pc = lab.host("ftp-nas-client");
                       lab.tcp(pc, nas, 21,
                               {server("220 DiskStation FTP server ready.\r\n"), client("FEAT\r\n"),
                                server("211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n UTF8\r\n EPRT\r\n EPSV\r\n"
                                       " MDTM\r\n SIZE\r\n REST STREAM\r\n211 End\r\n"),
                                client("QUIT\r\n"), server("221 Goodbye.\r\n")});
                       lab.expect("SVC-FTP-OPEN", nas, "tcp/21 answered");
                   }});
    out.push_back({"pop3 and imap servers", [](Lab& lab) {
                       const Host pop = lab.host("pop3-server", kOuiDell);
                       const Host imap = lab.host("imap-server", kOuiDell);
                       const Host pc = lab.host("mail-client");
                       lab.tcp(pc, pop, 110,
                               {server("+OK Dovecot (Debian) ready.\r\n"), client("CAPA\r\n"),
                                server("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
                                       "STLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n"),
                                client("QUIT\r\n"), server("+OK Logging out\r\n")});
                       lab.tcp(pc, imap, 143,
                               {server("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
                                       "STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n"),
                                client("a1 CAPABILITY\r\n"),
                                server("* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS "
                                       "AUTH=PLAIN\r\na1 OK Pre-login capabilities listed, post-login capabilities "
                                       "have more.\r\n"),
                                client("a2 LOGOUT\r\n"), server("* BYE Logging out\r\na2 OK Logout completed.\r\n")});
                       lab.expect("SVC-POP3-IMAP-OPEN", pop, "tcp/110 answered");
                       lab.expect("SVC-POP3-IMAP-OPEN", imap, "tcp/143 answered");
                   }});
    out.push_back({"rdp server", [](Lab& lab) {
                       const Host ws = lab.host("rdp-workstation", kOuiDell);
                       const Host pc = lab.host("rdp-client");
                       lab.tcp(pc, ws, 3389, {client(rdp_connection_request("jsmith")), server(rdp_connection_confirm())});
                       lab.expect("SVC-RDP-OPEN", ws, "tcp/3389 answered");
                   }});
    out.push_back({"vnc servers", [](Lab& lab) {
                       const Host rfb = lab.host("vnc-server", kOuiDell);
                       const Host java = lab.host("vnc-http-server", kOuiHp);
                       const Host pc = lab.host("vnc-viewer");
                       Rng& r = lab.rng();
                       Writer challenge, answer;
                       challenge.random(r, 16);
                       answer.random(r, 16);
                       lab.tcp(pc, rfb, 5900,
                               {server("RFB 003.008\n"), client("RFB 003.008\n"), server(Bytes{0x01, 0x02}),
                                client(Bytes{0x02}), server(challenge.take()), client(answer.take()),
                                server(Bytes{0, 0, 0, 0}), client(Bytes{0x01}), server(rfb_server_init("helpdesk-07"))});
                       // The server's HTTP port hands out the Java viewer applet.
                       lab.tcp(pc, java, 5800,
                               {client(app::http_request("GET", "/", "HTTP/1.1",
                                                         {{"Host", java.ip.str() + ":5800"},
                                                          {"User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; "
                                                                         "rv:121.0) Gecko/20100101 Firefox/121.0"},
                                                          {"Accept", "text/html,*/*"}})),
                                server("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                       "<HTML>\n  <HEAD><TITLE>TightVNC desktop [lab-ws]</TITLE></HEAD>\n<BODY>\n"
                                       "<APPLET ARCHIVE=\"tightvnc-jviewer.jar\" CODE=\"com.glavsoft.viewer.Viewer\" "
                                       "WIDTH=\"1\" HEIGHT=\"1\">\n<PARAM NAME=\"PORT\" VALUE=\"5900\">\n</APPLET>\n"
                                       "</BODY>\n</HTML>\n")});
                       lab.expect("SVC-VNC-OPEN", rfb, "tcp/5900 answered");
                       lab.expect("SVC-VNC-OPEN", java, "tcp/5800 answered");
                   }});
    out.push_back({"smb servers", [](Lab& lab) {
                       Rng& r = lab.rng();
                       const Host fs = lab.host("smb-file-server", kOuiDell);
                       const Host win = lab.host("smb-client-windows");
                       smb::Guid cg{}, sg{};
                       r.fill(cg.data(), cg.size());
                       r.fill(sg.data(), sg.size());
                       lab.tcp(win, fs, 445,
                               {client(smb::nbss(smb::negotiate_request(0, cg, fs.ip.str(), r))),
                                server(smb::nbss(smb::negotiate_response(0, 0x0311, sg, filetime(lab.now()), r)))});
                       // Samba's client over NetBIOS: session request, then SMB2.
                       const Host nas = lab.host("smb-netbios-nas", kOuiSynology);
                       const Host linux_pc = lab.host("smb-client-linux");
                       smb::Guid cg2{}, sg2{};
                       r.fill(cg2.data(), cg2.size());
                       r.fill(sg2.data(), sg2.size());
                       lab.tcp(linux_pc, nas, 139,
                               {client(netbios_session_request("DISKSTATION", "WS-LINUX")),
                                server(Bytes{0x82, 0x00, 0x00, 0x00}),
                                client(smb::nbss(smb::negotiate_request(0, cg2, "DISKSTATION", r))),
                                server(smb::nbss(smb::negotiate_response(0, 0x0311, sg2, filetime(lab.now()), r)))});
                       lab.expect("SVC-SMB-OPEN", fs, "tcp/445 answered");
                       lab.expect("SVC-SMB-OPEN", nas, "tcp/139 answered");
                   }});
    out.push_back({"r-services", [](Lab& lab) {
                       const Host rexec = lab.host("rexec-server", kOuiDell);
                       const Host rsh = lab.host("rsh-server", kOuiDell);
                       const Host admin = lab.host("r-services-client");
                       // rexec: stderr port, user, password, command; "\0" then the output.
                       lab.tcp(admin, rexec, 512,
                               {client(nul_fields({"0", "backup", "b4ckup!", "df -h /srv"})), server(Bytes{0}),
                                server("Filesystem      Size  Used Avail Use% Mounted on\n"
                                       "/dev/sdb1       1.8T  1.1T  640G  64% /srv\n")});
                       // rcp over rsh (no stderr channel, so the port field is empty) from a
                       // reserved port: the remote rcp sends the file ("-f").
                       const std::string motd = "Authorized use only.\n";
                       lab.tcp(admin, rsh, 514,
                               {client(nul_fields({"", "root", "root", "rcp -f /etc/motd"})), server(Bytes{0}),
                                client(Bytes{0}), server("C0644 " + std::to_string(motd.size()) + " motd\n"),
                                client(Bytes{0}), server(join({as_bytes(motd), Bytes{0}})), client(Bytes{0})},
                               64, 64, 1023);
                       lab.expect("SVC-RSH-OPEN", rexec, "tcp/512 answered");
                       lab.expect("SVC-RSH-OPEN", rsh, "tcp/514 answered");
                   }});
    out.push_back({"tftp server", [](Lab& lab) {
                       // lwIP's TFTP server (firmware upload on a microcontroller board)
                       // answers from port 69 itself: one transfer at a time.
                       const Host board = lab.host("tftp-board", kOuiStMicro);
                       const Host pc = lab.host("tftp-client");
                       Rng& r = lab.rng();
                       const std::uint16_t sport = static_cast<std::uint16_t>(49152 + r.below(16384));
                       lab.udp(pc, sport, board, 69, tftp_request(2, "firmware.bin", "octet"));
                       lab.udp(board, 69, pc, sport, tftp_ack(0));
                       lab.udp(pc, sport, board, 69, tftp_data(1, 512, r));
                       lab.udp(board, 69, pc, sport, tftp_ack(1));
                       lab.udp(pc, sport, board, 69, tftp_data(2, 300, r));
                       lab.udp(board, 69, pc, sport, tftp_ack(2));
                       lab.expect("SVC-TFTP-OPEN", board, "udp/69 answered");
                   }});
    out.push_back({"snmp agent", [](Lab& lab) {
                       const Host printer = lab.host("snmp-printer", kOuiHpPrinter);
                       const Host nms = lab.host("snmp-poller");
                       const app::VarBind get{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kNull, {}, 0};
                       const app::VarBind resp{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kOctets,
                                               "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM "
                                               "JSI23900011,CIDATE 09/02/2022",
                                               0};
                       lab.udp(nms, 50311, printer, 161, app::snmp_message("pr1nt-m0n", app::kSnmpGet, 4711, {&get, 1}));
                       lab.udp(printer, 161, nms, 50311,
                               app::snmp_message("pr1nt-m0n", app::kSnmpResponse, 4711, {&resp, 1}));
                       lab.expect("SVC-SNMP-OPEN", printer, "udp/161 answered");
                   }});
    out.push_back({"x11 server", [](Lab& lab) {
                       const Host ws = lab.host("x11-workstation", kOuiDell);
                       const Host app_host = lab.host("x11-client");
                       lab.tcp(app_host, ws, 6000,
                               {client(x11_setup_request()),
                                server(x11_setup_failed("Authorization required, but no authorization protocol "
                                                        "specified\n"))});
                       lab.expect("SVC-X11-OPEN", ws, "tcp/6000 answered");
                   }});
    out.push_back({"database servers", [](Lab& lab) {
                       Rng& r = lab.rng();
                       const Host app_srv = lab.host("db-app-server", kOuiSupermicro);
                       const Host maria = lab.host("db-mariadb", kOuiDell);
                       lab.tcp(app_srv, maria, 3306,
                               {server(mysql_greeting(31, r)), client(mysql_login("shop", "shop", r)),
                                server(Bytes{0x07, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}),
                                client(Bytes{0x01, 0x00, 0x00, 0x00, 0x01})});
                       const Host pg = lab.host("db-postgres", kOuiDell);
                       // pg_isready: no SSL, then the startup; an authentication request means "up".
                       lab.tcp(app_srv, pg, 5432,
                               {client(pg_ssl_request()), server("N"), client(pg_startup("postgres", "postgres", "pg_isready")),
                                server(pg_auth_sasl())});
                       const Host redis = lab.host("db-redis", kOuiDell);
                       lab.tcp(app_srv, redis, 6379,
                               {client("*1\r\n$4\r\nPING\r\n"), server("+PONG\r\n"), client("*1\r\n$4\r\nQUIT\r\n"),
                                server("+OK\r\n")});
                       const Host cache = lab.host("db-memcached", kOuiDell);
                       const std::uint16_t id = r.u16();
                       lab.udp(app_srv, 41877, cache, 11211, memcached_udp(id, "stats\r\n"));
                       lab.udp(cache, 11211, app_srv, 41877,
                               memcached_udp(id, "STAT pid 812\r\nSTAT uptime 1204933\r\nSTAT time 1770026420\r\n"
                                                 "STAT version 1.4.25 Ubuntu\r\nSTAT curr_connections 10\r\n"
                                                 "STAT curr_items 18213\r\nEND\r\n"));
                       lab.expect("SVC-DATABASE-OPEN", maria, "tcp/3306 answered");
                       lab.expect("SVC-DATABASE-OPEN", pg, "tcp/5432 answered");
                       lab.expect("SVC-DATABASE-OPEN", redis, "tcp/6379 answered");
                       lab.expect("SVC-DATABASE-OPEN", cache, "udp/11211 answered");
                   }});
    out.push_back({"ics controllers", [](Lab& lab) {
                       Rng& r = lab.rng();
                       const Host eng = lab.host("ics-engineering-ws", kOuiDell);
                       const Host modbus = lab.host("ics-modbus-plc", kOuiSchneider);
                       lab.tcp(eng, modbus, 502,
                               {client(app::modbus_read_request(1, 1, 0, 10)), server(app::modbus_read_response(1, 1, 10, r)),
                                client(app::modbus_read_request(2, 1, 100, 4)), server(app::modbus_read_response(2, 1, 4, r))});
                       const Host s7 = lab.host("ics-s7-plc", kOuiSiemens);
                       lab.tcp(eng, s7, 102,
                               {client(cotp_connect(false)), server(cotp_connect(true)), client(s7_setup(false, 0x0400)),
                                server(s7_setup(true, 0x0400))});
                       const Host rtu = lab.host("ics-iec104-rtu", kOuiAbb);
                       lab.tcp(eng, rtu, 2404,
                               {client(iec104_u(0x07)), server(iec104_u(0x0b)), client(iec104_gi(0, 0, 6)),
                                server(join({iec104_gi(0, 1, 7), iec104_gi(1, 1, 10)})),
                                client(Bytes{0x68, 0x04, 0x01, 0x00, 0x04, 0x00})});
                       const Host bms = lab.host("ics-bacnet-controller", kOuiHoneywell);
                       lab.udp(eng, 47808, bms, 47808, bacnet_read_name(1201, 1));
                       lab.udp(bms, 47808, eng, 47808, bacnet_name_ack(1201, 1, "AHU-01 Controller"));
                       lab.expect("SVC-ICS-OPEN", modbus, "tcp/502 answered");
                       lab.expect("SVC-ICS-OPEN", s7, "tcp/102 answered");
                       lab.expect("SVC-ICS-OPEN", rtu, "tcp/2404 answered");
                       lab.expect("SVC-ICS-OPEN", bms, "udp/47808 answered");
                   }});

    // SVC-NEW-PORT: a Raspberry Pi known for its SSH server from the learning
    // period opens a web application on 8080 after it.
    auto np = std::make_shared<NewPortHosts>();
    out.push_back({"new port: ssh during learning", [np](Lab& lab) {
                       np->server = lab.host("new-port-server", kOuiRaspberry);
                       np->admin = lab.host("new-port-admin");
                       np->seen_us = lab.now();
                       lab.tcp(np->admin, np->server, 22,
                               ssh_session("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
                                           "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5", lab.rng()));
                   }});
    out.push_back({"new port: web app after learning",
                   [np](Lab& lab) {
                       // However long the early phase ran, the port opens well after
                       // the device's own learning period.
                       const std::uint64_t due = np->seen_us + (kLearningS + 10) * 1000000ULL;
                       if (lab.now() < due) lab.wait(due - lab.now());
                       lab.tcp(np->admin, np->server, 8080,
                               {client(app::http_request("GET", "/", "HTTP/1.1",
                                                         {{"Host", "pi-lab.local:8080"},
                                                          {"User-Agent", "curl/8.5.0"}, {"Accept", "*/*"}})),
                                server(app::http_response("HTTP/1.1", 200, "OK",
                                                          {{"Server", "Werkzeug/3.0.1 Python/3.11.2"},
                                                           {"Date", app::http_date(lab.now())},
                                                           {"Content-Type", "text/html; charset=utf-8"},
                                                           {"Connection", "close"}},
                                                          900, lab.rng()))});
                       lab.expect("SVC-NEW-PORT", np->server, "tcp/8080 opened after the learning period");
                   },
                   true});
}

void protocol_cases(std::vector<Case>& out) {
    out.push_back({"smbv1 session", [](Lab& lab) {
                       // A Windows XP era client and an old Samba NAS settle on NT LM 0.12.
                       Rng& r = lab.rng();
                       const Host nas = lab.host("smb1-nas", kOuiSynology);
                       const Host xp = lab.host("smb1-client", kOuiDell);
                       static constexpr std::string_view kDialects[] = {
                           "PC NETWORK PROGRAM 1.0", "LANMAN1.0", "Windows for Workgroups 3.1a",
                           "LM1.2X002", "LANMAN2.1", "NT LM 0.12"};
                       smb::Guid sg{};
                       r.fill(sg.data(), sg.size());
                       const std::uint64_t ft = filetime(lab.now());
                       const smb::OsVersion cv{5, 1, 2600};
                       const smb::OsVersion sv{6, 1, 0};
                       const smb::ChallengeNames names{"WORKGROUP", "OLDNAS", "", "oldnas"};
                       const auto pid = static_cast<std::uint16_t>(r.u16() | 1);
                       const auto uid = static_cast<std::uint16_t>(100 + r.below(60000));
                       lab.tcp(xp, nas, 445,
                               {client(smb::nbss(smb::smb1_negotiate_request(kDialects, pid, 0))),
                                server(smb::nbss(smb::smb1_negotiate_response(5, sg, ft, pid, 0))),
                                client(smb::nbss(smb::smb1_session_setup_request(
                                    smb::spnego_init(smb::ntlm_negotiate(cv)), "Windows 2002 Service Pack 3 2600",
                                    "Windows 2002 5.1", pid, 1))),
                                server(smb::nbss(smb::smb1_session_setup_response(
                                    smb::spnego_response(smb::ntlm_challenge(sv, names, ft, r), 1),
                                    smb::kStatusMoreProcessing, uid, "Unix", "Samba 3.0.37", pid, 1))),
                                client(smb::nbss(smb::smb1_session_setup_request(
                                    smb::spnego_response(smb::ntlm_authenticate(cv, names, "scan", "TILL-02", ft, r), -1),
                                    "Windows 2002 Service Pack 3 2600", "Windows 2002 5.1", pid, 2))),
                                server(smb::nbss(smb::smb1_session_setup_response(smb::spnego_response({}, 0),
                                                                                  smb::kStatusOk, uid, "Unix",
                                                                                  "Samba 3.0.37", pid, 2)))});
                       lab.expect("SMB-V1", nas, "smb.v1: SMB1 dialect chosen");
                       lab.expect("SMB-V1", xp, "smb.v1: SMB1 negotiate without SMB 2 dialects");
                   }});
    out.push_back({"tls 1.0 client", [](Lab& lab) {
                       // A Windows 7 era TLS stack that cannot go past TLS 1.0.
                       Rng& r = lab.rng();
                       const Host pc = lab.host("tls10-client", kOuiHp);
                       const Host site = lab.remote("tls10-site");
                       const tls::ClientHello ch = tls::client_hello(tls::Stack::kLegacy10, "portal.example.com", r);
                       tls::ServerPolicy pol;
                       pol.max_version = tls::kTls12;
                       pol.prefs = {0xc02b, 0xc02c, 0xc009, 0xc00a};
                       pol.chain = public_chain("portal.example.com", r);
                       tls_conversation(lab, pc, site, 443, ch, pol, 420, 5200);
                       lab.expect("TLS-OLD-VERSION", pc, "tls.version.1.0: client offers at most 1.0");
                   }});
    out.push_back({"tls 1.1 server", [](Lab& lab) {
                       // An old BMC web interface that stops at TLS 1.1: the client
                       // would do 1.3, the server picks 1.1 and an AES-CBC suite.
                       Rng& r = lab.rng();
                       const Host bmc = lab.host("tls11-bmc", kOuiSupermicro);
                       const Host mac = lab.host("tls11-client", kOuiApple);
                       const tls::ClientHello ch = tls::client_hello(tls::Stack::kApple, "bmc-r07.contoso.lan", r);
                       tls::ServerPolicy pol;
                       pol.max_version = 0x0302;
                       pol.prefs = {0xc00a, 0xc009};
                       pol.chain = internal_ca_chain("bmc-r07.contoso.lan", bmc.ip, r);
                       tls_conversation(lab, mac, bmc, 443, ch, pol, 600, 8000, 0x0302);
                       lab.expect("TLS-OLD-VERSION", bmc, "tls.version.1.1: server selected 1.1");
                   }});
    out.push_back({"ssl 3.0 client", [](Lab& lab) {
                       // A UPS network card's mail alerts (SMTPS) with an SSLv3-only
                       // stack; the provider's relay refuses with a fatal alert.
                       Rng& r = lab.rng();
                       const Host ups = lab.host("ssl3-ups", kOuiApc);
                       const Host relay = lab.remote("ssl3-mail-relay");
                       lab.tcp(ups, relay, 465,
                               {client(ssl3_client_hello(r)), server(Bytes{0x15, 0x03, 0x00, 0x00, 0x02, 0x02, 0x46})},
                               64, kRemoteTtl);
                       lab.expect("TLS-SSL-VERSION", ups, "tls.version.ssl3: client offers at most ssl3");
                   }});
    out.push_back({"tls weak cipher selected", [](Lab& lab) {
                       // An appliance whose cipher list puts ECDHE-ECDSA-DES-CBC3-SHA first.
                       Rng& r = lab.rng();
                       const Host app = lab.host("weak-cipher-appliance", kOuiSupermicro);
                       const Host mac = lab.host("weak-cipher-client", kOuiApple);
                       const tls::ClientHello ch = tls::client_hello(tls::Stack::kApple, "vault-01.contoso.lan", r);
                       tls::ServerPolicy pol;
                       pol.max_version = tls::kTls12;
                       pol.prefs = {0xc008, 0xc00a, 0xc009};
                       pol.chain = internal_ca_chain("vault-01.contoso.lan", app.ip, r);
                       const tls::Session sess = tls_conversation(lab, mac, app, 443, ch, pol, 500, 3000);
                       if (sess.cipher != 0xc008) throw std::runtime_error("rule lab: weak cipher not negotiated");
                       lab.expect("TLS-WEAK-CIPHER", app, "tls.weak_cipher: selected 0xc008 (3DES)");
                   }});
    out.push_back({"tls weak cipher offered", [](Lab& lab) {
                       // Windows 10's Schannel still lists TLS_RSA_WITH_3DES_EDE_CBC_SHA;
                       // the server picks ECDHE-ECDSA-AES128-GCM.
                       Rng& r = lab.rng();
                       const Host pc = lab.host("weak-offer-client", kOuiDell);
                       const Host site = lab.remote("weak-offer-site");
                       const tls::ClientHello ch = tls::client_hello(tls::Stack::kSchannel12, "www.example.org", r);
                       tls::ServerPolicy pol;
                       pol.max_version = tls::kTls12;
                       pol.prefs = {0xc02b, 0xc02c, 0xc009, 0xc00a};
                       pol.chain = public_chain("www.example.org", r);
                       tls_conversation(lab, pc, site, 443, ch, pol, 700, 12000);
                       lab.expect("TLS-WEAK-CIPHER-OFFERED", pc, "tls.weak_cipher.offered: offered 3DES");
                   }});
    out.push_back({"tls self-signed server", [](Lab& lab) {
                       // An IP camera's web interface: TLS 1.2 with the factory self-signed certificate.
                       Rng& r = lab.rng();
                       const Host cam = lab.host("self-signed-camera", kOuiHikvision);
                       const Host pc = lab.host("self-signed-viewer");
                       der::CertSpec spec;
                       spec.subject_c = "CN";
                       spec.subject_o = "Hikvision";
                       spec.subject_cn = cam.ip.str();
                       spec.self_signed = true;
                       spec.san_ip = cam.ip;
                       spec.not_before = "160530104517Z";
                       spec.not_after = "260528104517Z";
                       tls::ServerPolicy pol;
                       pol.max_version = tls::kTls12;
                       pol.prefs = {0xc02b, 0xc02c, 0xc009, 0xc00a};
                       pol.chain = {der::certificate(spec, r)};
                       const tls::ClientHello ch = tls::client_hello(tls::Stack::kChromium, {}, r);
                       tls_conversation(lab, pc, cam, 443, ch, pol, 450, 6000);
                       lab.expect("TLS-SELF-SIGNED", cam, "tls.self_signed: CN=" + cam.ip.str() + ",O=Hikvision");
                   }});
    out.push_back({"ssh obsolete server", [](Lab& lab) {
                       // An old access switch (IOS 12.2): SSH-1.99 and Oakley group 1 only.
                       // A current OpenSSH client finds no common key exchange and hangs up.
                       Rng& r = lab.rng();
                       const Host sw = lab.host("ssh-old-switch", kOuiCisco);
                       const Host admin = lab.host("ssh-old-switch-admin");
                       lab.tcp(admin, sw, 22,
                               {server(app::ssh_banner("SSH-1.99-Cisco-1.25")),
                                client(app::ssh_banner("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5")),
                                client(app::ssh_kexinit(app::kOpenssh96Client, r)),
                                server(app::ssh_kexinit(kCiscoIos122Server, r))});
                       lab.expect("SSH-OBSOLETE", sw, "ssh.obsolete: protocol 1.99, only weak key exchange");
                   }});
    out.push_back({"upnp announcements", [](Lab& lab) {
                       // A TV announcing its media renderer.
                       Rng& r = lab.rng();
                       const Host tv = lab.host("upnp-tv", kOuiSamsungTv);
                       const std::string uuid = app::uuid(r);
                       const std::string location = "http://" + tv.ip.str() + ":9197/dmr";
                       for (const std::string& nt : {std::string("upnp:rootdevice"), "uuid:" + uuid,
                                                    std::string("urn:schemas-upnp-org:device:MediaRenderer:1")}) {
                           const std::string usn = nt.starts_with("uuid:") ? nt : "uuid:" + uuid + "::" + nt;
                           lab.udp_group(tv, 1900, kSsdpGroup, multicast_mac(kSsdpGroup), 1900,
                                         app::ssdp_notify(location, nt, "SHP, UPnP/1.0, Samsung UPnP SDK/1.0", usn), 4);
                       }
                       lab.expect("UPNP-EXPOSED", tv, "ssdp.notify: " + location);
                       // A NAS answering a control point's unicast M-SEARCH (UPnP 1.1) on udp/1900.
                       const Host nas = lab.host("upnp-nas", kOuiSynology);
                       const Host hub = lab.host("upnp-control-point", kOuiRaspberry);
                       const std::uint16_t sport = static_cast<std::uint16_t>(49152 + r.below(16384));
                       lab.udp(hub, sport, nas, 1900,
                               as_bytes("M-SEARCH * HTTP/1.1\r\nHOST: " + nas.ip.str() +
                                        ":1900\r\nMAN: \"ssdp:discover\"\r\nST: upnp:rootdevice\r\n"
                                        "USER-AGENT: Linux/6.6 UPnP/1.1 HomeAssistant/2024.1\r\n\r\n"));
                       const std::string nas_uuid = "73796e6f-6473-6d00-0000-" + nas.mac.hex();
                       lab.udp(nas, 1900, hub, sport,
                               app::ssdp_response("upnp:rootdevice",
                                                  "http://" + nas.ip.str() + ":5000/ssdp/desc-DSM-eth0.xml",
                                                  "Synology/DSM/" + nas.ip.str(),
                                                  "uuid:" + nas_uuid + "::upnp:rootdevice", app::http_date(lab.now())));
                       lab.expect("UPNP-EXPOSED", nas, "udp/1900 answered");
                   }});
    out.push_back({"llmnr and nbns chatter", [](Lab& lab) {
                       // Windows resolving a mistyped share name: LLMNR (A and AAAA).
                       Rng& r = lab.rng();
                       const Host pc = lab.host("llmnr-client", kOuiDell);
                       const std::uint16_t id = r.u16();
                       const std::uint16_t sport = static_cast<std::uint16_t>(49152 + r.below(16384));
                       lab.udp_group(pc, sport, kLlmnrGroup, multicast_mac(kLlmnrGroup), 5355,
                                     dns::llmnr_query(id, "fileserv01", dns::kTypeA), 1);
                       lab.udp_group(pc, static_cast<std::uint16_t>(sport + 1), kLlmnrGroup, multicast_mac(kLlmnrGroup),
                                     5355, dns::llmnr_query(static_cast<std::uint16_t>(id + 1), "fileserv01", dns::kTypeAaaa),
                                     1);
                       lab.expect("LLMNR-NBNS-CHATTER", pc, "llmnr.query: fileserv01");
                       // Another one broadcasting a NetBIOS name query for a file server.
                       const Host pc2 = lab.host("nbns-client", kOuiHp);
                       lab.udp_group(pc2, 137, kLabBroadcast, Mac::broadcast(), 137,
                                     dns::nbns_query(r.u16(), "FILESRV02", 0x20), 128);
                       lab.expect("LLMNR-NBNS-CHATTER", pc2, "nbns.chatter: query");
                   }});
    out.push_back({"nmap syn scan", [](Lab& lab) {
                       // nmap -sS: raw SYNs (window 1024, MSS only, no DF, random TTL and
                       // IP ID) from one source port; the kernel resets the open ports'
                       // SYN+ACKs, closed ports answer RST+ACK.
                       using namespace tcp_flag;
                       Rng& r = lab.rng();
                       const Host scanner = lab.host("nmap-scanner");
                       const Host target = lab.host("nmap-target", kOuiDell);
                       const std::uint16_t sport = static_cast<std::uint16_t>(40000 + r.below(20000));
                       Writer mss;
                       mss.u8(2).u8(4).be16(1460);
                       const Bytes syn_opts = mss.take();
                       static constexpr std::uint16_t kPorts[] = {443, 3389, 80, 23, 22, 8080, 445, 21, 3306, 25};
                       for (const std::uint16_t port : kPorts) {
                           const std::uint32_t seq = r.u32();
                           lab.tcp_raw(scanner, sport, target, port, seq, 0, kSyn, 1024, syn_opts, {},
                                       static_cast<std::uint8_t>(37 + r.below(23)),
                                       static_cast<std::uint16_t>(1 + r.below(65535)), false);
                           if (port == 22 || port == 80 || port == 443) {
                               const std::uint32_t sseq = r.u32();
                               lab.tcp_raw(target, port, scanner, sport, sseq, seq + 1, kSyn | kAck, 64240, syn_opts);
                               lab.tcp_raw(scanner, sport, target, port, seq + 1, 0, kRst, 0, {});
                           } else {
                               lab.tcp_raw(target, port, scanner, sport, 0, seq + 1, kRst | kAck, 0, {});
                           }
                       }
                       lab.expect("TOOL-SCANNER", scanner, "tcp.tool: NMap SYN scan");
                   }});
}

}  // namespace sitegen::lab
