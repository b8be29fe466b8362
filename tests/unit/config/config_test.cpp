#include "lte/config/config.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"

using namespace lte::config;
namespace fs = std::filesystem;

namespace {

ConfigError config_error(const std::string& text) {
    try {
        parse_config(text, "config.yaml");
    } catch (const ConfigError& e) {
        return e;
    }
    ADD_FAILURE() << "loaded without error:\n" << text;
    return ConfigError("", 0, 0, "");
}

// A config file in a fresh directory with the given mode.
class TempFile {
public:
    TempFile(const std::string& text, fs::perms mode) {
        path_ = fs::temp_directory_path() /
                ("lte-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++) + ".yaml");
        std::ofstream(path_) << text;
        fs::permissions(path_, mode);
    }
    ~TempFile() { fs::remove(path_); }
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    static inline int counter_ = 0;
    fs::path path_;
};

constexpr auto kOwnerOnly = fs::perms::owner_read | fs::perms::owner_write;
constexpr auto kWorldReadable = kOwnerOnly | fs::perms::group_read | fs::perms::others_read;

}  // namespace

TEST(Config, ReadsEverySection) {
    const auto c = parse_config(R"(
modem: {profile: ec25, at_port: /dev/ttyUSB2, data_port: /dev/ttyUSB3, sequence: quectel, baud: 57600, rtscts: true}
apn: soracom.io
user: sora
password: sora-pw
auth: chap
pdp_type: ipv4v6
cid: 2
timeouts: {command: 2s, registration: 3m, connect: 45s, ppp_up: 1m}
pppd: {path: /sbin/pppd, options: [noipv6, mtu, "1400"], lcp_echo_interval: 5, lcp_echo_failure: 4,
       defaultroute: false, defaultroute_metric: 50, usepeerdns: false, maxfail: 7, holdoff: 10s}
reconnect: {backoff_initial: 1s, backoff_max: 10m, redial_attempts: 2, radio_cycle_attempts: 1, reset_attempts: 3}
log_level: debug
insecure_permissions: true
)",
                                "c.yaml");
    EXPECT_EQ(c.profile, "ec25");
    EXPECT_EQ(c.data_port, "/dev/ttyUSB3");
    EXPECT_EQ(c.baud, 57600);
    EXPECT_TRUE(c.rtscts);
    EXPECT_EQ(c.auth, Auth::Chap);
    EXPECT_EQ(c.pdp_type, PdpType::Ipv4v6);
    EXPECT_STREQ(pdp_type_at(*c.pdp_type), "IPV4V6");
    EXPECT_EQ(c.cid, 2);
    EXPECT_EQ(c.timeouts.registration, std::chrono::minutes(3));
    EXPECT_EQ(c.pppd.options, (std::vector<std::string>{"noipv6", "mtu", "1400"}));
    EXPECT_EQ(c.pppd.maxfail, 7);
    EXPECT_FALSE(c.pppd.defaultroute);
    EXPECT_EQ(c.pppd.defaultroute_metric, 50);
    EXPECT_EQ(c.reconnect.backoff_max, std::chrono::minutes(10));
    EXPECT_TRUE(c.insecure_permissions);
    EXPECT_EQ(lte::mask_secrets("pw=sora-pw"), "pw=***") << "the password is a registered secret";
    lte::SecretRegistry::instance().clear();
}

TEST(Config, DefaultsNeedOnlyAnApn) {
    const auto c = parse_config("apn: internet\n", "c.yaml");
    EXPECT_EQ(c.profile, "auto");
    EXPECT_EQ(c.auth, Auth::Auto);
    EXPECT_FALSE(c.pdp_type) << "unset: an IPv4-capable context the modem has is kept";
    EXPECT_EQ(c.cid, 1);
    EXPECT_EQ(c.pppd.path, "/usr/sbin/pppd");
}

TEST(Config, ErrorsNameLineColumnAndExpectation) {
    auto e = config_error("apn: x\nauth: md5\n");
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 7);
    EXPECT_NE(e.problem().find("none, pap, chap, auto"), std::string::npos) << e.what();

    e = config_error("apn: x\nmodem:\n  baud: fast\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 9);
    EXPECT_NE(e.problem().find("whole number"), std::string::npos) << e.what();

    e = config_error("apn: x\ntimeouts: {connect: 30}\n");
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 21);
    EXPECT_NE(e.problem().find("duration"), std::string::npos) << e.what();

    e = config_error("apn: x\npppd:\n  lcp_echo_intervall: 5\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 3);
    EXPECT_NE(e.problem().find("did you mean 'lcp_echo_interval'"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("config.yaml:3:3: ", 0), 0u) << e.what();

    e = config_error("user: x\n");
    EXPECT_NE(e.problem().find("missing 'apn'"), std::string::npos) << e.what();
}

TEST(Config, MonitorMetricsAndHooks) {
    auto c = parse_config(
        "apn: x\nmonitor: {interval: 5m}\nmetrics: {textfile: /var/lib/prometheus/node-exporter/a.prom}\n"
        "hooks: {dir: /srv/hooks, timeout: 5s}\n",
        "c.yaml");
    EXPECT_EQ(c.monitor.interval, std::chrono::minutes(5));
    EXPECT_EQ(c.metrics.textfile, "/var/lib/prometheus/node-exporter/a.prom");
    EXPECT_EQ(hooks_dir(c), "/srv/hooks");
    EXPECT_EQ(c.hooks.timeout, std::chrono::seconds(5));

    c = parse_config("apn: x\n", "c.yaml");
    EXPECT_EQ(c.monitor.interval, std::chrono::seconds(60));
    EXPECT_TRUE(c.metrics.textfile.empty()) << "metrics are off unless asked for";
    EXPECT_EQ(hooks_dir(c), "/etc/lte-dialer/hooks.d");
    c.instance = "north";
    EXPECT_EQ(hooks_dir(c), "/etc/lte-dialer/north.hooks.d");

    auto e = config_error("apn: x\nmetrics:\n  textfile: /var/lib/x/lte.txt\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 13);
    EXPECT_NE(e.problem().find("ending in .prom"), std::string::npos) << e.what();
    e = config_error("apn: x\nmonitor: {interval: 200ms}\n");
    EXPECT_NE(e.problem().find("0 (off) or at least 1s"), std::string::npos) << e.what();
    e = config_error("apn: x\nhooks: {dir: hooks.d}\n");
    EXPECT_NE(e.problem().find("must be an absolute path"), std::string::npos) << e.what();
    c = parse_config("apn: x\nbudget: {monthly: 1.5GB, day_of_month: 15, action: disconnect}\n", "c.yaml");
    EXPECT_EQ(c.budget.monthly_bytes, 1'500'000'000U) << "SI, as operators bill";
    EXPECT_EQ(c.budget.day_of_month, 15);
    EXPECT_EQ(c.budget.action, Budget::Action::Disconnect);
    EXPECT_EQ(parse_config("apn: x\nbudget: {monthly: 1GiB}\n", "c.yaml").budget.monthly_bytes, 1073741824U);
    e = config_error("apn: x\nbudget:\n  monthly: lots\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(e.problem().find("is not a size"), std::string::npos) << e.what();
    e = config_error("apn: x\nbudget: {monthly: 5MB, day_of_month: 31}\n");
    EXPECT_NE(e.problem().find("day_of_month"), std::string::npos) << e.what();
    e = config_error("apn: x\nbudget: {action: warn}\n");
    EXPECT_NE(e.problem().find("budget needs monthly"), std::string::npos) << e.what();
    e = config_error("apn: x\nhooks: {timeout: 0s}\n");
    EXPECT_NE(e.problem().find("hooks.timeout must be above 0"), std::string::npos) << e.what();
}

TEST(Config, ControlGroupByNameOrNumberMustExist) {
    EXPECT_FALSE(parse_config("apn: x\n", "c.yaml").control.group) << "root only unless a group is named";
    // "root" (gid 0) exists on every system, even in a bare build root.
    EXPECT_EQ(parse_config("apn: x\ncontrol:\n  group: root\n", "c.yaml").control.group, gid_t{0});
    EXPECT_EQ(parse_config("apn: x\ncontrol: {group: 4242}\n", "c.yaml").control.group, gid_t{4242});

    auto e = config_error("apn: x\ncontrol:\n  group: no-such-group-lte\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 10);
    EXPECT_NE(e.problem().find("no group named 'no-such-group-lte'"), std::string::npos) << e.what();
    e = config_error("apn: x\ncontrol:\n  grup: root\n");
    EXPECT_NE(e.problem().find("did you mean 'group'"), std::string::npos) << e.what();
    e = config_error("apn: x\ncontrol:\n  group: ''\n");
    EXPECT_NE(e.problem().find("empty"), std::string::npos) << e.what();
}

TEST(Config, ForceGroupIsApartFromTheControlGroup) {
    const auto plain = parse_config("apn: x\ncontrol:\n  group: 4242\n", "c.yaml");
    EXPECT_FALSE(plain.control.force_group) << "control.group alone gives no --force";
    const auto both = parse_config("apn: x\ncontrol:\n  group: 4242\n  force_group: root\n", "c.yaml");
    EXPECT_EQ(both.control.group, gid_t{4242});
    EXPECT_EQ(both.control.force_group, gid_t{0});
    EXPECT_EQ(both.control.force_group_name, "root");
    const auto e = config_error("apn: x\ncontrol:\n  force_group: no-such-group-lte\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(e.problem().find("control.force_group: no group named 'no-such-group-lte'"), std::string::npos)
        << e.what();
}

TEST(Config, ValuesThatWouldBreakAnAtCommandAreRefused) {
    const auto e = config_error("apn: x\npassword: 'a\"b'\n");
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(e.problem().find("double quote"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("a\"b"), std::string::npos) << "the password is not echoed";
}

TEST(Config, PasswordInAWorldReadableFileWarnsWithInsecurePermissions) {
    const TempFile file("apn: x\npassword: pw\ninsecure_permissions: true\n", kWorldReadable);
    const auto c = load_config(file.path());
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("chmod 600"), std::string::npos) << c.warnings[0];

    const TempFile safe("apn: x\npassword: pw\n", kOwnerOnly);
    EXPECT_TRUE(load_config(safe.path()).warnings.empty());
    const TempFile no_password("apn: x\n", kWorldReadable);
    EXPECT_TRUE(load_config(no_password.path()).warnings.empty());
    lte::SecretRegistry::instance().clear();
}

TEST(Config, SimPinIsDigitsASecretAndASequenceVariable) {
    const auto c = parse_config("apn: x\nmodem:\n  sim_pin: '0815'\n", "c.yaml");
    EXPECT_EQ(c.sim_pin, "0815");
    EXPECT_EQ(lte::mask_secrets("PIN 0815 sent"), "PIN *** sent") << "registered as a secret";
    const auto vars = sequence_variables(c, Profile{});
    EXPECT_EQ(*vars.find("sim_pin"), "0815");
    EXPECT_TRUE(vars.is_secret("sim_pin"));
    EXPECT_EQ(*sequence_variables(parse_config("apn: x\n", "c.yaml"), Profile{}).find("sim_pin"), "")
        << "unset: empty, so the sequences skip the unlock";

    for (const char* bad : {"'12a4'", "'123'", "'123456789'", "''"}) {
        const auto e = config_error(std::string("apn: x\nmodem:\n  sim_pin: ") + bad + "\n");
        EXPECT_EQ(e.line(), 3) << bad;
        EXPECT_EQ(e.column(), 12) << bad;
        EXPECT_NE(e.problem().find("4 to 8 digits"), std::string::npos) << e.what();
    }
    const auto e = config_error("apn: x\nmodem:\n  sim_pin: '12a4'\n");
    EXPECT_EQ(std::string(e.what()).find("12a4"), std::string::npos) << "a PIN is not echoed";

    const TempFile readable("apn: x\nmodem: {sim_pin: '0815'}\ninsecure_permissions: true\n", kWorldReadable);
    const auto loaded = load_config(readable.path());
    ASSERT_EQ(loaded.warnings.size(), 1u);
    EXPECT_NE(loaded.warnings[0].find("holds a SIM PIN"), std::string::npos) << loaded.warnings[0];
    lte::SecretRegistry::instance().clear();
}

TEST(Config, PasswordInAWorldReadableFileIsRefusedByDefault) {
    for (const char* policy : {"", "insecure_permissions: false\n", "insecure_permissions: refuse\n"}) {
        const TempFile file(std::string("apn: x\npassword: pw\n") + policy, kWorldReadable);
        try {
            (void)load_config(file.path());
            ADD_FAILURE() << "accepted with '" << policy << "'";
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
        }
    }
    lte::SecretRegistry::instance().clear();
}

TEST(Config, DuplicateKeysAreAnErrorNamingBothPlaces) {
    const auto e = config_error("apn: first\nprobe: {interval: 1m, interval: 2m}\napn: second\n");
    EXPECT_NE(std::string(e.what()).find("config.yaml:2:23: duplicate key 'interval': it is also at config.yaml:2:9"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("config.yaml:3:1: duplicate key 'apn': it is also at config.yaml:1:1"),
              std::string::npos)
        << e.what();
    // The same key in different mappings, or a key and a value alike, is fine.
    EXPECT_NO_THROW(
        parse_config("apn: apn\nprobe: {name: apn}\npppd: {holdoff: 1s}\nreconnect: {stable_after: 1s}\n", "c.yaml"));
}

TEST(Config, EveryProblemIsReportedInFileOrder) {
    try {
        (void)parse_config("apn: x\ncid: 99\ntimeouts: {connect: 5, ppp_up: 1h}\nlog_level: loud\nmodem: {baud: 1}\n",
                           "c.yaml");
        ADD_FAILURE() << "accepted";
    } catch (const lte::sequence::YamlErrors& e) {
        ASSERT_EQ(e.all().size(), 4u) << e.what();
        EXPECT_EQ(e.all()[0].line(), 2);
        EXPECT_EQ(e.all()[1].line(), 3);
        EXPECT_EQ(e.all()[2].line(), 4);
        EXPECT_EQ(e.all()[3].line(), 5);
    }
    EXPECT_EQ(parse_config("apn: x\ntimeouts: {ppp_up: 1h}\n", "c.yaml").timeouts.ppp_up, std::chrono::hours(1));
}

TEST(Config, ApnAndProbeAddressesAreChecked) {
    const auto too_long = config_error("apn: " + std::string(101, 'a') + "\n");
    EXPECT_NE(too_long.problem().find("at most 100 octets"), std::string::npos) << too_long.what();
    EXPECT_TRUE(
        parse_config("apn: " + std::string(60, 'a') + "." + std::string(39, 'b') + "\n", "c.yaml").warnings.empty());
    const auto odd = parse_config("apn: my_apn\n", "c.yaml");
    ASSERT_EQ(odd.warnings.size(), 1u);
    EXPECT_NE(odd.warnings[0].find("c.yaml:1:6: apn 'my_apn' is not made of labels"), std::string::npos)
        << odd.warnings[0];
    EXPECT_NE(config_error("apn: x\nprobe: {server: dns.google}\n").problem().find("IP address"), std::string::npos);
    EXPECT_NE(config_error("apn: x\nprobe: {name: 'a..b'}\n").problem().find("host name"), std::string::npos);
    const auto ok = parse_config("apn: x\nprobe: {server: '2001:db8::53', name: example.com.}\n", "c.yaml");
    EXPECT_EQ(ok.probe.server, "2001:db8::53");
    Overrides o;
    o.apn = std::string(101, 'a');
    auto c = parse_config("apn: x\n", "c.yaml");
    EXPECT_THROW(apply_overrides(c, o), std::invalid_argument);
}

TEST(Config, PasswordFileMustBePrivateAndHaveAPassword) {
    const TempFile open("pw-file-secret\n", kWorldReadable);
    Overrides o;
    o.password_file = open.path();
    auto strict = parse_config("apn: x\n", "c.yaml");
    EXPECT_THROW(apply_overrides(strict, o), ConfigError);
    auto lenient = parse_config("apn: x\ninsecure_permissions: true\n", "c.yaml");
    apply_overrides(lenient, o);
    EXPECT_EQ(lenient.password, "pw-file-secret");
    ASSERT_EQ(lenient.warnings.size(), 1u);
    EXPECT_NE(lenient.warnings[0].find("chmod 600"), std::string::npos) << lenient.warnings[0];

    const TempFile empty("\nsecond-line\n", kOwnerOnly);
    o.password_file = empty.path();
    try {
        apply_overrides(strict, o);
        ADD_FAILURE() << "an empty first line was taken as the password";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("first line"), std::string::npos) << e.what();
    }
    lte::SecretRegistry::instance().clear();
}

TEST(Config, OverridesReplaceFileValues) {
    auto c = parse_config("apn: a\nmodem: {at_port: /dev/ttyUSB2}\n", "c.yaml");
    Overrides o;
    o.apn = "b";
    o.at_port = "/dev/ttyACM0";
    o.cid = 3;
    o.rtscts = true;
    apply_overrides(c, o);
    EXPECT_EQ(c.apn, "b");
    EXPECT_EQ(c.at_port, "/dev/ttyACM0");
    EXPECT_EQ(c.cid, 3);
    EXPECT_TRUE(c.rtscts);

    Overrides bad;
    bad.apn = "x;AT+CFUN=0";
    EXPECT_THROW(apply_overrides(c, bad), std::invalid_argument);
    EXPECT_EQ(c.apn, "b");
}

TEST(Config, SequenceVariablesFollowTheProfile) {
    const auto c = parse_config("apn: soracom.io\nuser: sora\npassword: pw\n", "c.yaml");
    Profile simcom;
    simcom.cgauth_order = CgauthOrder::PasswordFirst;
    simcom.auth_auto_code = 3;
    auto vars = sequence_variables(c, simcom);
    EXPECT_EQ(*vars.find("auth"), "3");
    EXPECT_EQ(*vars.find("auth_arg1"), "pw");
    EXPECT_EQ(*vars.find("auth_arg2"), "sora");
    EXPECT_EQ(*vars.find("pdp_type"), "IP");
    EXPECT_EQ(*vars.find("ifc"), "0,0");
    EXPECT_TRUE(vars.is_secret("password"));

    const Profile generic;
    vars = sequence_variables(c, generic);
    EXPECT_EQ(*vars.find("auth"), "2");
    EXPECT_EQ(*vars.find("auth_arg1"), "sora");

    auto anonymous = parse_config("apn: internet\n", "c.yaml");
    EXPECT_EQ(*sequence_variables(anonymous, simcom).find("auth"), "0") << "auto without credentials is none";
    anonymous.auth = Auth::Pap;
    EXPECT_EQ(*sequence_variables(anonymous, simcom).find("auth"), "1");
    lte::SecretRegistry::instance().clear();
}
