-- Image CAPTCHAs the server draws for code requests beyond session.captcha_after an hour:
-- single use, expiring after a few minutes, the answer stored only hashed.
CREATE TABLE auth_captchas (
  id             TEXT PRIMARY KEY,
  answer_hash    TEXT NOT NULL,
  client_address TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  expires_at     BIGINT NOT NULL,
  used_at        BIGINT
);
CREATE INDEX auth_captchas_client ON auth_captchas (client_address, created_at);
CREATE INDEX auth_captchas_expiry ON auth_captchas (expires_at);
