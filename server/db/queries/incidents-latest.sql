-- The start of the latest incident: the default period ends on its day.
SELECT max(time_from) AS latest FROM incident
