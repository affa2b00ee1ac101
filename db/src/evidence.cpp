// SPDX-License-Identifier: GPL-3.0-or-later
// Evidence bundles: export from the registry, offline verification from root keys.
#include "db/evidence.hpp"

#include <algorithm>
#include <map>

#include "db/bundle.hpp"
#include "db/merkle.hpp"
#include "db/note.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "db/witness.hpp"
#include "database_access.hpp"
#include "record_groups.hpp"
#include "state_view.hpp"
#include "text.hpp"
#include "tlog.hpp"
#include "dimmguard/numbers.hpp"
#include "verifier/custody.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::db {
namespace {

std::string b64(std::string_view text) {
    return merkle::base64_encode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Result<std::string> unb64(std::string_view text) {
    auto bytes = merkle::base64_decode(text);
    if (!bytes) return tl::unexpected(bytes.error());
    return std::string(bytes->begin(), bytes->end());
}

struct RoleQuery {
    const char* role;
    const char* key;
};
constexpr RoleQuery role_queries[] = {{"revocations", "identity"}, {"serials", "identity"}, {"parts", "part_number"}};

/// The warn / fail codes a sighting signed (context "findings", comma-separated), sorted.
std::vector<std::string> signed_finding_codes(const verifier::Sighting& s) {
    std::vector<std::string> codes;
    if (auto it = s.context.find(std::string(verifier::context_findings)); it != s.context.end()) {
        for (auto code : detail::split(it->second, ',')) {
            if (!code.empty()) codes.emplace_back(code);
        }
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

bool valid_code(std::string_view code) {
    return !code.empty() && code.size() <= 64 &&
           std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

bool valid_severity(std::string_view severity) { return severity == "info" || severity == "warn" || severity == "fail" || severity == "-"; }

/// The codes of the listed findings that count against the signed ones: every severity but
/// info ("-" is an unknown severity, so it counts), sorted, each once.
std::vector<std::string> listed_codes(const std::vector<EvidenceFinding>& findings) {
    std::vector<std::string> codes;
    for (const auto& f : findings) {
        if (f.severity != "info") codes.push_back(f.code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

std::string join_codes(const std::vector<std::string>& codes) {
    std::string out;
    for (const auto& x : codes) out += (out.empty() ? "" : ",") + x;
    return out.empty() ? std::string("none") : out;
}

/// This station's sighting `sighting_id`: its signed line, parsed.
struct Subject {
    verifier::Sighting sighting;
    std::string line;
};
Result<Subject> load_subject(Connection& c, const std::string& station_id, const std::string& sighting_id) {
    auto row = c.prepare("SELECT station, line FROM sightings WHERE id = ?");
    if (!row) return tl::unexpected(row.error());
    row->bind(1, sighting_id);
    auto found = row->step();
    if (!found) return tl::unexpected(found.error());
    if (!*found) return fail(Errc::not_found, "no sighting " + sighting_id + " in this registry (see 'dimmguard log show')");
    if (row->column_text(0) != station_id) {
        return fail(Errc::usage, "sighting " + sighting_id + " was recorded by station " + row->column_text(0) +
                                     "; evidence is exported by the station that inspected");
    }
    Subject out{{}, row->column_text(1)};
    auto parsed = parse_sighting_line(out.line);
    if (!parsed) return fail(Errc::signature_invalid, "sighting " + sighting_id + ": " + parsed.error().message);
    out.sighting = std::move(*parsed);
    return out;
}

template <class T>
std::optional<std::string> unclean(const Result<verifier::Lookup<T>>& r, std::string_view what) {
    if (!r) return std::string(what) + ": " + r.error().message;
    if (!r->tampered.empty()) return std::string(what) + ": " + r->tampered.front();
    if (!r->rolled_back.empty()) return std::string(what) + ": " + r->rolled_back.front();
    return std::nullopt;
}

}  // namespace

Result<verifier::Sighting> evidence_subject(Database& database, const std::string& sighting_id) {
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    auto loaded = load_subject(detail::connection_of(database), station->id, sighting_id);
    if (!loaded) return tl::unexpected(loaded.error());
    return std::move(loaded->sighting);
}

std::vector<EvidenceFinding> explain_signed_findings(const verifier::Sighting& subject, const std::vector<EvidenceFinding>& recomputed) {
    std::vector<EvidenceFinding> out;
    for (const auto& code : signed_finding_codes(subject)) {
        EvidenceFinding line{code, "-", {}};
        for (const auto& f : recomputed) {
            // An info finding now cannot stand for a code that was warn or fail then.
            if (f.code != code || (f.severity != "warn" && f.severity != "fail")) continue;
            line.severity = f.severity;
            line.message = f.message;
            break;
        }
        out.push_back(std::move(line));
    }
    return out;
}

std::vector<EvidenceFinding> evidence_findings(const std::vector<verifier::Finding>& findings) {
    std::vector<EvidenceFinding> out;
    for (const auto& f : findings) {
        out.push_back({std::string(verifier::finding_code_name(f.code)), std::string(verifier::severity_name(f.severity)), f.message});
    }
    return out;
}

Result<std::string> export_evidence(Database& database, const std::string& sighting_id, const std::optional<std::vector<std::uint8_t>>& spd_image,
                                    const std::string& now_in, const std::vector<EvidenceFinding>& findings) {
    const std::string now = now_in.empty() ? utc_now() : now_in;
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    Connection& c = detail::connection_of(database);
    auto snapshot = ReadTransaction::begin(c);
    if (!snapshot) return tl::unexpected(snapshot.error());

    auto loaded = load_subject(c, station->id, sighting_id);
    if (!loaded) return tl::unexpected(loaded.error());
    const verifier::Sighting* subject = &loaded->sighting;
    // The findings must be the inspection's: a file whose warn / fail codes are not the signed
    // ones would not verify, so it is never written.
    if (!findings.empty() && listed_codes(findings) != signed_finding_codes(*subject)) {
        return fail(Errc::usage, "the findings given (" + join_codes(listed_codes(findings)) + ") are not the ones sighting " + sighting_id +
                                     " signed (" + join_codes(signed_finding_codes(*subject)) + ")");
    }
    if (spd_image) {
        auto decoded = verifier::decode_spd(*spd_image);
        if (!decoded || !decoded->fingerprint.available || decoded->fingerprint.sha256_hex != subject->fingerprint) {
            return fail(Errc::usage, "the SPD image is not the one sighting " + sighting_id + " fingerprinted (" +
                                         (subject->fingerprint.empty() ? std::string("it recorded no fingerprint") : "fingerprint " + subject->fingerprint) + ")");
        }
    }

    // Evidence is only built from a registry that answers cleanly for this module.
    SqliteRegistry registry(database, now);
    const verifier::ModuleIdentity& identity = subject->identity;
    std::optional<std::string> problem = unclean(registry.sightings(identity), "sightings");
    if (!problem) problem = unclean(registry.revocations(identity), "revocations");
    if (!problem) problem = unclean(registry.issued_serial(identity), "issued serial");
    if (!problem && !subject->part_number.empty()) problem = unclean(registry.part(subject->part_number), "part " + subject->part_number);
    if (problem) return fail(Errc::signature_invalid, "the registry does not answer cleanly for " + identity.key() + " (" + *problem + "); run 'dimmguard registry status'");

    auto view = detail::state_view(database);
    if (!view) return tl::unexpected(view.error());
    if (!(*view)->state) return fail(Errc::signature_invalid, "no trusted state: nothing can be proven");
    const detail::TrustedState& state = *(*view)->state;
    auto accepted = state.logs.find(station->id);
    if (accepted == state.logs.end()) return fail(Errc::signature_invalid, "this station's log is not in the trusted state");

    std::string out(evidence_magic);
    out += "\nexported " + now + "\nstation " + station->id + " " + station->key.public_key().hex() + " " + b64(station->site) + "\n";
    {
        auto docs = c.prepare("SELECT text FROM trust_documents ORDER BY version");
        if (!docs) return tl::unexpected(docs.error());
        for (;;) {
            auto d = docs->step();
            if (!d) return tl::unexpected(d.error());
            if (!*d) break;
            out += "trust " + b64(docs->column_text(0)) + "\n";
        }
    }
    note::Checkpoint cp{station_note_name(station->id), accepted->second.size, accepted->second.root, {}};
    const std::string cp_text = note::checkpoint_text(cp);
    auto cp_sig = note::sign_ed25519(cp_text, cp.origin, station->key);
    if (!cp_sig) return tl::unexpected(cp_sig.error());
    out += "checkpoint " + b64(note::format(note::Note{cp_text, {*cp_sig}})) + "\n";
    out += "subject " + b64(sighting_id) + "\n";
    // The findings: the caller's, with their words, or the codes the sighting signed.
    std::vector<EvidenceFinding> listed = findings;
    if (listed.empty()) {
        for (const auto& code : signed_finding_codes(*subject)) listed.push_back({code, "-", {}});
    }
    for (const auto& f : listed) {
        if (!valid_code(f.code) || !valid_severity(f.severity)) return fail(Errc::usage, "finding '" + f.code + "' (" + f.severity + ") cannot be written");
        out += "finding " + f.code + " " + f.severity + " " + (f.message.empty() ? std::string("-") : b64(f.message)) + "\n";
    }

    // Every sighting of the module: this station's with their proofs, others' by signature.
    auto log = detail::Tlog::open(c, detail::station_log_name(station->id), false);
    if (!log) return tl::unexpected(log.error());
    auto all = c.prepare("SELECT station, line, signature, leaf FROM sightings WHERE " + std::string(detail::sighting_line_identity_sql) + " = ? ORDER BY seq");
    if (!all) return tl::unexpected(all.error());
    all->bind(1, identity.key());
    bool subject_proven = false;
    for (;;) {
        auto r = all->step();
        if (!r) return tl::unexpected(r.error());
        if (!*r) break;
        const std::string st = all->column_text(0);
        const std::string line = all->column_text(1);
        const std::string signature = all->column_text(2);
        std::string leaf = "-", proof_text = "-";
        if (st == station->id && !all->column_is_null(3) && static_cast<std::uint64_t>(all->column_int64(3)) < accepted->second.size) {
            const auto index = static_cast<std::uint64_t>(all->column_int64(3));
            auto proof = merkle::inclusion_proof(log->source(), index, accepted->second.size);
            if (!proof) return tl::unexpected(proof.error());
            leaf = std::to_string(index);
            proof_text.clear();
            for (const auto& h : *proof) proof_text += (proof_text.empty() ? "" : ",") + merkle::to_hex(h);
            if (proof_text.empty()) proof_text = "-";
            if (line == loaded->line) subject_proven = true;
        }
        out += "sighting " + leaf + " " + b64(line) + " " + signature + " " + proof_text + "\n";
    }
    if (!subject_proven) return fail(Errc::signature_invalid, "sighting " + sighting_id + " is not yet in the accepted log (record another sighting, then export)");

    // The publisher records the verdict relied on, with their signed bundle headers.
    for (const RoleQuery& q : role_queries) {
        const std::string key = std::string(q.key) == "identity" ? identity.key() : subject->part_number;
        if (key.empty()) continue;
        auto s = c.prepare("SELECT id, digest, header, header_signature FROM bundles WHERE role = ? ORDER BY id");
        if (!s) return tl::unexpected(s.error());
        s->bind(1, std::string_view(q.role));
        struct Accepted {
            std::int64_t id;
            std::string header, header_signature;
        };
        std::vector<Accepted> bundles;  // read first: scan_key runs its own statements
        for (;;) {
            auto r = s->step();
            if (!r) return tl::unexpected(r.error());
            if (!*r) break;
            if (state.bundles.count(s->column_text(1)) == 0) continue;  // never accepted: not evidence
            bundles.push_back({s->column_int64(0), s->column_text(2), s->column_text(3)});
        }
        for (const auto& b : bundles) {
            auto scan = detail::scan_key(c, q.role, b.id, key);
            if (!scan) return tl::unexpected(scan.error());
            for (const auto& record : scan->found) {
                out += std::string("record ") + q.role + " " + b64(b.header) + " " + b.header_signature + " " + b64(record.line) + " " + record.signature + "\n";
            }
        }
    }
    if (spd_image) out += "spd " + merkle::base64_encode(*spd_image) + "\n";
    out += "end\n";
    return out;
}

Result<EvidenceReport> verify_evidence(std::string_view text, const std::vector<PublicKey>& roots, int threshold) {
    EvidenceReport report;
    const auto lines = detail::split(text, '\n');
    if (lines.size() < 3 || lines[0] != evidence_magic) return fail(Errc::bad_format, "not a dimmguard evidence file (first line)");
    if (lines.back() != "" || lines[lines.size() - 2] != "end") return fail(Errc::bad_format, "evidence file is cut short (no 'end' line)");
    auto& problems = report.problems;

    std::optional<PublicKey> station_key;
    std::string station_id;
    std::vector<std::string> trust_texts;
    std::string checkpoint_note, subject_id;
    struct SightingLine {
        std::string leaf, line, signature, proof;
    };
    std::vector<SightingLine> sightings;
    struct RecordLine {
        std::string role, header, header_signature, line, signature;
    };
    std::vector<RecordLine> records;
    std::optional<std::string> spd;
    bool findings_listed = false;
    for (std::size_t n = 1; n + 2 < lines.size(); ++n) {
        const auto f = detail::split(lines[n], ' ');
        const auto bad = [&](std::string_view why) { return fail(Errc::bad_format, "evidence line " + std::to_string(n + 1) + ": " + std::string(why)); };
        const auto decoded = [&](std::size_t i) -> Result<std::string> {
            auto d = unb64(f[i]);
            if (!d) return bad("bad base64");
            return *d;
        };
        if (f[0] == "exported" && f.size() == 2) continue;
        if (f[0] == "station" && f.size() == 4) {
            auto key = PublicKey::from_hex(f[2]);
            auto site = decoded(3);
            if (!key || key->id() != f[1] || !site) return bad("malformed station");
            station_key = *key;
            station_id = std::string(f[1]);
            report.station_site = *site;
        } else if (f[0] == "trust" && f.size() == 2) {
            auto d = decoded(1);
            if (!d) return tl::unexpected(d.error());
            trust_texts.push_back(*d);
        } else if (f[0] == "checkpoint" && f.size() == 2) {
            auto d = decoded(1);
            if (!d) return tl::unexpected(d.error());
            checkpoint_note = *d;
        } else if (f[0] == "subject" && f.size() == 2) {
            auto d = decoded(1);
            if (!d) return tl::unexpected(d.error());
            subject_id = *d;
        } else if (f[0] == "sighting" && f.size() == 5) {
            auto d = decoded(2);
            if (!d) return tl::unexpected(d.error());
            sightings.push_back({std::string(f[1]), *d, std::string(f[3]), std::string(f[4])});
        } else if (f[0] == "record" && f.size() == 6) {
            auto h = decoded(2);
            auto l = decoded(4);
            if (!h || !l) return bad("bad base64");
            records.push_back({std::string(f[1]), *h, std::string(f[3]), *l, std::string(f[5])});
        } else if (f[0] == "finding" && f.size() == 4) {
            if (!valid_code(f[1]) || !valid_severity(f[2])) return bad("malformed finding");
            std::string message;
            if (f[3] != "-") {
                auto d = decoded(3);
                if (!d) return tl::unexpected(d.error());
                message = *d;
            }
            report.findings.push_back({std::string(f[1]), std::string(f[2]), message});
            findings_listed = true;
        } else if (f[0] == "spd" && f.size() == 2) {
            auto d = decoded(1);
            if (!d) return tl::unexpected(d.error());
            spd = *d;
        } else {
            return bad("unknown or malformed entry '" + std::string(f[0]) + "'");
        }
    }
    if (!station_key || checkpoint_note.empty() || subject_id.empty()) return fail(Errc::bad_format, "evidence file lacks its station, checkpoint or subject");

    // 1. The trust chain, from the root keys the verifier brought.
    std::vector<TrustRoot> signers;
    for (const auto& k : roots) signers.push_back({k.id(), k});
    std::optional<TrustDocument> current;
    std::int64_t previous = 0;
    for (const auto& t : trust_texts) {
        auto d = TrustDocument::parse(t);
        if (!d) {
            problems.push_back("trust document: " + d.error().message);
            break;
        }
        const int valid = d->valid_signatures(signers);
        if (d->version <= previous || valid < threshold) {
            problems.push_back("trust document v" + std::to_string(d->version) + " is not signed by " + std::to_string(threshold) +
                               " of the root keys that had to sign it");
            break;
        }
        previous = d->version;
        signers = d->roots;
        threshold = d->threshold;
        current = std::move(*d);
    }
    if (!current) problems.push_back("no trust document verifies from the given root key(s)");
    const auto vouched = [&](const std::string& key_id, std::string_view role) -> const TrustedPublisher* {
        if (!current) return nullptr;
        const TrustedPublisher* p = current->publisher(key_id);
        return p != nullptr && p->has_role(role) ? p : nullptr;
    };
    if (current && vouched(station_id, "station") == nullptr) {
        problems.push_back("station " + station_id + " is not named for role station by trust document v" + std::to_string(current->version) +
                           " (its log cannot be vouched for)");
    }

    // 2. The station's signed checkpoint.
    std::optional<note::Checkpoint> checkpoint;
    {
        auto parsed = note::parse(checkpoint_note);
        const note::Verifier v{station_note_name(station_id), *station_key};
        auto by = parsed ? note::verified_by(*parsed, std::span<const note::Verifier>(&v, 1)) : Result<std::vector<std::string>>(tl::unexpected(parsed.error()));
        auto cp = parsed ? note::parse_checkpoint(parsed->text) : Result<note::Checkpoint>(tl::unexpected(parsed.error()));
        if (!by || by->empty() || !cp || cp->origin != v.name) {
            problems.push_back("the log checkpoint is not signed by station " + station_id);
        } else {
            checkpoint = *cp;
            report.checkpoint_size = cp->size;
        }
    }

    // 3. The sightings: proofs for this station's, signatures for everyone's.
    bool subject_found = false;
    for (const auto& s : sightings) {
        auto parsed = parse_sighting_line(s.line);
        if (!parsed) {
            problems.push_back("a sighting does not parse (" + parsed.error().message + ")");
            continue;
        }
        const std::string name = "sighting " + parsed->id;
        std::optional<PublicKey> key;
        if (parsed->station == station_id) key = *station_key;
        else if (const TrustedPublisher* p = vouched(parsed->station, "station")) key = p->key;
        auto sig = signature_from_hex(s.signature);
        if (!key) {
            problems.push_back(name + ": station " + parsed->station + " is not vouched for by the trust chain");
            continue;
        }
        if (!sig || !key->verify(record_message(s.line), *sig)) {
            problems.push_back(name + ": signature does not verify");
            continue;
        }
        if (!report.sightings.empty() && !(parsed->identity == report.sightings.front().identity)) {
            problems.push_back(name + ": is of another module");
            continue;
        }
        if (parsed->station == station_id) {
            bool proven = false;
            if (checkpoint && s.leaf != "-") {
                std::vector<merkle::Hash> proof;
                bool ok = true;
                if (s.proof != "-") {
                    for (auto h : detail::split(s.proof, ',')) {
                        auto hash = merkle::hash_from_hex(h);
                        ok = ok && hash.has_value();
                        if (hash) proof.push_back(*hash);
                    }
                }
                auto index = parse_small(s.leaf, 0x7fffffff);
                proven = ok && index && merkle::verify_inclusion(detail::record_leaf(s.line, s.signature), static_cast<std::uint64_t>(*index),
                                                                  checkpoint->size, proof, checkpoint->root);
            }
            if (!proven) {
                problems.push_back(name + ": not proven to be in the station's signed log");
                continue;
            }
        }
        if (parsed->id == subject_id) {
            subject_found = true;
            report.subject = *parsed;
        }
        report.sightings.push_back(*parsed);
    }
    if (!subject_found) problems.push_back("the subject sighting " + subject_id + " is missing or did not verify");

    // 3b. The findings listed must be the warn / fail codes the subject signed (files written
    // before findings were listed have none: the signed codes are still reported).
    if (subject_found) {
        report.signed_codes = signed_finding_codes(report.subject);
        if (findings_listed && listed_codes(report.findings) != report.signed_codes) {
            problems.push_back("the findings listed (" + join_codes(listed_codes(report.findings)) + ") are not the ones the inspection signed (" +
                               join_codes(report.signed_codes) + ")");
        }
    }

    // 4. The publisher records, by publishers the trust chain names for their role.
    for (const auto& r : records) {
        auto header = BundleHeader::parse(r.header);
        auto hsig = signature_from_hex(r.header_signature);
        auto rsig = signature_from_hex(r.signature);
        if (!header || !hsig || !header->public_key.verify(std::string(header_signing_prefix) + r.header, *hsig) || header->role != r.role) {
            problems.push_back("a " + r.role + " record's bundle header does not verify");
            continue;
        }
        const std::string source = header->publisher + "/" + header->role + "/v" + std::to_string(header->version);
        const TrustedPublisher* p = vouched(header->publisher, r.role);
        if (p == nullptr || !(p->key == header->public_key)) {
            problems.push_back("bundle " + source + ": publisher not trusted for " + r.role + " by the trust chain");
            continue;
        }
        if (!rsig || !header->public_key.verify(record_signing_message(r.line), *rsig)) {
            problems.push_back("a record of bundle " + source + ": signature does not verify");
            continue;
        }
        const std::string key = detail::record_key(r.role, r.line).value_or("");
        const bool about = subject_found && (r.role == "parts" ? key == report.subject.part_number : key == report.subject.identity.key());
        if (!about) {
            problems.push_back("a record of bundle " + source + " is about another module or part");
            continue;
        }
        report.records.push_back(r.role + " " + source + ": " + key);
    }

    // 5. The SPD image, when included.
    if (spd) {
        report.spd_included = true;
        const std::vector<std::uint8_t> image(spd->begin(), spd->end());
        auto decoded = verifier::decode_spd(image);
        if (!decoded || !decoded->fingerprint.available || !subject_found || decoded->fingerprint.sha256_hex != report.subject.fingerprint) {
            problems.push_back("the SPD image does not have the fingerprint the subject sighting recorded");
        }
    }
    return report;
}

}  // namespace dimmguard::db
