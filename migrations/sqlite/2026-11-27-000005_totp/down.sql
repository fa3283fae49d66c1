DROP TABLE role_policies;
DROP TABLE user_totp;
