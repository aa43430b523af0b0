// The checks of `countersignctl doctor` and of the kiosk's settings page. A check is one function taking the
// Run; adding one is writing it here and naming it in checks() at the bottom, where it should run.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include <QFileInfo>
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
#include "backend/doctor/run.h"
#include "backend/tokensetup.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "db/workstationstore.h"
#include "printing/cjkfont.h"
#include "printing/printqueue.h"
#include "token/keydevice.h"
#include "token/pkcs11uri.h"

namespace countersign::doctor {

namespace {

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

void configuration(Run& r) {
    if (r.config.path.isEmpty()) {
        r.fail("configuration", "no configuration file at " + defaultConfigPath().toStdString() +
                                    "; write one from /usr/share/countersign/countersign.conf.example");
        return;
    }
    r.pass("configuration", r.config.path.toStdString());
}

void database(Run& r) {
    r.guarded("database", [&] {
        // A server that does not answer is reported after 10 s, not after TCP's minutes.
        if (r.options.setConnectTimeout && qEnvironmentVariableIsEmpty("PGCONNECT_TIMEOUT"))
            qputenv("PGCONNECT_TIMEOUT", "10");
        try {
            r.conn = db::openConnection(r.config.databaseDsn);
        } catch (const pqxx::broken_connection& e) {
            throw std::runtime_error("cannot connect: " + db::describeDatabaseError(e));
        }
        pqxx::nontransaction tx{*r.conn};
        const auto row = tx.exec1("SELECT current_user, current_database(), "
                                  "current_setting('server_version'), pg_is_in_recovery()");
        if (row[3].as<bool>())
            throw std::runtime_error("connected to a standby (read only): add target_session_attrs="
                                     "read-write to [database] dsn");
        r.pass("database", std::string(row[1].c_str()) + " as " + row[0].c_str() + " on " +
                               (r.conn->hostname() ? r.conn->hostname() : "the local socket") +
                               ", PostgreSQL " + row[2].c_str());
    });
}

void schema(Run& r) {
    if (!r.needsDatabase("schema"))
        return;
    r.guarded("schema", [&] {
        const auto s = db::Migrator().status(*r.conn);
        if (s.upToDate())
            r.pass("schema", "version " + std::to_string(s.current) + ", the latest this program has");
        else if (s.newerThanProgram())
            r.fail("schema", "version " + std::to_string(s.current) + " is newer than this program's " +
                                 std::to_string(s.latest) + ": install the newer Countersign");
        else
            r.fail("schema", "version " + std::to_string(s.current) + ", this program has " +
                                 std::to_string(s.latest) +
                                 ": run countersignctl db migrate as the database owner");
    });
}

void workstation(Run& r) {
    if (!r.needsDatabase("workstation"))
        return;
    r.guarded("workstation", [&] {
        const std::string centre = r.config.centreCode.toStdString();
        const std::string counter = r.config.counterCode.toStdString();
        if (centre.empty() || counter.empty())
            throw std::runtime_error(
                "no workstation configured: set [workstation] centre and counter in " +
                (r.config.path.isEmpty() ? defaultConfigPath() : r.config.path).toStdString());
        pqxx::read_transaction tx{*r.conn};
        const auto found = db::WorkstationStore{tx}.findOwnCounter(centre, counter);
        if (!found)
            throw std::runtime_error("counter " + counter + " of centre " + centre +
                                     " is not registered; run countersignctl counter add");
        r.pass("workstation", "counter " + counter + " of centre " + centre + " (id " +
                                  std::to_string(found->counterId) + ")");
    });
}

void pkcs11(Run& r) {
    if (r.options.pkcs11) {
        r.results.push_back(r.options.pkcs11());
        return;
    }
    r.guarded("pkcs11", [&] {
        const std::string module = r.config.pkcs11Module.isEmpty()
                                       ? std::string("p11-kit's proxy (the default)")
                                       : r.config.pkcs11Module.toStdString();
        if (!r.config.pkcs11Module.isEmpty() && !QFileInfo::exists(r.config.pkcs11Module))
            throw std::runtime_error("[pkcs11] module " + module + " does not exist");
        token::Pkcs11Uri writer;
        if (!r.config.tokenUri.isEmpty())
            writer = token::Pkcs11Uri::parse(r.config.tokenUri.toStdString());
        token::KeyDevice device(r.config.pkcs11Module.toStdString(), writer);
        const auto keys = device.keys(false);
        if (keys.empty())
            throw std::runtime_error(
                "module " + module + " loads, but the writer" +
                (r.config.tokenUri.isEmpty() ? std::string() : " (" + r.config.tokenUri.toStdString() + ")") +
                " shows no key: is it plugged in, with a key in it?");
        int blank = 0;
        for (const auto& k : keys)
            blank += k.blank() ? 1 : 0;
        r.pass("pkcs11", "module " + module + " loads; the writer (" + keys.front().slotDescription +
                             ") holds " + std::to_string(keys.size()) +
                             (keys.size() == 1 ? " key" : " keys") +
                             (blank ? " (" + std::to_string(blank) + " blank)" : std::string()));
    });
}

void masterSecret(Run& r) {
    const AppConfig& c = r.config;
    r.guarded("master secret", [&] {
        if (c.soPinMasterFile.isEmpty() && c.soPinMasterToken.isEmpty())
            throw std::runtime_error("none configured: set [sopin] master_file (or master_token)");
        if (!c.soPinMasterFile.isEmpty()) {
            const std::string path = c.soPinMasterFile.toStdString();
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
        } else if (!r.options.openMasterToken) {
            r.pass("master secret", "secret key " + c.soPinMasterKey.toStdString() + " on token " +
                                        c.soPinMasterToken.toStdString() + ", version " +
                                        std::to_string(c.soPinVersion) +
                                        " (held by this kiosk's key thread)");
            return;
        }
        // Loads it as the counter does: the file's length, or the HSM, its key and PIN.
        const auto deriver = makeSoPinDeriver(c);
        if (!c.soPinMasterFile.isEmpty())
            r.pass("master secret", c.soPinMasterFile.toStdString() + ", mode 0600, owner " +
                                        userName(::geteuid()) + ", version " +
                                        std::to_string(deriver->version()));
        else
            r.pass("master secret", "secret key " + c.soPinMasterKey.toStdString() + " on token " +
                                        c.soPinMasterToken.toStdString() + ", version " +
                                        std::to_string(deriver->version()));
    });
}

void certificateAuthority(Run& r) {
    if (!r.needsDatabase("CA"))
        return;
    r.guarded("CA", [&] {
        // Set up as the counter sets it up: the built-in CA reads its certificates and issuing key.
        ca::CaConnector connector(r.config, *r.conn);
        const bool cmp = r.config.caConnector == QLatin1String("cmp");
        std::string where;
        if (cmp) {
            QString server = r.config.cmpServer;
            if (!server.contains(QLatin1String("://")))
                server.prepend(QLatin1String("http://"));
            const QUrl url(server);
            if (!url.isValid() || url.host().isEmpty())
                throw std::runtime_error("[cmp] server " + r.config.cmpServer.toStdString() +
                                         " is not host:port or an http:// URL");
            const std::string host = url.host().toStdString();
            const std::string port = std::to_string(url.port(80));
            const auto timeout = std::chrono::seconds(std::min(r.config.cmpMessageTimeout, 10));
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
        r.pass("CA", cmp ? where
                         : "built-in CA: certificates in the database, issuing key " +
                               (r.config.caKeyFile.isEmpty() ? std::string("as recorded by ca init")
                                                             : r.config.caKeyFile.toStdString()) +
                               " readable");
    });
}

/// The CRL published where its distribution point is served ([ca] crl_publish_dir): signed by the issuing
/// CA, listing every revocation on record, younger than half its lifetime (backend/ca/crlfreshness.h).
void publishedCrl(Run& r) {
    if (!r.conn)
        return;
    r.guarded("CRL", [&] {
        const auto crl = ca::checkPublishedCrl(*r.conn, r.config);
        r.add("CRL", crl.ok ? Verdict::Ok : Verdict::Fail, crl.detail);
    });
}

void printer(Run& r) {
    r.guarded("printer", [&] {
        const auto state = printing::queueState(r.config.printerName);
        if (!state.ready())
            throw std::runtime_error(
                printing::problemMessage(state.problem, state.queue, state.detail).toStdString());
        r.pass("printer", "CUPS queue " + state.queue.toStdString() +
                              (r.config.printerName.isEmpty() ? " (the default printer)" : "") +
                              " takes jobs");
    });
}

void fonts(Run& r) {
    r.guarded("fonts", [&] {
        const QString family = printing::cjkFontFamily();
        if (family.isEmpty())
            throw std::runtime_error("no font with Chinese glyphs: Chinese would print and show as boxes "
                                     "(apt install fonts-wqy-microhei)");
        r.pass("fonts", family.toStdString() + " has Chinese glyphs");
    });
}

} // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list{
        configuration,        database,     schema,  workstation, pkcs11, masterSecret,
        certificateAuthority, publishedCrl, printer, fonts};
    return list;
}

} // namespace countersign::doctor
