#include "token/pkcs11session.h"

#include "token/tokenerror.h"

namespace countersign::token {

std::optional<CK_SLOT_ID> slotWithSerial(CK_FUNCTION_LIST_PTR f, const std::string& serial) {
    CK_ULONG count = 0;
    if (f->C_GetSlotList(CK_TRUE, nullptr, &count) != CKR_OK)
        return std::nullopt;
    std::vector<CK_SLOT_ID> ids(count);
    if (f->C_GetSlotList(CK_TRUE, ids.data(), &count) != CKR_OK)
        return std::nullopt;
    for (CK_ULONG i = 0; i < count; ++i) {
        CK_TOKEN_INFO info{};
        if (f->C_GetTokenInfo(ids[i], &info) != CKR_OK)
            continue;
        std::string s(reinterpret_cast<const char*>(info.serialNumber), sizeof info.serialNumber);
        s.erase(s.find_last_not_of(' ') + 1);
        if (s == serial)
            return ids[i];
    }
    return std::nullopt;
}

CK_RV initialiseInstance(CK_FUNCTION_LIST_PTR functions) {
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    return functions->C_Initialize(&args);
}

Pkcs11Session::Pkcs11Session(CK_FUNCTION_LIST_PTR functions, CK_SLOT_ID slot, std::string step)
    : m_f(functions)
    , m_step(std::move(step)) {
    check(m_f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &m_session),
          "opening a session");
}

Pkcs11Session::~Pkcs11Session() {
    if (m_loggedIn)
        m_f->C_Logout(m_session);
    m_f->C_CloseSession(m_session);
}

void Pkcs11Session::check(CK_RV rv, const char* what) const {
    if (rv != CKR_OK)
        throw errorFromCkr(m_step + ": " + what, rv);
}

CK_RV Pkcs11Session::login(CK_USER_TYPE user, const Secret& pin) {
    const CK_RV rv = m_f->C_Login(
        m_session, user, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.c_str())), pin.size());
    if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) {
        m_loggedIn = true;
        return CKR_OK;
    }
    return rv;
}

std::vector<CK_OBJECT_HANDLE> Pkcs11Session::find(CK_OBJECT_CLASS cls, const std::vector<unsigned char>* id) {
    std::vector<CK_ATTRIBUTE> tmpl{{CKA_CLASS, &cls, sizeof cls}};
    if (id)
        tmpl.push_back({CKA_ID, const_cast<unsigned char*>(id->data()), id->size()});
    return findMatching(tmpl);
}

std::vector<CK_OBJECT_HANDLE> Pkcs11Session::findById(const std::vector<unsigned char>& id) {
    std::vector<CK_ATTRIBUTE> tmpl{{CKA_ID, const_cast<unsigned char*>(id.data()), id.size()}};
    return findMatching(tmpl);
}

std::vector<CK_OBJECT_HANDLE> Pkcs11Session::findMatching(std::vector<CK_ATTRIBUTE>& tmpl) {
    check(m_f->C_FindObjectsInit(m_session, tmpl.data(), tmpl.size()), "searching the key");
    std::vector<CK_OBJECT_HANDLE> found;
    CK_OBJECT_HANDLE batch[32];
    CK_ULONG n = 0;
    CK_RV rv = CKR_OK;
    do {
        rv = m_f->C_FindObjects(m_session, batch, 32, &n);
        if (rv != CKR_OK)
            break;
        found.insert(found.end(), batch, batch + n);
    } while (n == 32);
    m_f->C_FindObjectsFinal(m_session);
    check(rv, "searching the key");
    return found;
}

std::vector<unsigned char> Pkcs11Session::attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) {
    CK_ATTRIBUTE a{type, nullptr, 0};
    CK_RV rv = m_f->C_GetAttributeValue(m_session, object, &a, 1);
    if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE ||
        a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return {};
    check(rv, "reading an attribute");
    std::vector<unsigned char> value(a.ulValueLen);
    a.pValue = value.data();
    check(m_f->C_GetAttributeValue(m_session, object, &a, 1), "reading an attribute");
    value.resize(a.ulValueLen);
    return value;
}

std::vector<unsigned char> Pkcs11Session::required(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type,
                                                   const char* name) {
    auto value = attribute(object, type);
    if (value.empty())
        throw TokenError(TokenErrorCode::Unsupported, m_step, 0, {},
                         std::string("the key does not show ") + name + " of its object");
    return value;
}

CK_OBJECT_HANDLE Pkcs11Session::create(std::vector<CK_ATTRIBUTE>& attributes) {
    CK_OBJECT_HANDLE object = 0;
    check(m_f->C_CreateObject(m_session, attributes.data(), attributes.size(), &object),
          "writing to the key");
    return object;
}

void Pkcs11Session::destroy(CK_OBJECT_HANDLE object) {
    check(m_f->C_DestroyObject(m_session, object), "deleting from the key");
}

std::vector<unsigned char> Pkcs11Session::sign(CK_OBJECT_HANDLE key, CK_MECHANISM_TYPE mechanism,
                                               const unsigned char* data, std::size_t length) {
    CK_MECHANISM m{mechanism, nullptr, 0};
    check(m_f->C_SignInit(m_session, &m, key), "signing on the key");
    CK_ULONG size = 0;
    auto* input = const_cast<unsigned char*>(data);
    check(m_f->C_Sign(m_session, input, length, nullptr, &size), "signing on the key");
    std::vector<unsigned char> signature(size);
    check(m_f->C_Sign(m_session, input, length, signature.data(), &size), "signing on the key");
    signature.resize(size);
    return signature;
}

void Pkcs11Session::generateKeyPair(CK_MECHANISM_TYPE mechanism, std::vector<CK_ATTRIBUTE>& publicTemplate,
                                    std::vector<CK_ATTRIBUTE>& privateTemplate) {
    CK_MECHANISM m{mechanism, nullptr, 0};
    CK_OBJECT_HANDLE pub = 0, priv = 0;
    check(m_f->C_GenerateKeyPair(m_session, &m, publicTemplate.data(), publicTemplate.size(),
                                 privateTemplate.data(), privateTemplate.size(), &pub, &priv),
          "generating the key pair");
}

void Pkcs11Session::initPin(const Secret& pin) {
    check(m_f->C_InitPIN(m_session, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.c_str())),
                         pin.size()),
          "setting the PIN");
}

void Pkcs11Session::setPin(const Secret& oldPin, const Secret& newPin) {
    check(m_f->C_SetPIN(m_session, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(oldPin.c_str())),
                        oldPin.size(), reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(newPin.c_str())),
                        newPin.size()),
          "changing the PIN");
}

} // namespace countersign::token
