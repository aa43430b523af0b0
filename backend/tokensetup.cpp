#include "backend/tokensetup.h"

#include "token/secretfile.h"
#include "token/tokenerror.h"

namespace countersign {

namespace {

// The PIN of the token holding the master secret, from a file as private as the secret itself.
Secret readPinFile(const std::string& path) {
    token::SecretFileProblem problem = token::SecretFileProblem::None;
    auto pin = token::readOwnerOnlyLine(path, &problem);
    if (!pin)
        throw token::TokenError(token::TokenErrorCode::MasterSecret, "reading the master token's PIN", 0, {},
                                token::secretFileProblemText(problem, path));
    return std::move(*pin);
}

} // namespace

std::shared_ptr<const token::SoPinDeriver> makeSoPinDeriver(const AppConfig& config) {
    const token::SoPinFormat format{static_cast<std::size_t>(config.soPinLength),
                                    config.soPinAlphabet.toStdString()};
    if (!config.soPinMasterFiles.empty() || !config.soPinMasterFile.isEmpty()) {
        // Every version still in use, each from its own file; a config of one master_file is its version's.
        std::map<int, std::shared_ptr<const token::MasterSecret>> masters;
        for (const auto& [version, path] : config.soPinMasterFiles)
            masters[version] = token::FileMasterSecret::load(path.toStdString());
        if (masters.empty())
            masters[config.soPinVersion] =
                token::FileMasterSecret::load(config.soPinMasterFile.toStdString());
        return std::make_shared<token::SoPinDeriver>(std::move(masters), config.soPinVersion, format);
    }
    if (!config.soPinMasterToken.isEmpty()) {
        auto master = std::make_shared<token::TokenMasterSecret>(
            config.soPinMasterModule.toStdString(), config.soPinMasterToken.toStdString(),
            config.soPinMasterKey.toStdString(), readPinFile(config.soPinMasterPinFile.toStdString()));
        return std::make_shared<token::SoPinDeriver>(std::move(master), config.soPinVersion, format);
    }
    return nullptr;
}

token::PinPolicy makePinPolicy(const AppConfig& config) {
    token::PinPolicy policy;
    policy.minLength = static_cast<std::size_t>(config.pinMinLength);
    policy.defaultPin = config.defaultPin.toStdString();
    return policy;
}

} // namespace countersign
