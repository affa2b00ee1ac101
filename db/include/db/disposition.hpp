// SPDX-License-Identifier: GPL-3.0-or-later
// Dispositions: the signed decisions that end or change an identity's custody outside an
// inspection (quarantine, release, return to the supplier, scrap), with who decided and why.
// A release clears every earlier verdict (PRIOR_VERDICT), so it also needs the signature of a
// key the trust document names for role `qa` (docs/custody.md).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "dimmguard/result.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

struct Disposition {
    verifier::ModuleIdentity identity;
    verifier::EventKind action = verifier::EventKind::quarantine;  ///< quarantine, release, rma, scrap
    std::string reason;                 ///< required, free text
    std::string operator_name;          ///< required: who decided
    std::string supplier;               ///< rma: who the module goes back to (context customer)
    std::string ticket;                 ///< optional: RMA / case number (context ticket)
    const KeyPair* qa_key = nullptr;    ///< release: a key trusted for role qa now
    std::string now;                    ///< RFC 3339 UTC; empty = the clock
};

/// The message a qa key signs to approve a release: domain prefix, identity, station, time,
/// reason and operator, one per line.
[[nodiscard]] std::string release_approval_message(const verifier::Sighting& release);

/// Check a release's context qa_key / qa_signature against `qa_key_of` (the trust store's key
/// for role qa). Errc::signature_invalid or the lookup's error naming what is wrong.
[[nodiscard]] Result<void> check_release_approval(const verifier::Sighting& release,
                                                  const std::function<Result<PublicKey>(const std::string&)>& qa_key_of);

/// Sign the disposition into this station's inspection log. Errc::usage for a missing reason
/// or operator, an action that is not a disposition, or a release without a qa key;
/// Errc::untrusted_key when the qa key is not trusted for role qa now. Nothing is written on
/// any error.
[[nodiscard]] Result<verifier::Sighting> record_disposition(Database& database, const Disposition& disposition);

}  // namespace dimmguard::db
