-- 0006_workflow.sql — placeholder, filled in by its change.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;
