// SPDX-License-Identifier: GPL-3.0-or-later
// Dispositions signed into the inspection log (docs/custody.md).
#include "db/disposition.hpp"

#include "db/sqlite_registry.hpp"

#include "db/bundle.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "verifier/custody.hpp"

namespace dimmguard::db {
namespace {

namespace vf = verifier;

constexpr std::string_view release_prefix = "dimmguard-release-v1\n";

std::string value_of(const vf::Sighting& s, std::string_view key) {
    const auto it = s.context.find(std::string(key));
    return it == s.context.end() ? std::string() : it->second;
}

}  // namespace

std::string release_approval_message(const vf::Sighting& release) {
    return std::string(release_prefix) + release.identity.key() + "\n" + release.station + "\n" + release.time + "\n" +
           value_of(release, vf::context_reason) + "\n" + value_of(release, vf::context_operator);
}

Result<void> check_release_approval(const vf::Sighting& release, const std::function<Result<PublicKey>(const std::string&)>& qa_key_of) {
    const std::string key_id = value_of(release, vf::context_qa_key);
    const std::string sig_hex = value_of(release, vf::context_qa_signature);
    if (key_id.empty() || sig_hex.empty()) return fail(Errc::signature_invalid, "no qa signature");
    auto key = qa_key_of(key_id);
    if (!key) return tl::unexpected(key.error());
    auto sig = signature_from_hex(sig_hex);
    if (!sig) return fail(Errc::signature_invalid, "qa signature: " + sig.error().message);
    if (!key->verify(release_approval_message(release), *sig)) return fail(Errc::signature_invalid, "qa signature does not verify");
    return {};
}

Result<vf::Sighting> record_disposition(Database& database, const Disposition& d) {
    if (!vf::is_disposition(d.action)) {
        return fail(Errc::usage, "'" + std::string(vf::event_kind_name(d.action)) + "' is not a disposition (quarantine, release, rma, scrap)");
    }
    if (d.reason.empty()) return fail(Errc::usage, "a disposition needs a reason (--reason)");
    if (d.operator_name.empty()) return fail(Errc::usage, "a disposition needs the operator's name (--operator)");
    if (d.action == vf::EventKind::release && d.qa_key == nullptr) {
        return fail(Errc::usage, "a release needs the signature of a key trusted for role qa (--qa-key FILE)");
    }
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    auto time = d.now.empty() ? Result<std::string>(utc_now()) : normalize_time(d.now, "--now");
    if (!time) return tl::unexpected(time.error());

    vf::Sighting s;
    s.identity = d.identity;
    s.event = d.action;
    s.station = station->id;
    s.site = station->site;
    s.time = *time;
    s.context[std::string(vf::context_reason)] = d.reason;
    s.context[std::string(vf::context_operator)] = d.operator_name;
    if (!d.ticket.empty()) s.context["ticket"] = d.ticket;
    if (d.action == vf::EventKind::rma && !d.supplier.empty()) s.context[std::string(vf::context_customer)] = d.supplier;
    if (d.action == vf::EventKind::release) {
        // Refuse now what every reader would refuse later.
        TrustStore trust(database);
        const std::string key_id = d.qa_key->public_key().id();
        auto trusted = trust.publisher_trusted(key_id, qa_role, s.time);
        if (!trusted) return fail(Errc::untrusted_key, "--qa-key " + key_id + " cannot approve a release: " + trusted.error().message);
        s.context[std::string(vf::context_qa_key)] = key_id;
        auto sig = d.qa_key->sign(release_approval_message(s));
        if (!sig) return tl::unexpected(sig.error());
        s.context[std::string(vf::context_qa_signature)] = signature_hex(*sig);
    }
    return record_sighting(database, std::move(s), *time);
}

}  // namespace dimmguard::db
