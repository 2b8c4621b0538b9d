-- Who issued a warning, so that only they (or a jurisdiction covering all its regions) may
-- lift it and so that a CAP reference from the same sender applies only to their own
-- warnings: the issuing organisation of a person, and an issuer key ("org:12", "token:3",
-- "feed:URL", "system"). Warnings stored before this are lifted by jurisdiction alone.
ALTER TABLE alerts ADD COLUMN issuer_org_id INTEGER REFERENCES organisations (id);
ALTER TABLE alerts ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
