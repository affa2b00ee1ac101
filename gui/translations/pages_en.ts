<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>dimmguard::gui::BenchPage</name>
    <message>
        <source>Reference: dump file %1</source>
        <translation>Reference: dump file %1</translation>
    </message>
    <message>
        <source>Reference: slot %1 (%2), the same part number, whose fingerprint the registry accepts</source>
        <translation>Reference: slot %1 (%2), the same part number, whose fingerprint the registry accepts</translation>
    </message>
    <message>
        <source>Cannot use this reference dump: %1</source>
        <translation>Cannot use this reference dump: %1</translation>
    </message>
    <message>
        <source>Open a reference SPD dump</source>
        <translation>Open a reference SPD dump</translation>
    </message>
    <message>
        <source>SPD dumps (*.bin *.spd *.txt *.hex);;All files (*)</source>
        <translation>SPD dumps (*.bin *.spd *.txt *.hex);;All files (*)</translation>
    </message>
    <message>
        <source>Module:</source>
        <translation>Module:</translation>
    </message>
    <message>
        <source>Open reference dump…</source>
        <translation>Open reference dump…</translation>
    </message>
    <message>
        <source>Compare the bytes with a dump of a known-good module of the same part</source>
        <translation>Compare the bytes with a dump of a known-good module of the same part</translation>
    </message>
    <message>
        <source>Automatic reference</source>
        <translation>Automatic reference</translation>
    </message>
    <message>
        <source>Compare with a module of this inspection whose fingerprint the registry accepts</source>
        <translation>Compare with a module of this inspection whose fingerprint the registry accepts</translation>
    </message>
    <message>
        <source>No inspection yet. Scan modules on the Intake screen, then pick a module here for a closer look.</source>
        <translation>No inspection yet. Scan modules on the Intake screen, then pick a module here for a closer look.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Hex view</source>
        <translation>Hex view</translation>
    </message>
    <message>
        <source>Hub, PMIC, RCD</source>
        <translation>Hub, PMIC, RCD</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Time (UTC)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Context</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) differ</source>
        <translation>
            <numerusform>%n byte differs</numerusform>
            <numerusform>%n bytes differ</numerusform>
        </translation>
    </message>
    <message>
        <source>The registry stores accepted fingerprints (hashes), not golden bytes: differing bytes are against this reference image.</source>
        <translation>The registry stores accepted fingerprints (hashes), not golden bytes: differing bytes are against this reference image.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>Slot</translation>
    </message>
    <message>
        <source>Read via</source>
        <translation>Read via</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>Read error</source>
        <translation>Read error</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>SPD decode</source>
        <translation>SPD decode</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>serial number</translation>
    </message>
    <message>
        <source>part number</source>
        <translation>part number</translation>
    </message>
    <message>
        <source>maker, location, date, revision</source>
        <translation>maker, location, date, revision</translation>
    </message>
    <message>
        <source>fingerprint-covered</source>
        <translation>fingerprint-covered</translation>
    </message>
    <message>
        <source>differs from the reference</source>
        <translation>differs from the reference</translation>
    </message>
    <message>
        <source>Declared in the SPD</source>
        <translation>Declared in the SPD</translation>
    </message>
    <message>
        <source>not fitted</source>
        <translation>not fitted</translation>
    </message>
    <message>
        <source>Vendor code</source>
        <translation>Vendor code</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>Device type</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Live registers</source>
        <translation>Live registers</translation>
    </message>
    <message>
        <source>DDR3 and DDR4 modules have no SPD hub or PMIC registers</source>
        <translation>DDR3 and DDR4 modules have no SPD hub or PMIC registers</translation>
    </message>
    <message>
        <source>Read live on the SPD bus</source>
        <translation>Read live on the SPD bus</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>does not answer</translation>
    </message>
    <message>
        <source>Differs from the SPD</source>
        <translation>Differs from the SPD</translation>
    </message>
    <message>
        <source>the SPD declares %1</source>
        <translation>the SPD declares %1</translation>
    </message>
    <message>
        <source>SPD hub state</source>
        <translation>SPD hub state</translation>
    </message>
    <message>
        <source>Capability (MR5)</source>
        <translation>Capability (MR5)</translation>
    </message>
    <message>
        <source>Mode (MR11)</source>
        <translation>Mode (MR11)</translation>
    </message>
    <message>
        <source>Status (MR48)</source>
        <translation>Status (MR48)</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>all 16 blocks protected</source>
        <translation>all 16 blocks protected</translation>
    </message>
    <message>
        <source>OFF: no block is protected</source>
        <translation>OFF: no block is protected</translation>
    </message>
    <message>
        <source>%1 of 16 blocks protected; open: %2</source>
        <translation>%1 of 16 blocks protected; open: %2</translation>
    </message>
    <message>
        <source>Write protection (MR12/MR13)</source>
        <translation>Write protection (MR12/MR13)</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Raw</translation>
    </message>
    <message>
        <source>RCD</source>
        <translation>RCD</translation>
    </message>
    <message>
        <source>declared: %1</source>
        <translation>declared: %1</translation>
    </message>
    <message>
        <source>none declared</source>
        <translation>none declared</translation>
    </message>
    <message>
        <source>not readable on the SPD sideband bus: the SPD declaration is shown</source>
        <translation>not readable on the SPD sideband bus: the SPD declaration is shown</translation>
    </message>
    <message>
        <source>Fingerprint against the registry part</source>
        <translation>Fingerprint against the registry part</translation>
    </message>
    <message>
        <source>This module:</source>
        <translation>This module:</translation>
    </message>
    <message>
        <source>This module has no fingerprint: the image is too short.</source>
        <translation>This module has no fingerprint: the image is too short.</translation>
    </message>
    <message>
        <source>No registry at %1: nothing to compare with.</source>
        <translation>No registry at %1: nothing to compare with.</translation>
    </message>
    <message>
        <source>The registry cannot be read: %1</source>
        <translation>The registry cannot be read: %1</translation>
    </message>
    <message>
        <source>The registry has no trusted part record for %1.</source>
        <translation>The registry has no trusted part record for %1.</translation>
    </message>
    <message>
        <source>Part record %1, signed by %2 (%3). Accepted fingerprints:</source>
        <translation>Part record %1, signed by %2 (%3). Accepted fingerprints:</translation>
    </message>
    <message>
        <source>this module</source>
        <translation>this module</translation>
    </message>
    <message>
        <source>The fingerprint matches an accepted fingerprint of the part.</source>
        <translation>The fingerprint matches an accepted fingerprint of the part.</translation>
    </message>
    <message>
        <source>The fingerprint matches none of the part&apos;s accepted fingerprints.</source>
        <translation>The fingerprint matches none of the part&apos;s accepted fingerprints.</translation>
    </message>
    <message>
        <source>Fingerprint-covered bytes against the reference</source>
        <translation>Fingerprint-covered bytes against the reference</translation>
    </message>
    <message>
        <source>No reference image, so no byte comparison. Open a reference dump of a known-good module of this part.</source>
        <translation>No reference image, so no byte comparison. Open a reference dump of a known-good module of this part.</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Range</translation>
    </message>
    <message>
        <source>Differing bytes</source>
        <translation>Differing bytes</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>Offsets</translation>
    </message>
    <message numerus="yes">
        <source>Outside the fingerprint (identity, manufacturer and end-user areas): %n byte(s) differ</source>
        <translation>
            <numerusform>Outside the fingerprint (identity, manufacturer and end-user areas): %n byte differs</numerusform>
            <numerusform>Outside the fingerprint (identity, manufacturer and end-user areas): %n bytes differ</numerusform>
        </translation>
    </message>
    <message>
        <source>This module has no identity (no manufacturing block), so it has no sighting history.</source>
        <translation>This module has no identity (no manufacturing block), so it has no sighting history.</translation>
    </message>
    <message>
        <source>The serial number is blank: sightings of blank serials are not linked.</source>
        <translation>The serial number is blank: sightings of blank serials are not linked.</translation>
    </message>
    <message>
        <source>Reading the sighting history of %1…</source>
        <translation>Reading the sighting history of %1…</translation>
    </message>
    <message>
        <source>No registry at %1: run &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</source>
        <translation>No registry at %1: run &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</translation>
    </message>
    <message numerus="yes">
        <source>Identity %1: %n sighting(s)</source>
        <translation>
            <numerusform>Identity %1: %n sighting</numerusform>
            <numerusform>Identity %1: %n sightings</numerusform>
        </translation>
    </message>
    <message>
        <source>Held now by: %1</source>
        <translation>Held now by: %1</translation>
    </message>
    <message>
        <source>Shipped %1 to %2 with no return since</source>
        <translation>Shipped %1 to %2 with no return since</translation>
    </message>
    <message numerus="yes">
        <source>%n stored sighting(s) fail their signature check and are not shown</source>
        <translation>
            <numerusform>%n stored sighting fails its signature check and is not shown</numerusform>
            <numerusform>%n stored sightings fail their signature check and are not shown</numerusform>
        </translation>
    </message>
    <message>
        <source>(same as this module)</source>
        <translation>(same as this module)</translation>
    </message>
    <message>
        <source>(different)</source>
        <translation>(different)</translation>
    </message>
    <message>
        <source>No sighting history.</source>
        <translation>No sighting history.</translation>
    </message>
    <message>
        <source>Reference: slot %1 (%2) from an earlier inspection of this lot, the same part number, whose fingerprint the registry accepts</source>
        <translation>Reference: slot %1 (%2) from an earlier inspection of this lot, the same part number, whose fingerprint the registry accepts</translation>
    </message>
    <message>
        <source>No reference image: no other module of this part in this inspection or lot has a fingerprint the registry accepts. Open a reference dump to see differing bytes.</source>
        <translation>No reference image: no other module of this part in this inspection or lot has a fingerprint the registry accepts. Open a reference dump to see differing bytes.</translation>
    </message>
    <message>
        <source>Custody and history</source>
        <translation>Custody and history</translation>
    </message>
    <message>
        <source>Set the module aside at this station (signed into the log)</source>
        <translation>Set the module aside at this station (signed into the log)</translation>
    </message>
    <message>
        <source>Clear its earlier verdicts: needs a QA key</source>
        <translation>Clear its earlier verdicts: needs a QA key</translation>
    </message>
    <message>
        <source>It goes back to the supplier</source>
        <translation>It goes back to the supplier</translation>
    </message>
    <message>
        <source>It is destroyed: final</source>
        <translation>It is destroyed: final</translation>
    </message>
    <message>
        <source>Custody: never seen before this inspection.</source>
        <translation>Custody: never seen before this inspection.</translation>
    </message>
    <message>
        <source>never seen</source>
        <translation>never seen</translation>
    </message>
    <message>
        <source>held at %1 since %2</source>
        <translation>held at %1 since %2</translation>
    </message>
    <message>
        <source>held at %1 in lot %2 since %3</source>
        <translation>held at %1 in lot %2 since %3</translation>
    </message>
    <message>
        <source>came back with a return</source>
        <translation>came back with a return</translation>
    </message>
    <message>
        <source>released by QA</source>
        <translation>released by QA</translation>
    </message>
    <message>
        <source>installed in server %1 at %2 since %3</source>
        <translation>installed in server %1 at %2 since %3</translation>
    </message>
    <message>
        <source>shipped by %1 to %2 on %3</source>
        <translation>shipped by %1 to %2 on %3</translation>
    </message>
    <message>
        <source>quarantined at %1 since %2</source>
        <translation>quarantined at %1 since %2</translation>
    </message>
    <message>
        <source>returned to the supplier %1 by %2 on %3</source>
        <translation>returned to the supplier %1 by %2 on %3</translation>
    </message>
    <message>
        <source>scrapped by %1 on %2</source>
        <translation>scrapped by %1 on %2</translation>
    </message>
    <message>
        <source>Custody:</source>
        <translation>Custody:</translation>
    </message>
    <message>
        <source>Unresolved verdict: %1 at %2 by %3. Only a QA release, a return to the supplier or scrap resolves it.</source>
        <translation>Unresolved verdict: %1 at %2 by %3. Only a QA release, a return to the supplier or scrap resolves it.</translation>
    </message>
    <message numerus="yes">
        <source>%n arrival(s) that cannot be this module (a clone or a re-entry): not counted as custody</source>
        <translation>
            <numerusform>%n arrival that cannot be this module (a clone or a re-entry): not counted as custody</numerusform>
            <numerusform>%n arrivals that cannot be this module (a clone or a re-entry): not counted as custody</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>Signed into the log: %1 by %2</source>
        <translation>Signed into the log: %1 by %2</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::HexView</name>
    <message>
        <source>serial number</source>
        <translation>serial number</translation>
    </message>
    <message>
        <source>part number</source>
        <translation>part number</translation>
    </message>
    <message>
        <source>identity field</source>
        <translation>identity field</translation>
    </message>
    <message>
        <source>fingerprint-covered</source>
        <translation>fingerprint-covered</translation>
    </message>
    <message>
        <source>differs from the reference</source>
        <translation>differs from the reference</translation>
    </message>
    <message>
        <source>byte 0x%1 = 0x%2</source>
        <translation>byte 0x%1 = 0x%2</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::HistoryPage</name>
    <message numerus="yes">
        <source>Exported %n sighting(s) to %1</source>
        <translation>
            <numerusform>Exported %n sighting to %1</numerusform>
            <numerusform>Exported %n sightings to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Export sightings as CSV</source>
        <translation>Export sightings as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Serial or identity:</source>
        <translation>&amp;Serial or identity:</translation>
    </message>
    <message>
        <source>e.g. 3bf2a0b1 or 802c-06-2418-3bf2a0b1</source>
        <translation>e.g. 3bf2a0b1 or 802c-06-2418-3bf2a0b1</translation>
    </message>
    <message>
        <source>&amp;Part number:</source>
        <translation>&amp;Part number:</translation>
    </message>
    <message>
        <source>any part</source>
        <translation>any part</translation>
    </message>
    <message>
        <source>&amp;Verdict:</source>
        <translation>&amp;Verdict:</translation>
    </message>
    <message>
        <source>any verdict</source>
        <translation>any verdict</translation>
    </message>
    <message>
        <source>&amp;Lot:</source>
        <translation>&amp;Lot:</translation>
    </message>
    <message>
        <source>any lot</source>
        <translation>any lot</translation>
    </message>
    <message>
        <source>&amp;Date from</source>
        <translation>&amp;Date from</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Export CSV…</translation>
    </message>
    <message>
        <source>Write the rows shown to a CSV file</source>
        <translation>Write the rows shown to a CSV file</translation>
    </message>
    <message>
        <source>Searching the registry…</source>
        <translation>Searching the registry…</translation>
    </message>
    <message>
        <source>No registry at %1: run &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</source>
        <translation>No registry at %1: run &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</translation>
    </message>
    <message>
        <source>The registry cannot be read: %1</source>
        <translation>The registry cannot be read: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sighting(s) found</source>
        <translation>
            <numerusform>%n sighting found</numerusform>
            <numerusform>%n sightings found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) fail their signature check: the database may have been edited</source>
        <translation>
            <numerusform>%n row fails its signature check: the database may have been edited</numerusform>
            <numerusform>%n rows fail their signature check: the database may have been edited</numerusform>
        </translation>
    </message>
    <message>
        <source>Press Search to list sightings from the registry.</source>
        <translation>Press Search to list sightings from the registry.</translation>
    </message>
    <message>
        <source>Show &amp;older sightings</source>
        <translation>Show &amp;older sightings</translation>
    </message>
    <message numerus="yes">
        <source>Fetch the next %n older sighting(s) matching the filter</source>
        <translation>
            <numerusform>Fetch the next %n older sighting matching the filter</numerusform>
            <numerusform>Fetch the next %n older sightings matching the filter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %n sighting(s) are shown; more match: press Show older sightings for the next page</source>
        <translation>
            <numerusform>The newest %n sighting is shown; more match: press Show older sightings for the next page</numerusform>
            <numerusform>The newest %n sightings are shown; more match: press Show older sightings for the next page</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::PageText</name>
    <message>
        <source>Genuine</source>
        <translation>Genuine</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>Suspect</translation>
    </message>
    <message>
        <source>Counterfeit</source>
        <translation>Counterfeit</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>intake</source>
        <translation>intake</translation>
    </message>
    <message>
        <source>bench</source>
        <translation>bench</translation>
    </message>
    <message>
        <source>burn-in</source>
        <translation>burn-in</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>ship</translation>
    </message>
    <message>
        <source>return</source>
        <translation>return</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>parts</source>
        <translation>parts</translation>
    </message>
    <message>
        <source>serials</source>
        <translation>serials</translation>
    </message>
    <message>
        <source>revocations</source>
        <translation>revocations</translation>
    </message>
    <message>
        <source>station</source>
        <translation>station</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>Algorithm</translation>
    </message>
    <message>
        <source>Asymmetric</source>
        <translation>Asymmetric</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>Bank groups</source>
        <translation>Bank groups</translation>
    </message>
    <message>
        <source>Banks per group</source>
        <translation>Banks per group</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Block</translation>
    </message>
    <message>
        <source>Capacity (bytes)</source>
        <translation>Capacity (bytes)</translation>
    </message>
    <message>
        <source>Capacity (GB)</source>
        <translation>Capacity (GB)</translation>
    </message>
    <message>
        <source>CAS latencies</source>
        <translation>CAS latencies</translation>
    </message>
    <message>
        <source>CL</source>
        <translation>CL</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Column bits</source>
        <translation>Column bits</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Components</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>Computed</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>CRC</source>
        <translation>CRC</translation>
    </message>
    <message>
        <source>CRC correct</source>
        <translation>CRC correct</translation>
    </message>
    <message>
        <source>Manufacturing date</source>
        <translation>Manufacturing date</translation>
    </message>
    <message>
        <source>Device width</source>
        <translation>Device width</translation>
    </message>
    <message>
        <source>Dies per package</source>
        <translation>Dies per package</translation>
    </message>
    <message>
        <source>Die density (Mbit)</source>
        <translation>Die density (Mbit)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>DRAM maker</source>
        <translation>DRAM maker</translation>
    </message>
    <message>
        <source>DRAM stepping</source>
        <translation>DRAM stepping</translation>
    </message>
    <message>
        <source>ECC</source>
        <translation>ECC</translation>
    </message>
    <message>
        <source>ECC bus width</source>
        <translation>ECC bus width</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>First byte</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>Geometry</translation>
    </message>
    <message>
        <source>HPE SmartMemory block</source>
        <translation>HPE SmartMemory block</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>Hybrid</translation>
    </message>
    <message>
        <source>Image size (bytes)</source>
        <translation>Image size (bytes)</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Last byte</source>
        <translation>Last byte</translation>
    </message>
    <message>
        <source>Manufacturing location</source>
        <translation>Manufacturing location</translation>
    </message>
    <message>
        <source>Logical ranks</source>
        <translation>Logical ranks</translation>
    </message>
    <message>
        <source>Manufacturing (identity)</source>
        <translation>Manufacturing (identity)</translation>
    </message>
    <message>
        <source>Memory type</source>
        <translation>Memory type</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Module maker</source>
        <translation>Module maker</translation>
    </message>
    <message>
        <source>Decoder notes</source>
        <translation>Decoder notes</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>Package ranks</source>
        <translation>Package ranks</translation>
    </message>
    <message>
        <source>Parity correct</source>
        <translation>Parity correct</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>Part number printable</source>
        <translation>Part number printable</translation>
    </message>
    <message>
        <source>Part number (raw bytes)</source>
        <translation>Part number (raw bytes)</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Primary bus width</source>
        <translation>Primary bus width</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profiles</translation>
    </message>
    <message>
        <source>Programmed</source>
        <translation>Programmed</translation>
    </message>
    <message>
        <source>Byte ranges</source>
        <translation>Byte ranges</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Raw</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Row bits</source>
        <translation>Row bits</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <source>Serial blank</source>
        <translation>Serial blank</translation>
    </message>
    <message>
        <source>SPD bytes total</source>
        <translation>SPD bytes total</translation>
    </message>
    <message>
        <source>SPD bytes used</source>
        <translation>SPD bytes used</translation>
    </message>
    <message>
        <source>SPD revision</source>
        <translation>SPD revision</translation>
    </message>
    <message>
        <source>Speed grade (MT/s)</source>
        <translation>Speed grade (MT/s)</translation>
    </message>
    <message>
        <source>Speed (MT/s)</source>
        <translation>Speed (MT/s)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Stored</translation>
    </message>
    <message>
        <source>Stored at</source>
        <translation>Stored at</translation>
    </message>
    <message>
        <source>Sub-channels</source>
        <translation>Sub-channels</translation>
    </message>
    <message>
        <source>tAA (ps)</source>
        <translation>tAA (ps)</translation>
    </message>
    <message>
        <source>tCKmax (ps)</source>
        <translation>tCKmax (ps)</translation>
    </message>
    <message>
        <source>tCKmin (ps)</source>
        <translation>tCKmin (ps)</translation>
    </message>
    <message>
        <source>tCK (ps)</source>
        <translation>tCK (ps)</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Thermal sensor</source>
        <translation>Thermal sensor</translation>
    </message>
    <message>
        <source>3DS stack</source>
        <translation>3DS stack</translation>
    </message>
    <message>
        <source>Timings</source>
        <translation>Timings</translation>
    </message>
    <message>
        <source>tRAS (ps)</source>
        <translation>tRAS (ps)</translation>
    </message>
    <message>
        <source>tRC (ps)</source>
        <translation>tRC (ps)</translation>
    </message>
    <message>
        <source>tRCD (clocks)</source>
        <translation>tRCD (clocks)</translation>
    </message>
    <message>
        <source>tRCD (ps)</source>
        <translation>tRCD (ps)</translation>
    </message>
    <message>
        <source>tRP (clocks)</source>
        <translation>tRP (clocks)</translation>
    </message>
    <message>
        <source>tRP (ps)</source>
        <translation>tRP (ps)</translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>Truncated</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Type byte</source>
        <translation>Type byte</translation>
    </message>
    <message>
        <source>Type code</source>
        <translation>Type code</translation>
    </message>
    <message>
        <source>Type name</source>
        <translation>Type name</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>Vendor</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator of a list of words</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>move</source>
        <translation>move</translation>
    </message>
    <message>
        <source>quarantine</source>
        <translation>quarantine</translation>
    </message>
    <message>
        <source>release</source>
        <translation>release</translation>
    </message>
    <message>
        <source>return to supplier</source>
        <translation>return to supplier</translation>
    </message>
    <message>
        <source>scrap</source>
        <translation>scrap</translation>
    </message>
    <message>
        <source>QA releases</source>
        <translation>QA releases</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::RegistryPage</name>
    <message>
        <source>Import a signed bundle</source>
        <translation>Import a signed bundle</translation>
    </message>
    <message>
        <source>dimmguard bundles (*.bundle);;All files (*)</source>
        <translation>dimmguard bundles (*.bundle);;All files (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importing %1…</translation>
    </message>
    <message>
        <source>%1 was imported before: nothing changed.</source>
        <translation>%1 was imported before: nothing changed.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n sighting(s) of station %1 from %2.</source>
        <translation>
            <numerusform>Imported %n sighting of station %1 from %2.</numerusform>
            <numerusform>Imported %n sightings of station %1 from %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %1: %n record(s), role %2, version %3, publisher %4.</source>
        <translation>
            <numerusform>Imported %1: %n record, role %2, version %3, publisher %4.</numerusform>
            <numerusform>Imported %1: %n records, role %2, version %3, publisher %4.</numerusform>
        </translation>
    </message>
    <message>
        <source>The signature does not verify: the file was changed after it was signed.</source>
        <translation>The signature does not verify: the file was changed after it was signed.</translation>
    </message>
    <message>
        <source>The publisher is not trusted for this (unknown key, wrong role, expired, or an older version).</source>
        <translation>The publisher is not trusted for this (unknown key, wrong role, expired, or an older version).</translation>
    </message>
    <message>
        <source>This is not a valid dimmguard bundle (wrong format, damaged or truncated).</source>
        <translation>This is not a valid dimmguard bundle (wrong format, damaged or truncated).</translation>
    </message>
    <message>
        <source>The file or the registry cannot be read.</source>
        <translation>The file or the registry cannot be read.</translation>
    </message>
    <message>
        <source>The registry refused the bundle.</source>
        <translation>The registry refused the bundle.</translation>
    </message>
    <message>
        <source>Refused %1: %2</source>
        <translation>Refused %1: %2</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Trust: roots and publishers</source>
        <translation>Trust: roots and publishers</translation>
    </message>
    <message>
        <source>Publisher key</source>
        <translation>Publisher key</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation>Expires (UTC)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Imported bundles</source>
        <translation>Imported bundles</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>&amp;Import bundle…</source>
        <translation>&amp;Import bundle…</translation>
    </message>
    <message>
        <source>Import a signed parts, serials, revocations or station bundle</source>
        <translation>Import a signed parts, serials, revocations or station bundle</translation>
    </message>
    <message>
        <source>Station inspection log</source>
        <translation>Station inspection log</translation>
    </message>
    <message>
        <source>&amp;Verify log</source>
        <translation>&amp;Verify log</translation>
    </message>
    <message>
        <source>Reading the registry…</source>
        <translation>Reading the registry…</translation>
    </message>
    <message>
        <source>No registry at %1. Create one with &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</source>
        <translation>No registry at %1. Create one with &apos;dimmguard registry init&apos; and import bundles, or choose the database in Settings.</translation>
    </message>
    <message>
        <source>The registry at %1 cannot be read: %2</source>
        <translation>The registry at %1 cannot be read: %2</translation>
    </message>
    <message>
        <source>no trust root is pinned: run &apos;dimmguard registry init&apos;</source>
        <translation>no trust root is pinned: run &apos;dimmguard registry init&apos;</translation>
    </message>
    <message>
        <source>no trust document was accepted: run &apos;dimmguard registry trust&apos;</source>
        <translation>no trust document was accepted: run &apos;dimmguard registry trust&apos;</translation>
    </message>
    <message>
        <source>trust problem: %1</source>
        <translation>trust problem: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n imported bundle(s) expired</source>
        <translation>
            <numerusform>%n imported bundle expired</numerusform>
            <numerusform>%n imported bundles expired</numerusform>
        </translation>
    </message>
    <message>
        <source>Registry at %1: trusted and up to date.</source>
        <translation>Registry at %1: trusted and up to date.</translation>
    </message>
    <message>
        <source>Registry at %1: %2</source>
        <translation>Registry at %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Pinned root keys (%n):</source>
        <translation>
            <numerusform>Pinned root key (%n):</numerusform>
            <numerusform>Pinned root keys (%n):</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Root signatures required: %1</source>
        <translation>Root signatures required: %1</translation>
    </message>
    <message>
        <source>Trust document version %1, created %2, expires %3</source>
        <translation>Trust document version %1, created %2, expires %3</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>expires soon</source>
        <translation>expires soon</translation>
    </message>
    <message>
        <source>trusted</source>
        <translation>trusted</translation>
    </message>
    <message>
        <source>untrusted: %1</source>
        <translation>untrusted: %1</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>Parts: %1 · issued serials: %2 · revocations: %3</source>
        <translation>Parts: %1 · issued serials: %2 · revocations: %3</translation>
    </message>
    <message>
        <source>Verifying the inspection log…</source>
        <translation>Verifying the inspection log…</translation>
    </message>
    <message>
        <source>Not verified yet. Press Verify log.</source>
        <translation>Not verified yet. Press Verify log.</translation>
    </message>
    <message>
        <source>No registry, so no inspection log.</source>
        <translation>No registry, so no inspection log.</translation>
    </message>
    <message>
        <source>The inspection log cannot be read: %1</source>
        <translation>The inspection log cannot be read: %1</translation>
    </message>
    <message numerus="yes">
        <source>Station %1: %n entry(ies), signed head counts %2</source>
        <translation>
            <numerusform>Station %1: %n entry, signed head counts %2</numerusform>
            <numerusform>Station %1: %n entries, signed head counts %2</numerusform>
        </translation>
    </message>
    <message>
        <source>OK: every entry verifies and the chain is complete.</source>
        <translation>OK: every entry verifies and the chain is complete.</translation>
    </message>
    <message numerus="yes">
        <source>The inspection log has been tampered with (%n problem(s)):</source>
        <translation>
            <numerusform>The inspection log has been tampered with (%n problem):</numerusform>
            <numerusform>The inspection log has been tampered with (%n problems):</numerusform>
        </translation>
    </message>
    <message>
        <source>(this station)</source>
        <translation>(this station)</translation>
    </message>
</context>
<context>
    <name>dimmguard::gui::SightingTableModel</name>
    <message>
        <source>this station</source>
        <translation>this station</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>imported</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verified</translation>
    </message>
    <message>
        <source>NOT VERIFIED</source>
        <translation>NOT VERIFIED</translation>
    </message>
    <message>
        <source>fingerprint %1</source>
        <translation>fingerprint %1</translation>
    </message>
    <message>
        <source>station %1</source>
        <translation>station %1</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Time (UTC)</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>Identity (maker-location-date-serial)</source>
        <translation>Identity (maker-location-date-serial)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
</context>
</TS>
