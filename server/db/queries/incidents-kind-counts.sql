SELECT kind, count(*)::int AS n FROM incident GROUP BY kind ORDER BY kind
