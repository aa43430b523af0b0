#pragma once

#include <optional>
#include <string>
#include <vector>

#include <p11-kit/pkcs11.h>

#include "token/secret.h"

namespace countersign::token {

/// The slot of the token with this serial among the slots with a token present (serials are stable, slot ids
/// are not); nullopt when there is none.
std::optional<CK_SLOT_ID> slotWithSerial(CK_FUNCTION_LIST_PTR functions, const std::string& serial);

/// C_Initialize (OS locking) on a function list taken beside libp11's: most modules hand out one list, which
/// libp11 initialised (CKR_CRYPTOKI_ALREADY_INITIALIZED); p11-kit's proxy hands out a new, uninitialised
/// instance at every C_GetFunctionList (CKR_OK: it is the caller's to C_Finalize).
CK_RV initialiseInstance(CK_FUNCTION_LIST_PTR functions);

/// One raw PKCS#11 session on a slot, logged out and closed when it goes away. Every failure is thrown as a
/// TokenError naming `step` (internal to token/).
///
/// The key layer opens its own sessions rather than libp11 0.4.12's pool: when C_OpenSession fails — a key
/// pulled out — that pool waits on a condition variable for ever, which would hang the token thread.
class Pkcs11Session {
public:
    Pkcs11Session(CK_FUNCTION_LIST_PTR functions, CK_SLOT_ID slot, std::string step);
    ~Pkcs11Session();
    Pkcs11Session(const Pkcs11Session&) = delete;
    Pkcs11Session& operator=(const Pkcs11Session&) = delete;

    /// C_Login; returns the module's answer for the caller to interpret (PIN flags, lock).
    CK_RV login(CK_USER_TYPE user, const Secret& pin);

    /// Objects of a class (and CKA_ID): the class goes in the search template, never read back from each
    /// object (openCryptoki answers CKR_ATTRIBUTE_SENSITIVE for CKA_CLASS of a private object).
    std::vector<CK_OBJECT_HANDLE> find(CK_OBJECT_CLASS cls, const std::vector<unsigned char>* id = nullptr);
    /// Every object with this CKA_ID, whatever its class.
    std::vector<CK_OBJECT_HANDLE> findById(const std::vector<unsigned char>& id);
    /// Every object matching `tmpl` (empty: every object the session can see).
    std::vector<CK_OBJECT_HANDLE> findMatching(std::vector<CK_ATTRIBUTE>& tmpl);
    /// The attribute's bytes; empty when the object doesn't have it, or won't show it (sensitive): for
    /// attributes the caller can do without.
    std::vector<unsigned char> attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    /// The attribute's bytes, or TokenErrorCode::Unsupported naming it when the object won't give them.
    std::vector<unsigned char> required(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, const char* name);
    CK_OBJECT_HANDLE create(std::vector<CK_ATTRIBUTE>& attributes);
    void destroy(CK_OBJECT_HANDLE object);
    std::vector<unsigned char> sign(CK_OBJECT_HANDLE key, CK_MECHANISM_TYPE mechanism,
                                    const unsigned char* data, std::size_t length);
    void generateKeyPair(CK_MECHANISM_TYPE mechanism, std::vector<CK_ATTRIBUTE>& publicTemplate,
                         std::vector<CK_ATTRIBUTE>& privateTemplate);
    void initPin(const Secret& pin);
    void setPin(const Secret& oldPin, const Secret& newPin);

private:
    void check(CK_RV rv, const char* what) const;

    CK_FUNCTION_LIST_PTR m_f;
    CK_SESSION_HANDLE m_session = 0;
    bool m_loggedIn = false;
    std::string m_step;
};

} // namespace countersign::token
