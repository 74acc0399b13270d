// Rule-lab scenarios for credentials in the clear, identity and the network
// detectors (posture/rules/credentials.yaml, identity.yaml, network.yaml).
#include <string>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/rulelab.h"

namespace sitegen::lab {

void credential_cases(std::vector<Case>& out) {
    out.push_back({"telnet login", [](Lab& lab) {
                       const Host cam = lab.host("telnet-server", kOuiRaspberry);
                       const Host pc = lab.host("telnet-client");
                       lab.tcp(pc, cam, 23,
                               {server(app::telnet_server_options()), client(app::telnet_client_options()),
                                server("\r\n(none) login: "), client("a"), server("a"), client("d"), server("d"),
                                client("m"), server("m"), client("\r\n"), server("\r\nPassword: "), client("1"),
                                client("2"), client("3"), client("\r\n"), server("\r\n# ")});
                       lab.expect("CRED-TELNET-CLEARTEXT", pc, "cleartext.telnet.login");
                   }});
    out.push_back({"ftp login", [](Lab& lab) {
                       const Host srv = lab.host("ftp-server", kOuiDell);
                       const Host pc = lab.host("ftp-client");
                       lab.tcp(pc, srv, 21,
                               {server("220 (vsFTPd 3.0.3)\r\n"), client("USER backup\r\n"),
                                server("331 Please specify the password.\r\n"), client("PASS hunter2\r\n"),
                                server("230 Login successful.\r\n"), client("QUIT\r\n"), server("221 Goodbye.\r\n")});
                       lab.expect("CRED-FTP-CLEARTEXT", pc, "cleartext.ftp.login");
                   }});
    out.push_back({"pop3 login", [](Lab& lab) {
                       const Host srv = lab.remote("pop3-server");
                       const Host pc = lab.host("pop3-client");
                       lab.tcp(pc, srv, 110,
                               {server("+OK Dovecot ready.\r\n"), client("USER alice\r\n"), server("+OK\r\n"),
                                client("PASS wonderland\r\n"), server("+OK Logged in.\r\n"), client("QUIT\r\n"),
                                server("+OK Logging out.\r\n")});
                       lab.expect("CRED-POP3-IMAP-CLEARTEXT", pc, "cleartext.pop3.login");
                   }});
    out.push_back({"imap login", [](Lab& lab) {
                       const Host srv = lab.remote("imap-server");
                       const Host pc = lab.host("imap-client");
                       lab.tcp(pc, srv, 143,
                               {server("* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n"),
                                client("a1 LOGIN bob secret\r\n"), server("a1 OK Logged in\r\n"),
                                client("a2 LOGOUT\r\n"), server("* BYE\r\na2 OK\r\n")});
                       lab.expect("CRED-POP3-IMAP-CLEARTEXT", pc, "cleartext.imap.login");
                   }});
    out.push_back({"http basic", [](Lab& lab) {
                       const Host cam = lab.host("http-basic-server", kOuiRaspberry);
                       const Host pc = lab.host("http-basic-client");
                       lab.tcp(pc, cam, 80,
                               {client("GET /admin/ HTTP/1.1\r\nHost: 10.77.0.9\r\nUser-Agent: curl/7.88.1\r\n"
                                       "Authorization: Basic YWRtaW46YWRtaW4=\r\nAccept: */*\r\n\r\n"),
                                server("HTTP/1.1 200 OK\r\nServer: lighttpd/1.4.59\r\nContent-Length: 2\r\n\r\nok")});
                       lab.expect("CRED-HTTP-BASIC", pc, "cleartext.http.basic");
                   }});
    out.push_back({"snmp communities", [](Lab& lab) {
                       const Host nms = lab.host("snmp-manager");
                       const Host sw = lab.host("snmp-agent", kOuiCisco);
                       const app::VarBind get{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kNull, {}, 0};
                       const app::VarBind resp{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kOctets,
                                               "Cisco IOS Software, C2960 Software", 0};
                       lab.udp(nms, 50161, sw, 161, app::snmp_message("n0c-r34d", app::kSnmpGet, 7, {&get, 1}));
                       lab.udp(sw, 161, nms, 50161, app::snmp_message("n0c-r34d", app::kSnmpResponse, 7, {&resp, 1}));
                       lab.expect("SNMP-COMMUNITY-CLEARTEXT", nms, "snmp.community");
                       const Host nms2 = lab.host("snmp-default-manager");
                       lab.udp(nms2, 50162, sw, 161, app::snmp_message("public", app::kSnmpGet, 8, {&get, 1}));
                       lab.udp(sw, 161, nms2, 50162, app::snmp_message("public", app::kSnmpResponse, 8, {&resp, 1}));
                       lab.expect("SNMP-DEFAULT-COMMUNITY", nms2, "snmp.community.default");
                   }});
}

void identity_cases(std::vector<Case>& /*out*/) {}
void network_cases(std::vector<Case>& /*out*/) {}

}  // namespace sitegen::lab
