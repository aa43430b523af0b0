-- 0010_placeholder.sql — stands in for migration 0010 (staff logins in the database), written on another branch of
-- issue 18, so that this branch's 0013_final_states.sql migrates on its own (the migrator wants 1, 2, 3 …
-- without gaps). It changes nothing. Delete this file when the real 0010 is merged.
SET LOCAL ROLE countersign_owner;
