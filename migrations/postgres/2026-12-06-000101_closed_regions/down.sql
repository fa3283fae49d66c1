-- The free-text regions replaced by codes (or by NULL) cannot be restored.
SELECT 1;
