-- 020 review queue indexes (PostgreSQL, issue 9): the home page of every administrator and
-- supervisor counts the services and assignments waiting for review (SVC_REVIEW_COUNT). Without
-- these the count walked every service of the organization (0.4 ms of a 0.7 ms page at demo
-- --scale 10, growing with the organization's history); with them it reads only what waits.
-- The WHERE clauses are the queue's own, word for word, so both planners use them.
CREATE INDEX services_to_review ON services (org_id, peer_id)
    WHERE status = 'final' AND reviewed_at IS NULL
      AND (boundary_reason IS NOT NULL OR override_reason IS NOT NULL);
CREATE INDEX caseload_to_review ON caseload (org_id, peer_id)
    WHERE override_reason IS NOT NULL AND reviewed_at IS NULL;
