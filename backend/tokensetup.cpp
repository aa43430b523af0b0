#include "backend/tokensetup.h"

#include <fstream>
#include <iterator>

#include <sys/stat.h>

#include "token/secretfile.h"
#include "token/tokenerror.h"

namespace countersign {

namespace {

// The PIN of the token holding the master secret, from a file as private as the secret itself.
Secret readPinFile(const std::string& path) {
    auto pin = token::readOwnerOnlyLine(path);
    if (!pin)
        throw token::TokenError(token::TokenErrorCode::MasterSecret, "reading the master token's PIN", 0, {},
                                path + " must exist and be readable by its owner only (chmod 600)");
    return std::move(*pin);
}

} // namespace

std::shared_ptr<const token::SoPinDeriver> makeSoPinDeriver(const AppConfig& config) {
    const token::SoPinFormat format{static_cast<std::size_t>(config.soPinLength),
                                    config.soPinAlphabet.toStdString()};
    if (!config.soPinMasterFile.isEmpty())
        return std::make_shared<token::SoPinDeriver>(
            token::FileMasterSecret::load(config.soPinMasterFile.toStdString()), config.soPinVersion, format);
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
