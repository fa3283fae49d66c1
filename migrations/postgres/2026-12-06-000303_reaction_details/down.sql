ALTER TABLE coded_reactions DROP COLUMN ended;
ALTER TABLE coded_reactions DROP COLUMN started;
ALTER TABLE coded_reactions DROP COLUMN outcome;
ALTER TABLE coded_reactions DROP COLUMN seriousness;
