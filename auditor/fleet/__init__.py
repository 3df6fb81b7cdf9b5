"""FLEET: one audit of many databases (or many tenant schemas of one database), one report.

The expected sources (spec and/or migrations) are read once; every member is fingerprinted on its
server by one set-based catalog query (``fingerprint.sql``); members are grouped by shape (server
major, fingerprint) and the full pipeline (:func:`auditor.audit.run_audit`) runs once per distinct
shape, its findings given to every member of that shape. A member that cannot be reached or read is
*unread*: the fleet is then never clean. Results are streamed to disk, one JSON line per member, so
that memory does not grow with the fleet; ``--shard I/N`` runs a slice and ``merge`` combines the
slices into the same report one run writes.

  inventory.py    members: a YAML inventory, a control-database query, or tenant schemas
  fingerprint.py  the shape of each member (fingerprint.sql), one query per database
  rename.py       a tenant schema's catalog under the expected schema's name
  run.py          expected sources once, fingerprints, one audit per shape, members streamed out
  executors.py    where the work runs: threads here (bounded), or a dask.distributed cluster
  results.py      the partial (JSON lines) format, shards, merge, the fleet verdict
  report.py       fleet.json, fleet.html, fleet.junit.xml, fleet.sarif
"""
