"""The append-only audit log (安全审计): who, when, what, before and after."""
