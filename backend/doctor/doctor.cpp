#include "backend/doctor/doctor.h"

#include "backend/ca/ca.h"
#include "backend/doctor/run.h"
#include "db/connection.h"
#include "token/tokenerror.h"

namespace countersign::doctor {

const char* verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Ok:
        return "ok";
    case Verdict::Warn:
        return "warn";
    case Verdict::Fail:
        break;
    }
    return "fail";
}

void Run::add(const std::string& name, Verdict verdict, const std::string& detail) {
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
    results.push_back({name, verdict, line});
}

void Run::guarded(const std::string& name, const std::function<void()>& check) {
    try {
        check();
    } catch (const token::TokenError& e) {
        fail(name, e.message(false));
    } catch (const ca::CaError& e) {
        fail(name, e.what());
    } catch (const std::exception& e) {
        fail(name, db::describeDatabaseError(e));
    }
}

bool Run::needsDatabase(const std::string& name) {
    if (conn)
        return true;
    fail(name, "not checked: no database");
    return false;
}

std::vector<CheckResult> run(const AppConfig& config, const Options& options) {
    Run r{config, options, nullptr, {}};
    for (const Check check : checks())
        check(r);
    return std::move(r.results);
}

} // namespace countersign::doctor
