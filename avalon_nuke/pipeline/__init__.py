"""Host-independent pipeline logic: containers, loading, version policy, publishing."""
