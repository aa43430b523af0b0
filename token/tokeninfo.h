#pragma once

#include <string>

namespace countersign::token {

/// What a key in a reader says about itself (PKCS#11 CK_TOKEN_INFO, as libp11 reports it).
struct TokenInfo {
    std::string serial;
    std::string label;
    std::string manufacturer;
    std::string model;
    std::string slotDescription;
    bool initialized = false;
    bool userPinSet = false;
    bool userPinCountLow = false;
    bool userPinFinalTry = false;
    bool userPinLocked = false;
    bool userPinToBeChanged = false;
    bool soPinCountLow = false;
    bool soPinFinalTry = false;
    bool soPinLocked = false;
    bool removable = false;
};

} // namespace countersign::token
