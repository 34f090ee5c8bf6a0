-- TEMP placeholder for migration 011 (in flight on another branch); the integrator drops this file.
SELECT 1;
