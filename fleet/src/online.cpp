// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/online.hpp"

#include <algorithm>
#include <utility>

#include "db/station_log.hpp"
#include "dimmguard/error.hpp"

namespace dimmguard::fleet {

Result<std::string> remembered_server(const std::filesystem::path& data_dir) { return db::read_setting(data_dir, server_setting); }

Result<void> remember_server(const std::filesystem::path& data_dir, const std::string& conninfo) {
    return db::write_setting(data_dir, server_setting, conninfo);
}

Result<std::string> remembered_lookup_server(const std::filesystem::path& data_dir) { return db::read_setting(data_dir, lookup_server_setting); }

Result<void> remember_lookup_server(const std::filesystem::path& data_dir, const std::string& conninfo) {
    return db::write_setting(data_dir, lookup_server_setting, conninfo);
}

Result<std::string> online_lookup_server(const std::filesystem::path& data_dir) {
    auto lookup = remembered_lookup_server(data_dir);
    if (!lookup || !lookup->empty()) return lookup;
    return remembered_server(data_dir);
}

OnlineRegistry::OnlineRegistry(db::Database& database, verifier::RegistryInterface& local, std::string conninfo,
                               std::chrono::milliseconds timeout, std::string now)
    : database_(database), local_(local), conninfo_(std::move(conninfo)), timeout_(timeout), now_(std::move(now)) {}

OnlineRegistry::~OnlineRegistry() = default;

Result<verifier::Lookup<verifier::PartRecord>> OnlineRegistry::part(std::string_view part_number) { return local_.part(part_number); }
Result<verifier::Lookup<verifier::SerialRecord>> OnlineRegistry::issued_serial(const verifier::ModuleIdentity& identity) {
    return local_.issued_serial(identity);
}
Result<bool> OnlineRegistry::publishes_serials(std::string_view maker_hex) { return local_.publishes_serials(maker_hex); }
Result<verifier::Lookup<verifier::Revocation>> OnlineRegistry::revocations(const verifier::ModuleIdentity& identity) {
    return local_.revocations(identity);
}
Result<verifier::Sighting> OnlineRegistry::record_sighting(verifier::Sighting sighting) { return local_.record_sighting(std::move(sighting)); }

Result<std::optional<OnlineRegistry::Outside>> OnlineRegistry::outside(const verifier::ModuleIdentity& identity) {
    if (!offline_.empty()) return std::optional<Outside>();
    if (self_.empty()) {
        auto station = database_.station();
        if (!station) return tl::unexpected(station.error());
        self_ = station->id;
    }
    if (!server_) {
        auto opened = PgConnection::open(conninfo_, timeout_);
        if (!opened) {
            offline_ = opened.error().message;
            return std::optional<Outside>();
        }
        server_ = std::make_unique<PgConnection>(std::move(*opened));
    }
    // The rows of other stations; this station's own are in its log. A module has a handful of
    // sightings: the limit only bounds what a hostile server can make this process hold.
    auto rows = server_->query("SELECT station, line, signature FROM dimmguard.sightings WHERE identity = $1 AND station <> $2 "
                               "ORDER BY station, n LIMIT 1000",
                               {identity.key(), self_}, timeout_);
    if (!rows) {
        offline_ = rows.error().message;
        server_.reset();
        return std::optional<Outside>();
    }
    ++answered_;
    std::vector<db::OutsideRecord> records;
    records.reserve(rows->rows.size());
    for (std::size_t r = 0; r < rows->rows.size(); ++r) records.push_back(db::OutsideRecord{rows->text(r, 0), rows->text(r, 1), rows->text(r, 2)});
    auto checked = db::check_outside_sightings(database_, identity, records, "fleet server " + server_->where(), now_);
    if (!checked) return tl::unexpected(checked.error());
    // Rows of stations this one does not trust are left out, as `sync` leaves them out.
    return std::optional<Outside>(Outside{std::move(checked->trusted), std::move(checked->tampered)});
}

namespace {

/// Add the server's rows to a local answer: tampered ones are reported, verified ones merged in
/// time order (a stable merge keeps the local order among equal times).
void merge(verifier::Lookup<verifier::Sighting>& lookup, std::vector<verifier::Signed<verifier::Sighting>> trusted, std::vector<std::string> tampered) {
    for (auto& t : tampered) lookup.tampered.push_back(std::move(t));
    if (trusted.empty()) return;
    const auto middle = static_cast<std::ptrdiff_t>(lookup.trusted.size());
    for (auto& s : trusted) lookup.trusted.push_back(std::move(s));
    std::inplace_merge(lookup.trusted.begin(), lookup.trusted.begin() + middle, lookup.trusted.end(),
                       [](const auto& a, const auto& b) { return a.record.time < b.record.time; });
}

}  // namespace

Result<verifier::Lookup<verifier::Sighting>> OnlineRegistry::sightings(const verifier::ModuleIdentity& identity) {
    auto extra = outside(identity);
    if (!extra) return tl::unexpected(extra.error());
    auto lookup = local_.sightings(identity);
    if (!lookup) return lookup;
    if (!*extra) lookup->offline.push_back(offline_);
    else merge(*lookup, std::move((*extra)->trusted), std::move((*extra)->tampered));
    return lookup;
}

Result<verifier::History> OnlineRegistry::history(const verifier::ModuleIdentity& identity) {
    auto extra = outside(identity);
    if (!extra) return tl::unexpected(extra.error());
    if (!*extra || ((*extra)->trusted.empty() && (*extra)->tampered.empty())) {
        // Nothing to add: the local answer, from its summary when it keeps one.
        auto h = local_.history(identity);
        if (h && !*extra) h->offline.push_back(offline_);
        return h;
    }
    // Sightings from the server change the story: fold everything again, in time order.
    auto lookup = local_.sightings(identity);
    if (!lookup) return tl::unexpected(lookup.error());
    merge(*lookup, std::move((*extra)->trusted), std::move((*extra)->tampered));
    return verifier::history_of(*lookup);
}

}  // namespace dimmguard::fleet
