-- What each coded reaction means, as a reviewer confirmed it: its own
-- seriousness criteria (comma-separated outcome codes), outcome, start and
-- end month. NULL outcome = not confirmed yet: exports use the reporter's
-- case-level answers for it.
ALTER TABLE coded_reactions ADD COLUMN seriousness TEXT;
ALTER TABLE coded_reactions ADD COLUMN outcome TEXT;
ALTER TABLE coded_reactions ADD COLUMN started TEXT;
ALTER TABLE coded_reactions ADD COLUMN ended TEXT;
