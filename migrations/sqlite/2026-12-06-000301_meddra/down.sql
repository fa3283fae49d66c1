ALTER TABLE coded_reactions DROP COLUMN meddra_version;
DROP TABLE meddra_llts;
DROP TABLE meddra_releases;
