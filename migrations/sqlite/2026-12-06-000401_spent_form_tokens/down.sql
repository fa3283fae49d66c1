DROP TABLE spent_form_tokens;
