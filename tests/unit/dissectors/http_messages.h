// tests/unit/dissectors/http_messages.h
// HTTP/1.x message heads shared by the HTTP dissector and mapper tests, the
// fuzz seeds and the benchmark.
#pragma once

#include <string_view>

namespace dissect::test::http_messages {

// Request and response heads from zeek's http-vlan-0.pcap (BSD-3-Clause).
inline constexpr std::string_view kWgetRequest =
    "GET /download/CHANGES.bro-aux.txt HTTP/1.1\r\n"  // request line
    "User-Agent: Wget/1.14 (darwin12.2.0)\r\n"        // user agent
    "Accept: */*\r\n"                                 //
    "Host: bro.org\r\n"                               // host
    "Connection: Keep-Alive\r\n"                      //
    "\r\n";                                           // end of head

inline constexpr std::string_view kApacheResponse =
    "HTTP/1.1 200 OK\r\n"                                 // status line
    "Date: Thu, 07 Mar 2013 21:43:07 GMT\r\n"             //
    "Server: Apache/2.4.3 (Fedora)\r\n"                   // server
    "Last-Modified: Wed, 29 Aug 2012 23:49:27 GMT\r\n"    //
    "ETag: \"1261-4c870358a6fc0\"\r\n"                    //
    "Accept-Ranges: bytes\r\n"                            //
    "Content-Length: 4705\r\n"                            //
    "Keep-Alive: timeout=5, max=100\r\n"                  //
    "Connection: Keep-Alive\r\n"                          //
    "Content-Type: text/plain; charset=UTF-8\r\n"         // content type
    "\r\n"                                                // end of head
    "\n0.26 | 2012-08-24 15:10:04 -0700\n";               // body (not parsed)

// A browser's request as sent today (written for these tests): the typical
// size of the head the sensor sees most.
inline constexpr std::string_view kBrowserRequest =
    "GET /static/app.js?v=20240112 HTTP/1.1\r\n"
    "Host: intranet.example.com\r\n"
    "Connection: keep-alive\r\n"
    "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36\r\n"
    "Accept: */*\r\n"
    "Referer: http://intranet.example.com/\r\n"
    "Accept-Encoding: gzip, deflate\r\n"
    "Accept-Language: en-US,en;q=0.9,de;q=0.8\r\n"
    "Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark\r\n"
    "\r\n";

// Basic credentials in the clear (written for these tests; "test:test").
inline constexpr std::string_view kBasicAuthRequest =
    "GET /password-ok.php HTTP/1.1\r\n"
    "Host: browserspy.dk\r\n"
    "Authorization: Basic dGVzdDp0ZXN0\r\n"
    "\r\n";

// An interim response before the final one (shape of the IoT Sentinel capture).
inline constexpr std::string_view kContinueThenFinal =
    "HTTP/1.1 100 Continue\r\n\r\n"         // interim
    "HTTP/1.1 200 OK\r\n"                   // final
    "Server: Apache-Coyote/1.1\r\n\r\n";

}  // namespace dissect::test::http_messages
