#include "backend/counter/demo.h"

#include <atomic>
#include <stdexcept>

#include <QDate>
#include <QDateTime>
#include <QDir>

#include <dlfcn.h>

#include "backend/papers/demoletterissuer.h"
#include "token/tokenerror.h"

namespace countersign::counter::demo {

namespace {

// The demo tax office's code, the one deploy/demo.sh registers its signer for (as `letter demo-issue`).
constexpr const char* kDemoOffice = "11201010000";

void needDemo(const AppConfig& config) {
    if (const std::string why = refusal(config); !why.empty())
        throw std::runtime_error(why);
}

// The fault module's controls (tests/faultmodule/faultcontrol.h), found in the module the kiosk has loaded
// already; backend/ never includes the tests' header, so the signatures are restated here.
class FaultControls {
public:
    explicit FaultControls(const token::KeyDevice& keys)
        : m_module(keys.modulePath().empty() ? nullptr
                                             : ::dlopen(keys.modulePath().c_str(), RTLD_NOW | RTLD_NOLOAD)) {}
    ~FaultControls() {
        if (m_module)
            ::dlclose(m_module);
    }
    FaultControls(const FaultControls&) = delete;
    FaultControls& operator=(const FaultControls&) = delete;

    template <typename F> F get(const char* name) const {
        auto f = m_module ? reinterpret_cast<F>(::dlsym(m_module, name)) : nullptr;
        if (!f)
            throw std::runtime_error(
                "the key writer is not the demo's (SoftHSM2 behind the fault module): it "
                "has no " +
                std::string(name));
        return f;
    }

private:
    void* m_module;
};

Date addDays(const Date& d, int days) {
    const QDate q = QDate(d.year, d.month, d.day).addDays(days);
    return Date{q.year(), q.month(), q.day()};
}

} // namespace

std::string refusal(const AppConfig& config) {
    if (!config.demo)
        return "the demo controls exist in demo mode only ([demo] enabled=true)";
    return {};
}

const std::vector<SampleCompany>& sampleCompanies() {
    // Valid check characters (GB 32100-2015, GB 11643-1999); the first is the one deploy/demo.sh's letters
    // name.
    static const std::vector<SampleCompany> companies{
        {"天津市演示科技有限公司", "91350100M000100Y43", "张三", "11010519491231002X", "13800138000"},
        {"天津河西演示商贸有限公司", "91120103MA05K7TQ8X", "李四", "120103198506122311", "13900139001"},
        {"天津滨海演示物流有限公司", "91120116MA06LP3R2J", "王芳", "120116199003044522", "13700137002"},
        {"和平区演示餐饮店", "92120101MA07H2WB41", "赵强", "120101197811201035", "13600136003"},
    };
    return companies;
}

SampleLetter issueSampleLetter(const AppConfig& config, std::size_t company) {
    needDemo(config);
    if (config.demoLettersDir.isEmpty())
        throw std::runtime_error("no demo tax office is configured ([demo] letters_dir)");
    const auto& companies = sampleCompanies();
    if (company >= companies.size())
        throw std::runtime_error("there is no sample company " + std::to_string(company));
    const SampleCompany& c = companies[company];
    static std::atomic<int> issued{0};

    SampleLetter out;
    papers::AssistanceLetter& l = out.fields;
    l.ver = 1;
    l.office = kDemoOffice;
    l.officeName = "演示税务机关 DEMO";
    l.no = QStringLiteral("DEMO-%1-%2")
               .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmsszzz")))
               .arg(++issued)
               .toStdString();
    l.uscc = c.uscc;
    l.org = c.name;
    l.agentName = c.agentName;
    l.agentIdNo = c.agentIdNo;
    l.issued = papers::centreToday(config.timeZone.toStdString());
    l.expires = addDays(l.issued, 30);
    l.biz = {"NEW"};
    const papers::DemoLetterIssuer issuer(config.demoLettersDir.toStdString());
    out.text = issuer.issue(l);

    const QString folder = config.scannerFolder.isEmpty() ? config.demoLettersDir + QStringLiteral("/samples")
                                                          : config.scannerFolder;
    if (!QDir().mkpath(folder))
        throw std::runtime_error("cannot make the folder " + folder.toStdString());
    out.qrPath = (folder + QStringLiteral("/sample-") + QString::fromStdString(l.no) + QStringLiteral(".png"))
                     .toStdString();
    papers::DemoLetterIssuer::writeQrPng(out.text, out.qrPath);
    return out;
}

BlankInserted insertBlank(const AppConfig& config, token::KeyDevice& keys) {
    needDemo(config);
    const int rv = FaultControls(keys).get<int (*)()>("csfault_insert_blank")();
    if (rv < 0)
        throw std::runtime_error("the demo writer does not act as a key writer (CSFAULT_WRITER is not set)");
    return rv == 0 ? BlankInserted::Inserted : BlankInserted::AlreadyIn;
}

void removeKeys(const AppConfig& config, token::KeyDevice& keys) {
    needDemo(config);
    FaultControls(keys).get<void (*)()>("csfault_remove_now")();
}

bool reinsertKeys(const AppConfig& config, token::KeyDevice& keys) {
    needDemo(config);
    const FaultControls controls(keys);
    if (controls.get<int (*)()>("csfault_is_removed")() == 0)
        return false;
    controls.get<void (*)()>("csfault_reinsert")();
    return true;
}

int lockUserPin(const AppConfig& config, token::KeyDevice& keys, const std::string& serial) {
    needDemo(config);
    // Only the demo writer locks a PIN after its tries; a real key here would be a customer's.
    FaultControls(keys).get<int (*)()>("csfault_is_removed");
    const token::TokenInfo key = keys.key(serial);
    if (key.blank())
        throw std::runtime_error("key " + serial + " is blank: it has no PIN to lock");
    // Wrong PINs as a customer types them; a PIN that happens to be right is followed by another.
    const char* wrong[] = {"000000", "999999"};
    int which = 0;
    int sent = 0;
    while (sent < 20) {
        try {
            ++sent;
            keys.verifyUserPin(serial, Secret(wrong[which]), /*finalTryConfirmed=*/true);
            which = 1 - which; // it was the right one
        } catch (const token::TokenError& e) {
            if (e.code == token::TokenErrorCode::PinLocked)
                return sent - 1;
            if (e.code != token::TokenErrorCode::PinIncorrect)
                throw;
        }
    }
    throw std::runtime_error("key " + serial + " did not lock after " + std::to_string(sent) + " wrong PINs");
}

} // namespace countersign::counter::demo
