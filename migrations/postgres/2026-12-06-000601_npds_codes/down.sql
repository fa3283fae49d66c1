DROP TABLE npds_codes;
