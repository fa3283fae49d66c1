DROP TABLE new_information;
