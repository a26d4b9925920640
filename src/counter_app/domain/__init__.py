"""Pure domain: no database, no Qt, no network. Everything here is testable with plain values."""
