DROP TABLE poison_center_settings;
