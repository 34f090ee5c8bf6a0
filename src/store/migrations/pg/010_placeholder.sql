-- 010 placeholder (TEMP, dropped by the integrator): another branch creates the real 010; this
-- empty step only lets this branch's 011 run, since the migration runner refuses gaps.
SELECT 1;
