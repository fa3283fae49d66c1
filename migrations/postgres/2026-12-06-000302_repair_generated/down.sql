-- The repair cannot be undone (the old values were not valid).
SELECT 1;
