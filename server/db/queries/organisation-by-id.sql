-- One organisation ($1 id) with its number of accounts.
SELECT o.id, o.name, o.kind, o.members FROM {{organisation-members}} o WHERE o.id = $1
