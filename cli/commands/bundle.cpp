// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard bundle keygen | build | sign | verify | trust`: author and check signed registry
// bundles and trust documents (docs/registry-format.md).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "command_list.hpp"
#include "commands.hpp"
#include "engine/csv.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "firmware_io/dump_file.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::cli {
namespace {

Result<std::string> read_text(const std::string& path) { return engine::read_text_file(path); }

Result<void> write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(Errc::io, path + ": cannot create");
    out << text;
    out.close();
    if (!out) return fail(Errc::io, path + ": write failed");
    return {};
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// ---- CSV sources: engine::read_csv_table (RFC 4180, a header row naming the columns) ----

using Csv = engine::CsvTable;

/// "0x80,0x2C" / "802C" / "80 2c" -> "802c" (digits of `width`).
Result<std::string> hex_token(std::string_view raw, std::size_t width, std::string_view what) {
    std::string out;
    std::string s = lower(std::string(raw));
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '0' && i + 1 < s.size() && s[i + 1] == 'x') {
            ++i;
            continue;
        }
        if (s[i] == ' ' || s[i] == ',' || s[i] == ':') continue;
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) break;
        out.push_back(s[i]);
    }
    if (out.size() != width) return fail(Errc::bad_format, std::string(what) + " '" + std::string(raw) + "' is not " + std::to_string(width) + " hex digits");
    return out;
}

/// List cell: items separated by ';', spaces or commas.
std::vector<std::string> list_cell(std::string_view cell) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : cell) {
        if (c == ';' || c == ' ' || c == ',') {
            if (!cur.empty()) out.push_back(lower(cur));
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) out.push_back(lower(cur));
    return out;
}

Result<verifier::ModuleIdentity> identity_from_row(const Csv& csv, const std::vector<std::string>& row, const std::string& where) {
    if (auto id = csv.column("identity")) {
        auto parsed = verifier::ModuleIdentity::parse(lower(row[*id]));
        if (!parsed) return fail(Errc::bad_format, where + ": " + parsed.error().message);
        return *parsed;
    }
    const auto maker = csv.column("maker"), location = csv.column("location"), date = csv.column("date"), serial = csv.column("serial");
    if (!maker || !location || !date || !serial) return fail(Errc::usage, where + ": need an identity column or maker, location, date, serial columns");
    verifier::ModuleIdentity id;
    auto m = hex_token(row[*maker], 4, "maker");
    auto l = hex_token(row[*location], 2, "location");
    auto d = hex_token(row[*date], 4, "date");
    auto s = hex_token(row[*serial], 8, "serial");
    for (auto* r : {&m, &l, &d, &s}) {
        if (!*r) return fail(Errc::bad_format, where + ": " + r->error().message);
    }
    id.maker = *m;
    id.location = *l;
    id.date = *d;
    id.serial = *s;
    return id;
}

// ---- build ----------------------------------------------------------------------------

struct BuildOptions {
    std::string role;
    std::string out;
    std::vector<std::string> spd;
    std::vector<std::string> csv;
};

Result<verifier::PartRecord> part_from_spd(const std::string& file) {
    auto dump = firmware_io::load_dump_file(file);
    if (!dump) return tl::unexpected(dump.error());
    auto spd = with_context(verifier::decode_spd(dump->bytes), file);
    if (!spd) return tl::unexpected(spd.error());
    if (!spd->manufacturing.present || spd->manufacturing.part_number.empty()) return fail(Errc::bad_format, file + ": the SPD holds no part number");
    if (!spd->fingerprint.available) return fail(Errc::bad_format, file + ": the image is too short for a fingerprint");
    verifier::PartRecord p;
    p.part_number = spd->manufacturing.part_number;
    p.fingerprints = {spd->fingerprint.sha256_hex};
    p.memory_type = std::string(dimmguard::generation_name(spd->type));
    p.module_type = spd->module_type;
    p.capacity_bytes = spd->geometry.capacity_bytes;
    p.ranks = spd->geometry.package_ranks;
    p.device_width = spd->geometry.device_width;
    p.die_density_mbit = spd->geometry.die_density_mbit;
    p.speed_mts = spd->timings.speed_grade_mts != 0 ? spd->timings.speed_grade_mts : spd->timings.speed_mts;
    if (spd->manufacturing.dram_maker.programmed) p.dram_makers = {spd->manufacturing.dram_maker.hex()};
    for (const auto& c : spd->components) {
        if (!c.present || !c.vendor.programmed) continue;
        std::vector<std::string>* list = c.role == "hub" ? &p.hub_vendors
                                         : c.role.rfind("pmic", 0) == 0 ? &p.pmic_vendors
                                         : (c.role == "rcd" || c.role == "register") ? &p.rcd_vendors
                                                                                     : nullptr;
        if (list && std::find(list->begin(), list->end(), c.vendor.hex()) == list->end()) list->push_back(c.vendor.hex());
    }
    return p;
}

/// Same part number from several dumps: the fingerprints are merged, the attributes must agree.
Result<void> merge_part(std::map<std::string, verifier::PartRecord>& parts, verifier::PartRecord p, const std::string& where) {
    auto it = parts.find(p.part_number);
    if (it == parts.end()) {
        parts.emplace(p.part_number, std::move(p));
        return {};
    }
    auto& q = it->second;
    auto other = q;
    other.fingerprints = p.fingerprints;
    other.dram_makers = p.dram_makers;
    other.hub_vendors = p.hub_vendors;
    other.pmic_vendors = p.pmic_vendors;
    other.rcd_vendors = p.rcd_vendors;
    if (db::encode_part(other) != db::encode_part(p)) {
        return fail(Errc::bad_format, where + ": part " + p.part_number + " has different attributes than an earlier source");
    }
    // several SPD revisions (and die sources) of one part: every fingerprint and vendor is accepted
    auto merge = [](std::vector<std::string>& into, const std::vector<std::string>& from) {
        for (const auto& f : from) {
            if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(f);
        }
    };
    merge(q.fingerprints, p.fingerprints);
    merge(q.dram_makers, p.dram_makers);
    merge(q.hub_vendors, p.hub_vendors);
    merge(q.pmic_vendors, p.pmic_vendors);
    merge(q.rcd_vendors, p.rcd_vendors);
    return {};
}


Result<verifier::PartRecord> part_from_csv(const Csv& csv, const std::vector<std::string>& row, const std::string& where) {
    verifier::PartRecord p;
    auto cell = [&](const char* name) -> std::string {
        auto c = csv.column(name);
        return c ? row[*c] : std::string();
    };
    p.part_number = cell("part_number");
    if (p.part_number.empty()) return fail(Errc::bad_format, where + ": part_number is empty (or there is no part_number column)");
    p.fingerprints = list_cell(cell("fingerprints").empty() ? cell("fingerprint") : cell("fingerprints"));
    p.memory_type = cell("memory_type");
    p.module_type = cell("module_type");
    auto number = [&](const char* name, auto& into) -> Result<void> {
        const std::string v = cell(name);
        if (v.empty()) return {};
        try {
            std::size_t used = 0;
            const unsigned long long n = std::stoull(v, &used);
            if (used != v.size()) throw std::invalid_argument(v);
            into = static_cast<std::remove_reference_t<decltype(into)>>(n);
        } catch (const std::exception&) {
            return fail(Errc::bad_format, where + ": " + name + " '" + v + "' is not a number");
        }
        return {};
    };
    for (auto r : {number("capacity_bytes", p.capacity_bytes), number("ranks", p.ranks), number("device_width", p.device_width),
                   number("die_density_mbit", p.die_density_mbit), number("speed_mts", p.speed_mts)}) {
        if (!r) return tl::unexpected(r.error());
    }
    p.dram_makers = list_cell(cell("dram_makers"));
    p.hub_vendors = list_cell(cell("hub_vendors"));
    p.pmic_vendors = list_cell(cell("pmic_vendors"));
    p.rcd_vendors = list_cell(cell("rcd_vendors"));
    p.date_from = cell("date_from");
    p.date_to = cell("date_to");
    return p;
}

int run_build(const BuildOptions& o) {
    db::UnsignedBundle bundle;
    bundle.role = o.role;
    if (o.role == "parts") {
        if (o.spd.empty() && o.csv.empty()) return report_registry_error(Error{Errc::usage, "bundle build --role parts: give --spd DUMP... and/or --csv FILE"});
        std::map<std::string, verifier::PartRecord> parts;
        for (const auto& f : o.spd) {
            auto p = part_from_spd(f);
            if (!p) return report_registry_error(p.error());
            if (auto m = merge_part(parts, std::move(*p), f); !m) return report_registry_error(m.error());
        }
        for (const auto& f : o.csv) {
            auto csv = engine::read_csv_table(f);
            if (!csv) return report_registry_error(csv.error());
            for (std::size_t i = 0; i < csv->rows.size(); ++i) {
                const std::string where = f + " line " + std::to_string(csv->rows[i].line);
                auto p = part_from_csv(*csv, csv->rows[i].fields, where);
                if (!p) return report_registry_error(p.error());
                if (auto m = merge_part(parts, std::move(*p), where); !m) return report_registry_error(m.error());
            }
        }
        for (const auto& [number, p] : parts) bundle.records.push_back(db::encode_part(p));
    } else if (o.role == "serials" || o.role == "revocations") {
        if (o.csv.empty() || !o.spd.empty()) return report_registry_error(Error{Errc::usage, "bundle build --role " + o.role + ": give --csv FILE (and no --spd)"});
        for (const auto& f : o.csv) {
            auto csv = engine::read_csv_table(f);
            if (!csv) return report_registry_error(csv.error());
            const char* second = o.role == "serials" ? "part_number" : "reason";
            const auto col = csv->column(second);
            if (!col) return report_registry_error(Error{Errc::usage, f + ": no " + second + " column"});
            for (std::size_t i = 0; i < csv->rows.size(); ++i) {
                const std::string where = f + " line " + std::to_string(csv->rows[i].line);
                auto id = identity_from_row(*csv, csv->rows[i].fields, where);
                if (!id) return report_registry_error(id.error());
                const std::string& value = csv->rows[i].fields[*col];
                if (o.role == "serials") {
                    if (value.empty()) return report_registry_error(Error{Errc::bad_format, where + ": empty part_number"});
                    bundle.records.push_back(db::encode_serial({*id, value}));
                } else {
                    bundle.records.push_back(db::encode_revocation({*id, value}));
                }
            }
        }
    } else {
        return report_registry_error(Error{Errc::usage, "bundle build: role must be parts, serials or revocations"});
    }
    for (std::size_t i = 0; i < bundle.records.size(); ++i) {
        if (auto c = db::check_record_text(bundle.role, bundle.records[i]); !c) {
            return report_registry_error(Error{Errc::bad_format, "record " + std::to_string(i + 1) + ": " + c.error().message});
        }
    }
    if (auto w = write_text(o.out, db::unsigned_bundle_text(bundle)); !w) return report_registry_error(w.error());
    std::cout << o.out << ": " << bundle.records.size() << ' ' << bundle.role << " records (unsigned; sign with 'dimmguard bundle sign')\n";
    return exit_ok;
}

// ---- keygen / sign --------------------------------------------------------------------

int run_keygen(const std::string& out, bool force) {
    auto key = db::KeyPair::generate();
    if (!key) return report_registry_error(key.error());
    if (auto w = key->save_pem(out + ".key", force); !w) return report_registry_error(w.error());
    if (auto w = key->public_key().save_pem(out + ".pub"); !w) return report_registry_error(w.error());
    std::cout << out << ".key (private, mode 0600) and " << out << ".pub\nkey id " << key->public_key().id() << '\n';
    return exit_ok;
}

struct SignOptions {
    std::string key;
    std::int64_t version = 0;
    std::string expires;
    std::string created;
    std::string input;
    std::string out;
    unsigned threads = 0;
};

int run_sign(const SignOptions& o) {
    auto key = db::KeyPair::load_pem(o.key);
    if (!key) return report_registry_error(key.error());
    auto text = read_text(o.input);
    if (!text) return report_registry_error(text.error());
    auto bundle = db::parse_unsigned_bundle(*text, o.input);
    if (!bundle) return report_registry_error(bundle.error());
    auto writer = db::BundleWriter::create(*key, {bundle->role, o.version, o.created, o.expires, o.threads});
    if (!writer) return report_registry_error(writer.error());
    if (auto r = writer->add_many(bundle->records); !r) return report_registry_error(r.error());
    if (auto r = writer->finish_file(o.out); !r) return report_registry_error(r.error());
    std::cout << o.out << ": " << bundle->records.size() << ' ' << bundle->role << " records signed by " << key->public_key().id()
              << ", version " << o.version << '\n';
    return exit_ok;
}

// ---- verify ---------------------------------------------------------------------------

struct VerifyOptions {
    std::string file;
    std::string trust;
    std::string data_dir;
    std::string now;
};

int run_verify(const VerifyOptions& o) {
    const std::string now = o.now.empty() ? db::utc_now() : o.now;
    auto reader = db::BundleReader::open(o.file);
    if (!reader) return report_registry_error(reader.error());
    const db::BundleHeader h = reader->header();
    for (;;) {
        auto r = reader->next();
        if (!r) return report_registry_error(r.error());
        if (!*r) break;
        if (!(*r)->verify(h.public_key)) {
            return report_registry_error(Error{Errc::signature_invalid, o.file + " record " + std::to_string(reader->records_read()) +
                                                             ": signature does not verify with the publisher key " + h.publisher});
        }
    }
    if (auto f = reader->finish(); !f) return report_registry_error(f.error());
    std::cout << o.file << ": signatures and digest ok\n"
              << "  publisher  " << h.publisher << '\n'
              << "  role       " << h.role << '\n'
              << "  version    " << h.version << '\n'
              << "  created    " << h.created << '\n'
              << "  expires    " << h.expires << (h.expires <= now ? "  (EXPIRED)" : "") << '\n'
              << "  records    " << h.records << '\n'
              << "  digest     " << h.digest << '\n';
    int status = exit_ok;
    if (h.expires <= now) {
        std::cerr << "dimmguard: " << o.file << ": bundle expired on " << h.expires << '\n';
        status = exit_registry;
    }
    std::optional<std::string> why;
    if (!o.trust.empty()) {
        auto text = read_text(o.trust);
        if (!text) return report_registry_error(text.error());
        auto doc = db::TrustDocument::parse(*text);
        if (!doc) return report_registry_error(Error{doc.error().code, o.trust + ": " + doc.error().message});
        why = db::publisher_untrusted_reason(*doc, h.publisher, h.role, now);
        if (const db::TrustedPublisher* p = doc->publisher(h.publisher); !why && (p == nullptr || !(p->key == h.public_key))) {
            why = "publisher key differs from the trust document";
        }
        std::cout << "  trust      " << (why ? "NOT trusted: " + *why : "trusted by " + o.trust + " (trust document v" + std::to_string(doc->version) + ")")
                  << '\n';
    } else {
        const std::filesystem::path dir = o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir);
        if (!db::registry_exists(dir)) {
            std::cout << "  trust      not checked (no registry in " << dir.string() << "; give --trust FILE)\n";
            return status;
        }
        auto database = db::Database::open(dir);
        if (!database) return report_registry_error(database.error());
        db::TrustStore store(*database);
        auto init = store.initialised();
        if (!init) return report_registry_error(init.error());
        if (!*init) {
            std::cout << "  trust      not checked (registry in " << dir.string() << " not initialised)\n";
            return status;
        }
        auto key = store.publisher_trusted(h.publisher, h.role, now);
        if (!key) why = key.error().message;
        else if (!(*key == h.public_key)) why = "publisher key differs from the trusted key";
        std::cout << "  trust      " << (why ? "NOT trusted: " + *why : "trusted by the registry in " + dir.string()) << '\n';
    }
    if (why) {
        std::cerr << "dimmguard: " << o.file << ": " << *why << '\n';
        status = exit_registry;
    }
    return status;
}

// ---- trust documents ------------------------------------------------------------------

struct TrustOptions {
    std::vector<std::string> root_keys;     // private keys that sign
    std::vector<std::string> roots;         // public keys listed as the next roots
    std::vector<std::string> publishers;    // PUB:roles:expires
    std::int64_t version = 0;
    std::string created;
    std::string expires;
    int threshold = 1;
    std::string out;
};

int run_trust(const TrustOptions& o) {
    db::TrustDocument doc;
    doc.version = o.version;
    doc.threshold = o.threshold;
    auto created = db::normalize_time(o.created.empty() ? db::utc_now() : o.created, "--created");
    auto expires = db::normalize_time(o.expires, "--expires");
    if (!created) return report_registry_error(created.error());
    if (!expires) return report_registry_error(expires.error());
    doc.created = *created;
    doc.expires = *expires;
    if (o.version < 1 || o.version > db::max_trust_version) {
        return report_registry_error(Error{Errc::usage, "--version must be between 1 and " + std::to_string(db::max_trust_version) +
                                                            " (what a trust document may hold)"});
    }
    std::vector<db::KeyPair> signers;
    for (const auto& k : o.root_keys) {
        auto key = db::KeyPair::load_pem(k);
        if (!key) return report_registry_error(key.error());
        signers.push_back(*key);
    }
    auto add_root = [&doc](const db::PublicKey& k) {
        for (const auto& r : doc.roots) {
            if (r.key_id == k.id()) return;
        }
        doc.roots.push_back({k.id(), k});
    };
    if (o.roots.empty()) {
        for (const auto& s : signers) add_root(s.public_key());
    }
    for (const auto& r : o.roots) {
        auto key = db::PublicKey::load_pem(r);
        if (!key) return report_registry_error(key.error());
        add_root(*key);
    }
    for (const auto& spec : o.publishers) {
        // PUB:roles:expires, split from the right (the path may hold ':')
        const auto b = spec.rfind(':');
        const auto a = b == std::string::npos || b == 0 ? std::string::npos : spec.rfind(':', b - 1);
        if (a == std::string::npos) return report_registry_error(Error{Errc::usage, "--publisher '" + spec + "': expected PUB:roles:expires"});
        auto key = db::PublicKey::load_pem(spec.substr(0, a));
        if (!key) return report_registry_error(key.error());
        auto until = db::normalize_time(spec.substr(b + 1), "publisher expiry");
        if (!until) return report_registry_error(until.error());
        db::TrustedPublisher p{key->id(), *key, {}, *until};
        std::stringstream roles(spec.substr(a + 1, b - a - 1));
        for (std::string role; std::getline(roles, role, ',');) {
            if (!db::is_trust_role(role)) return report_registry_error(Error{Errc::usage, "--publisher '" + spec + "': unknown role '" + role + "'"});
            p.roles.push_back(role);
        }
        if (p.roles.empty()) return report_registry_error(Error{Errc::usage, "--publisher '" + spec + "': no roles"});
        doc.publishers.push_back(std::move(p));
    }
    auto text = db::sign_trust_document(doc, signers);
    if (!text) return report_registry_error(Error{Errc::usage, text.error().message});
    if (auto w = write_text(o.out, *text); !w) return report_registry_error(w.error());
    std::cout << o.out << ": trust document v" << doc.version << ", " << doc.roots.size() << " roots (threshold " << doc.threshold
              << "), " << doc.publishers.size() << " publishers, signed by " << signers.size() << " root keys\n";
    return exit_ok;
}

}  // namespace

void register_bundle(CLI::App& app, Runner& run) {
    CLI::App* cmd = app.add_subcommand("bundle", command_description("bundle"));
    cmd->require_subcommand(1);
    set_footer(cmd, "bundle");

    {
        auto out = std::make_shared<std::string>();
        auto force = std::make_shared<bool>(false);
        CLI::App* sub = cmd->add_subcommand("keygen", "Create an Ed25519 key pair: NAME.key (mode 0600) and NAME.pub");
        sub->add_option("--out,-o", *out, "base name of the key files")->required();
        sub->add_flag("--force", *force, "overwrite an existing NAME.key");
        sub->callback([out, force, &run] { run = [out, force] { return run_keygen(*out, *force); }; });
    }
    {
        auto o = std::make_shared<BuildOptions>();
        CLI::App* sub = cmd->add_subcommand("build", "Build an unsigned bundle from SPD dumps and/or CSV files");
        sub->add_option("--role", o->role, "parts, serials or revocations")->required()->check(CLI::IsMember({"parts", "serials", "revocations"}));
        sub->add_option("--out,-o", o->out, "unsigned bundle to write")->required();
        sub->add_option("--spd", o->spd, "SPD dumps (parts: part number, fingerprint and attributes from each)");
        sub->add_option("--csv", o->csv,
                        "CSV with a header row. parts: part_number, fingerprints, memory_type, module_type, capacity_bytes, ranks, "
                        "device_width, die_density_mbit, speed_mts, dram_makers, hub_vendors, pmic_vendors, rcd_vendors, date_from, "
                        "date_to (lists separated by ';'). serials: maker,location,date,serial,part_number or identity,part_number. "
                        "revocations: identity,reason");
        sub->callback([o, &run] { run = [o] { return run_build(*o); }; });
    }
    {
        auto o = std::make_shared<SignOptions>();
        CLI::App* sub = cmd->add_subcommand("sign", "Sign every record and the header of an unsigned bundle");
        sub->add_option("unsigned", o->input, "unsigned bundle from 'bundle build'")->required();
        sub->add_option("--key", o->key, "publisher private key (PEM, mode 0600)")->required();
        sub->add_option("--version", o->version, "bundle version, above every earlier one of this publisher and role")->required();
        sub->add_option("--expires", o->expires, "expiry, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)")->required();
        sub->add_option("--created", o->created, "creation time (default: now)");
        sub->add_option("--out,-o", o->out, "signed bundle to write")->required();
        sub->add_option("--threads", o->threads, "signing threads (default: all cores)");
        sub->callback([o, &run] { run = [o] { return run_sign(*o); }; });
    }
    {
        auto o = std::make_shared<VerifyOptions>();
        CLI::App* sub = cmd->add_subcommand("verify", "Check a bundle's signatures and digest, and whether its publisher is trusted");
        sub->add_option("file", o->file, "signed bundle")->required();
        sub->add_option("--trust", o->trust, "check the publisher against this trust document instead of the registry");
        sub->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR or ~/.local/share/dimmguard)");
        sub->add_option("--now", o->now, "time for expiry checks (testing)")->group("");
        sub->callback([o, &run] { run = [o] { return run_verify(*o); }; });
    }
    {
        auto o = std::make_shared<TrustOptions>();
        CLI::App* sub = cmd->add_subcommand("trust", "Author a root-signed trust document naming publisher keys and roles");
        sub->add_option("--root-key", o->root_keys, "root private keys that sign the document (threshold of the current roots)")->required();
        sub->add_option("--root", o->roots, "public keys of the roots allowed to sign the NEXT document (default: the signing keys)");
        sub->add_option("--publisher", o->publishers, "PUB:roles:expires, e.g. acme.pub:parts,serials:2027-12-31; roles: parts, serials, revocations, station, qa (approves releases)");
        sub->add_option("--version", o->version, "document version, above the current one")->required();
        sub->add_option("--expires", o->expires, "document expiry (UTC)")->required();
        sub->add_option("--created", o->created, "creation time (default: now)");
        sub->add_option("--threshold", o->threshold, "root signatures the next document needs (default 1)");
        sub->add_option("--out,-o", o->out, "trust document to write")->required();
        sub->callback([o, &run] { run = [o] { return run_trust(*o); }; });
    }
}

}  // namespace dimmguard::cli
