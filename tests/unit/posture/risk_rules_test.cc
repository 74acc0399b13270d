// Rule-file loader and overrides (posture/risk/rules): errors name the file,
// the line and the key; overrides change scores, switches and thresholds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "posture/risk/engine.h"
#include "posture/risk/rules.h"

namespace posture::risk {
namespace {

namespace fs = std::filesystem;

class RiskRules : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("risk_rules_test_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }
    // Loads one file with `text`; returns the error ("" when it loaded).
    std::string error_of(const std::string& text) {
        const std::string path = write("r.yaml", text);
        auto r = load_rules({path});
        return r ? std::string() : r.error();
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    fs::path dir_;
};

constexpr const char* kTelnet = R"(rules:
  - id: SVC-TELNET-OPEN
    title: Telnet server exposed
    severity: high
    score: 60
    when: {service: tcp/23}
    remediation: Disable Telnet.
)";

TEST_F(RiskRules, LoadsAWellFormedFile) {
    const auto r = load_rules({write("ok.yaml", kTelnet)});
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->rules.size(), 1u);
    const Rule& x = r->rules[0];
    EXPECT_EQ(x.id, "SVC-TELNET-OPEN");
    EXPECT_EQ(x.severity, Severity::High);
    EXPECT_EQ(x.score, 60);
    EXPECT_EQ(x.when.kind, Cond::Kind::Services);
    ASSERT_EQ(x.when.ports.size(), 1u);
    EXPECT_EQ(x.when.ports[0].proto, kTcp);
    EXPECT_EQ(x.when.ports[0].first, 23);
    EXPECT_EQ(x.when.ports[0].last, 23);
    EXPECT_EQ(x.where, path("ok.yaml") + ":2");
}

TEST_F(RiskRules, UnknownConditionKeyNamesFileLineRuleAndKey) {
    const std::string e = error_of(R"(rules:
  - id: SVC-TELNET-OPEN
    title: Telnet server exposed
    severity: high
    score: 60
    when:
      any:
        - {service: tcp/23}
        - {servce: tcp/2323}
    remediation: Disable Telnet.
)");
    EXPECT_EQ(e, path("r.yaml") + ":9: rule SVC-TELNET-OPEN: unknown condition key 'servce'");
}

TEST_F(RiskRules, ErrorsNameFileLineAndKey) {
    struct Bad {
        const char* text;
        const char* want;  // after "<file>:"
    };
    const Bad cases[] = {
        {"rules:\n  - id: A\n    title: t\n    severity: huge\n    score: 1\n    when: {type: unknown}\n    "
         "remediation: r\n",
         "4: rule A: key 'severity': expected info, low, medium, high or critical"},
        {"rules:\n  - id: A\n    title: t\n    severity: low\n    score: 101\n    when: {type: unknown}\n    "
         "remediation: r\n",
         "5: rule A: key 'score': 101 is outside 0..100"},
        {"rules:\n  - id: A\n    title: t\n    severity: low\n    score: ten\n    when: {type: unknown}\n    "
         "remediation: r\n",
         "5: rule A: key 'score': expected an integer"},
        {"rules:\n  - id: A\n    title: t\n    severity: low\n    score: 1\n    when: {type: unknown}\n",
         "2: rule A: missing key 'remediation'"},
        {"rules:\n  - id: A\n    title: t\n    severity: low\n    score: 1\n    when: {type: unknown}\n    "
         "remediation: r\n"
         "    colour: red\n",
         "8: rule A: unknown key 'colour'"},
        {"rules:\n  - id: a-lower\n", "2: key 'id': 'a-lower' is not [A-Z][A-Z0-9-]*, at most 64 chars"},
        {"rules:\n  - title: t\n", "2: rule without key 'id'"},
        {"rules:\n  - id: A\n    when: {service: tcp/0}\n",
         "3: rule A: key 'service': 'tcp/0' is not tcp/PORT, udp/PORT or tcp/FIRST-LAST"},
        {"rules:\n  - id: A\n    when: {service: [sctp/22]}\n",
         "3: rule A: key 'service': 'sctp/22' is not tcp/PORT, udp/PORT or tcp/FIRST-LAST"},
        {"rules:\n  - id: A\n    when: {service: tcp/30-20}\n",
         "3: rule A: key 'service': 'tcp/30-20' is not tcp/PORT, udp/PORT or tcp/FIRST-LAST"},
        {"rules:\n  - id: A\n    when: {network: rogue_dns}\n",
         "3: rule A: key 'network': unknown network tag 'rogue_dns'"},
        {"rules:\n  - id: A\n    when: {conflict: [os_sources, mac_age]}\n",
         "3: rule A: key 'conflict': unknown conflict kind 'mac_age'"},
        {"rules:\n  - id: A\n    when: {observation: 'tls.*.x'}\n",
         "3: rule A: key 'observation': '*' only at the end of 'tls.*.x'"},
        {"rules:\n  - id: A\n    when: {random_mac: maybe}\n", "3: rule A: key 'random_mac': expected true or false"},
        {"rules:\n  - id: A\n    when: {any: []}\n", "3: rule A: key 'any': expected a list of conditions"},
        {"rules:\n  - id: A\n    when: {observation: []}\n", "3: rule A: key 'observation': empty list"},
        {"rules:\n  - id: A\n    when: {}\n", "3: rule A: key 'when': a condition is a non-empty map"},
        {"rules:\n  - id: A\n    when: [type]\n", "3: rule A: key 'when': a condition is a non-empty map"},
        {"rules:\n  - id: A\n    when: {not: {not: {not: {not: {not: {not: {not: {not: {type: x}}}}}}}}}\n",
         "3: rule A: condition nested deeper than 8"},
        {"rulez: []\n", "1: unknown key 'rulez'"},
        {"- just a list\n", "1: expected a map with 'rules' and/or 'os_eol'"},
        {"rules: {id: A}\n", "1: key 'rules': expected a list"},
        {"os_eol:\n  - {os: Windows, versions: [XP], below: '6'}\n",
         "2: os_eol: 'versions' and 'below' exclude each other"},
        {"os_eol:\n  - {os: Windows, below: 'six'}\n",
         "2: key 'below': expected a dotted version number such as \"12\" or \"10.15\""},
        {"os_eol:\n  - {versions: [XP]}\n", "2: os_eol: missing key 'os'"},
        {"os_eol:\n  - {os: Windows, until: 2020}\n", "2: os_eol: unknown key 'until'"},
    };
    for (const auto& c : cases) EXPECT_EQ(error_of(c.text), path("r.yaml") + ":" + c.want) << c.text;
}

TEST_F(RiskRules, YamlSyntaxErrorNamesFileAndLine) {
    const std::string e = error_of("rules:\n  - id: A\n    title: [unclosed\n");
    EXPECT_TRUE(e.starts_with(path("r.yaml") + ":")) << e;
    EXPECT_NE(e.find("end of sequence"), std::string::npos) << e;
}

TEST_F(RiskRules, MissingFileIsAnError) {
    const auto r = load_rules({path("absent.yaml")});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), path("absent.yaml") + ": cannot be read");
}

TEST_F(RiskRules, DuplicateIdsAcrossFilesAreAnError) {
    const std::string a = write("a.yaml", kTelnet);
    const std::string b = write("b.yaml", std::string("# another file\n") + kTelnet);
    const auto r = load_rules({a, b});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), b + ":3: rule SVC-TELNET-OPEN: duplicate id (first at " + a + ":2)");
}

TEST_F(RiskRules, LoadDirTakesYamlFilesInNameOrder) {
    write("b.yaml", "rules:\n  - {id: B, title: t, severity: low, score: 10, when: {type: x}, remediation: r}\n");
    write("a.yaml", "rules:\n  - {id: A, title: t, severity: low, score: 10, when: {type: x}, remediation: r}\n");
    write("notes.txt", "not a rule file");
    const auto r = load_rules_dir(dir_.string());
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->rules.size(), 2u);
    EXPECT_EQ(r->rules[0].id, "A");
    EXPECT_EQ(r->rules[1].id, "B");
}

TEST_F(RiskRules, LoadDirErrors) {
    EXPECT_FALSE(load_rules_dir(path("nowhere")));
    const auto empty = load_rules_dir(dir_.string());
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error(), dir_.string() + ": no *.yaml rule files");
}

TEST(RiskRulesDefault, DefaultDirIsTheSourceTree) {
    EXPECT_EQ(default_rules_dir(), std::string(SENSOR_SOURCE_DIR) + "/posture/rules");
}

TEST(RiskRulesNames, SeverityAndLevelNames) {
    EXPECT_EQ(severity_name(Severity::Info), "info");
    EXPECT_EQ(severity_name(Severity::Critical), "critical");
    EXPECT_EQ(parse_severity("medium"), Severity::Medium);
    EXPECT_FALSE(parse_severity("Medium"));
    EXPECT_EQ(level_name(Level::None), "none");
    EXPECT_EQ(level_name(Level::High), "high");
}

// ---- overrides --------------------------------------------------------------

RuleSet builtin() {
    auto r = load_rules_dir(std::string(SENSOR_SOURCE_DIR) + "/posture/rules");
    EXPECT_TRUE(r) << r.error();
    return r ? std::move(*r) : RuleSet{};
}

Facts telnet_and_smb() {
    Facts f;
    f.id = "mac:00:11:22:33:44:55";
    f.type = "server";
    f.services = {{kTcp, 23}, {kTcp, 445}};
    f.now_ms = 5;
    return f;
}

TEST(RiskOverrides, DisableARule) {
    RuleSet set = builtin();
    Overrides o;
    o.rules["SVC-TELNET-OPEN"].enabled = false;
    ASSERT_TRUE(apply_overrides(set, o));
    std::vector<Finding> state;
    const Posture p = evaluate(set, telnet_and_smb(), state);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].rule, "SVC-SMB-OPEN");
    EXPECT_EQ(p.risk, 35);
}

TEST(RiskOverrides, ChangeScoreAndSeverity) {
    RuleSet set = builtin();
    Overrides o;
    o.rules["SVC-SMB-OPEN"].score = 80;
    o.rules["SVC-SMB-OPEN"].severity = Severity::Critical;
    ASSERT_TRUE(apply_overrides(set, o));
    std::vector<Finding> state;
    const Posture p = evaluate(set, telnet_and_smb(), state);
    ASSERT_EQ(p.findings.size(), 2u);
    EXPECT_EQ(p.findings[0].rule, "SVC-SMB-OPEN");  // now the strongest
    EXPECT_EQ(p.findings[0].score, 80);
    EXPECT_EQ(p.findings[0].severity, Severity::Critical);
    EXPECT_EQ(p.risk, 93);  // 1 - 0.20 * 0.35
}

TEST(RiskOverrides, Thresholds) {
    RuleSet set = builtin();
    std::vector<Finding> state;
    EXPECT_EQ(evaluate(set, telnet_and_smb(), state).level, Level::High);  // 77
    Overrides o;
    o.thresholds = Thresholds{10, 20, 40, 70};
    ASSERT_TRUE(apply_overrides(set, o));
    EXPECT_EQ(evaluate(set, telnet_and_smb(), state).level, Level::Critical);
}

TEST(RiskOverrides, UnknownRuleIsAnErrorNamingIt) {
    RuleSet set = builtin();
    Overrides o;
    o.rules["SVC-TELNET-OPEN"].score = 1;
    o.rules["SVC-TELENT-OPEN"].enabled = false;
    const auto r = apply_overrides(set, o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "overrides: unknown rule 'SVC-TELENT-OPEN'");
    EXPECT_EQ(set.find("SVC-TELNET-OPEN")->score, 65);  // nothing applied
}

TEST(RiskOverrides, OutOfRangeValuesAreErrors) {
    RuleSet set = builtin();
    Overrides score;
    score.rules["SMB-V1"].score = 150;
    EXPECT_EQ(apply_overrides(set, score).error(), "overrides: rule SMB-V1: score 150 is outside 0..100");
    Overrides order;
    order.thresholds = Thresholds{1, 60, 30, 85};
    EXPECT_EQ(apply_overrides(set, order).error(),
              "overrides: thresholds must satisfy 1 <= low <= medium <= high <= critical <= 100, got 1/60/30/85");
    Overrides zero;
    zero.thresholds = Thresholds{0, 30, 60, 85};
    EXPECT_FALSE(apply_overrides(set, zero));
    EXPECT_EQ(set.thresholds.medium, 30);
}

}  // namespace
}  // namespace posture::risk
