#include "backend/ctl/doctorcommands.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include <QFileInfo>
#include <QJsonArray>
#include <QUrl>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/ca/ca.h"
#include "backend/ca/caconnector.h"
#include "backend/ca/crlfreshness.h"
#include "backend/ctl/ctl.h"
#include "backend/tokensetup.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "db/workstationstore.h"
#include "printing/cjkfont.h"
#include "printing/printqueue.h"
#include "token/keydevice.h"
#include "token/pkcs11uri.h"
#include "token/tokenerror.h"

namespace countersign::ctl {

const char* const kDoctorCommandHelp =
    R"(  doctor                        check this workstation, one line per check: database reachable and
                                migrated, counter registered, PKCS#11 module loads and the writer is seen,
                                SO-PIN master secret present and private (owner only, owned by the user
                                running the check: run it as the kiosk's user), CA reachable, printer
                                queue exists and takes jobs, fonts with Chinese glyphs, the CRL published in
                                [ca] crl_publish_dir (signed by the issuing CA, lists every revocation, younger
                                than half its lifetime); exit 1 when any fails
)";

namespace {

struct CheckResult {
    std::string name;
    bool ok = false;
    std::string detail;
};

std::string userName(uid_t uid) {
    if (const passwd* pw = ::getpwuid(uid))
        return pw->pw_name;
    return "uid " + std::to_string(uid);
}

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    return text;
}

/// A TCP connection to host:port within `timeout`: the CMP server is there. Empty on success, else why not.
std::string tcpConnect(const std::string& host, const std::string& port, std::chrono::milliseconds timeout) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return "cannot resolve " + host + ": " + ::gai_strerror(rc);
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
    std::string error = "no address for " + host;
    for (const addrinfo* a = addresses.get(); a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* f) {
            ::close(*f);
            delete f;
        });
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            error = std::strerror(errno);
            continue;
        }
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) {
            error = "no answer within " + std::to_string(timeout.count() / 1000) + " s";
            continue;
        }
        int soError = 0;
        socklen_t length = sizeof soError;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length);
        if (soError == 0)
            return {};
        error = std::strerror(soError);
    }
    return error;
}

class Doctor {
public:
    explicit Doctor(const Context& ctx)
        : m_ctx(ctx)
        , m_config(ctx.config) {}

    std::vector<CheckResult> run() {
        configuration();
        database();
        schema();
        workstation();
        pkcs11();
        masterSecret();
        certificateAuthority();
        if (m_conn)
            guarded("CRL", [&] {
                const auto crl = ca::checkPublishedCrl(*m_conn, m_config);
                add("CRL", crl.ok, crl.detail);
            });
        printer();
        fonts();
        return std::move(m_results);
    }

private:
    /// One line per check: libpq's messages come with line breaks and tabs.
    void add(const std::string& name, bool ok, std::string detail) {
        std::string line;
        for (const char c : detail) {
            const bool blank = c == '\n' || c == '\t' || c == '\r' || c == ' ';
            if (!blank)
                line += c;
            else if (!line.empty() && line.back() != ' ')
                line += ' ';
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        m_results.push_back({name, ok, line});
    }

    /// Runs `check`, turning whatever it throws into a failed line.
    void guarded(const std::string& name, const std::function<void()>& check) {
        try {
            check();
        } catch (const token::TokenError& e) {
            add(name, false, e.message(false));
        } catch (const ca::CaError& e) {
            add(name, false, e.what());
        } catch (const std::exception& e) {
            add(name, false, db::describeDatabaseError(e));
        }
    }

    void configuration() {
        if (m_config.path.isEmpty()) {
            add("configuration", false,
                "no configuration file at " + defaultConfigPath().toStdString() +
                    "; write one from /usr/share/countersign/countersign.conf.example");
            return;
        }
        add("configuration", true, m_config.path.toStdString());
    }

    void database() {
        guarded("database", [&] {
            // A server that does not answer is reported after 10 s, not after TCP's minutes.
            if (qEnvironmentVariableIsEmpty("PGCONNECT_TIMEOUT"))
                qputenv("PGCONNECT_TIMEOUT", "10");
            try {
                m_conn = db::openConnection(m_config.databaseDsn);
            } catch (const pqxx::broken_connection& e) {
                throw std::runtime_error("cannot connect: " + db::describeDatabaseError(e));
            }
            pqxx::nontransaction tx{*m_conn};
            const auto r = tx.exec1("SELECT current_user, current_database(), "
                                    "current_setting('server_version'), pg_is_in_recovery()");
            if (r[3].as<bool>())
                throw std::runtime_error("connected to a standby (read only): add target_session_attrs="
                                         "read-write to [database] dsn");
            add("database", true,
                std::string(r[1].c_str()) + " as " + r[0].c_str() + " on " +
                    (m_conn->hostname() ? m_conn->hostname() : "the local socket") + ", PostgreSQL " +
                    r[2].c_str());
        });
    }

    void schema() {
        if (!m_conn) {
            add("schema", false, "not checked: no database");
            return;
        }
        guarded("schema", [&] {
            const auto s = db::Migrator().status(*m_conn);
            if (s.upToDate())
                add("schema", true, "version " + std::to_string(s.current) + ", the latest this program has");
            else if (s.newerThanProgram())
                add("schema", false,
                    "version " + std::to_string(s.current) + " is newer than this program's " +
                        std::to_string(s.latest) + ": install the newer Countersign");
            else
                add("schema", false,
                    "version " + std::to_string(s.current) + ", this program has " +
                        std::to_string(s.latest) + ": run countersignctl db migrate as the database owner");
        });
    }

    void workstation() {
        if (!m_conn) {
            add("workstation", false, "not checked: no database");
            return;
        }
        guarded("workstation", [&] {
            pqxx::read_transaction tx{*m_conn};
            const long long counter = requireCounter(m_ctx, tx);
            add("workstation", true,
                "counter " + m_config.counterCode.toStdString() + " of centre " +
                    m_config.centreCode.toStdString() + " (id " + std::to_string(counter) + ")");
        });
    }

    void pkcs11() {
        guarded("pkcs11", [&] {
            const std::string module = m_config.pkcs11Module.isEmpty()
                                           ? std::string("p11-kit's proxy (the default)")
                                           : m_config.pkcs11Module.toStdString();
            if (!m_config.pkcs11Module.isEmpty() && !QFileInfo::exists(m_config.pkcs11Module))
                throw std::runtime_error("[pkcs11] module " + module + " does not exist");
            token::Pkcs11Uri writer;
            if (!m_config.tokenUri.isEmpty())
                writer = token::Pkcs11Uri::parse(m_config.tokenUri.toStdString());
            token::KeyDevice device(m_config.pkcs11Module.toStdString(), writer);
            const auto keys = device.keys(false);
            if (keys.empty())
                throw std::runtime_error("module " + module + " loads, but the writer" +
                                         (m_config.tokenUri.isEmpty()
                                              ? std::string()
                                              : " (" + m_config.tokenUri.toStdString() + ")") +
                                         " shows no key: is it plugged in, with a key in it?");
            int blank = 0;
            for (const auto& k : keys)
                blank += k.blank() ? 1 : 0;
            add("pkcs11", true,
                "module " + module + " loads; the writer (" + keys.front().slotDescription + ") holds " +
                    std::to_string(keys.size()) + (keys.size() == 1 ? " key" : " keys") +
                    (blank ? " (" + std::to_string(blank) + " blank)" : std::string()));
        });
    }

    void masterSecret() {
        guarded("master secret", [&] {
            if (m_config.soPinMasterFile.isEmpty() && m_config.soPinMasterToken.isEmpty())
                throw std::runtime_error("none configured: set [sopin] master_file (or master_token)");
            if (!m_config.soPinMasterFile.isEmpty()) {
                const std::string path = m_config.soPinMasterFile.toStdString();
                struct stat st {};
                if (::stat(path.c_str(), &st) != 0)
                    throw std::runtime_error(path + " does not exist");
                if ((st.st_mode & 0077) != 0)
                    throw std::runtime_error(path + " has mode " + octal(st.st_mode) +
                                             ": others may read it (chmod 600)");
                if (st.st_uid != ::geteuid())
                    throw std::runtime_error(path + " belongs to " + userName(st.st_uid) + ", not to " +
                                             userName(::geteuid()) +
                                             " who runs this check (run it as the kiosk's user)");
            }
            // Loads it as the counter does: the file's length, or the HSM, its key and PIN.
            const auto deriver = makeSoPinDeriver(m_config);
            if (!m_config.soPinMasterFile.isEmpty())
                add("master secret", true,
                    m_config.soPinMasterFile.toStdString() + ", mode 0600, owner " + userName(::geteuid()) +
                        ", version " + std::to_string(deriver->version()));
            else
                add("master secret", true,
                    "secret key " + m_config.soPinMasterKey.toStdString() + " on token " +
                        m_config.soPinMasterToken.toStdString() + ", version " +
                        std::to_string(deriver->version()));
        });
    }

    void certificateAuthority() {
        if (!m_conn) {
            add("CA", false, "not checked: no database");
            return;
        }
        guarded("CA", [&] {
            // Set up as the counter sets it up: the built-in CA reads its certificates and issuing key.
            ca::CaConnector connector(m_config, *m_conn);
            const bool cmp = m_config.caConnector == QLatin1String("cmp");
            std::string where;
            if (cmp) {
                QString server = m_config.cmpServer;
                if (!server.contains(QLatin1String("://")))
                    server.prepend(QLatin1String("http://"));
                const QUrl url(server);
                if (!url.isValid() || url.host().isEmpty())
                    throw std::runtime_error("[cmp] server " + m_config.cmpServer.toStdString() +
                                             " is not host:port or an http:// URL");
                const std::string host = url.host().toStdString();
                const std::string port = std::to_string(url.port(80));
                const auto timeout = std::chrono::seconds(std::min(m_config.cmpMessageTimeout, 10));
                const std::string problem = tcpConnect(host, port, timeout);
                if (!problem.empty())
                    throw std::runtime_error("the CMP server " + host + ":" + port +
                                             " is not reachable: " + problem);
                where = "CMP server " + host + ":" + port + " accepts connections";
            }
            // The status of a serial nobody was given, as the kiosk's status bar asks: any answer will do.
            try {
                connector.ca().status("01");
            } catch (const ca::CaError& e) {
                if (e.code != ca::CaErrorCode::NotFound)
                    throw;
            }
            add("CA", true,
                cmp ? where
                    : "built-in CA: certificates in the database, issuing key " +
                          (m_config.caKeyFile.isEmpty() ? std::string("as recorded by ca init")
                                                        : m_config.caKeyFile.toStdString()) +
                          " readable");
        });
    }

    void printer() {
        guarded("printer", [&] {
            const auto state = printing::queueState(m_config.printerName);
            if (!state.ready())
                throw std::runtime_error(
                    printing::problemMessage(state.problem, state.queue, state.detail).toStdString());
            add("printer", true,
                "CUPS queue " + state.queue.toStdString() +
                    (m_config.printerName.isEmpty() ? " (the default printer)" : "") + " takes jobs");
        });
    }

    void fonts() {
        guarded("fonts", [&] {
            const QString family = printing::cjkFontFamily();
            if (family.isEmpty())
                throw std::runtime_error("no font with Chinese glyphs: Chinese would print and show as boxes "
                                         "(apt install fonts-wqy-microhei)");
            add("fonts", true, family.toStdString() + " has Chinese glyphs");
        });
    }

    const Context& m_ctx;
    const AppConfig& m_config;
    std::unique_ptr<pqxx::connection> m_conn;
    std::vector<CheckResult> m_results;
};

} // namespace

int doctorCommand(Context& ctx, Arguments& args) {
    args.expectEmpty("countersignctl doctor");
    const auto results = Doctor(ctx).run();
    bool allOk = true;
    QJsonArray list;
    std::size_t width = 0;
    for (const auto& r : results)
        width = std::max(width, r.name.size());
    std::string text;
    for (const auto& r : results) {
        allOk = allOk && r.ok;
        list.append(QJsonObject{{QStringLiteral("check"), QString::fromStdString(r.name)},
                                {QStringLiteral("ok"), r.ok},
                                {QStringLiteral("detail"), QString::fromStdString(r.detail)}});
        text += std::string(r.ok ? "✓ " : "✗ ") + r.name + std::string(width + 2 - r.name.size(), ' ') +
                r.detail + "\n";
    }
    int failed = 0;
    for (const auto& r : results)
        failed += r.ok ? 0 : 1;
    text += allOk ? "all " + std::to_string(results.size()) + " checks passed"
                  : std::to_string(failed) + " of " + std::to_string(results.size()) + " checks failed";
    ctx.print({{QStringLiteral("ok"), allOk}, {QStringLiteral("checks"), list}}, text);
    return allOk ? ExitOk : ExitRefused;
}

} // namespace countersign::ctl
