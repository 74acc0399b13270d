// tests/unit/dissectors/ssh_messages.h
// SSH version exchanges and KEXINIT packets shared by the SSH dissector and
// mapper tests, the fuzz seeds and the benchmark, plus a builder for KEXINITs
// with given name-lists.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "dissectors/ssh/ssh.h"

namespace dissect::test::ssh_messages {

using Bytes = std::vector<std::uint8_t>;
using Lists = std::array<std::string_view, dissect::ssh::kNameListCount>;

inline constexpr std::string_view kDebianBanner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1\r\n";

// A minimal KEXINIT, one algorithm per list (written for these tests).
inline constexpr std::uint8_t kKexinit[] = {
    0x00, 0x00, 0x00, 0x9c,  // packet_length 156
    0x0b,                    // padding_length 11
    0x14,                    // SSH_MSG_KEXINIT (20)
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,  // cookie (16)
    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,  //
    0x00, 0x00, 0x00, 0x11, 'c', 'u', 'r', 'v', 'e', '2', '5', '5', '1', '9', '-', 's', 'h', 'a', '2', '5', '6',  // kex
    0x00, 0x00, 0x00, 0x0b, 's', 's', 'h', '-', 'e', 'd', '2', '5', '5', '1', '9',  // host key
    0x00, 0x00, 0x00, 0x0a, 'a', 'e', 's', '1', '2', '8', '-', 'c', 't', 'r',  // ciphers c2s
    0x00, 0x00, 0x00, 0x0a, 'a', 'e', 's', '1', '2', '8', '-', 'c', 't', 'r',  // ciphers s2c
    0x00, 0x00, 0x00, 0x0d, 'h', 'm', 'a', 'c', '-', 's', 'h', 'a', '2', '-', '2', '5', '6',  // macs c2s
    0x00, 0x00, 0x00, 0x0d, 'h', 'm', 'a', 'c', '-', 's', 'h', 'a', '2', '-', '2', '5', '6',  // macs s2c
    0x00, 0x00, 0x00, 0x04, 'n', 'o', 'n', 'e',  // compression c2s
    0x00, 0x00, 0x00, 0x04, 'n', 'o', 'n', 'e',  // compression s2c
    0x00, 0x00, 0x00, 0x00,  // languages c2s (empty)
    0x00, 0x00, 0x00, 0x00,  // languages s2c (empty)
    0x01,                    // first_kex_packet_follows
    0x00, 0x00, 0x00, 0x00,  // reserved
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // padding (11)
};
inline constexpr std::size_t kKexinitPayloadEnd = sizeof(kKexinit) - 11;  // where the padding starts

// The KEXINIT name-lists of zeek's ssh.pcap stream 0 (BSD-3-Clause):
// OpenSSH 5.9 client, OpenSSH 5.8 server.
inline constexpr std::string_view kOld5Kex =
    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group-exchange-sha1,diffie-hellman-group14-sha1,diffie-hellman-group1-sha1";
inline constexpr std::string_view kOld5Ciphers =
    "aes128-ctr,aes192-ctr,aes256-ctr,arcfour256,arcfour128,aes128-cbc,3des-cbc,blowfish-cbc,cast128-cbc,"
    "aes192-cbc,aes256-cbc,arcfour,rijndael-cbc@lysator.liu.se";
inline constexpr std::string_view kClient59Macs =
    "hmac-md5,hmac-sha1,umac-64@openssh.com,hmac-sha2-256,hmac-sha2-256-96,hmac-sha2-512,hmac-sha2-512-96,"
    "hmac-ripemd160,hmac-ripemd160@openssh.com,hmac-sha1-96,hmac-md5-96";
inline constexpr std::string_view kServer58Macs =
    "hmac-md5,hmac-sha1,umac-64@openssh.com,hmac-ripemd160,hmac-ripemd160@openssh.com,hmac-sha1-96,hmac-md5-96";
inline constexpr Lists kZeekClient = {
    kOld5Kex,
    "ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,"
    "ecdsa-sha2-nistp521-cert-v01@openssh.com,ssh-rsa-cert-v01@openssh.com,ssh-dss-cert-v01@openssh.com,"
    "ssh-rsa-cert-v00@openssh.com,ssh-dss-cert-v00@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
    "ecdsa-sha2-nistp521,ssh-rsa,ssh-dss",
    kOld5Ciphers, kOld5Ciphers, kClient59Macs, kClient59Macs,
    "zlib@openssh.com,zlib,none", "zlib@openssh.com,zlib,none", "", ""};
inline constexpr Lists kZeekServer = {
    kOld5Kex, "ssh-rsa,ssh-dss,ecdsa-sha2-nistp256", kOld5Ciphers, kOld5Ciphers, kServer58Macs, kServer58Macs,
    "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};

// A current OpenSSH-like offer, with the ext-info pseudo-algorithm.
inline constexpr Lists kModern = {"curve25519-sha256,ext-info-c", "ssh-ed25519", "aes128-ctr",
                                  "chacha20-poly1305@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "none",
                                  "zlib@openssh.com", "", ""};

inline void put32(Bytes& b, std::size_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
}

// "<banner>\r\n" then an unencrypted KEXINIT packet with these name-lists
// (RFC 4253 §6, §7.1), padded to a multiple of 8 as the RFC requires.
inline Bytes stream(std::string_view banner, const Lists& lists) {
    Bytes payload{dissect::ssh::kMsgKexinit};
    for (int i = 0; i < 16; ++i) payload.push_back(static_cast<std::uint8_t>(0xa0 + i));  // cookie
    for (const auto l : lists) {
        put32(payload, l.size());  // name-list length
        payload.insert(payload.end(), l.begin(), l.end());
    }
    payload.push_back(0);  // first_kex_packet_follows
    put32(payload, 0);     // reserved
    std::size_t padding = 8 - (payload.size() + 5) % 8;
    if (padding < 4) padding += 8;
    Bytes out(banner.begin(), banner.end());
    out.push_back('\r');
    out.push_back('\n');
    put32(out, payload.size() + padding + 1);           // packet_length
    out.push_back(static_cast<std::uint8_t>(padding));  // padding_length
    out.insert(out.end(), payload.begin(), payload.end());
    out.insert(out.end(), padding, 0);
    return out;
}

}  // namespace dissect::test::ssh_messages
