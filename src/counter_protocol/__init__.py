"""What the counter and HQ share: the wire protocol and its payload schemas, the hashing rules,
time columns and durable file writes. It imports neither ``counter_app`` nor ``counter_hq``;
both import it (docs/ARCHITECTURE.md)."""

# The release both programs are built from (the protocol has its own PROTOCOL_VERSION).
__version__ = "0.1.0"
