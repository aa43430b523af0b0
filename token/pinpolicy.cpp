#include "token/pinpolicy.h"

#include <algorithm>

namespace countersign::token {

const char* pinProblemName(PinProblem problem) {
    switch (problem) {
    case PinProblem::None:
        return "None";
    case PinProblem::TooShort:
        return "TooShort";
    case PinProblem::TooLong:
        return "TooLong";
    case PinProblem::NotDigits:
        return "NotDigits";
    case PinProblem::AllSame:
        return "AllSame";
    case PinProblem::Ascending:
        return "Ascending";
    case PinProblem::Descending:
        return "Descending";
    case PinProblem::BirthDate:
        return "BirthDate";
    case PinProblem::Mismatch:
        return "Mismatch";
    }
    return "None";
}

std::string pinProblemMessage(PinProblem problem, bool chinese, std::size_t minLength,
                              std::size_t maxLength) {
    switch (problem) {
    case PinProblem::None:
        return {};
    case PinProblem::TooShort:
        return chinese ? "PIN码至少 " + std::to_string(minLength) + " 位。"
                       : "The PIN needs at least " + std::to_string(minLength) + " digits.";
    case PinProblem::TooLong:
        return chinese ? "PIN码最多 " + std::to_string(maxLength) + " 位。"
                       : "The PIN may have at most " + std::to_string(maxLength) + " digits.";
    case PinProblem::NotDigits:
        return chinese ? "PIN码只能由数字组成。" : "The PIN may contain digits only.";
    case PinProblem::AllSame:
        return chinese ? "PIN码不能全部是同一个数字。" : "The PIN can't be one digit repeated.";
    case PinProblem::Ascending:
        return chinese ? "PIN码不能是连续递增的数字。" : "The PIN can't be ascending digits.";
    case PinProblem::Descending:
        return chinese ? "PIN码不能是连续递减的数字。" : "The PIN can't be descending digits.";
    case PinProblem::BirthDate:
        return chinese ? "PIN码不能使用经办人的出生日期。" : "The PIN can't be the agent's birth date.";
    case PinProblem::Mismatch:
        return chinese ? "两次输入的PIN码不一致。" : "The two PINs differ.";
    }
    return {};
}

PinPolicy PinPolicy::within(std::size_t keyMin, std::size_t keyMax) const {
    PinPolicy out = *this;
    out.minLength = std::max(minLength, keyMin);
    if (keyMax > 0)
        out.maxLength = std::min(maxLength, keyMax);
    return out;
}

PinProblem PinPolicy::check(const Secret& secret, std::string_view birthDate) const {
    const std::string_view pin = secret.view();
    if (pin.size() < minLength)
        return PinProblem::TooShort;
    if (pin.size() > maxLength)
        return PinProblem::TooLong;
    const bool allDigits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digitsOnly && !allDigits)
        return PinProblem::NotDigits;
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin.front(); }))
        return PinProblem::AllSame;
    bool ascending = true, descending = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        // Wrapping runs (890123) are as guessable as plain ones.
        ascending = ascending && (pin[i] - '0') == ((pin[i - 1] - '0') + 1) % 10;
        descending = descending && (pin[i] - '0') == ((pin[i - 1] - '0') + 9) % 10;
    }
    if (allDigits && ascending)
        return PinProblem::Ascending;
    if (allDigits && descending)
        return PinProblem::Descending;
    if (birthDate.size() == 8) {
        const std::string yyyymmdd(birthDate);
        const std::string yy = yyyymmdd.substr(2, 2), mm = yyyymmdd.substr(4, 2), dd = yyyymmdd.substr(6, 2);
        for (const std::string& form : {yyyymmdd, yy + mm + dd, mm + dd + yy, dd + mm + yy,
                                        mm + dd + yyyymmdd.substr(0, 4), dd + mm + yyyymmdd.substr(0, 4)}) {
            if (pin == form || (pin.size() >= 6 && form.find(pin) != std::string::npos))
                return PinProblem::BirthDate;
        }
    }
    return PinProblem::None;
}

PinProblem PinPolicy::check(const Secret& pin, const Secret& repeat, std::string_view birthDate) const {
    const PinProblem problem = check(pin, birthDate);
    if (problem != PinProblem::None)
        return problem;
    return pin.view() == repeat.view() ? PinProblem::None : PinProblem::Mismatch;
}

} // namespace countersign::token
