-- MedDRA releases the operator imported (Canary ships none): several
-- versions side by side, exactly one active for new coding. Each LLT is
-- stored with its PT and primary SOC, which is what coding, E2B and counts
-- by PT/SOC read. Coded reactions keep the version they were coded in.
CREATE TABLE meddra_releases (
    version TEXT PRIMARY KEY NOT NULL,
    active BOOLEAN NOT NULL,
    llt_count INTEGER NOT NULL,
    pt_count INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE TABLE meddra_llts (
    version TEXT NOT NULL REFERENCES meddra_releases (version),
    llt_code TEXT NOT NULL,
    llt_name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    pt_code TEXT NOT NULL,
    pt_name TEXT NOT NULL,
    soc_code TEXT NOT NULL,
    soc_name TEXT NOT NULL,
    is_current BOOLEAN NOT NULL,
    PRIMARY KEY (version, llt_code)
);
ALTER TABLE coded_reactions ADD COLUMN meddra_version TEXT;
