from auditor.cli import entry

entry()
