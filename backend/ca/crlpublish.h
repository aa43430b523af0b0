#pragma once

#include <string>

#include "backend/ca/ca.h"

namespace countersign::ca {

/// The file name the CRL is published under in the publication directory: the last part of the CRL
/// distribution point URL ([ca] crl_url, e.g. countersign.crl), "countersign.crl" when there is none.
std::string crlFileName(const std::string& crlUrl);

/// Whether that name asks for PEM (it ends in .pem); otherwise the CRL is written DER-encoded, as RFC 5280
/// (§4.2.1.13) requires of an HTTP distribution point.
bool crlNameWantsPem(const std::string& fileName);

/// Makes a fresh CRL with `ca` and writes it to `dir`/crlFileName(crlUrl) atomically: a temporary file in
/// `dir`, written whole, mode 0644, fsync'd, then renamed over the old one (and the directory fsync'd), so
/// the web server serving the directory never hands out half a CRL. Returns the path. Throws
/// std::runtime_error naming the path and the system's reason; the published CRL is then the previous one.
std::string publishCrl(CertificateAuthority& ca, const std::string& dir, const std::string& crlUrl);

/// Writes `bytes` to `path` that way (for publishCrl and its tests).
void writeAtomically(const std::string& path, const std::string& bytes, unsigned mode);

} // namespace countersign::ca
