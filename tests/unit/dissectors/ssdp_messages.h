// tests/unit/dissectors/ssdp_messages.h
// SSDP datagrams shared by the SSDP dissector and mapper tests, the fuzz seeds
// and the benchmark: one header line per source line. Real payloads come only
// from captures under a BSD/MIT/Apache licence (named at each message); the
// others were written for these tests. bytes() views one without its NUL.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"

namespace dissect::test {

// NOTIFY ssdp:alive of a D-Link DCS-935L camera (IoT Sentinel capture, MIT).
inline constexpr char kSsdpNotifyCamera[] =
    "NOTIFY * HTTP/1.1\r\n"
    "LOCATION: http://10.10.10.37:50510/\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "SERVER: Linux,    UPnP/1.0 DCS-935L/1.0\r\n"
    "NTS: ssdp:alive\r\n"
    "USN: uuid:b0c554255b0e-0::upnp:rootdevice\r\n"
    "CACHE-CONTROL: max-age=1800\r\n"
    "NT: upnp:rootdevice\r\n"
    "\r\n";

// M-SEARCH of the same camera, looking for a router (IoT Sentinel, MIT).
inline constexpr char kSsdpMSearchCamera[] =
    "M-SEARCH * HTTP/1.1\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "MAN: \"ssdp:discover\"\r\n"
    "MX: 3\r\n"
    "\r\n";

// Search response of a Philips Hue bridge (IoT Sentinel, MIT).
inline constexpr char kSsdpResponseHue[] =
    "HTTP/1.1 200 OK\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "EXT:\r\n"
    "CACHE-CONTROL: max-age=100\r\n"
    "LOCATION: http://10.10.10.6:80/description.xml\r\n"
    "SERVER: Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0\r\n"
    "hue-bridgeid: 001788FFFE2476FF\r\n"
    "ST: upnp:rootdevice\r\n"
    "USN: uuid:2f402f80-da50-11e1-9b23-0017882476ff::upnp:rootdevice\r\n"
    "\r\n";

// NOTIFY of a Windows media renderer (written for these tests; LF-only line
// ends and lowercase header names, as some stacks send).
inline constexpr char kSsdpNotifyWindowsRenderer[] =
    "NOTIFY * HTTP/1.1\n"
    "host: 239.255.255.250:1900\n"
    "cache-control: max-age=900\n"
    "location: http://192.168.1.20:2869/upnphost/udhisapi.dll?content=uuid:7d8b2a10-3c5e-4f6a-9b1c-2e4f6a8b0c1d\n"
    "nt: urn:schemas-upnp-org:device:MediaRenderer:1\n"
    "nts: ssdp:alive\n"
    "server: Microsoft-Windows/10.0 UPnP/1.0 UPnP-Device-Host/1.0\n"
    "usn: uuid:7d8b2a10-3c5e-4f6a-9b1c-2e4f6a8b0c1d::urn:schemas-upnp-org:device:MediaRenderer:1\n"
    "\n";

// NOTIFY ssdp:byebye of a router (written for these tests).
inline constexpr char kSsdpByebyeRouter[] =
    "NOTIFY * HTTP/1.1\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "NT: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "NTS: ssdp:byebye\r\n"
    "USN: uuid:0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "\r\n";

// M-SEARCH with a USER-AGENT, from a Chrome browser looking for DIAL
// receivers (written for these tests).
inline constexpr char kSsdpMSearchChrome[] =
    "M-SEARCH * HTTP/1.1\r\n"
    "HOST: 239.255.255.250:1900\r\n"
    "MAN: \"ssdp:discover\"\r\n"
    "MX: 1\r\n"
    "ST: urn:dial-multiscreen-org:service:dial:1\r\n"
    "USER-AGENT: Google Chrome/120.0.6099.71 Windows\r\n"
    "\r\n";

template <std::size_t N>
[[nodiscard]] inline ByteView bytes(const char (&s)[N]) noexcept {
    return ByteView{reinterpret_cast<const std::uint8_t*>(s), N - 1};
}

}  // namespace dissect::test
