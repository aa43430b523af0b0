SET LOCAL ROLE countersign_owner;
