"""Process exit codes: the contract a CI gate relies on. Documented in the README and ``--help``."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # nothing at the gate (--fail-on), everything read (or the gaps accepted)
    FINDINGS = 1  # findings at the gate
    USAGE = 2  # bad flags, invalid spec or config, a migration that does not apply
    DATABASE = 3  # a database could not be reached or read
    INTERRUPTED = 130  # SIGINT (Ctrl-C): stopped; temporary files removed, no report half-written
    TERMINATED = 143  # SIGTERM (129: SIGHUP): stopped the same way
    INCOMPLETE = 3  # something could not be read (a gap, skipped migration files): never a pass


EXIT_CODES_HELP = """exit codes:
  0  nothing at the gate (--fail-on, default drift,error: every non-cosmetic drift and every error)
     and everything read (or the gaps accepted with --accept-incomplete): CLEAN or PASS
  1  findings at the gate: FAIL
  2  usage or input error: bad flags, an unknown --fail-on selector, invalid spec/config
     (file:line:column), a schema filter that matches no schema, a migration that fails
  3  a database could not be reached or read, or a source was not read in full: INCOMPLETE"""
