/**
 * The vulnerability half of image scanning, as the image scanner and the CLI call it:
 *
 *   const vdb = openVulnDb(path);                       // SQLite, schema migrated on open
 *   await importOsv(vdb.advisories, 'Debian.zip', { now });   // or updateDb(vdb, { now, source })
 *   const matches = matchPackages(vdb, packages);       // InstalledPackage[] → VulnerabilityMatch[]
 *   const findings = findingsOf(matches, { reference, digest });
 *   const warnings = freshnessWarnings(vdb, packages, now);
 *   storeImageInventory(vdb, { digest, reference, os }, packages, now);   // baseline for rescans
 *   rescanImages(vdb, now) / rescanChanged(vdb, summary.changedPackages, now);
 */
export { cvss2BaseScore, cvss3BaseScore, cvssBaseScore, severityOfScore, type CvssScore } from './cvss.js';
export { cvss4BaseScore } from './cvss4.js';
export { findingsOf, imageResource, VULNERABLE_PACKAGE } from './findings.js';
export { importOsv, type ImportOptions, type ImportSummary } from './import.js';
export { advisoryKey, entryAffects, inRange, matchPackage, type AffectedEntry, type VulnerabilityMatch } from './match.js';
export { otherNames, parseOsvJson, parseOsvRecord, type OsvAffected, type OsvRange, type OsvRecord } from './osv.js';
export { rescanChanged, rescanImages, storeImageInventory, type ImageRescan } from './rescan.js';
export { DEFAULT_ECOSYSTEMS, DEFAULT_SOURCE, exportUrl, updateDb, type FeedUpdate, type UpdateOptions } from './update.js';
export {
  DEFAULT_MAX_AGE_MS,
  ecosystemStatus,
  formatAge,
  freshnessWarnings,
  matchPackages,
  openVulnDb,
  type EcosystemStatus,
  type VulnDb,
} from './vuln-db.js';
export { defaultDbPath } from '../../store/database.js';
