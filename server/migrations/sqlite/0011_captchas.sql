-- Image CAPTCHAs the server draws for code requests beyond session.captcha_after an hour:
-- single use, expiring after a few minutes, the answer stored only hashed.
CREATE TABLE auth_captchas (
  id             TEXT PRIMARY KEY,
  answer_hash    TEXT NOT NULL,
  client_address TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER
);
CREATE INDEX auth_captchas_client ON auth_captchas (client_address, created_at);
CREATE INDEX auth_captchas_expiry ON auth_captchas (expires_at);
