// Application payload builders for the TCP/UDP services in the site: HTTP/1.1
// (RFC 9112), SSH transport (RFC 4253, 5656, 8731), SNMPv2c (RFC 3416), SIP
// (RFC 3261) with SDP (RFC 8866), RTP (RFC 3550), RTSP (RFC 2326), MQTT 3.1.1,
// Modbus/TCP, NTPv4 (RFC 5905), SSDP (UPnP 1.1), WS-Discovery, IPP (RFC 8010),
// LPD (RFC 1179), Telnet option negotiation (RFC 854/855).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"

namespace sitegen::app {

using Headers = std::vector<std::pair<std::string, std::string>>;

// HTTP. The request ends with the blank line (plus body if any); the response
// carries Content-Length and a filler body of `body_len` bytes unless `body` is given.
Bytes http_request(std::string_view method, std::string_view target, std::string_view version, const Headers& headers,
                   std::string_view body = {});
Bytes http_response(std::string_view version, int status, std::string_view reason, const Headers& headers,
                    std::size_t body_len, Rng& rng, std::string_view body = {});
// Readable filler (HTML-ish text) of exactly `n` bytes.
std::string filler_text(std::size_t n, Rng& rng);

// SSH transport.
struct SshAlgorithms {
    std::string_view kex, host_key, cipher, mac, compression;
};
// OpenSSH 9.6 client's algorithm lists (apps.cc).
extern const SshAlgorithms kOpenssh96Client;
Bytes ssh_banner(std::string_view banner);  // adds CR LF
Bytes ssh_kexinit(const SshAlgorithms& a, Rng& rng);
// Key exchange init / reply; public value sizes follow the negotiated method
// (32 bytes for curve25519, 1190 / 1071 for sntrup761x25519); ECDSA P-256 host key.
Bytes ssh_ecdh_init(std::size_t q_len, Rng& rng);
Bytes ssh_ecdh_reply(std::size_t q_len, Rng& rng);
// The key exchange method both lists agree on (the client's first that the server has).
std::string_view ssh_negotiate(std::string_view client_list, std::string_view server_list);
Bytes ssh_newkeys(Rng& rng);
Bytes ssh_encrypted(std::size_t payload, Rng& rng);  // an encrypted packet (chacha20-poly1305 shape)

// SNMPv2c.
struct VarBind {
    enum class Kind : std::uint8_t { kNull, kOctets, kOid, kTimeTicks, kInteger };
    std::string oid;
    Kind kind = Kind::kNull;
    std::string text;       // octets / OID
    std::int64_t number = 0;
};
Bytes snmp_message(std::string_view community, std::uint8_t pdu_tag, std::int32_t request_id,
                   std::span<const VarBind> binds);
inline constexpr std::uint8_t kSnmpGet = 0xa0;
inline constexpr std::uint8_t kSnmpResponse = 0xa2;

// SIP.
struct SipMessage {
    std::string start_line;  // "REGISTER sip:pbx SIP/2.0" or "SIP/2.0 200 OK"
    Headers headers;         // in order; Content-Length is appended
    std::string body;
};
Bytes sip_encode(const SipMessage& m);
std::string sdp(std::string_view user, std::uint64_t session_id, const Ip4& ip, std::uint16_t rtp_port,
                std::span<const int> payload_types);
Bytes rtp(std::uint8_t pt, bool marker, std::uint16_t seq, std::uint32_t ts, std::uint32_t ssrc, std::size_t payload,
          Rng& rng);

// RTSP interleaved binary frame ('$', channel, length, data).
Bytes rtsp_interleaved(std::uint8_t channel, ByteSpan data);

// MQTT 3.1.1 control packets.
Bytes mqtt_connect(std::string_view client_id, std::uint16_t keepalive_s, std::string_view user, std::string_view pass);
Bytes mqtt_connack();
Bytes mqtt_publish(std::string_view topic, std::string_view payload);
Bytes mqtt_subscribe(std::uint16_t packet_id, std::string_view topic);
Bytes mqtt_suback(std::uint16_t packet_id);
Bytes mqtt_pingreq();
Bytes mqtt_pingresp();
Bytes mqtt_disconnect();

// Modbus/TCP read holding registers (function 3).
Bytes modbus_read_request(std::uint16_t transaction, std::uint8_t unit, std::uint16_t address, std::uint16_t count);
Bytes modbus_read_response(std::uint16_t transaction, std::uint8_t unit, std::uint16_t count, Rng& rng);

// NTPv4 client request / server reply; `unix_us` is the send time.
Bytes ntp_request(std::uint64_t unix_us);
Bytes ntp_reply(std::uint64_t request_unix_us, std::uint64_t unix_us, std::uint32_t ref_id);

// SSDP.
Bytes ssdp_msearch(std::string_view st, int mx, std::string_view user_agent);
Bytes ssdp_notify(std::string_view location, std::string_view nt, std::string_view server, std::string_view usn);
Bytes ssdp_response(std::string_view st, std::string_view location, std::string_view server, std::string_view usn,
                    std::string_view date);

// WS-Discovery Hello (ONVIF network video transmitter).
Bytes wsd_hello(std::string_view endpoint_uuid, std::string_view message_uuid, std::string_view xaddr,
                std::string_view scopes);

// IPP Get-Printer-Attributes request and response bodies (application/ipp).
Bytes ipp_get_printer_attributes(std::uint32_t request_id, std::string_view printer_uri);
Bytes ipp_printer_attributes(std::uint32_t request_id, std::string_view make_and_model, std::string_view name);

// Telnet server's opening option negotiation, and the client's answer.
Bytes telnet_server_options();
Bytes telnet_client_options();

// HTTP date for a Unix time in microseconds ("Mon, 05 Jan 2026 09:00:00 GMT").
std::string http_date(std::uint64_t unix_us);
// Random UUID text (version 4 shape) from `rng`.
std::string uuid(Rng& rng);

}  // namespace sitegen::app
